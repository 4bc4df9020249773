//! A token endpoint in the style of the AWS samples (reference §4) that misbehaves on
//! command: it forwards to the local service's `/create_chat_token` while healthy, and
//! answers 500s, hangs, garbage, or genuinely expired tokens otherwise.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::Error;

/// How long a hanging answer takes: far past any client's token timeout, yet bounded so a
/// forgotten request cannot keep a test alive.
pub const HANG: Duration = Duration::from_secs(30);

/// How the endpoint answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMode {
    /// Forward to the service and return its answer.
    Healthy,
    /// 500 with a JSON error body.
    ServerError,
    /// Never answer (until [`HANG`] passes).
    Hang,
    /// 200 with a body that is not JSON.
    Garbage,
    /// 200 with a token the service minted long enough ago that it has expired (from the
    /// stock made by [`TokenEndpoint::stock_expired`]).
    Expired,
}

#[derive(Debug)]
struct Shared {
    upstream: String,
    http: reqwest::Client,
    mode: watch::Sender<TokenMode>,
    /// Answers of the service kept until their tokens expired.
    stock: Mutex<Vec<String>>,
    calls: AtomicU64,
}

/// A running token endpoint; stops when dropped.
#[derive(Debug)]
pub struct TokenEndpoint {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for TokenEndpoint {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TokenEndpoint {
    /// Serves on `127.0.0.1:0`, forwarding to the service at `service` (`http://ADDR`).
    pub async fn start(service: &str) -> Result<TokenEndpoint, Error> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            upstream: format!("{service}/create_chat_token"),
            http: reqwest::Client::new(),
            mode: watch::channel(TokenMode::Healthy).0,
            stock: Mutex::new(Vec::new()),
            calls: AtomicU64::new(0),
        });
        let app = Router::new()
            .route("/create_chat_token", post(answer))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            // Ends when the listener fails, which only happens at shutdown.
            let _ = axum::serve(listener, app).await;
        });
        Ok(TokenEndpoint {
            addr,
            shared,
            server,
        })
    }

    /// The URL to give an `HttpTokenProvider`.
    pub fn url(&self) -> String {
        format!("http://{}/create_chat_token", self.addr)
    }

    /// Changes how every following request is answered.
    pub fn set_mode(&self, mode: TokenMode) {
        self.shared.mode.send_replace(mode);
    }

    /// Back to healthy.
    pub fn heal(&self) {
        self.set_mode(TokenMode::Healthy);
    }

    /// Requests answered (or hanging) so far.
    pub fn calls(&self) -> u64 {
        self.shared.calls.load(Ordering::SeqCst)
    }

    /// Mints `count` tokens with `body` (a CreateChatToken input) now and keeps them, to be
    /// served in [`TokenMode::Expired`] once the service's token lifetime has passed.
    pub async fn stock_expired(&self, body: &serde_json::Value, count: usize) -> Result<(), Error> {
        for _ in 0..count {
            let answer = self
                .shared
                .http
                .post(&self.shared.upstream)
                .json(body)
                .send()
                .await?
                .error_for_status()?
                .text()
                .await?;
            lock(&self.shared.stock).push(answer);
        }
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn answer(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    shared.calls.fetch_add(1, Ordering::SeqCst);
    let mode = *shared.mode.borrow();
    match mode {
        TokenMode::Healthy => forward(&shared, body).await,
        TokenMode::ServerError => json(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"message":"token backend unavailable"}"#.into(),
        ),
        TokenMode::Hang => {
            tokio::time::sleep(HANG).await;
            json(
                StatusCode::GATEWAY_TIMEOUT,
                r#"{"message":"gave up"}"#.into(),
            )
        }
        TokenMode::Garbage => json(StatusCode::OK, "{\"token\": <html>oops".into()),
        TokenMode::Expired => match lock(&shared.stock).pop() {
            Some(stale) => json(StatusCode::OK, stale),
            None => json(
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"message":"the expired-token stock ran out"}"#.into(),
            ),
        },
    }
}

async fn forward(shared: &Shared, body: Bytes) -> Response {
    let result = shared
        .http
        .post(&shared.upstream)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await;
    match result {
        Ok(response) => {
            let status =
                StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
            match response.text().await {
                Ok(text) => json(status, text),
                Err(_) => json(
                    StatusCode::BAD_GATEWAY,
                    r#"{"message":"upstream broke"}"#.into(),
                ),
            }
        }
        Err(_) => json(
            StatusCode::BAD_GATEWAY,
            r#"{"message":"the chat service is unreachable"}"#.into(),
        ),
    }
}
