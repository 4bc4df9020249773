//! Profiles: how the app reaches IVS Chat (the embedded local service, a token endpoint, an
//! AWS account), their commands, and the views the UI gets (never a secret).
//!
//! - this file: the [`Profiles`] service: save, remove, check, list a profile's rooms.
//! - `store.rs`: the profiles in `profiles.json`.

pub mod store;

use std::sync::Arc;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{
    CheckOutput, CheckProfile, CloseTab, ListRooms, RemoveProfile, SaveProfile, SecretChange,
};
use chatdeck_ipc::model::{Profile, ProfileKind, RoomSummary};
use chatdeck_l10n::Words;
use ivs_chat_protocol::Secret;

use super::connect::{self, Connector};
use super::events::Events;
use super::secrets::Secrets;
use super::tabs::Tabs;
use crate::error::{AppError, as_is};
use store::{ProfileStore, StoredProfile};

/// The profile commands.
#[derive(Debug)]
pub struct Profiles {
    /// The saved profiles.
    store: Arc<ProfileStore>,
    /// Their secrets.
    secrets: Arc<Secrets>,
    /// Builds a profile's clients, to check it and list its rooms.
    connector: Arc<Connector>,
    /// A removed profile's tabs close.
    tabs: Arc<Tabs>,
    /// Every window hears of changed profiles.
    events: Arc<Events>,
}

impl Profiles {
    /// The profile commands over these parts.
    pub fn new(
        store: Arc<ProfileStore>,
        secrets: Arc<Secrets>,
        connector: Arc<Connector>,
        tabs: Arc<Tabs>,
        events: Arc<Events>,
    ) -> Self {
        Self {
            store,
            secrets,
            connector,
            tabs,
            events,
        }
    }

    /// Where profile secrets are kept, in words.
    pub fn keychain(&self) -> Words {
        self.secrets.backend().words()
    }

    /// Every profile as the UI sees it.
    pub async fn views(&self) -> Vec<Profile> {
        let mut views = Vec::new();
        for profile in self.store.all() {
            let has_secret = !matches!(profile.settings.kind, ProfileKind::Local)
                && self.has_secret(&profile).await;
            views.push(view(profile, has_secret));
        }
        views
    }

    async fn has_secret(&self, profile: &StoredProfile) -> bool {
        matches!(self.secrets.get(&profile.id).await, Ok(Some(_)))
    }

    async fn emit_profiles(&self) {
        let profiles = self.views().await;
        self.events.emit(UiEventBody::Profiles { profiles });
    }

    /// See [`SaveProfile`].
    pub async fn save_profile(&self, request: SaveProfile) -> Result<Profile, AppError> {
        let profile = self.store.save(request.id, request.settings)?;
        match request.secret {
            SecretChange::Keep => {}
            SecretChange::Set(secret) if !secret.is_empty() => {
                self.secrets.set(&profile.id, Secret::new(secret)).await?;
            }
            SecretChange::Set(_) | SecretChange::Clear => self.secrets.clear(&profile.id).await?,
        }
        tracing::info!(profile = %profile.id, "profile saved");
        self.emit_profiles().await;
        let has_secret = self.has_secret(&profile).await;
        Ok(view(profile, has_secret))
    }

    /// See [`RemoveProfile`].
    pub async fn remove_profile(&self, request: RemoveProfile) -> Result<(), AppError> {
        self.store.remove(&request.id)?;
        self.secrets.clear(&request.id).await?;
        for tab_id in self.tabs.of_profile(&request.id) {
            self.tabs.close_tab(CloseTab { tab_id }).await?;
        }
        self.emit_profiles().await;
        Ok(())
    }

    /// See [`CheckProfile`].
    pub async fn check_profile(&self, request: CheckProfile) -> Result<CheckOutput, AppError> {
        let control = self.connector.control(&request.id).await?;
        let rooms = match &control {
            Some(control) => match connect::list_rooms(control).await {
                Ok(rooms) => Some(rooms),
                Err(error) => {
                    return Ok(CheckOutput::new(
                        false,
                        Words::new("shell-check-refused").with("error", error.to_string()),
                    ));
                }
            },
            None => None,
        };
        let room_arn = request
            .room_arn
            .filter(|arn| !arn.trim().is_empty())
            .or_else(|| {
                rooms
                    .as_ref()
                    .and_then(|rooms| rooms.first())
                    .map(|room| room.arn.clone())
            });
        let Some(room_arn) = room_arn else {
            return Ok(match rooms {
                Some(_) => CheckOutput::new(true, Words::new("shell-check-no-rooms")),
                None => CheckOutput::new(false, Words::new("shell-check-room-arn")),
            });
        };
        let access = self.connector.access(&request.id, &room_arn).await?;
        Ok(match access.tokens.fetch().await {
            Ok(_) => CheckOutput::new(
                true,
                match rooms {
                    Some(rooms) => Words::new("shell-check-rooms").with("count", rooms.len()),
                    None => Words::new("shell-check-token"),
                },
            ),
            // The token endpoint's failure, said as the engine says it.
            Err(error) => CheckOutput::new(false, as_is(error.to_string())),
        })
    }

    /// See [`ListRooms`].
    pub async fn list_rooms(&self, request: ListRooms) -> Result<Vec<RoomSummary>, AppError> {
        match self.connector.control(&request.profile_id).await? {
            Some(control) => connect::list_rooms(&control).await,
            None => Err(AppError::Invalid(Words::new("shell-error-list-rooms"))),
        }
    }
}

/// A profile as the UI sees it.
fn view(profile: StoredProfile, has_secret: bool) -> Profile {
    Profile {
        id: profile.id,
        settings: profile.settings,
        has_secret,
    }
}
