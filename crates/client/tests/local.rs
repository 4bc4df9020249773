//! End to end against `ivs-chat-local` on 127.0.0.1: real sockets, real tokens, real limits.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{Local, all_capabilities, failed_code};
use ivs_chat_client::{ConnectionState, FailureKind, Limits, Reason, RequestStatus, Update};
use ivs_chat_protocol::{Attributes, Capability};
use serde_json::json;

#[tokio::test]
async fn messages_are_confirmed_and_fan_out_in_order() {
    let local = Local::start(Default::default()).await;
    let arn = local.create_room(json!({})).await;
    let mut alice = local
        .client(local.config(&arn, "alice", &[Capability::SendMessage], None))
        .await;
    let mut bob = local.client(local.config(&arn, "bob", &[], None)).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let mut attributes = Attributes::new();
        attributes.insert("n".into(), n.to_string());
        ids.push(
            alice
                .room
                .send_message(format!("hello {n}"), attributes)
                .await
                .unwrap(),
        );
    }
    let mut message_ids = Vec::new();
    for id in &ids {
        match alice.settled(id).await {
            RequestStatus::Confirmed { id } => message_ids.push(id),
            other => panic!("{other:?}"),
        }
    }
    for (n, id) in message_ids.iter().enumerate() {
        let message = bob.message().await;
        assert_eq!(&message.id, id);
        assert_eq!(message.content, format!("hello {n}"));
        assert_eq!(message.attributes.get("n"), Some(&n.to_string()));
        assert_eq!(message.sender.user_id, "alice");
        assert_eq!(
            message
                .sender
                .attributes
                .get("displayName")
                .map(String::as_str),
            Some("ALICE")
        );
        assert_eq!(message.request_id.as_deref(), Some(ids[n].as_str()));
    }
}

#[tokio::test]
async fn the_service_rejections_arrive_as_failures_with_their_codes() {
    let mut local = Local::start(Default::default()).await;
    // A review handler that denies anything mentioning spam.
    let handler = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let handler_url = format!("http://{}/", handler.local_addr().unwrap());
    let app = axum::Router::new().route(
        "/",
        axum::routing::post(|body: String| async move {
            let request: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            let deny = request["Content"].as_str().unwrap_or("").contains("spam");
            axum::Json(if deny {
                json!({"ReviewResult":"DENY","Content":request["Content"],"Attributes":{"Reason":"no spam"}})
            } else {
                json!({"ReviewResult":"ALLOW","Content":request["Content"]})
            })
        }),
    );
    tokio::spawn(async move { axum::serve(handler, app).await });
    let lambda = "arn:aws:lambda:us-west-2:123456789012:function:review";
    local.config.lambdas.insert(lambda.into(), handler_url);
    local.restart().await;

    let arn = local
        .create_room(json!({
            "maximumMessageLength": 10,
            "maximumMessageRatePerSecond": 1,
            "messageReviewHandler": {"uri": lambda, "fallbackResult": "ALLOW"},
        }))
        .await;
    let mut config = local.config(&arn, "alice", &[Capability::SendMessage], None);
    // The client believes the defaults (500 characters, 10/s): the service has the last word.
    config.limits = Limits {
        maximum_message_rate: 100,
        connection_request_rate: 100,
        ..Limits::default()
    };
    let mut alice = local.client(config).await;
    let too_long = alice
        .room
        .send_message("x".repeat(11), Attributes::new())
        .await
        .unwrap();
    assert_eq!(failed_code(&alice.settled(&too_long).await), Some(400));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let spam = alice
        .room
        .send_message("spam!", Attributes::new())
        .await
        .unwrap();
    let status = alice.settled(&spam).await;
    assert_eq!(failed_code(&status), Some(406), "{status:?}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let burst: Vec<_> = futures_util::future::join_all(
        (0..4).map(|n| alice.room.send_message(format!("b{n}"), Attributes::new())),
    )
    .await
    .into_iter()
    .map(Result::unwrap)
    .collect();
    let mut codes = Vec::new();
    for id in &burst {
        codes.push(failed_code(&alice.settled(id).await));
    }
    assert!(
        codes.contains(&None),
        "the first of the burst passes: {codes:?}"
    );
    assert!(
        codes.contains(&Some(429)),
        "the room's rate refuses the rest: {codes:?}"
    );
    match alice.settled(&burst[3]).await {
        RequestStatus::Failed(failure) => assert!(failure.retryable, "a 429 can be retried"),
        other => panic!("{other:?}"),
    }

    // With the room's real rate known, the same burst is paced and all of it passes.
    alice
        .room
        .set_limits(Limits {
            maximum_message_rate: 1,
            ..Limits::default()
        })
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let paced: Vec<_> = futures_util::future::join_all(
        (0..3).map(|n| alice.room.send_message(format!("p{n}"), Attributes::new())),
    )
    .await
    .into_iter()
    .map(Result::unwrap)
    .collect();
    for id in &paced {
        assert!(matches!(
            alice.settled(id).await,
            RequestStatus::Confirmed { .. }
        ));
    }

    // A token without SEND_MESSAGE: the HTTP endpoint does not say, so the service answers 403.
    let mut viewer = local.client(local.config(&arn, "viewer", &[], None)).await;
    let forbidden = viewer
        .room
        .send_message("hi", Attributes::new())
        .await
        .unwrap();
    assert_eq!(failed_code(&viewer.settled(&forbidden).await), Some(403));
}

