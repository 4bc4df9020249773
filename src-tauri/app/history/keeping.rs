//! How much history is kept: retention by age and by size, and clearing a room or all rooms.
//!
//! Lines leave through `DELETE` on `lines`, so the triggers take them out of the FTS5 index
//! too; an `optimize` afterwards merges the index so the space it held is free again.
//! Size is the space the database's pages hold (free pages left by deletions do not count:
//! SQLite reuses them before growing the file).

use rusqlite::{Connection, params};

use super::{History, HistoryError};

/// What retention or clearing removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    /// Lines removed.
    pub lines: u64,
    /// Moderation-log entries removed.
    pub moderation: u64,
}

/// How much history to keep; `None` keeps everything by that measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// Lines and moderation entries older than this many milliseconds before now go.
    pub age_ms: Option<i64>,
    /// The oldest lines go until the database holds at most this many bytes.
    pub bytes: Option<u64>,
}

/// Lines removed in one step while the database is over its size: a tenth of them, at least
/// this many, then the size is measured again.
const MIN_STEP: i64 = 200;

impl History {
    /// Removes what `keep` does not keep, as of `now_ms`.
    pub async fn apply_retention(&self, keep: Keep, now_ms: i64) -> Result<Removed, HistoryError> {
        self.call(move |connection| {
            let mut removed = Removed::default();
            if let Some(age_ms) = keep.age_ms {
                let cutoff = now_ms.saturating_sub(age_ms);
                let transaction = connection.transaction()?;
                removed.lines +=
                    transaction.execute("DELETE FROM lines WHERE time_ms < ?1", [cutoff])? as u64;
                removed.moderation += transaction
                    .execute("DELETE FROM moderation WHERE time_ms < ?1", [cutoff])?
                    as u64;
                transaction.commit()?;
            }
            if let Some(bytes) = keep.bytes {
                let by_size = shrink_to(connection, bytes)?;
                removed.lines += by_size.lines;
                removed.moderation += by_size.moderation;
            }
            if removed != Removed::default() {
                optimize(connection)?;
            }
            Ok(removed)
        })
        .await
    }

    /// Removes every line and moderation entry of `room`, or of every room.
    pub async fn clear(&self, room: Option<String>) -> Result<Removed, HistoryError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let removed = match &room {
                Some(room) => Removed {
                    lines: transaction.execute("DELETE FROM lines WHERE room = ?1", [room])? as u64,
                    moderation: transaction
                        .execute("DELETE FROM moderation WHERE room = ?1", [room])?
                        as u64,
                },
                None => Removed {
                    lines: transaction.execute("DELETE FROM lines", [])? as u64,
                    moderation: transaction.execute("DELETE FROM moderation", [])? as u64,
                },
            };
            transaction.commit()?;
            optimize(connection)?;
            Ok(removed)
        })
        .await
    }

    /// The bytes the database's pages hold (what retention by size measures).
    pub async fn used_bytes(&self) -> Result<u64, HistoryError> {
        self.call(|connection| used_bytes(connection)).await
    }

    /// How many rows the FTS5 index alone matches for `query`, without looking at `lines`:
    /// shows whether removed lines left anything behind in the index.
    pub async fn index_matches(&self, query: &str) -> Result<u64, HistoryError> {
        let query = query.to_owned();
        self.call(move |connection| {
            Ok(connection.query_row(
                "SELECT count(*) FROM lines_fts WHERE lines_fts MATCH ?1",
                [query],
                |row| row.get(0),
            )?)
        })
        .await
    }

    /// Checks the database and that the FTS5 index agrees with the lines: `Ok` or why not.
    pub async fn check_integrity(&self) -> Result<(), HistoryError> {
        self.call(|connection| {
            let verdict: String =
                connection.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
            if verdict != "ok" {
                return Err(HistoryError::Task(format!("integrity check: {verdict}")));
            }
            connection.execute(
                "INSERT INTO lines_fts (lines_fts) VALUES ('integrity-check')",
                [],
            )?;
            Ok(())
        })
        .await
    }
}

fn used_bytes(connection: &Connection) -> Result<u64, HistoryError> {
    let pragma = |name: &str| -> Result<u64, HistoryError> {
        Ok(connection.query_row(&format!("PRAGMA {name}"), [], |row| row.get::<_, i64>(0))? as u64)
    };
    let pages = pragma("page_count")?.saturating_sub(pragma("freelist_count")?);
    Ok(pages * pragma("page_size")?)
}

/// Merges the FTS5 index, so entries of removed lines stop holding pages.
fn optimize(connection: &Connection) -> Result<(), HistoryError> {
    connection.execute("INSERT INTO lines_fts (lines_fts) VALUES ('optimize')", [])?;
    Ok(())
}

/// Removes the oldest lines (across rooms), a step at a time, until at most `bytes` are used;
/// moderation entries older than the oldest line kept go with them.
fn shrink_to(connection: &mut Connection, bytes: u64) -> Result<Removed, HistoryError> {
    let mut removed = Removed::default();
    while used_bytes(connection)? > bytes {
        let transaction = connection.transaction()?;
        let count: i64 =
            transaction.query_row("SELECT count(*) FROM lines", [], |row| row.get(0))?;
        if count == 0 {
            break;
        }
        let step = (count / 10).max(MIN_STEP);
        removed.lines += transaction.execute(
            "DELETE FROM lines WHERE position IN (SELECT position FROM lines ORDER BY position LIMIT ?1)",
            params![step],
        )? as u64;
        removed.moderation += transaction.execute(
            "DELETE FROM moderation WHERE time_ms < coalesce((SELECT min(time_ms) FROM lines), 9223372036854775807)",
            [],
        )? as u64;
        transaction.commit()?;
        // The index's pages are freed only once its segments are merged.
        optimize(connection)?;
    }
    Ok(removed)
}
