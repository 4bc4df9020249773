//! What the app's end-to-end tests set up: an isolated app configuration, rooms on the
//! embedded local service, other chat clients, a review handler.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chatdeck::app::{App, Environment};
use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, ConnectionState, Endpoint, Room, Update, Updates};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use ivs_chat_protocol::{Attributes, Capability};
use tempfile::TempDir;

/// Bound on any wait of these tests outside the browser.
pub const WAIT: Duration = Duration::from_secs(20);

/// An app configuration in `dir` with its own keychain service, and neither the first-run
/// demo tab nor its audience (the tests that want them turn them on).
pub fn config(dir: &TempDir) -> Environment {
    let mut config = Environment::new(dir.path().to_path_buf());
    config.keychain_service = format!("chatdeck-test-{}", uuid::Uuid::new_v4().simple());
    config.first_run_demo = false;
    config.demo_audience = false;
    config
}

/// A first run's configuration: the demo room opens and its audience talks, every 300 ms.
pub fn demo_config(dir: &TempDir) -> Environment {
    let mut config = config(dir);
    config.first_run_demo = true;
    config.demo_audience = true;
    config.demo_interval = Duration::from_millis(300);
    config
}

/// Creates a room on the app's local service; returns its ARN.
pub async fn create_room(
    app: &App,
    name: &str,
    max_length: Option<i32>,
    max_rate: Option<i32>,
    review_uri: Option<&str>,
) -> String {
    let mut request = app.local().control().create_room().name(name);
    if let Some(length) = max_length {
        request = request.maximum_message_length(length);
    }
    if let Some(rate) = max_rate {
        request = request.maximum_message_rate_per_second(rate);
    }
    if let Some(uri) = review_uri {
        request = request.message_review_handler(
            aws_sdk_ivschat::types::MessageReviewHandler::builder()
                .uri(uri)
                .fallback_result(aws_sdk_ivschat::types::FallbackResult::Allow)
                .build(),
        );
    }
    let room = request.send().await.expect("CreateRoom");
    room.arn().expect("an ARN").to_owned()
}

/// The local service's token endpoint, as a token-endpoint profile would use it.
pub fn token_url(app: &App) -> String {
    format!("{}/create_chat_token", app.local().http_endpoint())
}

/// Another chat client in `arn` (a viewer or moderator outside the app), connected.
pub async fn other_client(
    app: &App,
    arn: &str,
    user_id: &str,
    display_name: &str,
    capabilities: &[Capability],
) -> (Room, Updates) {
    let attributes = [("displayName".to_owned(), display_name.to_owned())].into();
    other_client_with(app, arn, user_id, attributes, capabilities).await
}

/// Token attributes from `(name, value)` pairs.
pub fn attributes(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// Another chat client in `arn` whose token carries `attributes`, connected.
pub async fn other_client_with(
    app: &App,
    arn: &str,
    user_id: &str,
    attributes: Attributes,
    capabilities: &[Capability],
) -> (Room, Updates) {
    let tokens = HttpTokenProvider::new(
        token_url(app),
        CreateChatTokenRequest {
            room_identifier: Some(arn.to_owned()),
            user_id: Some(user_id.to_owned()),
            capabilities: Some(capabilities.to_vec()),
            session_duration_in_minutes: None,
            attributes: Some(attributes),
        },
    );
    let endpoint = Endpoint::parse(app.local().messaging_endpoint()).expect("endpoint");
    let (room, mut updates, engine) = Room::new(Config::new(endpoint, Arc::new(tokens)));
    tokio::spawn(engine);
    room.connect().await.expect("connect");
    wait_for(&mut updates, |update| {
        matches!(
            update,
            Update::State {
                state: ConnectionState::Connected,
                ..
            }
        )
    })
    .await;
    (room, updates)
}

/// Waits for an update matching `pick`.
pub async fn wait_for(updates: &mut Updates, mut pick: impl FnMut(&Update) -> bool) -> Update {
    tokio::time::timeout(WAIT, async {
        loop {
            match updates.recv().await {
                Some(update) if pick(&update) => return update,
                Some(_) => {}
                None => panic!("the room stopped"),
            }
        }
    })
    .await
    .expect("the update arrived in time")
}

/// A review handler on loopback that denies messages containing "spam" while `deny` is set.
pub struct ReviewHandler {
    /// Its URL, usable as a room's review handler URI.
    pub url: String,
    /// Whether it denies.
    pub deny: Arc<AtomicBool>,
}

impl ReviewHandler {
    /// Starts the handler.
    pub async fn start() -> ReviewHandler {
        let deny = Arc::new(AtomicBool::new(true));
        let flag = deny.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/", listener.local_addr().expect("address"));
        let router = axum::Router::new().route(
            "/",
            axum::routing::post(move |body: String| {
                let flag = flag.clone();
                async move {
                    let request: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                    let spam = request["Content"].as_str().unwrap_or("").contains("spam");
                    axum::Json(if spam && flag.load(Ordering::SeqCst) {
                        serde_json::json!({"ReviewResult": "DENY", "Content": request["Content"], "Attributes": {"Reason": "no spam here"}})
                    } else {
                        serde_json::json!({"ReviewResult": "ALLOW", "Content": request["Content"]})
                    })
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await });
        ReviewHandler { url, deny }
    }

    /// Stops denying.
    pub fn allow(&self) {
        self.deny.store(false, Ordering::SeqCst);
    }
}

/// An event sink that keeps every event, for tests of the app without a UI.
#[derive(Debug, Default)]
pub struct Recorder(pub std::sync::Mutex<Vec<chatdeck_ipc::UiEvent>>);

impl chatdeck::app::EventSink for Recorder {
    fn deliver(&self, event: chatdeck_ipc::UiEvent) {
        self.0.lock().expect("lock").push(event);
    }
}

impl Recorder {
    /// Waits until an event so far makes `pick` answer, and returns the answer.
    pub async fn until<T>(
        &self,
        mut pick: impl FnMut(&chatdeck_ipc::UiEventBody) -> Option<T>,
    ) -> T {
        tokio::time::timeout(WAIT, async {
            loop {
                if let Some(found) = self
                    .0
                    .lock()
                    .expect("lock")
                    .iter()
                    .find_map(|event| pick(&event.body))
                {
                    return found;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await
        .expect("the event arrived in time")
    }

    /// Forgets the events so far.
    pub fn clear(&self) {
        self.0.lock().expect("lock").clear();
    }
}
