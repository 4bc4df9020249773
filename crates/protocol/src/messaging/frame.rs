//! Service → client frames (reference §1.5).

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::object::{FieldProblem, Fields};
use super::{Attributes, DELETE_MESSAGE_EVENT, DISCONNECT_USER_EVENT, ErrorCode};

/// Who sent a message; fixed by the sender's token, not by the frame (reference §1.5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Sender {
    /// The token's `userId`.
    pub user_id: String,
    /// The token's attributes (display name, avatar, ...).
    pub attributes: Attributes,
}

/// A MESSAGE frame (reference §1.5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChatMessage {
    /// 12-character service id; the key for DELETE_MESSAGE and for de-duplication.
    pub id: String,
    /// The sender's `RequestId`. Always emitted, `""` when none was given, because the 2022
    /// iOS decoder required it (reference §1.5.1).
    #[serde(serialize_with = "request_id_or_empty")]
    pub request_id: Option<String>,
    /// The text, possibly rewritten by the review handler.
    pub content: String,
    /// Message attributes, possibly rewritten by the review handler. Always emitted.
    pub attributes: Attributes,
    /// The sender, from the token.
    pub sender: Sender,
    /// When the service received the message.
    #[serde(with = "crate::time::rfc3339")]
    pub send_time: DateTime<Utc>,
}

/// An EVENT frame: a system event (`aws:…`) or an application event from SendEvent
/// (reference §1.5.2, §1.5.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChatEvent {
    /// 12-character service id.
    pub id: String,
    /// The requester's `RequestId` for events caused by a WebSocket request; absent for
    /// control-plane events (reference §1.6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `aws:DELETE_MESSAGE`, `aws:DISCONNECT_USER`, or an application name.
    pub event_name: String,
    /// Event attributes; system events carry their arguments here.
    pub attributes: Attributes,
    /// When the service produced the event.
    #[serde(with = "crate::time::rfc3339")]
    pub send_time: DateTime<Utc>,
}

/// An ERROR frame, sent to the requesting connection only (reference §1.5.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChatError {
    /// The failed operation's id, never the id of a frame already delivered (reference §3.3).
    pub id: String,
    /// The failed request's `RequestId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// HTTP-like code (reference §1.7), a JSON number.
    pub error_code: ErrorCode,
    /// Human-readable text.
    pub error_message: String,
}

/// What a system event means (reference §1.5.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind<'a> {
    /// `aws:DELETE_MESSAGE`: un-render `message_id`.
    DeleteMessage {
        /// The deleted message's id (`MessageId`, or the deprecated `MessageID`).
        message_id: &'a str,
        /// The moderator's reason.
        reason: Option<&'a str>,
    },
    /// `aws:DISCONNECT_USER`: `user_id` was kicked.
    DisconnectUser {
        /// The kicked user.
        user_id: &'a str,
        /// The moderator's reason.
        reason: Option<&'a str>,
    },
    /// Any other event: the application's own.
    Application,
}

impl ChatEvent {
    /// Classifies the event. A system event missing its required attribute is treated as an
    /// application event rather than dropped, so nothing the service sent is lost.
    pub fn kind(&self) -> EventKind<'_> {
        let attribute = |name: &str| {
            self.attributes
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
        };
        let reason = attribute("Reason");
        match self.event_name.as_str() {
            DELETE_MESSAGE_EVENT => match attribute("MessageId") {
                Some(message_id) => EventKind::DeleteMessage { message_id, reason },
                None => EventKind::Application,
            },
            DISCONNECT_USER_EVENT => match attribute("UserId") {
                Some(user_id) => EventKind::DisconnectUser { user_id, reason },
                None => EventKind::Application,
            },
            _ => EventKind::Application,
        }
    }
}

/// A frame the service sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "Type", rename_all = "UPPERCASE")]
pub enum Frame {
    /// A chat message.
    Message(ChatMessage),
    /// A system or application event.
    Event(ChatEvent),
    /// A rejected request.
    Error(ChatError),
}

/// What a client reads from one text frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// A frame of a known `Type`.
    Frame(Frame),
    /// A well-formed object of a `Type` this version does not know: log and ignore
    /// (reference §1.5).
    Unknown {
        /// The `Type` it carried.
        frame_type: String,
    },
}

