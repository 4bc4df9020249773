//! Search over the history, a tab's lines around a position, and export in the IVS chat-log
//! record format.
//!
//! - this file: the [`Search`] service: search, lines around a position, the message a reply
//!   answers.
//! - `export.rs`: a room's history written as chat-log records.

mod export;

pub use export::{EXPORTS_DIR, record};

use std::path::PathBuf;
use std::sync::Arc;

use chatdeck_ipc::model::{Line, TabId};
use chatdeck_ipc::reply::{self, ReplyOriginal};
use chatdeck_ipc::search::{
    LinesAround, LinesAroundOutput, SearchHistory, SearchHit, SearchOutput,
};

use super::history::{History, Query};
use super::tabs::Tabs;
use crate::error::AppError;

/// Bound on one search answer.
const MAX_HITS: u32 = 500;
/// Bound on either side of a `lines_around` answer.
const MAX_AROUND: u32 = 500;
/// The search and export service.
#[derive(Debug)]
pub struct Search {
    /// What is searched and exported.
    history: History,
    /// A tab's room and history boundary, for the lines around a position.
    tabs: Arc<Tabs>,
    /// Exports go to its `exports` folder, and relative export paths start there.
    data_dir: PathBuf,
}

impl Search {
    /// Search over `history`; exports under `data_dir`.
    pub fn new(history: History, tabs: Arc<Tabs>, data_dir: PathBuf) -> Self {
        Self {
            history,
            tabs,
            data_dir,
        }
    }

    /// A tab's history boundary (lines at or below it are from earlier sessions) and room.
    fn tab_room(&self, tab_id: &TabId) -> Result<(i64, String), AppError> {
        let tab = self.tabs.session(tab_id)?;
        Ok((tab.session.live().history_boundary, tab.room_arn))
    }

    /// See [`SearchHistory`].
    pub async fn search_history(&self, request: SearchHistory) -> Result<SearchOutput, AppError> {
        let query = Query::parse(&request.query);
        let limit = request.limit.clamp(1, MAX_HITS);
        let (found, more) = self.history.search(&query, limit).await?;
        let hits = found
            .into_iter()
            .map(|found| SearchHit {
                room_name: found
                    .room_name
                    .filter(|name| !name.is_empty())
                    .unwrap_or_else(|| arn_tail(&found.room)),
                room_arn: found.room,
                profile_id: found.profile_id,
                line: found.line,
            })
            .collect();
        Ok(SearchOutput {
            hits,
            more,
            understood: query.understood(),
        })
    }

    /// See [`LinesAround`].
    pub async fn lines_around(&self, request: LinesAround) -> Result<LinesAroundOutput, AppError> {
        let (boundary, room) = self.tab_room(&request.tab_id)?;
        let around = self
            .history
            .around(
                &room,
                request.position,
                request.older.min(MAX_AROUND),
                request.newer.min(MAX_AROUND),
            )
            .await?;
        let mut lines = around.lines;
        for line in &mut lines {
            line.history = line.position <= boundary;
        }
        Ok(LinesAroundOutput {
            lines,
            has_older: around.has_older,
            has_newer: around.has_newer,
        })
    }

    /// See [`ReplyOriginal`]. `None` when the history does not hold it (it was sent before
    /// this client joined, or the id names nothing).
    pub async fn reply_original(&self, request: ReplyOriginal) -> Result<Option<Line>, AppError> {
        if !reply::is_message_id(&request.message_id) {
            return Ok(None);
        }
        let (boundary, room) = self.tab_room(&request.tab_id)?;
        let mut original = self
            .history
            .by_message_id(&room, &request.message_id)
            .await?;
        if let Some(line) = &mut original {
            line.history = line.position <= boundary;
        }
        Ok(original)
    }
}

/// The end of an ARN (`room/abc123` → `abc123`).
fn arn_tail(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}
