//! Errors as the service gives them, read by the official `aws-sdk-ivschat` where it can send
//! the request, and over plain HTTP where it cannot: values outside an enum, unknown
//! operations, missing query members, `resourceId`s in the model's pattern, tag keys under the
//! AWS tagging rules, ListRooms by a logging configuration that does not exist, and the 4 KB
//! of SendEvent attributes.
#![allow(clippy::unwrap_used)]

mod common;

use aws_sdk_ivschat::Client;
use aws_sdk_ivschat::config::{BehaviorVersion, Region, retry::RetryConfig};
use aws_sdk_ivschat::error::ProvideErrorMetadata;
use aws_sdk_ivschat::operation::{
    create_chat_token::CreateChatTokenError, create_room::CreateRoomError, get_room::GetRoomError,
    list_rooms::ListRoomsError, send_event::SendEventError, tag_resource::TagResourceError,
};
use aws_sdk_ivschat::types::{
    ChatTokenCapability, FallbackResult, MessageReviewHandler, ValidationExceptionReason,
};
use common::*;
use serde_json::{Value, json};

fn sdk(service: &ivs_chat_local::Service) -> Client {
    let credentials =
        aws_credential_types::Credentials::new("AKIDLOCAL", "anything", None, None, "errors");
    let config = aws_sdk_ivschat::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(credentials)
        .endpoint_url(service.http_endpoint())
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

#[tokio::test]
async fn values_outside_an_enum_are_validation_errors_with_the_field() {
    let service = start_default().await;
    let ivs = sdk(&service);
    let room = ivs.create_room().send().await.unwrap();
    // The SDK sends an unknown enum value as it is given.
    let error = ivs
        .create_chat_token()
        .room_identifier(room.arn().unwrap())
        .user_id("u")
        .capabilities(ChatTokenCapability::SendMessage)
        .capabilities(ChatTokenCapability::from("VIEW_MESSAGE"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateChatTokenError::ValidationException(validation) = error else {
        panic!("not a ValidationException: {error:?}");
    };
    assert_eq!(
        validation.reason(),
        &ValidationExceptionReason::FieldValidationFailed
    );
    let field = &validation.field_list()[0];
    assert_eq!(field.name(), "capabilities.1");
    assert!(
        field
            .message()
            .contains("SEND_MESSAGE, DELETE_MESSAGE, DISCONNECT_USER"),
        "{}",
        field.message()
    );

    let error = ivs
        .create_room()
        .message_review_handler(
            MessageReviewHandler::builder()
                .uri("")
                .fallback_result(FallbackResult::from("MAYBE"))
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateRoomError::ValidationException(validation) = error else {
        panic!("not a ValidationException: {error:?}");
    };
    assert_eq!(
        validation.field_list()[0].name(),
        "messageReviewHandler.fallbackResult"
    );
    assert!(validation.message().contains("ALLOW, DENY"));
    service.shutdown().await;
}

#[tokio::test]
async fn unknown_operations_and_missing_query_members_are_validation_errors() {
    let service = start_default().await;
    let http = reqwest::Client::new();
    for (method, path) in [
        (reqwest::Method::POST, "/CreateRooms"),
        (reqwest::Method::GET, "/CreateRoom"),
        (
            reqwest::Method::PUT,
            "/tags/arn%3Aaws%3Aivschat%3Aus-west-2%3A1%3Aroom%2Fa",
        ),
    ] {
        let response = http
            .request(method.clone(), format!("{}{path}", service.http_endpoint()))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{method} {path}");
        assert_eq!(
            response.headers()["x-amzn-ErrorType"],
            "ValidationException"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["reason"], "UNKNOWN_OPERATION", "{method} {path}");
    }

    let room = create_room(&service, json!({"tags": {"a": "1"}})).await;
    let label = room["arn"]
        .as_str()
        .unwrap()
        .replace(':', "%3A")
        .replace('/', "%2F");
    let untag = |query: &str| {
        http.delete(format!("{}/tags/{label}{query}", service.http_endpoint()))
            .send()
    };
    let response = untag("").await.unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (
            body["__type"].as_str(),
            body["reason"].as_str(),
            body["fieldList"][0]["name"].as_str(),
            body["fieldList"][0]["message"].as_str()
        ),
        (
            Some("ValidationException"),
            Some("FIELD_VALIDATION_FAILED"),
            Some("tagKeys"),
            Some("Member must not be null")
        )
    );
    assert_eq!(untag("?tagKeys=a").await.unwrap().status().as_u16(), 200);
    service.shutdown().await;
}

#[tokio::test]
async fn resource_ids_in_not_found_errors_follow_the_model_pattern() {
    let service = start_default().await;
    let ivs = sdk(&service);
    for (arn, id) in [
        // Another region's room: a valid ARN naming nothing here.
        (
            "arn:aws:ivschat:eu-west-1:123456789012:room/g1H2I3j4k5L6",
            "g1H2I3j4k5L6",
        ),
        // The ARN pattern allows `-` in the id; resourceId's does not.
        (
            "arn:aws:ivschat:us-west-2:123456789012:room/abc-def",
            "abcdef",
        ),
        (
            "arn:aws:ivschat:us-west-2:123456789012:room/AAAAAAAAAAAA",
            "AAAAAAAAAAAA",
        ),
    ] {
        let error = ivs
            .get_room()
            .identifier(arn)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        let GetRoomError::ResourceNotFoundException(not_found) = error else {
            panic!("{arn}: not a ResourceNotFoundException: {error:?}");
        };
        assert_eq!(not_found.resource_id(), id, "{arn}");
        assert!(
            not_found
                .resource_id()
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
    }
    let (status, body) = call(
        &service,
        "GetLoggingConfiguration",
        json!({"identifier": "arn:aws:ivschat:us-west-2:999999999999:logging-configuration/x-y"}),
    )
    .await;
    assert_eq!((status, body["resourceId"].as_str()), (404, Some("xy")));
    service.shutdown().await;
}

#[tokio::test]
async fn tag_keys_follow_the_aws_tagging_rules() {
    let service = start_default().await;
    let ivs = sdk(&service);
    let room = ivs.create_room().tags("team", "chat").send().await.unwrap();
    for (key, value) in [
        ("aws:owner", "me"),
        ("AWS:owner", "me"),
        ("bad<key>", "v"),
        ("ok", "bad\nvalue"),
    ] {
        let error = ivs
            .tag_resource()
            .resource_arn(room.arn().unwrap())
            .tags(key, value)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(
            matches!(error, TagResourceError::ValidationException(_)),
            "{key:?}={value:?}: {error:?}"
        );
    }
    let error = ivs
        .create_room()
        .tags("aws:cloudformation:stack-name", "x")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(matches!(error, CreateRoomError::ValidationException(_)));
    // What AWS allows: letters and numbers of any script, spaces and `_.:/=+-@`.
    ivs.tag_resource()
        .resource_arn(room.arn().unwrap())
        .tags("équipe chat", "ação_1.0:/=+-@")
        .send()
        .await
        .unwrap();
    let error = ivs
        .untag_resource()
        .resource_arn(room.arn().unwrap())
        .tag_keys("aws:owner")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"));
    let tags = ivs
        .list_tags_for_resource()
        .resource_arn(room.arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 2);
    service.shutdown().await;
}

#[tokio::test]
async fn listing_rooms_by_a_missing_logging_configuration_is_not_found() {
    let service = start_default().await;
    let ivs = sdk(&service);
    let error = ivs
        .list_rooms()
        .logging_configuration_identifier(
            "arn:aws:ivschat:us-west-2:123456789012:logging-configuration/AAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let ListRoomsError::ResourceNotFoundException(not_found) = error else {
        panic!("not a ResourceNotFoundException: {error:?}");
    };
    assert_eq!(not_found.resource_id(), "AAAAAAAAAAAA");
    service.shutdown().await;
}

#[tokio::test]
async fn send_event_attributes_may_total_4_kb() {
    let service = start_default().await;
    let ivs = sdk(&service);
    let room = ivs.create_room().send().await.unwrap();
    let arn = room.arn().unwrap();
    let mut viewer = join(&service, arn, "viewer", &[]).await;
    // 4 KB in all: the key's byte and the value's 4,095.
    let id = ivs
        .send_event()
        .room_identifier(arn)
        .event_name("app:big")
        .attributes("k", "v".repeat(4095))
        .send()
        .await
        .unwrap();
    let event = next_frame(&mut viewer).await;
    assert_eq!(event["Id"].as_str(), id.id());
    assert_eq!(event["Attributes"]["k"].as_str().map(str::len), Some(4095));
    let error = ivs
        .send_event()
        .room_identifier(arn)
        .event_name("app:big")
        .attributes("k", "v".repeat(4096))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, SendEventError::ValidationException(_)),
        "{error:?}"
    );
    // A message's attributes stay at 1 KB (413 over the WebSocket).
    let mut sender = join(&service, arn, "sender", &["SEND_MESSAGE"]).await;
    send(
        &mut sender,
        json!({"Action": "SEND_MESSAGE", "Content": "x", "Attributes": {"k": "v".repeat(1024)}}),
    )
    .await;
    assert_eq!(next_frame(&mut sender).await["ErrorCode"], 413);
    service.shutdown().await;
}
