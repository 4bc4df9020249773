//! The local history: every line and moderation entry of every open room, in SQLite.
//!
//! One row per line, keyed by `(room, key)` so a local echo and its confirmation are the same
//! row; `position` (the rowid) orders a room's lines. The full view is kept as JSON beside
//! the columns that queries need. `lines_fts` (FTS5, kept in step by triggers) indexes
//! content and sender names for full-text search.
//!
//! rusqlite is blocking: every read runs on tokio's blocking pool, never on a runtime thread,
//! and lines are stored by the [`writer`] thread.

mod chatters;
mod full_text;
mod keeping;
mod mentions;
pub mod schema;
mod writer;

pub use full_text::{Around, Found, Query};
pub use keeping::{Keep, Removed};
use writer::Writer;

use std::path::Path;
use std::sync::{Arc, Mutex};

use chatdeck_ipc::model::{Line, LineKey, ModerationEntry};
use rusqlite::{Connection, OptionalExtension, params};

/// Why the history store failed.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// SQLite failed.
    #[error("history database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored line could not be read back.
    #[error("history database holds an unreadable line: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// The blocking task died.
    #[error("history task failed: {0}")]
    Task(String),
    /// The database was written by a newer Chatdeck: it is left as it is, unread.
    #[error(
        "the history database {path} was written by a newer Chatdeck (history version {found}; \
         this Chatdeck reads up to version {supported}); it was left untouched: update \
         Chatdeck, or move the file away to start a new history"
    )]
    TooNew {
        /// The database file.
        path: String,
        /// Its schema version.
        found: u32,
        /// The newest this build knows.
        supported: u32,
    },
}

impl HistoryError {
    /// The failure in words; SQLite's and the system's own messages are said as they came.
    pub fn words(&self) -> chatdeck_l10n::Words {
        use chatdeck_l10n::Words;
        match self {
            HistoryError::Sqlite(error) => {
                Words::new("shell-error-history").with("error", error.to_string())
            }
            HistoryError::Corrupt(error) => {
                Words::new("shell-error-history-unreadable").with("error", error.to_string())
            }
            HistoryError::Task(error) => {
                Words::new("shell-error-history-task").with("error", error.as_str())
            }
            // Versions as digits, as the English has always written them.
            HistoryError::TooNew {
                path,
                found,
                supported,
            } => Words::new("shell-error-history-too-new")
                .with("path", path.as_str())
                .with("found", found.to_string())
                .with("supported", supported.to_string()),
        }
    }
}

/// The history database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct History {
    /// A std Mutex: held only inside blocking tasks and the writer thread, never across an
    /// `.await`.
    connection: Arc<Mutex<Connection>>,
    /// Stores lines.
    writer: Writer,
}

impl History {
    /// Opens (or creates) the database at `path`, bringing its schema up to this version
    /// (see [`schema`]); refuses one written by a newer version.
    pub fn open(path: &Path) -> Result<Self, HistoryError> {
        Self::open_with(path, schema::MIGRATIONS)
    }

    /// Opens the database at `path` with these migrations: [`History::open`] with this
    /// build's; tests write a database as an earlier build did, or add a migration to come.
    pub fn open_with(path: &Path, migrations: &[schema::Migration]) -> Result<Self, HistoryError> {
        let mut connection = Connection::open(path)?;
        connection.execute_batch(schema::CONNECTION)?;
        schema::migrate(&mut connection, migrations).map_err(|error| match error {
            HistoryError::TooNew {
                found, supported, ..
            } => HistoryError::TooNew {
                path: path.display().to_string(),
                found,
                supported,
            },
            other => other,
        })?;
        let connection = Arc::new(Mutex::new(connection));
        Ok(Self {
            writer: Writer::start(connection.clone())?,
            connection,
        })
    }

