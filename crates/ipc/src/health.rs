//! A room's health strip and its bulk purge: the views the shell computes and pushes.

use serde::{Deserialize, Serialize};

use crate::model::TabId;

/// A room's health, computed by the shell and pushed when a figure changes (checked once a
/// second).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomHealth {
    /// Messages a second received over the last few seconds.
    pub messages_per_second: f64,
    /// The room's cap (`maximumMessageRatePerSecond`).
    pub rate_cap: u32,
    /// Send → confirm time of this client's latest confirmed message, in milliseconds.
    pub latency_ms: Option<u64>,
    /// The median of the recent send → confirm times, in milliseconds.
    pub latency_median_ms: Option<u64>,
    /// Times the connection was lost and opened again since the tab opened.
    pub reconnects: u32,
    /// When the chat session expires, in milliseconds since the Unix epoch (the engine opens the
    /// next connection before). A time, not a count of seconds left: a countdown would change
    /// every second and be pushed for every open room; the strip on screen counts down itself.
    pub session_expires_ms: Option<i64>,
}

/// Disconnects a user and deletes their last `count` messages in a tab's room, paced under the
/// rate limits. Progress arrives as [`crate::UiEventBody::Purge`] events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartPurge {
    /// The tab.
    pub tab_id: TabId,
    /// The user.
    pub user_id: String,
    /// How many of their newest messages to delete.
    pub count: u32,
    /// Disconnect them first, so they cannot post while the purge runs.
    pub disconnect: bool,
    /// Shown with the disconnect and every deletion.
    pub reason: Option<String>,
}

command!(StartPurge => "start_purge", PurgeProgress);

/// Stops a running purge after the deletion in flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelPurge {
    /// The tab.
    pub tab_id: TabId,
    /// The purge.
    pub purge_id: String,
}

command!(CancelPurge => "cancel_purge", ());

/// Where a purge stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PurgeState {
    /// Deleting.
    Running,
    /// Every message was deleted (or asked to be).
    Done,
    /// The user cancelled it.
    Cancelled,
    /// It stopped on an error.
    Failed {
        /// What went wrong, in words.
        reason: String,
    },
}

/// A purge's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeProgress {
    /// The purge's id.
    pub id: String,
    /// The user.
    pub user_id: String,
    /// Messages to delete (fewer than asked when the user has fewer).
    pub total: u32,
    /// Deletions made so far.
    pub done: u32,
    /// Whether the user was disconnected.
    pub disconnected: bool,
    /// Where it stands.
    #[serde(flatten)]
    pub state: PurgeState,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_with_a_flat_state() {
        let progress = PurgeProgress {
            id: "p1".into(),
            user_id: "troll".into(),
            total: 5,
            done: 2,
            disconnected: true,
            state: PurgeState::Failed {
                reason: "no".into(),
            },
        };
        let json = serde_json::to_value(&progress).unwrap_or_default();
        assert_eq!(json["state"], "failed");
        assert_eq!(
            serde_json::from_value::<PurgeProgress>(json).ok(),
            Some(progress)
        );
    }
}
