//! Search over the local history, opening a room at a line, and export in the IVS chat-log
//! record format.

use serde::{Deserialize, Serialize};

use crate::model::{Line, ProfileId, TabId};

/// Full-text search over every room's history, across sessions.
///
/// The query is free text plus filters: `from:<user>` (user id or display name),
/// `in:<room>` (room name or the end of its ARN), `is:deleted`, `has:link`. Free-text words
/// match as prefixes of words in the text; quotes keep a phrase together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHistory {
    /// What the user typed.
    pub query: String,
    /// At most this many hits, newest first.
    pub limit: u32,
}

/// One line the search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The room's ARN.
    pub room_arn: String,
    /// The room's name as last seen (the end of its ARN when unknown).
    pub room_name: String,
    /// The profile the room was last opened with, to open it again.
    pub profile_id: Option<ProfileId>,
    /// The line.
    pub line: Line,
}

/// Output of [`SearchHistory`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchOutput {
    /// The hits, newest first.
    pub hits: Vec<SearchHit>,
    /// More lines matched than were returned.
    pub more: bool,
    /// The filters as understood, in words ("from alice", "with a link"), for the results'
    /// heading.
    pub understood: Vec<String>,
}

command!(SearchHistory => "search_history", SearchOutput);

/// A tab's lines around one position, from the history store: what "open the room at this
/// message" loads, and how the list pages forward from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinesAround {
    /// The tab.
    pub tab_id: TabId,
    /// The line in the middle; `None` for the newest lines.
    pub position: Option<i64>,
    /// At most this many lines before it.
    pub older: u32,
    /// At most this many lines after it.
    pub newer: u32,
}

/// Output of [`LinesAround`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinesAroundOutput {
    /// The lines, oldest first (the one at `position` included when it exists).
    pub lines: Vec<Line>,
    /// Whether lines older than these exist.
    pub has_older: bool,
    /// Whether lines newer than these exist (the window is detached from the live end).
    pub has_newer: bool,
}

command!(LinesAround => "lines_around", LinesAroundOutput);

/// Writes a room's history as JSON lines of chat-log records
/// (`{"event_timestamp","type","version","payload"}`, as IVS chat logging writes them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRoom {
    /// The room's ARN.
    pub room_arn: String,
    /// Where to write; `None` for a new file in the data directory's `exports` folder.
    pub path: Option<String>,
}

/// Output of [`ExportRoom`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOutput {
    /// The file written.
    pub path: String,
    /// How many records it holds.
    pub records: u64,
}

command!(ExportRoom => "export_room", ExportOutput);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_round_trips() {
        let output = SearchOutput {
            hits: Vec::new(),
            more: true,
            understood: vec!["from alice".into()],
        };
        let json = serde_json::to_string(&output).unwrap_or_default();
        assert_eq!(
            serde_json::from_str::<SearchOutput>(&json).ok(),
            Some(output)
        );
    }
}
