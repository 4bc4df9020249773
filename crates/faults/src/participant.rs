//! A client under observation: a [`Room`] whose updates are drained continuously (so the
//! update stream never backs up because of the harness) into a [`Tracker`], and, when tapped,
//! a [`Tap`] in front of it recording what the service really sent (before the client's own
//! deduplication).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ivs_chat_client::{ConnectionState, Reason, RequestId, RequestStatus, Room, Update};
use ivs_chat_protocol::Attributes;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::Error;
use crate::tap::{Tap, WireEvent, WireLog};

/// What a participant keeps of its updates.
pub trait Tracker: Send + 'static {
    /// Records one update, seen at `at`.
    fn on_update(&mut self, update: &Update, at: Instant);
}

/// A request's last known status and what it carried.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    /// The message text, for sends made through [`Participant::send`].
    pub content: Option<String>,
    /// The last status reported.
    pub status: RequestStatus,
    /// When the status last changed.
    pub at: Instant,
}

/// A received MESSAGE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The message id.
    pub id: String,
    /// The text.
    pub content: String,
    /// When the update arrived.
    pub at: Instant,
}

/// A state change with its reason, in words.
#[derive(Debug, Clone)]
pub struct StateChange {
    /// The new state.
    pub state: ConnectionState,
    /// The reason, if any.
    pub reason: Option<Reason>,
    /// When it arrived.
    pub at: Instant,
}

/// Everything a participant saw: for scenarios, which are short.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Sends the harness attempted through [`Participant::send`], whatever became of them.
    pub attempts: u64,
    /// Attempts the room handle refused outright (no request id), with the error in words.
    pub refused: Vec<String>,
    /// Every request by id.
    pub requests: HashMap<RequestId, RequestRecord>,
    /// Every MESSAGE, in arrival order.
    pub seen: Vec<Seen>,
    /// Every state change, in order.
    pub states: Vec<StateChange>,
    /// Connections opened with a new token (connects, reconnects, rotations).
    pub sessions: u64,
}

impl Tracker for Record {
    fn on_update(&mut self, update: &Update, at: Instant) {
        match update {
            Update::Message(message) => self.seen.push(Seen {
                id: message.id.clone(),
                content: message.content.clone(),
                at,
            }),
            Update::State { state, reason } => self.states.push(StateChange {
                state: *state,
                reason: reason.clone(),
                at,
            }),
            Update::Session(_) => self.sessions += 1,
            Update::Request {
                request_id, status, ..
            } => {
                let entry =
                    self.requests
                        .entry(request_id.clone())
                        .or_insert_with(|| RequestRecord {
                            content: None,
                            status: RequestStatus::Pending,
                            at,
                        });
                entry.status = status.clone();
                entry.at = at;
            }
            _ => {}
        }
    }
}

impl Record {
    /// The current connection state (`Disconnected` before any update).
    pub fn state(&self) -> ConnectionState {
        self.states
            .last()
            .map_or(ConnectionState::Disconnected, |change| change.state)
    }

    /// Requests whose last status is pending.
    pub fn pending(&self) -> usize {
        self.requests
            .values()
            .filter(|request| request.status == RequestStatus::Pending)
            .count()
    }

    /// Whether a message with this text was received.
    pub fn has_seen(&self, content: &str) -> bool {
        self.seen.iter().any(|seen| seen.content == content)
    }

    /// Every reason given so far, in words.
    pub fn reasons(&self) -> Vec<String> {
        self.states
            .iter()
            .filter_map(|change| change.reason.as_ref().map(ToString::to_string))
            .collect()
    }

