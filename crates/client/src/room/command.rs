//! What the handle asks the actor, and the checks a request passes before it is sent.

use ivs_chat_protocol::Capability;
use ivs_chat_protocol::messaging::{
    DEFAULT_MAXIMUM_MESSAGE_LENGTH, DEFAULT_MAXIMUM_MESSAGE_RATE, ErrorCode, MAX_ATTRIBUTES_BYTES,
    MAX_REASON_CHARS, attributes_size, content_length, is_service_id,
};
use tokio::sync::oneshot;

use crate::outbox::{Body, Failure, FailureKind, RequestId, RetryError};

/// Requests per second one connection may make by default (DESIGN §1: 10 per connection).
pub const DEFAULT_CONNECTION_REQUEST_RATE: u32 = 10;

/// Largest `UserId` of a kick, in characters (reference §1.4.3: REST twin 1..128).
const MAX_USER_ID_CHARS: usize = 128;

/// The room's limits, as far as the client knows them. Defaults are the service's defaults
/// (reference §1.10); a caller that learns the room's configuration (GetRoom) sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// `maximumMessageLength`, in code points.
    pub maximum_message_length: u32,
    /// `maximumMessageRatePerSecond`, for the whole room.
    pub maximum_message_rate: u32,
    /// Requests of any kind per second on one connection.
    pub connection_request_rate: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            maximum_message_length: DEFAULT_MAXIMUM_MESSAGE_LENGTH,
            maximum_message_rate: DEFAULT_MAXIMUM_MESSAGE_RATE,
            connection_request_rate: DEFAULT_CONNECTION_REQUEST_RATE,
        }
    }
}

/// A message from the handle to the actor.
#[derive(Debug)]
pub(crate) enum Command {
    Connect,
    Disconnect,
    Request {
        id: RequestId,
        body: Body,
    },
    Retry {
        id: RequestId,
        reply: oneshot::Sender<Result<(), RetryError>>,
    },
    Discard {
        id: RequestId,
        reply: oneshot::Sender<bool>,
    },
    SetLimits(Limits),
}

/// The checks that save a round trip: each failure is what the service would answer
/// (reference §1.7), found before sending. `capabilities` is `None` when unknown.
pub fn check(
    body: &Body,
    limits: &Limits,
    capabilities: Option<&[Capability]>,
) -> Result<(), Failure> {
    let rejected = |code: u16, message: String| {
        Err(Failure::new(
            FailureKind::Rejected(ErrorCode(code)),
            message,
        ))
    };
    let action = body.action();
    if let Some(capabilities) = capabilities
        && !capabilities.contains(&action.capability())
    {
        return rejected(
            403,
            format!(
                "this chat token does not allow {} (it lacks {})",
                action.name(),
                action.capability()
            ),
        );
    }
    let long_reason = |reason: &Option<String>| {
        reason
            .as_deref()
            .is_some_and(|reason| reason.chars().count() > MAX_REASON_CHARS)
    };
    match body {
        Body::Send {
            content,
            attributes,
        } => {
            let length = content_length(content);
            let maximum = limits.maximum_message_length as usize;
            if length == 0 {
                return rejected(400, "the message is empty".into());
            }
            if length > maximum {
                return rejected(
                    400,
                    format!("the message is {length} characters long; this room allows {maximum}"),
                );
            }
            let size = attributes_size(attributes);
            if size > MAX_ATTRIBUTES_BYTES {
                return rejected(
                    413,
                    format!(
                        "the message attributes take {size} bytes; at most {MAX_ATTRIBUTES_BYTES} are allowed"
                    ),
                );
            }
        }
        Body::Delete { message_id, reason } => {
            if !is_service_id(message_id) {
                return rejected(
                    400,
                    format!("{message_id:?} is not a message id (12 letters and digits)"),
                );
            }
            if long_reason(reason) {
                return rejected(
                    413,
                    format!("the reason is longer than {MAX_REASON_CHARS} characters"),
                );
            }
        }
        Body::Kick { user_id, reason } => {
            let length = user_id.chars().count();
            if length == 0 || length > MAX_USER_ID_CHARS {
                return rejected(
                    400,
                    format!("a user id has 1 to {MAX_USER_ID_CHARS} characters"),
                );
            }
            if long_reason(reason) {
                return rejected(
                    413,
                    format!("the reason is longer than {MAX_REASON_CHARS} characters"),
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::type_complexity)]
mod tests {
    use super::*;
    use ivs_chat_protocol::Attributes;

    fn send(content: &str) -> Body {
        Body::Send {
            content: content.into(),
            attributes: Attributes::new(),
        }
    }

    #[test]
    fn check_table() {
        let limits = Limits::default();
        let short = Limits {
            maximum_message_length: 5,
            ..Limits::default()
        };
        let mut big = Attributes::new();
        big.insert("k".into(), "v".repeat(1024));
        let all = Capability::ALL.to_vec();
        let send_only = vec![Capability::SendMessage];
        let cases: Vec<(Body, &Limits, Option<&[Capability]>, Option<u16>)> = vec![
            (send("hello"), &limits, None, None),
            (send(""), &limits, None, Some(400)),
            (send(&"é".repeat(500)), &limits, None, None),
            (send(&"é".repeat(501)), &limits, None, Some(400)),
            // Code points, not bytes or UTF-16 units: five emoji fit in five.
            (send("😀😀😀😀😀"), &short, None, None),
            (send("😀😀😀😀😀😀"), &short, None, Some(400)),
            (
                Body::Send {
                    content: "x".into(),
                    attributes: big,
                },
                &limits,
                None,
                Some(413),
            ),
            (send("x"), &limits, Some(&[]), Some(403)),
            (send("x"), &limits, Some(&send_only), None),
            (
                Body::Delete {
                    message_id: "R1BLTDN84zEO".into(),
                    reason: None,
                },
                &limits,
                Some(&send_only),
                Some(403),
            ),
            (
                Body::Delete {
                    message_id: "R1BLTDN84zEO".into(),
                    reason: Some("spam".into()),
                },
                &limits,
                Some(&all),
                None,
            ),
            (
                Body::Delete {
                    message_id: "nope".into(),
                    reason: None,
                },
                &limits,
                None,
                Some(400),
            ),
            (
                Body::Delete {
                    message_id: "R1BLTDN84zEO".into(),
                    reason: Some("r".repeat(257)),
                },
                &limits,
                None,
                Some(413),
            ),
            (
                Body::Kick {
                    user_id: "bob".into(),
                    reason: None,
                },
                &limits,
                Some(&send_only),
                Some(403),
            ),
            (
                Body::Kick {
                    user_id: String::new(),
                    reason: None,
                },
                &limits,
                None,
                Some(400),
            ),
            (
                Body::Kick {
                    user_id: "bob".into(),
                    reason: Some("spam".into()),
                },
                &limits,
                Some(&all),
                None,
            ),
        ];
        for (index, (body, limits, capabilities, expected)) in cases.into_iter().enumerate() {
            let result = check(&body, limits, capabilities);
            let code = result.as_ref().err().map(|failure| match failure.kind {
                FailureKind::Rejected(code) => code.as_u16(),
                other => panic!("case {index}: unexpected kind {other:?}"),
            });
            assert_eq!(code, expected, "case {index}: {result:?}");
            if let Err(failure) = result {
                assert!(!failure.retryable, "case {index}");
                assert!(!failure.message.is_empty());
            }
        }
    }
}
