//! Structures shared by several operations (reference §2.4).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Resource tags: at most 50; keys 1..128, values 0..256 characters.
pub type Tags = BTreeMap<String, String>;

/// What the service does with a message when the review handler fails or times out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FallbackResult {
    /// Deliver the message (the model's default).
    #[default]
    Allow,
    /// Reject it with ERROR 406.
    Deny,
}

/// A room's message review handler (reference §1.11, §2.4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageReviewHandler {
    /// A Lambda ARN, or empty for none. The local service also accepts an `http(s)://` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// What to do when the handler fails; default ALLOW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_result: Option<FallbackResult>,
}

/// S3 destination: objects under `AWSLogs/<account>/IVSChatLogs/...` in the bucket.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct S3DestinationConfiguration {
    /// 3..63 characters of `[a-z0-9-.]`.
    #[serde(default)]
    pub bucket_name: String,
}

/// CloudWatch Logs destination.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudWatchLogsDestinationConfiguration {
    /// 1..512 characters of `[.\-_/#A-Za-z0-9]`.
    #[serde(default)]
    pub log_group_name: String,
}

/// Kinesis Data Firehose destination.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirehoseDestinationConfiguration {
    /// 1..64 characters of `[a-zA-Z0-9_.-]`.
    #[serde(default)]
    pub delivery_stream_name: String,
}

/// Where a logging configuration sends records: a union, exactly one member set
/// (reference §2.4). Kept as a struct of options on the wire so that a request with zero or
/// two members reaches validation and gets a modelled error; [`Destination`] is the checked view.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationConfiguration {
    /// S3 bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3DestinationConfiguration>,
    /// CloudWatch Logs group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_logs: Option<CloudWatchLogsDestinationConfiguration>,
    /// Firehose delivery stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firehose: Option<FirehoseDestinationConfiguration>,
}

/// The one destination of a valid [`DestinationConfiguration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination<'a> {
    /// S3 bucket name.
    S3(&'a str),
    /// CloudWatch Logs group name.
    CloudWatchLogs(&'a str),
    /// Firehose delivery stream name.
    Firehose(&'a str),
}

impl DestinationConfiguration {
    /// An S3 destination.
    pub fn s3(bucket_name: &str) -> Self {
        Self {
            s3: Some(S3DestinationConfiguration {
                bucket_name: bucket_name.to_owned(),
            }),
            ..Self::default()
        }
    }

    /// A CloudWatch Logs destination.
    pub fn cloud_watch_logs(log_group_name: &str) -> Self {
        Self {
            cloud_watch_logs: Some(CloudWatchLogsDestinationConfiguration {
                log_group_name: log_group_name.to_owned(),
            }),
            ..Self::default()
        }
    }

    /// A Firehose destination.
    pub fn firehose(delivery_stream_name: &str) -> Self {
        Self {
            firehose: Some(FirehoseDestinationConfiguration {
                delivery_stream_name: delivery_stream_name.to_owned(),
            }),
            ..Self::default()
        }
    }

    /// The destination, when exactly one member is set.
    pub fn destination(&self) -> Option<Destination<'_>> {
        match (&self.s3, &self.cloud_watch_logs, &self.firehose) {
            (Some(s3), None, None) => Some(Destination::S3(&s3.bucket_name)),
            (None, Some(logs), None) => Some(Destination::CloudWatchLogs(&logs.log_group_name)),
            (None, None, Some(firehose)) => {
                Some(Destination::Firehose(&firehose.delivery_stream_name))
            }
            _ => None,
        }
    }
}

/// Lifecycle state of a logging configuration; the local service only ever reports ACTIVE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LoggingConfigurationState {
    /// Being created.
    Creating,
    /// Creation failed.
    CreateFailed,
    /// Being deleted.
    Deleting,
    /// Deletion failed.
    DeleteFailed,
    /// Being updated.
    Updating,
    /// Update failed.
    UpdateFailed,
    /// Ready.
    Active,
}

/// A room, as GetRoom / CreateRoom / UpdateRoom return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Room {
    /// The room ARN.
    pub arn: String,
    /// The 12-character id.
    pub id: String,
    /// Optional name, not unique.
    #[serde(default)]
    pub name: String,
    /// Creation time.
    #[serde(with = "crate::time::rfc3339")]
    pub create_time: DateTime<Utc>,
    /// Last update time.
    #[serde(with = "crate::time::rfc3339")]
    pub update_time: DateTime<Utc>,
    /// Room-wide messages per second, 1..100.
    pub maximum_message_rate_per_second: u32,
    /// Longest message in code points, 1..500.
    pub maximum_message_length: u32,
    /// The review handler, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_review_handler: Option<MessageReviewHandler>,
    /// Tags.
    #[serde(default)]
    pub tags: Tags,
    /// Up to three logging configuration ARNs.
    #[serde(default)]
    pub logging_configuration_identifiers: Vec<String>,
}

/// A room as ListRooms returns it: without the two limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomSummary {
    /// The room ARN.
    pub arn: String,
    /// The 12-character id.
    pub id: String,
    /// Optional name.
    #[serde(default)]
    pub name: String,
    /// The review handler, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_review_handler: Option<MessageReviewHandler>,
    /// Creation time.
    #[serde(with = "crate::time::rfc3339")]
    pub create_time: DateTime<Utc>,
    /// Last update time.
    #[serde(with = "crate::time::rfc3339")]
    pub update_time: DateTime<Utc>,
    /// Tags.
    #[serde(default)]
    pub tags: Tags,
    /// Logging configuration ARNs.
    #[serde(default)]
    pub logging_configuration_identifiers: Vec<String>,
}

impl From<&Room> for RoomSummary {
    fn from(room: &Room) -> Self {
        Self {
            arn: room.arn.clone(),
            id: room.id.clone(),
            name: room.name.clone(),
            message_review_handler: room.message_review_handler.clone(),
            create_time: room.create_time,
            update_time: room.update_time,
            tags: room.tags.clone(),
            logging_configuration_identifiers: room.logging_configuration_identifiers.clone(),
        }
    }
}

/// A logging configuration, as Get / Create / Update return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggingConfiguration {
    /// The ARN.
    pub arn: String,
    /// The 12-character id.
    pub id: String,
    /// Creation time.
    #[serde(with = "crate::time::rfc3339")]
    pub create_time: DateTime<Utc>,
    /// Last update time.
    #[serde(with = "crate::time::rfc3339")]
    pub update_time: DateTime<Utc>,
    /// Optional name.
    #[serde(default)]
    pub name: String,
    /// Where records go.
    pub destination_configuration: DestinationConfiguration,
    /// Lifecycle state.
    pub state: LoggingConfigurationState,
    /// Tags.
    #[serde(default)]
    pub tags: Tags,
}

/// ListLoggingConfigurations returns whole configurations; the summary has the same fields.
pub type LoggingConfigurationSummary = LoggingConfiguration;
