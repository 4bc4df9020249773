//! Invite links from the desktop: the deep-link plugin hands over every `chatdeck://` URL the
//! app is opened with (at start, as an argument; later, by the OS or a second launch), and
//! each goes to the app's `open_invite`, which asks the user in the UI before joining.

use std::sync::{Arc, Weak};

use chatdeck_ipc::invite::{OpenInvite, SCHEME};
use tauri_plugin_deep_link::DeepLinkExt;

use crate::app::App;

/// Hands every link the app was or will be opened with to `chat`.
pub fn follow(app: &tauri::App, chat: &Arc<App>) {
    let later = Arc::downgrade(chat);
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            hand_over(&later, url.to_string());
        }
    });
    match app.deep_link().get_current() {
        Ok(Some(urls)) => {
            let now = Arc::downgrade(chat);
            for url in urls {
                hand_over(&now, url.to_string());
            }
        }
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "the links the app was opened with could not be read"),
    }
}

/// Hands the invite links among a second launch's arguments to `chat` (a desktop opening a
/// `chatdeck://` link while Chatdeck runs starts it again with the link, and that launch
/// hands its arguments over to this one instead of starting).
pub fn from_arguments(chat: &Arc<App>, arguments: &[String]) {
    let scheme = format!("{SCHEME}:");
    for argument in arguments {
        let is_link = argument
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(&scheme));
        if is_link {
            hand_over(&Arc::downgrade(chat), argument.clone());
        }
    }
}

fn hand_over(chat: &Weak<App>, link: String) {
    let Some(chat) = chat.upgrade() else {
        return;
    };
    tauri::async_runtime::spawn(async move {
        if let Err(error) = chat.invites().open_invite(OpenInvite { link }).await {
            tracing::warn!(%error, "an invite link could not be shown");
        }
    });
}
