//! The single event channel from the shell to the UI.

use serde::{Deserialize, Serialize};

use crate::model::{Capability, Connection, Line, LineKey, ModerationEntry, Profile, Tab, TabId};

/// The one event name the shell emits. Its payload is only the newest event's number: a
/// wake-up call, after which the UI fetches the events themselves with [`PullEvents`].
///
/// Events do not ride on the emit itself because Tauri delivers an emit by evaluating a
/// script with the payload written into it: at 200 events a second that is 200 scripts to
/// parse, each a new source WebKit holds on to for a while. A command's answer travels over
/// the IPC protocol as data instead, and the wake-ups are coalesced to a few a second.
pub const EVENT_CHANNEL: &str = "chatdeck://event";

/// The events after `after`, for a window woken on [`EVENT_CHANNEL`]. `after: None` asks only
/// for the current number, where a new subscriber starts reading.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PullEvents {
    /// The last event this window has; `None` for a new subscriber.
    pub after: Option<u64>,
}

/// Output of [`PullEvents`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PulledEvents {
    /// The events after the one asked for, oldest first (none for a new subscriber).
    pub events: Vec<UiEvent>,
    /// The number of the newest event: where the next pull starts.
    pub seq: u64,
    /// Some of the events after `after` are no longer kept (the window did not pull for a
    /// long while): it must load a snapshot again.
    pub gap: bool,
}

command!(PullEvents => "pull_events", PulledEvents);

/// An event with its sequence number. The UI subscribes first, then asks for a snapshot, then
/// applies only events newer than the snapshot's sequence number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UiEvent {
    /// Strictly increasing per app run, starting at 1.
    pub seq: u64,
    /// What happened.
    pub body: UiEventBody,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UiEventBody {
    /// The saved profiles changed.
    Profiles {
        /// All of them, in order.
        profiles: Vec<Profile>,
    },
    /// A tab opened (or was replaced: same id, new contents).
    TabOpened {
        /// The tab.
        tab: Tab,
        /// Whether it is now the tab in front.
        active: bool,
    },
    /// The desktop put a tab in front (the tray's room list); the windows follow.
    TabActivated {
        /// The tab.
        tab_id: TabId,
    },
    /// The rooms shown side by side changed (see [`crate::split`]).
    Split {
        /// The tabs, left to right; empty for one room at a time.
        tabs: Vec<TabId>,
    },
    /// A tab closed.
    TabClosed {
        /// The tab.
        tab_id: TabId,
    },
    /// A tab's connection changed.
    Connection {
        /// The tab.
        tab_id: TabId,
        /// The new state and reason.
        connection: Connection,
    },
    /// A tab connected with a token: who this client is there and what it may do.
    Session {
        /// The tab.
        tab_id: TabId,
        /// This client's user id.
        user_id: Option<String>,
        /// What the token allows.
        capabilities: Vec<Capability>,
    },
    /// Lines new or changed in a tab, batched (about every 50 ms); each replaces the line
    /// with the same key, or is added.
    Lines {
        /// The tab.
        tab_id: TabId,
        /// The lines, oldest first.
        lines: Vec<Line>,
    },
    /// A tab's newest lines, replacing every line the window holds: the user's ignore list or
    /// filters changed, so they are shown again under the new ones (older lines page back in
    /// the same way). Not news: nothing in them is a new mention.
    LinesReplaced {
        /// The tab.
        tab_id: TabId,
        /// The lines, oldest first.
        lines: Vec<Line>,
    },
    /// Lines removed from a tab (a discarded failed message).
    LinesRemoved {
        /// The tab.
        tab_id: TabId,
        /// Their keys.
        keys: Vec<LineKey>,
    },
    /// The history of a room (or of every room, `room_arn: None`) was cleared: its tabs'
    /// lines and moderation logs are gone.
    HistoryCleared {
        /// The room, or `None` for every room.
        room_arn: Option<String>,
    },
    /// An invite link arrived from the desktop: the UI asks whether to join (or says why
    /// the link was refused).
    Invite {
        /// What it offers.
        offer: crate::invite::InviteOffer,
    },
    /// New moderation-log entries of a tab.
    Moderation {
        /// The tab.
        tab_id: TabId,
        /// The entries, oldest first.
        entries: Vec<ModerationEntry>,
    },
    /// A local room's demo audience was turned on or off.
    DemoAudience {
        /// The tab.
        tab_id: TabId,
        /// Whether it runs.
        on: bool,
    },
    /// A tab's chat delay changed.
    ChatDelay {
        /// The tab.
        tab_id: TabId,
        /// The delay, in seconds (0: none).
        seconds: u32,
    },
    /// A room's health strip, when one of its figures changed (checked once a second).
    Health {
        /// The tab.
        tab_id: TabId,
        /// The figures.
        health: crate::health::RoomHealth,
    },
    /// A bulk purge in a tab made progress (or ended).
    Purge {
        /// The tab.
        tab_id: TabId,
        /// Where it stands.
        progress: crate::health::PurgeProgress,
    },
    /// The settings changed (saved, imported, or an overlay adjusted): all of them.
    Settings {
        /// The settings now.
        settings: crate::settings::Settings,
    },
    /// New lines that mention the user (their name or a highlight word), oldest first.
    Mentions {
        /// The mentions.
        mentions: Vec<crate::mention::Mention>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_as_tagged_json() {
        let event = UiEvent {
            seq: 7,
            body: UiEventBody::TabClosed {
                tab_id: "t1".into(),
            },
        };
        let json = serde_json::to_string(&event).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"seq":7,"body":{"type":"tab_closed","tab_id":"t1"}}"#
        );
        assert_eq!(serde_json::from_str::<UiEvent>(&json).ok(), Some(event));
    }
}
