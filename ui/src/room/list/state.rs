//! What the list's pieces share: the tab, the list element, where the rendered slice starts,
//! the new-messages marker and whether a page is loading.

use chatdeck_ipc::model::{Line, LineKey, TabId};
use leptos::html;
use leptos::prelude::*;
use reactive_stores::{Field, Store};

use super::slice::first_rendered;
use crate::room::ui::RoomUi;
use crate::store::{Chat, TabState, TabStateStoreFields};

/// The list's state; `Copy`, so every piece takes its own.
#[derive(Debug, Clone, Copy)]
pub struct ListState {
    /// The app's store.
    pub store: Store<Chat>,
    /// The tab's id, for the commands that page lines in.
    pub tab_id: StoredValue<TabId>,
    /// The tab's field in the store.
    pub tab: Field<TabState>,
    /// The scrolling element.
    pub element: NodeRef<html::Div>,
    /// The first rendered line while reading back; `None` follows the newest line.
    pub anchor: RwSignal<Option<LineKey>>,
    /// While following, the first line of the slice last rendered (see
    /// `slice::first_rendered`); `None` while reading back.
    pub live_start: StoredValue<Option<LineKey>>,
    /// The newest line seen before the user scrolled up (the marker goes after it).
    pub last_seen: RwSignal<Option<LineKey>>,
    /// Whether a page of lines is on its way (one at a time).
    pub loading: RwSignal<bool>,
    /// Height from the bottom to restore after rows were added above the viewport.
    pub keep_from_bottom: StoredValue<Option<i32>>,
    /// When the user last turned the wheel, pressed a key or a pointer in the list
    /// (`Date.now()` milliseconds): a scroll soon after is theirs.
    pub user_input_ms: StoredValue<f64>,
}

impl ListState {
    /// A fresh list of the room's tab, following its newest line.
    pub fn new(ui: &RoomUi, store: Store<Chat>) -> Self {
        Self {
            store,
            tab_id: StoredValue::new(ui.tab_id.clone()),
            tab: ui.tab,
            element: NodeRef::new(),
            anchor: RwSignal::new(None),
            live_start: StoredValue::new(None),
            last_seen: RwSignal::new(None),
            loading: RwSignal::new(false),
            keep_from_bottom: StoredValue::new(None),
            user_input_ms: StoredValue::new(f64::NEG_INFINITY),
        }
    }

    /// Whether the list shows the newest line (tracked).
    pub fn following(&self) -> bool {
        self.tab.following().try_get().unwrap_or(true)
    }

    /// The key of the window's line at `index`.
    pub fn key_at(&self, index: usize) -> Option<LineKey> {
        self.tab
            .lines()
            .try_with_untracked(|lines| lines.get(index).map(|line| line.key.clone()))
            .flatten()
    }

    /// The index of the first rendered line of `lines` (see `slice::first_rendered`).
    pub fn first_rendered(&self, lines: &[Line], anchor: Option<&LineKey>) -> usize {
        self.live_start
            .with_value(|live| first_rendered(lines, anchor, live.as_ref()))
    }

    /// The key of the window's newest line.
    pub fn last_key(&self) -> Option<LineKey> {
        self.tab
            .lines()
            .try_with_untracked(|lines| lines.last().map(|line| line.key.clone()))
            .flatten()
    }
}
