//! The session task: reads the room's updates and the UI's commands, keeps lines in the
//! history store, and emits them in batches.

mod updates;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::model::{Line, LineKey, ModerationEntry, SendState, TabId};
use chatdeck_ipc::reply::REPLY_ATTRIBUTE;
use chatdeck_l10n::Words;
use ivs_chat_client::{Action, RequestId, RequestStatus, Room, Updates};
use ivs_chat_protocol::Attributes;
use tokio::sync::mpsc;

use super::delay::Delay;
use super::gap::GapWatch;
use super::health::{HEALTH_INTERVAL, Health};
use super::lines::{self, who};
use super::{Control, Live, SessionSetup};
use crate::app::events::Events;
use crate::app::history::History;
use crate::error::AppError;

/// Updates taken from the room per wake-up.
const UPDATE_BATCH: usize = 256;

pub(super) struct Actor {
    setup: SessionSetup,
    room: Room,
    updates: Updates,
    inbox: mpsc::Receiver<Control>,
    events: Arc<Events>,
    history: History,
    live: Arc<Mutex<Live>>,
    /// This client's sends by line key, for retry and discard and to recognize their echo.
    sends: HashMap<LineKey, RequestId>,
    /// Deletes and kicks this client asked for, by request id, until their event arrives.
    moderation: HashMap<String, String>,
    /// Lines changed since the last flush, in the order they changed.
    dirty: Vec<Line>,
    /// Moderation-log entries since the last flush.
    log: Vec<ModerationEntry>,
    /// The room's health strip.
    health: Health,
    /// The stretches without a connection, marked in the list.
    gaps: GapWatch,
    /// Others' new lines held back by the tab's chat delay.
    delay: Delay,
}

impl Actor {
    pub(super) fn new(
        setup: SessionSetup,
        room: Room,
        updates: Updates,
        inbox: mpsc::Receiver<Control>,
        events: Arc<Events>,
        history: History,
        live: Arc<Mutex<Live>>,
    ) -> Self {
        Self {
            health: Health::new(setup.limits.maximum_message_rate),
            delay: Delay::new(setup.chat_delay),
            setup,
            room,
            updates,
            inbox,
            events,
            history,
            live,
            sends: HashMap::new(),
            moderation: HashMap::new(),
            dirty: Vec::new(),
            log: Vec::new(),
            gaps: GapWatch::default(),
        }
    }

