//! The profiles dialog: every profile with Edit, Check connection and Remove.

use chatdeck_ipc::command::{CheckProfile, RemoveProfile};
use chatdeck_ipc::model::{Profile, ProfileKind};
use leptos::prelude::*;

use super::editor::ProfileEditor;
use crate::context::{Dialog, DialogState, call, call_with, chat};
use crate::i18n::t;
use crate::store::ChatStoreFields;

/// What the dialog shows.
#[derive(Debug, Clone, PartialEq)]
enum View {
    List,
    Edit(Box<Option<Profile>>),
}

/// The dialog.
#[component]
pub fn ProfilesDialog() -> impl IntoView {
    let store = chat();
    let dialog = expect_context::<DialogState>().0;
    let mode = RwSignal::new(View::List);
    let close = move || dialog.set(Dialog::Closed);
    view! {
        <div class="scrim" on:click=move |_| close()></div>
        <div class="dialog wide" role="dialog" aria-modal="true" data-testid="profiles-dialog"
            on:keydown=move |event| if event.key() == "Escape" { close() }>
            {move || match mode.get() {
                View::List => view! {
                    <div class="panel-header">
                        <h2>{t!("profiles-title")}</h2>
                        <button class="ghost icon" aria-label=t!("profiles-close") on:click=move |_| close()>"×"</button>
                    </div>
                    <ul class="profile-list">
                        <For each=move || store.profiles().get() key=|profile| format!("{profile:?}") let:profile>
                            <ProfileItem profile on_edit=move |profile| mode.set(View::Edit(Box::new(Some(profile))))/>
                        </For>
                    </ul>
                    <div class="dialog-actions">
                        <button class="primary" data-testid="profile-new" on:click=move |_| mode.set(View::Edit(Box::new(None)))>{t!("profiles-new")}</button>
                    </div>
                }.into_any(),
                View::Edit(profile) => view! { <ProfileEditor profile=*profile done=move || mode.set(View::List)/> }.into_any(),
            }}
        </div>
    }
}

/// One profile of the list.
#[component]
fn ProfileItem(
    profile: Profile,
    on_edit: impl Fn(Profile) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let check = RwSignal::new(None::<(bool, String)>);
    let room = RwSignal::new(String::new());
    let kind = match &profile.settings.kind {
        ProfileKind::Local => t!("profiles-item-local"),
        ProfileKind::TokenEndpoint { token_url, .. } => {
            t!("profiles-item-token", url = token_url)
        }
        ProfileKind::Aws { region, .. } => t!("profiles-item-aws", region = region),
    };
    let needs_room = matches!(profile.settings.kind, ProfileKind::TokenEndpoint { .. });
    let removable = !matches!(profile.settings.kind, ProfileKind::Local);
    let id = profile.id.clone();
    let run_check = {
        let id = id.clone();
        move |_| {
            check.set(Some((true, t!("profiles-checking"))));
            let room_arn = Some(room.get_untracked()).filter(|arn| !arn.trim().is_empty());
            call_with(
                CheckProfile {
                    id: id.clone(),
                    room_arn,
                },
                move |result| {
                    check.set(Some(match result {
                        Ok(output) => (output.ok, crate::i18n::say(&output.words)),
                        Err(error) => (false, crate::i18n::say(&error.words)),
                    }));
                },
            );
        }
    };
    let remove = {
        let id = id.clone();
        move |_| call(RemoveProfile { id: id.clone() }, |()| {})
    };
    let edit = {
        let profile = profile.clone();
        move |_| on_edit(profile.clone())
    };
    view! {
        <li class="profile-item" data-testid="profile-item" data-profile-id=id.to_string()>
            <div class="profile-summary">
                <strong>{profile.settings.name.clone()}</strong>
                <span class="muted">{kind}</span>
                <span class="muted">{t!("profiles-item-as", name = &profile.settings.display_name, user = &profile.settings.user_id)}</span>
                {profile.has_secret.then(|| view! { <span class="chip">{t!("profiles-item-secret")}</span> })}
            </div>
            <Show when=move || needs_room>
                <input class="compact" placeholder=t!("profiles-check-room") prop:value=move || room.get()
                    on:input=move |event| room.set(event_target_value(&event))/>
            </Show>
            <div class="profile-buttons">
                <button class="secondary" data-testid="profile-edit" on:click=edit>{t!("profiles-edit")}</button>
                <button class="secondary" data-testid="profile-check" on:click=run_check>{t!("profiles-check")}</button>
                <Show when=move || removable>
                    <button class="danger ghost" data-testid="profile-remove" on:click=remove.clone()>{t!("profiles-remove")}</button>
                </Show>
            </div>
            {move || check.get().map(|(ok, message)| view! {
                <p class:ok=ok class:error-text=!ok data-testid="profile-check-result">{message}</p>
            })}
        </li>
    }
}
