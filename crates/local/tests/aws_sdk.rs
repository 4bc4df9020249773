//! Control-plane conformance with the official `aws-sdk-ivschat`, unchanged, pointed at the
//! local service with an endpoint override: every operation's success and error paths, error
//! types that parse into the SDK's modelled variants, and SigV4 verification.
#![allow(clippy::unwrap_used)]

mod common;

use aws_sdk_ivschat::Client;
use aws_sdk_ivschat::config::{BehaviorVersion, Region, retry::RetryConfig};
use aws_sdk_ivschat::error::ProvideErrorMetadata;
use aws_sdk_ivschat::operation::{
    create_chat_token::CreateChatTokenError,
    create_logging_configuration::CreateLoggingConfigurationError, create_room::CreateRoomError,
    delete_logging_configuration::DeleteLoggingConfigurationError,
    delete_message::DeleteMessageError, delete_room::DeleteRoomError,
    disconnect_user::DisconnectUserError, get_logging_configuration::GetLoggingConfigurationError,
    get_room::GetRoomError, list_logging_configurations::ListLoggingConfigurationsError,
    list_rooms::ListRoomsError, list_tags_for_resource::ListTagsForResourceError,
    send_event::SendEventError, tag_resource::TagResourceError, untag_resource::UntagResourceError,
    update_logging_configuration::UpdateLoggingConfigurationError, update_room::UpdateRoomError,
};
use aws_sdk_ivschat::types::{
    ChatTokenCapability, DestinationConfiguration, FallbackResult,
    FirehoseDestinationConfiguration, MessageReviewHandler, S3DestinationConfiguration,
    ValidationExceptionReason,
};
use common::*;
use ivs_chat_local::{Config, Credentials};
use ivs_chat_protocol::Secret;

const MISSING_ROOM: &str = "arn:aws:ivschat:us-west-2:123456789012:room/AAAAAAAAAAAA";
const MISSING_LOGGING: &str =
    "arn:aws:ivschat:us-west-2:123456789012:logging-configuration/AAAAAAAAAAAA";