    /// Every failure message of a request so far.
    pub fn failures(&self) -> Vec<String> {
        self.requests
            .values()
            .filter_map(|request| match &request.status {
                RequestStatus::Failed(failure) => Some(failure.message.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A room under observation.
#[derive(Debug)]
pub struct Participant<T: Tracker = Record> {
    /// A name for reports.
    pub name: String,
    room: Room,
    tracker: Arc<Mutex<T>>,
    version: watch::Receiver<u64>,
    tasks: Vec<JoinHandle<()>>,
    /// The relay in front of the client, when tapped.
    tap: Option<Tap>,
}

impl<T: Tracker> Drop for Participant<T> {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// A std lock held for one update or one inspection, never across an `.await`.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<T: Tracker> Participant<T> {
    /// Spawns the room's actor and the drain of its updates into `tracker`; does not connect.
    pub fn spawn(name: impl Into<String>, config: ivs_chat_client::Config, tracker: T) -> Self {
        let (room, mut updates, actor) = Room::new(config);
        let tracker = Arc::new(Mutex::new(tracker));
        let (bump, version) = watch::channel(0u64);
        let sink = tracker.clone();
        let drain = tokio::spawn(async move {
            let mut batch = Vec::new();
            while updates.recv_many(&mut batch, 256).await > 0 {
                let now = Instant::now();
                {
                    let mut tracker = lock(&sink);
                    for update in batch.drain(..) {
                        tracker.on_update(&update, now);
                    }
                }
                bump.send_modify(|version| *version += 1);
            }
        });
        let actor = tokio::spawn(actor);
        Self {
            name: name.into(),
            room,
            tracker,
            version,
            tasks: vec![drain, actor],
            tap: None,
        }
    }

    /// Like [`Participant::spawn`], with a [`Tap`] between the client and its endpoint that
    /// records into `log`.
    pub async fn spawn_tapped(
        name: impl Into<String>,
        mut config: ivs_chat_client::Config,
        tracker: T,
        log: WireLog,
    ) -> Result<Self, Error> {
        let url = config.endpoint.url().to_owned();
        let upstream = url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or(rest))
            .and_then(|authority| authority.parse().ok())
            .ok_or_else(|| Error::Control(format!("only a ws://ADDR endpoint is tapped: {url}")))?;
        let tap = Tap::start(upstream, log).await?;
        config.endpoint = ivs_chat_client::Endpoint::parse(&format!("ws://{}", tap.local_addr()))
            .map_err(|error| Error::Control(error.to_string()))?;
        let mut participant = Self::spawn(name, config, tracker);
        participant.tap = Some(tap);
        Ok(participant)
    }

    /// What the tap saw so far; empty for a participant without one.
    pub fn wire(&self) -> Vec<WireEvent> {
        self.tap.as_ref().map(Tap::events).unwrap_or_default()
    }

    /// The room handle.
    pub fn room(&self) -> &Room {
        &self.room
    }

    /// Starts connecting.
    pub async fn connect(&self) -> Result<(), Error> {
        Ok(self.room.connect().await?)
    }

    /// Reads the tracker.
    pub fn inspect<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        read(&lock(&self.tracker))
    }

    /// Changes the tracker (e.g. to note what a request carried).
    pub fn update<R>(&self, write: impl FnOnce(&mut T) -> R) -> R {
        write(&mut lock(&self.tracker))
    }

    /// Waits until `condition` holds, at most `limit`; `what` names it in the error.
    pub async fn wait_until(
        &self,
        what: &str,
        limit: Duration,
        condition: impl Fn(&T) -> bool,
    ) -> Result<(), Error> {
        let mut version = self.version.clone();
        let wait = async {
            loop {
                if self.inspect(&condition) {
                    return true;
                }
                if version.changed().await.is_err() {
                    // The room stopped: nothing will change any more.
                    return self.inspect(&condition);
                }
            }
        };
        match tokio::time::timeout(limit, wait).await {
            Ok(true) => Ok(()),
            _ => Err(Error::Timeout(format!("{}: {what}", self.name))),
        }
    }
}

impl Participant<Record> {
    /// A participant that keeps everything it sees, tapped (its wire kept in memory).
    pub async fn recording(
        name: impl Into<String>,
        config: ivs_chat_client::Config,
    ) -> Result<Self, Error> {
        Self::spawn_tapped(name, config, Record::default(), WireLog::memory()).await
    }

    /// Sends `content`, remembering it under the request's id. Every call is an attempt the
    /// ledger counts, including one the room handle refuses.
    pub async fn send(&self, content: &str) -> Result<RequestId, Error> {
        self.update(|record| record.attempts += 1);
        let id = match self.room.send_message(content, Attributes::default()).await {
            Ok(id) => id,
            Err(error) => {
                self.update(|record| record.refused.push(error.to_string()));
                return Err(error.into());
            }
        };
        let now = Instant::now();
        self.update(|record| {
            record
                .requests
                .entry(id.clone())
                .or_insert_with(|| RequestRecord {
                    content: None,
                    status: RequestStatus::Pending,
                    at: now,
                })
                .content = Some(content.to_owned());
        });
        Ok(id)
    }

    /// The current state.
    pub fn state(&self) -> ConnectionState {
        self.inspect(Record::state)
    }

    /// A copy of everything seen so far.
    pub fn snapshot(&self) -> Record {
        self.inspect(Clone::clone)
    }

    /// Waits for `state`.
    pub async fn wait_state(&self, state: ConnectionState, limit: Duration) -> Result<(), Error> {
        self.wait_until(&format!("state {}", state.name()), limit, |record| {
            record.state() == state
        })
        .await
    }

    /// Waits until no request is pending.
    pub async fn wait_settled(&self, limit: Duration) -> Result<(), Error> {
        self.wait_until("every request settled", limit, |record| {
            record.pending() == 0
        })
        .await
    }

    /// Waits until every one of `contents` was received.
    pub async fn wait_seen(&self, contents: &[String], limit: Duration) -> Result<(), Error> {
        self.wait_until(
            &format!("{} messages received", contents.len()),
            limit,
            |record| contents.iter().all(|content| record.has_seen(content)),
        )
        .await
    }
}
