//! Creates or edits a profile. A secret typed here goes to the shell once, on save, and is
//! kept in the OS keychain; the form never shows one back.

use chatdeck_ipc::command::{AppInfo, SaveProfile, SecretChange};
use chatdeck_ipc::model::{Badge, Capability, Profile, ProfileKind, ProfileSettings};
use leptos::prelude::*;

use crate::context::call_with;
use crate::i18n::t;

/// An AWS access key id as an example: the key's own form, the same in every language.
const ACCESS_KEY_EXAMPLE: &str = "AKIA…";

/// The form's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Local,
    Token,
    Aws,
}

/// The form's fields, as typed.
#[derive(Debug, Clone, Copy)]
struct Draft {
    kind: RwSignal<Kind>,
    name: RwSignal<String>,
    user_id: RwSignal<String>,
    display_name: RwSignal<String>,
    avatar: RwSignal<String>,
    badges: RwSignal<Vec<Badge>>,
    color: RwSignal<String>,
    token_url: RwSignal<String>,
    messaging: RwSignal<String>,
    region: RwSignal<String>,
    aws_profile: RwSignal<String>,
    key_id: RwSignal<String>,
    endpoint: RwSignal<String>,
    /// A secret typed to replace the stored one.
    secret: RwSignal<String>,
    /// Whether the stored secret goes.
    clear_secret: RwSignal<bool>,
    capabilities: RwSignal<Vec<Capability>>,
}

