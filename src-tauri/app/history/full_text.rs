//! Searching the history: the query language, its SQL over `lines` and the FTS5 index, the
//! rooms a line can be opened in again, and reading a room's lines around a position.
//!
//! The query is words plus Chatterino-style filters (`from:`, `in:`, `is:deleted`,
//! `has:link`). Words go to FTS5 as quoted prefix terms on the `content` column, so nothing a
//! user types is FTS5 syntax; filters become plain SQL conditions with bound parameters.

use chatdeck_ipc::model::{Line, ProfileId};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::{History, HistoryError};

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Free-text words and quoted phrases, all required.
    pub words: Vec<String>,
    /// `from:` values: a user id or display name (any of them).
    pub from: Vec<String>,
    /// `in:` values: a room name or the end of its ARN (any of them).
    pub rooms: Vec<String>,
    /// `is:deleted`.
    pub deleted: bool,
    /// `has:link`.
    pub link: bool,
}

impl Query {
    /// Parses what the user typed. Unknown `key:value` tokens are words, so a message about
    /// "note:this" can still be found.
    pub fn parse(input: &str) -> Query {
        let mut query = Query::default();
        for token in tokens(input) {
            let lower = token.to_lowercase();
            let value = |prefix: &str| token[prefix.len()..].trim_matches('"').to_owned();
            if lower == "is:deleted" {
                query.deleted = true;
            } else if lower == "has:link" {
                query.link = true;
            } else if lower.starts_with("from:") && token.len() > 5 {
                query.from.push(value("from:"));
            } else if lower.starts_with("in:") && token.len() > 3 {
                query.rooms.push(value("in:"));
            } else {
                let word = token.trim_matches('"').to_owned();
                if word.chars().any(char::is_alphanumeric) {
                    query.words.push(word);
                }
            }
        }
        query
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self == &Query::default()
    }

    /// The filters in words, for the results' heading.
    pub fn understood(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if !self.words.is_empty() {
            parts.push(format!("text: {}", self.words.join(" ")));
        }
        for from in &self.from {
            parts.push(format!("from {from}"));
        }
        for room in &self.rooms {
            parts.push(format!("in {room}"));
        }
        if self.deleted {
            parts.push("deleted".into());
        }
        if self.link {
            parts.push("with a link".into());
        }
        parts
    }

    /// The FTS5 expression for the words: each a quoted prefix term on `content`, so that
    /// quotes, operators and column names typed by the user are only ever text.
    pub fn fts(&self) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        let terms: Vec<String> = self
            .words
            .iter()
            .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
            .collect();
        Some(format!("content : ({})", terms.join(" AND ")))
    }

    /// The SQL and its parameters, newest first, at most `limit` rows.
    fn sql(&self, limit: u32) -> (String, Vec<Value>) {
        let mut sql = String::from(
            "SELECT lines.position, lines.line, lines.room, rooms.name, rooms.profile_id
             FROM lines LEFT JOIN rooms ON rooms.room = lines.room WHERE 1 = 1",
        );
        let mut parameters = Vec::new();
        let mut bind = |value: Value| {
            parameters.push(value);
            format!("?{}", parameters.len())
        };
        if let Some(fts) = self.fts() {
            let at = bind(Value::Text(fts));
            sql += &format!(
                " AND lines.position IN (SELECT rowid FROM lines_fts WHERE lines_fts MATCH {at})"
            );
        }
        if !self.from.is_empty() {
            let alternatives: Vec<String> = self
                .from
                .iter()
                .map(|from| {
                    let at = bind(Value::Text(from.to_lowercase()));
                    format!("lower(lines.sender_id) = {at} OR lower(lines.sender_name) = {at}")
                })
                .collect();
            sql += &format!(" AND ({})", alternatives.join(" OR "));
        }
        if !self.rooms.is_empty() {
            let alternatives: Vec<String> = self
                .rooms
                .iter()
                .map(|room| {
                    let name = bind(Value::Text(room.to_lowercase()));
                    let arn = bind(Value::Text(room.clone()));
                    let tail = bind(Value::Text(format!("/{room}")));
                    format!(
                        "lower(coalesce(rooms.name, '')) = {name} OR lines.room = {arn} \
                         OR substr(lines.room, -length({tail})) = {tail}"
                    )
                })
                .collect();
            sql += &format!(" AND ({})", alternatives.join(" OR "));
        }
        if self.deleted {
            sql += " AND lines.deleted = 1";
        }
        if self.link {
            sql += " AND (lines.content LIKE '%http://%' OR lines.content LIKE '%https://%' \
                    OR lines.content LIKE '%www.%')";
        }
        let at = bind(Value::Integer(i64::from(limit)));
        sql += &format!(" ORDER BY lines.position DESC LIMIT {at}");
        (sql, parameters)
    }
}

