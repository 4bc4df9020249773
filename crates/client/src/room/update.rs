//! What a room reports: [`Update`]s, in the order things happened.

use chrono::{DateTime, Utc};
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::messaging::{ChatEvent, ChatMessage};

use crate::outbox::{Action, RequestId, RequestStatus};
use crate::token::TokenError;

/// The room's connection state, as in the official SDKs (reference §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionState {
    /// Fetching a token and opening a socket (first connect or reconnect).
    Connecting,
    /// A socket is open; requests go out.
    Connected,
    /// Nothing is open and nothing will be until `connect()`.
    Disconnected,
}

impl ConnectionState {
    /// `connecting`, `connected` or `disconnected`.
    pub fn name(self) -> &'static str {
        match self {
            ConnectionState::Connecting => "connecting",
            ConnectionState::Connected => "connected",
            ConnectionState::Disconnected => "disconnected",
        }
    }
}

/// Why the state changed: the official SDK's four reasons (reference §3.7) and what a user
/// needs to see beyond them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The app called `disconnect()`.
    ClientDisconnect,
    /// The service closed the socket cleanly without saying why.
    ServerDisconnect,
    /// A moderator disconnected this user (reference §1.4.3), with their reason.
    Kicked {
        /// The moderator's reason, if given.
        reason: Option<String>,
    },
    /// The room does not exist (deleted, or a wrong ARN).
    RoomNotFound,
    /// No socket could be opened after every attempt.
    SocketError {
        /// The last attempt's failure.
        message: String,
    },
    /// No token could be had after every attempt, or the token endpoint refused outright.
    FetchTokenError(TokenError),
    /// Reconnecting: the socket broke.
    ConnectionLost {
        /// How it broke.
        message: String,
    },
    /// Reconnecting: the session ended (ERROR 401, reference §1.7) before a rotation could
    /// replace it.
    SessionExpired,
    /// Reconnecting: the service is going away (close 1001: shutdown or restart).
    ServerGoingAway,
}

impl Reason {
    /// A stable camelCase name; the first four are the official SDK's `DisconnectReason`s.
    pub fn name(&self) -> &'static str {
        match self {
            Reason::ClientDisconnect => "clientDisconnect",
            Reason::ServerDisconnect => "serverDisconnect",
            Reason::SocketError { .. } => "socketError",
            Reason::FetchTokenError(_) => "fetchTokenError",
            Reason::Kicked { .. } => "kicked",
            Reason::RoomNotFound => "roomNotFound",
            Reason::ConnectionLost { .. } => "connectionLost",
            Reason::SessionExpired => "sessionExpired",
            Reason::ServerGoingAway => "serverGoingAway",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::ClientDisconnect => f.write_str("disconnected"),
            Reason::ServerDisconnect => f.write_str("the chat service closed the connection"),
            Reason::Kicked {
                reason: Some(reason),
            } => write!(f, "kicked by a moderator: {reason}"),
            Reason::Kicked { reason: None } => f.write_str("kicked by a moderator"),
            Reason::RoomNotFound => f.write_str("the room does not exist"),
            Reason::SocketError { message } => write!(f, "cannot connect: {message}"),
            Reason::FetchTokenError(error) => write!(f, "cannot get a chat token: {error}"),
            Reason::ConnectionLost { message } => {
                write!(f, "connection lost ({message}); reconnecting")
            }
            Reason::SessionExpired => f.write_str("the chat session expired; reconnecting"),
            Reason::ServerGoingAway => f.write_str("the chat service is restarting; reconnecting"),
        }
    }
}

/// What is known about the current connection's token; sent on every (re)connect and
/// rotation, so a UI can disable what the token cannot do and show a session countdown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionInfo {
    /// The token's user, when known.
    pub user_id: Option<String>,
    /// The token's capabilities, when known.
    pub capabilities: Option<Vec<Capability>>,
    /// The token had to be used before this.
    pub token_expiration_time: Option<DateTime<Utc>>,
    /// The session ends at this instant, unless a rotation replaces it first.
    pub session_expiration_time: Option<DateTime<Utc>>,
}

/// One thing that happened in the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// The connection state changed.
    State {
        /// The new state.
        state: ConnectionState,
        /// Why, when there is more to say than the state.
        reason: Option<Reason>,
    },
    /// A connection opened with a new token.
    Session(SessionInfo),
    /// A message, from anyone including this client (reference §1.6).
    Message(ChatMessage),
    /// An application event (SendEvent); system events arrive as the variants below.
    Event(ChatEvent),
    /// A moderator deleted a message (`aws:DELETE_MESSAGE`, reference §1.5.3).
    MessageDeleted {
        /// The event's id.
        id: String,
        /// The deleted message.
        message_id: String,
        /// The moderator's reason.
        reason: Option<String>,
        /// The deleting request's id, when a WebSocket client asked.
        request_id: Option<String>,
        /// When the service produced the event.
        send_time: DateTime<Utc>,
    },
    /// A moderator disconnected a user (`aws:DISCONNECT_USER`, reference §1.5.3).
    UserDisconnected {
        /// The event's id.
        id: String,
        /// The user.
        user_id: String,
        /// The moderator's reason.
        reason: Option<String>,
        /// The kicking request's id, when a WebSocket client asked.
        request_id: Option<String>,
        /// When the service produced the event.
        send_time: DateTime<Utc>,
    },
    /// A request of this client changed status.
    Request {
        /// The request.
        request_id: RequestId,
        /// What it asks.
        action: Action,
        /// Where it stands.
        status: RequestStatus,
    },
}
