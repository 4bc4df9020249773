//! The client under a hostile or overwhelming service (issue 7, send queues bounded on both
//! sides): a frame far larger than any the service sends is refused, not buffered; a flood
//! towards an app that does not read its updates backs up to the service through TCP
//! instead of growing the client, and nothing is lost once the app reads again.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::SinkExt;
use ivs_chat_client::token::{ChatToken, FixedTokens};
use ivs_chat_client::{Config, ConnectionState, Endpoint, Room, Update};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};

/// A MESSAGE frame with `id` and `content`.
fn message(id: &str, content: &str) -> String {
    serde_json::json!({
        "Type": "MESSAGE", "Id": id, "RequestId": "", "Content": content, "Attributes": {},
        "Sender": {"UserId": "flooder", "Attributes": {}}, "SendTime": "2026-01-01T00:00:00.000Z",
    })
    .to_string()
}

/// Echoes the offered token as the subprotocol. The error type is tungstenite's callback
/// signature, not ours.
#[allow(clippy::result_large_err)]
fn echo(request: &Request, mut response: Response) -> Result<Response, ErrorResponse> {
    if let Some(protocol) = request.headers().get("Sec-WebSocket-Protocol") {
        response
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", protocol.clone());
    }
    Ok(response)
}

type ServerSocket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

/// A service stand-in: completes every handshake (echoing the token as the subprotocol,
/// reference §1.2) and hands each socket to the test.
async fn stand_in() -> (String, mpsc::Receiver<ServerSocket>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let (sockets, receiver) = mpsc::channel(8);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            if let Ok(socket) = tokio_tungstenite::accept_hdr_async(stream, echo).await
                && sockets.send(socket).await.is_err()
            {
                return;
            }
        }
    });
    (format!("ws://{addr}"), receiver)
}

fn room(url: &str) -> (Room, ivs_chat_client::Updates) {
    let tokens = FixedTokens::new((0..8).map(|n| ChatToken::new(format!("tok-{n}"))));
    let endpoint = Endpoint::parse(url).unwrap_or_else(|e| panic!("{e}"));
    let mut config = Config::new(endpoint, Arc::new(tokens));
    config.backoff.base = Duration::from_millis(10);
    let (room, updates, actor) = Room::new(config);
    tokio::spawn(actor);
    (room, updates)
}

async fn next_update(updates: &mut ivs_chat_client::Updates) -> Update {
    tokio::time::timeout(Duration::from_secs(10), updates.recv())
        .await
        .unwrap_or_else(|_| panic!("no update within 10 s"))
        .unwrap_or_else(|| panic!("the room stopped"))
}

/// Regression: the client accepted frames up to tungstenite's 64 MiB default, so a
/// misbehaving service could make it hold 1024 queued updates of that size.
#[tokio::test]
async fn a_huge_frame_from_the_service_is_refused_not_buffered() {
    let (url, mut sockets) = stand_in().await;
    let (room, mut updates) = room(&url);
    room.connect().await.unwrap_or_else(|e| panic!("{e}"));
    let mut first = sockets.recv().await.unwrap_or_else(|| panic!("no socket"));
    let huge = message("HUGEHUGEHUGE", &"x".repeat(8 * 1024 * 1024));
    // The client may cut the socket mid-frame.
    let _ = first.send(Message::text(huge)).await;
    let mut reasons = Vec::new();
    loop {
        match next_update(&mut updates).await {
            Update::Message(message) => {
                panic!("a {} byte message was accepted", message.content.len())
            }
            Update::State {
                state: ConnectionState::Connecting,
                reason: Some(reason),
            } => {
                reasons.push(reason.to_string());
                break;
            }
            _ => {}
        }
    }
    assert!(reasons[0].contains("connection lost"), "{reasons:?}");
    // It reconnects and works on the next socket.
    let mut second = sockets
        .recv()
        .await
        .unwrap_or_else(|| panic!("no reconnect"));
    second
        .send(Message::text(message("smallsmall01", "hello")))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    loop {
        if let Update::Message(message) = next_update(&mut updates).await {
            assert_eq!(message.content, "hello");
            break;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_towards_an_app_that_does_not_read_backs_up_to_the_service() {
    const TOTAL: u64 = 200_000;
    let (url, mut sockets) = stand_in().await;
    let (room, mut updates) = room(&url);
    room.connect().await.unwrap_or_else(|e| panic!("{e}"));
    let mut socket = sockets.recv().await.unwrap_or_else(|| panic!("no socket"));
    let written = Arc::new(AtomicU64::new(0));
    let counter = written.clone();
    let flood = tokio::spawn(async move {
        for n in 0..TOTAL {
            let frame = message(&format!("{n:012}"), &format!("flood {n}"));
            if socket.feed(Message::text(frame)).await.is_err() {
                return;
            }
            counter.fetch_add(1, Ordering::SeqCst);
        }
        let _ = socket.flush().await;
    });
    // The app is busy and reads nothing for a while.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let backed_up = written.load(Ordering::SeqCst);
    assert!(
        backed_up < TOTAL,
        "the service wrote all {TOTAL} frames to a client whose app read none: the client buffered them"
    );
    // Once the app reads, everything written arrives, in order, exactly once.
    let mut expected = 0u64;
    let mut connected = false;
    while expected < TOTAL {
        match next_update(&mut updates).await {
            Update::Message(message) => {
                assert_eq!(message.id, format!("{expected:012}"), "order or loss");
                expected += 1;
            }
            Update::State {
                state: ConnectionState::Connected,
                ..
            } => connected = true,
            Update::State { state, reason } if connected => {
                panic!("the connection did not survive the flood: {state:?} {reason:?}")
            }
            _ => {}
        }
    }
    flood.await.unwrap_or_else(|e| panic!("{e}"));
}
