//! The chat-logging record (user guide, "Chat logging" / "Conteúdo"): one JSON object per
//! delivered MESSAGE or EVENT, written by the service to each logging destination and by the
//! app when it exports a room's history.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::messaging::Frame;

/// The only record format version the guide defines.
pub const VERSION: &str = "1.0";

/// `type` of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// A chat message.
    Message,
    /// An event.
    Event,
}

/// One chat-log record: `{"event_timestamp","type","version","payload"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatLogRecord {
    /// When the service received the message, UTC.
    #[serde(with = "crate::time::rfc3339")]
    pub event_timestamp: DateTime<Utc>,
    /// MESSAGE or EVENT.
    #[serde(rename = "type")]
    pub record_type: RecordType,
    /// `1.0`.
    pub version: String,
    /// The frame clients received, as JSON.
    pub payload: serde_json::Value,
}

impl ChatLogRecord {
    /// The record of a delivered frame. ERROR frames are never logged (they go to one client
    /// only), so they have no record.
    pub fn of(frame: &Frame) -> Option<ChatLogRecord> {
        let (record_type, event_timestamp) = match frame {
            Frame::Message(message) => (RecordType::Message, message.send_time),
            Frame::Event(event) => (RecordType::Event, event.send_time),
            Frame::Error(_) => return None,
        };
        Some(ChatLogRecord {
            event_timestamp,
            record_type,
            version: VERSION.to_owned(),
            payload: serde_json::to_value(frame).ok()?,
        })
    }

    /// The record as one line of JSON (no trailing newline).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messaging::{Attributes, ChatError, ChatMessage, ErrorCode, Incoming, Sender};

    #[test]
    fn a_message_record_carries_the_frame_clients_receive() {
        let frame = Frame::Message(ChatMessage {
            id: "5OPsDdX18qcJ".into(),
            request_id: None,
            content: "hi \"there\"\n".into(),
            attributes: Attributes::new(),
            sender: Sender {
                user_id: "u".into(),
                attributes: Attributes::new(),
            },
            send_time: crate::time::parse("2022-10-11T12:46:41.723Z").unwrap_or_default(),
        });
        let record = ChatLogRecord::of(&frame).unwrap_or_else(|| panic!("no record"));
        let line = record.to_line();
        assert!(!line.contains('\n'), "one record per line");
        assert!(line.starts_with(r#"{"event_timestamp":"2022-10-11T12:46:41.723Z","type":"MESSAGE","version":"1.0","payload":{"#), "{line}");
        let back: ChatLogRecord =
            serde_json::from_str(&line).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            Frame::parse(&back.payload.to_string()),
            Ok(Incoming::Frame(frame))
        );
    }

    #[test]
    fn errors_are_not_logged() {
        let error = Frame::Error(ChatError {
            id: "IG5mcmlvdGlv".into(),
            request_id: None,
            error_code: ErrorCode::BAD_REQUEST,
            error_message: "x".into(),
        });
        assert_eq!(ChatLogRecord::of(&error), None);
    }
}
