//! The header's count of lines the ignore list and filters hide in the room's window, which
//! shows them (marked) on click and hides them again on the next.

use chatdeck_ipc::model::Filtered;
use leptos::prelude::*;

use super::ui::RoomUi;
use crate::i18n::t;
use crate::store::TabStateStoreFields;

/// "N hidden", while the window holds any hidden line.
#[component]
pub fn HiddenCounter() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let (tab, show_hidden) = (ui.tab, ui.show_hidden);
    // A count, so the button re-renders only when it changes, not with every new line.
    let count = Memo::new(move |_| {
        tab.lines()
            .try_with(|lines| {
                lines
                    .iter()
                    .filter(|line| line.filtered.is_some_and(Filtered::hides))
                    .count()
            })
            .unwrap_or(0)
    });
    move || {
        let count = count.get();
        (count > 0).then(|| {
            let showing = show_hidden.get();
            let title = if showing {
                t!("room-hidden-hide-title")
            } else {
                t!("room-hidden-show-title")
            };
            view! {
                <button class="chip hidden-counter" data-testid="ignored-counter" data-count=count.to_string()
                    aria-pressed=showing.to_string() title=title on:click=move |_| show_hidden.update(|on| *on = !*on)>
                    {t!("room-hidden", count = count)}
                </button>
            }
        })
    }
}
