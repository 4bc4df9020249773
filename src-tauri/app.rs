//! The app without a window: every command's behaviour and every event, testable with no
//! Tauri in sight. The shell (and the UI test bridge) only translate transports.
//!
//! # Layout
//!
//! [`App`] is the composition root: it builds one service per feature, each owning its state
//! and serving its commands (`chatdeck_ipc::with_commands!` names the service of every
//! command), and holds what they share.
//!
//! Services:
//! - `tabs.rs` + `tabs/`: open tabs, their sessions, the demo audience and chat delay.
//! - `profiles.rs` + `profiles/`: saving, checking and removing profiles.
//! - `console.rs` + `console/`: the room console over a profile's control plane.
//! - `search.rs` + `search/`: search over the history, lines around a position, export.
//! - `overlays.rs` + `overlays/`: pinned overlay windows, and what the platform allows.
//! - `settings.rs` + `settings/`: the user's settings and the settings commands.
//! - `purges.rs`: bulk moderation (disconnect and delete a user's last messages), paced.
//! - `mentions.rs` + `mentions/`: mentions as they happen, notifications, the Mentions view.
//! - `tray.rs`: the tray's icon and menu (unread mentions, rooms, the pause), closing to it.
//! - `invites.rs`: invite links: reading one, joining through it, copying one.
//! - `retention.rs`: how much history is kept (by age, by size), and clearing it.
//! - `desktop.rs`: what the app asks of the desktop (notifications, windows, links).
//! - `instance.rs`: one Chatdeck per data directory (the lock, the single-instance name).
//!
//! Shared parts:
//! - `events.rs`: the numbered event channel (and the pull command).
//! - `history.rs` + `history/`: the SQLite history store (with its FTS5 index).
//! - `local.rs`: the embedded local service of the Local profile.
//! - `connect.rs`, `aws_error.rs`: from a profile to its clients; AWS errors in words.
//! - `session.rs` + `session/`: one tab's connection, its update task, lines in words.
//! - `filters.rs`: each profile's ignore list and filters, applied to lines on their way out.
//! - `language.rs`: the language the shell speaks (the settings' choice, else the system's).
//! - `secrets.rs`, `files.rs`, `environment.rs`, `dispatch.rs`: the keychain, small JSON
//!   files, where the app runs, commands by name for tests.

pub mod aws_error;
pub mod connect;
mod console;
pub mod desktop;
mod dispatch;
pub mod environment;
mod events;
mod files;
pub mod filters;
pub mod history;
pub mod instance;
pub mod invites;
pub mod language;
pub mod local;
pub mod mentions;
pub mod overlays;
pub mod profiles;
pub mod purges;
pub mod retention;
pub mod search;
pub mod secrets;
pub mod session;
pub mod settings;
pub mod tabs;
pub mod tray;

pub use dispatch::{DISPATCHED, dispatch};
pub use environment::Environment;
pub use events::{EventSink, Events};

use std::sync::Arc;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{AppInfo, AppInfoOutput, Snapshot, SnapshotOutput};

use crate::error::AppError;
use connect::Connector;
use console::Console;
use desktop::{Desktop, DesktopHost, DesktopRequest};
use filters::Filters;
use history::History;
use invites::Invites;
use local::LocalService;
use mentions::Mentions;
use overlays::Overlays;
use profiles::Profiles;
use profiles::store::ProfileStore;
use purges::Purges;
use retention::Retention;
use search::Search;
use secrets::Secrets;
use settings::UserSettings;
use tabs::store::TabStore;
use tabs::{Demo, DemoOptions, Tabs};
use tray::Tray;

