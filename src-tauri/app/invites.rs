//! Invite links: reading one the desktop hands the app (the UI asks before anything is
//! joined), joining through it, and making one for a room a moderator or streamer has open.
//!
//! The link's rules are `chatdeck_ipc::invite`'s; here, what joining means: the viewer's
//! profile for the link's token endpoint is reused when one matches (same token URL and
//! messaging endpoint), else created with the suggested display name and only the right to
//! send messages (what the token endpoint grants is its own decision).

use std::sync::{Arc, Mutex, PoisonError};

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{OpenTab, SaveProfile, SecretChange};
use chatdeck_ipc::invite::{
    AcceptInvite, CopyInviteLink, DismissInvite, Invite, InviteOffer, OpenInvite,
};
use chatdeck_ipc::model::{Capability, ProfileId, ProfileKind, ProfileSettings, Tab};
use chatdeck_l10n::Words;

use super::desktop::{Desktop, DesktopRequest};
use super::events::Events;
use super::local::LocalService;
use super::profiles::Profiles;
use super::profiles::store::ProfileStore;
use super::tabs::Tabs;
use crate::error::AppError;

/// The display name of a viewer whose link suggests none.
const DEFAULT_NAME: &str = "Viewer";

/// The invite service.
#[derive(Debug)]
pub struct Invites {
    /// Saved profiles, to find one that matches a link.
    store: Arc<ProfileStore>,
    /// Creates a viewer's profile (and tells the windows).
    profiles: Arc<Profiles>,
    /// Opens the room.
    tabs: Arc<Tabs>,
    /// The question goes to the UI.
    events: Arc<Events>,
    /// The clipboard.
    desktop: Arc<Desktop>,
    /// The Local profile's token endpoint.
    local: Arc<LocalService>,
    /// The offer waiting for an answer, for windows that load after it was made (a link the
    /// app was opened with comes before any window listens).
    pending: Mutex<Option<InviteOffer>>,
}

impl Invites {
    /// The invite service.
    pub fn new(
        store: Arc<ProfileStore>,
        profiles: Arc<Profiles>,
        tabs: Arc<Tabs>,
        events: Arc<Events>,
        desktop: Arc<Desktop>,
        local: Arc<LocalService>,
    ) -> Self {
        Self {
            store,
            profiles,
            tabs,
            events,
            desktop,
            local,
            pending: Mutex::new(None),
        }
    }

