//! Inputs and outputs of the 17 operations (reference §2.3).
//!
//! Required input members are `Option`s so that their absence is a modelled validation error
//! ("Member must not be null") rather than a deserialization failure.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::shape::{
    DestinationConfiguration, LoggingConfiguration, MessageReviewHandler, RoomSummary, Tags,
};
use crate::Secret;
use crate::messaging::{Attributes, Capability};

/// Every operation of the model, with its HTTP method and path (reference §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// POST /CreateChatToken
    CreateChatToken,
    /// POST /CreateLoggingConfiguration
    CreateLoggingConfiguration,
    /// POST /CreateRoom
    CreateRoom,
    /// POST /DeleteLoggingConfiguration → 204
    DeleteLoggingConfiguration,
    /// POST /DeleteMessage
    DeleteMessage,
    /// POST /DeleteRoom → 204
    DeleteRoom,
    /// POST /DisconnectUser
    DisconnectUser,
    /// POST /GetLoggingConfiguration
    GetLoggingConfiguration,
    /// POST /GetRoom
    GetRoom,
    /// POST /ListLoggingConfigurations
    ListLoggingConfigurations,
    /// POST /ListRooms
    ListRooms,
    /// GET /tags/{resourceArn}
    ListTagsForResource,
    /// POST /SendEvent
    SendEvent,
    /// POST /tags/{resourceArn}
    TagResource,
    /// DELETE /tags/{resourceArn}?tagKeys=…
    UntagResource,
    /// POST /UpdateLoggingConfiguration
    UpdateLoggingConfiguration,
    /// POST /UpdateRoom
    UpdateRoom,
}

impl Operation {
    /// All 17 operations.
    pub const ALL: [Operation; 17] = [
        Operation::CreateChatToken,
        Operation::CreateLoggingConfiguration,
        Operation::CreateRoom,
        Operation::DeleteLoggingConfiguration,
        Operation::DeleteMessage,
        Operation::DeleteRoom,
        Operation::DisconnectUser,
        Operation::GetLoggingConfiguration,
        Operation::GetRoom,
        Operation::ListLoggingConfigurations,
        Operation::ListRooms,
        Operation::ListTagsForResource,
        Operation::SendEvent,
        Operation::TagResource,
        Operation::UntagResource,
        Operation::UpdateLoggingConfiguration,
        Operation::UpdateRoom,
    ];

    /// The account's call-rate quota for this operation, in calls per second (reference §2.8;
    /// the user guide's service quotas, not adjustable). Over it, the service answers
    /// ThrottlingException (429).
    pub fn calls_per_second(self) -> u32 {
        match self {
            Operation::CreateChatToken => 200,
            Operation::DeleteMessage | Operation::DisconnectUser | Operation::SendEvent => 100,
            Operation::ListTagsForResource | Operation::TagResource | Operation::UntagResource => {
                10
            }
            Operation::CreateRoom
            | Operation::DeleteRoom
            | Operation::GetRoom
            | Operation::ListRooms
            | Operation::UpdateRoom => 5,
            Operation::CreateLoggingConfiguration
            | Operation::DeleteLoggingConfiguration
            | Operation::GetLoggingConfiguration
            | Operation::ListLoggingConfigurations
            | Operation::UpdateLoggingConfiguration => 3,
        }
    }

    /// The operation name, which is also the path of the POST operations.
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateChatToken => "CreateChatToken",
            Operation::CreateLoggingConfiguration => "CreateLoggingConfiguration",
            Operation::CreateRoom => "CreateRoom",
            Operation::DeleteLoggingConfiguration => "DeleteLoggingConfiguration",
            Operation::DeleteMessage => "DeleteMessage",
            Operation::DeleteRoom => "DeleteRoom",
            Operation::DisconnectUser => "DisconnectUser",
            Operation::GetLoggingConfiguration => "GetLoggingConfiguration",
            Operation::GetRoom => "GetRoom",
            Operation::ListLoggingConfigurations => "ListLoggingConfigurations",
            Operation::ListRooms => "ListRooms",
            Operation::ListTagsForResource => "ListTagsForResource",
            Operation::SendEvent => "SendEvent",
            Operation::TagResource => "TagResource",
            Operation::UntagResource => "UntagResource",
            Operation::UpdateLoggingConfiguration => "UpdateLoggingConfiguration",
            Operation::UpdateRoom => "UpdateRoom",
        }
    }

    /// The HTTP status of success: 204 for the two deletes of resources, else 200.
    pub fn success_status(self) -> u16 {
        match self {
            Operation::DeleteRoom | Operation::DeleteLoggingConfiguration => 204,
            _ => 200,
        }
    }

    /// The POST operation served at `/<name>`, if any.
    pub fn from_path(name: &str) -> Option<Operation> {
        Self::ALL
            .into_iter()
            .filter(|operation| {
                !matches!(
                    operation,
                    Operation::ListTagsForResource
                        | Operation::TagResource
                        | Operation::UntagResource
                )
            })
            .find(|operation| operation.name() == name)
    }
}

/// CreateChatToken input; also the body of the tutorials' `POST /create_chat_token`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateChatTokenRequest {
    /// Room ARN (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_identifier: Option<String>,
    /// The user (required), 1..128 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Capabilities beyond viewing; default none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<Vec<Capability>>,
    /// 1..180, default 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_duration_in_minutes: Option<i64>,
    /// Become `Sender.Attributes` on every message; at most 1 KB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

