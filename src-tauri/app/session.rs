//! One tab's session: an ivs-chat-client [`Room`] and the task that turns its updates into
//! lines in the history store and batched events for the UI.
//!
//! The session task owns every line's fate: it is the only reader of the room's updates and
//! the only writer of the room's lines, and commands from the UI reach it through a bounded
//! channel, so a local echo is recorded before any update about it can be read. Lines that
//! change are stored and emitted together about every [`BATCH_INTERVAL`].

mod actor;
mod delay;
mod gap;
mod health;
pub mod lines;
pub mod reasons;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chatdeck_ipc::health::RoomHealth;
use chatdeck_ipc::model::{
    Capability, Connection, ConnectionState, Line, LineKey, ProfileId, Sender, TabId,
};
use chatdeck_l10n::Words;
use ivs_chat_client::{Config, Limits, Room};
use tokio::sync::{mpsc, oneshot};

use super::connect::RoomAccess;
use super::events::Events;
use super::filters::{Filters, LineFilter};
use super::history::History;
use super::language::ShellLanguage;
use crate::error::AppError;

/// How long updates are gathered before the UI hears of them (STYLE: ~50 ms batching).
pub const BATCH_INTERVAL: Duration = Duration::from_millis(50);

/// The sessions' shared beat: every [`BATCH_INTERVAL`], at the same instants in every
/// session (whole multiples of it on the system clock), so that what the rooms store reaches
/// the history writer together and goes into one transaction. A late tick is skipped, not
/// shifted, so a session stays on the beat.
fn batch_ticks() -> tokio::time::Interval {
    let step = BATCH_INTERVAL.as_millis();
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let to_beat = (step - since_epoch % step) as u64;
    let mut ticks = tokio::time::interval_at(
        tokio::time::Instant::now() + Duration::from_millis(to_beat),
        BATCH_INTERVAL,
    );
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    ticks
}

/// Commands waiting for the session task; the UI sends one per user action.
const CONTROL_CAPACITY: usize = 32;

/// What the snapshot needs of a live session, kept current by its task.
#[derive(Debug, Clone)]
pub struct Live {
    /// The connection.
    pub connection: Connection,
    /// This client's user id, once a token says so.
    pub user_id: Option<String>,
    /// What the token allows.
    pub capabilities: Vec<Capability>,
    /// Lines at or below this position were seen before this session started.
    pub history_boundary: i64,
    /// The health strip as last pushed.
    pub health: Option<RoomHealth>,
}

/// Something the UI asks of a session.
#[derive(Debug)]
enum Control {
    Send {
        content: String,
        reply_to: Option<String>,
        reply: oneshot::Sender<Result<Line, AppError>>,
    },
    Retry {
        key: LineKey,
        reply: oneshot::Sender<Result<(), AppError>>,
    },
    Discard {
        key: LineKey,
        reply: oneshot::Sender<Result<(), AppError>>,
    },
    Delete {
        key: LineKey,
        reason: Option<String>,
        reply: oneshot::Sender<Result<(), AppError>>,
    },
    Kick {
        user_id: String,
        reason: Option<String>,
        reply: oneshot::Sender<Result<(), AppError>>,
    },
    SetDelay {
        delay: Duration,
        reply: oneshot::Sender<Result<(), AppError>>,
    },
    Refilter {
        lines: u32,
        reply: oneshot::Sender<Result<(), AppError>>,
    },
}

/// Who this session is and where its lines go.
#[derive(Debug, Clone)]
pub struct SessionSetup {
    /// The tab.
    pub tab_id: TabId,
    /// The room's ARN: the history store's room key.
    pub room_arn: String,
    /// How this client appears on its own pending lines.
    pub me: Sender,
    /// The room's limits.
    pub limits: Limits,
    /// The capabilities the profile asks for: what the token allows when the token
    /// provider cannot say (a token endpoint answers with the token only).
    pub requested: Vec<Capability>,
    /// How long others' new lines wait before they are shown (the tab's chat delay).
    pub chat_delay: Duration,
    /// The profile the tab is open with: whose ignore list and filters apply.
    pub profile_id: ProfileId,
    /// Every profile's filters.
    pub filters: Arc<Filters>,
    /// The language of the lines the session writes itself (notices, gaps, the moderation
    /// log): they are kept as text, in the history and the log.
    pub language: Arc<ShellLanguage>,
}

/// A running session. Dropping it stops the task and closes the room.
#[derive(Debug)]
pub struct Session {
    /// The room handle (connect, reconnect).
    room: Room,
    /// The task's inbox.
    control: mpsc::Sender<Control>,
    /// Shared with the task; a std Mutex held only to copy or set a few fields.
    live: Arc<Mutex<Live>>,
    /// The task.
    task: tokio::task::JoinHandle<()>,
    /// The profile whose filters apply, and the filters.
    profile_id: ProfileId,
    filters: Arc<Filters>,
}

