//! Tokens and secrets never reach the logs: an end-to-end run against `ivs-chat-local`
//! (signed control plane, HTTP and AWS token providers, connects, messages, a rotation, a
//! refused token, a disconnect) with every tracing and `log` record at TRACE captured, then
//! searched for the AWS secret, the bearer secret and every chat token handed out.
//!
//! Its own test binary: the capture is the process-wide subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ivs_chat_client::token::{
    AwsCredentials, AwsSettings, AwsTokenProvider, ChatToken, FixedTokens, HttpTokenProvider,
    TokenFuture, TokenProvider,
};
use ivs_chat_client::{Config, ConnectionState, Endpoint, RequestStatus, Room, Secret, Update};
use ivs_chat_local::Credentials;
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::control::CreateChatTokenRequest;

const KEY: &str = "AKIDLOGSTEST";
const SECRET: &str = "aws-SECRET-logs-5f4dcc3b5aa765d6";
const BEARER: &str = "bearer-SECRET-logs-e99a18c428cb";
const BOGUS_TOKEN: &str = "tok-SECRET-never-minted-0123456789";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

/// Remembers every token it hands out, to search the logs for them.
struct Recording<P> {
    inner: P,
    seen: Arc<Mutex<Vec<String>>>,
}

impl<P> std::fmt::Debug for Recording<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recording")
    }
}

impl<P: TokenProvider> TokenProvider for Recording<P> {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let token = self.inner.fetch().await?;
            self.seen
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(token.token.expose().to_owned());
            Ok(token)
        })
    }
}

async fn until(updates: &mut ivs_chat_client::Updates, mut pick: impl FnMut(&Update) -> bool) {
    tokio::time::timeout(Duration::from_secs(20), async {
        while let Some(update) = updates.recv().await {
            if pick(&update) {
                return;
            }
        }
        panic!("the room stopped");
    })
    .await
    .unwrap_or_else(|_| panic!("timed out"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_or_secret_in_trace_logs_of_an_end_to_end_run() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .unwrap_or_else(|e| panic!("{e}"));

    let service = chatdeck_faults::local::InProcess::start(ivs_chat_local::Config {
        credentials: Some(Credentials {
            access_key_id: KEY.into(),
            secret_access_key: Secret::new(SECRET),
        }),
        // Sessions of one two-second minute: the rooms rotate during the run.
        minute: Duration::from_secs(2),
        ..ivs_chat_local::Config::default()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let http = format!("http://{}", service.addr());
    let aws = AwsSettings {
        region: Some("us-west-2".into()),
        credentials: Some(AwsCredentials {
            access_key_id: KEY.into(),
            secret_access_key: Secret::new(SECRET),
            session_token: None,
        }),
        endpoint_url: Some(http.clone()),
        ..AwsSettings::default()
    };
    let sdk = aws.client().await;
    let room = sdk
        .create_room()
        .name("logs")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let arn = room.arn().unwrap_or_default().to_owned();
    let request = |user: &str| CreateChatTokenRequest {
        room_identifier: Some(arn.clone()),
        user_id: Some(user.into()),
        capabilities: Some(Capability::ALL.to_vec()),
        session_duration_in_minutes: Some(1),
        ..Default::default()
    };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let endpoint =
        Endpoint::parse(&format!("ws://{}", service.addr())).unwrap_or_else(|e| panic!("{e}"));
    let by_http = Recording {
        inner: HttpTokenProvider::new(format!("{http}/create_chat_token"), request("alice"))
            .with_bearer(Secret::new(BEARER)),
        seen: seen.clone(),
    };
    let by_aws = Recording {
        inner: AwsTokenProvider::new(&aws, request("bob")).await,
        seen: seen.clone(),
    };
    let (alice, mut alice_updates, actor) =
        Room::new(Config::new(endpoint.clone(), Arc::new(by_http)));
    tokio::spawn(actor);
    let (bob, mut bob_updates, actor) = Room::new(Config::new(endpoint.clone(), Arc::new(by_aws)));
    tokio::spawn(actor);
    for (room, updates) in [(&alice, &mut alice_updates), (&bob, &mut bob_updates)] {
        room.connect().await.unwrap_or_else(|e| panic!("{e}"));
        until(updates, |update| {
            matches!(
                update,
                Update::State {
                    state: ConnectionState::Connected,
                    ..
                }
            )
        })
        .await;
    }
    // Messages both ways, across at least one rotation of each room.
    for round in 0..3 {
        let id = alice
            .send_message(format!("hello {round}"), Default::default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        until(&mut alice_updates, |update| {
            matches!(update, Update::Request { request_id, status: RequestStatus::Confirmed { .. }, .. } if *request_id == id)
        })
        .await;
        bob.send_message(format!("hi {round}"), Default::default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tokio::time::sleep(Duration::from_millis(800)).await;
    }
    // A token the service never minted: refused, logged, retried.
    let mut refused_config = Config::new(
        endpoint,
        Arc::new(FixedTokens::new([ChatToken::new(BOGUS_TOKEN)])),
    );
    refused_config.max_reconnect_attempts = 0;
    let (refused, mut refused_updates, actor) = Room::new(refused_config);
    tokio::spawn(actor);
    refused.connect().await.unwrap_or_else(|e| panic!("{e}"));
    until(&mut refused_updates, |update| {
        matches!(
            update,
            Update::State {
                state: ConnectionState::Disconnected,
                ..
            }
        )
    })
    .await;
    alice.disconnect().await.unwrap_or_else(|e| panic!("{e}"));
    bob.disconnect().await.unwrap_or_else(|e| panic!("{e}"));
    tokio::time::sleep(Duration::from_millis(200)).await;

    let logs = capture.text();
    let tokens = seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(
        tokens.len() >= 4,
        "the rooms connected and rotated: {} tokens",
        tokens.len()
    );
    assert!(
        logs.contains("room state"),
        "the client's logs were captured"
    );
    assert!(logs.lines().count() > 50, "TRACE logs were captured");
    let mut secrets = vec![SECRET.to_owned(), BEARER.to_owned(), BOGUS_TOKEN.to_owned()];
    secrets.extend(tokens);
    for secret in &secrets {
        // The whole secret, and its first half (a truncated print leaks as much).
        let half = &secret[..secret.len() / 2];
        assert!(
            !logs.contains(half),
            "a secret appears in the logs: {:?}",
            logs.lines().find(|line| line.contains(half))
        );
    }
}
