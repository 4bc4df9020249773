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

use chatdeck_ipc::model::Line;
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
    /// A tab's room and session (which readies lines for its window), for the lines around
    /// a position.
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
        let tab = self.tabs.session(&request.tab_id)?;
        let around = self
            .history
            .around(
                &tab.room_arn,
                request.position,
                request.older.min(MAX_AROUND),
                request.newer.min(MAX_AROUND),
            )
            .await?;
        let mut lines = around.lines;
        tab.session.present(&mut lines);
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
        let tab = self.tabs.session(&request.tab_id)?;
        let mut original = self
            .history
            .by_message_id(&tab.room_arn, &request.message_id)
            .await?;
        if let Some(line) = &mut original {
            tab.session.present(std::slice::from_mut(line));
        }
        Ok(original)
    }
}

/// The end of an ARN (`room/abc123` → `abc123`).
fn arn_tail(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}