/// Why a client could not read a frame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// Not JSON, or not a JSON object.
    #[error("frame is not a JSON object: {0}")]
    NotAnObject(String),
    /// A field the frame's type requires is missing or of the wrong type (reference §3.3).
    #[error("{frame_type} frame: {field} {problem}")]
    Field {
        /// `MESSAGE`, `EVENT`, `ERROR`, or `frame` before the type is known.
        frame_type: &'static str,
        /// The field at fault.
        field: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
}

impl Frame {
    /// The frame's service id.
    pub fn id(&self) -> &str {
        match self {
            Frame::Message(message) => &message.id,
            Frame::Event(event) => &event.id,
            Frame::Error(error) => &error.id,
        }
    }

    /// The `RequestId` it answers, if any. An empty string counts as none (reference §1.5.1).
    pub fn request_id(&self) -> Option<&str> {
        let id = match self {
            Frame::Message(message) => message.request_id.as_deref(),
            Frame::Event(event) => event.request_id.as_deref(),
            Frame::Error(error) => error.request_id.as_deref(),
        };
        id.filter(|id| !id.is_empty())
    }

    /// The JSON text of the frame, as it goes on the wire.
    pub fn to_json(&self) -> String {
        // Strings, string maps and numbers always serialize.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a frame tolerantly, as a client must (reference §1.3, §3.3): keys in any case,
    /// unknown keys ignored, `RequestId` absent / null / empty alike, attribute values that
    /// are not strings dropped (the official SDK drops the whole frame; keeping the rest
    /// loses less), unknown `Type`s reported as [`Incoming::Unknown`].
    pub fn parse(text: &str) -> Result<Incoming, FrameError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|error| FrameError::NotAnObject(error.to_string()))?;
        let Value::Object(object) = value else {
            return Err(FrameError::NotAnObject(
                "a JSON value that is not an object".into(),
            ));
        };
        let fields = Fields::new(&object);
        let frame_type = fields
            .string("Type")
            .map_err(|problem| field_error("frame", "Type", problem))?;
        let frame = if frame_type.eq_ignore_ascii_case("MESSAGE") {
            Frame::Message(parse_message(&fields)?)
        } else if frame_type.eq_ignore_ascii_case("EVENT") {
            Frame::Event(parse_event(&fields)?)
        } else if frame_type.eq_ignore_ascii_case("ERROR") {
            Frame::Error(parse_error(&fields)?)
        } else {
            return Ok(Incoming::Unknown {
                frame_type: frame_type.to_owned(),
            });
        };
        Ok(Incoming::Frame(frame))
    }
}

fn field_error(frame_type: &'static str, field: &'static str, problem: FieldProblem) -> FrameError {
    FrameError::Field {
        frame_type,
        field,
        problem: match problem {
            FieldProblem::Missing => "is missing",
            FieldProblem::WrongType(kind) => kind_problem(kind),
        },
    }
}

fn kind_problem(kind: &'static str) -> &'static str {
    match kind {
        "a string" => "must be a string",
        "an object" => "must be an object",
        _ => "has the wrong type",
    }
}

fn required<'a>(
    fields: &Fields<'a>,
    frame_type: &'static str,
    name: &'static str,
) -> Result<&'a str, FrameError> {
    fields
        .string(name)
        .map_err(|problem| field_error(frame_type, name, problem))
}

fn optional_request_id(fields: &Fields<'_>) -> Option<String> {
    // reference §1.5.1: absent, null and "" all mean "no request"; a non-string is ignored
    // rather than failing a frame everyone else in the room can read.
    match fields.get("RequestId") {
        Some(Value::String(id)) if !id.is_empty() => Some(id.clone()),
        _ => None,
    }
}

fn send_time(fields: &Fields<'_>, frame_type: &'static str) -> Result<DateTime<Utc>, FrameError> {
    let text = required(fields, frame_type, "SendTime")?;
    crate::time::parse(text).ok_or(FrameError::Field {
        frame_type,
        field: "SendTime",
        problem: "is not an RFC 3339 timestamp",
    })
}

