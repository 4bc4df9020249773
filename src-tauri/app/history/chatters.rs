//! A room's recent chatters: everyone who wrote among its newest messages, each once with
//! their newest line (name, badges and color as that line showed them), newest first.

use chatdeck_ipc::chatters::{Chatter, RECENT_MESSAGES};
use chatdeck_ipc::model::Line;
use rusqlite::params;

use super::{History, HistoryError};

impl History {
    /// Up to `limit` senders of `room`'s newest [`RECENT_MESSAGES`] messages, newest first.
    pub async fn recent_chatters(
        &self,
        room: &str,
        limit: u32,
    ) -> Result<Vec<Chatter>, HistoryError> {
        let room = room.to_owned();
        self.call(move |connection| {
            // SQLite takes a bare column of a `max()` aggregate from the row holding the
            // maximum: `line` is each sender's newest line.
            let mut statement = connection.prepare_cached(
                "SELECT line, max(position), count(*), max(time_ms) FROM (
                     SELECT sender_id, line, position, time_ms FROM lines
                     WHERE room = ?1 AND kind = 'message' AND sender_id IS NOT NULL
                     ORDER BY position DESC LIMIT ?2
                 )
                 GROUP BY sender_id ORDER BY max(position) DESC LIMIT ?3",
            )?;
            let rows = statement
                .query_map(params![room, RECENT_MESSAGES, limit], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, u32>(2)?,
                        row.get::<_, i64>(3)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .filter_map(
                    |(json, messages, last_ms)| match serde_json::from_str::<Line>(&json) {
                        Ok(line) => line.sender.map(|sender| {
                            Ok(Chatter {
                                sender,
                                last_ms,
                                messages,
                            })
                        }),
                        Err(error) => Some(Err(error.into())),
                    },
                )
                .collect()
        })
        .await
    }
}