impl Drop for Session {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Session {
    /// Starts a session over `access`, not yet connected: the caller announces the tab
    /// first, so no event about it can precede the tab itself, then calls [`Session::connect`].
    pub async fn start(
        setup: SessionSetup,
        access: RoomAccess,
        events: Arc<Events>,
        history: History,
    ) -> Result<Session, AppError> {
        let boundary = history
            .latest(&setup.room_arn, 1)
            .await?
            .last()
            .map_or(0, |line| line.position);
        let mut config = Config::new(access.endpoint, access.tokens);
        config.limits = setup.limits;
        let (room, updates, engine) = Room::new(config);
        // The engine's actor runs on the app's tokio runtime (Tauri's async runtime in the
        // desktop app, the test's runtime in tests): whichever runs this function.
        tokio::spawn(engine);
        let live = Arc::new(Mutex::new(Live {
            connection: Connection {
                state: ConnectionState::Connecting,
                reason: None,
            },
            user_id: None,
            capabilities: Vec::new(),
            history_boundary: boundary,
            health: None,
        }));
        let (control, inbox) = mpsc::channel(CONTROL_CAPACITY);
        let (profile_id, filters) = (setup.profile_id.clone(), setup.filters.clone());
        let task = tokio::spawn(
            actor::Actor::new(
                setup,
                room.clone(),
                updates,
                inbox,
                events,
                history,
                live.clone(),
            )
            .run(),
        );
        Ok(Session {
            room,
            control,
            live,
            task,
            profile_id,
            filters,
        })
    }

    /// The live state, for a snapshot.
    pub fn live(&self) -> Live {
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Readies stored lines of this session's room for a window (see [`present`]).
    pub fn present(&self, lines: &mut [Line]) {
        let boundary = self.live().history_boundary;
        present(lines, boundary, &self.filters.of(&self.profile_id));
    }

    /// Shows the room's newest `lines` again under the profile's filters as they are now
    /// (they changed), replacing what the windows hold.
    pub async fn refilter(&self, lines: u32) -> Result<(), AppError> {
        self.ask(|reply| Control::Refilter { lines, reply }).await
    }

    /// Connects (again, after a disconnect); a no-op while connected.
    pub async fn connect(&self) -> Result<(), AppError> {
        self.room.connect().await?;
        Ok(())
    }

    /// Closes the connection.
    pub async fn disconnect(&self) {
        // A stopped room is already disconnected.
        let _ = self.room.disconnect().await;
    }

    async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, AppError>>) -> Control,
    ) -> Result<T, AppError> {
        let (reply, answer) = oneshot::channel();
        self.control
            .send(make(reply))
            .await
            .map_err(|_| AppError::Internal(Words::new("shell-error-session-stopped")))?;
        answer
            .await
            .map_err(|_| AppError::Internal(Words::new("shell-error-session-stopped")))?
    }

    /// Sends a message, answering the message `reply_to` if given; returns its pending line.
    pub async fn send(&self, content: String, reply_to: Option<String>) -> Result<Line, AppError> {
        self.ask(|reply| Control::Send {
            content,
            reply_to,
            reply,
        })
        .await
    }

    /// Sends a failed message again.
    pub async fn retry(&self, key: LineKey) -> Result<(), AppError> {
        self.ask(|reply| Control::Retry { key, reply }).await
    }

    /// Forgets a failed message.
    pub async fn discard(&self, key: LineKey) -> Result<(), AppError> {
        self.ask(|reply| Control::Discard { key, reply }).await
    }

    /// Deletes a message for everyone.
    pub async fn delete(&self, key: LineKey, reason: Option<String>) -> Result<(), AppError> {
        self.ask(|reply| Control::Delete { key, reason, reply })
            .await
    }

    /// Changes how long others' new lines wait before they are shown.
    pub async fn set_delay(&self, delay: Duration) -> Result<(), AppError> {
        self.ask(|reply| Control::SetDelay { delay, reply }).await
    }

    /// Disconnects a user.
    pub async fn kick(&self, user_id: String, reason: Option<String>) -> Result<(), AppError> {
        self.ask(|reply| Control::Kick {
            user_id,
            reason,
            reply,
        })
        .await
    }
}

/// Readies stored lines for a window: whether each was seen before this session (at or below
/// `boundary`), and what the profile's `filter` does to it. The history keeps them as sent.
fn present(lines: &mut [Line], boundary: i64, filter: &LineFilter) {
    for line in lines {
        line.history = line.position <= boundary;
        filter.apply(line);
    }
}
