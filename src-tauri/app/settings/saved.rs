//! The user's settings as saved in `settings.json` (the same format an export writes).
//!
//! Every change is checked whole before it is written, and written before it is kept, so a
//! refused change leaves the file and the settings in memory as they were.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chatdeck_ipc::settings::{self, Settings, SettingsFile};
use chatdeck_l10n::Language;

use crate::app::{files, filters};
use crate::error::{AppError, as_is};

/// The settings, loaded and kept in step with their file.
#[derive(Debug)]
pub struct SavedSettings {
    /// `settings.json`.
    path: PathBuf,
    /// A std Mutex: held to copy or replace the settings and write the small file, never
    /// across an await.
    current: Mutex<Settings>,
}

impl SavedSettings {
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
    /// problem nothing changes (and the problems are said in `language`). Returns the
    /// settings before and after.
    pub fn update(
        &self,
        change: impl FnOnce(&mut Settings),
        language: Language,
    ) -> Result<(Settings, Settings), AppError> {
        let mut current = self.lock();
        let mut next = current.clone();
        change(&mut next);
        let next = next.normalized();
        let mut problems = next.problems();
        // The one check the UI cannot make: whether each regular expression compiles.
        problems.extend(filters::problems(&next));
        if !problems.is_empty() {
            // Each problem as the settings' rules say it (the dialog says them field by field).
            return Err(AppError::Invalid(as_is(settings::describe_in(
                language, &problems,
            ))));
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
        let store = SavedSettings::load(dir.path(), Duration::from_millis(2500));
        let (_, saved) = store
            .update(|settings| settings.font_size = 16, Language::English)
            .expect("a valid change");
        assert_eq!(saved.font_size, 16);
        let written = std::fs::read_to_string(dir.path().join("settings.json")).expect("file");
        assert!(
            store
                .update(
                    |settings| {
                        settings.font_size = 18;
                        settings.scrollback = 1;
                    },
                    Language::English,
                )
                .is_err()
        );
        assert_eq!(store.get().font_size, 16);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("settings.json")).expect("file"),
            written
        );
        let reloaded = SavedSettings::load(dir.path(), Duration::from_millis(2500));
        assert_eq!(reloaded.get(), saved);
    }

    #[test]
    fn a_damaged_file_is_set_aside_and_the_defaults_apply() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("settings.json"), "{ not json").expect("write");
        let saved = SavedSettings::load(dir.path(), Duration::from_millis(300));
        assert_eq!(saved.get().demo_audience_per_minute, 200);
        assert!(dir.path().join("settings.json.bad").exists());
    }
}