/// Splits on whitespace, keeping double-quoted stretches (`from:"Ann Lee"`) together.
fn tokens(input: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// A line found, with where it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The line.
    pub line: Line,
    /// Its room's ARN.
    pub room: String,
    /// The room's name, if the room was opened since rooms were remembered.
    pub room_name: Option<String>,
    /// The profile it was last opened with.
    pub profile_id: Option<ProfileId>,
}

/// Lines around a position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Around {
    /// Oldest first.
    pub lines: Vec<Line>,
    /// Older lines exist.
    pub has_older: bool,
    /// Newer lines exist.
    pub has_newer: bool,
}

fn decode(position: i64, json: &str) -> Result<Line, HistoryError> {
    let mut line: Line = serde_json::from_str(json)?;
    line.position = position;
    Ok(line)
}

impl History {
    /// Remembers a room's name and the profile it was opened with, so a search hit can open
    /// it again.
    pub async fn remember_room(
        &self,
        room: &str,
        name: &str,
        profile_id: &ProfileId,
    ) -> Result<(), HistoryError> {
        let (room, name, profile_id) = (room.to_owned(), name.to_owned(), profile_id.to_string());
        self.call(move |connection| {
            connection.execute(
                "INSERT INTO rooms (room, name, profile_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (room) DO UPDATE SET name = excluded.name, profile_id = excluded.profile_id",
                params![room, name, profile_id],
            )?;
            Ok(())
        })
        .await
    }

