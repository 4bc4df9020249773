//! What is done to a tab from anywhere (its button, a shortcut, a dialog): bring it to the
//! front, move it in the strip, show it beside the others (split view), close it.

use chatdeck_ipc::command::{ActivateTab, CloseTab, MoveTab};
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::split::{self, SetSplit};
use leptos::prelude::{GetUntracked, Set, Update};
use reactive_stores::Store;

use crate::context::call;
use crate::store::{Chat, ChatStoreFields, bring_to_front, close_tab, panes};

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

/// Shows a tab beside the room(s) shown now (a split view starts from the tab in front),
/// and remembers it. Nothing happens when it is shown already or the panes are full.
pub fn show_beside(store: Store<Chat>, tab_id: TabId) {
    let active = store.active().get_untracked();
    let shown = untracked_panes(store);
    if let Some(tabs) = split::add_beside(&shown, active.as_ref(), &tab_id) {
        set_split(store, tabs);
    }
}

/// Takes a tab's pane out of the split view (the tab stays open), and remembers it.
pub fn leave_split(store: Store<Chat>, tab_id: &TabId) {
    let mut tabs = untracked_panes(store);
    let active = store.active().get_untracked();
    let (changed, front) = split::take_out(&mut tabs, tab_id, active.clone());
    if changed {
        set_split(store, tabs);
        if let Some(front) = front.filter(|front| Some(front) != active.as_ref()) {
            activate(store, front);
        }
    }
}

/// Moves to the pane left (`-1`) or right (`1`) of the one in front; returns the tab there.
pub fn neighbour_pane(store: Store<Chat>, step: isize) -> Option<TabId> {
    let shown = untracked_panes(store);
    if shown.len() < 2 {
        return None;
    }
    let active = store.active().get_untracked();
    let at = shown.iter().position(|id| Some(id) == active.as_ref())?;
    let to = at.checked_add_signed(step).filter(|to| *to < shown.len())?;
    let tab_id = shown[to].clone();
    activate(store, tab_id.clone());
    Some(tab_id)
}

/// The panes shown now, read without tracking (a split of tabs still being restored counts
/// only its open ones).
fn untracked_panes(store: Store<Chat>) -> Vec<TabId> {
    leptos::prelude::untrack(|| panes(store))
}

fn set_split(store: Store<Chat>, tabs: Vec<TabId>) {
    store.split().set(tabs.clone());
    call(SetSplit { tabs }, |()| {});
}
