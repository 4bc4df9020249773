//! The view types both sides share: what a tab, a line, a profile look like to the UI.
//!
//! These are views, not the engine's types: the shell decides every value (a line's send
//! state, whether an avatar URL is safe, what a disconnect reason says in words) and the UI
//! renders them as they are. Reasons travel as words (catalogue ids and arguments), said by
//! the UI in its language.

use chatdeck_l10n::Words;
use serde::{Deserialize, Deserializer, Serialize};

pub use crate::badge::Badge;
pub use crate::id::{LineKey, ProfileId, TabId};
pub use crate::settings::filters::Filtered;

/// What a chat token allows beyond viewing (reference §1.8): the protocol crate's type, so
/// the contract and the engine cannot disagree on a capability's name.
pub use ivs_chat_protocol::Capability;

/// A tab's connection, as the badge shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Fetching a token or opening the socket.
    Connecting,
    /// Live.
    Connected,
    /// Nothing open until the user reconnects.
    Disconnected,
}

impl ConnectionState {
    /// `connecting`, `connected` or `disconnected`: the badge's `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Connecting => "connecting",
            ConnectionState::Connected => "connected",
            ConnectionState::Disconnected => "disconnected",
        }
    }
}

/// A connection state with its reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// The state.
    pub state: ConnectionState,
    /// Why, for the user: "kicked by a moderator: spam", "the chat session expired; reconnecting".
    pub reason: Option<Words>,
}

/// Who wrote a line, resolved for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// The token's user id.
    pub user_id: String,
    /// `displayName`, else `username`, else the user id.
    pub display_name: String,
    /// An `avatar` / `avatarUrl` attribute, kept only when it is an http(s) URL.
    pub avatar_url: Option<String>,
    /// Roles from the `badges` attribute ([`crate::badge`]), known ones only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub badges: Vec<Badge>,
    /// The `color` attribute, kept only when it is a `#rrggbb` color ([`crate::badge`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// Where one of this client's messages stands. The shell decides it; the UI only renders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SendState {
    /// Queued or in flight.
    Pending,
    /// Delivered (or not ours: everything received is confirmed).
    Confirmed,
    /// Refused or lost, with the reason in words.
    Failed {
        /// What went wrong, for the user.
        #[serde(deserialize_with = "words_or_text")]
        reason: Words,
        /// Whether trying again as-is can succeed.
        retryable: bool,
    },
}

/// Words, or the plain text that lines stored by earlier versions carry (said as it is).
fn words_or_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Words, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Words(Words),
        Text(String),
    }
    Ok(match Stored::deserialize(deserializer)? {
        Stored::Words(words) => words,
        Stored::Text(text) => Words::new("shell-as-is").with("text", text),
    })
}

impl SendState {
    /// `pending`, `confirmed` or `failed`: the row's `data-state`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SendState::Pending => "pending",
            SendState::Confirmed => "confirmed",
            SendState::Failed { .. } => "failed",
        }
    }
}

/// What kind of line this is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineKind {
    /// A chat message.
    Message,
    /// An application event (SendEvent), shown as a system line.
    Event {
        /// The event's name, e.g. `app:RAISE_HAND`.
        name: String,
    },
    /// Something the room did: a user was disconnected.
    Notice,
    /// A stretch without a connection, from `since_ms` to the line's `time_ms`: nothing sent
    /// to the room meanwhile reached this client, and IVS Chat keeps no history to fetch it
    /// from, so the list says so instead of running the two sides together. `content` says
    /// why the connection was down.
    Gap {
        /// When the connection was lost, in Unix milliseconds.
        since_ms: i64,
    },
}

/// A moderator's deletion of a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deletion {
    /// The moderator's reason.
    pub reason: Option<String>,
}

/// One line of a room: a message, an event or a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Stable key: the client request id of this client's messages (so a row survives
    /// pending → confirmed), the service id of everything else.
    pub key: LineKey,
    /// Order in the room's history; newer lines have larger positions.
    pub position: i64,
    /// The service's id once known (the target of a delete).
    pub message_id: Option<String>,
    /// Message, event or notice.
    #[serde(flatten)]
    pub kind: LineKind,
    /// The author of a message; `None` for events and notices.
    pub sender: Option<Sender>,
    /// The text. Always rendered as text, never as markup.
    pub content: String,
    /// Message or event attributes, sorted by key.
    pub attributes: Vec<(String, String)>,
    /// When the service stamped it (or when it was sent, while pending), in Unix milliseconds.
    pub time_ms: i64,
    /// Sent by this client.
    pub own: bool,
    /// The send state (always confirmed for lines of others).
    pub send: SendState,
    /// Set once a moderator deleted it.
    pub deleted: Option<Deletion>,
    /// Seen in an earlier session of this room (loaded from the history store).
    pub history: bool,
    /// What the user's ignore list and filters did to it (the shell decides; `None`: shown
    /// as it was sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filtered: Option<Filtered>,
}

