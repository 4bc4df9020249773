//! The room console: the control plane of a Local or AWS profile, through the protocol
//! crate's request and response shapes.
//!
//! Requests are the API's own inputs ([`CreateRoomRequest`] and so on), so the UI checks them
//! with [`validate`], the very functions the local service answers a ValidationException
//! with, before any call; the shell checks again and maps a refusal's `fieldList` onto
//! [`crate::IpcError::fields`].

use serde::{Deserialize, Serialize};

pub use ivs_chat_protocol::Attributes;
pub use ivs_chat_protocol::control::{
    CreateLoggingConfigurationRequest, CreateRoomRequest, DeleteMessageRequest, Destination,
    DestinationConfiguration, DisconnectUserRequest, FallbackResult, FieldError,
    LoggingConfiguration, LoggingConfigurationState, MessageReviewHandler, Room, RoomSummary,
    SendEventRequest, Tags, UpdateLoggingConfigurationRequest, UpdateRoomRequest, validate,
};

use crate::command::Command;

/// ListRooms' filters (all optional; empty means "any").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoomFilter {
    /// Rooms with exactly this name.
    pub name: String,
    /// Rooms using this review handler URI.
    pub review_handler_uri: String,
    /// Rooms logging to this configuration (ARN).
    pub logging_configuration: String,
}

/// Lists a profile's rooms (ListRooms, every page up to a bound), newest update first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleListRooms {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// Filters passed to ListRooms.
    pub filter: RoomFilter,
}

impl Command for ConsoleListRooms {
    const NAME: &'static str = "console_list_rooms";
    type Output = Vec<RoomSummary>;
}

/// GetRoom: one room with its limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleGetRoom {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The room's ARN.
    pub arn: String,
}

impl Command for ConsoleGetRoom {
    const NAME: &'static str = "console_get_room";
    type Output = Room;
}

/// CreateRoom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleCreateRoom {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The API's input.
    pub request: CreateRoomRequest,
}

impl Command for ConsoleCreateRoom {
    const NAME: &'static str = "console_create_room";
    type Output = Room;
}

/// Tag edits, made with TagResource and UntagResource (UpdateRoom cannot change tags).
///
/// The UI computes them against the tags it loaded, so tags someone else added meanwhile are
/// neither removed nor overwritten unless the user changed that key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TagChange {
    /// Tags to add or overwrite.
    pub set: Tags,
    /// Keys to remove.
    pub remove: Vec<String>,
}

impl TagChange {
    /// The edits that turn `before` into `after`.
    pub fn between(before: &Tags, after: &Tags) -> TagChange {
        TagChange {
            set: after
                .iter()
                .filter(|(key, value)| before.get(*key) != Some(*value))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
            remove: before
                .keys()
                .filter(|key| !after.contains_key(*key))
                .cloned()
                .collect(),
        }
    }

    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }
}

/// UpdateRoom, and the tag edits UpdateRoom cannot make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleUpdateRoom {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The API's input.
    pub request: UpdateRoomRequest,
    /// Tag edits.
    pub tags: TagChange,
}

impl Command for ConsoleUpdateRoom {
    const NAME: &'static str = "console_update_room";
    type Output = Room;
}

/// DeleteRoom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDeleteRoom {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The room's ARN.
    pub arn: String,
}

impl Command for ConsoleDeleteRoom {
    const NAME: &'static str = "console_delete_room";
    type Output = ();
}

/// ListLoggingConfigurations (every page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleListLogging {
    /// A Local or AWS profile.
    pub profile_id: String,
}

impl Command for ConsoleListLogging {
    const NAME: &'static str = "console_list_logging";
    type Output = Vec<LoggingConfiguration>;
}

/// CreateLoggingConfiguration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleCreateLogging {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The API's input.
    pub request: CreateLoggingConfigurationRequest,
}

impl Command for ConsoleCreateLogging {
    const NAME: &'static str = "console_create_logging";
    type Output = LoggingConfiguration;
}

/// UpdateLoggingConfiguration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleUpdateLogging {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The API's input.
    pub request: UpdateLoggingConfigurationRequest,
}

impl Command for ConsoleUpdateLogging {
    const NAME: &'static str = "console_update_logging";
    type Output = LoggingConfiguration;
}

/// DeleteLoggingConfiguration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDeleteLogging {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The configuration's ARN.
    pub arn: String,
}

impl Command for ConsoleDeleteLogging {
    const NAME: &'static str = "console_delete_logging";
    type Output = ();
}

/// SendEvent; returns the event's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSendEvent {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The API's input.
    pub request: SendEventRequest,
}

impl Command for ConsoleSendEvent {
    const NAME: &'static str = "console_send_event";
    type Output = String;
}

/// The control plane's DeleteMessage; returns the operation's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDeleteMessage {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The API's input.
    pub request: DeleteMessageRequest,
}

impl Command for ConsoleDeleteMessage {
    const NAME: &'static str = "console_delete_message";
    type Output = String;
}

/// The control plane's DisconnectUser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDisconnectUser {
    /// A Local or AWS profile.
    pub profile_id: String,
    /// The API's input.
    pub request: DisconnectUserRequest,
}

impl Command for ConsoleDisconnectUser {
    const NAME: &'static str = "console_disconnect_user";
    type Output = ();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_changes_touch_only_what_the_user_changed() {
        let tags = |pairs: &[(&str, &str)]| -> Tags {
            pairs
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect()
        };
        let change = TagChange::between(
            &tags(&[("keep", "1"), ("edit", "a"), ("drop", "x")]),
            &tags(&[("keep", "1"), ("edit", "b"), ("new", "n")]),
        );
        assert_eq!(change.set, tags(&[("edit", "b"), ("new", "n")]));
        assert_eq!(change.remove, ["drop"]);
        assert!(TagChange::between(&tags(&[("a", "1")]), &tags(&[("a", "1")])).is_empty());
    }

    #[test]
    fn requests_cross_as_the_apis_camel_case_json() {
        let command = ConsoleCreateRoom {
            profile_id: "local".into(),
            request: CreateRoomRequest {
                name: Some("lobby".into()),
                maximum_message_length: Some(200),
                ..Default::default()
            },
        };
        let json = serde_json::to_value(&command).unwrap_or_default();
        assert_eq!(json["request"]["maximumMessageLength"], 200);
        assert_eq!(
            serde_json::from_value::<ConsoleCreateRoom>(json).ok(),
            Some(command)
        );
    }
}