    async fn call<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, HistoryError> + Send + 'static,
    ) -> Result<T, HistoryError> {
        let connection = self.connection.clone();
        tokio::task::spawn_blocking(move || {
            let mut connection = connection
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut connection)
        })
        .await
        .map_err(|error| HistoryError::Task(error.to_string()))?
    }

    /// Stores `lines` of `room` (inserting new keys, replacing known ones) and returns them
    /// with their positions; in one transaction with whatever other rooms are storing at the
    /// same moment (see [`writer`]).
    pub async fn upsert(&self, room: &str, lines: Vec<Line>) -> Result<Vec<Line>, HistoryError> {
        self.writer.upsert(room.to_owned(), lines).await
    }

    /// The newest `limit` lines of `room`, oldest first.
    pub async fn latest(&self, room: &str, limit: u32) -> Result<Vec<Line>, HistoryError> {
        self.query(
            "SELECT position, line FROM lines WHERE room = ?1 ORDER BY position DESC LIMIT ?2",
            room.to_owned(),
            None,
            limit,
        )
        .await
    }

    /// Up to `limit` lines of `room` older than `position`, oldest first.
    pub async fn before(
        &self,
        room: &str,
        position: i64,
        limit: u32,
    ) -> Result<Vec<Line>, HistoryError> {
        self.query(
            "SELECT position, line FROM lines WHERE room = ?1 AND position < ?3 ORDER BY position DESC LIMIT ?2",
            room.to_owned(),
            Some(position.to_string()),
            limit,
        )
        .await
    }

    /// `user_id`'s newest `limit` lines in `room`, oldest first.
    pub async fn by_sender(
        &self,
        room: &str,
        user_id: &str,
        limit: u32,
    ) -> Result<Vec<Line>, HistoryError> {
        self.query(
            "SELECT position, line FROM lines WHERE room = ?1 AND sender_id = ?3 ORDER BY position DESC LIMIT ?2",
            room.to_owned(),
            Some(user_id.to_owned()),
            limit,
        )
        .await
    }

    async fn query(
        &self,
        sql: &'static str,
        room: String,
        argument: Option<String>,
        limit: u32,
    ) -> Result<Vec<Line>, HistoryError> {
        self.call(move |connection| {
            let mut statement = connection.prepare_cached(sql)?;
            let rows = match &argument {
                Some(argument) => statement
                    .query_map(params![room, limit, argument], read_row)?
                    .collect::<Result<Vec<_>, _>>()?,
                None => statement
                    .query_map(params![room, limit], read_row)?
                    .collect::<Result<Vec<_>, _>>()?,
            };
            let mut lines = rows
                .into_iter()
                .map(|(position, json)| {
                    let mut line: Line = serde_json::from_str(&json)?;
                    line.position = position;
                    Ok(line)
                })
                .collect::<Result<Vec<_>, HistoryError>>()?;
            lines.reverse();
            Ok(lines)
        })
        .await
    }

    /// The line of `room` with this key.
    pub async fn by_key(&self, room: &str, key: &LineKey) -> Result<Option<Line>, HistoryError> {
        self.one(
            "SELECT position, line FROM lines WHERE room = ?1 AND key = ?2",
            room,
            key.as_str(),
        )
        .await
    }

    /// The line of `room` with this service id.
    pub async fn by_message_id(&self, room: &str, id: &str) -> Result<Option<Line>, HistoryError> {
        self.one(
            "SELECT position, line FROM lines WHERE room = ?1 AND message_id = ?2",
            room,
            id,
        )
        .await
    }

    async fn one(
        &self,
        sql: &'static str,
        room: &str,
        value: &str,
    ) -> Result<Option<Line>, HistoryError> {
        let (room, value) = (room.to_owned(), value.to_owned());
        self.call(move |connection| {
            let row = connection
                .prepare_cached(sql)?
                .query_row(params![room, value], read_row)
                .optional()?;
            row.map(|(position, json)| {
                let mut line: Line = serde_json::from_str(&json)?;
                line.position = position;
                Ok(line)
            })
            .transpose()
        })
        .await
    }

    /// Removes the line of `room` with this key.
    pub async fn remove(&self, room: &str, key: &LineKey) -> Result<(), HistoryError> {
        let (room, key) = (room.to_owned(), key.to_string());
        self.call(move |connection| {
            connection.execute(
                "DELETE FROM lines WHERE room = ?1 AND key = ?2",
                params![room, key],
            )?;
            Ok(())
        })
        .await
    }

    /// Appends moderation-log entries of `room`.
    pub async fn add_moderation(
        &self,
        room: &str,
        entries: Vec<ModerationEntry>,
    ) -> Result<(), HistoryError> {
        let room = room.to_owned();
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            for entry in &entries {
                transaction.execute(
                    "INSERT INTO moderation (room, time_ms, text) VALUES (?1, ?2, ?3)",
                    params![room, entry.time_ms, entry.text],
                )?;
            }
            transaction.commit()?;
            Ok(())
        })
        .await
    }

    /// The newest `limit` moderation entries of `room`, oldest first.
    pub async fn moderation(
        &self,
        room: &str,
        limit: u32,
    ) -> Result<Vec<ModerationEntry>, HistoryError> {
        let room = room.to_owned();
        self.call(move |connection| {
            let mut statement = connection.prepare_cached(
                "SELECT time_ms, text FROM moderation WHERE room = ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            let mut entries = statement
                .query_map(params![room, limit], |row| {
                    Ok(ModerationEntry {
                        time_ms: row.get(0)?,
                        text: row.get(1)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            entries.reverse();
            Ok(entries)
        })
        .await
    }

    /// How many lines of `room` match an FTS5 query (the search of a later version builds
    /// on this; here it proves the index is kept in step).
    pub async fn count_matching(&self, room: &str, query: &str) -> Result<u64, HistoryError> {
        let (room, query) = (room.to_owned(), query.to_owned());
        self.call(move |connection| {
            Ok(connection.query_row(
                "SELECT count(*) FROM lines_fts JOIN lines ON lines.position = lines_fts.rowid
                 WHERE lines_fts MATCH ?2 AND lines.room = ?1",
                params![room, query],
                |row| row.get(0),
            )?)
        })
        .await
    }
}

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String)> {
    Ok((row.get(0)?, row.get(1)?))
}