/// One entry of a room's moderation log: what this client did and saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationEntry {
    /// When, in Unix milliseconds.
    pub time_ms: i64,
    /// What happened, in words.
    pub text: String,
}

/// A room's simulated audience (rooms of the Local profile only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemoAudience {
    /// The room is not the local service's: there is no audience to start.
    #[default]
    Unavailable,
    /// There could be one; it is quiet.
    Off,
    /// Simulated viewers are talking.
    On,
}

impl DemoAudience {
    /// `Off` or `On`.
    pub fn running(on: bool) -> Self {
        if on { Self::On } else { Self::Off }
    }
}

/// A tab: one room over one profile, with its own connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tab {
    /// The tab's id.
    pub id: TabId,
    /// The profile it connects with.
    pub profile_id: ProfileId,
    /// The profile's name, for the tab's tooltip.
    pub profile_name: String,
    /// The room's ARN.
    pub room_arn: String,
    /// The room's name, or the end of its ARN when the name is unknown.
    pub room_name: String,
    /// The connection.
    pub connection: Connection,
    /// This client's user id in the room, once a token says so.
    pub user_id: Option<String>,
    /// What this client's token allows.
    pub capabilities: Vec<Capability>,
    /// The room's maximum message length in code points.
    pub maximum_message_length: u32,
    /// The room's demo audience: whether it has one (rooms of the Local profile do), and
    /// whether it talks.
    pub demo_audience: DemoAudience,
    /// Others' lines reach the list this many seconds after they arrive (0: at once), so a
    /// viewer's chat can follow the stream's latency. See [`crate::command::SetChatDelay`].
    pub chat_delay_seconds: u32,
    /// The newest lines, oldest first (the snapshot's window; older ones come from
    /// [`crate::command::LoadOlder`]).
    pub lines: Vec<Line>,
    /// The moderation log, oldest first.
    pub moderation: Vec<ModerationEntry>,
    /// The room's health strip as last pushed ([`crate::UiEventBody::Health`] carries its
    /// changes), so a window that opens on a quiet room shows it at once.
    #[serde(default)]
    pub health: Option<crate::health::RoomHealth>,
}

/// How a profile gets chat tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProfileKind {
    /// The embedded `ivs-chat-local` service.
    Local,
    /// A token endpoint in the AWS samples' style.
    TokenEndpoint {
        /// `POST` URL answering CreateChatToken output JSON.
        token_url: String,
        /// Messaging endpoint: an AWS region or a `ws(s)://` URL.
        messaging_endpoint: String,
    },
    /// An AWS account through the IVS Chat control plane.
    Aws {
        /// The region, e.g. `us-west-2`.
        region: String,
        /// A named profile of the AWS config files.
        aws_profile: Option<String>,
        /// An access key id whose secret key is in the keychain.
        access_key_id: Option<String>,
        /// A custom control-plane URL (an `ivs-chat-local` elsewhere); the messaging
        /// endpoint follows it.
        endpoint_url: Option<String>,
    },
}

/// A profile's settings, without secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSettings {
    /// Shown in menus.
    pub name: String,
    /// Where tokens come from.
    #[serde(flatten)]
    pub kind: ProfileKind,
    /// The chat user id the tokens are asked for.
    pub user_id: String,
    /// `displayName` token attribute.
    pub display_name: String,
    /// `avatar` token attribute (an http(s) URL), if any.
    pub avatar_url: Option<String>,
    /// `badges` token attribute: the roles others see beside the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub badges: Vec<Badge>,
    /// `color` token attribute (`#rrggbb`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Capabilities asked for.
    pub capabilities: Vec<Capability>,
}

/// A saved profile as the UI sees it: settings, and whether a secret is stored (never the
/// secret itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Stable id.
    pub id: ProfileId,
    /// Its settings.
    pub settings: ProfileSettings,
    /// A bearer secret or AWS secret key is in the keychain.
    pub has_secret: bool,
}

/// A room as a room list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomSummary {
    /// The room's ARN.
    pub arn: String,
    /// Its name (may be empty).
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_l10n::Language;

    #[test]
    fn a_failure_reason_travels_as_words_and_old_text_still_reads() {
        let failed = SendState::Failed {
            reason: Words::new("shell-send-not-connected"),
            retryable: true,
        };
        let json = serde_json::to_string(&failed).expect("json");
        assert_eq!(
            serde_json::from_str::<SendState>(&json).expect("read back"),
            failed
        );
        let old = r#"{"state":"failed","reason":"too long","retryable":false}"#;
        let SendState::Failed { reason, .. } = serde_json::from_str(old).expect("old") else {
            panic!("failed");
        };
        assert_eq!(reason.say(Language::PortugueseBrazil), "too long");
    }
}
