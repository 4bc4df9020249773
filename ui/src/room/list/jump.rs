//! Back to the newest lines: the "jump to latest" control shown while the user reads back
//! (with the count of what arrived meanwhile), and the jump itself, also taken when the user
//! sends a message while the window is away from the live end.

use leptos::prelude::*;

use super::paging::reload_latest;
use super::state::ListState;
use crate::i18n::t;
use crate::store::{TabStateStoreFields, Window, follow_newest};

/// Follows the newest line again, reloading the newest lines when the window is away from
/// the live end.
pub fn jump_to_latest(state: ListState) {
    state.anchor.set(None);
    state.last_seen.set(None);
    follow_newest(state.store, &state.tab_id.get_value());
    if state.tab.window().try_get_untracked() != Some(Window::Live) {
        reload_latest(state);
    }
}

/// Jumps when the user sent a message while the window was away from the live end.
pub fn jump_after_sending(state: ListState) {
    Effect::new(move |_| {
        if state.tab.window().try_get() == Some(Window::Reload) {
            jump_to_latest(state);
        }
    });
}

/// The control, shown while the list does not follow the newest line.
#[component]
pub fn JumpToLatest(
    /// The list.
    state: ListState,
) -> impl IntoView {
    let tab = state.tab;
    view! {
        <Show when=move || !state.following()>
            <button class="jump" data-testid="jump-to-latest" on:click=move |_| jump_to_latest(state)>
                {move || match tab.unread().try_get().unwrap_or(0) {
                    0 => t!("room-jump-latest"),
                    n => t!("room-jump-new", count = n),
                }}
            </button>
        </Show>
    }
}
