//! A misbehaving chat service on loopback: a token endpoint that hands out a token, and a
//! messaging WebSocket that accepts the app, then sends whatever frames the test gives it,
//! unchecked (markup, bidi overrides, attribute values near the client's frame limit).

use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::Utc;
use tokio::sync::{broadcast, watch};

use super::fixture::WAIT;

/// The token it hands out (and expects as the WebSocket subprotocol).
const TOKEN: &str = "hostile-service-token";

#[derive(Clone)]
struct Shared {
    frames: broadcast::Sender<String>,
    connected: watch::Sender<u32>,
}

/// The running service; stops when dropped.
pub struct HostileService {
    /// The token endpoint, for a token-endpoint profile.
    pub token_url: String,
    /// The messaging endpoint (`ws://…`), for the same profile.
    pub messaging_url: String,
    shared: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for HostileService {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl HostileService {
    /// Starts it on 127.0.0.1:0.
    pub async fn start() -> HostileService {
        let (frames, _) = broadcast::channel(64);
        let (connected, _) = watch::channel(0);
        let shared = Shared { frames, connected };
        let router = axum::Router::new()
            .route("/token", post(token))
            .route("/chat", get(chat))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        HostileService {
            token_url: format!("http://{address}/token"),
            messaging_url: format!("ws://{address}/chat"),
            shared,
            server,
        }
    }

    /// Waits until the app's connection is open.
    pub async fn until_connected(&self) {
        let mut connected = self.shared.connected.subscribe();
        tokio::time::timeout(WAIT, connected.wait_for(|count| *count > 0))
            .await
            .expect("the app connected in time")
            .expect("the service runs");
    }

    /// Sends one text frame, as is, to every open connection.
    pub fn send(&self, frame: &serde_json::Value) {
        let text = serde_json::to_string(frame).expect("a frame");
        self.shared.frames.send(text).expect("a connection listens");
    }

    /// A MESSAGE frame from `user_id` with `display_name`, `content` and `attributes`.
    pub fn message(
        id: &str,
        user_id: &str,
        display_name: &str,
        content: &str,
        attributes: serde_json::Value,
    ) -> serde_json::Value {
        serde_json::json!({
            "Type": "MESSAGE",
            "Id": id,
            "RequestId": "",
            "Content": content,
            "Attributes": attributes,
            "Sender": { "UserId": user_id, "Attributes": { "displayName": display_name } },
            "SendTime": Utc::now().to_rfc3339(),
        })
    }

    /// An EVENT frame named `name` with `attributes`.
    pub fn event(id: &str, name: &str, attributes: serde_json::Value) -> serde_json::Value {
        serde_json::json!({
            "Type": "EVENT",
            "Id": id,
            "EventName": name,
            "Attributes": attributes,
            "SendTime": Utc::now().to_rfc3339(),
        })
    }
}

async fn token() -> axum::Json<serde_json::Value> {
    let later = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    axum::Json(serde_json::json!({
        "token": TOKEN,
        "tokenExpirationTime": later,
        "sessionExpirationTime": later,
    }))
}

async fn chat(
    State(shared): State<Shared>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let offered = headers
        .get("sec-websocket-protocol")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    upgrade
        .protocols([offered])
        .on_upgrade(move |socket| serve(socket, shared))
}

async fn serve(mut socket: WebSocket, shared: Shared) {
    let mut frames = shared.frames.subscribe();
    shared.connected.send_modify(|count| *count += 1);
    loop {
        tokio::select! {
            frame = frames.recv() => match frame {
                Ok(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Err(_) => break,
            },
            incoming = tokio::time::timeout(Duration::from_secs(3600), socket.recv()) => match incoming {
                Ok(Some(Ok(_))) => {}
                _ => break,
            },
        }
    }
    shared
        .connected
        .send_modify(|count| *count = count.saturating_sub(1));
}
