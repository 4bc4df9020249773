//! The model's constraints, case by case.

use super::*;
use crate::control::{DestinationConfiguration, MessageReviewHandler, Tags};

const ROOM: &str = "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6";
const LOGGING: &str = "arn:aws:ivschat:us-west-2:123456789012:logging-configuration/ABCDEFabcdef";

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

#[test]
fn tags_follow_the_aws_tagging_rules() {
    let tags = |key: &str, value: &str| TagResourceRequest {
        tags: Some(Tags::from([(key.to_owned(), value.to_owned())])),
    };
    for (key, value, ok) in [
        ("env", "dev", true),
        ("team name", "chat-ops_1.0:/=+@", true),
        ("equipe", "ação", true),
        ("aws:created", "x", false),
        ("AWS:created", "x", false),
        ("awsome", "x", true),
        ("", "x", false),
        ("bad<key>", "x", false),
        ("tab\tkey", "x", false),
        ("k", "line\nbreak", false),
        ("k", "", true),
        (&"k".repeat(129), "x", false),
        ("k", &"v".repeat(257), false),
    ] {
        assert_eq!(
            tag_resource(&tags(key, value)).is_ok(),
            ok,
            "{key:?}={value:?}"
        );
    }
    assert_eq!(untag_resource(&["env".into(), "team name".into()]), Ok(()));
    assert_eq!(
        fields(untag_resource(&[
            "ok".into(),
            "aws:name".into(),
            "x!".into()
        ])),
        ["tagKeys.1", "tagKeys.2"]
    );
}

#[test]
fn event_attributes_may_total_4_kb_token_attributes_1_kb() {
    let attributes = |bytes: usize| Some([("a".to_owned(), "b".repeat(bytes - 1))].into());
    let event = |bytes| SendEventRequest {
        room_identifier: Some(ROOM.into()),
        event_name: Some("e".into()),
        attributes: attributes(bytes),
    };
    assert_eq!(send_event(&event(4096)), Ok(()));
    assert_eq!(fields(send_event(&event(4097))), ["attributes"]);
    let token = |bytes| CreateChatTokenRequest {
        room_identifier: Some(ROOM.into()),
        user_id: Some("u".into()),
        attributes: attributes(bytes),
        ..Default::default()
    };
    assert_eq!(create_chat_token(&token(1024)), Ok(()));
    assert_eq!(fields(create_chat_token(&token(1025))), ["attributes"]);
}
