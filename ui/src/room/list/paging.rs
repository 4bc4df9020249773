//! Paging lines in from the history store: older ones at the top of the window, newer ones
//! at the bottom of a window away from the live end (until it meets the live end again), and
//! the newest ones when the list jumps back there. One page at a time.

use chatdeck_ipc::command::LoadOlder;
use chatdeck_ipc::model::Line;
use chatdeck_ipc::search::LinesAround;
use leptos::prelude::*;

use super::state::ListState;
use crate::context::call;
use crate::store::{
    TabStateStoreFields, WINDOW, append_newer, prepend_lines, rejoin_live, show_window,
};

/// Lines asked of the history store per page.
const PAGE: u32 = 100;

/// Replaces the window with the newest lines of the room.
pub fn reload_latest(state: ListState) {
    let store = state.store;
    let tab_id = state.tab_id.get_value();
    call(
        LinesAround {
            tab_id: tab_id.clone(),
            position: None,
            older: WINDOW as u32,
            newer: 0,
        },
        move |output| show_window(store, &tab_id, output, None),
    );
}

/// Pages newer lines in after the window's last line; the window rejoins the live end when
/// the history store has none newer.
pub fn load_newer(state: ListState) {
    let Some(last) = state
        .tab
        .lines()
        .try_with_untracked(|lines| lines.last().map(|line| line.position))
        .flatten()
    else {
        return;
    };
    if state.loading.get_untracked() {
        return;
    }
    state.loading.set(true);
    let store = state.store;
    let tab_id = state.tab_id.get_value();
    call(
        LinesAround {
            tab_id: tab_id.clone(),
            position: Some(last),
            older: 0,
            newer: PAGE,
        },
        move |output| {
            state.loading.set(false);
            if append_newer(store, &tab_id, output.lines, last) && !output.has_newer {
                rejoin_live(store, &tab_id);
            }
        },
    );
}

/// Pages older lines in before the window's first line; the rendered slice then starts at
/// the first of them.
pub fn load_older(state: ListState) {
    let tab = state.tab;
    let Some(first) = tab
        .lines()
        .try_with(|lines| lines.first().map(|line| line.position))
        .flatten()
    else {
        return;
    };
    if state.loading.get_untracked() || !tab.has_older().try_get_untracked().unwrap_or(false) {
        return;
    }
    state.loading.set(true);
    let store = state.store;
    let tab_id = state.tab_id.get_value();
    call(
        LoadOlder {
            tab_id: tab_id.clone(),
            before: first,
            limit: PAGE,
        },
        move |older: Vec<Line>| {
            state.loading.set(false);
            let first_new = older.first().map(|line| line.key.clone());
            prepend_lines(store, &tab_id, older, PAGE as usize);
            if first_new.is_some() {
                tab.following().set(false);
                state.anchor.set(first_new);
            }
        },
    );
}
