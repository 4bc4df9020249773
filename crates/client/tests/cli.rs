//! The `ivs-chat` binary against `ivs-chat-local`: its fixed stdin / stdout / exit-code contract.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::Local;
use common::process::{JsonProcess, ivs_chat, ivs_chat_binary};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

fn of_type<'a>(lines: &'a [Value], kind: &str) -> Vec<&'a Value> {
    lines.iter().filter(|v| v["type"] == kind).collect()
}

/// Runs the binary with `input` on stdin (then EOF); returns (status, stdout lines, stderr).
async fn run(
    mut command: tokio::process::Command,
    input: &str,
) -> (std::process::ExitStatus, Vec<Value>, String) {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).await.unwrap();
    drop(stdin);
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let lines = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    (
        output.status,
        lines,
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test]
async fn eof_waits_for_every_request_then_disconnects_and_exits_zero() {
    let local = Local::start(Default::default()).await;
    let room = local.create_room(json!({})).await;
    let mut reader = JsonProcess::spawn(
        "reader",
        ivs_chat(&local.http(), &local.ws(), &room, "reader", &[], &[]),
    );
    reader
        .expect("connected", |v| v["state"] == "connected")
        .await;
    let command = ivs_chat(
        &local.http(),
        &local.ws(),
        &room,
        "writer",
        &["SEND_MESSAGE"],
        &[
            "--attribute",
            "displayName=Writer",
            "--session-minutes",
            "5",
            "--request-timeout-ms",
            "5000",
        ],
    );
    let input = "plain text line\n{\"send\":\"json line\",\"attributes\":{\"k\":\"v\"}}\n\n42\n";
    let (status, lines, stderr) = run(command, input).await;
    assert!(status.success(), "{status:?} {stderr}");
    let states: Vec<_> = of_type(&lines, "state")
        .iter()
        .map(|v| v["state"].clone())
        .collect();
    assert_eq!(
        states,
        vec![
            json!("connecting"),
            json!("connected"),
            json!("disconnected")
        ]
    );
    assert_eq!(lines.last().unwrap()["reason"], "clientDisconnect");
    let requests = of_type(&lines, "request");
    let confirmed: Vec<_> = requests
        .iter()
        .filter(|v| v["status"] == "confirmed")
        .collect();
    assert_eq!(
        confirmed.len(),
        3,
        "every request settled before the exit: {lines:#?}"
    );
    assert!(
        requests
            .iter()
            .all(|v| v["action"] == "send" && v["requestId"].is_string())
    );
    let messages = of_type(&lines, "message");
    let contents: Vec<_> = messages.iter().map(|v| v["content"].clone()).collect();
    assert_eq!(
        contents,
        vec![json!("plain text line"), json!("json line"), json!("42")]
    );
    let message = messages[1];
    assert_eq!(message["attributes"], json!({"k": "v"}));
    assert_eq!(
        message["sender"],
        json!({"userId": "writer", "attributes": {"displayName": "Writer"}})
    );
    assert!(
        message["id"].is_string()
            && message["sendTime"].is_string()
            && message["requestId"].is_string()
    );
    for content in ["plain text line", "json line", "42"] {
        reader
            .expect(content, |v| {
                v["type"] == "message" && v["content"] == content
            })
            .await;
    }
}

#[tokio::test]
async fn bad_input_is_reported_on_one_line() {
    let local = Local::start(Default::default()).await;
    let room = local.create_room(json!({})).await;

    // A malformed command object is refused on stderr; the run goes on, and the exit says so.
    let command = ivs_chat(
        &local.http(),
        &local.ws(),
        &room,
        "u",
        &["SEND_MESSAGE"],
        &[],
    );
    let (status, lines, stderr) =
        run(command, "{\"send\":5}\n{\"sned\":\"x\"}\nstill sent\n").await;
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("ignoring an input line"))
            .count(),
        2,
        "{stderr}"
    );
    assert_eq!(of_type(&lines, "message").len(), 1);

    // A request the service refuses is a failed request, with its code.
    let command = ivs_chat(&local.http(), &local.ws(), &room, "viewer", &[], &[]);
    let (status, lines, _) = run(command, "hello\n").await;
    assert!(status.success());
    let failed = of_type(&lines, "request")
        .into_iter()
        .find(|v| v["status"] == "failed")
        .cloned()
        .unwrap();
    assert_eq!(failed["error"]["code"], 403);
    assert!(failed["error"]["message"].is_string());

    // An unreachable endpoint: a one-line error and a non-zero exit.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("ws://{}", closed.local_addr().unwrap());
    drop(closed);
    let command = ivs_chat(
        &local.http(),
        &dead,
        &room,
        "u",
        &[],
        &["--max-reconnect-attempts", "1"],
    );
    let (status, lines, stderr) = run(command, "").await;
    assert_eq!(status.code(), Some(1));
    assert_eq!(lines.last().unwrap()["reason"], "socketError");
    let errors: Vec<_> = stderr
        .lines()
        .filter(|l| l.starts_with("ivs-chat: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("cannot connect"), "{stderr}");

    // Unknown flags and bad values.
    for extra in [
        &["--bogus"][..],
        &["--capability", "VIEW_MESSAGE"],
        &["--session-minutes", "0"],
    ] {
        let command = ivs_chat(&local.http(), &local.ws(), &room, "u", &[], extra);
        let (status, lines, stderr) = run(command, "").await;
        assert_eq!(status.code(), Some(2), "{extra:?}");
        assert!(lines.is_empty());
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "one line for {extra:?}: {stderr}"
        );
    }
    let mut command = ivs_chat_binary();
    command.args([
        "--endpoint",
        "not a region",
        "--token-url",
        "http://127.0.0.1:1",
        "--room",
        &room,
        "--user",
        "u",
    ]);
    let (status, _, stderr) = run(command, "").await;
    assert_eq!(status.code(), Some(1));
    assert!(stderr.contains("invalid endpoint"), "{stderr}");
}

#[tokio::test]
async fn aws_mode_mints_tokens_through_the_control_plane() {
    let local = Local::start(Default::default()).await;
    let room = local.create_room(json!({})).await;
    let mut command = ivs_chat_binary();
    command
        .args([
            "--endpoint",
            &local.ws(),
            "--aws",
            "--control-endpoint",
            &local.http(),
        ])
        .args([
            "--room",
            &room,
            "--user",
            "aws-user",
            "--capability",
            "SEND_MESSAGE",
        ])
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        )
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    let (status, lines, stderr) = run(command, "via the control plane\n").await;
    assert!(status.success(), "{stderr}");
    let message = of_type(&lines, "message")[0].clone();
    assert_eq!(message["content"], "via the control plane");
    assert_eq!(message["sender"]["userId"], "aws-user");
    assert!(!stderr.contains("wJalrXUtnFEMI"), "no secret in the logs");
}
