//! Client → service requests (reference §1.4).

use serde::Serialize;
use serde_json::{Map, Value};

use super::object::{FieldProblem, Fields};
use super::{
    Attributes, Capability, ErrorCode, MAX_ATTRIBUTES_BYTES, MAX_REASON_CHARS, attributes_size,
};

/// SEND_MESSAGE (reference §1.4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessage {
    /// Echoed in the resulting MESSAGE or ERROR; how a client matches its outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The text; its length in code points is checked against the room maximum.
    pub content: String,
    /// Free-form per-message metadata.
    #[serde(skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
}

/// DELETE_MESSAGE (reference §1.4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMessage {
    /// Echoed in the resulting `aws:DELETE_MESSAGE` EVENT or ERROR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The `Id` of the MESSAGE to delete.
    pub id: String,
    /// Shown to everyone in the room with the deletion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// DISCONNECT_USER (reference §1.4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisconnectUser {
    /// Echoed in the resulting `aws:DISCONNECT_USER` EVENT or ERROR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Every connection of this user id in the room is closed.
    pub user_id: String,
    /// Shown to everyone in the room with the kick.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One of the three actions a client may send; there are no others (reference §1.4).
///
/// Serializes exactly as the official SDK does: `Action` first, then `RequestId`, then the
/// payload, PascalCase, absent options omitted (reference §3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "Action")]
pub enum Request {
    /// Send a message.
    #[serde(rename = "SEND_MESSAGE")]
    SendMessage(SendMessage),
    /// Delete a message.
    #[serde(rename = "DELETE_MESSAGE")]
    DeleteMessage(DeleteMessage),
    /// Disconnect a user.
    #[serde(rename = "DISCONNECT_USER")]
    DisconnectUser(DisconnectUser),
}

/// Why the service rejects a request frame before acting on it: the ERROR it answers with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct RequestError {
    /// 400 for malformed requests, 413 for oversized fields.
    pub code: ErrorCode,
    /// Human-readable text for `ErrorMessage`.
    pub message: String,
    /// The request's `RequestId`, when it could be read, so the ERROR can echo it.
    pub request_id: Option<String>,
}

