//! A room's recent chatters from the history over real SQLite: each sender of the room's
//! newest messages once, newest first, with their newest name and badges and their count;
//! other rooms, events and notices do not count, and only the newest messages are looked at.

use chatdeck::app::history::History;
use chatdeck_ipc::chatters::RECENT_MESSAGES;
use chatdeck_ipc::model::{Badge, Line, LineKey, LineKind, SendState, Sender};

fn line(key: &str, user_id: &str, name: &str, kind: LineKind, time_ms: i64) -> Line {
    Line {
        key: LineKey::new(key),
        position: 0,
        message_id: Some(format!("id-{key}")),
        kind,
        sender: Some(Sender {
            user_id: user_id.into(),
            display_name: name.into(),
            avatar_url: None,
            badges: if user_id == "maya" {
                vec![Badge::Moderator]
            } else {
                Vec::new()
            },
            color: None,
        }),
        content: format!("text {key}"),
        attributes: Vec::new(),
        time_ms,
        own: false,
        send: SendState::Confirmed,
        deleted: None,
        history: false,
        filtered: None,
    }
}

fn message(key: &str, user_id: &str, name: &str, time_ms: i64) -> Line {
    line(key, user_id, name, LineKind::Message, time_ms)
}

#[tokio::test]
async fn chatters_are_the_rooms_recent_senders_newest_first_once_each() {
    let dir = tempfile::tempdir().expect("dir");
    let history = History::open(&dir.path().join("history.sqlite3")).expect("open");
    history
        .upsert(
            "stage",
            vec![
                message("1", "maya", "Maya", 1_000),
                message("2", "theo", "Theo", 2_000),
                message("3", "maya", "Maya (away)", 3_000),
                line(
                    "4",
                    "jun",
                    "Jun",
                    LineKind::Event {
                        name: "app:WAVE".into(),
                    },
                    4_000,
                ),
            ],
        )
        .await
        .expect("store");
    history
        .upsert("lobby", vec![message("1", "priya", "Priya", 5_000)])
        .await
        .expect("store");

    let chatters = history
        .recent_chatters("stage", 10)
        .await
        .expect("chatters");
    let seen: Vec<(&str, &str, i64, u32)> = chatters
        .iter()
        .map(|chatter| {
            (
                chatter.sender.user_id.as_str(),
                chatter.sender.display_name.as_str(),
                chatter.last_ms,
                chatter.messages,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("maya", "Maya (away)", 3_000, 2),
            ("theo", "Theo", 2_000, 1)
        ]
    );
    assert_eq!(chatters[0].sender.badges, vec![Badge::Moderator]);
    assert_eq!(
        history
            .recent_chatters("stage", 1)
            .await
            .expect("chatters")
            .len(),
        1
    );
    assert!(
        history
            .recent_chatters("empty", 10)
            .await
            .expect("chatters")
            .is_empty()
    );
}

#[tokio::test]
async fn only_the_newest_messages_are_looked_at() {
    let dir = tempfile::tempdir().expect("dir");
    let history = History::open(&dir.path().join("history.sqlite3")).expect("open");
    let mut lines = vec![message("early", "early-bird", "Early", 0)];
    lines.extend(
        (0..RECENT_MESSAGES).map(|n| message(&format!("m{n}"), "busy", "Busy", 1 + i64::from(n))),
    );
    history.upsert("stage", lines).await.expect("store");
    let chatters = history
        .recent_chatters("stage", 10)
        .await
        .expect("chatters");
    let ids: Vec<&str> = chatters
        .iter()
        .map(|chatter| chatter.sender.user_id.as_str())
        .collect();
    assert_eq!(ids, ["busy"]);
    assert_eq!(chatters[0].messages, RECENT_MESSAGES);
}
