//! A room's recent chatters: who wrote in it lately, from the history store. IVS Chat has no
//! presence API (reference §1.5: a client hears messages, events and errors, never who is
//! connected), so this is traffic, not an audience list, and the UI says so.

use serde::{Deserialize, Serialize};

use crate::id::TabId;
use crate::model::Sender;

/// How many of a room's newest messages the chatters are taken from.
pub const RECENT_MESSAGES: u32 = 5_000;

/// Someone who wrote in the room lately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chatter {
    /// Who, as their newest message showed them (name, badges, color).
    pub sender: Sender,
    /// When they last wrote, Unix milliseconds.
    pub last_ms: i64,
    /// How many of the room's recent messages are theirs.
    pub messages: u32,
}

/// The recent chatters of a tab's room, newest first, from its last [`RECENT_MESSAGES`]
/// messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentChatters {
    /// The tab.
    pub tab_id: TabId,
    /// At most this many.
    pub limit: u32,
}

command!(RecentChatters => "recent_chatters", Vec<Chatter>);
