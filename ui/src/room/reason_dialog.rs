//! Confirms a delete or a disconnect and asks for an optional reason.

use chatdeck_ipc::command::{DeleteMessage, DisconnectUser};
use chatdeck_ipc::model::TabId;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::ui::{Pending, RoomUi};
use crate::context::call;
use crate::i18n::t;

/// The dialog, shown while an action waits.
#[component]
pub fn ReasonDialog() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let pending = ui.pending;
    let reason = RwSignal::new(String::new());
    let input: NodeRef<html::Input> = NodeRef::new();
    // Where focus was (a message row, the card's button), to return to on closing.
    let came_from = StoredValue::new_local(None::<crate::a11y::FocusReturn>);
    Effect::new(move |_| {
        if pending.with(Option::is_some)
            && let Some(element) = input.get()
        {
            came_from.set_value(Some(crate::a11y::remember_focus()));
            // Focus failing leaves focus where it was.
            let _ = element.focus();
        }
    });
    let go_back = move || {
        if let Some(saved) = came_from.try_update_value(Option::take).flatten() {
            crate::a11y::restore_focus(saved);
        }
    };
    let confirm = {
        let tab_id = ui.tab_id.clone();
        move || {
            let Some(action) = pending.get_untracked() else {
                return;
            };
            let text = reason.get_untracked();
            act(&tab_id, action, (!text.trim().is_empty()).then_some(text));
            reason.set(String::new());
            pending.set(None);
            go_back();
        }
    };
    let cancel = move || {
        reason.set(String::new());
        pending.set(None);
        go_back();
    };
    let on_key = {
        let confirm = confirm.clone();
        move |event: ev::KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                confirm();
            }
            "Escape" => cancel(),
            _ => {}
        }
    };
    let question = move || question(pending.get());
    let confirm_label = move || match pending.get() {
        Some(Pending::Kick { .. }) => t!("room-confirm-disconnect-button"),
        _ => t!("room-confirm-delete-button"),
    };
    view! {
        <Show when=move || pending.with(Option::is_some)>
            <div class="scrim" on:click=move |_| cancel()></div>
            <div class="dialog small" role="dialog" aria-modal="true" data-testid="reason-dialog">
                <h2>{question}</h2>
                <label>
                    {t!("room-confirm-reason")}
                    <input node_ref=input data-testid="reason-input" maxlength="256" prop:value=move || reason.get()
                        on:input=move |event| reason.set(event_target_value(&event)) on:keydown=on_key.clone()/>
                </label>
                <div class="dialog-actions">
                    <button class="secondary" on:click=move |_| cancel()>{t!("room-confirm-cancel")}</button>
                    <button class="danger" data-testid="reason-confirm" on:click={
                        let confirm = confirm.clone();
                        move |_| confirm()
                    }>{confirm_label}</button>
                </div>
            </div>
        </Show>
    }
}

/// Sends the confirmed action, with its reason.
fn act(tab_id: &TabId, action: Pending, reason: Option<String>) {
    let tab_id = tab_id.clone();
    match action {
        Pending::Delete { key, .. } => call(
            DeleteMessage {
                tab_id,
                key,
                reason,
            },
            |()| {},
        ),
        Pending::Kick { user_id } => call(
            DisconnectUser {
                tab_id,
                user_id,
                reason,
            },
            |()| {},
        ),
    }
}

/// What the dialog asks about `action`.
fn question(action: Option<Pending>) -> String {
    match action {
        Some(Pending::Delete { author, .. }) => {
            t!("room-confirm-delete", author = author)
        }
        Some(Pending::Kick { user_id }) => t!("room-confirm-disconnect", user = user_id),
        None => String::new(),
    }
}
