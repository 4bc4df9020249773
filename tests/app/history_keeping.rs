//! The history over real SQLite across versions and limits: a database written by an earlier
//! version (or before versioning) opens with its lines intact, a newer one is refused in words
//! and left untouched, retention removes by age and by size, and clearing a room or every room
//! empties the lines and the full-text index.

use std::path::Path;

use chatdeck::app::history::schema::{self, Migration};
use chatdeck::app::history::{History, HistoryError, Keep};
use chatdeck_ipc::command::{ClearHistory, GetSettings, SaveSettings};
use chatdeck_ipc::model::{Line, LineKey, LineKind, ModerationEntry, SendState, Sender};
use chatdeck_ipc::settings::HistoryRetention;

use super::*;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn line(key: &str, content: &str, time_ms: i64) -> Line {
    Line {
        key: LineKey::new(key),
        position: 0,
        message_id: Some(format!("id-{key}")),
        kind: LineKind::Message,
        sender: Some(Sender {
            user_id: "viewer".into(),
            display_name: "Viewer".into(),
            avatar_url: None,
            badges: Vec::new(),
            color: None,
        }),
        content: content.into(),
        attributes: Vec::new(),
        time_ms,
        own: false,
        send: SendState::Confirmed,
        deleted: None,
        history: false,
        filtered: None,
    }
}