/// The running app: its services, and what they share.
#[derive(Debug)]
pub struct App {
    /// The data directory's lock: no second copy runs on it while this one does.
    lock: instance::DataDirLock,
    /// The numbered event channel to whatever UI is attached.
    events: Arc<Events>,
    /// Every line of every open room.
    history: History,
    /// The embedded service of the Local profile.
    local: Arc<LocalService>,
    /// Open tabs and their sessions.
    tabs: Arc<Tabs>,
    /// Saved profiles and their checks.
    profiles: Arc<Profiles>,
    /// The room console.
    console: Console,
    /// Search and export.
    search: Search,
    /// Pinned overlay windows.
    overlays: Arc<Overlays>,
    /// The user's settings.
    settings: Arc<UserSettings>,
    /// Bulk purges.
    purges: Purges,
    /// The mention watcher and the Mentions view.
    mentions: Arc<Mentions>,
    /// The tray's icon and menu, and closing to it.
    tray: Arc<Tray>,
    /// Notifications and windows, through the shell.
    desktop: Arc<Desktop>,
    /// History retention and clearing.
    retention: Arc<Retention>,
    /// Invite links.
    invites: Invites,
}

impl events::Observer for App {
    fn observe(&self, body: &UiEventBody) -> Vec<UiEventBody> {
        self.overlays.follow_tabs(body);
        self.tray.follow_tabs(body);
        self.mentions.observe(body)
    }
}

impl App {
    /// Starts the app: opens its data directory, starts the local service, builds the
    /// services, and restores the tabs of the last run (or, on a first run, opens the demo
    /// room) in the background.
    pub async fn start(
        environment: Environment,
        sink: Arc<dyn EventSink>,
    ) -> Result<Arc<App>, AppError> {
        let data_dir = environment.data_dir.clone();
        std::fs::create_dir_all(&data_dir)?;
        // Before anything else opens a file there.
        let lock = instance::DataDirLock::acquire(&data_dir)?;
        let events = Arc::new(Events::new(sink));
        let history = History::open(&data_dir.join("history.sqlite3"))?;
        let profile_store = Arc::new(ProfileStore::load(&data_dir)?);
        let secrets = Arc::new(Secrets::open(environment.keychain_service.clone()).await);
        let mut local_config = environment.local.clone();
        local_config.data_dir = Some(data_dir.join("local-service"));
        let local = LocalService::start(local_config).await?;
        let settings = Arc::new(UserSettings::load(
            &data_dir,
            environment.demo_interval,
            events.clone(),
            environment.export_dir.clone(),
        ));
        let desktop = Arc::new(Desktop::new(settings.language()));
        let filters = Arc::new(Filters::new(&settings.get()));
        let connector = Arc::new(Connector::new(
            profile_store.clone(),
            secrets.clone(),
            local.clone(),
        ));
        let tabs = Arc::new(Tabs::new(
            TabStore::load(&data_dir)?,
            connector.clone(),
            events.clone(),
            history.clone(),
            settings.clone(),
            filters.clone(),
            Demo {
                local: local.clone(),
                options: DemoOptions {
                    first_run_demo: environment.first_run_demo,
                    audience: environment.demo_audience,
                },
            },
        ));
        let overlays = Arc::new(Overlays::new(
            settings.clone(),
            tabs.clone(),
            desktop.clone(),
            environment.platform.clone(),
        ));
        // The filters first, then the tabs (their lines shown again under the new filters,
        // the demo audiences' pace), then the overlay windows, all before any window hears of
        // the change.
        settings.follow(Arc::downgrade(&filters) as _);
        settings.follow(Arc::downgrade(&tabs) as _);
        settings.follow(Arc::downgrade(&overlays) as _);
        let retention = Arc::new(Retention::start(
            history.clone(),
            settings.clone(),
            events.clone(),
        ));
        settings.follow(Arc::downgrade(&retention) as _);
        let profiles = Arc::new(Profiles::new(
            profile_store.clone(),
            secrets,
            connector.clone(),
            tabs.clone(),
            events.clone(),
        ));
        let invites = Invites::new(
            profile_store.clone(),
            profiles.clone(),
            tabs.clone(),
            events.clone(),
            desktop.clone(),
            local.clone(),
        );
        let mentions = Arc::new(Mentions::new(
            &profile_store.all(),
            settings.clone(),
            desktop.clone(),
            history.clone(),
            tabs.clone(),
            filters.clone(),
        ));
        let tray = Tray::start(
            tabs.clone(),
            mentions.clone(),
            settings.clone(),
            desktop.clone(),
            events.clone(),
            data_dir.clone(),
        );
        // Its menu is said in the shell's language, which follows the settings first.
        settings.follow(Arc::downgrade(&tray) as _);
        let app = Arc::new(App {
            lock,
            profiles,
            invites,
            console: Console::new(connector),
            search: Search::new(history.clone(), tabs.clone(), data_dir.clone()),
            purges: Purges::new(tabs.clone(), history.clone(), events.clone()),
            mentions,
            tray,
            events,
            history,
            local,
            tabs,
            overlays,
            settings,
            desktop,
            retention,
        });
        // Before any tab opens: the watchers learn tabs from their events.
        let observer: std::sync::Weak<dyn events::Observer> = Arc::downgrade(&app) as _;
        app.events.observe(observer);
        tracing::info!(data_dir = %data_dir.display(), "Chatdeck started");
        tokio::spawn(tabs::restore(app.tabs.clone()));
        Ok(app)
    }

