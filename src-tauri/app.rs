//! The app without a window: every command's behaviour and every event, testable with no
//! Tauri in sight. The shell (and the UI test bridge) only translate transports.
//!
//! # Layout
//!
//! - this file: [`App`], its start and shutdown, the snapshot and the profile commands.
//! - `tabs.rs`: the tab commands (open, close, send, moderate) and the restored tab list.
//! - `session.rs` + `session/`: one tab's connection, its update task, lines in words.
//! - `history.rs`: the SQLite history store (with its FTS5 index).
//! - `profiles.rs`, `secrets.rs`: profiles in a plain file, their secrets in the keychain.
//! - `connect.rs`: from a profile to an endpoint, a token provider and a control plane.
//! - `local.rs`, `demo.rs`: the embedded local service, its demo room and audience.
//! - `events.rs`, `dispatch.rs`: the numbered event channel; commands by name for tests.
//! - `preferences.rs`: the settings file and the settings commands.
//! - `overlay.rs`, `desktop.rs`: pinned overlay windows, and what the app asks of the desktop.
//! - `alerts.rs`: mentions as they happen, notifications, the Mentions view.
//! - `links.rs`: a message's link, opened in the system's browser.
//! - `search.rs`: search over the history, lines around a position, export as chat logs.
//! - `console.rs` + `console/`: the room console over a profile's control plane.
//! - `purge.rs`: bulk moderation (disconnect and delete a user's last messages), paced.

pub mod alerts;
pub mod config;
pub mod connect;
mod console;
pub mod demo;
pub mod desktop;
mod dispatch;
mod events;
mod files;
pub mod history;
mod links;
pub mod local;
pub mod overlay;
pub mod preferences;
pub mod profiles;
pub mod purge;
pub mod search;
pub mod secrets;
pub mod session;
mod tabs;

pub use config::AppConfig;
pub use dispatch::{DISPATCHED, dispatch};
pub use events::{EventSink, Events};

use std::sync::Arc;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{
    AppInfo, AppInfoOutput, CheckOutput, CheckProfile, ListRooms, RemoveProfile, SaveProfile,
    SecretChange, Snapshot, SnapshotOutput,
};
use chatdeck_ipc::event::{PullEvents, PulledEvents};
use chatdeck_ipc::model::{Profile, ProfileKind, RoomSummary};
use ivs_chat_protocol::Secret;

use crate::error::AppError;
use history::History;
use local::LocalService;
use profiles::{Profiles, StoredProfile};
use secrets::Secrets;

/// The running app's state, shared by every command.
#[derive(Debug)]
pub struct App {
    /// Directories and knobs.
    config: AppConfig,
    /// The numbered event channel to whatever UI is attached.
    events: Arc<Events>,
    /// Every line of every open room.
    history: History,
    /// Saved profiles.
    profiles: Profiles,
    /// Their secrets.
    secrets: Secrets,
    /// The embedded service of the Local profile.
    local: Arc<LocalService>,
    /// Open tabs, in order.
    tabs: tabs::Tabs,
    /// The user's settings.
    preferences: preferences::Preferences,
    /// Notifications and overlay windows, through the shell.
    desktop: desktop::Desktop,
    /// The mention watcher.
    alerts: alerts::Alerts,
    /// Bulk purges running now.
    purges: Arc<purge::Purges>,
}

impl events::Observer for App {
    fn observe(&self, body: &UiEventBody) -> Vec<UiEventBody> {
        self.overlay_follows_tabs(body);
        self.alerts.observe(body, &self.preferences, &self.desktop)
    }
}

impl App {
    /// Starts the app: opens its data directory, starts the local service, and restores the
    /// tabs of the last run (or, on a first run, opens the demo room) in the background.
    pub async fn start(config: AppConfig, sink: Arc<dyn EventSink>) -> Result<Arc<App>, AppError> {
        std::fs::create_dir_all(&config.data_dir)?;
        let history = History::open(&config.data_dir.join("history.sqlite3"))?;
        let profiles = Profiles::load(&config.data_dir)?;
        let secrets = Secrets::open(config.keychain_service.clone()).await;
        let mut local_config = config.local.clone();
        local_config.data_dir = Some(config.data_dir.join("local-service"));
        let local = LocalService::start(local_config).await?;
        let tabs = tabs::Tabs::load(&config.data_dir)?;
        let preferences = preferences::Preferences::load(&config.data_dir, config.demo_interval);
        let alerts = alerts::Alerts::new(&profiles.all());
        let app = Arc::new(App {
            events: Arc::new(Events::new(sink)),
            history,
            profiles,
            secrets,
            local,
            tabs,
            preferences,
            desktop: desktop::Desktop::default(),
            alerts,
            purges: Arc::default(),
            config,
        });
        // Before any tab opens: the watchers learn tabs from their events.
        let observer: std::sync::Weak<dyn events::Observer> = Arc::downgrade(&app) as _;
        app.events.observe(observer);
        tracing::info!(data_dir = %app.config.data_dir.display(), "Chatdeck started");
        tokio::spawn(tabs::restore(app.clone()));
        Ok(app)
    }

    /// Closes every tab and stops the local service.
    pub async fn shutdown(&self) {
        self.tabs.close_all().await;
        self.local.shutdown().await;
        tracing::info!("Chatdeck stopped");
    }