fn client(endpoint: &str, key: &str, secret: &str) -> Client {
    let credentials =
        aws_credential_types::Credentials::new(key, secret, None, None, "conformance");
    let config = aws_sdk_ivschat::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

fn s3(bucket: &str) -> DestinationConfiguration {
    DestinationConfiguration::S3(
        S3DestinationConfiguration::builder()
            .bucket_name(bucket)
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn every_room_and_token_operation_succeeds_and_fails_as_modelled() {
    let service = serve_default().await;
    let ivs = client(&service.http_endpoint(), "AKIDLOCAL", "anything");

    // CreateRoom
    let room = ivs
        .create_room()
        .name("lobby")
        .maximum_message_length(200)
        .maximum_message_rate_per_second(5)
        .message_review_handler(
            MessageReviewHandler::builder()
                .uri("arn:aws:lambda:us-west-2:123456789012:function:review")
                .fallback_result(FallbackResult::Deny)
                .build(),
        )
        .tags("env", "dev")
        .send()
        .await
        .unwrap();
    let arn = room.arn().unwrap().to_owned();
    assert_eq!(room.id().map(str::len), Some(12));
    assert_eq!(room.maximum_message_length(), Some(200));
    assert_eq!(room.maximum_message_rate_per_second(), Some(5));
    assert_eq!(
        room.message_review_handler()
            .and_then(|h| h.fallback_result()),
        Some(&FallbackResult::Deny)
    );
    assert!(room.create_time().is_some());
    let defaults = ivs.create_room().send().await.unwrap();
    assert_eq!(
        (
            defaults.maximum_message_length(),
            defaults.maximum_message_rate_per_second()
        ),
        (Some(500), Some(10))
    );
    let error = ivs
        .create_room()
        .maximum_message_length(501)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateRoomError::ValidationException(validation) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        validation.reason(),
        &ValidationExceptionReason::FieldValidationFailed
    );
    assert_eq!(validation.field_list()[0].name(), "maximumMessageLength");
    let error = ivs
        .create_room()
        .logging_configuration_identifiers(MISSING_LOGGING)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, CreateRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    // GetRoom
    let got = ivs.get_room().identifier(&arn).send().await.unwrap();
    assert_eq!(got.name(), Some("lobby"));
    assert_eq!(
        got.tags().and_then(|t| t.get("env")).map(String::as_str),
        Some("dev")
    );
    let error = ivs
        .get_room()
        .identifier(MISSING_ROOM)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, GetRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let error = ivs
        .get_room()
        .identifier("not-an-arn")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, GetRoomError::ValidationException(_)),
        "{error:?}"
    );

    // UpdateRoom: partial, and an empty uri removes the handler
    let updated = ivs
        .update_room()
        .identifier(&arn)
        .maximum_message_length(100)
        .message_review_handler(MessageReviewHandler::builder().uri("").build())
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            updated.maximum_message_length(),
            updated.maximum_message_rate_per_second()
        ),
        (Some(100), Some(5))
    );
    assert!(updated.message_review_handler().is_none());
    assert_eq!(updated.name(), Some("lobby"));
    let error = ivs
        .update_room()
        .identifier(MISSING_ROOM)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, UpdateRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let error = ivs
        .update_room()
        .identifier(&arn)
        .maximum_message_rate_per_second(101)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, UpdateRoomError::ValidationException(_)),
        "{error:?}"
    );

    // ListRooms: newest update first, pagination, filters
    let first = ivs.list_rooms().max_results(1).send().await.unwrap();
    assert_eq!(first.rooms().len(), 1);
    assert_eq!(
        first.rooms()[0].arn(),
        Some(arn.as_str()),
        "updated last, listed first"
    );
    let second = ivs
        .list_rooms()
        .max_results(1)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(second.rooms()[0].arn(), defaults.arn());
    assert!(second.next_token().is_none());
    let named = ivs.list_rooms().name("lobby").send().await.unwrap();
    assert_eq!(named.rooms().len(), 1);
    let error = ivs
        .list_rooms()
        .max_results(51)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, ListRoomsError::ValidationException(_)),
        "{error:?}"
    );
    let error = ivs
        .list_rooms()
        .next_token("bogus")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, ListRoomsError::ValidationException(_)),
        "{error:?}"
    );

    // CreateChatToken
    let token = ivs
        .create_chat_token()
        .room_identifier(&arn)
        .user_id("alice")
        .capabilities(ChatTokenCapability::SendMessage)
        .session_duration_in_minutes(180)
        .attributes("username", "Alice")
        .send()
        .await
        .unwrap();
    let value = token.token().unwrap();
    assert!(value.len() >= 22 && value.bytes().all(|b| b.is_ascii_alphanumeric()));
    let session = token.session_expiration_time().unwrap().secs();
    let expiry = token.token_expiration_time().unwrap().secs();
    assert!(
        (session - expiry - 120 * 60).abs() <= 2,
        "token ~60 min, session 180 min"
    );
    let _socket = connect(&service, value).await;
    let error = ivs
        .create_chat_token()
        .room_identifier(MISSING_ROOM)
        .user_id("alice")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, CreateChatTokenError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let error = ivs
        .create_chat_token()
        .room_identifier(&arn)
        .user_id("alice")
        .session_duration_in_minutes(181)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, CreateChatTokenError::ValidationException(_)),
        "{error:?}"
    );

    // SendEvent, DeleteMessage, DisconnectUser
    let event = ivs
        .send_event()
        .room_identifier(&arn)
        .event_name("app:poll")
        .attributes("q", "?")
        .send()
        .await
        .unwrap();
    assert_eq!(event.id().map(str::len), Some(12));
    let error = ivs
        .send_event()
        .room_identifier(MISSING_ROOM)
        .event_name("x")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, SendEventError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let deleted = ivs
        .delete_message()
        .room_identifier(&arn)
        .id("R1BLTDN84zEO")
        .reason("Spam")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.id().map(str::len), Some(12));
    let error = ivs
        .delete_message()
        .room_identifier(&arn)
        .id("short")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteMessageError::ValidationException(_)),
        "{error:?}"
    );
    let error = ivs
        .delete_message()
        .room_identifier(MISSING_ROOM)
        .id("R1BLTDN84zEO")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteMessageError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    ivs.disconnect_user()
        .room_identifier(&arn)
        .user_id("bob")
        .reason("bye")
        .send()
        .await
        .unwrap();
    let error = ivs
        .disconnect_user()
        .room_identifier(MISSING_ROOM)
        .user_id("bob")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DisconnectUserError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    // Tags
    ivs.tag_resource()
        .resource_arn(&arn)
        .tags("team", "chat")
        .send()
        .await
        .unwrap();
    let tags = ivs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 2);
    ivs.untag_resource()
        .resource_arn(&arn)
        .tag_keys("env")
        .tag_keys("absent")
        .send()
        .await
        .unwrap();
    let tags = ivs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().keys().collect::<Vec<_>>(), ["team"]);
    let error = ivs
        .list_tags_for_resource()
        .resource_arn(MISSING_ROOM)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            ListTagsForResourceError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );
    let error = ivs
        .tag_resource()
        .resource_arn(MISSING_ROOM)
        .tags("a", "b")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, TagResourceError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let mut too_many = ivs.tag_resource().resource_arn(&arn);
    for n in 0..50 {
        too_many = too_many.tags(format!("k{n}"), "v");
    }
    let error = too_many.send().await.unwrap_err().into_service_error();
    assert!(
        matches!(error, TagResourceError::ValidationException(_)),
        "{error:?}"
    );
    let error = ivs
        .untag_resource()
        .resource_arn(MISSING_ROOM)
        .tag_keys("a")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, UntagResourceError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    // DeleteRoom
    ivs.delete_room().identifier(&arn).send().await.unwrap();
    let error = ivs
        .delete_room()
        .identifier(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn logging_configuration_operations_follow_the_model() {
    let service = serve_default().await;
    let ivs = client(&service.http_endpoint(), "AKIDLOCAL", "anything");
    let created = ivs
        .create_logging_configuration()
        .name("archive")
        .destination_configuration(s3("chat-archive"))
        .tags("env", "dev")
        .send()
        .await
        .unwrap();
    let arn = created.arn().unwrap().to_owned();
    assert_eq!(created.state().map(|s| s.as_str()), Some("ACTIVE"));
    let error = ivs
        .create_logging_configuration()
        .destination_configuration(s3("UPPER"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            CreateLoggingConfigurationError::ValidationException(_)
        ),
        "{error:?}"
    );

    let got = ivs
        .get_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(got.name(), Some("archive"));
    assert!(
        matches!(got.destination_configuration(), Some(DestinationConfiguration::S3(s)) if s.bucket_name() == "chat-archive")
    );
    let error = ivs
        .get_logging_configuration()
        .identifier(MISSING_LOGGING)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            GetLoggingConfigurationError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );

    let firehose = DestinationConfiguration::Firehose(
        FirehoseDestinationConfiguration::builder()
            .delivery_stream_name("stream-1")
            .build()
            .unwrap(),
    );
    let updated = ivs
        .update_logging_configuration()
        .identifier(&arn)
        .destination_configuration(firehose)
        .send()
        .await
        .unwrap();
    assert!(matches!(
        updated.destination_configuration(),
        Some(DestinationConfiguration::Firehose(_))
    ));
    assert_eq!(updated.name(), Some("archive"));
    let error = ivs
        .update_logging_configuration()
        .identifier(MISSING_LOGGING)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            UpdateLoggingConfigurationError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );

    // attached to a room: cannot be deleted
    let room = ivs
        .create_room()
        .logging_configuration_identifiers(&arn)
        .send()
        .await
        .unwrap();
    let error = ivs
        .delete_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteLoggingConfigurationError::ConflictException(_)),
        "{error:?}"
    );
    let filtered = ivs
        .list_rooms()
        .logging_configuration_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(filtered.rooms().len(), 1);
    ivs.update_room()
        .identifier(room.arn().unwrap())
        .set_logging_configuration_identifiers(Some(vec![]))
        .send()
        .await
        .unwrap();

    // quota: 10 per account and region
    for n in 1..10 {
        ivs.create_logging_configuration()
            .destination_configuration(s3(&format!("bucket-{n}")))
            .send()
            .await
            .unwrap();
    }
    let error = ivs
        .create_logging_configuration()
        .destination_configuration(s3("bucket-11"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateLoggingConfigurationError::ServiceQuotaExceededException(quota) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(quota.limit(), 10);

    let page = ivs
        .list_logging_configurations()
        .max_results(4)
        .send()
        .await
        .unwrap();
    assert_eq!(page.logging_configurations().len(), 4);
    let mut seen = page.logging_configurations().len();
    let mut token = page.next_token().map(str::to_owned);
    while let Some(next) = token {
        let page = ivs
            .list_logging_configurations()
            .max_results(4)
            .next_token(next)
            .send()
            .await
            .unwrap();
        seen += page.logging_configurations().len();
        token = page.next_token().map(str::to_owned);
    }
    assert_eq!(seen, 10);
    let error = ivs
        .list_logging_configurations()
        .max_results(0)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            ListLoggingConfigurationsError::ValidationException(_)
        ),
        "{error:?}"
    );

    ivs.delete_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap();
    let error = ivs
        .delete_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            DeleteLoggingConfigurationError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn sigv4_is_verified_when_credentials_are_configured() {
    let config = Config {
        credentials: Some(Credentials {
            access_key_id: "AKIDLOCAL".into(),
            secret_access_key: Secret::new("local-secret"),
        }),
        ..Config::default()
    };
    let service = serve(config).await;
    let good = client(&service.http_endpoint(), "AKIDLOCAL", "local-secret");
    let room = good
        .create_room()
        .name("signed")
        .tags("k", "v")
        .send()
        .await
        .unwrap();
    // a URI label that the signature double-encodes
    let tags = good
        .list_tags_for_resource()
        .resource_arn(room.arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 1);
    good.untag_resource()
        .resource_arn(room.arn().unwrap())
        .tag_keys("k")
        .send()
        .await
        .unwrap();

    let wrong_secret = client(&service.http_endpoint(), "AKIDLOCAL", "guess");
    let error = wrong_secret.list_rooms().send().await.unwrap_err();
    assert_eq!(error.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(
        error.into_service_error().code(),
        Some("InvalidSignatureException")
    );
    let wrong_key = client(&service.http_endpoint(), "AKIDOTHER", "local-secret");
    let error = wrong_key
        .list_rooms()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.code(), Some("UnrecognizedClientException"));
    let (status, body) = call(&service, "ListRooms", serde_json::json!({})).await;
    assert_eq!(
        (status, body["__type"].as_str()),
        (403, Some("UnrecognizedClientException"))
    );
    // the tutorial token server stays unsigned
    let response = reqwest::Client::new()
        .post(format!("{}/create_chat_token", service.http_endpoint()))
        .json(&serde_json::json!({"roomIdentifier": room.arn().unwrap(), "userId": "u"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    service.shutdown().await;
}

#[tokio::test]
async fn non_loopback_binds_need_credentials() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let refused = ivs_chat_local::Service::start(listener, Config::default())
        .await
        .err();
    assert!(
        matches!(
            refused,
            Some(ivs_chat_local::Error::NonLoopbackWithoutCredentials { .. })
        ),
        "{refused:?}"
    );
}
