//! Proptest strategies for hostile input: arbitrary JSON, valid frames and requests of the
//! messaging API, and mutations of them that keep most of their shape (so the parsers'
//! deeper branches are reached, not only "not JSON"). cargo-fuzz needs a nightly toolchain,
//! which this project does not use; proptest runs on stable, shrinks, and records failures
//! in `*.proptest-regressions` files next to the tests.
//!
//! `PROPTEST_CASES` sets the number of cases of every property (the bench runs them long).

use chrono::{DateTime, TimeZone, Utc};
use ivs_chat_protocol::Attributes;
use ivs_chat_protocol::messaging::{
    ChatError, ChatEvent, ChatMessage, DeleteMessage, DisconnectUser, ErrorCode, Frame, Request,
    SendMessage, Sender,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// The number of cases: `PROPTEST_CASES` when set, else `default` (heavier properties
/// default to fewer cases than proptest's 256).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

/// Field names of both APIs, so generated objects hit real keys, in any case.
const KEYS: &[&str] = &[
    "Type",
    "Id",
    "RequestId",
    "Content",
    "Attributes",
    "Sender",
    "UserId",
    "SendTime",
    "EventName",
    "ErrorCode",
    "ErrorMessage",
    "Action",
    "Reason",
    "MessageId",
    "MessageID",
];

/// Text that stresses encoders: quotes, backslashes, newlines, control characters, bidi
/// overrides, zero-width characters, astral emoji, and any other code point.
pub fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => any::<char>().prop_map(String::from),
        1 => Just("\"".to_owned()),
        1 => Just("\\".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\u{0}".to_owned()),
        1 => Just("\u{202e}".to_owned()),
        1 => Just("\u{200b}".to_owned()),
        1 => Just("😀".to_owned()),
        1 => Just("<script>alert(1)</script>".to_owned()),
        1 => Just("|".to_owned()),
        2 => "[a-zA-Z0-9 ]{1,8}",
    ];
    proptest::collection::vec(pieces, 0..max.max(1)).prop_map(|pieces| pieces.concat())
}

/// A key: a known field name in some case, or anything.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (proptest::sample::select(KEYS), any::<bool>()).prop_map(|(key, lower)| {
            if lower { key.to_lowercase() } else { key.to_owned() }
        }),
        1 => hostile_text(8),
    ]
}

/// Any JSON value, up to a small depth.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |number| number.is_finite())
            .prop_map(Value::from),
        hostile_text(24).prop_map(Value::String),
        proptest::sample::select(vec![
            "MESSAGE",
            "EVENT",
            "ERROR",
            "SEND_MESSAGE",
            "DELETE_MESSAGE",
            "DISCONNECT_USER",
            "2022-10-11T12:46:41.723Z",
            "aws:DELETE_MESSAGE",
            "aws:DISCONNECT_USER"
        ])
        .prop_map(|text| Value::String(text.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A timestamp with millisecond precision between 1970 and 9999, as the wire carries it.
pub fn send_time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..253_402_300_799_000).prop_map(|millis| {
        Utc.timestamp_millis_opt(millis)
            .single()
            .unwrap_or_default()
    })
}

fn attributes() -> impl Strategy<Value = Attributes> {
    proptest::collection::btree_map(hostile_text(12), hostile_text(24), 0..4)
}

fn service_id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{12}"
}

fn request_id() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(
        hostile_text(40).prop_filter("an empty RequestId means none", |id| !id.is_empty()),
    )
}

/// A valid MESSAGE.
pub fn message() -> impl Strategy<Value = ChatMessage> {
    (
        service_id(),
        request_id(),
        hostile_text(64),
        attributes(),
        hostile_text(20),
        attributes(),
        send_time(),
    )
        .prop_map(
            |(id, request_id, content, attributes, user_id, sender_attributes, send_time)| {
                ChatMessage {
                    id,
                    request_id,
                    content,
                    attributes,
                    sender: Sender {
                        user_id,
                        attributes: sender_attributes,
                    },
                    send_time,
                }
            },
        )
}

/// A valid EVENT: application events and both system events.
pub fn event() -> impl Strategy<Value = ChatEvent> {
    let name = prop_oneof![
        Just("aws:DELETE_MESSAGE".to_owned()),
        Just("aws:DISCONNECT_USER".to_owned()),
        hostile_text(20),
    ];
    (service_id(), request_id(), name, attributes(), send_time()).prop_map(
        |(id, request_id, event_name, attributes, send_time)| ChatEvent {
            id,
            request_id,
            event_name,
            attributes,
            send_time,
        },
    )
}

