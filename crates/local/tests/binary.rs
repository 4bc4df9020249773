//! The `ivs-chat-local` binary: its ready line, its refusal of open network binds, and a clean
//! SIGTERM shutdown.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

/// Starts the binary on a free loopback port with `args`; the child and its ready line.
fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ivs-chat-local"))
        .args(["--bind", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line)
}

#[tokio::test]
async fn prints_the_ready_line_and_shuts_down_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let (mut child, line) = start(&[
        "--data-dir",
        data_dir,
        "--region",
        "eu-west-1",
        "--account-id",
        "111122223333",
    ]);
    let expected_tail = format!(
        "(region eu-west-1, account 111122223333, data {})\n",
        dir.path().display()
    );
    assert!(
        line.starts_with("ivs-chat-local listening on 127.0.0.1:"),
        "{line}"
    );
    assert!(line.ends_with(&expected_tail), "{line}");
    let addr = line.split_whitespace().nth(3).unwrap().to_owned();

    let http = reqwest::Client::new();
    let room: Value = http
        .post(format!("http://{addr}/CreateRoom"))
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        room["arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:ivschat:eu-west-1:111122223333:room/")
    );
    let token: Value = http
        .post(format!("http://{addr}/create_chat_token"))
        .json(&json!({"roomIdentifier": room["arn"], "userId": "u"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!(
            "ws://{addr}/"
        ))
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        token["token"].as_str().unwrap().parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let close = common::closed(&mut ws).await.expect("a close frame");
    assert_eq!(u16::from(close.code), 1001);
    let exit = tokio::time::timeout(
        common::WAIT,
        tokio::task::spawn_blocking(move || child.wait()),
    )
    .await
    .expect("the service did not exit after SIGTERM")
    .unwrap()
    .unwrap();
    assert!(exit.success(), "{exit}");
    assert!(dir.path().join("state.sqlite3").exists());
}

#[test]
fn refuses_a_network_bind_without_credentials() {
    let output = Command::new(env!("CARGO_BIN_EXE_ivs-chat-local"))
        .args(["--bind", "0.0.0.0:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refusing to bind"), "{stderr}");
    assert!(output.stdout.is_empty(), "no ready line");
}

#[test]
fn rejects_malformed_lambda_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_ivs-chat-local"))
        .args(["--bind", "127.0.0.1:0", "--lambda", "no-equals-sign"])
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("ARN=URL"));
}

#[tokio::test]
async fn the_api_rate_limits_flag_turns_the_call_quotas_on() {
    let (mut child, line) = start(&["--in-memory", "--api-rate-limits"]);
    let addr = line.split_whitespace().nth(3).unwrap().to_owned();

    // ListLoggingConfigurations allows 3 calls per second; 20 at once cannot all pass.
    let http = reqwest::Client::new();
    let calls = (0..20).map(|_| {
        http.post(format!("http://{addr}/ListLoggingConfigurations"))
            .json(&json!({}))
            .timeout(common::WAIT)
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(calls)
        .await
        .into_iter()
        .map(|response| response.unwrap().status().as_u16())
        .collect();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(statuses.iter().all(|status| [200, 429].contains(status)));
}

#[test]
fn rejects_unknown_quota_settings() {
    let output = Command::new(env!("CARGO_BIN_EXE_ivs-chat-local"))
        .args(["--bind", "127.0.0.1:0", "--quota", "room=3"])
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("concurrent-connections"), "{stderr}");
}

#[tokio::test]
async fn the_quota_flags_change_the_account_quotas() {
    let (mut child, line) = start(&["--in-memory", "--no-quotas", "--quota", "rooms=1"]);
    let addr = line.split_whitespace().nth(3).unwrap().to_owned();
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let response = http
            .post(format!("http://{addr}/CreateRoom"))
            .json(&json!({}))
            .timeout(common::WAIT)
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(statuses, [200, 402]);
}
