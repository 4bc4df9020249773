//! The model's constraints as functions (reference §2.3, §2.4), shared by the local service
//! (which answers with a ValidationException) and the app's room console (which shows the
//! same message inline before any call). Messages use the service's wording.
//!
//! botocore checks only `required`, `min` and types on the client, never `max` or `pattern`
//! (reference §2.1), so the service side must check everything here.

use super::arn::{Arn, ResourceType};
use super::error::FieldError;
use super::operation::*;
use super::shape::{Destination, DestinationConfiguration, MessageReviewHandler, Tags};
use crate::messaging::{Attributes, MAX_ATTRIBUTES_BYTES, attributes_size, is_service_id};

/// The result of validating one input: every field at fault, in field order.
pub type Validation = Result<(), Vec<FieldError>>;

/// Collects field errors for one input.
#[derive(Debug, Default)]
struct Checker {
    errors: Vec<FieldError>,
}

const NAME_PATTERN: &str = "[a-zA-Z0-9-_]*";
const ROOM_ARN_PATTERN: &str = "arn:aws:ivschat:[a-z0-9-]+:[0-9]+:room/[a-zA-Z0-9-]+";
const LOGGING_ARN_PATTERN: &str =
    "arn:aws:ivschat:[a-z0-9-]+:[0-9]+:logging-configuration/[a-zA-Z0-9-]+";
const LAMBDA_PATTERN: &str = "$|^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:.+";

impl Checker {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    fn finish(self) -> Validation {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }

    fn required<'a, T>(&mut self, field: &str, value: &'a Option<T>) -> Option<&'a T> {
        if value.is_none() {
            self.fail(field, "Member must not be null");
        }
        value.as_ref()
    }

    /// Length in characters within `min..=max`; reports one error.
    fn length(&mut self, field: &str, value: &str, min: usize, max: usize) -> bool {
        let length = value.chars().count();
        if length < min {
            self.fail(
                field,
                format!("Member must have length greater than or equal to {min}"),
            );
            false
        } else if length > max {
            self.fail(
                field,
                format!("Member must have length less than or equal to {max}"),
            );
            false
        } else {
            true
        }
    }

    fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min {
            self.fail(
                field,
                format!("Member must have value greater than or equal to {min}"),
            );
        } else if value > max {
            self.fail(
                field,
                format!("Member must have value less than or equal to {max}"),
            );
        }
    }

    fn pattern(&mut self, field: &str, ok: bool, pattern: &str) {
        if !ok {
            self.fail(
                field,
                format!("Member must satisfy regular expression pattern: {pattern}"),
            );
        }
    }

    fn name(&mut self, field: &str, name: &Option<String>) {
        if let Some(name) = name
            && self.length(field, name, 0, 128)
        {
            let ok = name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            self.pattern(field, ok, NAME_PATTERN);
        }
    }

    fn arn(&mut self, field: &str, arn: &str, resource_type: ResourceType) {
        if self.length(field, arn, 1, 128) {
            let pattern = match resource_type {
                ResourceType::Room => ROOM_ARN_PATTERN,
                ResourceType::LoggingConfiguration => LOGGING_ARN_PATTERN,
            };
            self.pattern(field, Arn::parse(arn, resource_type).is_some(), pattern);
        }
    }

    fn required_arn(&mut self, field: &str, arn: &Option<String>, resource_type: ResourceType) {
        if let Some(arn) = self.required(field, arn) {
            self.arn(field, arn, resource_type);
        }
    }

    fn tags(&mut self, field: &str, tags: &Tags) {
        if tags.len() > 50 {
            self.fail(field, "Member must have length less than or equal to 50");
        }
        for (key, value) in tags {
            self.length(&format!("{field}.{key}.key"), key, 1, 128);
            self.length(&format!("{field}.{key}.value"), value, 0, 256);
        }
    }

    fn attributes(&mut self, field: &str, attributes: &Option<Attributes>) {
        if let Some(attributes) = attributes
            && attributes_size(attributes) > MAX_ATTRIBUTES_BYTES
        {
            self.fail(
                field,
                format!("Member must total at most {MAX_ATTRIBUTES_BYTES} bytes"),
            );
        }
    }

    fn reason(&mut self, field: &str, reason: &Option<String>) {
        if let Some(reason) = reason {
            self.length(field, reason, 1, 256);
        }
    }

    fn max_results(&mut self, max_results: Option<i64>, next_token: &Option<String>) {
        if let Some(max_results) = max_results {
            self.range("maxResults", max_results, 1, 50);
        }
        if let Some(token) = next_token {
            self.length("nextToken", token, 0, 1024);
        }
    }

    fn review_handler(&mut self, handler: &Option<MessageReviewHandler>) {
        if let Some(uri) = handler.as_ref().and_then(|handler| handler.uri.as_ref())
            && self.length("messageReviewHandler.uri", uri, 0, 170)
        {
            self.pattern(
                "messageReviewHandler.uri",
                is_review_handler_uri(uri),
                LAMBDA_PATTERN,
            );
        }
    }

    fn logging_identifiers(&mut self, identifiers: &Option<Vec<String>>) {
        if let Some(identifiers) = identifiers {
            if identifiers.len() > 3 {
                self.fail(
                    "loggingConfigurationIdentifiers",
                    "Member must have length less than or equal to 3",
                );
            }
            for (index, identifier) in identifiers.iter().enumerate() {
                self.arn(
                    &format!("loggingConfigurationIdentifiers.{index}"),
                    identifier,
                    ResourceType::LoggingConfiguration,
                );
            }
        }
    }

    fn destination(&mut self, destination: &DestinationConfiguration) {
        const FIELD: &str = "destinationConfiguration";
        match destination.destination() {
            None => self.fail(
                FIELD,
                "Member must have exactly one of s3, cloudWatchLogs or firehose",
            ),
            Some(Destination::S3(bucket)) => {
                let field = "destinationConfiguration.s3.bucketName";
                if self.length(field, bucket, 3, 63) {
                    let ok = bucket.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                    });
                    self.pattern(field, ok, "[a-z0-9-.]+");
                }
            }
            Some(Destination::CloudWatchLogs(group)) => {
                let field = "destinationConfiguration.cloudWatchLogs.logGroupName";
                if self.length(field, group, 1, 512) {
                    let ok = group
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-_/#".contains(&b));
                    self.pattern(field, ok, "[\\.\\-_/#A-Za-z0-9]+");
                }
            }
            Some(Destination::Firehose(stream)) => {
                let field = "destinationConfiguration.firehose.deliveryStreamName";
                if self.length(field, stream, 1, 64) {
                    let ok = stream
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
                    self.pattern(field, ok, "[a-zA-Z0-9_.-]+");
                }
            }
        }
    }
}