/// A valid frame of any type.
pub fn frame() -> impl Strategy<Value = Frame> {
    prop_oneof![
        2 => message().prop_map(Frame::Message),
        1 => event().prop_map(Frame::Event),
        1 => (service_id(), request_id(), any::<u16>(), hostile_text(40)).prop_map(
            |(id, request_id, code, error_message)| Frame::Error(ChatError {
                id,
                request_id,
                error_code: ErrorCode(code),
                error_message,
            })
        ),
    ]
}

/// A valid request of any action, within the service's limits.
pub fn request() -> impl Strategy<Value = Request> {
    let reason = || {
        proptest::option::of(
            hostile_text(64).prop_filter("reasons are at most 256 characters", |reason| {
                reason.chars().count() <= 256
            }),
        )
    };
    let small_attributes = attributes().prop_filter("attributes fit in 1 KB", |attributes| {
        ivs_chat_protocol::messaging::attributes_size(attributes) <= 1024
    });
    prop_oneof![
        3 => (request_id(), hostile_text(64), small_attributes).prop_map(
            |(request_id, content, attributes)| Request::SendMessage(SendMessage {
                request_id,
                content,
                attributes,
            })
        ),
        1 => (request_id(), service_id(), reason()).prop_map(|(request_id, id, reason)| {
            Request::DeleteMessage(DeleteMessage {
                request_id,
                id,
                reason,
            })
        }),
        1 => (request_id(), hostile_text(20), reason()).prop_filter_map(
            "user ids are 1 to 128 characters",
            |(request_id, user_id, reason)| {
                let fits = (1..=128).contains(&user_id.chars().count());
                fits.then_some(Request::DisconnectUser(DisconnectUser {
                    request_id,
                    user_id,
                    reason,
                }))
            }
        ),
    ]
}

/// One change to a JSON object that keeps most of its shape.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Drop the `n`th key.
    Remove(usize),
    /// Replace the `n`th key's value.
    Replace(usize, Value),
    /// Change the case of the `n`th key.
    Recase(usize),
    /// Add a key.
    Insert(String, Value),
}

/// A few mutations.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let mutation = prop_oneof![
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), json_value()).prop_map(|(n, value)| Mutation::Replace(n, value)),
        any::<usize>().prop_map(Mutation::Recase),
        (key(), json_value()).prop_map(|(key, value)| Mutation::Insert(key, value)),
    ];
    proptest::collection::vec(mutation, 0..4)
}

/// Applies `mutations` to `value` (an object; anything else is returned as it is).
pub fn mutate(value: Value, mutations: &[Mutation]) -> Value {
    let Value::Object(mut object) = value else {
        return value;
    };
    for mutation in mutations {
        let keys: Vec<String> = object.keys().cloned().collect();
        let pick = |n: usize| (!keys.is_empty()).then(|| keys[n % keys.len()].clone());
        match mutation {
            Mutation::Remove(n) => {
                if let Some(key) = pick(*n) {
                    object.remove(&key);
                }
            }
            Mutation::Replace(n, value) => {
                if let Some(key) = pick(*n) {
                    object.insert(key, value.clone());
                }
            }
            Mutation::Recase(n) => {
                if let Some(key) = pick(*n)
                    && let Some(value) = object.remove(&key)
                {
                    object.insert(key.to_lowercase(), value);
                }
            }
            Mutation::Insert(key, value) => {
                object.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(object)
}

/// A frame's JSON object, mutated.
pub fn mutated_frame() -> impl Strategy<Value = String> {
    (frame(), mutations()).prop_map(|(frame, mutations)| {
        let value = serde_json::from_str(&frame.to_json()).unwrap_or(Value::Null);
        mutate(value, &mutations).to_string()
    })
}

/// A request's JSON object, mutated.
pub fn mutated_request() -> impl Strategy<Value = String> {
    (request(), mutations()).prop_map(|(request, mutations)| {
        let value = serde_json::from_str(&request.to_json()).unwrap_or(Value::Null);
        mutate(value, &mutations).to_string()
    })
}

/// Text that a peer might send: arbitrary strings, arbitrary JSON, and mutated valid frames
/// built by `valid`.
pub fn hostile_frame_text(valid: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        1 => hostile_text(64),
        1 => json_value().prop_map(|value| value.to_string()),
        3 => valid,
    ]
}

/// A JSON object with `keys`, each valued by one of `values` or by anything.
pub fn object_with(keys: Vec<&'static str>, values: Vec<Value>) -> impl Strategy<Value = Value> {
    let value = prop_oneof![
        2 => proptest::sample::select(values),
        1 => json_value(),
    ];
    proptest::collection::vec((proptest::sample::select(keys), value), 0..8).prop_map(|pairs| {
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<Map<_, _>>(),
        )
    })
}
