//! The history survives a crash: the app is killed with SIGKILL while a busy room is being
//! written; on restart the history database opens, passes `PRAGMA integrity_check`, and holds
//! every line that was shown up to the last committed batch.
//!
//! The app that gets killed is a child process: this test binary run again with
//! `CHATDECK_CRASH_CHILD_DIR` set, so no window is needed. The child opens a room of its local
//! service, lets five other clients and itself talk in it at 50 messages a second, and prints
//! every line the UI is shown (a `Lines` event goes out only after its batch is committed).
//! The parent reads those lines, kills the child mid-traffic, and checks the database.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use chatdeck::app::{App, Environment, EventSink};
use chatdeck_ipc::UiEvent;
use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, Endpoint, Room};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use ivs_chat_protocol::{Attributes, Capability};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

/// Set in the child: the data directory of the app to run and be killed.
const CHILD_DIR: &str = "CHATDECK_CRASH_CHILD_DIR";
/// This test's name, to run only it in the child.
const NAME: &str = "history_survives_kill_9_while_a_busy_room_is_written";
/// Lines shown before the kill (then a few more arrive while the kill is on its way).
const SHOWN_BEFORE_KILL: usize = 300;
/// Bound on the whole test.
const LIMIT: Duration = Duration::from_secs(120);
/// Other clients talking in the room, each at 9 messages a second (under the 10 requests
/// per second one connection may make).
const TALKERS: usize = 5;

fn app_config(dir: &std::path::Path) -> Environment {
    let mut config = Environment::new(dir.to_path_buf());
    config.keychain_service = format!("chatdeck-crash-test-{}", std::process::id());
    config.first_run_demo = false;
    config.demo_audience = false;
    config
}

#[tokio::test(flavor = "multi_thread")]
async fn history_survives_kill_9_while_a_busy_room_is_written() {
    match std::env::var_os(CHILD_DIR) {
        Some(dir) => child(std::path::PathBuf::from(dir)).await,
        None => tokio::time::timeout(LIMIT, parent())
            .await
            .expect("the crash test finished in time"),
    }
}

/// The child's line naming its room.
const ROOM: &str = "crash-test-room ";
/// The child's line for each line shown.
const SHOWN: &str = "crash-test-shown ";

/// Prints every shown line's message id, after its batch was committed.
#[derive(Debug)]
struct PrintShown;

impl EventSink for PrintShown {
    fn deliver(&self, event: UiEvent) {
        let event = serde_json::to_value(&event).unwrap_or_default();
        let body = &event["body"];
        if body["type"] != "lines" {
            return;
        }
        let mut out = std::io::stdout().lock();
        for line in body["lines"].as_array().into_iter().flatten() {
            if let Some(id) = line["message_id"].as_str() {
                let _ = writeln!(out, "{SHOWN}{id}");
            }
        }
        let _ = out.flush();
    }
}

/// The app to be killed: a busy room, written to its history, until SIGKILL.
async fn child(dir: std::path::PathBuf) {
    let app = App::start(app_config(&dir), Arc::new(PrintShown))
        .await
        .expect("the app starts");
    let http = app.local().http_endpoint();
    let room: Value = reqwest::Client::new()
        .post(format!("{http}/CreateRoom"))
        .json(&json!({"name": "busy", "maximumMessageRatePerSecond": 100}))
        .send()
        .await
        .expect("CreateRoom")
        .json()
        .await
        .expect("a room");
    let arn = room["arn"].as_str().expect("an ARN").to_owned();
    let tab = chatdeck::app::dispatch(
        &app,
        "open_tab",
        json!({"profile_id": "local", "room_arn": arn}),
    )
    .await
    .expect("open_tab");
    println!("\n{ROOM}{arn}");
    let endpoint = Endpoint::parse(app.local().messaging_endpoint()).expect("endpoint");
    for talker in 0..TALKERS {
        let tokens = HttpTokenProvider::new(
            format!("{http}/create_chat_token"),
            CreateChatTokenRequest {
                room_identifier: Some(arn.clone()),
                user_id: Some(format!("talker{talker}")),
                capabilities: Some(vec![Capability::SendMessage]),
                ..Default::default()
            },
        );
        let (room, mut updates, actor) = Room::new(Config::new(endpoint.clone(), Arc::new(tokens)));
        tokio::spawn(actor);
        // Updates are drained so the client never backs up; only the app's view matters.
        tokio::spawn(async move { while updates.recv().await.is_some() {} });
        room.connect().await.expect("connect");
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_millis(111));
            for n in 0u64.. {
                ticker.tick().await;
                // Refused sends (not yet connected) are fine: the traffic is what matters.
                let _ = room
                    .send_message(format!("talker {talker} line {n}"), Attributes::new())
                    .await;
            }
        });
    }
    // The app's own messages too: pending lines, then their confirmations, rewritten rows.
    let tab_id = tab["id"].clone();
    for n in 0u64.. {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = chatdeck::app::dispatch(
            &app,
            "send_message",
            json!({"tab_id": tab_id, "content": format!("own line {n}")}),
        )
        .await;
        if n > 600 {
            // The parent is gone; do not linger.
            std::process::exit(3);
        }
    }
}

async fn parent() {
    let dir = tempfile::tempdir().expect("dir");
    let mut child = tokio::process::Command::new(std::env::current_exe().expect("this test"))
        .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the child app starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut room = None;
    let mut shown: BTreeMap<String, usize> = BTreeMap::new();
    let mut killed = false;
    while let Some(line) = lines.next_line().await.expect("the child's output") {
        // libtest may print its own words ahead of a line: the markers are searched for.
        if let Some(at) = line.find(ROOM) {
            room = Some(line[at + ROOM.len()..].to_owned());
        } else if let Some(at) = line.find(SHOWN) {
            let id = &line[at + SHOWN.len()..];
            let count = shown.len();
            *shown.entry(id.to_owned()).or_default() += 1;
            if !killed && count >= SHOWN_BEFORE_KILL {
                // SIGKILL: no shutdown, no flush, no checkpoint. Lines already in the pipe
                // were shown before it, and are read below.
                child.start_kill().expect("kill -9");
                killed = true;
            }
        }
    }
    let status = child.wait().await.expect("the child ended");
    assert!(killed, "the child ended before the kill: {status}");
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9),
        "killed by SIGKILL"
    );
    let room = room.expect("the child opened a room");

    let database = dir.path().join("history.sqlite3");
    let verdict: String = rusqlite::Connection::open(&database)
        .expect("the history database opens")
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity_check runs");
    assert_eq!(verdict, "ok");

    // The app starts again on the same data, and its history holds every line shown.
    let app = App::start(app_config(dir.path()), Arc::new(Discard))
        .await
        .expect("the app starts again after the crash");
    let mut missing = Vec::new();
    for id in shown.keys() {
        let stored = app
            .history()
            .by_message_id(&room, id)
            .await
            .expect("the history answers");
        if stored.is_none() {
            missing.push(id.clone());
        }
    }
    app.shutdown().await;
    assert!(
        missing.is_empty(),
        "{} of {} shown lines are not in the history after the crash: {:?}",
        missing.len(),
        shown.len(),
        &missing[..missing.len().min(5)]
    );
    println!(
        "{} lines shown before SIGKILL, all in the history after restart; integrity_check ok",
        shown.len()
    );
}

/// Events of the restarted app are not needed.
#[derive(Debug)]
struct Discard;

impl EventSink for Discard {
    fn deliver(&self, _event: UiEvent) {}
}
