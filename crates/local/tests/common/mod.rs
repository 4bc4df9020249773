//! Helpers shared by the integration tests: a service on 127.0.0.1:0, control-plane calls over
//! plain HTTP, and a raw WebSocket client that offers the token as its subprotocol.
//! [`serve`] runs an external build instead when one is named ([`external`]).
#![allow(dead_code, clippy::unwrap_used)]

pub mod external;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use ivs_chat_local::{Config, Service};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Every wait in the tests is bounded by this.
pub const WAIT: Duration = Duration::from_secs(5);

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub async fn start(config: Config) -> Service {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    Service::start(listener, config).await.unwrap()
}

pub async fn start_default() -> Service {
    start(Config::default()).await
}

/// The service under test: the library, or the executable that `IVS_CHAT_LOCAL_TEST_BINARY`
/// names (the conformance tests run against either).
pub enum Served {
    Library(Service),
    Process(external::External),
}

/// Starts the service under test with `config`.
pub async fn serve(config: Config) -> Served {
    match external::External::binary() {
        Some(binary) => Served::Process(external::External::start(binary, &config).await),
        None => Served::Library(start(config).await),
    }
}

pub async fn serve_default() -> Served {
    serve(Config::default()).await
}

impl Served {
    pub fn http_endpoint(&self) -> String {
        Endpoints::http_endpoint(self)
    }

    pub fn messaging_endpoint(&self) -> String {
        Endpoints::messaging_endpoint(self)
    }

    pub async fn shutdown(self) {
        match self {
            Served::Library(service) => service.shutdown().await,
            Served::Process(process) => process.shutdown().await,
        }
    }
}

/// Where a service answers: what the helpers below need of it.
pub trait Endpoints {
    fn http_endpoint(&self) -> String;
    fn messaging_endpoint(&self) -> String;
}

impl Endpoints for Service {
    fn http_endpoint(&self) -> String {
        Service::http_endpoint(self)
    }

    fn messaging_endpoint(&self) -> String {
        Service::messaging_endpoint(self)
    }
}

impl Endpoints for Served {
    fn http_endpoint(&self) -> String {
        match self {
            Served::Library(service) => service.http_endpoint(),
            Served::Process(process) => process.http_endpoint(),
        }
    }

    fn messaging_endpoint(&self) -> String {
        match self {
            Served::Library(service) => service.messaging_endpoint(),
            Served::Process(process) => process.messaging_endpoint(),
        }
    }
}

/// POSTs `/<operation>` with a JSON body; the status and the JSON (or null) answer.
pub async fn call(service: &impl Endpoints, operation: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/{operation}", service.http_endpoint()))
        .json(&body)
        .timeout(WAIT)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Creates a room and returns its output.
pub async fn create_room(service: &impl Endpoints, body: Value) -> Value {
    let (status, room) = call(service, "CreateRoom", body).await;
    assert_eq!(status, 200, "{room}");
    room
}

/// Mints a token for `user` in `room` (an ARN).
pub async fn token(
    service: &impl Endpoints,
    room: &str,
    user: &str,
    capabilities: &[&str],
) -> String {
    token_with(
        service,
        json!({"roomIdentifier": room, "userId": user, "capabilities": capabilities}),
    )
    .await
}

pub async fn token_with(service: &impl Endpoints, body: Value) -> String {
    let (status, output) = call(service, "CreateChatToken", body).await;
    assert_eq!(status, 200, "{output}");
    output["token"].as_str().unwrap().to_owned()
}

/// Opens the messaging WebSocket with `token` as the subprotocol.
pub async fn try_connect(service: &impl Endpoints, token: &str) -> Result<Ws, WsError> {
    let mut request = service.messaging_endpoint().into_client_request().unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(token).unwrap(),
    );
    let (ws, response) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(request))
        .await
        .expect("handshake timed out")?;
    assert_eq!(
        response
            .headers()
            .get("Sec-WebSocket-Protocol")
            .and_then(|v| v.to_str().ok()),
        Some(token),
        "the 101 must echo the token"
    );
    Ok(ws)
}

pub async fn connect(service: &impl Endpoints, token: &str) -> Ws {
    try_connect(service, token).await.unwrap()
}

/// A connected socket for a new user of `room`.
pub async fn join(service: &impl Endpoints, room: &str, user: &str, capabilities: &[&str]) -> Ws {
    let token = token(service, room, user, capabilities).await;
    connect(service, &token).await
}

pub async fn send(ws: &mut Ws, value: Value) {
    ws.send(Message::text(value.to_string())).await.unwrap();
}

/// The next JSON frame, skipping control frames.
pub async fn next_frame(ws: &mut Ws) -> Value {
    loop {
        let message = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("no frame in time")
            .expect("socket ended")
            .expect("socket failed");
        match message {
            Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            Message::Close(frame) => panic!("closed while waiting for a frame: {frame:?}"),
            _ => continue,
        }
    }
}

/// Reads until the close frame; returns it (None if the socket ended without one).
pub async fn closed(ws: &mut Ws) -> Option<CloseFrame> {
    loop {
        let message = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("no close in time");
        match message {
            Some(Ok(Message::Close(frame))) => return frame,
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return None,
        }
    }
}

/// Asserts nothing arrives for a short while.
pub async fn quiet(ws: &mut Ws) {
    if let Ok(Some(Ok(message))) = tokio::time::timeout(Duration::from_millis(300), ws.next()).await
    {
        panic!("expected silence, got {message:?}");
    }
}

/// The value of one Prometheus series line in `/metrics`.
pub async fn metric(service: &impl Endpoints, series: &str) -> f64 {
    let text = reqwest::get(format!("{}/metrics", service.http_endpoint()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| {
            line.strip_prefix(series)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .map(|value| value.parse().unwrap())
        .unwrap_or(0.0)
}
