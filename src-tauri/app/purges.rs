//! Bulk moderation: "disconnect this user and delete their last N messages in this room",
//! paced under the messaging rate limits, with progress events, cancellable.
//!
//! Deletions go through the tab's own connection (its token has DELETE_MESSAGE), one every
//! [`PACE`]: the service allows 10 requests a second per connection (reference §1.10), and
//! the pace leaves room for the moderator's own messages meanwhile.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::health::{CancelPurge, PurgeProgress, PurgeState, StartPurge};
use chatdeck_ipc::model::{Capability, Line, LineKind};
use tokio::sync::watch;

use chatdeck_ipc::model::TabId;
use chatdeck_l10n::Words;

use super::events::Events;
use super::history::History;
use super::session::Session;
use super::tabs::Tabs;
use crate::error::AppError;

/// The pause between two deletions: 4 a second, under the 10 a second per connection.
pub const PACE: Duration = Duration::from_millis(250);
/// The most messages one purge deletes.
pub const MAX_PURGE: u32 = 500;
/// Lines of the user read beyond `count`, so already-deleted ones can be skipped.
const SLACK: u32 = 200;

/// The purges running now, by id, with the switch that cancels each.
type Running = Arc<Mutex<HashMap<String, Purge>>>;

/// The bulk-purge service.
#[derive(Debug)]
pub struct Purges {
    /// The running purges. A std Mutex: held only to add, find or remove an entry; shared
    /// with each purge's task, which removes its own entry when it ends.
    running: Running,
    /// Deletions go through a tab's own session.
    tabs: Arc<Tabs>,
    /// The user's messages to delete are read here.
    history: History,
    /// Progress goes out here.
    events: Arc<Events>,
}

/// A running purge.
#[derive(Debug)]
struct Purge {
    tab_id: TabId,
    user_id: String,
    cancel: watch::Sender<bool>,
}

impl Purges {
    /// The purge service over these tabs.
    pub fn new(tabs: Arc<Tabs>, history: History, events: Arc<Events>) -> Self {
        Self {
            running: Running::default(),
            tabs,
            history,
            events,
        }
    }
}

fn lock(running: &Running) -> std::sync::MutexGuard<'_, HashMap<String, Purge>> {
    running
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The newest `count` messages among `lines` (oldest first) that can still be deleted,
/// newest first: the order a purge deletes them in, so what readers see goes first.
pub fn targets(lines: &[Line], count: u32) -> Vec<Line> {
    lines
        .iter()
        .rev()
        .filter(|line| {
            matches!(line.kind, LineKind::Message)
                && line.message_id.is_some()
                && line.deleted.is_none()
        })
        .take(count as usize)
        .cloned()
        .collect()
}

impl Purges {
    /// See [`StartPurge`].
    pub async fn start_purge(&self, request: StartPurge) -> Result<PurgeProgress, AppError> {
        if request.count == 0 || request.count > MAX_PURGE {
            return Err(AppError::Invalid(
                Words::new("shell-error-purge-count").with("max", MAX_PURGE),
            ));
        }
        let tab = self.tabs.session(&request.tab_id)?;
        let session = tab.session;
        let live = session.live();
        if !live.capabilities.contains(&Capability::DeleteMessage) {
            return Err(AppError::Invalid(Words::new("shell-error-purge-delete")));
        }
        if request.disconnect && !live.capabilities.contains(&Capability::DisconnectUser) {
            return Err(AppError::Invalid(Words::new(
                "shell-error-purge-disconnect",
            )));
        }
        let reason = request.reason.filter(|reason| !reason.trim().is_empty());
        if request.disconnect {
            session
                .kick(request.user_id.clone(), reason.clone())
                .await?;
        }
        let lines = self
            .history
            .by_sender(&tab.room_arn, &request.user_id, request.count + SLACK)
            .await?;
        let targets = targets(&lines, request.count);
        let id = uuid::Uuid::new_v4().simple().to_string();
        let progress = PurgeProgress {
            id: id.clone(),
            user_id: request.user_id.clone(),
            total: u32::try_from(targets.len()).unwrap_or(u32::MAX),
            done: 0,
            disconnected: request.disconnect,
            state: if targets.is_empty() {
                PurgeState::Done
            } else {
                PurgeState::Running
            },
        };
        if targets.is_empty() {
            self.events.emit(UiEventBody::Purge {
                tab_id: request.tab_id,
                progress: progress.clone(),
            });
            return Ok(progress);
        }
        let (cancel, cancelled) = watch::channel(false);
        {
            let mut running = lock(&self.running);
            if running
                .values()
                .any(|purge| purge.tab_id == request.tab_id && purge.user_id == request.user_id)
            {
                return Err(AppError::Invalid(
                    Words::new("shell-error-purge-running").with("user", request.user_id.as_str()),
                ));
            }
            running.insert(
                id.clone(),
                Purge {
                    tab_id: request.tab_id.clone(),
                    user_id: request.user_id.clone(),
                    cancel,
                },
            );
        }
        tracing::info!(tab = %request.tab_id, user = %request.user_id, total = progress.total, "purge started");
        self.events.emit(UiEventBody::Purge {
            tab_id: request.tab_id.clone(),
            progress: progress.clone(),
        });
        let run = Run {
            tab_id: request.tab_id,
            session,
            events: self.events.clone(),
            targets,
            reason,
            cancelled,
        };
        let running = self.running.clone();
        let started = progress.clone();
        tokio::spawn(async move {
            run.run(progress).await;
            lock(&running).remove(&id);
        });
        Ok(started)
    }

