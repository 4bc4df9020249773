//! The messaging WebSocket API (reference §1).
//!
//! Clients send [`Request`]s; the service sends [`Frame`]s. Both directions are text frames
//! holding one JSON object with PascalCase keys; each side reads the other's keys
//! case-insensitively (reference §1.3), through [`object::Fields`].

mod capability;
mod error_code;
mod frame;
mod object;
mod request;

pub use capability::Capability;
pub use error_code::ErrorCode;
pub use frame::{
    ChatError, ChatEvent, ChatMessage, EventKind, Frame, FrameError, Incoming, Sender,
};
pub use request::{
    DeleteMessage, DisconnectUser, Request, RequestError, SendMessage, is_service_id,
};

use std::collections::BTreeMap;

/// String-to-string attributes, as everywhere in the API (reference §1.3).
pub type Attributes = BTreeMap<String, String>;

/// Event name of the system event that un-renders a message (reference §1.5.3).
pub const DELETE_MESSAGE_EVENT: &str = "aws:DELETE_MESSAGE";
/// Event name of the system event that announces a kick (reference §1.5.3).
pub const DISCONNECT_USER_EVENT: &str = "aws:DISCONNECT_USER";
/// Default room maximum message length in code points (reference §1.10).
pub const DEFAULT_MAXIMUM_MESSAGE_LENGTH: u32 = 500;
/// Default room message rate per second (reference §1.10).
pub const DEFAULT_MAXIMUM_MESSAGE_RATE: u32 = 10;
/// Largest total size of an attribute map in bytes (reference §1.10, §2.7: 1 KB): message
/// attributes, token attributes and a review handler's answer.
pub const MAX_ATTRIBUTES_BYTES: usize = 1024;
/// Largest total size of SendEvent's `attributes` in bytes: 4 KB since the user guide's
/// document history entry of 19 November 2025 ("Atualizar SendEvent: O tamanho máximo dos
/// metadados do campo `attributes` foi alterado de 1 KB para 4 KB").
pub const MAX_EVENT_ATTRIBUTES_BYTES: usize = 4 * 1024;
/// Largest `Reason` of a delete or kick, in characters (reference §1.4.2: REST twin 1..256).
pub const MAX_REASON_CHARS: usize = 256;

/// Total size of an attribute map as the service counts it: the UTF-8 bytes of every key and
/// value. The reference gives no exact formula (§6), so this is the simple, strict reading.
pub fn attributes_size(attributes: &Attributes) -> usize {
    attributes
        .iter()
        .map(|(key, value)| key.len() + value.len())
        .sum()
}

/// Length of message content in Unicode code points, the unit of `maximumMessageLength`
/// (reference §1.4.1).
pub fn content_length(content: &str) -> usize {
    content.chars().count()
}