impl Draft {
    /// The form of `settings`, or of a new profile.
    fn of(settings: Option<&ProfileSettings>) -> Self {
        let text = |value: Option<String>| RwSignal::new(value.unwrap_or_default());
        let kind = RwSignal::new(match settings.map(|s| &s.kind) {
            Some(ProfileKind::Local) => Kind::Local,
            Some(ProfileKind::Aws { .. }) => Kind::Aws,
            _ => Kind::Token,
        });
        let name = text(settings.map(|s| s.name.clone()));
        let user_id = text(settings.map(|s| s.user_id.clone()));
        let display_name = text(settings.map(|s| s.display_name.clone()));
        let avatar = text(settings.and_then(|s| s.avatar_url.clone()));
        let badges = RwSignal::new(settings.map(|s| s.badges.clone()).unwrap_or_default());
        let color = text(settings.and_then(|s| s.color.clone()));
        let (mut token_url, mut messaging, mut region, mut aws_profile, mut key_id, mut endpoint) =
            (None, None, None, None, None, None);
        match settings.map(|s| s.kind.clone()) {
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
        Self {
            kind,
            name,
            user_id,
            display_name,
            avatar,
            badges,
            color,
            token_url: text(token_url),
            messaging: text(messaging),
            region: text(region),
            aws_profile: text(aws_profile),
            key_id: text(key_id),
            endpoint: text(endpoint),
            secret: RwSignal::new(String::new()),
            clear_secret: RwSignal::new(false),
            capabilities: RwSignal::new(
                settings
                    .map(|s| s.capabilities.clone())
                    .unwrap_or_else(|| vec![Capability::SendMessage]),
            ),
        }
    }

    /// The profile's settings as typed (empty optional fields left out).
    fn settings(self) -> ProfileSettings {
        let optional = |signal: RwSignal<String>| {
            Some(signal.get_untracked()).filter(|v| !v.trim().is_empty())
        };
        let kind = match self.kind.get_untracked() {
            Kind::Local => ProfileKind::Local,
            Kind::Token => ProfileKind::TokenEndpoint {
                token_url: self.token_url.get_untracked(),
                messaging_endpoint: self.messaging.get_untracked(),
            },
            Kind::Aws => ProfileKind::Aws {
                region: self.region.get_untracked(),
                aws_profile: optional(self.aws_profile),
                access_key_id: optional(self.key_id),
                endpoint_url: optional(self.endpoint),
            },
        };
        ProfileSettings {
            name: self.name.get_untracked(),
            kind,
            user_id: self.user_id.get_untracked(),
            display_name: self.display_name.get_untracked(),
            avatar_url: optional(self.avatar),
            badges: self.badges.get_untracked(),
            color: optional(self.color),
            capabilities: self.capabilities.get_untracked(),
        }
    }

    /// What happens to the stored secret.
    fn secret_change(self) -> SecretChange {
        match (
            self.secret.get_untracked(),
            self.clear_secret.get_untracked(),
        ) {
            (_, true) => SecretChange::Clear,
            (value, false) if !value.is_empty() => SecretChange::Set(value),
            _ => SecretChange::Keep,
        }
    }
}

/// The form.
#[component]
pub fn ProfileEditor(
    /// The profile to edit, or `None` for a new one.
    profile: Option<Profile>,
    /// Called after saving or cancelling.
    done: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let draft = Draft::of(profile.as_ref().map(|profile| &profile.settings));
    let id = profile.as_ref().map(|profile| profile.id.clone());
    let has_secret = profile.as_ref().is_some_and(|profile| profile.has_secret);
    let kind = draft.kind;
    // Where a secret typed here will be kept: the shell chose the keychain at start-up.
    let keychain = RwSignal::new(None::<String>);
    call_with(AppInfo {}, move |info| {
        if let Ok(info) = info {
            keychain.set(Some(crate::i18n::say(&info.keychain)));
        }
    });
    let error = RwSignal::new(None::<String>);

    let is_new = id.is_none();
    let save = {
        let done = done.clone();
        move |_| {
            let done = done.clone();
            let request = SaveProfile {
                id: id.clone(),
                settings: draft.settings(),
                secret: draft.secret_change(),
            };
            call_with(request, move |result| match result {
                Ok(_) => done(),
                Err(failure) => error.set(Some(crate::i18n::say(&failure.words))),
            });
        }
    };
    view! {
        <div class="panel-header">
            <h2>{if is_new { t!("profiles-editor-new") } else { t!("profiles-editor-edit") }}</h2>
        </div>
        <div class="form" data-testid="profile-editor">
            <Show when=move || is_new>
                <label>
                    {t!("profiles-kind")}
                    <select data-testid="profile-kind" on:change=move |event| kind.set(if event_target_value(&event) == "aws" { Kind::Aws } else { Kind::Token })>
                        <option value="token" selected=move || kind.get() == Kind::Token>{t!("profiles-kind-token")}</option>
                        <option value="aws" selected=move || kind.get() == Kind::Aws>{t!("profiles-kind-aws")}</option>
                    </select>
                </label>
            </Show>
            {field(t!("profiles-name"), "profile-name", draft.name, t!("profiles-name-placeholder"))}
            <div class="form-row">
                {field(t!("profiles-user-id"), "profile-user-id", draft.user_id, t!("profiles-user-id-placeholder"))}
                {field(t!("profiles-display-name"), "profile-display-name", draft.display_name, t!("profiles-display-name-placeholder"))}
            </div>
            {field(t!("profiles-avatar"), "profile-avatar", draft.avatar, "https://…/avatar.png".into())}
            {role_choices(draft.badges, draft.color)}
            {endpoint_fields(draft)}
            {secret_fields(draft, has_secret, keychain)}
            {capability_choices(draft.capabilities)}
            {move || error.get().map(|message| view! { <p class="error-text" data-testid="profile-error">{message}</p> })}
        </div>
        <div class="dialog-actions">
            <button class="secondary" on:click={
                let done = done.clone();
                move |_| done()
            }>{t!("profiles-cancel")}</button>
            <button class="primary" data-testid="profile-save" on:click=save>{t!("profiles-save")}</button>
        </div>
    }
}

/// A labelled text field.
fn field(
    label: String,
    testid: &'static str,
    value: RwSignal<String>,
    placeholder: String,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <input data-testid=testid placeholder=placeholder prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))/>
        </label>
    }
}

