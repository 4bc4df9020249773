//! Creates or edits a profile. A secret typed here goes to the shell once, on save, and is
//! kept in the OS keychain; the form never shows one back.

use chatdeck_ipc::command::{AppInfo, SaveProfile, SecretChange};
use chatdeck_ipc::model::{Capability, Profile, ProfileKind, ProfileSettings};
use leptos::prelude::*;

use crate::context::call_with;

/// The form's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Local,
    Token,
    Aws,
}

/// The form.
#[component]
pub fn ProfileEditor(
    /// The profile to edit, or `None` for a new one.
    profile: Option<Profile>,
    /// Called after saving or cancelling.
    done: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let settings = profile.as_ref().map(|profile| profile.settings.clone());
    let id = profile.as_ref().map(|profile| profile.id.clone());
    let has_secret = profile.as_ref().is_some_and(|profile| profile.has_secret);
    let text = |value: Option<String>| RwSignal::new(value.unwrap_or_default());
    let kind = RwSignal::new(match settings.as_ref().map(|s| &s.kind) {
        Some(ProfileKind::Local) => Kind::Local,
        Some(ProfileKind::Aws { .. }) => Kind::Aws,
        _ => Kind::Token,
    });
    // Where a secret typed here will be kept: the shell chose the keychain at start-up.
    let keychain = RwSignal::new(None::<String>);
    call_with(AppInfo {}, move |info| {
        if let Ok(info) = info {
            keychain.set(Some(info.keychain));
        }
    });
    let name = text(settings.as_ref().map(|s| s.name.clone()));
    let user_id = text(settings.as_ref().map(|s| s.user_id.clone()));
    let display_name = text(settings.as_ref().map(|s| s.display_name.clone()));
    let avatar = text(settings.as_ref().and_then(|s| s.avatar_url.clone()));
    let (mut token_url, mut messaging, mut region, mut aws_profile, mut key_id, mut endpoint) =
        (None, None, None, None, None, None);
    match settings.as_ref().map(|s| s.kind.clone()) {
        Some(ProfileKind::TokenEndpoint {
            token_url: url,
            messaging_endpoint,
        }) => {
            token_url = Some(url);
            messaging = Some(messaging_endpoint);
        }
        Some(ProfileKind::Aws {
            region: r,
            aws_profile: p,
            access_key_id,
            endpoint_url,
        }) => {
            region = Some(r);
            aws_profile = p;
            key_id = access_key_id;
            endpoint = endpoint_url;
        }
        _ => {}
    }
    let token_url = text(token_url);
    let messaging = text(messaging);
    let region = text(region);
    let aws_profile = text(aws_profile);
    let key_id = text(key_id);
    let endpoint = text(endpoint);
    let secret = RwSignal::new(String::new());
    let clear_secret = RwSignal::new(false);
    let capabilities = RwSignal::new(
        settings
            .as_ref()
            .map(|s| s.capabilities.clone())
            .unwrap_or_else(|| vec![Capability::SendMessage]),
    );
    let error = RwSignal::new(None::<String>);

    let is_new = id.is_none();
    let save = {
        let done = done.clone();
        move |_| {
            let optional = |signal: RwSignal<String>| {
                Some(signal.get_untracked()).filter(|v| !v.trim().is_empty())
            };
            let kind = match kind.get_untracked() {
                Kind::Local => ProfileKind::Local,
                Kind::Token => ProfileKind::TokenEndpoint {
                    token_url: token_url.get_untracked(),
                    messaging_endpoint: messaging.get_untracked(),
                },
                Kind::Aws => ProfileKind::Aws {
                    region: region.get_untracked(),
                    aws_profile: optional(aws_profile),
                    access_key_id: optional(key_id),
                    endpoint_url: optional(endpoint),
                },
            };
            let settings = ProfileSettings {
                name: name.get_untracked(),
                kind,
                user_id: user_id.get_untracked(),
                display_name: display_name.get_untracked(),
                avatar_url: optional(avatar),
                capabilities: capabilities.get_untracked(),
            };
            let secret = match (secret.get_untracked(), clear_secret.get_untracked()) {
                (_, true) => SecretChange::Clear,
                (value, false) if !value.is_empty() => SecretChange::Set(value),
                _ => SecretChange::Keep,
            };
            let done = done.clone();
            call_with(
                SaveProfile {
                    id: id.clone(),
                    settings,
                    secret,
                },
                move |result| match result {
                    Ok(_) => done(),
                    Err(failure) => error.set(Some(failure.message)),
                },
            );
        }
    };
    let field = |label: &'static str,
                 testid: &'static str,
                 value: RwSignal<String>,
                 placeholder: &'static str| {
        view! {
            <label>
                {label}
                <input data-testid=testid placeholder=placeholder prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))/>
            </label>
        }
    };
    let secret_label = move || match kind.get() {
        Kind::Aws => "Secret access key",
        _ => "Bearer secret (optional)",
    };
    view! {
        <div class="panel-header">
            <h2>{if is_new { "New profile" } else { "Edit profile" }}</h2>
        </div>
        <div class="form" data-testid="profile-editor">
            <Show when=move || is_new>
                <label>
                    "Kind"
                    <select data-testid="profile-kind" on:change=move |event| kind.set(if event_target_value(&event) == "aws" { Kind::Aws } else { Kind::Token })>
                        <option value="token" selected=move || kind.get() == Kind::Token>"Token endpoint"</option>
                        <option value="aws" selected=move || kind.get() == Kind::Aws>"AWS account"</option>
                    </select>
                </label>
            </Show>
            {field("Name", "profile-name", name, "My backend")}
            <div class="form-row">
                {field("User id", "profile-user-id", user_id, "alice")}
                {field("Display name", "profile-display-name", display_name, "Alice")}
            </div>
            {field("Avatar URL (https)", "profile-avatar", avatar, "https://…/avatar.png")}
            <Show when=move || kind.get() == Kind::Token>
                {field("Token endpoint URL", "profile-token-url", token_url, "https://example.com/create_chat_token")}
                {field("Messaging endpoint (region or wss:// URL)", "profile-messaging-endpoint", messaging, "us-west-2")}
            </Show>
            <Show when=move || kind.get() == Kind::Aws>
                <div class="form-row">
                    {field("Region", "profile-region", region, "us-west-2")}
                    {field("AWS profile name", "profile-aws-profile", aws_profile, "default")}
                </div>
                <div class="form-row">
                    {field("Access key id (optional)", "profile-access-key-id", key_id, "AKIA…")}
                    {field("Endpoint URL (optional)", "profile-endpoint-url", endpoint, "https://ivschat.us-west-2.amazonaws.com")}
                </div>
            </Show>
            <Show when=move || kind.get() != Kind::Local>
                <label>
                    {secret_label}
                    <input type="password" autocomplete="off" data-testid="profile-secret"
                        placeholder=if has_secret { "stored in the keychain — type to replace" } else { "" }
                        prop:value=move || secret.get() on:input=move |event| secret.set(event_target_value(&event))/>
                </label>
                <p class="muted keychain-note" data-testid="keychain-note">
                    {move || keychain.get().map(|place| format!("Kept in {place}; never shown again."))}
                </p>
                <Show when=move || has_secret>
                    <label class="inline">
                        <input type="checkbox" prop:checked=move || clear_secret.get()
                            on:change=move |event| clear_secret.set(event_target_checked(&event))/>
                        "Remove the stored secret"
                    </label>
                </Show>
            </Show>
            <fieldset>
                <legend>"Capabilities to ask for"</legend>
                {Capability::ALL.into_iter().map(|capability| view! {
                    <label class="inline">
                        <input type="checkbox" data-testid=format!("profile-capability-{}", capability.as_str())
                            prop:checked=move || capabilities.with(|list| list.contains(&capability))
                            on:change=move |event| {
                                let on = event_target_checked(&event);
                                capabilities.update(|list| {
                                    list.retain(|known| *known != capability);
                                    if on { list.push(capability); }
                                });
                            }/>
                        {capability.as_str()}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || error.get().map(|message| view! { <p class="error-text" data-testid="profile-error">{message}</p> })}
        </div>
        <div class="dialog-actions">
            <button class="secondary" on:click={
                let done = done.clone();
                move |_| done()
            }>"Cancel"</button>
            <button class="primary" data-testid="profile-save" on:click=save>"Save"</button>
        </div>
    }
}
