//! Keeping the history within the user's limits: retention (by age, by size) applied at start,
//! every [`PERIOD`] and whenever the limits change, and *Clear history* of a room or of every
//! room.
//!
//! Clearing tells the windows ([`UiEventBody::HistoryCleared`]) so the room's list empties at
//! once; retention does not, since what it removes is old enough to have scrolled away (a
//! window that pages back finds it gone).

use std::sync::Arc;
use std::time::Duration;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{ClearHistory, ClearedHistory};
use chatdeck_ipc::settings::{HistoryRetention, Settings};
use tokio::sync::Notify;

use super::events::Events;
use super::history::{History, Keep};
use super::settings::{Follower, UserSettings};
use crate::error::AppError;

/// How often retention runs while the app runs.
pub const PERIOD: Duration = Duration::from_secs(60 * 60);

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const MEGABYTE: u64 = 1024 * 1024;

/// The limits as the history store takes them.
pub fn keep(retention: HistoryRetention) -> Keep {
    Keep {
        age_ms: (retention.keep_days > 0).then(|| i64::from(retention.keep_days) * DAY_MS),
        bytes: (retention.keep_megabytes > 0)
            .then(|| u64::from(retention.keep_megabytes) * MEGABYTE),
    }
}

/// The retention service.
#[derive(Debug)]
pub struct Retention {
    /// The lines.
    history: History,
    /// The limits.
    settings: Arc<UserSettings>,
    /// Windows hear of cleared rooms.
    events: Arc<Events>,
    /// Wakes the periodic task early (the limits changed).
    wake: Arc<Notify>,
    /// The periodic task, stopped with the service.
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Retention {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Retention {
    /// Starts retention over `history`: once now, then every [`PERIOD`] and on every change
    /// of the limits.
    pub fn start(history: History, settings: Arc<UserSettings>, events: Arc<Events>) -> Self {
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(keep_trimming(
            history.clone(),
            settings.clone(),
            wake.clone(),
        ));
        Self {
            history,
            settings,
            events,
            wake,
            task,
        }
    }

    /// Applies the limits now (the periodic task does the same).
    pub async fn apply_now(&self) -> Result<super::history::Removed, AppError> {
        apply(&self.history, self.settings.get().history).await
    }

    /// See [`ClearHistory`].
    pub async fn clear_history(&self, request: ClearHistory) -> Result<ClearedHistory, AppError> {
        let room_arn = request
            .room_arn
            .map(|arn| arn.trim().to_owned())
            .filter(|arn| !arn.is_empty());
        let removed = self.history.clear(room_arn.clone()).await?;
        tracing::info!(
            room = room_arn.as_deref().unwrap_or("every room"),
            lines = removed.lines,
            "history cleared"
        );
        self.events.emit(UiEventBody::HistoryCleared { room_arn });
        Ok(ClearedHistory {
            lines: removed.lines,
            moderation: removed.moderation,
        })
    }
}

impl Follower for Retention {
    /// Tighter (or looser) limits apply at once.
    fn settings_changed(&self, before: &Settings, after: &Settings) {
        if before.history != after.history {
            self.wake.notify_one();
        }
    }
}

async fn apply(
    history: &History,
    retention: HistoryRetention,
) -> Result<super::history::Removed, AppError> {
    if retention.keeps_everything() {
        return Ok(super::history::Removed::default());
    }
    let now_ms = chrono::Utc::now().timestamp_millis();
    let removed = history.apply_retention(keep(retention), now_ms).await?;
    if removed.lines > 0 || removed.moderation > 0 {
        tracing::info!(
            lines = removed.lines,
            moderation = removed.moderation,
            "history retention removed old lines"
        );
    }
    Ok(removed)
}

/// Applies the limits now, then every [`PERIOD`] or when woken.
async fn keep_trimming(history: History, settings: Arc<UserSettings>, wake: Arc<Notify>) {
    loop {
        if let Err(error) = apply(&history, settings.get().history).await {
            tracing::warn!(%error, "history retention failed");
        }
        tokio::select! {
            () = tokio::time::sleep(PERIOD) => {}
            () = wake.notified() => {}
        }
    }
}