    /// The embedded local service (tests create rooms on it).
    pub fn local(&self) -> &LocalService {
        &self.local
    }

    /// The pause between two demo-audience messages, from the settings.
    fn demo_interval(&self) -> std::time::Duration {
        preferences::demo_interval(self.preferences.get().demo_audience_per_minute)
    }

    /// The history store (tests read it).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// See [`AppInfo`].
    pub async fn app_info(&self, AppInfo {}: AppInfo) -> Result<AppInfoOutput, AppError> {
        Ok(AppInfoOutput {
            name: "Chatdeck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            keychain: self.secrets.backend().describe().into(),
        })
    }

    /// See [`Snapshot`].
    pub async fn snapshot(&self, Snapshot {}: Snapshot) -> Result<SnapshotOutput, AppError> {
        // The number first: anything that happens while the rest is gathered arrives again
        // as a newer event, and applying it twice is harmless (events replace by key).
        let seq = self.events.current_seq();
        let (tabs, active_tab) = self.tabs.views(&self.history).await?;
        Ok(SnapshotOutput {
            seq,
            profiles: self.profile_views().await,
            tabs,
            active_tab,
        })
    }

    /// See [`PullEvents`].
    pub async fn pull_events(&self, request: PullEvents) -> Result<PulledEvents, AppError> {
        Ok(self.events.pull(request.after))
    }

    async fn profile_views(&self) -> Vec<Profile> {
        let mut views = Vec::new();
        for profile in self.profiles.all() {
            let has_secret = !matches!(profile.settings.kind, ProfileKind::Local)
                && matches!(self.secrets.get(&profile.id).await, Ok(Some(_)));
            views.push(Profile {
                id: profile.id,
                settings: profile.settings,
                has_secret,
            });
        }
        views
    }

    async fn emit_profiles(&self) {
        let profiles = self.profile_views().await;
        self.events.emit(UiEventBody::Profiles { profiles });
    }

    /// See [`SaveProfile`].
    pub async fn save_profile(&self, request: SaveProfile) -> Result<Profile, AppError> {
        let profile = self.profiles.save(request.id, request.settings)?;
        match request.secret {
            SecretChange::Keep => {}
            SecretChange::Set(secret) if !secret.is_empty() => {
                self.secrets.set(&profile.id, Secret::new(secret)).await?;
            }
            SecretChange::Set(_) | SecretChange::Clear => self.secrets.clear(&profile.id).await?,
        }
        tracing::info!(profile = %profile.id, "profile saved");
        self.emit_profiles().await;
        let has_secret = matches!(self.secrets.get(&profile.id).await, Ok(Some(_)));
        Ok(Profile {
            id: profile.id,
            settings: profile.settings,
            has_secret,
        })
    }

    /// See [`RemoveProfile`].
    pub async fn remove_profile(&self, request: RemoveProfile) -> Result<(), AppError> {
        self.profiles.remove(&request.id)?;
        self.secrets.clear(&request.id).await?;
        for tab_id in self.tabs.of_profile(&request.id) {
            self.close_tab(chatdeck_ipc::command::CloseTab { tab_id })
                .await?;
        }
        self.emit_profiles().await;
        Ok(())
    }

    async fn secret(&self, profile: &StoredProfile) -> Result<Option<Secret>, AppError> {
        Ok(self.secrets.get(&profile.id).await?)
    }

    /// See [`CheckProfile`].
    pub async fn check_profile(&self, request: CheckProfile) -> Result<CheckOutput, AppError> {
        let profile = self.profiles.get(&request.id)?;
        let secret = self.secret(&profile).await?;
        let control = connect::control(&profile, secret.clone(), &self.local).await?;
        let rooms = match &control {
            Some(control) => match connect::list_rooms(control).await {
                Ok(rooms) => Some(rooms),
                Err(error) => return Ok(failed(format!("the control plane refused: {error}"))),
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
                Some(_) => CheckOutput {
                    ok: true,
                    message: "connected; the account has no rooms yet".into(),
                },
                None => failed("enter a room ARN to ask the token endpoint for a token".into()),
            });
        };
        let access = connect::access(&profile, secret, &self.local, &room_arn).await?;
        Ok(match access.tokens.fetch().await {
            Ok(_) => CheckOutput {
                ok: true,
                message: match rooms {
                    Some(rooms) => format!(
                        "connected: {} room(s), a chat token was issued",
                        rooms.len()
                    ),
                    None => "connected: the endpoint issued a chat token".into(),
                },
            },
            Err(error) => failed(error.to_string()),
        })
    }

    /// See [`ListRooms`].
    pub async fn list_rooms(&self, request: ListRooms) -> Result<Vec<RoomSummary>, AppError> {
        let profile = self.profiles.get(&request.profile_id)?;
        let secret = self.secret(&profile).await?;
        match connect::control(&profile, secret, &self.local).await? {
            Some(control) => connect::list_rooms(&control).await,
            None => Err(AppError::Invalid(
                "a token-endpoint profile cannot list rooms; open one by its ARN".into(),
            )),
        }
    }
}

fn failed(message: String) -> CheckOutput {
    CheckOutput { ok: false, message }
}
