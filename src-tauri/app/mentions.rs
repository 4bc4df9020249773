//! Mentions: lines that name the user (or a highlight word), as they happen and across the
//! history, and the desktop notifications they raise.
//!
//! - this file: the [`Mentions`] service: its commands, and the watcher fed every event.
//! - `watcher.rs`: which new lines are mentions, and which deserve a notification.

mod watcher;

pub use watcher::{MentionStatus, NOTIFY_GAP, Watcher};

use std::collections::HashMap;
use std::sync::Arc;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{self, ReportFocus};
use chatdeck_ipc::mention::{Highlighter, Mention};
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::settings::filters::Filtered;

use super::desktop::Desktop;
use super::filters::Filters;
use super::history::History;
use super::profiles::store::StoredProfile;
use super::settings::UserSettings;
use super::tabs::Tabs;
use crate::error::AppError;

/// Bound on one `mentions` answer.
const MAX_MENTIONS: u32 = 500;

/// The mentions service.
#[derive(Debug)]
pub struct Mentions {
    /// Judges new lines as they go out.
    watcher: Watcher,
    /// Highlight words and notification choices.
    settings: Arc<UserSettings>,
    /// Where notifications go.
    desktop: Arc<Desktop>,
    /// Mentions across every room ever opened.
    history: History,
    /// Which rooms are open, so a mention can open its tab.
    tabs: Arc<Tabs>,
    /// The ignore lists and filters: the view spans profiles, so all of them apply.
    filters: Arc<Filters>,
}

impl Mentions {
    /// The mentions of these profiles (more are learnt from profile events).
    pub fn new(
        profiles: &[StoredProfile],
        settings: Arc<UserSettings>,
        desktop: Arc<Desktop>,
        history: History,
        tabs: Arc<Tabs>,
        filters: Arc<Filters>,
    ) -> Self {
        Self {
            watcher: Watcher::new(profiles),
            settings,
            desktop,
            history,
            tabs,
            filters,
        }
    }

    /// Looks at one outgoing event; returns the events it causes.
    pub fn observe(&self, body: &UiEventBody) -> Vec<UiEventBody> {
        self.watcher
            .observe(body, || self.settings.get(), &self.desktop)
    }

    /// See [`ReportFocus`].
    pub async fn report_focus(&self, request: ReportFocus) -> Result<(), AppError> {
        self.watcher.focus(&request.window, request.focused);
        Ok(())
    }

    /// Whether any Chatdeck window has focus (notifications wait while one has).
    pub fn has_focus(&self) -> bool {
        self.watcher.any_focused()
    }

    /// Pauses or resumes desktop notifications (the tray's switch).
    pub fn pause_notifications(&self, paused: bool) {
        tracing::info!(paused, "mention notifications");
        self.watcher.pause_notifications(paused);
    }

    /// Unread mentions and the pause, now and as they change.
    pub fn status(&self) -> tokio::sync::watch::Receiver<MentionStatus> {
        self.watcher.status()
    }

    /// See [`command::Mentions`]: lines of every room in the history store that name one of
    /// the profiles or a highlight word, newest first (none an ignore list or filter hides).
    pub async fn mentions(&self, request: command::Mentions) -> Result<Vec<Mention>, AppError> {
        let limit = request.limit.clamp(1, MAX_MENTIONS);
        let names = self.watcher.all_names();
        let words = self.settings.get().highlight_words;
        let highlighter = Highlighter::new(
            names.iter().map(String::as_str),
            words.iter().map(String::as_str),
        );
        if highlighter.is_empty() {
            return Ok(Vec::new());
        }
        let terms: Vec<String> = names.into_iter().chain(words).collect();
        let candidates = self.history.mention_candidates(&terms, limit * 4).await?;
        let open: HashMap<String, (TabId, String)> = self
            .tabs
            .rooms()
            .into_iter()
            .map(|(tab_id, room)| (room.arn, (tab_id, room.name)))
            .collect();
        Ok(candidates
            .into_iter()
            .filter(|(_, line)| !line.own)
            .filter_map(|(room_arn, mut line)| {
                self.filters.apply_all(&mut line);
                if line.filtered.is_some_and(Filtered::hides) {
                    return None;
                }
                let kind = highlighter.mention(&line.content)?;
                let (tab_id, room_name) = match open.get(&room_arn) {
                    Some((tab_id, name)) => (Some(tab_id.clone()), name.clone()),
                    None => (
                        None,
                        room_arn.rsplit('/').next().unwrap_or(&room_arn).to_owned(),
                    ),
                };
                Some(Mention {
                    tab_id,
                    room_arn,
                    room_name,
                    kind,
                    line,
                })
            })
            .take(limit as usize)
            .collect())
    }
}