fn attributes(object: Option<&Map<String, Value>>) -> Attributes {
    object
        .map(|object| {
            object
                .iter()
                .filter_map(|(key, value)| {
                    value.as_str().map(|text| (key.clone(), text.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn optional_attributes(
    fields: &Fields<'_>,
    frame_type: &'static str,
    name: &'static str,
) -> Result<Attributes, FrameError> {
    fields
        .optional_object(name)
        .map(attributes)
        .map_err(|problem| field_error(frame_type, name, problem))
}

fn parse_message(fields: &Fields<'_>) -> Result<ChatMessage, FrameError> {
    const TYPE: &str = "MESSAGE";
    let id = required(fields, TYPE, "Id")?;
    let content = required(fields, TYPE, "Content")?;
    let sender_object = fields
        .optional_object("Sender")
        .map_err(|problem| field_error(TYPE, "Sender", problem))?
        .ok_or(FrameError::Field {
            frame_type: TYPE,
            field: "Sender",
            problem: "is missing",
        })?;
    let sender_fields = Fields::new(sender_object);
    let sender = Sender {
        user_id: required(&sender_fields, TYPE, "UserId")?.to_owned(),
        attributes: optional_attributes(&sender_fields, TYPE, "Attributes")?,
    };
    Ok(ChatMessage {
        id: id.to_owned(),
        request_id: optional_request_id(fields),
        content: content.to_owned(),
        attributes: optional_attributes(fields, TYPE, "Attributes")?,
        sender,
        send_time: send_time(fields, TYPE)?,
    })
}

fn parse_event(fields: &Fields<'_>) -> Result<ChatEvent, FrameError> {
    const TYPE: &str = "EVENT";
    Ok(ChatEvent {
        id: required(fields, TYPE, "Id")?.to_owned(),
        request_id: optional_request_id(fields),
        event_name: required(fields, TYPE, "EventName")?.to_owned(),
        attributes: optional_attributes(fields, TYPE, "Attributes")?,
        send_time: send_time(fields, TYPE)?,
    })
}

fn parse_error(fields: &Fields<'_>) -> Result<ChatError, FrameError> {
    const TYPE: &str = "ERROR";
    let code = match fields.get("ErrorCode") {
        Some(Value::Number(number)) => number
            .as_u64()
            .and_then(|code| u16::try_from(code).ok())
            .ok_or(FrameError::Field {
                frame_type: TYPE,
                field: "ErrorCode",
                problem: "is not an HTTP-like code",
            })?,
        // Tolerate a code sent as a numeric string; the SDK would drop it, but the meaning
        // is unambiguous.
        Some(Value::String(text)) => text.parse().map_err(|_| FrameError::Field {
            frame_type: TYPE,
            field: "ErrorCode",
            problem: "is not an HTTP-like code",
        })?,
        _ => {
            return Err(FrameError::Field {
                frame_type: TYPE,
                field: "ErrorCode",
                problem: "is missing",
            });
        }
    };
    Ok(ChatError {
        id: required(fields, TYPE, "Id")?.to_owned(),
        request_id: optional_request_id(fields),
        error_code: ErrorCode(code),
        error_message: fields
            .optional_string("ErrorMessage")
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_owned(),
    })
}

fn request_id_or_empty<S: serde::Serializer>(
    id: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(id.as_deref().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 10, 11, 12, 46, 41)
            .single()
            .unwrap_or_default()
    }

    fn message() -> ChatMessage {
        let mut sender_attributes = Attributes::new();
        sender_attributes.insert("username".into(), "Alice".into());
        ChatMessage {
            id: "5OPsDdX18qcJ".into(),
            request_id: Some("d1b5".into()),
            content: "hello world".into(),
            attributes: Attributes::new(),
            sender: Sender {
                user_id: "user1".into(),
                attributes: sender_attributes,
            },
            send_time: at(),
        }
    }

    fn parse_frame(text: &str) -> Frame {
        match Frame::parse(text) {
            Ok(Incoming::Frame(frame)) => frame,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn message_serializes_in_the_documented_shape() {
        assert_eq!(
            Frame::Message(message()).to_json(),
            r#"{"Type":"MESSAGE","Id":"5OPsDdX18qcJ","RequestId":"d1b5","Content":"hello world","Attributes":{},"Sender":{"UserId":"user1","Attributes":{"username":"Alice"}},"SendTime":"2022-10-11T12:46:41.000Z"}"#
        );
        let mut anonymous = message();
        anonymous.request_id = None;
        assert!(
            Frame::Message(anonymous)
                .to_json()
                .contains(r#""RequestId":"""#)
        );
    }

    #[test]
    fn every_frame_round_trips() {
        let mut delete_attributes = Attributes::new();
        delete_attributes.insert("MessageId".into(), "R1BLTDN84zEO".into());
        delete_attributes.insert("MessageID".into(), "R1BLTDN84zEO".into());
        let frames = [
            Frame::Message(message()),
            Frame::Event(ChatEvent {
                id: "AYk6xKitV4On".into(),
                request_id: Some("b379".into()),
                event_name: DELETE_MESSAGE_EVENT.into(),
                attributes: delete_attributes,
                send_time: at(),
            }),
            Frame::Event(ChatEvent {
                id: "AYk6xKitV4Oo".into(),
                request_id: None,
                event_name: "app:poll".into(),
                attributes: Attributes::new(),
                send_time: at(),
            }),
            Frame::Error(ChatError {
                id: "IG5mcmlvdGlv".into(),
                request_id: Some("497f".into()),
                error_code: ErrorCode::BAD_REQUEST,
                error_message: "Message exceeds maximum length".into(),
            }),
        ];
        for frame in frames {
            assert_eq!(parse_frame(&frame.to_json()), frame);
        }
    }

    #[test]
    fn reads_the_documented_samples() {
        let error = parse_frame(
            r#"{"ErrorCode":400,"ErrorMessage":"Messages must be less than 240 chars","Id":"IG5mcmlvdGlv","RequestId":"497f6eca-6276-4993-bfeb-53cbbbba6f08","Type":"ERROR"}"#,
        );
        assert_eq!(
            error.request_id(),
            Some("497f6eca-6276-4993-bfeb-53cbbbba6f08")
        );
        let Frame::Error(error) = error else {
            panic!("not an error")
        };
        assert_eq!(error.error_code, ErrorCode::BAD_REQUEST);
    }

    #[test]
    fn tolerates_case_nulls_and_both_message_id_spellings() {
        let frame = parse_frame(
            r#"{"type":"EVENT","id":"AYk6xKitV4On","requestId":null,"eventName":"aws:DELETE_MESSAGE","attributes":{"MessageID":"R1BLTDN84zEO","Reason":"Spam","n":3},"sendTime":"2022-10-11T12:56:41.113Z","extra":{"x":1}}"#,
        );
        assert_eq!(frame.request_id(), None);
        let Frame::Event(event) = frame else {
            panic!("not an event")
        };
        assert_eq!(
            event.kind(),
            EventKind::DeleteMessage {
                message_id: "R1BLTDN84zEO",
                reason: Some("Spam")
            }
        );
        assert!(
            !event.attributes.contains_key("n"),
            "non-string attribute dropped"
        );
        let kick = parse_frame(
            r#"{"Type":"EVENT","Id":"Qx81LmZpT0ab","RequestId":"","EventName":"aws:DISCONNECT_USER","Attributes":{"UserId":"bob"},"SendTime":"2022-10-11T12:56:41Z"}"#,
        );
        let Frame::Event(kick) = kick else {
            panic!("not an event")
        };
        assert_eq!(
            kick.kind(),
            EventKind::DisconnectUser {
                user_id: "bob",
                reason: None
            }
        );
    }

    #[test]
    fn unknown_types_are_reported_not_failed() {
        assert_eq!(
            Frame::parse(r#"{"Type":"PRESENCE","Id":"x"}"#),
            Ok(Incoming::Unknown {
                frame_type: "PRESENCE".into()
            })
        );
    }

    #[test]
    fn malformed_frames_are_errors_with_the_field_at_fault() {
        let cases = [
            ("", "not a JSON object"),
            ("[]", "not a JSON object"),
            (r#"{"Id":"x"}"#, "Type is missing"),
            (
                r#"{"Type":"MESSAGE","Id":"x","Content":"c","SendTime":"2022-10-11T12:46:41Z"}"#,
                "Sender is missing",
            ),
            (
                r#"{"Type":"MESSAGE","Id":"x","Content":"c","Sender":{},"SendTime":"2022-10-11T12:46:41Z"}"#,
                "UserId is missing",
            ),
            (
                r#"{"Type":"MESSAGE","Id":"x","Content":"c","Sender":{"UserId":"u"},"SendTime":"soon"}"#,
                "SendTime is not",
            ),
            (
                r#"{"Type":"EVENT","Id":"x","SendTime":"2022-10-11T12:46:41Z"}"#,
                "EventName is missing",
            ),
            (
                r#"{"Type":"ERROR","Id":"x","ErrorCode":-1}"#,
                "ErrorCode is not",
            ),
            (r#"{"Type":"ERROR","Id":"x"}"#, "ErrorCode is missing"),
        ];
        for (text, expected) in cases {
            let error = Frame::parse(text).expect_err(text).to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
