//! Tabs: one room each over one profile, each with its own session (connection, lines,
//! chat delay) and, in rooms of the local service, a demo audience.
//!
//! - this file: the [`Tabs`] service, its list of open tabs, and what other services may ask
//!   of a tab (its session, its room, its view).
//! - `store.rs`: `tabs.json`, the tabs saved for the next start.
//! - `open.rs`: opening a tab, and restoring the last run's tabs at start.
//! - `commands.rs`: the tab commands (close, activate, send, moderate, page the history).
//! - `audience.rs`: the demo audience.

mod audience;
mod commands;
mod open;
pub mod store;

pub use open::restore;

use std::sync::{Arc, Mutex, MutexGuard};

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::model::{ProfileId, Tab, TabId};
use chatdeck_ipc::settings::Settings;
use chatdeck_ipc::split;
use chatdeck_l10n::Words;

use super::connect::Connector;
use super::events::Events;
use super::filters::Filters;
use super::history::History;
use super::local::LocalService;
use super::session::Session;
use super::settings::{self, UserSettings};
use crate::error::AppError;
use audience::{Audience, AudienceState};
use store::{SavedTab, SavedTabs, TabStore};

/// Lines a tab view carries; older ones come from `load_older`.
const SNAPSHOT_LINES: u32 = 200;
/// Moderation entries a tab view carries.
const SNAPSHOT_MODERATION: u32 = 100;

/// How the demo room behaves (tests turn it off).
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// Whether a first run (no saved tabs) opens the demo room of the Local profile.
    pub first_run_demo: bool,
    /// Whether a newly opened demo room starts with its simulated audience talking.
    pub audience: bool,
}

/// The demo room: the embedded service whose room and audience it is, and how it behaves.
#[derive(Debug, Clone)]
pub struct Demo {
    /// The embedded service.
    pub local: Arc<LocalService>,
    /// How the demo room behaves.
    pub options: DemoOptions,
}

/// An open tab.
#[derive(Debug)]
struct Entry {
    /// What is saved of it.
    saved: SavedTab,
    /// The profile's name, for the tab's tooltip.
    profile_name: String,
    /// The room's limit, for the composer.
    maximum_message_length: u32,
    /// The connection and its lines.
    session: Arc<Session>,
    /// The simulated viewers of a local room.
    audience: AudienceState,
}

/// The open tabs, in order, the one in front, and those shown side by side.
#[derive(Debug, Default)]
struct List {
    entries: Vec<Entry>,
    active: Option<TabId>,
    split: Vec<TabId>,
}

impl List {
    fn entry(&self, tab_id: &TabId) -> Result<&Entry, AppError> {
        self.entries
            .iter()
            .find(|entry| &entry.saved.id == tab_id)
            .ok_or_else(|| no_tab(tab_id))
    }

    /// The open tab `tab_id`, to change it.
    fn entry_mut(&mut self, tab_id: &TabId) -> Result<&mut Entry, AppError> {
        self.entries
            .iter_mut()
            .find(|entry| &entry.saved.id == tab_id)
            .ok_or_else(|| no_tab(tab_id))
    }

    /// Puts `tab_id` in front; in a split view, in the pane in front unless it has one
    /// (`chatdeck_ipc::split::bring_to_front`). Returns the new panes when they changed.
    fn bring_to_front(&mut self, tab_id: &TabId) -> Option<Vec<TabId>> {
        let changed = split::bring_to_front(&mut self.split, self.active.as_ref(), tab_id);
        self.active = Some(tab_id.clone());
        changed.then(|| self.split.clone())
    }

    fn saved(&self) -> SavedTabs {
        SavedTabs {
            tabs: self
                .entries
                .iter()
                .map(|entry| entry.saved.clone())
                .collect(),
            active: self.active.clone(),
            split: self.split.clone(),
        }
    }
}

