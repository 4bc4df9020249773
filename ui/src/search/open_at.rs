//! Opening a room at a line: the tab (opened if needed), the window of lines around the line
//! from the history store, the line brought into view and highlighted.

use chatdeck_ipc::command::OpenTab;
use chatdeck_ipc::model::{LineKey, Tab, TabId};
use chatdeck_ipc::search::{LinesAround, LinesAroundOutput, SearchHit};
use leptos::prelude::*;
use reactive_stores::Store;

use crate::context::{call, call_with};
use crate::store::{
    Chat, ChatStoreFields, TabState, TabStateStoreFields, Window, has_tab, rejoin_live,
};
use crate::tabs::activate;

/// Lines loaded on each side of the line opened.
pub const CONTEXT: u32 = 60;
/// The profile of rooms whose profile the history does not know.
const LOCAL_PROFILE: &str = "local";

/// Replaces a tab's window with `output`, highlighting `focus`.
pub fn show_window(
    store: Store<Chat>,
    tab_id: &TabId,
    output: LinesAroundOutput,
    focus: Option<LineKey>,
) {
    if !has_tab(store, tab_id) {
        return;
    }
    let tab = || store.tabs().at_key(tab_id.clone());
    tab().has_older().set(output.has_older);
    tab().following().set(focus.is_none() && !output.has_newer);
    tab().lines().set(output.lines);
    if output.has_newer {
        tab().window().set(Window::Detached);
    } else {
        rejoin_live(store, tab_id);
    }
    tab().focus().set(focus);
}

/// Opens the room of `hit` at its line.
pub fn open_at(store: Store<Chat>, hit: SearchHit) {
    let open_tab = store.tabs().with_untracked(|tabs| {
        tabs.iter()
            .find(|tab| tab.room_arn == hit.room_arn)
            .map(|tab| tab.id.clone())
    });
    match open_tab {
        Some(tab_id) => load_around(store, tab_id, hit),
        None => {
            let request = OpenTab {
                profile_id: hit
                    .profile_id
                    .clone()
                    .unwrap_or_else(|| LOCAL_PROFILE.into()),
                room_arn: hit.room_arn.clone(),
            };
            call(request, move |tab: Tab| {
                let tab_id = tab.id.clone();
                if !has_tab(store, &tab_id) {
                    store.tabs().write().push(TabState::from_tab(tab));
                }
                load_around(store, tab_id, hit);
            });
        }
    }
}

fn load_around(store: Store<Chat>, tab_id: TabId, hit: SearchHit) {
    activate(store, tab_id.clone());
    let request = LinesAround {
        tab_id: tab_id.clone(),
        position: Some(hit.line.position),
        older: CONTEXT,
        newer: CONTEXT,
    };
    call_with(request, move |result| match result {
        Ok(output) => show_window(store, &tab_id, output, Some(hit.line.key)),
        Err(error) => store.error().set(Some(error.message)),
    });
}
