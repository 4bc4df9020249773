//! The message list: renders a bounded slice of the tab's in-memory window (virtualized),
//! follows the newest line, pages older lines in from the history store on scroll up, and
//! offers a new-messages marker and "jump to latest" when the user reads back. Opened at a
//! search hit, it shows the hit in the middle, highlighted, and pages newer lines in from the
//! history store until it meets the live end again.
//!
//! - `state.rs`: what the pieces share (`ListState`).
//! - `slice.rs`: the rows to render, with their dividers and groups.
//! - `position.rs`: staying at the bottom, or keeping the lines in view as rows come above.
//! - `focus.rs`: opening at a focused line.
//! - `scroll.rs`: what the user's scrolling does.
//! - `paging.rs`: older and newer lines paged in from the history store.
//! - `jump.rs`: back to the newest lines, and its control.

mod focus;
mod jump;
mod paging;
mod position;
mod scroll;
mod slice;
mod state;

use leptos::prelude::*;

use super::row::MessageRow;
use super::ui::{RoomUi, row_contexts};
use crate::context::chat;
use crate::i18n::t;
use crate::live_list::live_for;
use crate::settings::ListDensity;
use crate::store::TabStateStoreFields;
use jump::JumpToLatest;
use slice::{Divider, Row};
use state::ListState;

/// The list.
#[component]
pub fn MessageList() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let state = ListState::new(&ui, chat());
    let show_hidden = ui.show_hidden;
    let density = use_context::<ListDensity>();
    let density = move || density.map(|d| d.0.get()).unwrap_or_default().as_str();
    let tab = state.tab;
    position::hold_position(state);
    focus::open_at_focus(state);
    jump::jump_after_sending(state);
    let rows = move || -> Vec<Row> {
        tab.lines()
            .try_with(|lines| {
                let anchor = state.anchor.get();
                let last_seen = state.last_seen.get();
                let start = state.first_rendered(lines, anchor.as_ref());
                state.live_start.set_value(
                    anchor
                        .is_none()
                        .then(|| lines.get(start).map(|line| line.key.clone()))
                        .flatten(),
                );
                slice::rows(lines, start, last_seen.as_ref(), show_hidden.get())
            })
            .unwrap_or_default()
    };
    view! {
        <div class="list-frame">
            <div class="message-list" node_ref=state.element data-testid="message-list" data-density=density role="log" aria-live="off"
                aria-label=t!("room-list") tabindex="0" on:scroll=scroll::on_scroll(state) on:focus=crate::a11y::enter_list
                on:wheel={ let input = scroll::on_user_input(state); move |_| input() }
                on:keydown={ let input = scroll::on_user_input(state); move |_| input() }
                on:pointerdown={ let input = scroll::on_user_input(state); move |_| input() }
                on:touchstart={ let input = scroll::on_user_input(state); move |_| input() }>
                <Show when=move || state.loading.get()>
                    <div class="list-note">{t!("room-list-loading")}</div>
                </Show>
                <Show when=move || tab.lines().try_with(Vec::is_empty).unwrap_or(true)>
                    <div class="list-empty">{t!("room-list-empty")}</div>
                </Show>
                // Not `For`: its rows' owners would pile up on this list's owner (see
                // `live_list`), one per line that ever scrolled through.
                {live_for(
                    row_contexts(),
                    rows,
                    |(key, divider, compact)| format!("{key}|{divider:?}|{compact}"),
                    row,
                )}
            </div>
            <JumpToLatest state/>
        </div>
    }
}

/// One rendered row, after its divider.
fn row((key, divider, compact): Row) -> impl IntoView {
    view! {
        {match divider {
            Divider::History => view! { <div class="divider history-divider" data-testid="history-divider"><span>{t!("room-divider-history")}</span></div> }.into_any(),
            Divider::New => view! { <div class="divider new-divider" data-testid="new-messages-marker"><span>{t!("room-divider-new")}</span></div> }.into_any(),
            Divider::None => ().into_any(),
        }}
        <MessageRow key compact/>
    }
}