#[tokio::test]
async fn delete_and_kick_round_trip() {
    let local = Local::start(Default::default()).await;
    let arn = local.create_room(json!({})).await;
    let mut moderator = local
        .client(local.config(&arn, "mod", &all_capabilities(), None))
        .await;
    let mut bob = local
        .client(local.config(&arn, "bob", &[Capability::SendMessage], None))
        .await;
    let sent = bob
        .room
        .send_message("buy cheap stuff", Attributes::new())
        .await
        .unwrap();
    let RequestStatus::Confirmed { id: message_id } = bob.settled(&sent).await else {
        panic!("not confirmed")
    };
    assert_eq!(moderator.message().await.id, message_id);

    let delete = moderator
        .room
        .delete_message(message_id.clone(), Some("spam".into()))
        .await
        .unwrap();
    assert!(matches!(
        moderator.settled(&delete).await,
        RequestStatus::Confirmed { .. }
    ));
    let deleted = bob
        .any(|u| match u {
            Update::MessageDeleted {
                message_id, reason, ..
            } => Some((message_id.clone(), reason.clone())),
            _ => None,
        })
        .await;
    assert_eq!(deleted, (message_id, Some("spam".into())));

    let kick = moderator
        .room
        .disconnect_user("bob", Some("enough".into()))
        .await
        .unwrap();
    assert!(matches!(
        moderator.settled(&kick).await,
        RequestStatus::Confirmed { .. }
    ));
    let kicked = moderator
        .any(|u| match u {
            Update::UserDisconnected {
                user_id, reason, ..
            } => Some((user_id.clone(), reason.clone())),
            _ => None,
        })
        .await;
    assert_eq!(kicked, ("bob".into(), Some("enough".into())));
    let (state, reason) = bob
        .until(|u| match u {
            Update::State {
                state: ConnectionState::Disconnected,
                reason,
            } => Some((ConnectionState::Disconnected, reason.clone())),
            _ => None,
        })
        .await;
    assert_eq!(state, ConnectionState::Disconnected);
    assert_eq!(
        reason,
        Some(Reason::Kicked {
            reason: Some("enough".into())
        })
    );
    let before = bob.seen.len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    bob.drain();
    assert_eq!(
        bob.seen.len(),
        before,
        "a kicked room stays down: {:?}",
        &bob.seen[before..]
    );
}