/// Where the profile connects: a token endpoint's URLs, or an AWS account's region,
/// credentials profile, key id and endpoint.
fn endpoint_fields(draft: Draft) -> impl IntoView {
    let kind = draft.kind;
    view! {
        <Show when=move || kind.get() == Kind::Token>
            {field(t!("profiles-token-url"), "profile-token-url", draft.token_url, "https://example.com/create_chat_token".into())}
            {field(t!("profiles-messaging-endpoint"), "profile-messaging-endpoint", draft.messaging, "us-west-2".into())}
        </Show>
        <Show when=move || kind.get() == Kind::Aws>
            <div class="form-row">
                {field(t!("profiles-region"), "profile-region", draft.region, "us-west-2".into())}
                {field(t!("profiles-aws-profile"), "profile-aws-profile", draft.aws_profile, "default".into())}
            </div>
            <div class="form-row">
                {field(t!("profiles-access-key-id"), "profile-access-key-id", draft.key_id, ACCESS_KEY_EXAMPLE.into())}
                {field(t!("profiles-endpoint-url"), "profile-endpoint-url", draft.endpoint, "https://ivschat.us-west-2.amazonaws.com".into())}
            </div>
        </Show>
    }
}

/// The secret (a bearer secret or an AWS secret key): typed to replace, never shown, and
/// where it is kept.
fn secret_fields(
    draft: Draft,
    has_secret: bool,
    keychain: RwSignal<Option<String>>,
) -> impl IntoView {
    let (kind, secret, clear_secret) = (draft.kind, draft.secret, draft.clear_secret);
    let secret_label = move || match kind.get() {
        Kind::Aws => t!("profiles-secret-aws"),
        _ => t!("profiles-secret-bearer"),
    };
    view! {
        <Show when=move || kind.get() != Kind::Local>
            <label>
                {secret_label}
                <input type="password" autocomplete="off" data-testid="profile-secret"
                    placeholder=if has_secret { t!("profiles-secret-stored") } else { String::new() }
                    prop:value=move || secret.get() on:input=move |event| secret.set(event_target_value(&event))/>
            </label>
            <p class="muted keychain-note" data-testid="keychain-note">
                {move || keychain.get().map(|place| t!("profiles-secret-kept", place = place))}
            </p>
            <Show when=move || has_secret>
                <label class="inline">
                    <input type="checkbox" prop:checked=move || clear_secret.get()
                        on:change=move |event| clear_secret.set(event_target_checked(&event))/>
                    {t!("profiles-secret-remove")}
                </label>
            </Show>
        </Show>
    }
}

/// The roles and the name color the profile's tokens carry (`badges` and `color`, the
/// convention of chatdeck_ipc::badge), for others to see beside the name. Whoever issues the
/// token decides: a token endpoint may ignore what is asked.
fn role_choices(badges: RwSignal<Vec<Badge>>, color: RwSignal<String>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{t!("profiles-badges")}</legend>
            {Badge::ALL.into_iter().map(|badge| view! {
                <label class="inline">
                    <input type="checkbox" data-testid=format!("profile-badge-{}", badge.name())
                        prop:checked=move || badges.with(|list| list.contains(&badge))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            badges.update(|list| toggle(list, badge, on));
                        }/>
                    {badge_label(badge)}
                </label>
            }).collect_view()}
        </fieldset>
        {field(t!("profiles-color"), "profile-color", color, "#6d28d9".into())}
    }
}

/// A role in words (`Badge::label`'s, in the page's language).
fn badge_label(badge: Badge) -> String {
    match badge {
        Badge::Broadcaster => t!("profiles-badge-broadcaster"),
        Badge::Moderator => t!("profiles-badge-moderator"),
        Badge::Vip => t!("profiles-badge-vip"),
        Badge::Subscriber => t!("profiles-badge-subscriber"),
    }
}

/// The capabilities the profile's tokens ask for (the API's names, said as they are).
fn capability_choices(capabilities: RwSignal<Vec<Capability>>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{t!("profiles-capabilities")}</legend>
            {Capability::ALL.into_iter().map(|capability| view! {
                <label class="inline">
                    <input type="checkbox" data-testid=format!("profile-capability-{}", capability.as_str())
                        prop:checked=move || capabilities.with(|list| list.contains(&capability))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            capabilities.update(|list| toggle(list, capability, on));
                        }/>
                    {capability.as_str()}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// A checkbox's list: `item` in it (once, in order) when `on`, out of it otherwise.
fn toggle<T: Ord>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|known| *known != item);
    if on {
        list.push(item);
        list.sort();
    }
}