fn no_tab(tab_id: &TabId) -> AppError {
    AppError::NotFound(Words::new("shell-error-no-tab").with("tab", format!("{tab_id:?}")))
}

/// A tab's session and the room it is in.
#[derive(Debug, Clone)]
pub struct TabSession {
    /// The session.
    pub session: Arc<Session>,
    /// The room's ARN: the history store's key of its lines.
    pub room_arn: String,
}

/// A tab's room.
#[derive(Debug, Clone)]
pub struct TabRoom {
    /// The room's ARN.
    pub arn: String,
    /// Its name, or the end of its ARN.
    pub name: String,
}

/// The tabs service.
#[derive(Debug)]
pub struct Tabs {
    /// `tabs.json`.
    store: TabStore,
    /// A std Mutex: held to read or edit the list, never across an await.
    list: Mutex<List>,
    /// Builds each tab's connection from its profile.
    connector: Arc<Connector>,
    /// Every session's events go out here.
    events: Arc<Events>,
    /// Every session's lines are kept here.
    history: History,
    /// The demo audience's pace; the ignore lists (`ignore_user`).
    settings: Arc<UserSettings>,
    /// Every profile's filters, applied to the lines a tab shows.
    filters: Arc<Filters>,
    /// The demo room and its audience.
    demo: Demo,
}

impl Tabs {
    /// The tabs service; no tab is open until [`restore`] or `open_tab`.
    pub fn new(
        store: TabStore,
        connector: Arc<Connector>,
        events: Arc<Events>,
        history: History,
        settings: Arc<UserSettings>,
        filters: Arc<Filters>,
        demo: Demo,
    ) -> Self {
        Self {
            store,
            list: Mutex::new(List::default()),
            connector,
            events,
            history,
            settings,
            filters,
            demo,
        }
    }

    fn lock(&self) -> MutexGuard<'_, List> {
        self.list
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Saves the list as it is now.
    fn persist(&self, list: &List) {
        self.store.save(&list.saved());
    }

    /// A tab's session and room.
    pub fn session(&self, tab_id: &TabId) -> Result<TabSession, AppError> {
        let list = self.lock();
        let entry = list.entry(tab_id)?;
        Ok(TabSession {
            session: entry.session.clone(),
            room_arn: entry.saved.room_arn.clone(),
        })
    }

    /// A tab's room: its ARN and name.
    pub fn room(&self, tab_id: &TabId) -> Result<TabRoom, AppError> {
        let list = self.lock();
        let entry = list.entry(tab_id)?;
        Ok(room_of(entry))
    }

    /// The profile a tab is open with.
    pub fn profile_id(&self, tab_id: &TabId) -> Result<ProfileId, AppError> {
        let list = self.lock();
        Ok(list.entry(tab_id)?.saved.profile_id.clone())
    }

    /// Every open tab's id and room, in order.
    pub fn rooms(&self) -> Vec<(TabId, TabRoom)> {
        self.lock()
            .entries
            .iter()
            .map(|entry| (entry.saved.id.clone(), room_of(entry)))
            .collect()
    }

    /// The tabs open with `profile_id`.
    pub fn of_profile(&self, profile_id: &ProfileId) -> Vec<TabId> {
        self.lock()
            .entries
            .iter()
            .filter(|entry| &entry.saved.profile_id == profile_id)
            .map(|entry| entry.saved.id.clone())
            .collect()
    }

    /// Closes every tab's connection (the app is stopping; the saved list stays).
    pub async fn close_all(&self) {
        let entries = std::mem::take(&mut self.lock().entries);
        for entry in entries {
            entry.session.disconnect().await;
        }
    }

    /// The tabs shown side by side, left to right (none: one room at a time).
    pub fn split(&self) -> Vec<TabId> {
        self.lock().split.clone()
    }

    /// Tells the windows the split view changed, if it did.
    fn split_changed(&self, changed: Option<Vec<TabId>>) {
        if let Some(tabs) = changed {
            self.events.emit(UiEventBody::Split { tabs });
        }
    }

