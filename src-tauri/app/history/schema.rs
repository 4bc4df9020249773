//! The history's schema and how it moves forward: the database carries its version in
//! `PRAGMA user_version`, and each [`Migration`] takes it one version further, in a
//! transaction of its own, so a crash mid-upgrade leaves the previous version whole.
//!
//! A database written before versioning (`user_version` 0 with the tables of version 1) is
//! version 1: its statements all say `IF NOT EXISTS`, so running it again over them only adds
//! what an older build had not created yet (the `rooms` table). A database of a newer version
//! than this build knows is refused before anything is written to it.

use rusqlite::Connection;

use super::HistoryError;

/// Settings of the connection, outside any transaction (SQLite ignores `journal_mode` inside
/// one). Temporary storage in memory: the writer stores each room's lines in a savepoint, and
/// with the default a savepoint's journal is a file created, written and deleted every time
/// (three times the writes of the lines themselves, measured with the app's schema).
pub const CONNECTION: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;";

/// One step forward: the SQL that takes a database of version `version - 1` to `version`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version it produces; migrations are listed in order, from 1 without gaps.
    pub version: u32,
    /// What it does, for the log.
    pub about: &'static str,
    /// Its statements.
    pub sql: &'static str,
}

/// Version 1: the lines with their full-text index, the moderation log, and the rooms a line
/// can be opened in again.
const LINES: &str = "
CREATE TABLE IF NOT EXISTS lines (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    room        TEXT NOT NULL,
    key         TEXT NOT NULL,
    message_id  TEXT,
    sender_id   TEXT,
    sender_name TEXT,
    kind        TEXT NOT NULL,
    content     TEXT NOT NULL,
    time_ms     INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    line        TEXT NOT NULL,
    UNIQUE (room, key)
);
CREATE INDEX IF NOT EXISTS lines_by_message ON lines (room, message_id);
CREATE INDEX IF NOT EXISTS lines_by_sender ON lines (room, sender_id, position);
CREATE VIRTUAL TABLE IF NOT EXISTS lines_fts USING fts5 (
    content, sender_name, content = 'lines', content_rowid = 'position'
);
CREATE TRIGGER IF NOT EXISTS lines_fts_insert AFTER INSERT ON lines BEGIN
    INSERT INTO lines_fts (rowid, content, sender_name)
    VALUES (new.position, new.content, new.sender_name);
END;
CREATE TRIGGER IF NOT EXISTS lines_fts_delete AFTER DELETE ON lines BEGIN
    INSERT INTO lines_fts (lines_fts, rowid, content, sender_name)
    VALUES ('delete', old.position, old.content, old.sender_name);
END;
CREATE TRIGGER IF NOT EXISTS lines_fts_update AFTER UPDATE ON lines BEGIN
    INSERT INTO lines_fts (lines_fts, rowid, content, sender_name)
    VALUES ('delete', old.position, old.content, old.sender_name);
    INSERT INTO lines_fts (rowid, content, sender_name)
    VALUES (new.position, new.content, new.sender_name);
END;
CREATE TABLE IF NOT EXISTS moderation (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    room    TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    text    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS moderation_by_room ON moderation (room, id);
CREATE TABLE IF NOT EXISTS rooms (
    room       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    profile_id TEXT
);
";

/// Every migration of this build, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        about: "lines, full-text index, moderation log, rooms",
        sql: LINES,
    },
    Migration {
        version: 2,
        about: "lines and moderation entries by time, for retention",
        sql: "CREATE INDEX lines_by_time ON lines (time_ms);
              CREATE INDEX moderation_by_time ON moderation (time_ms);",
    },
];

/// The version this build writes.
pub fn latest(migrations: &[Migration]) -> u32 {
    migrations.last().map_or(0, |migration| migration.version)
}

/// The database's schema version.
pub fn version(connection: &Connection) -> Result<u32, HistoryError> {
    Ok(connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Brings the database up to the newest of `migrations`, each in its own transaction
/// (`user_version` is part of the database header, written and rolled back with it); returns
/// the version it started from. A newer database is refused untouched.
pub fn migrate(connection: &mut Connection, migrations: &[Migration]) -> Result<u32, HistoryError> {
    let supported = latest(migrations);
    let found = version(connection)?;
    if found > supported {
        return Err(HistoryError::TooNew {
            path: String::new(),
            found,
            supported,
        });
    }
    for migration in migrations
        .iter()
        .filter(|migration| migration.version > found)
    {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration.sql)?;
        transaction.pragma_update(None, "user_version", migration.version)?;
        transaction.commit()?;
        tracing::info!(
            version = migration.version,
            about = migration.about,
            "history database migrated"
        );
    }
    Ok(found)
}