    pub(super) async fn run(mut self) {
        // The beat runs only while something waits to be stored or released: a quiet room's
        // session sleeps instead of waking twenty times a second. Taken up again, it starts
        // anew from the shared beat's next instant (a tick missed while asleep would fire at
        // once, off the beat, and be stored alone).
        let mut tick = super::batch_ticks();
        let mut on_beat = false;
        let mut buffer = Vec::with_capacity(UPDATE_BATCH);
        let mut health_tick = tokio::time::interval(HEALTH_INTERVAL);
        health_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let waiting = self.waiting();
            if waiting && !on_beat {
                tick = super::batch_ticks();
            }
            on_beat = waiting;
            tokio::select! {
                control = self.inbox.recv() => match control {
                    Some(control) => self.control(control).await,
                    None => break,
                },
                taken = self.updates.recv_many(&mut buffer, UPDATE_BATCH) => {
                    if taken == 0 {
                        break;
                    }
                    for update in buffer.drain(..) {
                        self.update(update).await;
                    }
                }
                _ = tick.tick(), if waiting => {
                    self.release_due();
                    self.flush().await;
                }
                _ = health_tick.tick() => self.push_health(),
            }
        }
        // Lines the chat delay still holds go to the history store with the rest.
        self.delay.set(std::time::Duration::ZERO);
        self.release_due();
        self.flush().await;
    }

    fn set_live(&self, change: impl FnOnce(&mut Live)) {
        change(
            &mut self
                .live
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
    }

    /// Pushes the health strip when it changed.
    fn push_health(&mut self) {
        if let Some(health) = self.health.changed(tokio::time::Instant::now()) {
            // Kept for the tab's view too: the first push may precede the tab's announcement,
            // and a window opened later gets no push while the room stays quiet.
            self.set_live(|live| live.health = Some(health.clone()));
            self.emit(UiEventBody::Health {
                tab_id: self.tab_id(),
                health,
            });
        }
    }

    fn emit(&self, body: UiEventBody) {
        self.events.emit(body);
    }

    fn tab_id(&self) -> TabId {
        self.setup.tab_id.clone()
    }

    fn room_arn(&self) -> &str {
        &self.setup.room_arn
    }

    /// The line under `key`: held by the delay, changed since the last flush, or stored.
    async fn line(&self, key: &LineKey) -> Option<Line> {
        if let Some(line) = self.delay.find(|line| &line.key == key) {
            return Some(line.clone());
        }
        if let Some(line) = self.dirty.iter().rev().find(|line| &line.key == key) {
            return Some(line.clone());
        }
        self.stored(self.history.by_key(self.room_arn(), key).await)
    }

    async fn line_by_message_id(&self, id: &str) -> Option<Line> {
        if let Some(line) = self
            .delay
            .find(|line| line.message_id.as_deref() == Some(id))
        {
            return Some(line.clone());
        }
        if let Some(line) = self
            .dirty
            .iter()
            .rev()
            .find(|line| line.message_id.as_deref() == Some(id))
        {
            return Some(line.clone());
        }
        self.stored(self.history.by_message_id(self.room_arn(), id).await)
    }

    fn stored(
        &self,
        found: Result<Option<Line>, crate::app::history::HistoryError>,
    ) -> Option<Line> {
        found.unwrap_or_else(|error| {
            tracing::warn!(%error, "history lookup failed");
            None
        })
    }

    /// Marks a line changed; it is stored and emitted at the next flush (or, while the chat
    /// delay holds it, when it is released).
    fn touch(&mut self, line: Line) {
        if let Some(line) = self.delay.pass(line, false, tokio::time::Instant::now()) {
            self.mark_dirty(line);
        }
    }

    /// A line nobody has been shown yet: others' wait out the chat delay.
    fn touch_new(&mut self, line: Line) {
        if let Some(line) = self.delay.pass(line, true, tokio::time::Instant::now()) {
            self.mark_dirty(line);
        }
    }

    /// Whether lines or log entries wait for the next beat, or the chat delay holds lines.
    fn waiting(&self) -> bool {
        !self.dirty.is_empty() || !self.log.is_empty() || self.delay.is_holding()
    }

    /// Moves the lines the chat delay has done holding to the next flush.
    fn release_due(&mut self) {
        for line in self.delay.due(tokio::time::Instant::now()) {
            self.mark_dirty(line);
        }
    }

    fn mark_dirty(&mut self, line: Line) {
        match self.dirty.iter_mut().find(|dirty| dirty.key == line.key) {
            Some(dirty) => *dirty = line,
            None => self.dirty.push(line),
        }
    }

    fn note(&mut self, text: String) {
        self.log.push(ModerationEntry {
            time_ms: lines::now_ms(),
            text,
        });
    }

    /// Readies stored lines for the windows (see [`super::present`]).
    fn present(&self, lines: &mut [Line]) {
        let boundary = self.live.lock().map_or(0, |live| live.history_boundary);
        let filter = self.setup.filters.of(&self.setup.profile_id);
        super::present(lines, boundary, &filter);
    }

    /// The room's newest `count` lines again, under the filters as they are now, replacing
    /// what the windows hold.
    async fn refilter(&mut self, count: u32) -> Result<(), AppError> {
        // Lines gathered so far are stored first, so the newest are among them.
        self.flush().await;
        let mut lines = self.history.latest(self.room_arn(), count).await?;
        self.present(&mut lines);
        self.emit(UiEventBody::LinesReplaced {
            tab_id: self.tab_id(),
            lines,
        });
        Ok(())
    }

    /// Stores and emits what changed.
    async fn flush(&mut self) {
        if !self.dirty.is_empty() {
            let dirty = std::mem::take(&mut self.dirty);
            match self.history.upsert(self.room_arn(), dirty).await {
                Ok(mut stored) => {
                    self.present(&mut stored);
                    self.emit(UiEventBody::Lines {
                        tab_id: self.tab_id(),
                        lines: stored,
                    });
                }
                Err(error) => tracing::warn!(%error, "lines could not be stored"),
            }
        }
        if !self.log.is_empty() {
            let entries = std::mem::take(&mut self.log);
            if let Err(error) = self
                .history
                .add_moderation(self.room_arn(), entries.clone())
                .await
            {
                tracing::warn!(%error, "moderation log could not be stored");
            }
            self.emit(UiEventBody::Moderation {
                tab_id: self.tab_id(),
                entries,
            });
        }
    }

    async fn request(&mut self, request_id: RequestId, action: Action, status: RequestStatus) {
        match action {
            Action::Send => {
                // This client's messages are keyed by their request id.
                let key = LineKey::from(request_id.as_str());
                let Some(mut line) = self.line(&key).await else {
                    return;
                };
                match status {
                    RequestStatus::Pending => line.send = SendState::Pending,
                    RequestStatus::Confirmed { id } => {
                        self.health.confirmed(&key, tokio::time::Instant::now());
                        line.send = SendState::Confirmed;
                        line.message_id = Some(id);
                    }
                    RequestStatus::Failed(failure) => {
                        self.health.failed(&key);
                        tracing::info!(tab = %self.setup.tab_id, reason = %failure.message, "message failed");
                        line.send = SendState::Failed {
                            reason: super::reasons::failure_words(&failure),
                            retryable: failure.retryable,
                        };
                    }
                }
                self.touch(line);
            }
            Action::Delete | Action::Kick => {
                if let RequestStatus::Failed(failure) = status {
                    let target = self
                        .moderation
                        .remove(request_id.as_str())
                        .unwrap_or_default();
                    let id = if action == Action::Delete {
                        "shell-log-delete-failed"
                    } else {
                        "shell-log-disconnect-failed"
                    };
                    // The service's or the engine's words for the failure, as they came.
                    let args = chatdeck_l10n::Args::new()
                        .with("target", target)
                        .with("error", failure.message);
                    let text = self.setup.language.text_with(id, &args);
                    self.note(text);
                }
            }
        }
    }

    async fn control(&mut self, control: Control) {
        match control {
            Control::Send {
                content,
                reply_to,
                reply,
            } => {
                // A closed reply means the UI stopped waiting; the line still lands by events.
                let _ = reply.send(self.send(content, reply_to).await);
            }
            Control::Retry { key, reply } => {
                let _ = reply.send(self.retry(key).await);
            }
            Control::Discard { key, reply } => {
                let _ = reply.send(self.discard(key).await);
            }
            Control::Delete { key, reason, reply } => {
                let _ = reply.send(self.delete(key, reason).await);
            }
            Control::Kick {
                user_id,
                reason,
                reply,
            } => {
                let result = self
                    .room
                    .disconnect_user(user_id.clone(), reason)
                    .await
                    .map(|id| {
                        self.moderation.insert(id.as_str().to_owned(), user_id);
                    })
                    .map_err(AppError::from);
                let _ = reply.send(result);
            }
            Control::SetDelay { delay, reply } => {
                self.delay.set(delay);
                // What a shorter delay made due shows now, not at the next tick.
                self.release_due();
                self.flush().await;
                let _ = reply.send(Ok(()));
            }
            Control::Refilter { lines, reply } => {
                let _ = reply.send(self.refilter(lines).await);
            }
        }
    }

    async fn send(&mut self, content: String, reply_to: Option<String>) -> Result<Line, AppError> {
        let attributes: Attributes = reply_to
            .map(|id| (REPLY_ATTRIBUTE.to_owned(), id))
            .into_iter()
            .collect();
        let id = self
            .room
            .send_message(content.clone(), attributes.clone())
            .await?;
        let key = LineKey::from(id.as_str());
        self.health.sent(&key, tokio::time::Instant::now());
        self.sends.insert(key.clone(), id);
        let line = lines::pending_line(key, content, &attributes, self.setup.me.clone());
        let stored = self.history.upsert(self.room_arn(), vec![line]).await?;
        self.emit(UiEventBody::Lines {
            tab_id: self.tab_id(),
            lines: stored.clone(),
        });
        stored
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Internal(Words::new("shell-error-lost-line")))
    }

    async fn retry(&mut self, key: LineKey) -> Result<(), AppError> {
        if let Some(id) = self.sends.get(&key) {
            return Ok(self.room.retry(id.clone()).await?);
        }
        // A failed line from an earlier run: the engine never knew it, so send it anew.
        let line = self
            .line(&key)
            .await
            .filter(|line| {
                line.own && matches!(line.send, SendState::Failed { .. } | SendState::Pending)
            })
            .ok_or_else(|| AppError::Invalid(Words::new("shell-error-retry-own")))?;
        self.forget(&key).await?;
        let reply_to = line.reply_to().map(str::to_owned);
        self.send(line.content, reply_to).await.map(drop)
    }

    async fn discard(&mut self, key: LineKey) -> Result<(), AppError> {
        if let Some(id) = self.sends.get(&key) {
            self.room.discard(id.clone()).await?;
        }
        self.forget(&key).await
    }

    async fn forget(&mut self, key: &LineKey) -> Result<(), AppError> {
        self.sends.remove(key);
        self.dirty.retain(|line| &line.key != key);
        self.history.remove(self.room_arn(), key).await?;
        self.emit(UiEventBody::LinesRemoved {
            tab_id: self.tab_id(),
            keys: vec![key.clone()],
        });
        Ok(())
    }

    async fn delete(&mut self, key: LineKey, reason: Option<String>) -> Result<(), AppError> {
        let line = self
            .line(&key)
            .await
            .ok_or_else(|| AppError::NotFound(Words::new("shell-error-message-gone")))?;
        let message_id = line
            .message_id
            .clone()
            .ok_or_else(|| AppError::Invalid(Words::new("shell-error-not-delivered")))?;
        let id = self.room.delete_message(message_id, reason).await?;
        let author = line
            .sender
            .as_ref()
            .map(|sender| who(&sender.user_id, Some(&sender.display_name)))
            .unwrap_or_default();
        self.moderation.insert(id.as_str().to_owned(), author);
        Ok(())
    }
}
