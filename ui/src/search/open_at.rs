//! Opening a room at a line (a search hit, a reply's original): the tab (opened if needed), the window of lines around the line
//! from the history store, the line brought into view and highlighted.

use chatdeck_ipc::command::OpenTab;
use chatdeck_ipc::model::{LineKey, Tab, TabId};
use chatdeck_ipc::search::{LinesAround, SearchHit};
use leptos::prelude::*;
use reactive_stores::Store;

use crate::context::{call, call_with};
use crate::store::{Chat, ChatStoreFields, OpenedBy, show_window, tab_opened};
use crate::tabs::activate;

/// Lines loaded on each side of the line opened.
pub const CONTEXT: u32 = 60;
/// The profile of rooms whose profile the history does not know.
const LOCAL_PROFILE: &str = "local";

/// Opens the room of `hit` at its line.
pub fn open_at(store: Store<Chat>, hit: SearchHit) {
    let open_tab = store.tabs().with_untracked(|tabs| {
        tabs.iter()
            .find(|tab| tab.room_arn == hit.room_arn)
            .map(|tab| tab.id.clone())
    });
    match open_tab {
        Some(tab_id) => show_line(store, tab_id, hit.line.position, hit.line.key),
        None => {
            let request = OpenTab {
                profile_id: hit
                    .profile_id
                    .clone()
                    .unwrap_or_else(|| LOCAL_PROFILE.into()),
                room_arn: hit.room_arn.clone(),
            };
            call(request, move |tab: Tab| {
                let tab_id = tab_opened(store, tab, OpenedBy::Answer);
                show_line(store, tab_id, hit.line.position, hit.line.key);
            });
        }
    }
}

/// Shows the tab with the window of lines around `position` from the history store, the line
/// `key` there brought into view and highlighted: where a search hit or a reply's quote leads.
pub fn show_line(store: Store<Chat>, tab_id: TabId, position: i64, key: LineKey) {
    activate(store, tab_id.clone());
    let request = LinesAround {
        tab_id: tab_id.clone(),
        position: Some(position),
        older: CONTEXT,
        newer: CONTEXT,
    };
    call_with(request, move |result| match result {
        Ok(output) => show_window(store, &tab_id, output, Some(key)),
        Err(error) => store.error().set(Some(crate::i18n::say(&error.words))),
    });
}
