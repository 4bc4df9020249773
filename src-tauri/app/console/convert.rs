//! Between the protocol crate's shapes (what the UI edits and validates) and the SDK's types
//! (what `aws-sdk-ivschat` sends and returns).

use std::collections::HashMap;

use aws_sdk_ivschat::primitives::DateTime as SdkTime;
use aws_sdk_ivschat::types as sdk;
use chatdeck_ipc::console::{
    DestinationConfiguration, FallbackResult, LoggingConfigurationState, MessageReviewHandler, Tags,
};
use chatdeck_l10n::Words;
use chrono::{DateTime, Utc};

use crate::error::AppError;

/// An SDK time as UTC; the epoch when absent (the service always sends one).
pub fn time(time: Option<&SdkTime>) -> DateTime<Utc> {
    time.and_then(|time| time.to_millis().ok())
        .and_then(DateTime::<Utc>::from_timestamp_millis)
        .unwrap_or_default()
}

/// SDK tags as the protocol's sorted map.
pub fn tags(tags: Option<&HashMap<String, String>>) -> Tags {
    tags.map(|tags| {
        tags.iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    })
    .unwrap_or_default()
}

/// An SDK review handler as the protocol's.
pub fn handler(handler: Option<&sdk::MessageReviewHandler>) -> Option<MessageReviewHandler> {
    let handler = handler?;
    Some(MessageReviewHandler {
        uri: handler.uri().map(str::to_owned),
        fallback_result: handler.fallback_result().map(|result| match result {
            sdk::FallbackResult::Deny => FallbackResult::Deny,
            _ => FallbackResult::Allow,
        }),
    })
}

/// The protocol's review handler for the SDK.
pub fn sdk_handler(handler: &MessageReviewHandler) -> sdk::MessageReviewHandler {
    sdk::MessageReviewHandler::builder()
        .set_uri(handler.uri.clone())
        .set_fallback_result(handler.fallback_result.map(|result| match result {
            FallbackResult::Allow => sdk::FallbackResult::Allow,
            FallbackResult::Deny => sdk::FallbackResult::Deny,
        }))
        .build()
}

/// An SDK destination as the protocol's union.
pub fn destination(
    destination: Option<&sdk::DestinationConfiguration>,
) -> DestinationConfiguration {
    match destination {
        Some(sdk::DestinationConfiguration::S3(s3)) => {
            DestinationConfiguration::s3(s3.bucket_name())
        }
        Some(sdk::DestinationConfiguration::CloudWatchLogs(logs)) => {
            DestinationConfiguration::cloud_watch_logs(logs.log_group_name())
        }
        Some(sdk::DestinationConfiguration::Firehose(firehose)) => {
            DestinationConfiguration::firehose(firehose.delivery_stream_name())
        }
        _ => DestinationConfiguration::default(),
    }
}

/// The protocol's destination for the SDK; validation has made sure exactly one is set.
pub fn sdk_destination(
    destination: &DestinationConfiguration,
) -> Result<sdk::DestinationConfiguration, AppError> {
    let built = match (
        &destination.s3,
        &destination.cloud_watch_logs,
        &destination.firehose,
    ) {
        (Some(s3), None, None) => sdk::S3DestinationConfiguration::builder()
            .bucket_name(&s3.bucket_name)
            .build()
            .map(sdk::DestinationConfiguration::S3),
        (None, Some(logs), None) => sdk::CloudWatchLogsDestinationConfiguration::builder()
            .log_group_name(&logs.log_group_name)
            .build()
            .map(sdk::DestinationConfiguration::CloudWatchLogs),
        (None, None, Some(firehose)) => sdk::FirehoseDestinationConfiguration::builder()
            .delivery_stream_name(&firehose.delivery_stream_name)
            .build()
            .map(sdk::DestinationConfiguration::Firehose),
        _ => {
            return Err(AppError::Invalid(Words::new("shell-error-one-destination")));
        }
    };
    // The SDK's own words.
    built.map_err(|error| AppError::Invalid(crate::error::as_is(error.to_string())))
}

/// A state name (`ACTIVE`, ...) as the protocol's enum; unknown names read as ACTIVE.
pub fn state(name: Option<&str>) -> LoggingConfigurationState {
    name.and_then(|name| serde_json::from_value(serde_json::Value::String(name.to_owned())).ok())
        .unwrap_or(LoggingConfigurationState::Active)
}

/// Builds a protocol [`chatdeck_ipc::console::Room`] from any output with a room's accessors
/// (CreateRoom, GetRoom, UpdateRoom answer with the same members in different types).
macro_rules! room {
    ($output:expr) => {{
        let output = &$output;
        chatdeck_ipc::console::Room {
            arn: output.arn().unwrap_or_default().to_owned(),
            id: output.id().unwrap_or_default().to_owned(),
            name: output.name().unwrap_or_default().to_owned(),
            create_time: $crate::app::console::convert::time(output.create_time()),
            update_time: $crate::app::console::convert::time(output.update_time()),
            maximum_message_rate_per_second: output
                .maximum_message_rate_per_second()
                .and_then(|value| u32::try_from(value).ok())
                .unwrap_or(10),
            maximum_message_length: output
                .maximum_message_length()
                .and_then(|value| u32::try_from(value).ok())
                .unwrap_or(500),
            message_review_handler: $crate::app::console::convert::handler(
                output.message_review_handler(),
            ),
            tags: $crate::app::console::convert::tags(output.tags()),
            logging_configuration_identifiers: output.logging_configuration_identifiers().to_vec(),
        }
    }};
}

/// Builds a protocol `LoggingConfiguration` from any output or summary with a logging
/// configuration's accessors.
macro_rules! logging {
    ($output:expr) => {{
        let output = &$output;
        chatdeck_ipc::console::LoggingConfiguration {
            arn: output.arn().unwrap_or_default().to_owned(),
            id: output.id().unwrap_or_default().to_owned(),
            create_time: $crate::app::console::convert::time(output.create_time()),
            update_time: $crate::app::console::convert::time(output.update_time()),
            name: output.name().unwrap_or_default().to_owned(),
            destination_configuration: $crate::app::console::convert::destination(
                output.destination_configuration(),
            ),
            state: $crate::app::console::convert::state(output.state().map(|state| state.as_str())),
            tags: $crate::app::console::convert::tags(output.tags()),
        }
    }};
}

pub(super) use {logging, room};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_and_handlers_survive_the_round_trip() {
        for original in [
            DestinationConfiguration::s3("my-bucket"),
            DestinationConfiguration::cloud_watch_logs("/chat/logs"),
            DestinationConfiguration::firehose("stream"),
        ] {
            let sdk = sdk_destination(&original).unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(destination(Some(&sdk)), original);
        }
        assert!(sdk_destination(&DestinationConfiguration::default()).is_err());
        let handler = MessageReviewHandler {
            uri: Some("http://127.0.0.1:1/review".into()),
            fallback_result: Some(FallbackResult::Deny),
        };
        assert_eq!(super::handler(Some(&sdk_handler(&handler))), Some(handler));
        assert_eq!(
            state(Some("CREATE_FAILED")),
            LoggingConfigurationState::CreateFailed
        );
    }
}
