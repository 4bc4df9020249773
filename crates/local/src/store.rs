//! Persistent state: rooms and logging configurations (tags included) in SQLite.
//!
//! Each resource is one row holding the JSON of its control-plane shape, so what GetRoom
//! returns after a restart is byte for byte what was stored. Live connections, tokens and rate
//! buckets are memory only (issue "Persistence").

use std::path::Path;
use std::sync::Mutex;

use ivs_chat_protocol::control::{LoggingConfiguration, Room};
use rusqlite::{Connection, OptionalExtension, params};

/// Name of the database file under the data directory.
pub const DATABASE_FILE: &str = "state.sqlite3";

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("state database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored row does not parse (a database written by an incompatible version).
    #[error("state database holds an unreadable {kind} {id}: {source}")]
    Corrupt {
        /// `room` or `logging configuration`.
        kind: &'static str,
        /// The row's id.
        id: String,
        /// The JSON error.
        source: serde_json::Error,
    },
}

/// The SQLite store.
///
/// The connection sits behind a std `Mutex`: every use is one short synchronous statement on a
/// local file (microseconds), never held across an `.await`, so a dedicated thread would cost
/// more than it saves.
#[derive(Debug)]
pub struct Store {
    connection: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, or an in-memory one.
    pub fn open(data_dir: Option<&Path>) -> Result<Store, StoreError> {
        let connection = match data_dir {
            Some(dir) => {
                let connection = Connection::open(dir.join(DATABASE_FILE))?;
                connection.pragma_update(None, "journal_mode", "WAL")?;
                connection.pragma_update(None, "synchronous", "NORMAL")?;
                connection
            }
            None => Connection::open_in_memory()?,
        };
        connection.execute_batch(
            "CREATE TABLE IF NOT EXISTS rooms (
                 id TEXT PRIMARY KEY,
                 update_time TEXT NOT NULL,
                 body TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS logging_configurations (
                 id TEXT PRIMARY KEY,
                 update_time TEXT NOT NULL,
                 body TEXT NOT NULL
             );",
        )?;
        Ok(Store {
            connection: Mutex::new(connection),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Inserts or replaces a room.
    pub fn put_room(&self, room: &Room) -> Result<(), StoreError> {
        let body = serde_json::to_string(room).unwrap_or_default();
        self.lock().execute(
            "INSERT OR REPLACE INTO rooms (id, update_time, body) VALUES (?1, ?2, ?3)",
            params![
                room.id,
                ivs_chat_protocol::time::format(room.update_time),
                body
            ],
        )?;
        Ok(())
    }

    /// The room with this id.
    pub fn room(&self, id: &str) -> Result<Option<Room>, StoreError> {
        let body: Option<String> = self
            .lock()
            .query_row("SELECT body FROM rooms WHERE id = ?1", params![id], |row| {
                row.get(0)
            })
            .optional()?;
        body.map(|body| parse("room", id, &body)).transpose()
    }

    /// Deletes a room; whether it existed.
    pub fn delete_room(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .lock()
            .execute("DELETE FROM rooms WHERE id = ?1", params![id])?
            > 0)
    }

    /// How many rooms exist (the rooms quota counts them on every CreateRoom).
    pub fn room_count(&self) -> Result<u64, StoreError> {
        let count: i64 = self
            .lock()
            .query_row("SELECT COUNT(*) FROM rooms", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Every room, most recently updated first (reference §2.3 ListRooms).
    pub fn rooms(&self) -> Result<Vec<Room>, StoreError> {
        self.all(
            "SELECT id, body FROM rooms ORDER BY update_time DESC, id",
            "room",
        )
    }

    /// Inserts or replaces a logging configuration.
    pub fn put_logging_configuration(
        &self,
        configuration: &LoggingConfiguration,
    ) -> Result<(), StoreError> {
        let body = serde_json::to_string(configuration).unwrap_or_default();
        self.lock().execute(
            "INSERT OR REPLACE INTO logging_configurations (id, update_time, body) VALUES (?1, ?2, ?3)",
            params![
                configuration.id,
                ivs_chat_protocol::time::format(configuration.update_time),
                body
            ],
        )?;
        Ok(())
    }

    /// The logging configuration with this id.
    pub fn logging_configuration(
        &self,
        id: &str,
    ) -> Result<Option<LoggingConfiguration>, StoreError> {
        let body: Option<String> = self
            .lock()
            .query_row(
                "SELECT body FROM logging_configurations WHERE id = ?1",
                params![id],
                |row| row.get(0),
            )
            .optional()?;
        body.map(|body| parse("logging configuration", id, &body))
            .transpose()
    }

    /// Deletes a logging configuration; whether it existed.
    pub fn delete_logging_configuration(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.lock().execute(
            "DELETE FROM logging_configurations WHERE id = ?1",
            params![id],
        )? > 0)
    }

    /// Every logging configuration, most recently updated first.
    pub fn logging_configurations(&self) -> Result<Vec<LoggingConfiguration>, StoreError> {
        self.all(
            "SELECT id, body FROM logging_configurations ORDER BY update_time DESC, id",
            "logging configuration",
        )
    }

    fn all<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        kind: &'static str,
    ) -> Result<Vec<T>, StoreError> {
        let rows: Vec<(String, String)> = {
            let connection = self.lock();
            let mut statement = connection.prepare(sql)?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        rows.iter()
            .map(|(id, body)| parse(kind, id, body))
            .collect()
    }

    /// Writes the write-ahead log back into the database file (at shutdown).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.lock()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}

fn parse<T: serde::de::DeserializeOwned>(
    kind: &'static str,
    id: &str,
    body: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(body).map_err(|source| StoreError::Corrupt {
        kind,
        id: id.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivs_chat_protocol::control::{DestinationConfiguration, LoggingConfigurationState, Tags};

    fn room(id: &str, minute: u32) -> Room {
        let time = ivs_chat_protocol::time::parse(&format!("2024-01-19T15:{minute:02}:00Z"))
            .unwrap_or_default();
        Room {
            arn: format!("arn:aws:ivschat:us-west-2:123456789012:room/{id}"),
            id: id.into(),
            name: "lobby".into(),
            create_time: time,
            update_time: time,
            maximum_message_rate_per_second: 10,
            maximum_message_length: 500,
            message_review_handler: None,
            tags: Tags::from([("env".to_owned(), "dev".to_owned())]),
            logging_configuration_identifiers: vec![],
        }
    }

    #[test]
    fn rooms_survive_reopening_and_list_newest_first() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        {
            let store = Store::open(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
            store
                .put_room(&room("aaaaaaaaaaaa", 1))
                .unwrap_or_else(|e| panic!("{e}"));
            store
                .put_room(&room("bbbbbbbbbbbb", 2))
                .unwrap_or_else(|e| panic!("{e}"));
            let configuration = LoggingConfiguration {
                arn: "arn:aws:ivschat:us-west-2:123456789012:logging-configuration/cccccccccccc"
                    .into(),
                id: "cccccccccccc".into(),
                create_time: chrono::Utc::now(),
                update_time: chrono::Utc::now(),
                name: String::new(),
                destination_configuration: DestinationConfiguration::s3("bucket"),
                state: LoggingConfigurationState::Active,
                tags: Tags::new(),
            };
            store
                .put_logging_configuration(&configuration)
                .unwrap_or_else(|e| panic!("{e}"));
            store.checkpoint().unwrap_or_else(|e| panic!("{e}"));
        }
        let store = Store::open(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        let rooms = store.rooms().unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = rooms.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["bbbbbbbbbbbb", "aaaaaaaaaaaa"]);
        assert_eq!(rooms[1], room("aaaaaaaaaaaa", 1));
        assert!(
            store
                .logging_configuration("cccccccccccc")
                .unwrap_or_default()
                .is_some()
        );
        assert!(store.delete_room("aaaaaaaaaaaa").unwrap_or_default());
        assert!(!store.delete_room("aaaaaaaaaaaa").unwrap_or_default());
        assert_eq!(store.room("aaaaaaaaaaaa").unwrap_or_default(), None);
    }
}
