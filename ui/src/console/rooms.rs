//! The console's room list: ListRooms with its filters, and each room's open, edit and
//! delete actions.

use chatdeck_ipc::command::OpenTab;
use chatdeck_ipc::console::{ConsoleDeleteRoom, ConsoleGetRoom, RoomFilter, RoomSummary};
use chatdeck_ipc::model::Tab;
use leptos::prelude::*;

use super::room_form::RoomForm;
use super::ui::{ConsoleUi, Editing};
use crate::context::{Dialog, DialogState, call_with, chat};
use crate::i18n::t;
use crate::store::{OpenedBy, tab_opened};
use crate::tabs::activate;

/// The rooms part: the form when editing, else the filters and the list.
#[component]
pub fn Rooms() -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    move || match console.editing.get() {
        Some(editing) => view! { <RoomForm editing/> }.into_any(),
        None => view! { <RoomList/> }.into_any(),
    }
}

#[component]
fn RoomList() -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let filter = console.filter;
    let set = move |change: fn(&mut RoomFilter, String)| {
        move |event| {
            let value = event_target_value(&event);
            filter.update(|filter| change(filter, value));
        }
    };
    let logging_options = move || {
        console
            .logging
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
    };
    view! {
        <div class="console-filters">
            <input data-testid="console-room-filter-name" placeholder=t!("console-filter-name") aria-label=t!("console-filter-name-label")
                prop:value=move || filter.with(|f| f.name.clone())
                on:change=set(|filter, value| filter.name = value)/>
            <input data-testid="console-room-filter-handler" placeholder=t!("console-filter-handler") aria-label=t!("console-filter-handler-label")
                prop:value=move || filter.with(|f| f.review_handler_uri.clone())
                on:change=set(|filter, value| filter.review_handler_uri = value)/>
            <select data-testid="console-room-filter-logging" aria-label=t!("console-filter-logging-label")
                on:change=set(|filter, value| filter.logging_configuration = value)>
                <option value="">{t!("console-filter-logging-any")}</option>
                {move || logging_options().into_iter().map(|configuration| {
                    let label = if configuration.name.is_empty() { configuration.id.clone() } else { configuration.name.clone() };
                    let selected = filter.with_untracked(|f| f.logging_configuration == configuration.arn);
                    view! { <option value=configuration.arn.clone() selected=selected>{label}</option> }
                }).collect_view()}
            </select>
            <button class="primary" data-testid="console-room-new" on:click=move |_| {
                console.notice.set(None);
                console.editing.set(Some(Editing::New));
            }>{t!("console-new-room")}</button>
        </div>
        <div class="console-list" data-testid="console-rooms">
            {move || match console.rooms.get() {
                None => view! { <p class="muted">{t!("console-rooms-loading")}</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error-text" data-testid="console-list-error">{message}</p> }.into_any(),
                Some(Ok(rooms)) if rooms.is_empty() => view! { <p class="muted" data-testid="console-rooms-empty">{t!("console-rooms-empty")}</p> }.into_any(),
                Some(Ok(rooms)) => rooms.into_iter().map(|room| view! { <RoomRow room/> }).collect_view().into_any(),
            }}
        </div>
    }
}

#[component]
fn RoomRow(room: RoomSummary) -> impl IntoView {
    let store = chat();
    let dialog = expect_context::<DialogState>().0;
    let console = expect_context::<ConsoleUi>();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let arn = StoredValue::new(room.arn.clone());
    let name = if room.name.is_empty() {
        room.id.clone()
    } else {
        room.name.clone()
    };
    let open = move |_| {
        let request = OpenTab {
            profile_id: console.profile.get_untracked(),
            room_arn: arn.get_value(),
        };
        call_with(request, move |answer: Result<Tab, _>| match answer {
            Ok(tab) => {
                let id = tab_opened(store, tab, OpenedBy::Answer);
                activate(store, id);
                dialog.set(Dialog::Closed);
            }
            Err(failure) => error.set(Some(crate::i18n::say(&failure.words))),
        });
    };
    let edit = move |_| {
        error.set(None);
        call_with(
            ConsoleGetRoom {
                profile_id: console.profile.get_untracked(),
                arn: arn.get_value(),
            },
            move |answer| match answer {
                Ok(room) => {
                    console.notice.set(None);
                    console.editing.set(Some(Editing::Existing(Box::new(room))));
                }
                Err(failure) => error.set(Some(crate::i18n::say(&failure.words))),
            },
        );
    };
    let delete = move |_| delete_room(console, arn.get_value(), confirming, error);
    let facts = facts(&room);
    view! {
        <div class="console-row" data-testid="console-room-row" data-arn=room.arn.clone() data-name=room.name.clone()>
            <div class="console-row-main">
                <strong>"# " {name}</strong>
                <span class="muted mono">{room.arn.clone()}</span>
                {facts}
                {move || error.get().map(|message| view! { <p class="error-text" data-testid="console-row-error">{message}</p> })}
            </div>
            <div class="console-row-actions">
                <Show when=move || !confirming.get() fallback=move || view! {
                    <span class="muted">{t!("console-room-delete-question")}</span>
                    <button class="danger" data-testid="console-room-delete-confirm" on:click=delete>{t!("console-delete")}</button>
                    <button class="secondary" on:click=move |_| confirming.set(false)>{t!("console-keep")}</button>
                }>
                    <button class="secondary" data-testid="console-room-open" on:click=open>{t!("console-open")}</button>
                    <button class="secondary" data-testid="console-room-edit" on:click=edit>{t!("console-edit")}</button>
                    <button class="danger ghost" data-testid="console-room-delete" on:click=move |_| confirming.set(true)>{t!("console-delete")}</button>
                </Show>
            </div>
        </div>
    }
}

/// Deletes the room at `arn`; a refusal shows on its row.
fn delete_room(
    console: ConsoleUi,
    arn: String,
    confirming: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) {
    let request = ConsoleDeleteRoom {
        profile_id: console.profile.get_untracked(),
        arn: arn.clone(),
    };
    call_with(request, move |answer| match answer {
        Ok(()) => {
            console
                .notice
                .set(Some(t!("console-room-deleted", arn = &arn)));
            console.reload_rooms();
        }
        Err(failure) => {
            confirming.set(false);
            error.set(Some(crate::i18n::say(&failure.words)));
        }
    });
}

/// A room's facts, as chips: its review handler, how many logging configurations and tags.
fn facts(room: &RoomSummary) -> impl IntoView + use<> {
    let handler = room
        .message_review_handler
        .as_ref()
        .and_then(|handler| handler.uri.clone())
        .filter(|uri| !uri.is_empty());
    let logging = room.logging_configuration_identifiers.len();
    let tags = room.tags.len();
    view! {
        <span class="console-row-facts">
            {handler.map(|uri| view! {
                <span class="chip" title=t!("console-room-fact-handler-title")>{t!("console-room-fact-handler", uri = uri)}</span>
            })}
            {(logging > 0).then(|| view! {
                <span class="chip">{t!("console-room-fact-logging", count = logging)}</span>
            })}
            {(tags > 0).then(|| view! { <span class="chip">{t!("console-room-fact-tags", count = tags)}</span> })}
        </span>
    }
}
