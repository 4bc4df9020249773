//! The user's settings: the settings commands, and telling what runs when they change.
//!
//! - this file: the [`UserSettings`] service.
//! - `saved.rs`: the settings in `settings.json`, checked whole before they are written.
//!
//! Parts of the app that carry settings into something running (the demo audiences' pace,
//! the open overlay windows) are [`Follower`]s: they hear of every change before the windows
//! do, so what the UI shows is already true. The shell's language is the first of them, so
//! the others already speak the new one.

mod saved;

pub use saved::{SavedSettings, demo_interval};

use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{
    ExportSettings, ExportedSettings, GetSettings, ImportSettings, SaveSettings,
};
use chatdeck_ipc::settings::{self, Settings, SettingsFile};
use chatdeck_l10n::Words;

use super::events::Events;
use super::files;
use super::language::{self, ShellLanguage};
use crate::error::AppError;

/// The name of an exported settings file.
pub const EXPORT_FILE: &str = "chatdeck-settings.json";

/// Something running that follows the settings.
pub trait Follower: Send + Sync {
    /// The settings changed from `before` to `after` (both checked and saved).
    fn settings_changed(&self, before: &Settings, after: &Settings);
}

/// The settings service.
pub struct UserSettings {
    /// The settings and their file.
    saved: SavedSettings,
    /// Every window hears of changed settings.
    events: Arc<Events>,
    /// Where an export is written (the user's downloads directory).
    export_dir: PathBuf,
    /// The language the settings choose on this system.
    language: Arc<ShellLanguage>,
    /// What follows the settings; weak, since the app owns them all. A std Mutex: held to
    /// add one or copy the list, never while one is told.
    followers: Mutex<Vec<Weak<dyn Follower>>>,
}

impl std::fmt::Debug for UserSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserSettings")
            .field("saved", &self.saved)
            .field("export_dir", &self.export_dir)
            .finish_non_exhaustive()
    }
}

impl UserSettings {
    /// Loads `settings.json` from `data_dir` (with no file, the defaults: the demo audience
    /// at `demo_interval`).
    pub fn load(
        data_dir: &std::path::Path,
        demo_interval: Duration,
        events: Arc<Events>,
        export_dir: PathBuf,
    ) -> Self {
        let saved = SavedSettings::load(data_dir, demo_interval);
        let language = Arc::new(ShellLanguage::new(&saved.get(), language::system_tags()));
        let follows_first: Weak<dyn Follower> = Arc::downgrade(&language) as _;
        Self {
            saved,
            events,
            export_dir,
            language,
            followers: Mutex::new(vec![follows_first]),
        }
    }

    /// The shell's language, as the settings choose it.
    pub fn language(&self) -> Arc<ShellLanguage> {
        self.language.clone()
    }

    /// Adds something that follows the settings.
    pub fn follow(&self, follower: Weak<dyn Follower>) {
        self.followers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(follower);
    }

    /// The settings now.
    pub fn get(&self) -> Settings {
        self.saved.get()
    }

    /// Changes the settings with `change` (see [`SavedSettings::update`]) and, if they are
    /// saved, tells the followers and the windows. Returns the settings after.
    pub fn change(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, AppError> {
        let (before, after) = self.saved.update(change, self.language.get())?;
        self.changed(&before, &after);
        Ok(after)
    }

    /// Like [`UserSettings::change`], but tells nobody when nothing changed.
    pub fn change_quietly(
        &self,
        change: impl FnOnce(&mut Settings),
    ) -> Result<Option<Settings>, AppError> {
        let (before, after) = self.saved.update(change, self.language.get())?;
        if before == after {
            return Ok(None);
        }
        self.changed(&before, &after);
        Ok(Some(after))
    }

    /// Tells the followers, then the windows: told last, so what the UI shows is already true
    /// of what runs (a click-through overlay shown as such already has its hotkey held).
    fn changed(&self, before: &Settings, after: &Settings) {
        let followers: Vec<Arc<dyn Follower>> = self
            .followers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .filter_map(Weak::upgrade)
            .collect();
        for follower in followers {
            follower.settings_changed(before, after);
        }
        self.events.emit(UiEventBody::Settings {
            settings: after.clone(),
        });
    }

    /// See [`GetSettings`].
    pub async fn get_settings(&self, GetSettings {}: GetSettings) -> Result<Settings, AppError> {
        Ok(self.get())
    }

    /// See [`SaveSettings`]. The overlays are not the dialog's to change (the overlay windows
    /// edit them), so the saved ones stay.
    pub async fn save_settings(&self, request: SaveSettings) -> Result<Settings, AppError> {
        self.change(|settings| {
            let overlays = std::mem::take(&mut settings.overlays);
            *settings = Settings {
                overlays,
                ..request.settings
            };
        })
    }

    /// See [`ExportSettings`].
    pub async fn export_settings(
        &self,
        request: ExportSettings,
    ) -> Result<ExportedSettings, AppError> {
        let path = match request.path {
            Some(path) => std::path::PathBuf::from(path),
            None => {
                std::fs::create_dir_all(&self.export_dir)?;
                self.export_dir.join(EXPORT_FILE)
            }
        };
        files::write(&path, &SettingsFile::new(self.get()))?;
        tracing::info!(path = %path.display(), "settings exported");
        Ok(ExportedSettings {
            path: path.display().to_string(),
        })
    }

    /// See [`ImportSettings`]. Whether an overlay window is open is this machine's state, not
    /// the file's: imported overlays keep the pinned state they have here.
    pub async fn import_settings(&self, request: ImportSettings) -> Result<Settings, AppError> {
        let imported = settings::parse_file(&request.json).map_err(|problems| {
            // Each problem as the settings' rules say it.
            AppError::Invalid(Words::new("shell-error-settings-import").with(
                "problems",
                settings::describe_in(self.language.get(), &problems),
            ))
        })?;
        let after = self.change(|settings| {
            let pinned: Vec<String> = settings
                .overlays
                .iter()
                .filter(|(_, overlay)| overlay.pinned)
                .map(|(room, _)| room.clone())
                .collect();
            *settings = imported;
            for overlay in settings.overlays.values_mut() {
                overlay.pinned = false;
            }
            for room in pinned {
                settings.overlays.entry(room).or_default().pinned = true;
            }
        })?;
        tracing::info!("settings imported");
        Ok(after)
    }
}