/// Sessions of 4 s rotate every 3 s; under continuous traffic nothing is lost or doubled.
#[tokio::test]
async fn rotation_under_continuous_traffic_loses_and_duplicates_nothing() {
    let local = Local::start(ivs_chat_local::Config {
        minute: Duration::from_secs(4),
        ..Default::default()
    })
    .await;
    let arn = local
        .create_room(json!({"maximumMessageRatePerSecond": 20}))
        .await;
    let mut sender = local
        .client(local.config(&arn, "sender", &[Capability::SendMessage], Some(1)))
        .await;
    let mut reader = local
        .client(local.config(&arn, "reader", &[], Some(1)))
        .await;
    sender.seen.clear();
    reader.seen.clear();
    const COUNT: usize = 70;
    let mut ids = Vec::new();
    for n in 0..COUNT {
        ids.push(
            sender
                .room
                .send_message(format!("m{n}"), Attributes::new())
                .await
                .unwrap(),
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut confirmed = Vec::new();
    for id in &ids {
        match sender.settled(id).await {
            RequestStatus::Confirmed { id } => confirmed.push(id),
            other => panic!("every message confirmed: {other:?}"),
        }
    }
    let mut received = Vec::new();
    while received.len() < COUNT {
        received.push(reader.message().await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    reader.drain();
    let extra = reader
        .seen
        .iter()
        .filter(|u| matches!(u, Update::Message(_)))
        .count()
        - COUNT;
    assert_eq!(extra, 0, "no duplicates");
    let contents: Vec<_> = received.iter().map(|m| m.content.clone()).collect();
    let expected: Vec<_> = (0..COUNT).map(|n| format!("m{n}")).collect();
    assert_eq!(contents, expected, "nothing lost, in order");
    let received_ids: Vec<_> = received.into_iter().map(|m| m.id).collect();
    assert_eq!(received_ids, confirmed);
    for client in [&sender, &reader] {
        let states: Vec<_> = client
            .seen
            .iter()
            .filter_map(|u| match u {
                Update::State { state, .. } => Some(*state),
                _ => None,
            })
            .collect();
        assert!(states.is_empty(), "rotations are invisible: {states:?}");
        let sessions: BTreeSet<_> = client
            .seen
            .iter()
            .filter_map(|u| match u {
                Update::Session(info) => info.session_expiration_time,
                _ => None,
            })
            .collect();
        assert!(
            sessions.len() >= 2,
            "several sessions were used: {sessions:?}"
        );
    }
}

/// Without expiry times the client cannot rotate; the service's ERROR 401 at session end
/// makes it reconnect, visibly but without a failure.
#[tokio::test]
async fn session_expiry_without_known_times_reconnects() {
    let local = Local::start(ivs_chat_local::Config {
        minute: Duration::from_secs(2),
        ..Default::default()
    })
    .await;
    let arn = local.create_room(json!({})).await;
    let mut config = local.config(&arn, "u", &[Capability::SendMessage], Some(1));
    config.tokens = std::sync::Arc::new(Forgetful(config.tokens.clone()));
    let mut client = local.client(config).await;
    assert_eq!(
        client.state().await,
        (ConnectionState::Connecting, Some(Reason::SessionExpired))
    );
    assert_eq!(client.state().await, (ConnectionState::Connected, None));
    let id = client
        .room
        .send_message("still here", Attributes::new())
        .await
        .unwrap();
    assert!(matches!(
        client.settled(&id).await,
        RequestStatus::Confirmed { .. }
    ));
}

/// A token provider that hides the expiry times of another.
#[derive(Debug)]
struct Forgetful(std::sync::Arc<dyn ivs_chat_client::token::TokenProvider>);

impl ivs_chat_client::token::TokenProvider for Forgetful {
    fn fetch(&self) -> ivs_chat_client::token::TokenFuture<'_> {
        Box::pin(async move {
            let mut token = self.0.fetch().await?;
            token.token_expiration_time = None;
            token.session_expiration_time = None;
            Ok(token)
        })
    }
}

/// A restart mid-send: every request ends confirmed or failed, the room comes back, and what
/// was sent while it was away goes out in order.
#[tokio::test]
async fn server_restart_mid_send_settles_everything_and_the_offline_queue_flows_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut local = Local::persistent(dir.path().to_owned()).await;
    let arn = local
        .create_room(json!({"maximumMessageRatePerSecond": 50}))
        .await;
    let mut config = local.config(&arn, "alice", &[Capability::SendMessage], None);
    config.max_reconnect_attempts = 20;
    config.backoff.cap = Duration::from_millis(500);
    let mut alice = local.client(config).await;
    let mut ids = Vec::new();
    for n in 0..10 {
        ids.push(
            alice
                .room
                .send_message(format!("before {n}"), Attributes::new())
                .await
                .unwrap(),
        );
    }
    local.stop().await;
    let mut offline = Vec::new();
    for n in 0..3 {
        offline.push(
            alice
                .room
                .send_message(format!("offline {n}"), Attributes::new())
                .await
                .unwrap(),
        );
    }
    let (state, reason) = alice.state().await;
    assert_eq!(state, ConnectionState::Connecting);
    assert_eq!(reason, Some(Reason::ServerGoingAway));
    local.restart().await;
    let mut bob = local.client(local.config(&arn, "bob", &[], None)).await;
    for id in &ids {
        match alice.settled(id).await {
            RequestStatus::Confirmed { .. } => {}
            RequestStatus::Failed(failure) => {
                assert!(
                    matches!(
                        failure.kind,
                        FailureKind::ConnectionLost | FailureKind::Timeout
                    ),
                    "{failure:?}"
                );
                assert!(failure.retryable);
            }
            RequestStatus::Pending => unreachable!(),
        }
    }
    for id in &offline {
        assert!(
            matches!(alice.settled(id).await, RequestStatus::Confirmed { .. }),
            "offline requests go out after reconnect"
        );
    }
    let contents: Vec<_> = [
        bob.message().await,
        bob.message().await,
        bob.message().await,
    ]
    .into_iter()
    .map(|m| m.content)
    .collect();
    assert_eq!(contents, vec!["offline 0", "offline 1", "offline 2"]);
    local.stop().await;
}
