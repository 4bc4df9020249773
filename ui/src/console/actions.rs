//! Room actions over the control plane: SendEvent with attributes, DeleteMessage and
//! DisconnectUser. Each request is checked with the service's rules before it is sent.

use chatdeck_ipc::IpcError;
use chatdeck_ipc::console::{
    Attributes, ConsoleDeleteMessage, ConsoleDisconnectUser, ConsoleSendEvent,
    DeleteMessageRequest, DisconnectUserRequest, SendEventRequest, validate,
};
use leptos::prelude::*;

use super::fields::{FieldProblems, Problems, pairs};
use super::rules;
use super::ui::ConsoleUi;
use crate::context::call_with;
use crate::i18n::t;

/// The action forms, for one room chosen at the top.
#[component]
pub fn Actions() -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let room = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<String, IpcError>>);
    let rooms = move || console.rooms.get().and_then(Result::ok).unwrap_or_default();
    // The first listed room, until the user picks one.
    Effect::new(move |_| {
        if room.with_untracked(String::is_empty)
            && let Some(first) = rooms().first()
        {
            room.set(first.arn.clone());
        }
    });
    view! {
        <div class="console-actions">
            <label>
                {t!("console-action-room")}
                <select data-testid="action-room" on:change=move |event| room.set(event_target_value(&event))>
                    {move || rooms().into_iter().map(|summary| {
                        let label = if summary.name.is_empty() { summary.arn.clone() } else { format!("{} — {}", summary.name, summary.arn) };
                        let selected = summary.arn == room.get_untracked();
                        view! { <option value=summary.arn.clone() selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <SendEventForm room=room.into() result/>
            <DeleteMessageForm room=room.into() result/>
            <DisconnectForm room=room.into() result/>
            {move || result.get().map(|answer| match answer {
                Ok(text) => view! { <p class="ok" data-testid="action-result">{text}</p> }.into_any(),
                Err(error) => view! {
                    <div class="api-error" data-testid="console-api-error" role="alert">
                        <p>{crate::i18n::say(&error.words)}</p>
                        <ul>{error.fields.into_iter().map(|field| view! {
                            <li data-testid="console-api-field" data-field=field.name.clone()><code>{field.name.clone()}</code>" — "{rules::say(&field)}</li>
                        }).collect_view()}</ul>
                    </div>
                }.into_any(),
            })}
        </div>
    }
}

/// `Some(text)` unless blank.
fn optional(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

#[component]
fn SendEventForm(
    room: Signal<String>,
    result: RwSignal<Option<Result<String, IpcError>>>,
) -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let name = RwSignal::new(String::new());
    let attributes = RwSignal::new(String::new());
    let request = move || -> (SendEventRequest, Problems) {
        let mut problems = Problems::new();
        let map = pairs("attributes", &attributes.get(), &mut problems);
        let request = SendEventRequest {
            room_identifier: Some(room.get()),
            event_name: Some(name.get().trim().to_owned()),
            attributes: (!map.is_empty()).then(|| map.into_iter().collect::<Attributes>()),
        };
        if let Err(found) = validate::send_event(&request) {
            problems.extend(found);
        }
        (request, problems)
    };
    let problems = Signal::derive(move || request().1);
    let send = move |_| {
        let (request, problems) = request();
        if !problems.is_empty() {
            return;
        }
        call_with(
            ConsoleSendEvent {
                profile_id: console.profile.get_untracked(),
                request,
            },
            move |answer| result.set(Some(answer.map(|id| t!("console-event-sent", id = id)))),
        );
    };
    view! {
        <fieldset class="console-action" data-testid="send-event">
            <legend>{t!("console-event-legend")}</legend>
            <label>
                {t!("console-event-name")}
                <input data-testid="event-name" placeholder="app:ANNOUNCEMENT" prop:value=move || name.get()
                    on:input=move |event| name.set(event_target_value(&event))/>
                <FieldProblems field="eventName" problems/>
            </label>
            <label>
                {t!("console-event-attributes")}
                <textarea data-testid="event-attributes" rows="2" prop:value=move || attributes.get()
                    on:input=move |event| attributes.set(event_target_value(&event))></textarea>
                <FieldProblems field="attributes" problems/>
            </label>
            <FieldProblems field="roomIdentifier" problems/>
            <button class="primary" data-testid="event-send" disabled=move || !problems.with(Vec::is_empty) on:click=send>{t!("console-event-send")}</button>
        </fieldset>
    }
}

#[component]
fn DeleteMessageForm(
    room: Signal<String>,
    result: RwSignal<Option<Result<String, IpcError>>>,
) -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let id = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let request = move || -> (DeleteMessageRequest, Problems) {
        let request = DeleteMessageRequest {
            room_identifier: Some(room.get()),
            id: Some(id.get().trim().to_owned()),
            reason: optional(reason.get()),
        };
        let problems = validate::delete_message(&request).err().unwrap_or_default();
        (request, problems)
    };
    let problems = Signal::derive(move || {
        if id.with(String::is_empty) {
            Vec::new()
        } else {
            request().1
        }
    });
    let delete = move |_| {
        let (request, problems) = request();
        if !problems.is_empty() {
            return;
        }
        call_with(
            ConsoleDeleteMessage {
                profile_id: console.profile.get_untracked(),
                request,
            },
            move |answer| {
                result.set(Some(
                    answer.map(|id| t!("console-message-deleted", id = id)),
                ))
            },
        );
    };
    view! {
        <fieldset class="console-action" data-testid="delete-message">
            <legend>{t!("console-delete-legend")}</legend>
            <div class="form-row">
                <label>
                    {t!("console-delete-id")}
                    <input data-testid="delete-message-id" placeholder=t!("console-delete-id-placeholder") prop:value=move || id.get()
                        on:input=move |event| id.set(event_target_value(&event))/>
                    <FieldProblems field="id" problems/>
                </label>
                <label>
                    {t!("console-reason")}
                    <input data-testid="delete-message-reason" prop:value=move || reason.get()
                        on:input=move |event| reason.set(event_target_value(&event))/>
                    <FieldProblems field="reason" problems/>
                </label>
            </div>
            <button class="danger" data-testid="delete-message-submit"
                disabled=move || id.with(String::is_empty) || !problems.with(Vec::is_empty) on:click=delete>{t!("console-delete-submit")}</button>
        </fieldset>
    }
}

#[component]
fn DisconnectForm(
    room: Signal<String>,
    result: RwSignal<Option<Result<String, IpcError>>>,
) -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let user = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let request = move || -> (DisconnectUserRequest, Problems) {
        let request = DisconnectUserRequest {
            room_identifier: Some(room.get()),
            user_id: Some(user.get().trim().to_owned()),
            reason: optional(reason.get()),
        };
        let problems = validate::disconnect_user(&request)
            .err()
            .unwrap_or_default();
        (request, problems)
    };
    let problems = Signal::derive(move || {
        if user.with(String::is_empty) {
            Vec::new()
        } else {
            request().1
        }
    });
    let disconnect = move |_| {
        let (request, problems) = request();
        if !problems.is_empty() {
            return;
        }
        let who = request.user_id.clone().unwrap_or_default();
        call_with(
            ConsoleDisconnectUser {
                profile_id: console.profile.get_untracked(),
                request,
            },
            move |answer| {
                result.set(Some(
                    answer.map(|()| t!("console-user-disconnected", user = who)),
                ))
            },
        );
    };
    view! {
        <fieldset class="console-action" data-testid="disconnect-user">
            <legend>{t!("console-disconnect-legend")}</legend>
            <div class="form-row">
                <label>
                    {t!("console-disconnect-user")}
                    <input data-testid="disconnect-user-id" prop:value=move || user.get()
                        on:input=move |event| user.set(event_target_value(&event))/>
                    <FieldProblems field="userId" problems/>
                </label>
                <label>
                    {t!("console-reason")}
                    <input data-testid="disconnect-reason" prop:value=move || reason.get()
                        on:input=move |event| reason.set(event_target_value(&event))/>
                    <FieldProblems field="reason" problems/>
                </label>
            </div>
            <button class="danger" data-testid="disconnect-submit"
                disabled=move || user.with(String::is_empty) || !problems.with(Vec::is_empty) on:click=disconnect>{t!("console-disconnect-submit")}</button>
        </fieldset>
    }
}
