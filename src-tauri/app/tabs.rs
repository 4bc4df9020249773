//! Tabs: one room each over one profile, kept in order in `tabs.json` and restored at start.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{
    ActivateTab, CloseTab, DeleteMessage, DiscardMessage, DisconnectUser, LoadOlder,
    MAX_CHAT_DELAY_SECONDS, OpenTab, Reconnect, RetryMessage, SendMessage, SetChatDelay,
    SetDemoAudience, UserMessages,
};
use chatdeck_ipc::model::{Line, ProfileKind, Tab};
use ivs_chat_client::Limits;
use serde::{Deserialize, Serialize};

use super::demo::Audience;
use super::history::History;
use super::local::DEMO_ROOM_NAME;
use super::session::{Session, SessionSetup, lines};
use super::{App, connect, files};
use crate::error::AppError;

/// Lines a tab view carries; older ones come from `load_older`.
const SNAPSHOT_LINES: u32 = 200;
/// Moderation entries a tab view carries.
const SNAPSHOT_MODERATION: u32 = 100;
/// Bound on one `load_older` or `user_messages` answer.
const MAX_PAGE: u32 = 500;

/// A tab as saved for the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SavedTab {
    id: String,
    profile_id: String,
    room_arn: String,
    room_name: String,
    /// The tab's chat delay (absent in files from before it existed).
    #[serde(default)]
    chat_delay_seconds: u32,
}

/// `tabs.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct SavedTabs {
    tabs: Vec<SavedTab>,
    active: Option<String>,
}

/// An open tab.
#[derive(Debug)]
struct Entry {
    saved: SavedTab,
    profile_name: String,
    maximum_message_length: u32,
    session: Arc<Session>,
    /// `Some` for rooms of the local service: whether the audience runs.
    audience: Option<Option<Audience>>,
}

#[derive(Debug, Default)]
struct List {
    entries: Vec<Entry>,
    active: Option<String>,
}

impl List {
    /// The open tab `tab_id`, to change it.
    fn entry_mut(&mut self, tab_id: &str) -> Result<&mut Entry, AppError> {
        self.entries
            .iter_mut()
            .find(|entry| entry.saved.id == tab_id)
            .ok_or_else(|| AppError::NotFound(format!("no tab {tab_id:?}")))
    }
}

/// The open tabs.
#[derive(Debug)]
pub(super) struct Tabs {
    /// `tabs.json`.
    path: PathBuf,
    /// What the last run left, until restored; `None` inside means a first run.
    restore: Mutex<Option<Option<SavedTabs>>>,
    /// A std Mutex: held to read or edit the list, never across an await.
    list: Mutex<List>,
}