/// Whether a review handler `uri` is acceptable: empty (no handler), a Lambda function ARN
/// (the model pattern), or an `http(s)://` URL. URLs are an extension of the local service,
/// which calls them directly; the real service rejects them with its own ValidationException.
pub fn is_review_handler_uri(uri: &str) -> bool {
    if uri.is_empty() || uri.starts_with("http://") || uri.starts_with("https://") {
        return true;
    }
    let Some(rest) = uri.strip_prefix("arn:aws:lambda:") else {
        return false;
    };
    let mut parts = rest.splitn(4, ':');
    let (Some(region), Some(account), Some(function), Some(name)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && function == "function"
        && !name.is_empty()
}

/// CreateChatToken.
pub fn create_chat_token(request: &CreateChatTokenRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn(
        "roomIdentifier",
        &request.room_identifier,
        ResourceType::Room,
    );
    if let Some(user_id) = check.required("userId", &request.user_id) {
        check.length("userId", user_id, 1, 128);
    }
    if let Some(minutes) = request.session_duration_in_minutes {
        check.range("sessionDurationInMinutes", minutes, 1, 180);
    }
    check.attributes("attributes", &request.attributes);
    check.finish()
}

/// CreateRoom.
pub fn create_room(request: &CreateRoomRequest) -> Validation {
    let mut check = Checker::default();
    check.name("name", &request.name);
    if let Some(rate) = request.maximum_message_rate_per_second {
        check.range("maximumMessageRatePerSecond", rate, 1, 100);
    }
    if let Some(length) = request.maximum_message_length {
        check.range("maximumMessageLength", length, 1, 500);
    }
    check.review_handler(&request.message_review_handler);
    if let Some(tags) = &request.tags {
        check.tags("tags", tags);
    }
    check.logging_identifiers(&request.logging_configuration_identifiers);
    check.finish()
}

/// UpdateRoom.
pub fn update_room(request: &UpdateRoomRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn("identifier", &request.identifier, ResourceType::Room);
    check.name("name", &request.name);
    if let Some(rate) = request.maximum_message_rate_per_second {
        check.range("maximumMessageRatePerSecond", rate, 1, 100);
    }
    if let Some(length) = request.maximum_message_length {
        check.range("maximumMessageLength", length, 1, 500);
    }
    check.review_handler(&request.message_review_handler);
    check.logging_identifiers(&request.logging_configuration_identifiers);
    check.finish()
}

/// GetRoom and DeleteRoom.
pub fn room_identifier(request: &IdentifierRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn("identifier", &request.identifier, ResourceType::Room);
    check.finish()
}

/// GetLoggingConfiguration and DeleteLoggingConfiguration.
pub fn logging_configuration_identifier(request: &IdentifierRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn(
        "identifier",
        &request.identifier,
        ResourceType::LoggingConfiguration,
    );
    check.finish()
}

/// ListRooms.
pub fn list_rooms(request: &ListRoomsRequest) -> Validation {
    let mut check = Checker::default();
    check.name("name", &request.name);
    check.max_results(request.max_results, &request.next_token);
    if let Some(uri) = &request.message_review_handler_uri
        && check.length("messageReviewHandlerUri", uri, 0, 170)
    {
        check.pattern(
            "messageReviewHandlerUri",
            is_review_handler_uri(uri),
            LAMBDA_PATTERN,
        );
    }
    if let Some(identifier) = &request.logging_configuration_identifier {
        check.arn(
            "loggingConfigurationIdentifier",
            identifier,
            ResourceType::LoggingConfiguration,
        );
    }
    check.finish()
}

/// CreateLoggingConfiguration.
pub fn create_logging_configuration(request: &CreateLoggingConfigurationRequest) -> Validation {
    let mut check = Checker::default();
    check.name("name", &request.name);
    if let Some(destination) = check.required(
        "destinationConfiguration",
        &request.destination_configuration,
    ) {
        check.destination(destination);
    }
    if let Some(tags) = &request.tags {
        check.tags("tags", tags);
    }
    check.finish()
}

/// UpdateLoggingConfiguration.
pub fn update_logging_configuration(request: &UpdateLoggingConfigurationRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn(
        "identifier",
        &request.identifier,
        ResourceType::LoggingConfiguration,
    );
    check.name("name", &request.name);
    if let Some(destination) = &request.destination_configuration {
        check.destination(destination);
    }
    check.finish()
}

/// ListLoggingConfigurations.
pub fn list_logging_configurations(request: &ListLoggingConfigurationsRequest) -> Validation {
    let mut check = Checker::default();
    check.max_results(request.max_results, &request.next_token);
    check.finish()
}

/// SendEvent.
pub fn send_event(request: &SendEventRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn(
        "roomIdentifier",
        &request.room_identifier,
        ResourceType::Room,
    );
    if let Some(name) = check.required("eventName", &request.event_name) {
        check.length("eventName", name, 1, 100);
    }
    check.attributes("attributes", &request.attributes);
    check.finish()
}

/// DeleteMessage.
pub fn delete_message(request: &DeleteMessageRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn(
        "roomIdentifier",
        &request.room_identifier,
        ResourceType::Room,
    );
    if let Some(id) = check.required("id", &request.id)
        && check.length("id", id, 12, 12)
    {
        check.pattern("id", is_service_id(id), "[a-zA-Z0-9]+");
    }
    check.reason("reason", &request.reason);
    check.finish()
}

/// DisconnectUser.
pub fn disconnect_user(request: &DisconnectUserRequest) -> Validation {
    let mut check = Checker::default();
    check.required_arn(
        "roomIdentifier",
        &request.room_identifier,
        ResourceType::Room,
    );
    if let Some(user_id) = check.required("userId", &request.user_id) {
        check.length("userId", user_id, 1, 128);
    }
    check.reason("reason", &request.reason);
    check.finish()
}

/// The `{resourceArn}` label of the tagging operations (either resource type; the model's
/// single-character class is a known bug, reference §2.3 ListTagsForResource).
pub fn resource_arn(arn: &str) -> Validation {
    let mut check = Checker::default();
    if check.length("resourceArn", arn, 1, 128) {
        check.pattern(
            "resourceArn",
            Arn::parse_any(arn).is_some(),
            "arn:aws:ivschat:[a-z0-9-]+:[0-9]+:[a-z-]+/[a-zA-Z0-9-]+",
        );
    }
    check.finish()
}

/// TagResource body.
pub fn tag_resource(request: &TagResourceRequest) -> Validation {
    let mut check = Checker::default();
    if let Some(tags) = check.required("tags", &request.tags) {
        check.tags("tags", tags);
    }
    check.finish()
}

/// UntagResource `tagKeys`.
pub fn untag_resource(tag_keys: &[String]) -> Validation {
    let mut check = Checker::default();
    if tag_keys.len() > 50 {
        check.fail(
            "tagKeys",
            "Member must have length less than or equal to 50",
        );
    }
    for (index, key) in tag_keys.iter().enumerate() {
        check.length(&format!("tagKeys.{index}"), key, 1, 128);
    }
    check.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOM: &str = "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6";
    const LOGGING: &str =
        "arn:aws:ivschat:us-west-2:123456789012:logging-configuration/ABCDEFabcdef";

    fn fields(result: Validation) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|field| field.name)
            .collect()
    }

    #[test]
    fn create_room_checks_every_constraint() {
        assert_eq!(create_room(&CreateRoomRequest::default()), Ok(()));
        let mut tags = Tags::new();
        tags.insert(String::new(), "v".into());
        let bad = CreateRoomRequest {
            name: Some("has space".into()),
            maximum_message_rate_per_second: Some(101),
            maximum_message_length: Some(0),
            message_review_handler: Some(MessageReviewHandler {
                uri: Some("lambda".into()),
                fallback_result: None,
            }),
            tags: Some(tags),
            logging_configuration_identifiers: Some(vec![LOGGING.into(); 4]),
        };
        assert_eq!(
            fields(create_room(&bad)),
            [
                "name",
                "maximumMessageRatePerSecond",
                "maximumMessageLength",
                "messageReviewHandler.uri",
                "tags..key",
                "loggingConfigurationIdentifiers",
            ]
        );
    }

    #[test]
    fn review_handler_uris() {
        for (uri, ok) in [
            ("", true),
            (
                "arn:aws:lambda:us-west-2:123456789012:function:review",
                true,
            ),
            (
                "arn:aws:lambda:us-west-2:123456789012:function:review:live",
                true,
            ),
            ("http://127.0.0.1:9000/review", true),
            ("arn:aws:lambda:us-west-2:1234:function:review", false),
            ("arn:aws:lambda:us-west-2:123456789012:layer:review", false),
            ("ftp://x", false),
        ] {
            assert_eq!(is_review_handler_uri(uri), ok, "{uri}");
        }
    }

    #[test]
    fn required_members_are_reported_as_null() {
        let errors = create_chat_token(&CreateChatTokenRequest::default())
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 2);
        assert!(
            errors
                .iter()
                .all(|error| error.message == "Member must not be null")
        );
    }

    #[test]
    fn token_request_limits() {
        let request = CreateChatTokenRequest {
            room_identifier: Some(ROOM.into()),
            user_id: Some("u".repeat(129)),
            capabilities: None,
            session_duration_in_minutes: Some(181),
            attributes: Some([("a".to_owned(), "b".repeat(1024))].into()),
        };
        assert_eq!(
            fields(create_chat_token(&request)),
            ["userId", "sessionDurationInMinutes", "attributes"]
        );
    }

    #[test]
    fn logging_destination_is_a_union() {
        let none = CreateLoggingConfigurationRequest {
            destination_configuration: Some(DestinationConfiguration::default()),
            ..Default::default()
        };
        assert_eq!(
            fields(create_logging_configuration(&none)),
            ["destinationConfiguration"]
        );
        let mut two = DestinationConfiguration::s3("bucket");
        two.firehose = DestinationConfiguration::firehose("stream").firehose;
        let two = CreateLoggingConfigurationRequest {
            destination_configuration: Some(two),
            ..Default::default()
        };
        assert_eq!(
            fields(create_logging_configuration(&two)),
            ["destinationConfiguration"]
        );
        for (destination, ok) in [
            (DestinationConfiguration::s3("my-bucket.logs"), true),
            (DestinationConfiguration::s3("ab"), false),
            (DestinationConfiguration::s3("UPPER"), false),
            (
                DestinationConfiguration::cloud_watch_logs("/aws/chat#1"),
                true,
            ),
            (
                DestinationConfiguration::cloud_watch_logs("bad group"),
                false,
            ),
            (DestinationConfiguration::firehose("stream_1.a-b"), true),
            (DestinationConfiguration::firehose(""), false),
        ] {
            let request = CreateLoggingConfigurationRequest {
                destination_configuration: Some(destination.clone()),
                ..Default::default()
            };
            assert_eq!(
                create_logging_configuration(&request).is_ok(),
                ok,
                "{destination:?}"
            );
        }
    }

    #[test]
    fn message_operations() {
        let delete = DeleteMessageRequest {
            room_identifier: Some(ROOM.into()),
            id: Some("short".into()),
            reason: Some(String::new()),
        };
        assert_eq!(fields(delete_message(&delete)), ["id", "reason"]);
        let event = SendEventRequest {
            room_identifier: Some("g1H2I3j4k5L6".into()),
            event_name: Some("e".repeat(101)),
            attributes: None,
        };
        assert_eq!(fields(send_event(&event)), ["roomIdentifier", "eventName"]);
        assert_eq!(resource_arn(LOGGING), Ok(()));
        assert_eq!(fields(resource_arn("nope")), ["resourceArn"]);
    }
}
