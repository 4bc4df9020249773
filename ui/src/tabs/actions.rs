//! What is done to a tab from anywhere (its button, a shortcut, a dialog): bring it to the
//! front, move it in the strip, close it.

use chatdeck_ipc::command::{ActivateTab, CloseTab, MoveTab};
use chatdeck_ipc::model::TabId;
use leptos::prelude::Update;
use reactive_stores::Store;

use crate::context::call;
use crate::store::{Chat, ChatStoreFields, bring_to_front, close_tab};

/// Brings a tab to the front (and remembers it for the next start).
pub fn activate(store: Store<Chat>, tab_id: TabId) {
    if !bring_to_front(store, &tab_id) {
        return;
    }
    call(ActivateTab { tab_id }, |()| {});
}

/// Moves a tab to `index` in the strip (and remembers the order for the next start).
pub fn move_to(store: Store<Chat>, tab_id: TabId, index: usize) {
    let moved = store.tabs().try_update(|tabs| {
        let from = tabs.iter().position(|tab| tab.id == tab_id)?;
        let tab = tabs.remove(from);
        let to = index.min(tabs.len());
        tabs.insert(to, tab);
        (from != to).then_some(to)
    });
    if let Some(Some(to)) = moved {
        let index = u32::try_from(to).unwrap_or(u32::MAX);
        call(MoveTab { tab_id, index }, |()| {});
    }
}

/// Closes a tab.
pub fn close(store: Store<Chat>, tab_id: TabId) {
    close_tab(store, &tab_id);
    call(CloseTab { tab_id }, |()| {});
}
