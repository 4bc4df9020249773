//! From a profile to what a room needs: the messaging endpoint, a token provider, and (for
//! Local and AWS profiles) a control-plane client for room lists and limits.
//!
//! [`Connector`] is what the tabs, the profile checks and the console share: it reads a
//! profile and its secret and builds the clients, so none of them touches the profile file or
//! the keychain.

use std::sync::Arc;

use chatdeck_ipc::badge::{BADGES_ATTRIBUTE, COLOR_ATTRIBUTE};
use chatdeck_ipc::model::{Badge, ProfileKind, ProfileSettings, RoomSummary};
use ivs_chat_client::token::{
    AwsCredentials, AwsSettings, AwsTokenProvider, HttpTokenProvider, TokenProvider,
};
use ivs_chat_client::{Endpoint, Limits};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use ivs_chat_protocol::{Attributes, Secret};

use super::aws_error;
use super::local::LocalService;
use super::profiles::store::{ProfileStore, StoredProfile};
use super::secrets::Secrets;
use crate::error::AppError;
use chatdeck_ipc::model::ProfileId;
use chatdeck_l10n::Words;

/// Builds a profile's clients from its stored settings and its secret in the keychain.
#[derive(Debug)]
pub struct Connector {
    /// The saved profiles.
    profiles: Arc<ProfileStore>,
    /// Their secrets.
    secrets: Arc<Secrets>,
    /// The embedded service the Local profile talks to.
    local: Arc<LocalService>,
}

impl Connector {
    /// A connector over these profiles, secrets and local service.
    pub fn new(
        profiles: Arc<ProfileStore>,
        secrets: Arc<Secrets>,
        local: Arc<LocalService>,
    ) -> Self {
        Self {
            profiles,
            secrets,
            local,
        }
    }

    /// The profile `id` as stored.
    pub fn profile(&self, id: &ProfileId) -> Result<StoredProfile, AppError> {
        self.profiles.get(id)
    }

    /// The profile `id` and its secret, if one is stored.
    async fn with_secret(
        &self,
        id: &ProfileId,
    ) -> Result<(StoredProfile, Option<Secret>), AppError> {
        let profile = self.profiles.get(id)?;
        let secret = self.secrets.get(&profile.id).await?;
        Ok((profile, secret))
    }

    /// The control plane of profile `id`: the local service's, or AWS's; `None` for a token
    /// endpoint.
    pub async fn control(
        &self,
        id: &ProfileId,
    ) -> Result<Option<aws_sdk_ivschat::Client>, AppError> {
        let (profile, secret) = self.with_secret(id).await?;
        control(&profile, secret, &self.local).await
    }

    /// Everything a room of profile `id` needs to connect to `room_arn`.
    pub async fn access(&self, id: &ProfileId, room_arn: &str) -> Result<RoomAccess, AppError> {
        let (profile, secret) = self.with_secret(id).await?;
        access(&profile, secret, &self.local, room_arn).await
    }
}

/// What a room of a profile connects with.
#[derive(Debug, Clone)]
pub struct RoomAccess {
    /// The messaging endpoint.
    pub endpoint: Endpoint,
    /// Fresh tokens for every connection attempt.
    pub tokens: Arc<dyn TokenProvider>,
    /// The control plane, when the profile has one.
    pub control: Option<aws_sdk_ivschat::Client>,
}

/// The token attributes a profile asks for: `displayName`, and `avatar`, `badges` and `color`
/// when set (the badges convention: chatdeck_ipc::badge).
pub fn token_attributes(settings: &ProfileSettings) -> Attributes {
    let mut attributes = Attributes::new();
    if !settings.display_name.is_empty() {
        attributes.insert("displayName".into(), settings.display_name.clone());
    }
    if let Some(avatar) = &settings.avatar_url {
        attributes.insert("avatar".into(), avatar.clone());
    }
    if !settings.badges.is_empty() {
        attributes.insert(BADGES_ATTRIBUTE.into(), Badge::join(&settings.badges));
    }
    if let Some(color) = &settings.color {
        attributes.insert(COLOR_ATTRIBUTE.into(), color.clone());
    }
    attributes
}

