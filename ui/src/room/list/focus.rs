//! Opening the list at a line (a search hit): the rendered slice starts some rows above it,
//! and the line is scrolled to the middle once rendered (the row highlights itself).

use leptos::prelude::*;

use super::slice::RENDERED;
use super::state::ListState;
use crate::store::TabStateStoreFields;

/// Brings the tab's focused line into view whenever one is set.
pub fn open_at_focus(state: ListState) {
    let tab = state.tab;
    Effect::new(move |_| {
        let Some(key) = tab.focus().try_get().flatten() else {
            return;
        };
        let start = tab
            .lines()
            .try_with_untracked(|lines| {
                let index = lines.iter().position(|line| line.key == key)?;
                lines
                    .get(index.saturating_sub(RENDERED / 3))
                    .map(|line| line.key.clone())
            })
            .flatten();
        state.last_seen.set(None);
        state.anchor.set(start);
        request_animation_frame(move || {
            let Some(element) = state.element.get_untracked() else {
                return;
            };
            let selector = format!("[data-key=\"{}\"]", key.as_str().replace('"', "\\\""));
            if let Ok(Some(row)) = element.query_selector(&selector) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });
}