impl Tabs {
    pub(super) fn load(data_dir: &std::path::Path) -> Result<Self, AppError> {
        let path = data_dir.join("tabs.json");
        let saved = files::read::<SavedTabs>(&path)?;
        Ok(Self {
            path,
            restore: Mutex::new(Some(saved)),
            list: Mutex::new(List::default()),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, List> {
        self.list
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn persist(&self, list: &List) {
        let saved = SavedTabs {
            tabs: list
                .entries
                .iter()
                .map(|entry| entry.saved.clone())
                .collect(),
            active: list.active.clone(),
        };
        if let Err(error) = files::write(&self.path, &saved) {
            tracing::warn!(%error, "tabs could not be saved");
        }
    }

    pub(super) fn session(&self, tab_id: &str) -> Result<(Arc<Session>, String), AppError> {
        self.lock()
            .entries
            .iter()
            .find(|entry| entry.saved.id == tab_id)
            .map(|entry| (entry.session.clone(), entry.saved.room_arn.clone()))
            .ok_or_else(|| AppError::NotFound(format!("no tab {tab_id:?}")))
    }

    /// A tab's room: its ARN and name.
    pub(super) fn room(&self, tab_id: &str) -> Result<(String, String), AppError> {
        self.lock()
            .entries
            .iter()
            .find(|entry| entry.saved.id == tab_id)
            .map(|entry| (entry.saved.room_arn.clone(), entry.saved.room_name.clone()))
            .ok_or_else(|| AppError::NotFound(format!("no tab {tab_id:?}")))
    }

    /// Every open tab's id and room ARN, in order.
    pub(super) fn rooms(&self) -> Vec<(String, String)> {
        self.lock()
            .entries
            .iter()
            .map(|entry| (entry.saved.id.clone(), entry.saved.room_arn.clone()))
            .collect()
    }

    /// Restarts every running demo audience at a new pace.
    pub(super) fn pace_audiences(
        &self,
        local: &Arc<super::local::LocalService>,
        interval: std::time::Duration,
    ) {
        for entry in &mut self.lock().entries {
            if let Some(Some(audience)) = &mut entry.audience {
                *audience = Audience::start(local.clone(), entry.saved.room_arn.clone(), interval);
            }
        }
    }

    pub(super) fn of_profile(&self, profile_id: &str) -> Vec<String> {
        self.lock()
            .entries
            .iter()
            .filter(|entry| entry.saved.profile_id == profile_id)
            .map(|entry| entry.saved.id.clone())
            .collect()
    }

    pub(super) async fn close_all(&self) {
        let entries = std::mem::take(&mut self.lock().entries);
        for entry in entries {
            entry.session.disconnect().await;
        }
    }

    /// Every tab's view, and the active tab.
    pub(super) async fn views(
        &self,
        history: &History,
    ) -> Result<(Vec<Tab>, Option<String>), AppError> {
        let (heads, active) = {
            let list = self.lock();
            let heads: Vec<Tab> = list.entries.iter().map(head).collect();
            (heads, list.active.clone())
        };
        let mut tabs = Vec::with_capacity(heads.len());
        for tab in heads {
            tabs.push(self.fill(tab, history).await?);
        }
        Ok((tabs, active))
    }

    /// A tab's view with its live state, newest lines and moderation log.
    async fn fill(&self, mut tab: Tab, history: &History) -> Result<Tab, AppError> {
        let (session, _) = self.session(&tab.id)?;
        let live = session.live();
        tab.connection = live.connection;
        tab.user_id = live.user_id;
        tab.capabilities = live.capabilities;
        tab.lines = history.latest(&tab.room_arn, SNAPSHOT_LINES).await?;
        for line in &mut tab.lines {
            line.history = line.position <= live.history_boundary;
        }
        tab.moderation = history
            .moderation(&tab.room_arn, SNAPSHOT_MODERATION)
            .await?;
        Ok(tab)
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
        demo_audience: entry.audience.as_ref().map(Option::is_some),
        chat_delay_seconds: entry.saved.chat_delay_seconds,
        lines: Vec::new(),
        moderation: Vec::new(),
    }
}

/// Reopens the last run's tabs, or the demo room on a first run.
pub(super) async fn restore(app: Arc<App>) {
    let saved = app
        .tabs
        .restore
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()
        .flatten();
    match saved {
        None if !app.config.first_run_demo => {}
        None => match app.local.demo_room().await {
            Ok(room) => {
                if let Err(error) = app
                    .open(super::profiles::LOCAL_PROFILE, &room.arn, None)
                    .await
                {
                    tracing::warn!(%error, "the demo room could not be opened");
                }
            }
            Err(error) => tracing::warn!(%error, "the demo room could not be created"),
        },
        Some(saved) => {
            // The tab that was in front stays there while the others reopen.
            app.tabs.lock().active = saved.active.clone();
            for tab in saved.tabs {
                if let Err(error) = app
                    .open(&tab.profile_id, &tab.room_arn, Some(tab.clone()))
                    .await
                {
                    tracing::warn!(%error, room = %tab.room_arn, "a tab could not be restored");
                }
            }
        }
    }
}

/// The end of an ARN (`room/abc123` → `abc123`), for a tab whose room name is unknown.
fn arn_tail(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}

impl App {
    /// Opens `room_arn` with `profile_id` (as `saved` when restoring) and returns its view.
    async fn open(
        &self,
        profile_id: &str,
        room_arn: &str,
        saved: Option<SavedTab>,
    ) -> Result<Tab, AppError> {
        let room_arn = room_arn.trim();
        if room_arn.is_empty() {
            return Err(AppError::Invalid("enter a room ARN".into()));
        }
        let existing = {
            let mut list = self.tabs.lock();
            let found = list
                .entries
                .iter()
                .find(|entry| {
                    entry.saved.profile_id == profile_id && entry.saved.room_arn == room_arn
                })
                .map(head);
            if let Some(tab) = &found {
                list.active = Some(tab.id.clone());
                self.tabs.persist(&list);
            }
            found
        };
        if let Some(tab) = existing {
            return self.tabs.fill(tab, &self.history).await;
        }
        let profile = self.profiles.get(profile_id)?;
        let secret = self.secret(&profile).await?;
        let access = connect::access(&profile, secret, &self.local, room_arn).await?;
        let (name, limits) = match &access.control {
            Some(control) => match connect::room_info(control, room_arn).await {
                Ok(info) => info,
                Err(error) => {
                    tracing::warn!(%error, room = %room_arn, "room details unavailable; using the defaults");
                    (String::new(), Limits::default())
                }
            },
            None => (String::new(), Limits::default()),
        };
        let restoring_tab = saved.is_some();
        let saved = saved.unwrap_or_else(|| SavedTab {
            id: uuid::Uuid::new_v4().simple().to_string(),
            profile_id: profile_id.to_owned(),
            room_arn: room_arn.to_owned(),
            room_name: String::new(),
            chat_delay_seconds: 0,
        });
        let saved = SavedTab {
            room_name: [name, saved.room_name.clone(), arn_tail(room_arn)]
                .into_iter()
                .find(|name| !name.is_empty())
                .unwrap_or_default(),
            ..saved
        };
        let settings = &profile.settings;
        let me = lines::sender(&settings.user_id, &connect::token_attributes(settings));
        let setup = SessionSetup {
            tab_id: saved.id.clone(),
            room_arn: room_arn.to_owned(),
            me,
            limits,
            requested: settings.capabilities.clone(),
            chat_delay: Duration::from_secs(u64::from(saved.chat_delay_seconds)),
        };
        let session =
            Session::start(setup, access, self.events.clone(), self.history.clone()).await?;
        let audience = matches!(settings.kind, ProfileKind::Local).then(|| {
            (self.config.demo_audience && saved.room_name == DEMO_ROOM_NAME).then(|| {
                Audience::start(
                    self.local.clone(),
                    room_arn.to_owned(),
                    self.demo_interval(),
                )
            })
        });
        let entry = Entry {
            saved,
            profile_name: settings.name.clone(),
            maximum_message_length: limits.maximum_message_length,
            session: Arc::new(session),
            audience,
        };
        let tab = head(&entry);
        let active = {
            let mut list = self.tabs.lock();
            let restored_front = list.active.as_deref() == Some(tab.id.as_str());
            let active = if restoring_tab {
                restored_front || list.active.is_none()
            } else {
                true
            };
            if active {
                list.active = Some(tab.id.clone());
            }
            list.entries.push(entry);
            self.tabs.persist(&list);
            active
        };
        tracing::info!(tab = %tab.id, room = %tab.room_arn, "tab opened");
        // Search hits name the room and open it again with this profile.
        if let Err(error) = self
            .history
            .remember_room(&tab.room_arn, &tab.room_name, &tab.profile_id)
            .await
        {
            tracing::warn!(%error, "the room could not be remembered for search");
        }
        let tab = self.tabs.fill(tab, &self.history).await?;
        self.events.emit(UiEventBody::TabOpened {
            tab: tab.clone(),
            active,
        });
        self.tabs.session(&tab.id)?.0.connect().await?;
        Ok(tab)
    }

    /// See [`OpenTab`].
    pub async fn open_tab(&self, request: OpenTab) -> Result<Tab, AppError> {
        self.open(&request.profile_id, &request.room_arn, None)
            .await
    }

    /// See [`CloseTab`].
    pub async fn close_tab(&self, request: CloseTab) -> Result<(), AppError> {
        let entry = {
            let mut list = self.tabs.lock();
            let index = list
                .entries
                .iter()
                .position(|entry| entry.saved.id == request.tab_id)
                .ok_or_else(|| AppError::NotFound(format!("no tab {:?}", request.tab_id)))?;
            let entry = list.entries.remove(index);
            if list.active.as_deref() == Some(request.tab_id.as_str()) {
                let next = index.min(list.entries.len().saturating_sub(1));
                list.active = list.entries.get(next).map(|entry| entry.saved.id.clone());
            }
            self.tabs.persist(&list);
            entry
        };
        entry.session.disconnect().await;
        self.events.emit(UiEventBody::TabClosed {
            tab_id: request.tab_id,
        });
        Ok(())
    }

    /// See [`ActivateTab`].
    pub async fn activate_tab(&self, request: ActivateTab) -> Result<(), AppError> {
        let mut list = self.tabs.lock();
        if !list
            .entries
            .iter()
            .any(|entry| entry.saved.id == request.tab_id)
        {
            return Err(AppError::NotFound(format!("no tab {:?}", request.tab_id)));
        }
        list.active = Some(request.tab_id);
        self.tabs.persist(&list);
        Ok(())
    }

    /// See [`Reconnect`].
    pub async fn reconnect(&self, request: Reconnect) -> Result<(), AppError> {
        self.tabs.session(&request.tab_id)?.0.connect().await
    }

    /// See [`SendMessage`].
    pub async fn send_message(&self, request: SendMessage) -> Result<Line, AppError> {
        if request.content.trim().is_empty() {
            return Err(AppError::Invalid("the message is empty".into()));
        }
        self.tabs
            .session(&request.tab_id)?
            .0
            .send(request.content)
            .await
    }

    /// See [`RetryMessage`].
    pub async fn retry_message(&self, request: RetryMessage) -> Result<(), AppError> {
        self.tabs
            .session(&request.tab_id)?
            .0
            .retry(request.key)
            .await
    }

    /// See [`DiscardMessage`].
    pub async fn discard_message(&self, request: DiscardMessage) -> Result<(), AppError> {
        self.tabs
            .session(&request.tab_id)?
            .0
            .discard(request.key)
            .await
    }

    /// See [`DeleteMessage`].
    pub async fn delete_message(&self, request: DeleteMessage) -> Result<(), AppError> {
        let reason = request.reason.filter(|reason| !reason.trim().is_empty());
        self.tabs
            .session(&request.tab_id)?
            .0
            .delete(request.key, reason)
            .await
    }

    /// See [`DisconnectUser`].
    pub async fn disconnect_user(&self, request: DisconnectUser) -> Result<(), AppError> {
        let reason = request.reason.filter(|reason| !reason.trim().is_empty());
        self.tabs
            .session(&request.tab_id)?
            .0
            .kick(request.user_id, reason)
            .await
    }

    /// See [`LoadOlder`].
    pub async fn load_older(&self, request: LoadOlder) -> Result<Vec<Line>, AppError> {
        let (session, room) = self.tabs.session(&request.tab_id)?;
        let boundary = session.live().history_boundary;
        let mut lines = self
            .history
            .before(&room, request.before, request.limit.min(MAX_PAGE))
            .await?;
        for line in &mut lines {
            line.history = line.position <= boundary;
        }
        Ok(lines)
    }

    /// See [`UserMessages`].
    pub async fn user_messages(&self, request: UserMessages) -> Result<Vec<Line>, AppError> {
        let (session, room) = self.tabs.session(&request.tab_id)?;
        let boundary = session.live().history_boundary;
        let mut lines = self
            .history
            .by_sender(&room, &request.user_id, request.limit.min(MAX_PAGE))
            .await?;
        for line in &mut lines {
            line.history = line.position <= boundary;
        }
        Ok(lines)
    }

    /// See [`SetDemoAudience`].
    pub async fn set_demo_audience(&self, request: SetDemoAudience) -> Result<(), AppError> {
        {
            let mut list = self.tabs.lock();
            let entry = list.entry_mut(&request.tab_id)?;
            let audience = entry.audience.as_mut().ok_or_else(|| {
                AppError::Invalid("only rooms of the Local profile have a demo audience".into())
            })?;
            *audience = request.on.then(|| {
                Audience::start(
                    self.local.clone(),
                    entry.saved.room_arn.clone(),
                    self.demo_interval(),
                )
            });
        }
        self.events.emit(UiEventBody::DemoAudience {
            tab_id: request.tab_id,
            on: request.on,
        });
        Ok(())
    }

    /// See [`SetChatDelay`].
    pub async fn set_chat_delay(&self, request: SetChatDelay) -> Result<(), AppError> {
        if request.seconds > MAX_CHAT_DELAY_SECONDS {
            return Err(AppError::Invalid(format!(
                "a chat delay is at most {MAX_CHAT_DELAY_SECONDS} seconds"
            )));
        }
        let session = {
            let mut list = self.tabs.lock();
            let entry = list.entry_mut(&request.tab_id)?;
            entry.saved.chat_delay_seconds = request.seconds;
            let session = entry.session.clone();
            self.tabs.persist(&list);
            session
        };
        session
            .set_delay(Duration::from_secs(u64::from(request.seconds)))
            .await?;
        self.events.emit(UiEventBody::ChatDelay {
            tab_id: request.tab_id,
            seconds: request.seconds,
        });
        Ok(())
    }
}