impl Request {
    /// The `RequestId` the client chose, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Request::SendMessage(request) => request.request_id.as_deref(),
            Request::DeleteMessage(request) => request.request_id.as_deref(),
            Request::DisconnectUser(request) => request.request_id.as_deref(),
        }
    }

    /// The capability the action needs (reference §1.8).
    pub fn capability(&self) -> Capability {
        match self {
            Request::SendMessage(_) => Capability::SendMessage,
            Request::DeleteMessage(_) => Capability::DeleteMessage,
            Request::DisconnectUser(_) => Capability::DisconnectUser,
        }
    }

    /// The wire name of the action.
    pub fn action(&self) -> &'static str {
        self.capability().as_str()
    }

    /// The JSON text of the request, as it goes on the wire.
    pub fn to_json(&self) -> String {
        // Serializing plain strings and string maps cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a request frame the way the service does: keys case-insensitive, unknown keys
    /// ignored (reference §1.3), field types and sizes checked (reference §1.4, §1.7).
    /// Content length against the room maximum and emptiness are the service's own checks,
    /// because they depend on the room.
    pub fn parse(text: &str) -> Result<Request, RequestError> {
        let value: Value = serde_json::from_str(text).map_err(|error| RequestError {
            code: ErrorCode::BAD_REQUEST,
            message: format!("request is not valid JSON: {error}"),
            request_id: None,
        })?;
        let Value::Object(object) = value else {
            return Err(RequestError {
                code: ErrorCode::BAD_REQUEST,
                message: "request must be a JSON object".into(),
                request_id: None,
            });
        };
        Self::from_object(&object)
    }

    fn from_object(object: &Map<String, Value>) -> Result<Request, RequestError> {
        let fields = Fields::new(object);
        let request_id = match fields.get("RequestId") {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) => Some(id.clone()),
            // A number or other value is not an id we can echo faithfully; refuse it.
            Some(_) => {
                return Err(bad_request(None, "RequestId must be a string"));
            }
        };
        let invalid = |name: &str, problem: FieldProblem| match problem {
            FieldProblem::Missing => {
                bad_request(request_id.clone(), &format!("{name} is required"))
            }
            FieldProblem::WrongType(kind) => {
                bad_request(request_id.clone(), &format!("{name} must be {kind}"))
            }
        };
        let action = fields
            .string("Action")
            .map_err(|problem| invalid("Action", problem))?;
        let reason = || -> Result<Option<String>, RequestError> {
            let reason = fields
                .optional_string("Reason")
                .map_err(|problem| invalid("Reason", problem))?;
            if let Some(reason) = reason
                && reason.chars().count() > MAX_REASON_CHARS
            {
                return Err(RequestError {
                    code: ErrorCode::PAYLOAD_TOO_LARGE,
                    message: format!("Reason exceeds {MAX_REASON_CHARS} characters"),
                    request_id: request_id.clone(),
                });
            }
            Ok(reason.map(str::to_owned))
        };
        match action {
            "SEND_MESSAGE" => {
                let content = fields
                    .string("Content")
                    .map_err(|problem| invalid("Content", problem))?;
                let attributes = match fields
                    .optional_object("Attributes")
                    .map_err(|problem| invalid("Attributes", problem))?
                {
                    None => Attributes::new(),
                    Some(map) => string_map(map).ok_or_else(|| {
                        bad_request(request_id.clone(), "Attributes values must be strings")
                    })?,
                };
                if attributes_size(&attributes) > MAX_ATTRIBUTES_BYTES {
                    return Err(RequestError {
                        code: ErrorCode::PAYLOAD_TOO_LARGE,
                        message: format!("Attributes exceed {MAX_ATTRIBUTES_BYTES} bytes"),
                        request_id,
                    });
                }
                Ok(Request::SendMessage(SendMessage {
                    request_id,
                    content: content.to_owned(),
                    attributes,
                }))
            }
            "DELETE_MESSAGE" => {
                let id = fields
                    .string("Id")
                    .map_err(|problem| invalid("Id", problem))?;
                if !is_service_id(id) {
                    return Err(bad_request(
                        request_id,
                        "Id must be a 12-character message id",
                    ));
                }
                let reason = reason()?;
                Ok(Request::DeleteMessage(DeleteMessage {
                    request_id,
                    id: id.to_owned(),
                    reason,
                }))
            }
            "DISCONNECT_USER" => {
                let user_id = fields
                    .string("UserId")
                    .map_err(|problem| invalid("UserId", problem))?;
                if user_id.is_empty() || user_id.chars().count() > 128 {
                    return Err(bad_request(
                        request_id,
                        "UserId must be 1 to 128 characters",
                    ));
                }
                let reason = reason()?;
                Ok(Request::DisconnectUser(DisconnectUser {
                    request_id,
                    user_id: user_id.to_owned(),
                    reason,
                }))
            }
            other => Err(bad_request(
                request_id,
                &format!("unknown Action {other:?}"),
            )),
        }
    }
}

fn bad_request(request_id: Option<String>, message: &str) -> RequestError {
    RequestError {
        code: ErrorCode::BAD_REQUEST,
        message: message.to_owned(),
        request_id,
    }
}

/// Whether `id` has the shape of a service-generated id: 12 characters `[A-Za-z0-9]`
/// (reference §1.3).
pub fn is_service_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

