//! Rooms storing lines at the same moment, over real SQLite: each gets its own lines back
//! with their positions, in order, and a room whose lines cannot be stored fails alone,
//! losing nothing of the others stored with it.

use chatdeck::app::history::{History, HistoryError};
use chatdeck_ipc::model::{Line, LineKey, LineKind, SendState};

fn notice(key: &str) -> Line {
    Line {
        key: LineKey::new(key),
        position: 0,
        message_id: None,
        kind: LineKind::Notice,
        sender: None,
        content: format!("text {key}"),
        attributes: Vec::new(),
        time_ms: 1_000,
        own: false,
        send: SendState::Confirmed,
        deleted: None,
        history: false,
        filtered: None,
    }
}

fn lines(room: &str, count: usize) -> Vec<Line> {
    (0..count).map(|n| notice(&format!("{room}-{n}"))).collect()
}

#[tokio::test]
async fn rooms_storing_at_once_each_get_their_lines_and_a_failing_room_fails_alone() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("history.sqlite3");
    let history = History::open(&path).expect("open");
    // Another connection makes one room's lines unstorable, as a full disk or a damaged
    // index would for a room's writes.
    rusqlite::Connection::open(&path)
        .expect("a second connection")
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON lines WHEN NEW.room = 'broken'
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
        )
        .expect("the trigger");

    let rooms: Vec<String> = (0..20).map(|n| format!("room-{n}")).collect();
    let stores = rooms
        .iter()
        .map(|room| history.upsert(room, lines(room, 10)));
    let (stored, broken) = tokio::join!(
        futures_util::future::join_all(stores),
        history.upsert("broken", lines("broken", 3)),
    );

    match broken {
        Err(HistoryError::Sqlite(error)) => assert!(
            error.to_string().contains("refused for the test"),
            "{error}"
        ),
        other => panic!("the broken room's lines were not refused: {other:?}"),
    }
    for (room, stored) in rooms.iter().zip(stored) {
        let stored = stored.unwrap_or_else(|error| panic!("{room}: {error}"));
        let keys: Vec<&str> = stored.iter().map(|line| line.key.as_str()).collect();
        let expected: Vec<String> = (0..10).map(|n| format!("{room}-{n}")).collect();
        assert_eq!(keys, expected, "{room}: its own lines, in order");
        assert!(
            stored
                .windows(2)
                .all(|pair| pair[0].position < pair[1].position),
            "{room}: positions in the order sent"
        );
        let kept = history.latest(room, 100).await.expect("read back");
        assert_eq!(kept.len(), 10, "{room}: all kept");
    }
    let broken_kept = history.latest("broken", 100).await.expect("read back");
    assert!(broken_kept.is_empty(), "nothing of the refused room");
}
