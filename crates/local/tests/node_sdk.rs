//! Messaging conformance with the official JS SDK `amazon-ivs-chat-messaging`, unchanged, run
//! by Node from `tests/node/` against the service.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use axum::Json;
use common::*;
use ivs_chat_local::Config;
use serde_json::{Value, json};

/// `tests/node` at the repository root.
pub fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/node")
}

/// Makes sure Node is there and the npm packages are installed (`npm ci` once).
pub fn prepare_node() -> PathBuf {
    let dir = node_dir();
    let node = std::process::Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|output| output.status.success()),
        "Node.js is required for the official-SDK conformance tests: install node (20+) and npm"
    );
    if !dir.join("node_modules/amazon-ivs-chat-messaging").exists() {
        let status = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status();
        match status {
            Ok(status) => assert!(status.success(), "`npm ci` in {} failed", dir.display()),
            Err(error) => panic!("npm is required to install the conformance packages: {error}"),
        }
    }
    dir
}

#[tokio::test]
async fn the_official_js_sdk_works_unchanged() {
    let dir = prepare_node();
    // A stand-in review Lambda that denies content starting with "deny".
    let handler = axum::Router::new().route(
        "/",
        axum::routing::post(|Json(request): Json<Value>| async move {
            if request["Content"]
                .as_str()
                .is_some_and(|c| c.starts_with("deny"))
            {
                Json(json!({"ReviewResult": "DENY", "Content": request["Content"], "Attributes": {"Reason": "no thanks"}}))
            } else {
                Json(json!({"ReviewResult": "ALLOW", "Content": request["Content"]}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let review_url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, handler).await.unwrap() });

    let service = serve(Config {
        minute: Duration::from_secs(1),
        ..Config::default()
    })
    .await;
    let room = create_room(
        &service,
        json!({"maximumMessageLength": 20, "maximumMessageRatePerSecond": 100}),
    )
    .await;
    let rate_room = create_room(&service, json!({"maximumMessageRatePerSecond": 1})).await;
    let review_room = create_room(
        &service,
        json!({"messageReviewHandler": {"uri": review_url}}),
    )
    .await;

    let mut child = tokio::process::Command::new("node")
        .arg("messaging-sdk.mjs")
        .current_dir(&dir)
        .env("IVS_CHAT_WS", service.messaging_endpoint())
        .env("IVS_CHAT_HTTP", service.http_endpoint())
        .env("ROOM_ARN", room["arn"].as_str().unwrap())
        .env("RATE_ROOM_ARN", rate_room["arn"].as_str().unwrap())
        .env("REVIEW_ROOM_ARN", review_room["arn"].as_str().unwrap())
        .env("SESSION_MINUTES", "3")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let output = tokio::time::timeout(Duration::from_secs(90), async {
        use tokio::io::AsyncReadExt;
        let mut text = String::new();
        let mut stdout = stdout;
        stdout.read_to_string(&mut text).await.unwrap();
        (text, child.wait().await.unwrap())
    })
    .await
    .expect("the SDK script did not finish in time");
    let (text, status) = output;
    let checks: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    for check in &checks {
        eprintln!("{check}");
    }
    assert!(status.success(), "node exited with {status}");
    for name in [
        "send_confirmed",
        "delete_confirmed",
        "error_400_too_long",
        "error_400_empty",
        "error_403_capability",
        "error_413_attributes",
        "error_429_rate",
        "error_406_review_deny",
        "review_allow",
        "kick",
        "session_expiry_reconnects",
    ] {
        let check = checks.iter().find(|check| check["check"] == name);
        assert_eq!(
            check.map(|c| c["ok"].clone()),
            Some(Value::Bool(true)),
            "{name}: {check:?}"
        );
    }
    assert!(metric(&service, "MessagingDeliveries").await >= 5.0);
    assert!(metric(&service, "Requests{action=\"SEND_MESSAGE\"}").await >= 5.0);
    assert_eq!(
        metric(&service, "Requests{action=\"DISCONNECT_USER\"}").await,
        1.0
    );
    service.shutdown().await;
}
