//! A message review handler (reference §1.11) that misbehaves on command: slower than the
//! service's 200 ms budget, erroring, or answering something that is not a review response.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::Error;

/// How long a slow answer takes: past the service's 200 ms review timeout.
pub const SLOW: Duration = Duration::from_millis(400);

/// How the handler answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewMode {
    /// ALLOW with the message's own content at once: a valid answer (user guide, "Campos de
    /// resposta": an ALLOW carries `Content`).
    Allow,
    /// ALLOW, but after [`SLOW`].
    Slow,
    /// HTTP 500.
    Erroring,
    /// 200 with a body that is not a review response.
    Invalid,
}

#[derive(Debug)]
struct Shared {
    mode: watch::Sender<ReviewMode>,
    calls: AtomicU64,
}

/// A running review handler; stops when dropped.
#[derive(Debug)]
pub struct ReviewHandler {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for ReviewHandler {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl ReviewHandler {
    /// Serves on `127.0.0.1:0`.
    pub async fn start(mode: ReviewMode) -> Result<ReviewHandler, Error> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            mode: watch::channel(mode).0,
            calls: AtomicU64::new(0),
        });
        let app = Router::new()
            .route("/", post(review))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            // Ends when the listener fails, which only happens at shutdown.
            let _ = axum::serve(listener, app).await;
        });
        Ok(ReviewHandler {
            addr,
            shared,
            server,
        })
    }

    /// The handler's URL, for a room's `messageReviewHandler.uri`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Changes how every following review is answered.
    pub fn set_mode(&self, mode: ReviewMode) {
        self.shared.mode.send_replace(mode);
    }

    /// Reviews requested so far.
    pub fn calls(&self) -> u64 {
        self.shared.calls.load(Ordering::SeqCst)
    }
}

async fn review(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    shared.calls.fetch_add(1, Ordering::SeqCst);
    let json = |status: StatusCode, body: String| {
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    // The message as it came, so that an ALLOW delivers it unchanged.
    let allow = || {
        let request: Value = serde_json::from_slice(&body).unwrap_or_default();
        json!({"ReviewResult": "ALLOW", "Content": request["Content"]}).to_string()
    };
    let mode = *shared.mode.borrow();
    match mode {
        ReviewMode::Allow => json(StatusCode::OK, allow()),
        ReviewMode::Slow => {
            tokio::time::sleep(SLOW).await;
            json(StatusCode::OK, allow())
        }
        ReviewMode::Erroring => json(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"errorMessage":"handler crashed","errorType":"Runtime.ExitError"}"#.into(),
        ),
        ReviewMode::Invalid => json(
            StatusCode::OK,
            r#"{"ReviewResult":"MAYBE","Content":7}"#.into(),
        ),
    }
}
