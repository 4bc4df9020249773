//! The tabs as saved for the next start, in `tabs.json`: their order, rooms, profiles, chat
//! delays, the tab in front and the tabs shown side by side.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chatdeck_ipc::model::{ProfileId, TabId};
use serde::{Deserialize, Serialize};

use crate::app::files;
use crate::error::AppError;

/// A tab as saved for the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTab {
    /// The tab's id, kept across restarts.
    pub id: TabId,
    /// The profile it connects with.
    pub profile_id: ProfileId,
    /// The room.
    pub room_arn: String,
    /// The room's name as last known.
    pub room_name: String,
    /// The tab's chat delay (absent in files from before it existed).
    #[serde(default)]
    pub chat_delay_seconds: u32,
}

/// `tabs.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SavedTabs {
    /// The tabs, in order.
    pub tabs: Vec<SavedTab>,
    /// The tab in front.
    pub active: Option<TabId>,
    /// The tabs shown side by side, left to right (none: one room at a time).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<TabId>,
}

/// What the last run left behind.
#[derive(Debug, Clone)]
pub enum LastRun {
    /// No `tabs.json`: the app runs for the first time here.
    FirstRun,
    /// The tabs that were open.
    Tabs(SavedTabs),
}

/// `tabs.json`, and what it held at start until the tabs are restored.
#[derive(Debug)]
pub struct TabStore {
    /// `tabs.json`.
    path: PathBuf,
    /// What the last run left, until it is taken to restore the tabs (once).
    last_run: Mutex<Option<LastRun>>,
}

impl TabStore {
    /// Reads `tabs.json` in `data_dir`.
    pub fn load(data_dir: &Path) -> Result<Self, AppError> {
        let path = data_dir.join("tabs.json");
        let last_run = match files::read::<SavedTabs>(&path)? {
            Some(saved) => LastRun::Tabs(saved),
            None => LastRun::FirstRun,
        };
        Ok(Self {
            path,
            last_run: Mutex::new(Some(last_run)),
        })
    }

    /// What the last run left; `None` once taken.
    pub fn take_last_run(&self) -> Option<LastRun> {
        self.last_run
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }

    /// Writes the open tabs; a failure is logged (the tabs stay open, only the next start
    /// would miss them).
    pub fn save(&self, saved: &SavedTabs) {
        if let Err(error) = files::write(&self.path, saved) {
            tracing::warn!(%error, "tabs could not be saved");
        }
    }
}