/// CreateChatToken output (reference §2.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateChatTokenResponse {
    /// The single-use WebSocket credential; never printed.
    pub token: Secret,
    /// The token must be used to connect before this instant.
    #[serde(
        default,
        with = "crate::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub token_expiration_time: Option<DateTime<Utc>>,
    /// The connection ends at this instant.
    #[serde(
        default,
        with = "crate::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_expiration_time: Option<DateTime<Utc>>,
}

/// CreateRoom input; every member optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRoomRequest {
    /// 0..128 of `[a-zA-Z0-9-_]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 1..100, default 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_message_rate_per_second: Option<i64>,
    /// 1..500, default 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_message_length: Option<i64>,
    /// Review handler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_review_handler: Option<MessageReviewHandler>,
    /// Up to 50 tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Up to 3 logging configuration ARNs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging_configuration_identifiers: Option<Vec<String>>,
}

/// UpdateRoom input: omitted members are left unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRoomRequest {
    /// Room ARN (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_message_rate_per_second: Option<i64>,
    /// New length limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_message_length: Option<i64>,
    /// New handler; an empty `uri` removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_review_handler: Option<MessageReviewHandler>,
    /// New logging configurations (replaces the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging_configuration_identifiers: Option<Vec<String>>,
}

/// Input of GetRoom, DeleteRoom, GetLoggingConfiguration and DeleteLoggingConfiguration.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifierRequest {
    /// The resource ARN (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
}

/// ListRooms input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListRoomsRequest {
    /// Only rooms with exactly this name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Opaque continuation from the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// 1..50, default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    /// Only rooms using this review handler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_review_handler_uri: Option<String>,
    /// Only rooms logging to this configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging_configuration_identifier: Option<String>,
}

/// ListRooms output, sorted by `updateTime` descending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListRoomsResponse {
    /// This page.
    pub rooms: Vec<RoomSummary>,
    /// Present when more results exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// CreateLoggingConfiguration input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateLoggingConfigurationRequest {
    /// 0..128 of `[a-zA-Z0-9-_]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where to log (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_configuration: Option<DestinationConfiguration>,
    /// Up to 50 tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

/// UpdateLoggingConfiguration input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateLoggingConfigurationRequest {
    /// The ARN (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_configuration: Option<DestinationConfiguration>,
}

/// ListLoggingConfigurations input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListLoggingConfigurationsRequest {
    /// Opaque continuation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// 1..50, default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

/// ListLoggingConfigurations output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListLoggingConfigurationsResponse {
    /// This page.
    pub logging_configurations: Vec<LoggingConfiguration>,
    /// Present when more results exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// SendEvent input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendEventRequest {
    /// Room ARN (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_identifier: Option<String>,
    /// 1..100 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    /// At most 1 KB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

/// DeleteMessage input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteMessageRequest {
    /// Room ARN (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_identifier: Option<String>,
    /// The 12-character message id (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 1..256 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// DisconnectUser input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisconnectUserRequest {
    /// Room ARN (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_identifier: Option<String>,
    /// 1..128 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// 1..256 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Output of SendEvent and DeleteMessage: the id of the broadcast EVENT (reference §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdResponse {
    /// 12-character id.
    pub id: String,
}

/// TagResource input body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagResourceRequest {
    /// Tags to add or overwrite (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

/// ListTagsForResource output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTagsResponse {
    /// The tags.
    pub tags: Tags,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_route() {
        for operation in Operation::ALL {
            let tagging = matches!(
                operation,
                Operation::ListTagsForResource | Operation::TagResource | Operation::UntagResource
            );
            assert_eq!(
                Operation::from_path(operation.name()).is_some(),
                !tagging,
                "{operation:?}"
            );
        }
        assert_eq!(Operation::DeleteRoom.success_status(), 204);
        assert_eq!(Operation::DisconnectUser.success_status(), 200);
    }

    #[test]
    fn token_response_reads_the_published_sample_and_hides_the_token() {
        let response: CreateChatTokenResponse = serde_json::from_str(
            r#"{"token":"AQICAHgm5DC1V25pBVEhXdu--abc","tokenExpirationTime":"2024-01-19T16:22:35.000Z","sessionExpirationTime":"2024-01-19T18:22:35.000Z"}"#,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(response.token.expose(), "AQICAHgm5DC1V25pBVEhXdu--abc");
        assert!(!format!("{response:?}").contains("AQICAH"));
        let json = serde_json::to_string(&response).unwrap_or_default();
        assert!(
            json.contains(r#""sessionExpirationTime":"2024-01-19T18:22:35.000Z""#),
            "{json}"
        );
    }

    #[test]
    fn missing_required_members_deserialize_for_validation() {
        let request: CreateChatTokenRequest = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(request.room_identifier, None);
        let request: CreateChatTokenRequest = serde_json::from_str(
            r#"{"roomIdentifier":"arn:aws:ivschat:us-west-2:1:room/a","userId":"u","capabilities":["SEND_MESSAGE"]}"#,
        )
        .unwrap_or_default();
        assert_eq!(request.capabilities, Some(vec![Capability::SendMessage]));
    }
}