    /// The offer waiting for an answer, if any.
    pub fn pending(&self) -> Option<InviteOffer> {
        self.waiting().clone()
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, Option<InviteOffer>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets the waiting offer if it is the one for `link`.
    fn answered(&self, link: &str) {
        let mut waiting = self.waiting();
        if waiting.as_ref().is_some_and(|offer| offer.link == link) {
            *waiting = None;
        }
    }

    /// The saved token-endpoint profile `invite` would use.
    fn matching_profile(&self, invite: &Invite) -> Option<(ProfileId, String)> {
        self.store
            .all()
            .into_iter()
            .find_map(|profile| match &profile.settings.kind {
                ProfileKind::TokenEndpoint {
                    token_url,
                    messaging_endpoint,
                } if *token_url == invite.token_url && *messaging_endpoint == invite.endpoint => {
                    Some((profile.id, profile.settings.name))
                }
                _ => None,
            })
    }

    /// See [`OpenInvite`].
    pub async fn open_invite(&self, request: OpenInvite) -> Result<InviteOffer, AppError> {
        let offer = match Invite::parse(&request.link) {
            Ok(invite) => {
                let matching = self.matching_profile(&invite);
                let name = match &matching {
                    Some((id, _)) => self.store.get(id)?.settings.display_name,
                    None => invite.name.clone().unwrap_or_else(|| DEFAULT_NAME.into()),
                };
                tracing::info!(room = %invite.room_arn, host = invite.host(), "invite link received");
                InviteOffer {
                    text: Words::new("shell-invite-question")
                        .with("room", invite.room_id())
                        .with("host", invite.host())
                        .with("name", name),
                    invite: Some(invite),
                    profile_name: matching.map(|(_, name)| name),
                    link: request.link,
                }
            }
            Err(refused) => {
                // Not the link itself: a refused one may carry what should not be logged.
                tracing::warn!("an invite link was refused");
                InviteOffer {
                    link: request.link,
                    invite: None,
                    // Why, as the link's checks say it.
                    text: Words::new("shell-error-invite-refused").with("reason", refused.0),
                    profile_name: None,
                }
            }
        };
        *self.waiting() = Some(offer.clone());
        self.events.emit(UiEventBody::Invite {
            offer: offer.clone(),
        });
        Ok(offer)
    }

    /// See [`AcceptInvite`].
    pub async fn accept_invite(&self, request: AcceptInvite) -> Result<Tab, AppError> {
        let invite = Invite::parse(&request.link).map_err(|refused| {
            AppError::Invalid(Words::new("shell-error-invite-refused").with("reason", refused.0))
        })?;
        let profile_id = match self.matching_profile(&invite) {
            Some((id, _)) => id,
            None => {
                let display_name = invite.name.clone().unwrap_or_else(|| DEFAULT_NAME.into());
                let settings = ProfileSettings {
                    name: format!("{} (invite)", invite.host()),
                    kind: ProfileKind::TokenEndpoint {
                        token_url: invite.token_url.clone(),
                        messaging_endpoint: invite.endpoint.clone(),
                    },
                    user_id: user_id(&display_name),
                    display_name,
                    avatar_url: None,
                    badges: Vec::new(),
                    color: None,
                    capabilities: vec![Capability::SendMessage],
                };
                let request = SaveProfile {
                    id: None,
                    settings,
                    secret: SecretChange::Keep,
                };
                self.profiles.save_profile(request).await?.id
            }
        };
        let tab = self
            .tabs
            .open_tab(OpenTab {
                profile_id,
                room_arn: invite.room_arn,
            })
            .await?;
        self.answered(&request.link);
        Ok(tab)
    }

    /// See [`DismissInvite`].
    pub async fn dismiss_invite(&self, request: DismissInvite) -> Result<(), AppError> {
        self.answered(&request.link);
        Ok(())
    }

    /// See [`CopyInviteLink`]. Only for a tab whose user moderates the room or owns it (the
    /// Local profile, an AWS account), and whose profile has a token endpoint viewers can use.
    pub async fn copy_invite_link(&self, request: CopyInviteLink) -> Result<String, AppError> {
        let room = self.tabs.room(&request.tab_id)?;
        let profile = self.store.get(&self.tabs.profile_id(&request.tab_id)?)?;
        let capabilities = self
            .tabs
            .session(&request.tab_id)?
            .session
            .live()
            .capabilities;
        let moderates = capabilities.contains(&Capability::DeleteMessage)
            || capabilities.contains(&Capability::DisconnectUser);
        let (token_url, endpoint) = match &profile.settings.kind {
            ProfileKind::Local => (
                format!("{}/create_chat_token", self.local.http_endpoint()),
                self.local.messaging_endpoint().to_owned(),
            ),
            ProfileKind::TokenEndpoint { .. } if !moderates => {
                return Err(AppError::Invalid(Words::new(
                    "shell-error-invite-moderators",
                )));
            }
            ProfileKind::TokenEndpoint {
                token_url,
                messaging_endpoint,
            } => (token_url.clone(), messaging_endpoint.clone()),
            ProfileKind::Aws { .. } => {
                return Err(AppError::Invalid(Words::new("shell-error-invite-aws")));
            }
        };
        let invite = Invite {
            token_url,
            endpoint,
            room_arn: room.arn,
            name: None,
        };
        invite.check().map_err(|refused| {
            AppError::Invalid(Words::new("shell-error-invite-cannot").with("reason", refused.0))
        })?;
        let link = invite.link();
        self.desktop
            .request(DesktopRequest::CopyText { text: link.clone() })
            .map_err(AppError::Unavailable)?;
        Ok(link)
    }
}

/// A user id for a new viewer: the display name's letters and digits, and a random suffix so
/// two viewers named alike stay apart.
fn user_id(display_name: &str) -> String {
    let base: String = display_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(24)
        .collect::<String>()
        .to_ascii_lowercase();
    let base = if base.is_empty() {
        "viewer".into()
    } else {
        base
    };
    format!("{base}-{:06x}", rand::random::<u32>() & 0xff_ffff)
}
