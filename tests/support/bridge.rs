//! Serves the built UI to a browser, with `window.__TAURI__` replaced by a bridge to a real
//! [`App`] running in the test process: commands over HTTP, events over a WebSocket. Only the
//! transport differs from the desktop app; the UI and the app logic are the real ones.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chatdeck::app::{App, Environment, EventSink};
use chatdeck_ipc::UiEvent;
use tokio::sync::broadcast;
use tower_http::services::ServeDir;

use super::webdriver::ui_dist;

/// Events buffered per subscriber before a slow test browser starts missing them.
const EVENT_BUFFER: usize = 4096;

/// The shim that defines `window.__TAURI__` in the browser.
const SHIM: &str = include_str!("../ui/tauri-bridge.js");

/// Forwards the app's events to every connected browser.
struct BroadcastSink {
    events: broadcast::Sender<UiEvent>,
}

impl EventSink for BroadcastSink {
    fn deliver(&self, event: UiEvent) {
        // No browser connected yet is fine: the UI asks for a snapshot when it subscribes.
        let _ = self.events.send(event);
    }
}

/// A running bridge: the UI at [`Bridge::url`], the app behind it.
pub struct Bridge {
    /// Where the browser should go.
    pub address: SocketAddr,
    /// The app the UI talks to.
    pub app: Arc<App>,
    /// The name of every command the UI invoked, in order (tests prove a call was not made).
    pub invoked: Arc<std::sync::Mutex<Vec<String>>>,
    /// Stops the server when dropped.
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

#[derive(Clone)]
struct Shared {
    app: Arc<App>,
    events: broadcast::Sender<UiEvent>,
    index: Arc<String>,
    /// The desktop app's CSP, so that the browser refuses what the app's webview refuses.
    csp: Arc<String>,
    /// Every command invoked.
    invoked: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Bridge {
    /// Starts a bridge on 127.0.0.1:0 over an app started with `config`.
    pub async fn start(config: Environment) -> Bridge {
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let sink = Arc::new(BroadcastSink {
            events: events.clone(),
        });
        let app = App::start(config, sink).await.expect("the app starts");
        let dist = ui_dist();
        let index = std::fs::read_to_string(dist.join("index.html")).expect("ui/dist/index.html");
        // A classic script in <head> runs before the UI's deferred module script.
        let index = index.replacen(
            "<head>",
            "<head><script src=\"/__bridge/tauri-bridge.js\"></script>",
            1,
        );
        let csp = content_security_policy(&index);
        let invoked = Arc::new(std::sync::Mutex::new(Vec::new()));
        let shared = Shared {
            app: app.clone(),
            events,
            index: Arc::new(index),
            csp: Arc::new(csp),
            invoked: invoked.clone(),
        };
        let router = Router::new()
            .route("/", get(index_page))
            .route("/index.html", get(index_page))
            .route("/__bridge/tauri-bridge.js", get(shim))
            .route("/__bridge/invoke/{command}", post(invoke))
            .route("/__bridge/events", get(events_socket))
            .fallback_service(ServeDir::new(dist))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the bridge");
        let address = listener.local_addr().expect("bridge address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Bridge {
            address,
            app,
            invoked,
            _shutdown: shutdown,
        }
    }

    /// Stops the app (its tabs and local service) as the desktop app does on exit.
    pub async fn shutdown(self) {
        self.app.shutdown().await;
    }

    /// How many times the UI invoked `command` so far.
    pub fn invocations(&self, command: &str) -> usize {
        self.invoked
            .lock()
            .expect("lock")
            .iter()
            .filter(|name| *name == command)
            .count()
    }

    /// The UI's URL.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }
}

async fn index_page(State(shared): State<Shared>) -> Response {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            shared.csp.as_str().to_owned(),
        )],
        Html(shared.index.as_str().to_owned()),
    )
        .into_response()
}

/// The CSP of `tauri.conf.json` as Tauri serves it: the configured directives, plus the
/// SHA-256 hash of each inline script of the page in `script-src` (which is how Tauri lets
/// trunk's loader run while refusing every other inline script).
fn content_security_policy(index: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let config: serde_json::Value =
        serde_json::from_str(include_str!("../../tauri.conf.json")).expect("tauri.conf.json");
    let directives = config["app"]["security"]["csp"]
        .as_object()
        .expect("the CSP is configured as an object of directives");
    let hashes: Vec<String> = index
        .split("<script")
        .skip(1)
        .filter_map(|rest| {
            let (attributes, rest) = rest.split_once('>')?;
            if attributes.contains("src=") {
                return None;
            }
            let (body, _) = rest.split_once("</script>")?;
            let digest = sha2::Sha256::digest(body.as_bytes());
            let hash = base64::engine::general_purpose::STANDARD.encode(digest);
            Some(format!("'sha256-{hash}'"))
        })
        .collect();
    directives
        .iter()
        .map(|(name, value)| {
            let mut value = value.as_str().unwrap_or_default().to_owned();
            if name == "script-src" {
                for hash in &hashes {
                    value.push(' ');
                    value.push_str(hash);
                }
            }
            format!("{name} {value}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

async fn shim() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript")], SHIM).into_response()
}

async fn invoke(
    State(shared): State<Shared>,
    Path(command): Path<String>,
    body: axum::Json<serde_json::Value>,
) -> Response {
    shared.invoked.lock().expect("lock").push(command.clone());
    match chatdeck::app::dispatch(&shared.app, &command, body.0).await {
        // As the shell answers: the output's JSON text as raw bytes (its `commands.rs`).
        Ok(output) => (
            [(header::CONTENT_TYPE, "application/octet-stream")],
            serde_json::to_vec(&output).expect("a JSON value serializes"),
        )
            .into_response(),
        Err(error) => (StatusCode::BAD_REQUEST, axum::Json(error)).into_response(),
    }
}

async fn events_socket(State(shared): State<Shared>, upgrade: WebSocketUpgrade) -> Response {
    let events = shared.events.subscribe();
    upgrade.on_upgrade(move |socket| forward_events(socket, events))
}

/// Wakes a browser for every event, with its number as the whole payload, as the shell wakes
/// its windows; the UI pulls the events themselves through `pull_events`.
async fn forward_events(mut socket: WebSocket, mut events: broadcast::Receiver<UiEvent>) {
    loop {
        let seq = match events.recv().await {
            Ok(event) => event.seq,
            // Missed wake-ups need no replay: the next one pulls everything since the last.
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if socket
            .send(Message::Text(seq.to_string().into()))
            .await
            .is_err()
        {
            return;
        }
    }
}
