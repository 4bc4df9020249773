//! The single event channel from the shell to the UI.

use serde::{Deserialize, Serialize};

/// The one event name the shell emits; every event is a [`UiEvent`].
pub const EVENT_CHANNEL: &str = "chatdeck://event";

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
    /// The answer to [`crate::command::Ping`].
    Pong {
        /// The text that was sent.
        text: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_as_tagged_json() {
        let event = UiEvent {
            seq: 7,
            body: UiEventBody::Pong { text: "hi".into() },
        };
        let json = serde_json::to_string(&event).unwrap_or_default();
        assert_eq!(json, r#"{"seq":7,"body":{"type":"pong","text":"hi"}}"#);
        assert_eq!(serde_json::from_str::<UiEvent>(&json).ok(), Some(event));
    }
}
