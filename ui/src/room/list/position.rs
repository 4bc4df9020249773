//! Keeping the list's position: after new rows render, it stays at the bottom while it
//! follows the newest line; after rows were added above while the user reads back, the same
//! lines stay in view.

use leptos::prelude::*;

use super::state::ListState;
use crate::store::TabStateStoreFields;

/// Holds the position whenever the window or the rendered slice changes.
pub fn hold_position(state: ListState) {
    Effect::new(move |_| {
        let _ = state.tab.lines().try_with(Vec::len);
        let _ = state.anchor.get();
        let follow = state.following();
        request_animation_frame(move || {
            let Some(element) = state.element.get_untracked() else {
                return;
            };
            if let Some(from_bottom) = state.keep_from_bottom.get_value() {
                state.keep_from_bottom.set_value(None);
                element.set_scroll_top(element.scroll_height() - from_bottom);
            } else if follow {
                element.set_scroll_top(element.scroll_height());
            }
        });
    });
}
