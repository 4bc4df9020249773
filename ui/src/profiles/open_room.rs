//! The "open a room" dialog.

use chatdeck_ipc::command::{ListRooms, OpenTab};
use chatdeck_ipc::model::{ProfileId, ProfileKind, RoomSummary, Tab};
use leptos::prelude::*;
use reactive_stores::Store;

use crate::context::{Dialog, DialogState, call_with, chat};
use crate::i18n::t;
use crate::store::{Chat, ChatStoreFields, OpenedBy, tab_opened};
use crate::tabs::activate;

/// The dialog.
#[component]
pub fn OpenRoomDialog() -> impl IntoView {
    let store = chat();
    let dialog = expect_context::<DialogState>().0;
    let profile = RwSignal::new(
        store
            .profiles()
            .with_untracked(|profiles| profiles.first().map(|profile| profile.id.clone()))
            .unwrap_or_default(),
    );
    let arn = RwSignal::new(String::new());
    let rooms = RwSignal::new(None::<Result<Vec<RoomSummary>, String>>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // A token endpoint cannot list rooms; Local and AWS profiles can.
    let lists_rooms = move || {
        store.profiles().with(|profiles| {
            profiles
                .iter()
                .find(|candidate| candidate.id == profile.get())
                .is_some_and(|found| {
                    !matches!(found.settings.kind, ProfileKind::TokenEndpoint { .. })
                })
        })
    };
    list_rooms(profile, rooms, lists_rooms);

    let open = move |room_arn: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let request = OpenTab {
            profile_id: profile.get_untracked(),
            room_arn,
        };
        call_with(request, move |result: Result<Tab, _>| {
            busy.set(false);
            match result {
                Ok(tab) => {
                    let id = tab_opened(store, tab, OpenedBy::Answer);
                    activate(store, id);
                    dialog.set(Dialog::Closed);
                }
                Err(failure) => error.set(Some(crate::i18n::say(&failure.words))),
            }
        });
    };
    let close = move || dialog.set(Dialog::Closed);
    view! {
        <div class="scrim" on:click=move |_| close()></div>
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="open-room-title" data-testid="open-room-dialog"
            on:keydown=move |event| if event.key() == "Escape" { close() }>
            <div class="panel-header">
                <h2 id="open-room-title">{t!("profiles-open-title")}</h2>
                <button class="ghost icon" aria-label=t!("profiles-close") on:click=move |_| close()>"×"</button>
            </div>
            {profile_choice(store, profile)}
            <Show when=lists_rooms>
                <div class="room-list" data-testid="room-list">
                    {move || room_options(rooms.get(), open)}
                </div>
            </Show>
            <label>
                {t!("profiles-open-arn")}
                <input data-testid="open-room-arn" placeholder="arn:aws:ivschat:us-west-2:123456789012:room/…"
                    prop:value=move || arn.get() on:input=move |event| arn.set(event_target_value(&event))
                    on:keydown=move |event| if event.key() == "Enter" { open(arn.get_untracked()) }/>
            </label>
            {move || error.get().map(|message| view! { <p class="error-text" data-testid="open-room-error">{message}</p> })}
            <div class="dialog-actions">
                <button class="ghost" on:click=move |_| dialog.set(Dialog::Profiles)>{t!("profiles-open-manage")}</button>
                <button class="primary" data-testid="open-room-submit" disabled=move || busy.get() || arn.with(|arn| arn.trim().is_empty())
                    on:click=move |_| open(arn.get_untracked())>{t!("profiles-open-submit")}</button>
            </div>
        </div>
    }
}

/// Lists the chosen profile's rooms whenever the choice changes (when it can list them).
fn list_rooms(
    profile: RwSignal<ProfileId>,
    rooms: RwSignal<Option<Result<Vec<RoomSummary>, String>>>,
    lists_rooms: impl Fn() -> bool + 'static,
) {
    Effect::new(move |_| {
        let profile_id = profile.get();
        rooms.set(None);
        if lists_rooms() {
            call_with(ListRooms { profile_id }, move |result| {
                rooms.set(Some(result.map_err(|error| crate::i18n::say(&error.words))));
            });
        }
    });
}

/// The profile to open the room with.
fn profile_choice(store: Store<Chat>, profile: RwSignal<ProfileId>) -> impl IntoView {
    view! {
        <label>
            {t!("profiles-open-profile")}
            <select data-testid="open-room-profile" on:change=move |event| profile.set(ProfileId::new(event_target_value(&event)))>
                {move || store.profiles().get().into_iter().map(|option| {
                    let selected = option.id == profile.get_untracked();
                    view! { <option value=option.id.to_string() selected=selected>{option.settings.name.clone()}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The profile's rooms, each a button that opens it (or why there are none to show).
fn room_options(
    rooms: Option<Result<Vec<RoomSummary>, String>>,
    open: impl Fn(String) + Copy + Send + Sync + 'static,
) -> AnyView {
    match rooms {
        None => view! { <p class="muted">{t!("profiles-open-loading")}</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error-text">{message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="muted">{t!("profiles-open-empty")}</p> }.into_any()
        }
        Some(Ok(list)) => list
            .into_iter()
            .map(|room| {
                let target = room.arn.clone();
                let label = if room.name.is_empty() {
                    room.arn.clone()
                } else {
                    room.name.clone()
                };
                view! {
                    <button class="room-option" data-testid="room-option" data-arn=room.arn.clone()
                        on:click=move |_| open(target.clone())>
                        <span class="room-option-name">"# " {label}</span>
                        <span class="muted mono">{room.arn.clone()}</span>
                    </button>
                }
            })
            .collect_view()
            .into_any(),
    }
}
