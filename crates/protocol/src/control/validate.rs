//! The model's constraints as functions (reference §2.3, §2.4), shared by the local service
//! (which answers with a ValidationException) and the app's room console (which shows the
//! same message inline before any call). Messages use the service's wording.
//!
//! botocore checks only `required`, `min` and types on the client, never `max` or `pattern`
//! (reference §2.1), so the service side must check everything here.

mod checker;
#[cfg(test)]
mod tests;

use super::arn::{Arn, ResourceType};
use super::error::FieldError;
use super::operation::*;
use crate::messaging::{MAX_ATTRIBUTES_BYTES, MAX_EVENT_ATTRIBUTES_BYTES, is_service_id};
use checker::{Checker, LAMBDA_PATTERN};

/// The result of validating one input: every field at fault, in field order.
pub type Validation = Result<(), Vec<FieldError>>;

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
    check.attributes("attributes", &request.attributes, MAX_ATTRIBUTES_BYTES);
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
    // Event attributes may total 4 KB (user guide, document history, 2025-11-19); token and
    // message attributes stay at 1 KB.
    check.attributes(
        "attributes",
        &request.attributes,
        MAX_EVENT_ATTRIBUTES_BYTES,
    );
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
        check.tag_key(&format!("tagKeys.{index}"), key);
    }
    check.finish()
}
