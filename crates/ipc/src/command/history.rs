//! Clearing the local history of a room or of every room.

use serde::{Deserialize, Serialize};

/// Removes the stored lines and moderation log of one room (every tab on it empties), or of
/// every room; the search index forgets them too. Nothing is asked of the service: other
/// people's copies stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClearHistory {
    /// The room's ARN, or `None` for every room.
    pub room_arn: Option<String>,
}

/// Output of [`ClearHistory`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClearedHistory {
    /// Lines removed.
    pub lines: u64,
    /// Moderation-log entries removed.
    pub moderation: u64,
}

command!(ClearHistory => "clear_history", ClearedHistory);