/// A JSON object whose values are all strings, as an attribute map.
fn string_map(object: &Map<String, Value>) -> Option<Attributes> {
    object
        .iter()
        .map(|(key, value)| value.as_str().map(|text| (key.clone(), text.to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(request_id: Option<&str>, content: &str) -> Request {
        Request::SendMessage(SendMessage {
            request_id: request_id.map(str::to_owned),
            content: content.to_owned(),
            attributes: Attributes::new(),
        })
    }

    #[test]
    fn serializes_like_the_official_sdk() {
        let mut attributes = Attributes::new();
        attributes.insert("message_type".into(), "STICKER".into());
        let request = Request::SendMessage(SendMessage {
            request_id: Some("d1b5".into()),
            content: "hello world".into(),
            attributes,
        });
        assert_eq!(
            request.to_json(),
            r#"{"Action":"SEND_MESSAGE","RequestId":"d1b5","Content":"hello world","Attributes":{"message_type":"STICKER"}}"#
        );
        let delete = Request::DeleteMessage(DeleteMessage {
            request_id: Some("b379".into()),
            id: "R1BLTDN84zEO".into(),
            reason: None,
        });
        assert_eq!(
            delete.to_json(),
            r#"{"Action":"DELETE_MESSAGE","RequestId":"b379","Id":"R1BLTDN84zEO"}"#
        );
    }

    #[test]
    fn every_request_round_trips_through_the_service_parser() {
        let requests = [
            send(Some("r1"), "hi"),
            send(None, ""),
            Request::DeleteMessage(DeleteMessage {
                request_id: Some("r2".into()),
                id: "R1BLTDN84zEO".into(),
                reason: Some("Spam".into()),
            }),
            Request::DisconnectUser(DisconnectUser {
                request_id: None,
                user_id: "bob".into(),
                reason: Some("Kicked by moderator".into()),
            }),
        ];
        for request in requests {
            assert_eq!(Request::parse(&request.to_json()), Ok(request));
        }
    }

    #[test]
    fn reads_keys_in_any_case_like_the_2022_demos() {
        // reference §1.3 and §4.3: raw-socket demos sent lower-camel keys.
        let parsed = Request::parse(
            r#"{"requestId":"x","action":"SEND_MESSAGE","content":"hi","attributes":{"a":"b"},"id":"ignored"}"#,
        );
        let Ok(Request::SendMessage(message)) = parsed else {
            panic!("expected a SEND_MESSAGE, got {parsed:?}");
        };
        assert_eq!(message.request_id.as_deref(), Some("x"));
        assert_eq!(message.content, "hi");
        assert_eq!(message.attributes.get("a").map(String::as_str), Some("b"));
    }

    #[test]
    fn rejects_malformed_requests_with_the_reference_codes() {
        let big_attribute = format!(
            r#"{{"Action":"SEND_MESSAGE","RequestId":"r","Content":"x","Attributes":{{"k":"{}"}}}}"#,
            "v".repeat(1100)
        );
        let long_reason = format!(
            r#"{{"Action":"DELETE_MESSAGE","Id":"R1BLTDN84zEO","Reason":"{}"}}"#,
            "r".repeat(257)
        );
        let cases: &[(&str, u16, Option<&str>)] = &[
            ("not json", 400, None),
            ("[1,2]", 400, None),
            (r#"{"Action":"SHOUT","RequestId":"r"}"#, 400, Some("r")),
            (r#"{"RequestId":"r"}"#, 400, Some("r")),
            (
                r#"{"Action":"SEND_MESSAGE","RequestId":"r"}"#,
                400,
                Some("r"),
            ),
            (r#"{"Action":"SEND_MESSAGE","Content":7}"#, 400, None),
            (
                r#"{"Action":"SEND_MESSAGE","Content":"x","Attributes":{"k":1}}"#,
                400,
                None,
            ),
            (
                r#"{"Action":"SEND_MESSAGE","Content":"x","RequestId":5}"#,
                400,
                None,
            ),
            (
                r#"{"Action":"DELETE_MESSAGE","RequestId":"r","Id":"short"}"#,
                400,
                Some("r"),
            ),
            (r#"{"Action":"DISCONNECT_USER","UserId":""}"#, 400, None),
            (&big_attribute, 413, Some("r")),
            (&long_reason, 413, None),
        ];
        for (text, code, request_id) in cases {
            let error = Request::parse(text).expect_err(text);
            assert_eq!(error.code.as_u16(), *code, "{text}: {error}");
            assert_eq!(error.request_id.as_deref(), *request_id, "{text}");
        }
    }

    #[test]
    fn service_ids_are_twelve_alphanumerics() {
        assert!(is_service_id("5OPsDdX18qcJ"));
        assert!(!is_service_id("5OPsDdX18qc"));
        assert!(!is_service_id("5OPsDdX18qc-"));
    }
}