    /// See [`CancelPurge`].
    pub async fn cancel_purge(&self, request: CancelPurge) -> Result<(), AppError> {
        let running = lock(&self.running);
        let purge = running
            .get(&request.purge_id)
            .filter(|purge| purge.tab_id == request.tab_id)
            .ok_or_else(|| AppError::NotFound(Words::new("shell-error-purge-ended")))?;
        // A purge that ended meanwhile has dropped its receiver; nothing is left to stop.
        let _ = purge.cancel.send(true);
        Ok(())
    }
}

/// One purge's work, owned by its task.
struct Run {
    tab_id: TabId,
    session: Arc<Session>,
    events: Arc<Events>,
    targets: Vec<Line>,
    reason: Option<String>,
    cancelled: watch::Receiver<bool>,
}

impl Run {
    async fn run(mut self, mut progress: PurgeProgress) {
        let targets = std::mem::take(&mut self.targets);
        for (index, line) in targets.into_iter().enumerate() {
            if index > 0 {
                // Paced, but a cancel does not wait for the pause to end.
                tokio::select! {
                    () = tokio::time::sleep(PACE) => {}
                    _ = self.cancelled.wait_for(|cancelled| *cancelled) => {}
                }
            }
            if *self.cancelled.borrow() {
                progress.state = PurgeState::Cancelled;
                break;
            }
            if let Err(error) = self.session.delete(line.key, self.reason.clone()).await {
                progress.state = PurgeState::Failed {
                    reason: error.to_string(),
                };
                break;
            }
            progress.done += 1;
            if progress.done < progress.total {
                self.emit(&progress);
            } else {
                progress.state = PurgeState::Done;
            }
        }
        tracing::info!(tab = %self.tab_id, done = progress.done, total = progress.total, state = ?progress.state, "purge ended");
        self.emit(&progress);
    }

    fn emit(&self, progress: &PurgeProgress) {
        self.events.emit(UiEventBody::Purge {
            tab_id: self.tab_id.clone(),
            progress: progress.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_ipc::model::{Deletion, SendState};

    fn line(key: &str, kind: LineKind, message_id: Option<&str>, deleted: bool) -> Line {
        Line {
            key: key.into(),
            position: 0,
            message_id: message_id.map(str::to_owned),
            kind,
            sender: None,
            content: String::new(),
            attributes: Vec::new(),
            time_ms: 0,
            own: false,
            send: SendState::Confirmed,
            deleted: deleted.then_some(Deletion { reason: None }),
            history: false,
            filtered: None,
        }
    }

    #[test]
    fn targets_are_the_newest_deletable_messages_newest_first() {
        let lines = [
            line("a", LineKind::Message, Some("idA"), false),
            line("b", LineKind::Message, Some("idB"), false),
            line("c", LineKind::Message, Some("idC"), true),
            line("d", LineKind::Notice, None, false),
            line("e", LineKind::Message, None, false),
            line("f", LineKind::Message, Some("idF"), false),
        ];
        let keys = |count| -> Vec<String> {
            targets(&lines, count)
                .into_iter()
                .map(|line| line.key.to_string())
                .collect()
        };
        assert_eq!(keys(2), ["f", "b"]);
        assert_eq!(keys(10), ["f", "b", "a"]);
        assert!(keys(0).is_empty());
    }
}
