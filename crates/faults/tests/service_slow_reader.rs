//! A client that never reads cannot grow the service (issue 3 "slow or vanished clients",
//! issue 7 "send queues bounded on both sides"): the service disconnects it once its queue
//! is full, keeps serving everyone else completely, and its memory stays bounded.

use std::time::Duration;

use chatdeck_faults::local::{ChildOptions, ChildProcess, ControlPlane, local_binary};
use chatdeck_faults::memory::{mib, rss_bytes};
use futures_util::StreamExt;
use serde_json::json;
use tokio::net::TcpSocket;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

/// Events sent to the room: far more than the per-connection queue (512) and socket
/// buffers hold.
const EVENTS: usize = 4000;
/// Concurrent SendEvent calls.
const PARALLEL: usize = 8;

type Socket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

async fn open(
    control: &ControlPlane,
    room: &str,
    user: &str,
    receive_buffer: Option<u32>,
) -> Socket {
    let (_, token) = control
        .call(
            "CreateChatToken",
            &json!({"roomIdentifier": room, "userId": user}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = control
        .base()
        .trim_start_matches("http://")
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    let socket = TcpSocket::new_v4().unwrap_or_else(|e| panic!("{e}"));
    if let Some(size) = receive_buffer {
        socket
            .set_recv_buffer_size(size)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let stream = socket.connect(addr).await.unwrap_or_else(|e| panic!("{e}"));
    let mut request = format!("ws://{addr}")
        .into_client_request()
        .unwrap_or_else(|e| panic!("{e}"));
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(token["token"].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let (socket, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    socket
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_never_reads_is_disconnected_and_cannot_grow_the_service() {
    let binary = local_binary().await.unwrap_or_else(|e| panic!("{e}"));
    let mut service = ChildProcess::start(binary, ChildOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let control = service.control();
    let room = control
        .create_room(&json!({}))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut slow = open(&control, &room, "slow", Some(4096)).await;
    let mut fast = open(&control, &room, "fast", None).await;
    let fast_reader = tokio::spawn(async move {
        let mut events = 0usize;
        while events < EVENTS {
            match tokio::time::timeout(Duration::from_secs(30), fast.next()).await {
                Ok(Some(Ok(Message::Text(_)))) => events += 1,
                Ok(Some(Ok(_))) => {}
                other => panic!("the fast reader lost its socket after {events} events: {other:?}"),
            }
        }
        events
    });
    let before = rss_bytes(service.pid()).unwrap_or_else(|| panic!("no RSS"));
    let padding = "p".repeat(900);
    let mut peak = before;
    let mut calls = tokio::task::JoinSet::new();
    for worker in 0..PARALLEL {
        let control = control.clone();
        let room = room.clone();
        let padding = padding.clone();
        calls.spawn(async move {
            for n in (worker..EVENTS).step_by(PARALLEL) {
                let body = json!({"roomIdentifier": room, "eventName": "flood",
                                  "attributes": {"n": n.to_string(), "padding": padding}});
                let (status, answer) = control
                    .call("SendEvent", &body)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(status, 200, "{answer}");
            }
        });
    }
    while !calls.is_empty() {
        tokio::select! {
            joined = calls.join_next() => if let Some(Err(error)) = joined {
                panic!("{error}");
            },
            () = tokio::time::sleep(Duration::from_millis(100)) => {
                peak = peak.max(rss_bytes(service.pid()).unwrap_or(0));
            }
        }
    }
    let delivered = tokio::time::timeout(Duration::from_secs(60), fast_reader)
        .await
        .unwrap_or_else(|_| panic!("the fast reader did not get every event"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(delivered, EVENTS, "the fast reader got every event");

    // Now read what the slow socket was sent: a prefix, then its end.
    let mut received = 0usize;
    let ending = loop {
        match tokio::time::timeout(Duration::from_secs(20), slow.next()).await {
            Ok(Some(Ok(Message::Text(_)))) => received += 1,
            Ok(Some(Ok(Message::Close(frame)))) => break format!("close {frame:?}"),
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(error))) => break format!("error {error}"),
            Ok(None) => break "end of stream".to_owned(),
            Err(_) => panic!("the slow reader was never disconnected ({received} frames read)"),
        }
    };
    println!(
        "slow reader: {received} of {EVENTS} frames, then {ending}; service RSS {} before, {} peak",
        mib(before),
        mib(peak)
    );
    assert!(
        received < EVENTS,
        "the slow reader was sent everything: nothing was bounded"
    );
    let flood_bytes = (EVENTS * 1000) as u64;
    assert!(
        peak.saturating_sub(before) < flood_bytes,
        "the service grew by {} for a {} flood towards a reader that never reads",
        mib(peak.saturating_sub(before)),
        mib(flood_bytes)
    );
    service.terminate().await;
}
