//! The `ivs-chat` binary while the service is away: lines typed then wait in its outbox, and
//! go out, in order, once it has reconnected by itself.

#![allow(clippy::unwrap_used)]

mod common;

use common::Local;
use common::process::{JsonProcess, ivs_chat};
use serde_json::json;

#[tokio::test]
async fn lines_typed_while_the_service_is_down_are_sent_after_it_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut local = Local::persistent(dir.path().to_owned()).await;
    let room = local.create_room(json!({})).await;
    let mut writer = JsonProcess::spawn(
        "writer",
        ivs_chat(
            &local.http(),
            &local.ws(),
            &room,
            "writer",
            &["SEND_MESSAGE"],
            &["--max-reconnect-attempts", "50"],
        ),
    );
    writer
        .expect("connected", |v| v["state"] == "connected")
        .await;

    local.stop().await;
    writer
        .expect("the lost connection", |v| {
            v["type"] == "state" && v["state"] == "connecting" && v["reason"] == "serverGoingAway"
        })
        .await;
    for n in 0..3 {
        writer.send(&format!("offline {n}")).await;
    }
    local.restart().await;
    // At EOF the binary waits for every request to settle, then exits.
    writer.close_stdin();
    let lines = writer.rest().await;
    assert!(writer.wait().await.success());
    let settled: Vec<_> = lines
        .iter()
        .filter(|v| v["type"] == "request" && v["action"] == "send" && v["status"] != "pending")
        .collect();
    assert_eq!(settled.len(), 3, "{lines:#?}");
    assert!(
        settled.iter().all(|v| v["status"] == "confirmed"),
        "{settled:#?}"
    );
    // The service delivered them back to the room, the writer included, in the order typed.
    let delivered: Vec<&str> = lines
        .iter()
        .filter(|v| v["type"] == "message")
        .filter_map(|v| v["content"].as_str())
        .collect();
    assert_eq!(delivered, ["offline 0", "offline 1", "offline 2"]);
    local.stop().await;
}
