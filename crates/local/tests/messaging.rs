//! The messaging WebSocket, driven by a raw client (reference §1).
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::*;
use futures_util::SinkExt;
use ivs_chat_local::Config;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

const ALL: &[&str] = &["SEND_MESSAGE", "DELETE_MESSAGE", "DISCONNECT_USER"];

#[tokio::test]
async fn messages_fan_out_to_everyone_with_the_request_id() {
    let service = start_default().await;
    let room = create_room(&service, json!({"name": "lobby"})).await;
    let arn = room["arn"].as_str().unwrap();
    let alice_token = common::token_with(
        &service,
        json!({"roomIdentifier": arn, "userId": "alice", "capabilities": ["SEND_MESSAGE"], "attributes": {"username": "Alice"}}),
    )
    .await;
    let mut alice = connect(&service, &alice_token).await;
    let mut bob = join(&service, arn, "bob", &[]).await;
    send(&mut alice, json!({"Action": "SEND_MESSAGE", "RequestId": "r1", "Content": "hello ☃", "Attributes": {"k": "v"}})).await;
    let mine = next_frame(&mut alice).await;
    let theirs = next_frame(&mut bob).await;
    assert_eq!(mine, theirs, "the same frame goes to everyone");
    assert_eq!(mine["Type"], "MESSAGE");
    assert_eq!(mine["RequestId"], "r1");
    assert_eq!(mine["Content"], "hello ☃");
    assert_eq!(mine["Attributes"]["k"], "v");
    assert_eq!(mine["Sender"]["UserId"], "alice");
    assert_eq!(mine["Sender"]["Attributes"]["username"], "Alice");
    let id = mine["Id"].as_str().unwrap();
    assert!(ivs_chat_protocol::messaging::is_service_id(id), "{id}");
    assert!(ivs_chat_protocol::time::parse(mine["SendTime"].as_str().unwrap()).is_some());
    // lower-camel keys as the 2022 demos sent them (reference §1.3)
    send(
        &mut alice,
        json!({"action": "SEND_MESSAGE", "requestId": "r2", "content": "again"}),
    )
    .await;
    let second = next_frame(&mut bob).await;
    assert_eq!(second["RequestId"], "r2");
    assert_ne!(second["Id"], mine["Id"]);
    service.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_errors_to_the_requester_only() {
    let service = start(Config::default()).await;
    let room = create_room(&service, json!({"maximumMessageLength": 5})).await;
    let arn = room["arn"].as_str().unwrap();
    let mut viewer = join(&service, arn, "viewer", &[]).await;
    let mut sender = join(&service, arn, "sender", &["SEND_MESSAGE"]).await;
    let cases = [
        (json!({"Action": "SEND_MESSAGE", "RequestId": "a", "Content": "toolong"}).to_string(), 400, Some("a"), Some("Message exceeds maximum length")),
        (json!({"Action": "SEND_MESSAGE", "RequestId": "b", "Content": ""}).to_string(), 400, Some("b"), None),
        (json!({"Action": "DELETE_MESSAGE", "RequestId": "c", "Id": "R1BLTDN84zEO"}).to_string(), 403, Some("c"), None),
        (json!({"Action": "DISCONNECT_USER", "RequestId": "d", "UserId": "viewer"}).to_string(), 403, Some("d"), None),
        (json!({"Action": "SHOUT", "RequestId": "e"}).to_string(), 400, Some("e"), None),
        ("not json".to_owned(), 400, None, None),
        ("[1,2,3]".to_owned(), 400, None, None),
        (json!({"Action": "SEND_MESSAGE", "RequestId": "f", "Content": "x", "Attributes": {"k": "v".repeat(2000)}}).to_string(), 413, Some("f"), None),
        (format!("{{\"Action\":\"SEND_MESSAGE\",\"Content\":\"{}\"}}", "x".repeat(20_000)), 413, None, None),
    ];
    for (index, (text, code, request_id, message)) in cases.iter().enumerate() {
        if index == 5 {
            // stay under the per-connection rate of 10 requests per second
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        sender.send(Message::text(text.clone())).await.unwrap();
        let error = next_frame(&mut sender).await;
        assert_eq!(error["Type"], "ERROR", "{text}");
        assert_eq!(error["ErrorCode"], *code, "{text}: {error}");
        assert_eq!(error["RequestId"].as_str(), *request_id, "{text}");
        assert!(
            error["Id"]
                .as_str()
                .is_some_and(ivs_chat_protocol::messaging::is_service_id)
        );
        if let Some(message) = message {
            assert_eq!(error["ErrorMessage"], *message);
        }
    }
    sender.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    assert_eq!(next_frame(&mut sender).await["ErrorCode"], 400);
    quiet(&mut viewer).await;
    // still connected and working after all that
    tokio::time::sleep(Duration::from_millis(1100)).await;
    send(
        &mut sender,
        json!({"Action": "SEND_MESSAGE", "Content": "ok"}),
    )
    .await;
    assert_eq!(next_frame(&mut viewer).await["Content"], "ok");
    service.shutdown().await;
}

#[tokio::test]
async fn room_and_connection_rates_answer_429() {
    let service = start_default().await;
    let room = create_room(&service, json!({"maximumMessageRatePerSecond": 2})).await;
    let arn = room["arn"].as_str().unwrap();
    let mut a = join(&service, arn, "a", &["SEND_MESSAGE"]).await;
    let mut b = join(&service, arn, "b", &["SEND_MESSAGE"]).await;
    send(
        &mut a,
        json!({"Action": "SEND_MESSAGE", "RequestId": "1", "Content": "one"}),
    )
    .await;
    assert_eq!(next_frame(&mut a).await["Type"], "MESSAGE");
    send(
        &mut b,
        json!({"Action": "SEND_MESSAGE", "RequestId": "2", "Content": "two"}),
    )
    .await;
    assert_eq!(next_frame(&mut b).await["RequestId"], "1");
    assert_eq!(next_frame(&mut b).await["RequestId"], "2");
    assert_eq!(next_frame(&mut a).await["RequestId"], "2");
    send(
        &mut b,
        json!({"Action": "SEND_MESSAGE", "RequestId": "3", "Content": "three"}),
    )
    .await;
    let error = next_frame(&mut b).await;
    assert_eq!(
        (error["ErrorCode"].as_u64(), error["ErrorMessage"].as_str()),
        (Some(429), Some("rate limit exceeded"))
    );
    assert_eq!(error["RequestId"], "3");

    // per connection: 10 requests per second whatever they are
    let mut c = join(&service, arn, "c", &[]).await;
    for n in 0..11 {
        send(
            &mut c,
            json!({"Action": "SEND_MESSAGE", "RequestId": n.to_string(), "Content": "x"}),
        )
        .await;
    }
    let mut codes = vec![];
    for _ in 0..11 {
        codes.push(next_frame(&mut c).await["ErrorCode"].as_u64().unwrap());
    }
    assert_eq!(
        codes.iter().filter(|&&code| code == 403).count(),
        10,
        "{codes:?}"
    );
    assert_eq!(codes.last(), Some(&429), "{codes:?}");
    service.shutdown().await;
}

#[tokio::test]
async fn tokens_are_single_use_and_expire() {
    let config = Config {
        token_lifetime: Duration::from_millis(300),
        ..Config::default()
    };
    let service = start(config).await;
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    let token = token(&service, arn, "u", &[]).await;
    let _first = connect(&service, &token).await;
    let reuse = try_connect(&service, &token).await.err().unwrap();
    assert!(
        matches!(&reuse, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 401),
        "{reuse:?}"
    );
    let late = common::token(&service, arn, "u", &[]).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let expired = try_connect(&service, &late).await.err().unwrap();
    assert!(
        matches!(&expired, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 401),
        "{expired:?}"
    );
    let bogus = try_connect(&service, "notAToken").await.err().unwrap();
    assert!(
        matches!(&bogus, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 401),
        "{bogus:?}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn deleted_rooms_refuse_new_tokens_and_connections_but_keep_live_ones() {
    let service = start_default().await;
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    let mut live = join(&service, arn, "live", &["SEND_MESSAGE"]).await;
    let pending = token(&service, arn, "late", &[]).await;
    let (status, _) = call(&service, "DeleteRoom", json!({"identifier": arn})).await;
    assert_eq!(status, 204);
    let refused = try_connect(&service, &pending).await.err().unwrap();
    assert!(
        matches!(&refused, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 404),
        "{refused:?}"
    );
    let (status, error) = call(
        &service,
        "CreateChatToken",
        json!({"roomIdentifier": arn, "userId": "x"}),
    )
    .await;
    assert_eq!(
        (status, error["__type"].as_str()),
        (404, Some("ResourceNotFoundException"))
    );
    send(
        &mut live,
        json!({"Action": "SEND_MESSAGE", "Content": "still here"}),
    )
    .await;
    assert_eq!(next_frame(&mut live).await["Content"], "still here");
    service.shutdown().await;
}

#[tokio::test]
async fn delete_and_kick_reach_everyone_then_close_the_user_cleanly() {
    let service = start_default().await;
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    let mut moderator = join(&service, arn, "mod", ALL).await;
    let mut bob1 = join(&service, arn, "bob", &["SEND_MESSAGE"]).await;
    let mut bob2 = join(&service, arn, "bob", &[]).await;
    send(&mut moderator, json!({"Action": "DELETE_MESSAGE", "RequestId": "d", "Id": "R1BLTDN84zEO", "Reason": "Spam"})).await;
    for ws in [&mut moderator, &mut bob1, &mut bob2] {
        let event = next_frame(ws).await;
        assert_eq!(event["EventName"], "aws:DELETE_MESSAGE");
        assert_eq!(event["RequestId"], "d");
        assert_eq!(event["Attributes"]["MessageId"], "R1BLTDN84zEO");
        assert_eq!(event["Attributes"]["MessageID"], "R1BLTDN84zEO");
        assert_eq!(event["Attributes"]["Reason"], "Spam");
    }
    send(
        &mut moderator,
        json!({"Action": "DISCONNECT_USER", "RequestId": "k", "UserId": "bob", "Reason": "bye"}),
    )
    .await;
    for ws in [&mut moderator, &mut bob1, &mut bob2] {
        let event = next_frame(ws).await;
        assert_eq!(event["EventName"], "aws:DISCONNECT_USER");
        assert_eq!(event["RequestId"], "k");
        assert_eq!(event["Attributes"]["UserId"], "bob");
        assert_eq!(event["Attributes"]["Reason"], "bye");
    }
    for ws in [&mut bob1, &mut bob2] {
        let close = closed(ws).await.expect("a close frame");
        assert_eq!(u16::from(close.code), 1000);
    }
    quiet(&mut moderator).await;
    // REST twins, without a RequestId
    let (status, output) = call(
        &service,
        "DisconnectUser",
        json!({"roomIdentifier": arn, "userId": "nobody"}),
    )
    .await;
    assert_eq!((status, output), (200, json!({})));
    let event = next_frame(&mut moderator).await;
    assert_eq!(
        (event["EventName"].as_str(), event.get("RequestId")),
        (Some("aws:DISCONNECT_USER"), None)
    );
    let (status, output) = call(
        &service,
        "SendEvent",
        json!({"roomIdentifier": arn, "eventName": "app:poll", "attributes": {"q": "?"}}),
    )
    .await;
    assert_eq!(status, 200);
    let event = next_frame(&mut moderator).await;
    assert_eq!(event["Id"], output["id"]);
    assert_eq!(event["EventName"], "app:poll");
    assert_eq!(event["Attributes"]["q"], "?");
    service.shutdown().await;
}

#[tokio::test]
async fn sessions_end_with_error_401_then_a_close() {
    let config = Config {
        minute: Duration::from_millis(500),
        ..Config::default()
    };
    let service = start(config).await;
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    let token = token_with(
        &service,
        json!({"roomIdentifier": arn, "userId": "u", "sessionDurationInMinutes": 1}),
    )
    .await;
    let mut ws = connect(&service, &token).await;
    let error = next_frame(&mut ws).await;
    assert_eq!(error["Type"], "ERROR");
    assert_eq!(error["ErrorCode"], 401);
    let close = closed(&mut ws).await.expect("a close frame");
    assert_eq!(u16::from(close.code), 1000);
    service.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_every_socket_with_1001() {
    let service = start_default().await;
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    let mut a = join(&service, arn, "a", &[]).await;
    let mut b = join(&service, arn, "b", &[]).await;
    let closing = tokio::spawn(service.shutdown());
    for ws in [&mut a, &mut b] {
        let close = closed(ws).await.expect("a close frame");
        assert_eq!(u16::from(close.code), 1001);
    }
    tokio::time::timeout(WAIT, closing).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_client_that_stops_reading_is_disconnected_not_buffered() {
    let service = start_default().await;
    let room = create_room(&service, json!({"maximumMessageRatePerSecond": 100})).await;
    let arn = room["arn"].as_str().unwrap().to_owned();
    // A reader that never reads, with a tiny receive window so the socket backs up fast.
    let token = token(&service, &arn, "slow", &[]).await;
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
            service.messaging_endpoint(),
        )
        .unwrap();
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", token.parse().unwrap());
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(service.local_addr()).await.unwrap();
    let (mut slow, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .unwrap();
    // Ten senders at the room cap (10 each per second), ~3 KB per message, draining their own
    // sockets so that only the slow reader falls behind.
    let content = "😀".repeat(500);
    let attributes = json!({"padding": "p".repeat(1000)});
    let mut tasks = vec![];
    for n in 0..10 {
        let ws = join(&service, &arn, &format!("s{n}"), &["SEND_MESSAGE"]).await;
        let (mut write, mut read) = futures_util::StreamExt::split(ws);
        let frame = json!({"Action": "SEND_MESSAGE", "Content": content, "Attributes": attributes})
            .to_string();
        tasks.push(tokio::spawn(async move {
            while futures_util::StreamExt::next(&mut read).await.is_some() {}
        }));
        tasks.push(tokio::spawn(async move {
            for _ in 0..600 {
                if write.send(Message::text(frame.clone())).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while metric(&service, "ConcurrentChatConnections").await > 10.0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the slow client was never disconnected"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // The slow reader is the one that went: its socket ends once its backlog is read.
    let ended = tokio::time::timeout(Duration::from_secs(20), async {
        while let Some(Ok(message)) = futures_util::StreamExt::next(&mut slow).await {
            if let Message::Close(frame) = message {
                return frame.map(|f| u16::from(f.code));
            }
        }
        None
    })
    .await
    .expect("the slow socket did not end");
    assert!(matches!(ended, None | Some(1008)), "{ended:?}");
    assert_eq!(metric(&service, "ConcurrentChatConnections").await, 10.0);
    for task in tasks {
        task.abort();
    }
    service.shutdown().await;
}
