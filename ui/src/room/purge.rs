//! Bulk moderation from the user card: disconnect the user and delete their last N messages
//! in this room. The shell paces the deletions under the rate limits and reports progress;
//! this shows it and can cancel.

use chatdeck_ipc::health::{CancelPurge, PurgeProgress, PurgeState, StartPurge};
use chatdeck_ipc::model::Capability;
use leptos::prelude::*;

use super::ui::RoomUi;
use crate::context::{call, call_with};
use crate::i18n::t;
use crate::store::TabStateStoreFields;

/// How many messages the form offers to delete at first.
const DEFAULT_COUNT: u32 = 10;

/// The purge section of a user's card.
#[component]
pub fn PurgePanel(
    /// The user.
    user_id: String,
) -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let tab = ui.tab;
    let can_kick = ui.can(Capability::DisconnectUser);
    let count = RwSignal::new(DEFAULT_COUNT.to_string());
    let disconnect = RwSignal::new(can_kick);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let user = StoredValue::new(user_id.clone());
    let progress = move || {
        tab.purge()
            .try_get()
            .flatten()
            .filter(|progress| user.with_value(|user| &progress.user_id == user))
    };
    let running = move || progress().is_some_and(|p| p.state == PurgeState::Running);
    let parsed = move || {
        count
            .with(|text| text.trim().parse::<u32>().ok())
            .filter(|n| (1..=500).contains(n))
    };
    let start = {
        let tab_id = ui.tab_id.clone();
        move |_| {
            let Some(n) = parsed() else {
                return;
            };
            error.set(None);
            let text = reason.get_untracked();
            let request = StartPurge {
                tab_id: tab_id.clone(),
                user_id: user.get_value(),
                count: n,
                disconnect: disconnect.get_untracked(),
                reason: (!text.trim().is_empty()).then_some(text),
            };
            call_with(request, move |answer| {
                if let Err(failure) = answer {
                    error.set(Some(crate::i18n::say(&failure.words)));
                }
            });
        }
    };
    let cancel = {
        let tab_id = ui.tab_id.clone();
        move |_| {
            if let Some(progress) = progress() {
                call(
                    CancelPurge {
                        tab_id: tab_id.clone(),
                        purge_id: progress.id,
                    },
                    |()| {},
                );
            }
        }
    };
    let label = move || start_label(parsed(), disconnect.get());
    view! {
        <section class="purge" data-testid="purge">
            <h3>{t!("room-purge")}</h3>
            {purge_fields(count, reason, disconnect, can_kick)}
            <div class="panel-actions">
                <button class="danger" data-testid="purge-start" disabled=move || running() || parsed().is_none()
                    on:click=start>{label}</button>
                <Show when=running>
                    <button class="secondary" data-testid="purge-cancel" on:click=cancel.clone()>{t!("room-purge-cancel")}</button>
                </Show>
            </div>
            {move || error.get().map(|message| view! { <p class="error-text" data-testid="purge-error">{message}</p> })}
            {move || progress().map(progress_view)}
        </section>
    }
}

/// What the start button says.
fn start_label(count: Option<u32>, disconnect: bool) -> String {
    match (count, disconnect) {
        (Some(n), true) => t!("room-purge-start-disconnect", count = n),
        (Some(n), false) => t!("room-purge-start", count = n),
        (None, _) => t!("room-purge-pick-count"),
    }
}

/// How many messages, why, and whether to disconnect the user first (for those who may).
fn purge_fields(
    count: RwSignal<String>,
    reason: RwSignal<String>,
    disconnect: RwSignal<bool>,
    can_kick: bool,
) -> impl IntoView {
    view! {
        <div class="purge-form">
            <label class="purge-count">
                {t!("room-purge-count")}
                <input data-testid="purge-count" type="number" min="1" max="500" inputmode="numeric"
                    prop:value=move || count.get() on:input=move |event| count.set(event_target_value(&event))/>
            </label>
            <label class="purge-reason">
                {t!("room-purge-reason")}
                <input data-testid="purge-reason" maxlength="256" prop:value=move || reason.get()
                    on:input=move |event| reason.set(event_target_value(&event))/>
            </label>
        </div>
        <Show when=move || can_kick>
            <label class="inline">
                <input type="checkbox" data-testid="purge-disconnect" prop:checked=move || disconnect.get()
                    on:change=move |event| disconnect.set(event_target_checked(&event))/>
                {t!("room-purge-disconnect")}
            </label>
        </Show>
    }
}

/// How far a purge got: a bar and the words.
fn progress_view(progress: PurgeProgress) -> impl IntoView {
    let total = progress.total.max(1);
    let share = f64::from(progress.done) / f64::from(total) * 100.0;
    let (done, total) = (progress.done, progress.total);
    let (state, words) = match &progress.state {
        PurgeState::Running => (
            "running",
            t!("room-purge-running", at = done + 1, total = total),
        ),
        PurgeState::Done if total == 0 => ("done", t!("room-purge-nothing")),
        PurgeState::Done => ("done", t!("room-purge-done", done = done, total = total)),
        PurgeState::Cancelled => (
            "cancelled",
            t!("room-purge-cancelled", done = done, total = total),
        ),
        PurgeState::Failed { reason } => (
            "failed",
            t!(
                "room-purge-failed",
                done = done,
                total = total,
                reason = reason
            ),
        ),
    };
    let disconnected = progress.disconnected.then(|| {
        let user = progress.user_id.clone();
        format!("{} ", t!("room-purge-disconnected", user = user))
    });
    view! {
        <div class="purge-progress" data-testid="purge-progress" data-state=state
            data-done=progress.done.to_string() data-total=progress.total.to_string()>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax=progress.total.to_string()
                aria-valuenow=progress.done.to_string()>
                <span class="progress-fill" style:width=format!("{share:.0}%")></span>
            </div>
            <p class="purge-words">{disconnected}{words}</p>
        </div>
    }
}
