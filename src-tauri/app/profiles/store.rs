//! The saved profiles, in `profiles.json` (settings only: secrets live in the keychain).

use std::path::PathBuf;
use std::sync::Mutex;

use chatdeck_ipc::badge::is_color;
use chatdeck_ipc::model::{Badge, Capability, ProfileId, ProfileKind, ProfileSettings};
use chatdeck_l10n::Words;
use serde::{Deserialize, Serialize};

use crate::app::files;
use crate::error::AppError;

/// The built-in Local profile's id.
pub const LOCAL_PROFILE: &str = "local";

/// The built-in Local profile's id, as an id.
pub fn local_profile_id() -> ProfileId {
    ProfileId::new(LOCAL_PROFILE)
}

/// A profile as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProfile {
    /// Stable id.
    pub id: ProfileId,
    /// Its settings.
    pub settings: ProfileSettings,
}

/// The saved profiles.
#[derive(Debug)]
pub struct ProfileStore {
    /// `profiles.json`.
    path: PathBuf,
    /// A std Mutex: held for in-memory edits and a small file write, never across an await.
    list: Mutex<Vec<StoredProfile>>,
}

impl ProfileStore {
    /// Loads `profiles.json` from `data_dir`, adding the Local profile when it is missing.
    pub fn load(data_dir: &std::path::Path) -> Result<Self, AppError> {
        let path = data_dir.join("profiles.json");
        let mut list: Vec<StoredProfile> = files::read(&path)?.unwrap_or_default();
        if !list.iter().any(|profile| profile.id == LOCAL_PROFILE) {
            list.insert(0, local_profile());
            files::write(&path, &list)?;
        }
        Ok(Self {
            path,
            list: Mutex::new(list),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<StoredProfile>> {
        self.list
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every profile, in order.
    pub fn all(&self) -> Vec<StoredProfile> {
        self.lock().clone()
    }

    /// The profile `id`.
    pub fn get(&self, id: &ProfileId) -> Result<StoredProfile, AppError> {
        self.lock()
            .iter()
            .find(|profile| &profile.id == id)
            .cloned()
            .ok_or_else(|| no_profile(id))
    }

    /// Creates (`id: None`) or replaces a profile after validating it.
    pub fn save(
        &self,
        id: Option<ProfileId>,
        settings: ProfileSettings,
    ) -> Result<StoredProfile, AppError> {
        let settings = validate(settings)?;
        let mut list = self.lock();
        let profile = match id {
            Some(id) => {
                let existing = list
                    .iter_mut()
                    .find(|profile| profile.id == id)
                    .ok_or_else(|| no_profile(&id))?;
                if matches!(existing.settings.kind, ProfileKind::Local)
                    != matches!(settings.kind, ProfileKind::Local)
                {
                    return Err(AppError::Invalid(Words::new("shell-error-profile-kind")));
                }
                existing.settings = settings;
                existing.clone()
            }
            None => {
                if matches!(settings.kind, ProfileKind::Local) {
                    return Err(AppError::Invalid(Words::new("shell-error-one-local")));
                }
                let profile = StoredProfile {
                    id: ProfileId::new(uuid::Uuid::new_v4().simple().to_string()),
                    settings,
                };
                list.push(profile.clone());
                profile
            }
        };
        files::write(&self.path, &*list)?;
        Ok(profile)
    }

    /// Removes a profile; the Local profile stays.
    pub fn remove(&self, id: &ProfileId) -> Result<(), AppError> {
        if *id == LOCAL_PROFILE {
            return Err(AppError::Invalid(Words::new("shell-error-local-built-in")));
        }
        let mut list = self.lock();
        let before = list.len();
        list.retain(|profile| &profile.id != id);
        if list.len() == before {
            return Err(no_profile(id));
        }
        files::write(&self.path, &*list)?;
        Ok(())
    }
}

/// The Local profile of a first run: the embedded service, as the room's moderator and
/// broadcaster.
fn local_profile() -> StoredProfile {
    StoredProfile {
        id: local_profile_id(),
        settings: ProfileSettings {
            name: "Local".into(),
            kind: ProfileKind::Local,
            user_id: "host".into(),
            display_name: "Host".into(),
            avatar_url: None,
            badges: vec![Badge::Broadcaster],
            color: None,
            capabilities: Capability::ALL.to_vec(),
        },
    }
}

fn no_profile(id: &ProfileId) -> AppError {
    AppError::NotFound(Words::new("shell-error-no-profile").with("profile", format!("{id:?}")))
}

/// Checks what the service would refuse, in words the profile editor can show.
fn validate(mut settings: ProfileSettings) -> Result<ProfileSettings, AppError> {
    let invalid = |id: &str| Err(AppError::Invalid(Words::new(id)));
    settings.name = settings.name.trim().to_owned();
    settings.user_id = settings.user_id.trim().to_owned();
    settings.display_name = settings.display_name.trim().to_owned();
    if settings.name.is_empty() {
        return invalid("shell-error-profile-name");
    }
    if settings.user_id.is_empty() || settings.user_id.chars().count() > 128 {
        return invalid("shell-error-profile-user-id");
    }
    settings.avatar_url = settings
        .avatar_url
        .map(|url| url.trim().to_owned())
        .filter(|url| !url.is_empty());
    if let Some(url) = &settings.avatar_url
        && !is_http_url(url)
    {
        return invalid("shell-error-profile-avatar");
    }
    settings.color = settings
        .color
        .map(|color| color.trim().to_owned())
        .filter(|color| !color.is_empty());
    if let Some(color) = &settings.color
        && !is_color(color)
    {
        return invalid("shell-error-profile-color");
    }
    settings.badges.sort();
    settings.badges.dedup();
    settings.capabilities.sort();
    settings.capabilities.dedup();
    match &mut settings.kind {
        ProfileKind::Local => {}
        ProfileKind::TokenEndpoint {
            token_url,
            messaging_endpoint,
        } => {
            *token_url = token_url.trim().to_owned();
            *messaging_endpoint = messaging_endpoint.trim().to_owned();
            if !is_http_url(token_url) {
                return invalid("shell-error-profile-token-url");
            }
            if ivs_chat_client::Endpoint::parse(messaging_endpoint).is_err() {
                return invalid("shell-error-profile-endpoint");
            }
        }
        ProfileKind::Aws {
            region,
            aws_profile,
            access_key_id,
            endpoint_url,
        } => {
            *region = region.trim().to_owned();
            if region.is_empty() || ivs_chat_client::Endpoint::parse(region).is_err() {
                return invalid("shell-error-profile-region");
            }
            for field in [&mut *aws_profile, &mut *access_key_id, &mut *endpoint_url] {
                *field = field
                    .take()
                    .map(|value| value.trim().to_owned())
                    .filter(|value| !value.is_empty());
            }
            if let Some(url) = endpoint_url
                && !is_http_url(url)
            {
                return invalid("shell-error-profile-endpoint-url");
            }
        }
    }
    Ok(settings)
}

/// Whether `url` is an http(s) URL: the only kind the app fetches or lets the webview load.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") && lower.len() > 8)
        || (lower.starts_with("http://") && lower.len() > 7)
}
