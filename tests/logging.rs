//! The log of an end-to-end run names no chat token and no bearer secret.
//!
//! Its own test binary: it installs the app's global logging (the same file appender and
//! default filter as the desktop app) and runs a token-endpoint profile with a bearer
//! secret through a token endpoint that records every token it hands out.

mod support;

use std::sync::{Arc, Mutex};

use chatdeck::app::App;
use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{OpenTab, Reconnect, SaveProfile, SecretChange, SendMessage};
use chatdeck_ipc::model::{Capability, ConnectionState, ProfileKind, ProfileSettings, SendState};
use support::fixture::{Recorder, config, create_room, token_url};

const BEARER: &str = "bearer-secret-7f3a9c1e5d";

/// A token endpoint that demands the bearer secret, asks the local service for the token,
/// and remembers every token it handed out.
async fn recording_endpoint(upstream: String) -> (String, Arc<Mutex<Vec<String>>>) {
    let issued = Arc::new(Mutex::new(Vec::new()));
    let seen = issued.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/token", listener.local_addr().expect("address"));
    let router = axum::Router::new().route(
        "/token",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let (seen, upstream) = (seen.clone(), upstream.clone());
            async move {
                let authorized = headers
                    .get("authorization")
                    .and_then(|value| value.to_str().ok())
                    == Some(format!("Bearer {BEARER}").as_str());
                if !authorized {
                    return (axum::http::StatusCode::UNAUTHORIZED, String::from("{}"));
                }
                let answer = reqwest::Client::new()
                    .post(&upstream)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("upstream")
                    .text()
                    .await
                    .expect("upstream body");
                let json: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
                if let Some(token) = json["token"].as_str() {
                    seen.lock().expect("lock").push(token.to_owned());
                }
                (axum::http::StatusCode::OK, answer)
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, issued)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_of_a_run_holds_no_token_and_no_secret() {
    let logs = tempfile::tempdir().expect("log dir");
    let guard = chatdeck::logging::init(logs.path()).expect("logging");
    let dir = tempfile::tempdir().expect("data dir");
    let events = Arc::new(Recorder::default());
    let app = App::start(config(&dir), events.clone())
        .await
        .expect("start");
    let arn = create_room(&app, "logged-room", None, None, None).await;
    let (endpoint, issued) = recording_endpoint(token_url(&app)).await;
    let profile = app
        .profiles()
        .save_profile(SaveProfile {
            id: None,
            settings: ProfileSettings {
                name: "Backend".into(),
                kind: ProfileKind::TokenEndpoint {
                    token_url: endpoint,
                    messaging_endpoint: app.local().messaging_endpoint().to_owned(),
                },
                user_id: "alice".into(),
                display_name: "Alice".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: vec![Capability::SendMessage],
            },
            secret: SecretChange::Set(BEARER.into()),
        })
        .await
        .expect("save");
    assert!(profile.has_secret);
    let tab = app
        .tabs()
        .open_tab(OpenTab {
            profile_id: profile.id.clone(),
            room_arn: arn,
        })
        .await
        .expect("open");
    let connected = |body: &UiEventBody| matches!(body, UiEventBody::Connection { connection, .. } if connection.state == ConnectionState::Connected);
    events.until(|body| connected(body).then_some(())).await;
    app.tabs()
        .send_message(SendMessage {
            tab_id: tab.id.clone(),
            content: "logged hello".into(),
            reply_to: None,
        })
        .await
        .expect("send");
    events
        .until(|body| matches!(body, UiEventBody::Lines { lines, .. } if lines.iter().any(|l| l.send == SendState::Confirmed)).then_some(()))
        .await;
    // A second connection, so a second token.
    app.tabs()
        .close_tab(chatdeck_ipc::command::CloseTab {
            tab_id: tab.id.clone(),
        })
        .await
        .expect("close");
    events.clear();
    let tab = app
        .tabs()
        .open_tab(OpenTab {
            profile_id: profile.id.clone(),
            room_arn: tab.room_arn.clone(),
        })
        .await
        .expect("reopen");
    events.until(|body| connected(body).then_some(())).await;
    let _ = app.tabs().reconnect(Reconnect { tab_id: tab.id }).await;
    app.shutdown().await;
    drop(guard);

    let tokens = issued.lock().expect("lock").clone();
    assert!(
        tokens.len() >= 2,
        "the endpoint issued {} tokens",
        tokens.len()
    );
    let mut log = String::new();
    for entry in std::fs::read_dir(logs.path()).expect("log files") {
        let path = entry.expect("entry").path();
        log.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
    }
    assert!(log.contains("tab opened"), "the run was logged:\n{log}");
    assert!(!log.contains(BEARER), "the bearer secret is in the log");
    for token in tokens {
        assert!(!log.contains(&token), "a chat token is in the log");
    }
    // Nor does the profile file hold the secret.
    let profiles =
        std::fs::read_to_string(dir.path().join("profiles.json")).expect("profiles.json");
    assert!(!profiles.contains(BEARER));
}
