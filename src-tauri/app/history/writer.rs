//! Storing lines: one thread that writes every room's waiting lines in one transaction.
//!
//! Each room's session stores what changed about every [`super::super::session::BATCH_INTERVAL`],
//! on the same beat as the others. Written one room at a time, eleven busy rooms made over a
//! hundred transactions a second, each with its own WAL frames, its own full-text segment and
//! a trip to a blocking thread and back: most of the app's CPU under load. The writer takes
//! whatever is waiting, lets the rest of the beat arrive for a moment, and commits it all at
//! once; each room's lines are a savepoint of their own, so one room's failure is its own.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chatdeck_ipc::model::{Line, LineKind};
use rusqlite::{Connection, params};
use tokio::sync::oneshot;

use super::HistoryError;

/// After the first request, how long the writer waits for others to join the transaction:
/// the sessions' beats line up (see `session::batch_ticks`), so the rest arrive within it.
const GATHER: Duration = Duration::from_millis(2);

/// One room's lines, and where the stored lines (with their positions) go.
struct Request {
    room: String,
    lines: Vec<Line>,
    answer: oneshot::Sender<Result<Vec<Line>, HistoryError>>,
}

/// The way to the writer thread. Cheap to clone; the thread ends with the last clone.
#[derive(Debug, Clone)]
pub(super) struct Writer {
    requests: Sender<Request>,
}

impl Writer {
    /// Starts the writer thread over `connection`.
    pub(super) fn start(connection: Arc<Mutex<Connection>>) -> Result<Self, HistoryError> {
        let (requests, waiting) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("history-writer".into())
            .spawn(move || run(&connection, &waiting))
            .map_err(|error| HistoryError::Task(error.to_string()))?;
        Ok(Self { requests })
    }

    /// Stores `lines` of `room` (inserting new keys, replacing known ones) and returns them
    /// with their positions, once committed.
    pub(super) async fn upsert(
        &self,
        room: String,
        lines: Vec<Line>,
    ) -> Result<Vec<Line>, HistoryError> {
        let (answer, stored) = oneshot::channel();
        let stopped = || HistoryError::Task("the history writer stopped".into());
        self.requests
            .send(Request {
                room,
                lines,
                answer,
            })
            .map_err(|_| stopped())?;
        stored.await.map_err(|_| stopped())?
    }
}

fn run(connection: &Mutex<Connection>, waiting: &Receiver<Request>) {
    while let Ok(first) = waiting.recv() {
        let mut batch = vec![first];
        let gathered_until = Instant::now() + GATHER;
        loop {
            let left = gathered_until.saturating_duration_since(Instant::now());
            match waiting.recv_timeout(left) {
                Ok(request) => batch.push(request),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        let mut connection = connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        write(&mut connection, batch);
    }
}

/// Writes `batch` in one transaction and answers each request.
fn write(connection: &mut Connection, batch: Vec<Request>) {
    let mut transaction = match connection.transaction() {
        Ok(transaction) => transaction,
        Err(error) => return fail_all(batch, &error),
    };
    let mut answers = Vec::with_capacity(batch.len());
    for Request {
        room,
        lines,
        answer,
    } in batch
    {
        let stored = transaction
            .savepoint()
            .map_err(HistoryError::from)
            .and_then(|savepoint| {
                let stored = store(&savepoint, &room, lines)?;
                savepoint.commit()?;
                Ok(stored)
            });
        // A failed savepoint rolls back as it drops; the others' lines stay.
        answers.push((answer, stored));
    }
    match transaction.commit() {
        Ok(()) => {
            for (answer, stored) in answers {
                let _ = answer.send(stored);
            }
        }
        Err(error) => {
            for (answer, _) in answers {
                let _ = answer.send(Err(again(&error).into()));
            }
        }
    }
}

fn fail_all(batch: Vec<Request>, error: &rusqlite::Error) {
    for request in batch {
        let _ = request.answer.send(Err(again(error).into()));
    }
}

/// The same SQLite failure, for each request it failed (rusqlite's errors are not `Clone`).
fn again(error: &rusqlite::Error) -> rusqlite::Error {
    match error {
        rusqlite::Error::SqliteFailure(code, message) => {
            rusqlite::Error::SqliteFailure(*code, message.clone())
        }
        other => rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
            Some(other.to_string()),
        ),
    }
}

/// Upserts `lines` of `room`; them with their positions.
fn store(
    connection: &Connection,
    room: &str,
    mut lines: Vec<Line>,
) -> Result<Vec<Line>, HistoryError> {
    let mut statement = connection.prepare_cached(
        "INSERT INTO lines (room, key, message_id, sender_id, sender_name, kind, content, time_ms, deleted, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (room, key) DO UPDATE SET
            message_id = excluded.message_id, sender_id = excluded.sender_id,
            sender_name = excluded.sender_name, kind = excluded.kind,
            content = excluded.content, time_ms = excluded.time_ms,
            deleted = excluded.deleted, line = excluded.line
         RETURNING position",
    )?;
    for line in &mut lines {
        let json = serde_json::to_string(&line)?;
        let kind = match &line.kind {
            LineKind::Message => "message",
            LineKind::Event { .. } => "event",
            LineKind::Notice => "notice",
            LineKind::Gap { .. } => "gap",
        };
        line.position = statement.query_row(
            params![
                room,
                line.key.as_str(),
                line.message_id,
                line.sender.as_ref().map(|sender| &sender.user_id),
                line.sender.as_ref().map(|sender| &sender.display_name),
                kind,
                line.content,
                line.time_ms,
                line.deleted.is_some(),
                json,
            ],
            |row| row.get(0),
        )?;
    }
    Ok(lines)
}