/// The control plane of a profile: the local service's, or AWS's; `None` for a token endpoint.
async fn control(
    profile: &StoredProfile,
    secret: Option<Secret>,
    local: &LocalService,
) -> Result<Option<aws_sdk_ivschat::Client>, AppError> {
    match &profile.settings.kind {
        ProfileKind::Local => Ok(Some(local.control().clone())),
        ProfileKind::TokenEndpoint { .. } => Ok(None),
        ProfileKind::Aws {
            region,
            aws_profile,
            access_key_id,
            endpoint_url,
        } => {
            let credentials = match (access_key_id, secret) {
                (Some(access_key_id), Some(secret_access_key)) => Some(AwsCredentials {
                    access_key_id: access_key_id.clone(),
                    secret_access_key,
                    session_token: None,
                }),
                (Some(_), None) => {
                    return Err(AppError::Invalid(Words::new("shell-error-no-secret-key")));
                }
                _ => None,
            };
            let settings = AwsSettings {
                region: Some(region.clone()),
                profile: aws_profile.clone(),
                credentials,
                endpoint_url: endpoint_url.clone(),
            };
            Ok(Some(settings.client().await))
        }
    }
}

/// Everything a room of `profile` needs to connect to `room_arn`.
async fn access(
    profile: &StoredProfile,
    secret: Option<Secret>,
    local: &LocalService,
    room_arn: &str,
) -> Result<RoomAccess, AppError> {
    let settings = &profile.settings;
    let capabilities = settings.capabilities.clone();
    let attributes = token_attributes(settings);
    let request = CreateChatTokenRequest {
        room_identifier: Some(room_arn.to_owned()),
        user_id: Some(settings.user_id.clone()),
        capabilities: Some(capabilities.clone()),
        session_duration_in_minutes: None,
        attributes: Some(attributes.clone()),
    };
    let invalid_endpoint =
        |error: ivs_chat_client::Error| AppError::Invalid(AppError::from(error).words());
    match &settings.kind {
        ProfileKind::Local => Ok(RoomAccess {
            endpoint: Endpoint::parse(local.messaging_endpoint()).map_err(invalid_endpoint)?,
            tokens: Arc::new(local.tokens(room_arn, &settings.user_id, capabilities, attributes)),
            control: Some(local.control().clone()),
        }),
        ProfileKind::TokenEndpoint {
            token_url,
            messaging_endpoint,
        } => {
            let mut tokens = HttpTokenProvider::new(token_url.clone(), request);
            if let Some(secret) = secret {
                tokens = tokens.with_bearer(secret);
            }
            Ok(RoomAccess {
                endpoint: Endpoint::parse(messaging_endpoint).map_err(invalid_endpoint)?,
                tokens: Arc::new(tokens),
                control: None,
            })
        }
        ProfileKind::Aws {
            region,
            endpoint_url,
            ..
        } => {
            let control = control(profile, secret, local)
                .await?
                .ok_or_else(|| AppError::Internal(Words::new("shell-error-aws-control")))?;
            // A custom control plane (another ivs-chat-local) serves messaging on the same port.
            let endpoint = match endpoint_url {
                Some(url) => {
                    Endpoint::parse(&url.replacen("http", "ws", 1)).map_err(invalid_endpoint)?
                }
                None => Endpoint::region(region),
            };
            Ok(RoomAccess {
                endpoint,
                tokens: Arc::new(AwsTokenProvider::from_client(control.clone(), request)),
                control: Some(control),
            })
        }
    }
}

/// A room's name and limits from GetRoom.
pub async fn room_info(
    control: &aws_sdk_ivschat::Client,
    arn: &str,
) -> Result<(String, Limits), AppError> {
    let room = control
        .get_room()
        .identifier(arn)
        .send()
        .await
        .map_err(aws_error::classify)?;
    let defaults = Limits::default();
    let limits = Limits {
        maximum_message_length: room
            .maximum_message_length()
            .and_then(|value| u32::try_from(value).ok())
            .unwrap_or(defaults.maximum_message_length),
        maximum_message_rate: room
            .maximum_message_rate_per_second()
            .and_then(|value| u32::try_from(value).ok())
            .unwrap_or(defaults.maximum_message_rate),
        ..defaults
    };
    Ok((room.name().unwrap_or_default().to_owned(), limits))
}

/// Lists rooms, following pages up to a bound.
pub async fn list_rooms(control: &aws_sdk_ivschat::Client) -> Result<Vec<RoomSummary>, AppError> {
    /// More rooms than a picker can usefully show.
    const MAX_PAGES: usize = 10;
    let mut rooms = Vec::new();
    let mut next = None;
    for _ in 0..MAX_PAGES {
        let page = control
            .list_rooms()
            .max_results(50)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(aws_error::classify)?;
        rooms.extend(page.rooms().iter().map(|room| RoomSummary {
            arn: room.arn().unwrap_or_default().to_owned(),
            name: room.name().unwrap_or_default().to_owned(),
        }));
        match page.next_token() {
            Some(token) if !token.is_empty() => next = Some(token.to_owned()),
            _ => break,
        }
    }
    rooms.sort_by(|a, b| a.name.cmp(&b.name).then(a.arn.cmp(&b.arn)));
    Ok(rooms)
}