    /// Every tab's view, and the active tab.
    pub async fn views(&self) -> Result<(Vec<Tab>, Option<TabId>), AppError> {
        let (heads, active) = {
            let list = self.lock();
            let heads: Vec<Tab> = list.entries.iter().map(head).collect();
            (heads, list.active.clone())
        };
        let mut tabs = Vec::with_capacity(heads.len());
        for tab in heads {
            tabs.push(self.fill(tab).await?);
        }
        Ok((tabs, active))
    }

    /// A tab's view with its live state, newest lines and moderation log.
    async fn fill(&self, mut tab: Tab) -> Result<Tab, AppError> {
        let session = self.session(&tab.id)?.session;
        let live = session.live();
        tab.connection = live.connection;
        tab.user_id = live.user_id;
        tab.capabilities = live.capabilities;
        tab.lines = self.history.latest(&tab.room_arn, SNAPSHOT_LINES).await?;
        session.present(&mut tab.lines);
        tab.moderation = self
            .history
            .moderation(&tab.room_arn, SNAPSHOT_MODERATION)
            .await?;
        Ok(tab)
    }

    /// Shows the lines of every tab whose profile's filters changed again, under the new
    /// ones.
    fn refilter(&self, before: &Settings, after: &Settings) {
        let changed: Vec<Arc<Session>> = self
            .lock()
            .entries
            .iter()
            .filter(|entry| {
                let profile = &entry.saved.profile_id;
                before.filters.get(profile) != after.filters.get(profile)
            })
            .map(|entry| entry.session.clone())
            .collect();
        for session in changed {
            // Told from a settings change, which does not wait for the sessions.
            tokio::spawn(async move {
                if let Err(error) = session.refilter(SNAPSHOT_LINES).await {
                    tracing::warn!(%error, "a tab's lines could not be filtered again");
                }
            });
        }
    }

    /// A new demo audience in `room_arn`, at the pace the settings ask for.
    fn start_audience(&self, room_arn: &str) -> Audience {
        let pace = settings::demo_interval(self.settings.get().demo_audience_per_minute);
        Audience::start(self.demo.local.clone(), room_arn.to_owned(), pace)
    }
}

impl settings::Follower for Tabs {
    /// Tabs whose profile's filters changed show their lines again under the new ones (the
    /// filters themselves follow first); a new pace restarts every running demo audience.
    fn settings_changed(&self, before: &Settings, after: &Settings) {
        if before.filters != after.filters {
            self.refilter(before, after);
        }
        if before.demo_audience_per_minute == after.demo_audience_per_minute {
            return;
        }
        let pace = settings::demo_interval(after.demo_audience_per_minute);
        for entry in &mut self.lock().entries {
            if let AudienceState::On(audience) = &mut entry.audience {
                *audience =
                    Audience::start(self.demo.local.clone(), entry.saved.room_arn.clone(), pace);
            }
        }
    }
}

fn room_of(entry: &Entry) -> TabRoom {
    TabRoom {
        arn: entry.saved.room_arn.clone(),
        name: entry.saved.room_name.clone(),
    }
}

/// A tab's view without the parts that need awaiting.
fn head(entry: &Entry) -> Tab {
    let live = entry.session.live();
    Tab {
        id: entry.saved.id.clone(),
        profile_id: entry.saved.profile_id.clone(),
        profile_name: entry.profile_name.clone(),
        room_arn: entry.saved.room_arn.clone(),
        room_name: entry.saved.room_name.clone(),
        connection: live.connection,
        user_id: live.user_id,
        capabilities: live.capabilities,
        maximum_message_length: entry.maximum_message_length,
        demo_audience: entry.audience.view(),
        chat_delay_seconds: entry.saved.chat_delay_seconds,
        lines: Vec::new(),
        moderation: Vec::new(),
        health: live.health,
    }
}