    /// Closes every tab and stops the local service.
    pub async fn shutdown(&self) {
        self.tabs.close_all().await;
        self.local.shutdown().await;
        self.lock.release();
        tracing::info!("Chatdeck stopped");
    }

    /// Installs the shell's desktop, then opens the overlays pinned at the last exit and shows
    /// the tray.
    pub fn install_desktop(&self, host: Arc<dyn DesktopHost>) {
        self.desktop.install(host);
        self.overlays.open_pinned();
        self.tray.show_again();
    }

    /// What the app asked of the desktop (tests read it where no desktop runs).
    pub fn desktop_requests(&self) -> Vec<DesktopRequest> {
        self.desktop.requests()
    }

    /// The commands about the app as a whole (`app_info`, `snapshot`).
    pub fn root(&self) -> &App {
        self
    }

    /// The embedded local service (tests create rooms on it).
    pub fn local(&self) -> &LocalService {
        &self.local
    }

    /// The history store (tests read it).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The event channel.
    pub fn events(&self) -> &Events {
        &self.events
    }

    /// Tabs and their sessions.
    pub fn tabs(&self) -> &Tabs {
        &self.tabs
    }

    /// Profiles.
    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    /// The room console.
    pub fn console(&self) -> &Console {
        &self.console
    }

    /// Search and export.
    pub fn search(&self) -> &Search {
        &self.search
    }

    /// Pinned overlays.
    pub fn overlays(&self) -> &Overlays {
        &self.overlays
    }

    /// The user's settings.
    pub fn settings(&self) -> &UserSettings {
        &self.settings
    }

    /// Bulk purges.
    pub fn purges(&self) -> &Purges {
        &self.purges
    }

    /// Mentions and focus.
    pub fn mentions(&self) -> &Mentions {
        &self.mentions
    }

    /// The tray.
    pub fn tray(&self) -> &Tray {
        &self.tray
    }

    /// Invite links.
    pub fn invites(&self) -> &Invites {
        &self.invites
    }

    /// History retention and clearing.
    pub fn retention(&self) -> &Retention {
        &self.retention
    }

    /// The desktop.
    pub fn desktop(&self) -> &Desktop {
        &self.desktop
    }

    /// See [`AppInfo`].
    pub async fn app_info(&self, AppInfo {}: AppInfo) -> Result<AppInfoOutput, AppError> {
        Ok(AppInfoOutput {
            name: "Chatdeck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            keychain: self.profiles.keychain(),
            system_languages: self.settings.language().system().to_vec(),
        })
    }

    /// See [`Snapshot`].
    pub async fn snapshot(&self, Snapshot {}: Snapshot) -> Result<SnapshotOutput, AppError> {
        // The number first: anything that happens while the rest is gathered arrives again
        // as a newer event, and applying it twice is harmless (events replace by key).
        let seq = self.events.current_seq();
        let (tabs, active_tab) = self.tabs.views().await?;
        Ok(SnapshotOutput {
            seq,
            profiles: self.profiles.views().await,
            tabs,
            active_tab,
            split: self.tabs.split(),
            invite: self.invites.pending(),
        })
    }
}
