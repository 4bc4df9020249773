//! A viewer who sends nothing still notices a dead connection: the socket pings the service
//! when it has been quiet, and a ping left unanswered ends it, so the room reconnects instead
//! of sitting "connected" and receiving nothing (the messaging API has no keep-alive of its
//! own, reference §1.9).

use std::sync::Arc;
use std::time::Duration;

use chatdeck_faults::local::InProcess;
use chatdeck_faults::proxy::FaultProxy;
use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, ConnectionState, Endpoint, Keepalive, Room, Update, Updates};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use serde_json::json;

/// Bound on every wait of this test.
const WAIT: Duration = Duration::from_secs(20);

fn viewer(ws: &str, token_url: &str, room_arn: &str, user: &str) -> Config {
    let tokens = HttpTokenProvider::new(
        token_url.to_owned(),
        CreateChatTokenRequest {
            room_identifier: Some(room_arn.to_owned()),
            user_id: Some(user.to_owned()),
            ..Default::default()
        },
    );
    let mut config = Config::new(Endpoint::parse(ws).expect("endpoint"), Arc::new(tokens));
    config.keepalive = Keepalive {
        interval: Duration::from_millis(500),
        timeout: Duration::from_millis(500),
    };
    config.max_reconnect_attempts = 40;
    config.backoff.base = Duration::from_millis(100);
    config.backoff.cap = Duration::from_millis(500);
    config
}

/// Reads updates until `wanted` says stop; returns what it said.
async fn until<T>(updates: &mut Updates, mut wanted: impl FnMut(&Update) -> Option<T>) -> T {
    tokio::time::timeout(WAIT, async {
        loop {
            let update = updates.recv().await.expect("the room runs");
            if let Some(found) = wanted(&update) {
                return found;
            }
        }
    })
    .await
    .expect("the awaited update came")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_viewer_notices_a_dead_connection_and_comes_back() {
    let service = InProcess::start(ivs_chat_local::Config::default())
        .await
        .expect("service");
    let room_arn = service
        .control()
        .create_room(&json!({}))
        .await
        .expect("room");
    let proxy = FaultProxy::start(service.addr()).await.expect("proxy");
    let token_url = format!("http://{}/create_chat_token", service.addr());
    let (room, mut updates, actor) = Room::new(viewer(
        &format!("ws://{}", proxy.local_addr()),
        &token_url,
        &room_arn,
        "viewer",
    ));
    tokio::spawn(actor);
    room.connect().await.expect("connect");
    until(&mut updates, |update| {
        matches!(
            update,
            Update::State {
                state: ConnectionState::Connected,
                ..
            }
        )
        .then_some(())
    })
    .await;

    // While the network works, the pings are answered: several quiet keep-alive periods
    // pass without the room noticing anything.
    let quiet = tokio::time::timeout(Duration::from_secs(3), async {
        loop {
            if let Some(Update::State { state, reason }) = updates.recv().await {
                return (state, reason);
            }
        }
    })
    .await;
    assert!(
        quiet.is_err(),
        "the state changed on a healthy network: {quiet:?}"
    );

    // The network goes silent: no close, no error, nothing (a half-open connection). The
    // viewer sends nothing, so only the keep-alive can notice.
    proxy.stall();
    let reason = until(&mut updates, |update| match update {
        Update::State {
            state: ConnectionState::Connecting,
            reason,
        } => Some(reason.as_ref().map(ToString::to_string).unwrap_or_default()),
        _ => None,
    })
    .await;
    assert!(
        reason.contains("keep-alive"),
        "the reason says why: {reason}"
    );

    proxy.heal();
    until(&mut updates, |update| {
        matches!(
            update,
            Update::State {
                state: ConnectionState::Connected,
                ..
            }
        )
        .then_some(())
    })
    .await;

    // Back for real: a message sent after the recovery reaches the viewer.
    let mut poster_config = viewer(
        &format!("ws://{}", service.addr()),
        &token_url,
        &room_arn,
        "poster",
    );
    poster_config.tokens = Arc::new(HttpTokenProvider::new(
        token_url.clone(),
        CreateChatTokenRequest {
            room_identifier: Some(room_arn.clone()),
            user_id: Some("poster".into()),
            capabilities: Some(vec![ivs_chat_protocol::Capability::SendMessage]),
            ..Default::default()
        },
    ));
    let (poster, mut poster_updates, poster_actor) = Room::new(poster_config);
    tokio::spawn(poster_actor);
    poster.connect().await.expect("connect");
    until(&mut poster_updates, |update| {
        matches!(
            update,
            Update::State {
                state: ConnectionState::Connected,
                ..
            }
        )
        .then_some(())
    })
    .await;
    poster
        .send_message("are you still there?", Default::default())
        .await
        .expect("send");
    until(&mut updates, |update| match update {
        Update::Message(message) if message.content == "are you still there?" => Some(()),
        _ => None,
    })
    .await;
}
