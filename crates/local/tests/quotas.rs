//! The account's quotas (user guide, "Service Quotas do Chat do IVS", "Outras cotas"),
//! enforced by default with the guide's numbers, here lowered so that a test reaches them:
//! rooms and logging configurations (402 ServiceQuotaExceededException, read by the official
//! SDK), concurrent connections (the handshake refused with 429), and the request rates across
//! all rooms, SendMessage over the WebSocket, DeleteMessage and DisconnectUser over the REST
//! API and the WebSocket together (ERROR 429 / ThrottlingException). Each refusal is counted
//! in `QuotaExceeded`.
#![allow(clippy::unwrap_used)]

mod common;

use aws_sdk_ivschat::Client;
use aws_sdk_ivschat::config::{BehaviorVersion, Region, retry::RetryConfig};
use aws_sdk_ivschat::operation::{
    create_logging_configuration::CreateLoggingConfigurationError, create_room::CreateRoomError,
    delete_message::DeleteMessageError, disconnect_user::DisconnectUserError,
};
use aws_sdk_ivschat::types::{CloudWatchLogsDestinationConfiguration, DestinationConfiguration};
use common::*;
use ivs_chat_local::{Config, Quota, Quotas, Service};
use serde_json::json;
use tokio_tungstenite::tungstenite::Error as WsError;

