//! The room console: the control plane of a Local or AWS profile, through the protocol
//! crate's request and response shapes.
//!
//! Requests are the API's own inputs ([`CreateRoomRequest`] and so on), so the UI checks them
//! with [`validate`], the very functions the local service answers a ValidationException
//! with, before any call; the shell checks again and maps a refusal's `fieldList` onto
//! [`crate::IpcError::fields`].

use serde::{Deserialize, Serialize};

use crate::model::ProfileId;

pub use ivs_chat_protocol::Attributes;
pub use ivs_chat_protocol::control::{
    CreateLoggingConfigurationRequest, CreateRoomRequest, DeleteMessageRequest, Destination,
    DestinationConfiguration, DisconnectUserRequest, FallbackResult, FieldError,
    LoggingConfiguration, LoggingConfigurationState, MessageReviewHandler, Room, RoomSummary,
    SendEventRequest, Tags, UpdateLoggingConfigurationRequest, UpdateRoomRequest, validate,
};

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
    pub profile_id: ProfileId,
    /// Filters passed to ListRooms.
    pub filter: RoomFilter,
}

command!(ConsoleListRooms => "console_list_rooms", Vec<RoomSummary>);

/// GetRoom: one room with its limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleGetRoom {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The room's ARN.
    pub arn: String,
}

command!(ConsoleGetRoom => "console_get_room", Room);

/// CreateRoom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleCreateRoom {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The API's input.
    pub request: CreateRoomRequest,
}

command!(ConsoleCreateRoom => "console_create_room", Room);

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
    pub profile_id: ProfileId,
    /// The API's input.
    pub request: UpdateRoomRequest,
    /// Tag edits.
    pub tags: TagChange,
}

command!(ConsoleUpdateRoom => "console_update_room", Room);

/// DeleteRoom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDeleteRoom {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The room's ARN.
    pub arn: String,
}

command!(ConsoleDeleteRoom => "console_delete_room", ());

/// ListLoggingConfigurations (every page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleListLogging {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
}

command!(ConsoleListLogging => "console_list_logging", Vec<LoggingConfiguration>);

/// CreateLoggingConfiguration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleCreateLogging {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The API's input.
    pub request: CreateLoggingConfigurationRequest,
}

command!(ConsoleCreateLogging => "console_create_logging", LoggingConfiguration);

/// UpdateLoggingConfiguration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleUpdateLogging {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The API's input.
    pub request: UpdateLoggingConfigurationRequest,
}

command!(ConsoleUpdateLogging => "console_update_logging", LoggingConfiguration);

/// DeleteLoggingConfiguration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDeleteLogging {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The configuration's ARN.
    pub arn: String,
}

command!(ConsoleDeleteLogging => "console_delete_logging", ());

/// SendEvent; returns the event's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSendEvent {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The API's input.
    pub request: SendEventRequest,
}

command!(ConsoleSendEvent => "console_send_event", String);

/// The control plane's DeleteMessage; returns the operation's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDeleteMessage {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The API's input.
    pub request: DeleteMessageRequest,
}

command!(ConsoleDeleteMessage => "console_delete_message", String);

/// The control plane's DisconnectUser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleDisconnectUser {
    /// A Local or AWS profile.
    pub profile_id: ProfileId,
    /// The API's input.
    pub request: DisconnectUserRequest,
}

command!(ConsoleDisconnectUser => "console_disconnect_user", ());

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
