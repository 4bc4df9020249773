//! The room's moderation log: what this client did and saw.

use leptos::prelude::*;

use super::ui::{Panel, RoomUi};
use crate::i18n::t;
use crate::store::TabStateStoreFields;
use crate::time;

/// The log, newest first.
#[component]
pub fn ModerationLog() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let tab = ui.tab;
    let panel = ui.panel;
    view! {
        <div class="moderation-log" data-testid="moderation-log">
            <div class="panel-header">
                <h2>{t!("room-log")}</h2>
                <button class="ghost icon" aria-label=t!("room-panel-close") on:click=move |_| panel.set(Panel::Closed)>"×"</button>
            </div>
            <ul>
                {move || {
                    let entries = tab.moderation().try_get().unwrap_or_default();
                    if entries.is_empty() {
                        return view! { <li class="muted">{t!("room-log-empty")}</li> }.into_any();
                    }
                    entries.into_iter().rev().map(|entry| view! {
                        <li data-testid="moderation-entry"><time title=time::full(entry.time_ms)>{time::clock(entry.time_ms)}</time><span>{entry.text}</span></li>
                    }).collect_view().into_any()
                }}
            </ul>
        </div>
    }
}
