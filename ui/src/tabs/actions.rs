//! What is done to a tab from anywhere (its button, a shortcut, a dialog): bring it to the
//! front, close it.

use chatdeck_ipc::command::{ActivateTab, CloseTab};
use chatdeck_ipc::model::TabId;
use reactive_stores::Store;

use crate::context::call;
use crate::store::{Chat, bring_to_front, close_tab};

/// Brings a tab to the front (and remembers it for the next start).
pub fn activate(store: Store<Chat>, tab_id: TabId) {
    if !bring_to_front(store, &tab_id) {
        return;
    }
    call(ActivateTab { tab_id }, |()| {});
}

/// Closes a tab.
pub fn close(store: Store<Chat>, tab_id: TabId) {
    close_tab(store, &tab_id);
    call(CloseTab { tab_id }, |()| {});
}
