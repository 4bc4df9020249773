//! Candidates for the Mentions view: message lines of every room whose text the FTS5 index
//! matches for any of the user's names or highlight words. The caller keeps those the exact
//! matcher (word edges, case) accepts.

use chatdeck_ipc::model::Line;
use rusqlite::params;

use super::{History, HistoryError};

/// `term` as an FTS5 phrase (quotes doubled), or `None` when it has nothing the tokenizer
/// indexes (no letter or digit), which FTS5 would refuse.
fn phrase(term: &str) -> Option<String> {
    term.chars()
        .any(char::is_alphanumeric)
        .then(|| format!("\"{}\"", term.replace('"', "\"\"")))
}

/// The FTS5 query matching any of `terms`, or `None` when none can be searched.
pub fn any_of(terms: &[String]) -> Option<String> {
    let phrases: Vec<String> = terms.iter().filter_map(|term| phrase(term)).collect();
    (!phrases.is_empty()).then(|| phrases.join(" OR "))
}

impl History {
    /// The newest `limit` undeleted message lines, across rooms, whose text matches any of
    /// `terms`, newest first, with their room.
    pub async fn mention_candidates(
        &self,
        terms: &[String],
        limit: u32,
    ) -> Result<Vec<(String, Line)>, HistoryError> {
        let Some(query) = any_of(terms) else {
            return Ok(Vec::new());
        };
        self.call(move |connection| {
            let mut statement = connection.prepare_cached(
                "SELECT lines.room, lines.position, lines.line
                 FROM lines_fts JOIN lines ON lines.position = lines_fts.rowid
                 WHERE lines_fts MATCH ?1 AND lines.kind = 'message' AND lines.deleted = 0
                 ORDER BY lines.position DESC LIMIT ?2",
            )?;
            let rows = statement
                .query_map(params![query, limit], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(room, position, json)| {
                    let mut line: Line = serde_json::from_str(&json)?;
                    line.position = position;
                    Ok((room, line))
                })
                .collect()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_become_quoted_phrases_joined_by_or() {
        let terms = [
            "Host".to_owned(),
            "say \"hi\"".to_owned(),
            "++".to_owned(),
            "Dana B".to_owned(),
        ];
        assert_eq!(
            any_of(&terms).as_deref(),
            Some(r#""Host" OR "say ""hi""" OR "Dana B""#)
        );
        assert_eq!(any_of(&["!!".to_owned()]), None);
    }
}
