//! The user's settings, in `settings.json` (the same format an export writes), and the
//! settings commands.
//!
//! Every change is checked whole before it is written, and written before it is applied, so
//! a refused save or import leaves everything as it was.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{
    ExportSettings, ExportedSettings, GetSettings, ImportSettings, SaveSettings,
};
use chatdeck_ipc::settings::{self, Settings, SettingsFile};

use super::desktop::{DesktopRequest, overlay_label};
use super::{App, files};
use crate::error::AppError;

/// The name of an exported settings file.
pub const EXPORT_FILE: &str = "chatdeck-settings.json";

/// The settings, loaded and kept in step with their file.
#[derive(Debug)]
pub struct Preferences {
    /// `settings.json`.
    path: PathBuf,
    /// A std Mutex: held to copy or replace the settings and write the small file, never
    /// across an await.
    current: Mutex<Settings>,
}

impl Preferences {
    /// Loads `settings.json` from `data_dir`. With no file, the defaults (the demo audience at
    /// `demo_interval`); a file that cannot be read is set aside as `settings.json.bad`, so a
    /// damaged file never keeps the app from starting.
    pub fn load(data_dir: &Path, demo_interval: Duration) -> Self {
        let path = data_dir.join("settings.json");
        let defaults = || Settings {
            demo_audience_per_minute: per_minute(demo_interval),
            ..Settings::default()
        };
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => match settings::parse_file(&text) {
                Ok(settings) => settings,
                Err(problems) => {
                    tracing::warn!(
                        problems = %settings::describe(&problems),
                        "settings.json is unreadable; set aside as settings.json.bad"
                    );
                    if let Err(error) = std::fs::rename(&path, path.with_extension("json.bad")) {
                        tracing::warn!(%error, "settings.json could not be set aside");
                    }
                    defaults()
                }
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => defaults(),
            Err(error) => {
                tracing::warn!(%error, "settings.json could not be read; using the defaults");
                defaults()
            }
        };
        Self {
            path,
            current: Mutex::new(current),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Settings> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The settings now.
    pub fn get(&self) -> Settings {
        self.lock().clone()
    }

    /// Changes the settings with `change`, then checks, writes and keeps the result; on any
    /// problem nothing changes. Returns the settings before and after.
    pub fn update(
        &self,
        change: impl FnOnce(&mut Settings),
    ) -> Result<(Settings, Settings), AppError> {
        let mut current = self.lock();
        let mut next = current.clone();
        change(&mut next);
        let next = next.normalized();
        let problems = next.problems();
        if !problems.is_empty() {
            return Err(AppError::Invalid(settings::describe(&problems)));
        }
        files::write(&self.path, &SettingsFile::new(next.clone()))?;
        let before = std::mem::replace(&mut *current, next.clone());
        Ok((before, next))
    }
}

/// Messages a minute at one message every `interval`.
fn per_minute(interval: Duration) -> u32 {
    let millis = interval.as_millis().max(1);
    u32::try_from(60_000 / millis)
        .unwrap_or(u32::MAX)
        .clamp(*settings::DEMO_RATES.start(), *settings::DEMO_RATES.end())
}

/// The pause between two demo-audience messages at `per_minute`.
pub fn demo_interval(per_minute: u32) -> Duration {
    Duration::from_millis(60_000 / u64::from(per_minute.max(1)))
}

impl App {
    /// See [`GetSettings`].
    pub async fn get_settings(&self, GetSettings {}: GetSettings) -> Result<Settings, AppError> {
        Ok(self.preferences.get())
    }

    /// See [`SaveSettings`]. The overlays are not the dialog's to change (the overlay windows
    /// edit them), so the saved ones stay.
    pub async fn save_settings(&self, request: SaveSettings) -> Result<Settings, AppError> {
        let (before, after) = self.preferences.update(|settings| {
            let overlays = std::mem::take(&mut settings.overlays);
            *settings = Settings {
                overlays,
                ..request.settings
            };
        })?;
        self.settings_changed(&before, &after);
        Ok(after)
    }

    /// See [`ExportSettings`].
    pub async fn export_settings(
        &self,
        ExportSettings {}: ExportSettings,
    ) -> Result<ExportedSettings, AppError> {
        let directory = self.config.export_dir.clone();
        std::fs::create_dir_all(&directory)?;
        let path = directory.join(EXPORT_FILE);
        files::write(&path, &SettingsFile::new(self.preferences.get()))?;
        tracing::info!(path = %path.display(), "settings exported");
        Ok(ExportedSettings {
            path: path.display().to_string(),
        })
    }

    /// See [`ImportSettings`]. Whether an overlay window is open is this machine's state, not
    /// the file's: imported overlays keep the pinned state they have here.
    pub async fn import_settings(&self, request: ImportSettings) -> Result<Settings, AppError> {
        let imported = settings::parse_file(&request.json).map_err(|problems| {
            AppError::Invalid(format!(
                "the settings file was not imported: {}",
                settings::describe(&problems)
            ))
        })?;
        let (before, after) = self.preferences.update(|settings| {
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
        self.settings_changed(&before, &after);
        Ok(after)
    }

    /// Tells every window, and carries what changed to what runs: the demo audiences' pace
    /// and the open overlay windows.
    pub(super) fn settings_changed(&self, before: &Settings, after: &Settings) {
        if before.demo_audience_per_minute != after.demo_audience_per_minute {
            self.tabs
                .pace_audiences(&self.local, demo_interval(after.demo_audience_per_minute));
        }
        for (tab_id, room_arn) in self.tabs.rooms() {
            let (old, new) = (before.overlay(&room_arn), after.overlay(&room_arn));
            if new.pinned && old.pinned && old != new {
                // Failures are logged by the desktop; the setting itself is saved.
                let _ = self.desktop.request(DesktopRequest::ApplyOverlay {
                    label: overlay_label(&tab_id),
                    overlay: new,
                });
            }
        }
        // Told last, so what the UI shows is already true of the windows (a click-through
        // overlay shown as such already has its hotkey held).
        self.events.emit(UiEventBody::Settings {
            settings: after.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_rates_and_intervals_convert_both_ways() {
        assert_eq!(per_minute(Duration::from_millis(2500)), 24);
        assert_eq!(per_minute(Duration::from_millis(300)), 200);
        assert_eq!(per_minute(Duration::from_millis(1)), 600);
        assert_eq!(per_minute(Duration::from_secs(3600)), 1);
        assert_eq!(demo_interval(24), Duration::from_millis(2500));
    }

    #[test]
    fn a_refused_update_changes_nothing_on_disk_or_in_memory() {
        let dir = tempfile::tempdir().expect("dir");
        let preferences = Preferences::load(dir.path(), Duration::from_millis(2500));
        let (_, saved) = preferences
            .update(|settings| settings.font_size = 16)
            .expect("a valid change");
        assert_eq!(saved.font_size, 16);
        let written = std::fs::read_to_string(dir.path().join("settings.json")).expect("file");
        assert!(
            preferences
                .update(|settings| {
                    settings.font_size = 18;
                    settings.scrollback = 1;
                })
                .is_err()
        );
        assert_eq!(preferences.get().font_size, 16);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("settings.json")).expect("file"),
            written
        );
        let reloaded = Preferences::load(dir.path(), Duration::from_millis(2500));
        assert_eq!(reloaded.get(), saved);
    }

    #[test]
    fn a_damaged_file_is_set_aside_and_the_defaults_apply() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("settings.json"), "{ not json").expect("write");
        let preferences = Preferences::load(dir.path(), Duration::from_millis(300));
        assert_eq!(preferences.get().demo_audience_per_minute, 200);
        assert!(dir.path().join("settings.json.bad").exists());
    }
}