fn contents(lines: &[Line]) -> Vec<&str> {
    lines.iter().map(|line| line.content.as_str()).collect()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn user_version(path: &Path) -> u32 {
    rusqlite::Connection::open(path)
        .and_then(|c| c.query_row("PRAGMA user_version", [], |row| row.get(0)))
        .expect("user_version")
}

/// Writes a room's lines with the first `version` migrations only, as that build did.
async fn written_by_version(path: &Path, version: usize) -> Vec<Line> {
    let history = History::open_with(path, &schema::MIGRATIONS[..version]).expect("open");
    let stored = history
        .upsert(
            "room-a",
            vec![
                line("1", "first words", now_ms() - 1000),
                line("2", "second words", now_ms()),
            ],
        )
        .await
        .expect("upsert");
    history
        .add_moderation(
            "room-a",
            vec![ModerationEntry {
                time_ms: now_ms(),
                text: "deleted a message".into(),
            }],
        )
        .await
        .expect("moderation");
    stored
}

/// Waits until every connection to the database at `path` has closed. The last one to close
/// folds the write-ahead log into the file and deletes the log; the store's writer thread
/// closes its connection a moment after the store is dropped, so until then the file's bytes
/// can still change.
async fn settled(path: &Path) {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    let log = std::path::PathBuf::from(log);
    tokio::time::timeout(super::support::fixture::WAIT, async {
        while log.exists() {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the history store's connections closed in time");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_of_an_earlier_version_opens_with_its_lines_intact() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("history.sqlite3");
    let latest = schema::latest(schema::MIGRATIONS);
    assert!(latest >= 2, "this build has a migration beyond version 1");
    let stored = written_by_version(&path, 1).await;
    assert_eq!(user_version(&path), 1);

    let history = History::open(&path).expect("open with this build");
    assert_eq!(user_version(&path), latest);
    assert_eq!(history.latest("room-a", 10).await.expect("read"), stored);
    assert_eq!(
        history.count_matching("room-a", "words").await.ok(),
        Some(2)
    );
    assert_eq!(
        history.moderation("room-a", 10).await.expect("log").len(),
        1
    );
    history.check_integrity().await.expect("intact");
    drop(history);

    // And a migration still to come (a test-only one) keeps them too, in its own step.
    let mut migrations: Vec<Migration> = schema::MIGRATIONS.to_vec();
    migrations.push(Migration {
        version: latest + 1,
        about: "a column a later version might add",
        sql: "ALTER TABLE lines ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;",
    });
    let history = History::open_with(&path, &migrations).expect("open with the next version");
    assert_eq!(user_version(&path), latest + 1);
    assert_eq!(history.latest("room-a", 10).await.expect("read"), stored);
    history.check_integrity().await.expect("intact");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_before_versioning_is_recognised_as_version_one() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("history.sqlite3");
    let stored = written_by_version(&path, 1).await;
    // Before versioning the tables were the same and user_version was never set.
    rusqlite::Connection::open(&path)
        .and_then(|c| c.pragma_update(None, "user_version", 0))
        .expect("unversioned");

    let history = History::open(&path).expect("open");
    assert_eq!(user_version(&path), schema::latest(schema::MIGRATIONS));
    assert_eq!(history.latest("room-a", 10).await.expect("read"), stored);
    history.check_integrity().await.expect("intact");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_of_a_newer_version_is_refused_in_words_and_left_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("history.sqlite3");
    let stored = written_by_version(&path, schema::MIGRATIONS.len()).await;
    let newer = schema::latest(schema::MIGRATIONS) + 7;
    rusqlite::Connection::open(&path)
        .and_then(|c| c.pragma_update(None, "user_version", newer))
        .expect("newer");
    settled(&path).await;
    let before = std::fs::read(&path).expect("bytes");

    let error = History::open(&path).expect_err("refused");
    assert!(matches!(error, HistoryError::TooNew { found, .. } if found == newer));
    let words = error.to_string();
    assert!(words.contains("written by a newer Chatdeck"), "{words}");
    assert!(
        words.contains(&format!("history version {newer}")),
        "{words}"
    );
    assert!(words.contains("left untouched"), "{words}");
    assert_eq!(std::fs::read(&path).expect("bytes"), before);

    // The app refuses to start on it with the same words, and the lines are still there.
    let app_dir = tempfile::tempdir().expect("app dir");
    std::fs::copy(&path, app_dir.path().join("history.sqlite3")).expect("copy");
    let refused = App::start(config(&app_dir), Arc::new(Recorder::default()))
        .await
        .expect_err("the app refuses a newer history");
    assert!(refused.to_string().contains("written by a newer Chatdeck"));
    let lines: i64 = rusqlite::Connection::open(&path)
        .and_then(|c| c.query_row("SELECT count(*) FROM lines", [], |row| row.get(0)))
        .expect("count");
    assert_eq!(lines as usize, stored.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_by_age_applies_when_the_setting_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, _events) = start(&dir).await;
    let history = app.history();
    let now = now_ms();
    history
        .upsert(
            "room-a",
            vec![
                line("old", "ancient walrus", now - 40 * DAY_MS),
                line("week", "recent otter", now - 6 * DAY_MS),
                line("new", "fresh heron", now),
            ],
        )
        .await
        .expect("upsert");
    history
        .add_moderation(
            "room-a",
            vec![ModerationEntry {
                time_ms: now - 40 * DAY_MS,
                text: "old kick".into(),
            }],
        )
        .await
        .expect("moderation");
    // Everything is kept by default.
    assert_eq!(
        app.settings()
            .get_settings(GetSettings {})
            .await
            .expect("settings")
            .history,
        HistoryRetention::default()
    );
    assert_eq!(app.retention().apply_now().await.expect("apply").lines, 0);

    let mut settings = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    settings.history.keep_days = 30;
    app.settings()
        .save_settings(SaveSettings { settings })
        .await
        .expect("save");
    let deadline = tokio::time::Instant::now() + support::fixture::WAIT;
    loop {
        let lines = history.latest("room-a", 10).await.expect("read");
        if contents(&lines) == ["recent otter", "fresh heron"] {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "still {lines:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        history
            .moderation("room-a", 10)
            .await
            .expect("log")
            .is_empty()
    );
    assert_eq!(history.index_matches("walrus").await.ok(), Some(0));
    assert_eq!(history.index_matches("otter").await.ok(), Some(1));
    history.check_integrity().await.expect("intact");
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_by_size_removes_the_oldest_lines_until_the_history_fits() {
    let dir = tempfile::tempdir().expect("dir");
    let history = History::open(&dir.path().join("history.sqlite3")).expect("open");
    let now = now_ms();
    for batch in 0..8 {
        let lines = (0..500)
            .map(|n| {
                let number = batch * 500 + n;
                let words = format!("line{number} {}", "chatter ".repeat(60));
                line(&number.to_string(), &words, now - 10_000 + number)
            })
            .collect();
        let room = if batch % 2 == 0 { "room-a" } else { "room-b" };
        history.upsert(room, lines).await.expect("upsert");
    }
    let before = history.used_bytes().await.expect("size");
    const LIMIT: u64 = 1024 * 1024;
    assert!(before > 2 * LIMIT, "the history holds {before} bytes");

    let keep = Keep {
        age_ms: None,
        bytes: Some(LIMIT),
    };
    let removed = history.apply_retention(keep, now).await.expect("retention");
    let after = history.used_bytes().await.expect("size");
    assert!(after <= LIMIT, "{after} bytes after removing {removed:?}");
    assert!(removed.lines > 0 && removed.lines < 4000, "{removed:?}");
    // The oldest went, the newest stayed.
    assert_eq!(history.index_matches("line0").await.ok(), Some(0));
    let newest = history.latest("room-b", 1).await.expect("read");
    assert!(newest[0].content.starts_with("line3999 "));
    history.check_integrity().await.expect("intact");
}

#[tokio::test(flavor = "multi_thread")]
async fn clearing_a_room_or_every_room_empties_lines_log_and_index() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, events) = start(&dir).await;
    let history = app.history();
    let now = now_ms();
    for (room, word) in [("room-a", "aardvark"), ("room-b", "bison")] {
        history
            .upsert(
                room,
                vec![
                    line("1", word, now),
                    line("2", &format!("{word} again"), now),
                ],
            )
            .await
            .expect("upsert");
        history
            .add_moderation(
                room,
                vec![ModerationEntry {
                    time_ms: now,
                    text: "kick".into(),
                }],
            )
            .await
            .expect("log");
    }

    let cleared = app
        .retention()
        .clear_history(ClearHistory {
            room_arn: Some("room-a".into()),
        })
        .await
        .expect("clear room-a");
    assert_eq!((cleared.lines, cleared.moderation), (2, 1));
    events
        .until(|body| match body {
            UiEventBody::HistoryCleared { room_arn } if room_arn.as_deref() == Some("room-a") => {
                Some(())
            }
            _ => None,
        })
        .await;
    assert!(history.latest("room-a", 10).await.expect("read").is_empty());
    assert!(
        history
            .moderation("room-a", 10)
            .await
            .expect("log")
            .is_empty()
    );
    assert_eq!(history.index_matches("aardvark").await.ok(), Some(0));
    assert_eq!(
        contents(&history.latest("room-b", 10).await.expect("read")),
        ["bison", "bison again"]
    );
    assert_eq!(history.index_matches("bison").await.ok(), Some(2));

    let cleared = app
        .retention()
        .clear_history(ClearHistory { room_arn: None })
        .await
        .expect("clear all");
    assert_eq!((cleared.lines, cleared.moderation), (2, 1));
    events
        .until(|body| match body {
            UiEventBody::HistoryCleared { room_arn: None } => Some(()),
            _ => None,
        })
        .await;
    assert!(history.latest("room-b", 10).await.expect("read").is_empty());
    assert_eq!(history.index_matches("bison").await.ok(), Some(0));
    history.check_integrity().await.expect("intact");
}
