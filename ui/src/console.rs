//! The room console: rooms, logging configurations and room actions of a Local or AWS
//! profile, through the shell's control-plane commands.
//!
//! Every form builds the API's own request and checks it with
//! `chatdeck_ipc::console::validate`, the rules the service applies, as the user types:
//! problems show under their field and nothing is sent until there are none. A refusal from
//! the service shows its message and marks the fields its `fieldList` names.
//!
//! - `rooms.rs`: the room list with ListRooms' filters; open, edit, delete.
//! - `room_form.rs`: create / update a room.
//! - `logging.rs`: logging configurations (S3, CloudWatch Logs, Firehose).
//! - `actions.rs`: SendEvent, DeleteMessage, DisconnectUser.
//! - `fields.rs`: problems per field, `key=value` lines, numbers.
//! - `rules.rs`: the service's field rules in the page's language.
//! - `ui.rs`: what the console's parts share.

mod actions;
mod fields;
mod logging;
mod room_form;
mod rooms;
mod rules;
mod ui;

use chatdeck_ipc::console::{ConsoleListLogging, ConsoleListRooms};
use chatdeck_ipc::model::{ProfileId, ProfileKind};
use leptos::prelude::*;
use reactive_stores::Store;

use crate::context::{Dialog, DialogState, call_with, chat};
use crate::i18n::t;
use crate::store::{Chat, ChatStoreFields};
use ui::ConsoleUi;

/// Which part of the console shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Rooms,
    Logging,
    Actions,
}

/// The console dialog.
#[component]
pub fn ConsoleDialog() -> impl IntoView {
    let store = chat();
    let dialog = expect_context::<DialogState>().0;
    let managed = move || managed_profiles(store);
    let first = managed()
        .first()
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    let console = ConsoleUi::new(first);
    provide_context(console);
    let section = RwSignal::new(Section::Rooms);
    keep_listed(console);

    let close = move || dialog.set(Dialog::Closed);
    let tab = move |which: Section, label: String, id: &'static str| {
        view! {
            <button role="tab" class="console-tab" class:active=move || section.get() == which
                aria-selected=move || (section.get() == which).to_string() data-testid=id
                on:click=move |_| section.set(which)>{label}</button>
        }
    };
    view! {
        <div class="scrim" on:click=move |_| close()></div>
        <div class="dialog console" role="dialog" aria-modal="true" aria-labelledby="console-title" data-testid="console-dialog"
            on:keydown=move |event| if event.key() == "Escape" { close() }>
            <div class="panel-header">
                <div class="console-title">
                    <h2 id="console-title">{t!("console-heading")}</h2>
                    <select data-testid="console-profile" aria-label=t!("console-profile-label") on:change=move |event| {
                        console.editing.set(None);
                        console.rooms.set(None);
                        console.logging.set(None);
                        console.profile.set(ProfileId::new(event_target_value(&event)));
                    }>
                        {move || managed().into_iter().map(|(id, name)| {
                            let selected = id == console.profile.get_untracked();
                            view! { <option value=id.to_string() selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button class="ghost icon" aria-label=t!("console-close") on:click=move |_| close()>"×"</button>
            </div>
            <Show when=move || !console.profile.with(ProfileId::is_empty)
                fallback=|| view! { <p class="muted">{t!("console-needs-profile")}</p> }>
                <div class="console-tabs" role="tablist">
                    {tab(Section::Rooms, t!("console-tab-rooms"), "console-section-rooms")}
                    {tab(Section::Logging, t!("console-tab-logging"), "console-section-logging")}
                    {tab(Section::Actions, t!("console-tab-actions"), "console-section-actions")}
                </div>
                {move || console.notice.get().map(|notice| view! {
                    <p class="console-notice" data-testid="console-notice" role="status">{notice}</p>
                })}
                {move || match section.get() {
                    Section::Rooms => view! { <rooms::Rooms/> }.into_any(),
                    Section::Logging => view! { <logging::Logging/> }.into_any(),
                    Section::Actions => view! { <actions::Actions/> }.into_any(),
                }}
            </Show>
        </div>
    }
}

/// The profiles with a control plane (Local and AWS), by id and name.
fn managed_profiles(store: Store<Chat>) -> Vec<(ProfileId, String)> {
    store.profiles().with(|profiles| {
        profiles
            .iter()
            .filter(|profile| !matches!(profile.settings.kind, ProfileKind::TokenEndpoint { .. }))
            .map(|profile| (profile.id.clone(), profile.settings.name.clone()))
            .collect()
    })
}

/// Lists the profile's rooms (with the filters) and logging configurations again whenever
/// the profile changes or a part asks for it.
fn keep_listed(console: ConsoleUi) {
    // Answers to an earlier listing are dropped when a newer one was asked.
    let rooms_asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let profile_id = console.profile.get();
        let filter = console.filter.get();
        console.rooms_version.track();
        if profile_id.is_empty() {
            return;
        }
        rooms_asked.update_value(|n| *n += 1);
        let number = rooms_asked.get_value();
        call_with(ConsoleListRooms { profile_id, filter }, move |answer| {
            if rooms_asked.get_value() == number {
                console
                    .rooms
                    .set(Some(answer.map_err(|error| crate::i18n::say(&error.words))));
            }
        });
    });
    Effect::new(move |_| {
        let profile_id = console.profile.get();
        console.logging_version.track();
        if profile_id.is_empty() {
            return;
        }
        call_with(ConsoleListLogging { profile_id }, move |answer| {
            console
                .logging
                .set(Some(answer.map_err(|error| crate::i18n::say(&error.words))));
        });
    });
}