    /// Lines matching `query` in every room, newest first: at most `limit`, and whether more
    /// matched.
    pub async fn search(
        &self,
        query: &Query,
        limit: u32,
    ) -> Result<(Vec<Found>, bool), HistoryError> {
        if query.is_empty() {
            return Ok((Vec::new(), false));
        }
        let (sql, parameters) = query.sql(limit.saturating_add(1));
        self.call(move |connection| {
            let mut statement = connection.prepare(&sql)?;
            let rows = statement
                .query_map(params_from_iter(parameters), |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, Option<String>>(4)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let more = rows.len() > limit as usize;
            let found = rows
                .into_iter()
                .take(limit as usize)
                .map(|(position, json, room, room_name, profile_id)| {
                    Ok(Found {
                        line: decode(position, &json)?,
                        room,
                        room_name,
                        profile_id: profile_id.map(ProfileId::from),
                    })
                })
                .collect::<Result<Vec<_>, HistoryError>>()?;
            Ok((found, more))
        })
        .await
    }

    /// Up to `older` lines of `room` before `position` and `newer` after it, with the line at
    /// `position` itself; with no position, the newest `older` lines.
    pub async fn around(
        &self,
        room: &str,
        position: Option<i64>,
        older: u32,
        newer: u32,
    ) -> Result<Around, HistoryError> {
        let room = room.to_owned();
        self.call(move |connection| {
            let read = |sql: &str, at: i64, limit: u32| -> Result<Vec<Line>, HistoryError> {
                let mut statement = connection.prepare_cached(sql)?;
                let rows = statement
                    .query_map(params![room, at, limit], |row| {
                        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                rows.iter()
                    .map(|(position, json)| decode(*position, json))
                    .collect()
            };
            // One extra row each way says whether more exist.
            let mut before = read(
                "SELECT position, line FROM lines WHERE room = ?1 AND position <= ?2
                 ORDER BY position DESC LIMIT ?3",
                position.unwrap_or(i64::MAX),
                older.saturating_add(2),
            )?;
            let mut after = match position {
                Some(at) => read(
                    "SELECT position, line FROM lines WHERE room = ?1 AND position > ?2
                     ORDER BY position ASC LIMIT ?3",
                    at,
                    newer.saturating_add(1),
                )?,
                None => Vec::new(),
            };
            // `before` holds the line at the position (when it exists) plus `older` more.
            let keep = older as usize
                + usize::from(
                    position
                        .is_some_and(|at| before.first().is_some_and(|line| line.position == at)),
                );
            let keep = keep.max(1);
            let has_older = before.len() > keep;
            before.truncate(keep);
            before.reverse();
            let has_newer = after.len() > newer as usize;
            after.truncate(newer as usize);
            before.append(&mut after);
            Ok(Around {
                lines: before,
                has_older,
                has_newer,
            })
        })
        .await
    }

    /// Up to `limit` lines of `room` after `position`, oldest first (export pages).
    pub async fn after(
        &self,
        room: &str,
        position: i64,
        limit: u32,
    ) -> Result<Vec<Line>, HistoryError> {
        let room = room.to_owned();
        self.call(move |connection| {
            let mut statement = connection.prepare_cached(
                "SELECT position, line FROM lines WHERE room = ?1 AND position > ?2
                 ORDER BY position ASC LIMIT ?3",
            )?;
            let rows = statement
                .query_map(params![room, position, limit], |row| {
                    Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.iter()
                .map(|(position, json)| decode(*position, json))
                .collect()
        })
        .await
    }

    /// The name a room was last opened under.
    pub async fn room_name(&self, room: &str) -> Result<Option<String>, HistoryError> {
        let room = room.to_owned();
        self.call(move |connection| {
            Ok(connection
                .query_row(
                    "SELECT name FROM rooms WHERE room = ?1",
                    params![room],
                    |row| row.get(0),
                )
                .ok())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_parse_into_words_and_filters() {
        let cases: [(&str, Query); 5] = [
            (
                "hello from:alice",
                Query {
                    words: vec!["hello".into()],
                    from: vec!["alice".into()],
                    ..Query::default()
                },
            ),
            (
                "FROM:\"Ann Lee\" in:lobby is:deleted HAS:LINK",
                Query {
                    from: vec!["Ann Lee".into()],
                    rooms: vec!["lobby".into()],
                    deleted: true,
                    link: true,
                    ..Query::default()
                },
            ),
            (
                "\"exact phrase\" note:this",
                Query {
                    words: vec!["exact phrase".into(), "note:this".into()],
                    ..Query::default()
                },
            ),
            (
                "  !!!  from:",
                Query {
                    words: vec!["from:".into()],
                    ..Query::default()
                },
            ),
            ("", Query::default()),
        ];
        for (input, expected) in cases {
            assert_eq!(Query::parse(input), expected, "{input}");
        }
    }

    #[test]
    fn words_are_quoted_so_fts_syntax_stays_text() {
        let query = Query {
            words: vec![
                "he\"llo".into(),
                "OR".into(),
                "NEAR(x)".into(),
                "content:".into(),
            ],
            ..Query::default()
        };
        assert_eq!(
            query.fts().as_deref(),
            Some("content : (\"he\"\"llo\"* AND \"OR\"* AND \"NEAR(x)\"* AND \"content:\"*)")
        );
        assert_eq!(Query::parse("from:bob").fts(), None);
    }

    #[test]
    fn the_heading_says_what_was_understood() {
        assert_eq!(
            Query::parse("hi from:bob has:link").understood(),
            ["text: hi", "from bob", "with a link"]
        );
    }
}
