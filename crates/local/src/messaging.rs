//! The messaging WebSocket API (reference §1): handshake, one actor per connection, fan-out.

pub mod connection;
pub mod outbox;
pub mod room_hub;

use axum::extract::ws::Utf8Bytes;
use chrono::Utc;
use ivs_chat_protocol::Attributes;
use ivs_chat_protocol::chat_log::ChatLogRecord;
use ivs_chat_protocol::messaging::{ChatEvent, DELETE_MESSAGE_EVENT, DISCONNECT_USER_EVENT, Frame};

use crate::metrics::Action;
use crate::state::Shared;
use room_hub::RoomHub;

/// Close code for a kicked user: a clean close, so the official SDK reports
/// `serverDisconnect` and does not reconnect (reference §1.9).
pub const KICK_CLOSE_CODE: u16 = 1000;
/// Close reason for a kicked user.
pub const KICK_CLOSE_REASON: &str = "disconnected by a moderator";

/// The `aws:DELETE_MESSAGE` event, carrying both id spellings because the JS SDK 1.1.1 reads
/// only the deprecated `MessageID` (reference §1.5.3).
pub fn delete_message_event(
    id: String,
    request_id: Option<String>,
    message_id: &str,
    reason: Option<&str>,
) -> ChatEvent {
    let mut attributes = Attributes::new();
    attributes.insert("MessageId".into(), message_id.to_owned());
    attributes.insert("MessageID".into(), message_id.to_owned());
    if let Some(reason) = reason {
        attributes.insert("Reason".into(), reason.to_owned());
    }
    ChatEvent {
        id,
        request_id,
        event_name: DELETE_MESSAGE_EVENT.into(),
        attributes,
        send_time: Utc::now(),
    }
}

/// The `aws:DISCONNECT_USER` event (reference §1.5.3).
pub fn disconnect_user_event(
    id: String,
    request_id: Option<String>,
    user_id: &str,
    reason: Option<&str>,
) -> ChatEvent {
    let mut attributes = Attributes::new();
    attributes.insert("UserId".into(), user_id.to_owned());
    if let Some(reason) = reason {
        attributes.insert("Reason".into(), reason.to_owned());
    }
    ChatEvent {
        id,
        request_id,
        event_name: DISCONNECT_USER_EVENT.into(),
        attributes,
        send_time: Utc::now(),
    }
}

/// Fans `frame` out to the room, counts the deliveries and appends the record to the room's
/// logging configurations. Returns the number of connections reached.
pub(crate) fn deliver(shared: &Shared, room: &RoomHub, frame: &Frame, action: Action) -> u64 {
    // The record is queued before any client can see the frame, so that a flush after a
    // client received it (`Service::flush_logs`) always writes it.
    let settings = room.settings();
    if !settings.logging_configuration_identifiers.is_empty()
        && let Some(record) = ChatLogRecord::of(frame)
    {
        shared.logs.record(
            &room.id,
            settings.logging_configuration_identifiers.clone(),
            record,
        );
    }
    let text = Utf8Bytes::from(frame.to_json());
    let delivered = room.broadcast(&text);
    shared.metrics.delivered(action, delivered);
    delivered
}

/// Kicks `user_id` from the room: the event to everyone, then a clean close of each of that
/// user's sockets (reference §1.4.3, §1.9).
pub(crate) fn disconnect_user(shared: &Shared, room: &RoomHub, event: ChatEvent, user_id: &str) {
    deliver(shared, room, &Frame::Event(event), Action::DisconnectUser);
    room.disconnect_user(user_id, KICK_CLOSE_CODE, KICK_CLOSE_REASON);
}