fn sdk(service: &Service) -> Client {
    let credentials =
        aws_credential_types::Credentials::new("AKIDLOCAL", "anything", None, None, "quotas");
    let config = aws_sdk_ivschat::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(credentials)
        .endpoint_url(service.http_endpoint())
        // The SDK would retry a throttled call; the refusal itself is under test.
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

async fn with_quotas(quotas: Quotas) -> Service {
    start(Config {
        quotas,
        ..Config::default()
    })
    .await
}

async fn refusals(service: &Service, quota: Quota) -> f64 {
    metric(
        service,
        &format!("QuotaExceeded{{quota=\"{}\"}}", quota.name()),
    )
    .await
}

#[test]
fn the_defaults_are_the_guide_numbers() {
    let quotas = Config::default().quotas;
    assert_eq!(quotas.rooms, Some(50_000));
    assert_eq!(quotas.logging_configurations, Some(10));
    assert_eq!(quotas.concurrent_connections, Some(50_000));
    assert_eq!(quotas.send_message_rate, Some(1_000));
    assert_eq!(quotas.delete_message_rate, Some(100));
    assert_eq!(quotas.disconnect_user_rate, Some(100));
}

#[tokio::test]
async fn rooms_and_logging_configurations_past_the_quota_are_402() {
    let service = with_quotas(Quotas {
        rooms: Some(2),
        logging_configurations: Some(1),
        ..Quotas::default()
    })
    .await;
    let ivs = sdk(&service);
    let first = ivs.create_room().send().await.unwrap();
    ivs.create_room().send().await.unwrap();
    let error = ivs
        .create_room()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateRoomError::ServiceQuotaExceededException(quota) = error else {
        panic!("not a ServiceQuotaExceededException: {error:?}");
    };
    assert_eq!(quota.limit(), 2);
    assert!(
        quota
            .resource_id()
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
    );
    // A deleted room frees its place.
    ivs.delete_room()
        .identifier(first.arn().unwrap())
        .send()
        .await
        .unwrap();
    ivs.create_room().send().await.unwrap();

    let destination = || {
        DestinationConfiguration::CloudWatchLogs(
            CloudWatchLogsDestinationConfiguration::builder()
                .log_group_name("chat")
                .build()
                .unwrap(),
        )
    };
    ivs.create_logging_configuration()
        .destination_configuration(destination())
        .send()
        .await
        .unwrap();
    let error = ivs
        .create_logging_configuration()
        .destination_configuration(destination())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateLoggingConfigurationError::ServiceQuotaExceededException(quota) = error else {
        panic!("not a ServiceQuotaExceededException: {error:?}");
    };
    assert_eq!(quota.limit(), 1);
    assert_eq!(refusals(&service, Quota::Rooms).await, 1.0);
    assert_eq!(refusals(&service, Quota::LoggingConfigurations).await, 1.0);
    service.shutdown().await;
}

#[tokio::test]
async fn connections_past_the_quota_are_refused_and_keep_their_token() {
    let service = with_quotas(Quotas {
        concurrent_connections: Some(2),
        ..Quotas::default()
    })
    .await;
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    let first = join(&service, arn, "a", &[]).await;
    let _second = join(&service, arn, "b", &[]).await;
    let third = token(&service, arn, "c", &[]).await;
    match try_connect(&service, &third).await {
        Err(WsError::Http(response)) => assert_eq!(response.status().as_u16(), 429),
        other => panic!("the third connection was not refused with 429: {other:?}"),
    }
    assert_eq!(refusals(&service, Quota::ConcurrentConnections).await, 1.0);
    // One leaves: the refused client's token still works, it was not redeemed.
    drop(first);
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match try_connect(&service, &third).await {
            Ok(_) => break,
            Err(WsError::Http(response)) if response.status().as_u16() == 429 => {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "the slot never came back"
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(error) => panic!("{error}"),
        }
    }
    service.shutdown().await;
}

#[tokio::test]
async fn send_message_is_limited_across_all_rooms() {
    let service = with_quotas(Quotas {
        send_message_rate: Some(3),
        ..Quotas::default()
    })
    .await;
    // Two rooms, each far under its own rate: only the account's rate can refuse.
    let mut sockets = Vec::new();
    for name in ["one", "two"] {
        let room = create_room(
            &service,
            json!({"name": name, "maximumMessageRatePerSecond": 100}),
        )
        .await;
        sockets.push(
            join(
                &service,
                room["arn"].as_str().unwrap(),
                name,
                &["SEND_MESSAGE"],
            )
            .await,
        );
    }
    let mut outcomes = Vec::new();
    for n in 0..4 {
        let ws = &mut sockets[n % 2];
        send(
            ws,
            json!({"Action": "SEND_MESSAGE", "RequestId": format!("r{n}"), "Content": "hi"}),
        )
        .await;
        let frame = next_frame(ws).await;
        outcomes.push((
            frame["Type"].as_str().unwrap().to_owned(),
            frame["ErrorCode"].as_u64(),
            frame["ErrorMessage"].as_str().map(str::to_owned),
        ));
    }
    assert_eq!(
        outcomes
            .iter()
            .filter(|(kind, ..)| kind == "MESSAGE")
            .count(),
        3,
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes[3],
        (
            "ERROR".into(),
            Some(429),
            Some("rate limit exceeded".into())
        )
    );
    assert_eq!(refusals(&service, Quota::SendMessageRate).await, 1.0);
    service.shutdown().await;
}

#[tokio::test]
async fn delete_message_and_disconnect_user_share_one_rate_over_rest_and_websocket() {
    let service = with_quotas(Quotas {
        delete_message_rate: Some(2),
        disconnect_user_rate: Some(1),
        ..Quotas::default()
    })
    .await;
    let ivs = sdk(&service);
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    let mut moderator = join(&service, arn, "mod", &["DELETE_MESSAGE", "DISCONNECT_USER"]).await;

    // DeleteMessage: one over REST, one over the WebSocket, then both are refused.
    ivs.delete_message()
        .room_identifier(arn)
        .id("AAAAAAAAAAAA")
        .send()
        .await
        .unwrap();
    assert_eq!(
        next_frame(&mut moderator).await["EventName"],
        "aws:DELETE_MESSAGE"
    );
    send(
        &mut moderator,
        json!({"Action": "DELETE_MESSAGE", "RequestId": "d1", "Id": "BBBBBBBBBBBB"}),
    )
    .await;
    assert_eq!(
        next_frame(&mut moderator).await["EventName"],
        "aws:DELETE_MESSAGE"
    );
    send(
        &mut moderator,
        json!({"Action": "DELETE_MESSAGE", "RequestId": "d2", "Id": "CCCCCCCCCCCC"}),
    )
    .await;
    let refused = next_frame(&mut moderator).await;
    assert_eq!(
        (refused["ErrorCode"].as_u64(), refused["RequestId"].as_str()),
        (Some(429), Some("d2"))
    );
    let error = ivs
        .delete_message()
        .room_identifier(arn)
        .id("DDDDDDDDDDDD")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let DeleteMessageError::ThrottlingException(throttled) = error else {
        panic!("not a ThrottlingException: {error:?}");
    };
    assert_eq!(throttled.limit(), 2);
    assert_eq!(throttled.resource_id(), room["id"].as_str().unwrap());

    // DisconnectUser has its own rate: one over REST, then the WebSocket is refused.
    ivs.disconnect_user()
        .room_identifier(arn)
        .user_id("nobody")
        .send()
        .await
        .unwrap();
    assert_eq!(
        next_frame(&mut moderator).await["EventName"],
        "aws:DISCONNECT_USER"
    );
    send(
        &mut moderator,
        json!({"Action": "DISCONNECT_USER", "RequestId": "k1", "UserId": "nobody"}),
    )
    .await;
    assert_eq!(next_frame(&mut moderator).await["ErrorCode"], 429);
    let error = ivs
        .disconnect_user()
        .room_identifier(arn)
        .user_id("nobody")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DisconnectUserError::ThrottlingException(_)),
        "{error:?}"
    );
    assert_eq!(refusals(&service, Quota::DeleteMessageRate).await, 2.0);
    assert_eq!(refusals(&service, Quota::DisconnectUserRate).await, 2.0);
    service.shutdown().await;
}

#[tokio::test]
async fn without_quotas_nothing_is_refused() {
    let service = with_quotas(Quotas::none()).await;
    let room = create_room(&service, json!({"maximumMessageRatePerSecond": 100})).await;
    let arn = room["arn"].as_str().unwrap();
    let mut moderator = join(&service, arn, "mod", &["DELETE_MESSAGE"]).await;
    // Past the default DeleteMessage rate of 100, within the connection's own 10 per second
    // only through REST, which has no per-connection limit.
    let ivs = sdk(&service);
    for n in 0..120 {
        ivs.delete_message()
            .room_identifier(arn)
            .id(format!("A{n:011}"))
            .send()
            .await
            .unwrap();
    }
    for _ in 0..120 {
        assert_eq!(
            next_frame(&mut moderator).await["EventName"],
            "aws:DELETE_MESSAGE"
        );
    }
    assert_eq!(refusals(&service, Quota::DeleteMessageRate).await, 0.0);
    service.shutdown().await;
}
