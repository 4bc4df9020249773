//! Every request's life: queued → in flight → confirmed | failed, as a pure state machine.
//!
//! Reference §3.4 and §3.6: the official SDK never times a request out and never settles one
//! whose socket died, so an unanswered request stays pending forever. Here every request ends:
//! confirmed by its MESSAGE / EVENT, failed by its ERROR, by a timeout, or by its socket dying.
//! A request whose socket died is failed as *unknown* — it may have been delivered — and is
//! never sent again on its own (the service has no idempotency key); the user may retry it.
//! Requests made while offline wait in order and go out after the next connect.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};

use ivs_chat_protocol::messaging::{
    DeleteMessage, DisconnectUser, ErrorCode, Request, SendMessage,
};
use ivs_chat_protocol::{Attributes, Capability};
use serde::Serialize;
use tokio::time::Instant;

/// The client-chosen id of a request: a UUID v4, sent as `RequestId` and the stable key of a
/// local echo until the service answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RequestId(String);

impl RequestId {
    /// A fresh random id.
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// The id as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for RequestId {
    fn default() -> Self {
        Self::new()
    }
}

impl Borrow<str> for RequestId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The three things a client can ask (reference §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// SEND_MESSAGE.
    Send,
    /// DELETE_MESSAGE.
    Delete,
    /// DISCONNECT_USER.
    Kick,
}

impl Action {
    /// `send`, `delete` or `kick`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Send => "send",
            Action::Delete => "delete",
            Action::Kick => "kick",
        }
    }

    /// The capability the token needs (reference §1.8).
    pub fn capability(self) -> Capability {
        match self {
            Action::Send => Capability::SendMessage,
            Action::Delete => Capability::DeleteMessage,
            Action::Kick => Capability::DisconnectUser,
        }
    }
}

/// What a request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Send `content` with message `attributes`.
    Send {
        /// The text.
        content: String,
        /// Per-message metadata.
        attributes: Attributes,
    },
    /// Delete the message `message_id`.
    Delete {
        /// The `Id` of the MESSAGE.
        message_id: String,
        /// Shown with the deletion.
        reason: Option<String>,
    },
    /// Disconnect every connection of `user_id`.
    Kick {
        /// The user.
        user_id: String,
        /// Shown with the kick.
        reason: Option<String>,
    },
}

impl Body {
    /// Which action this is.
    pub fn action(&self) -> Action {
        match self {
            Body::Send { .. } => Action::Send,
            Body::Delete { .. } => Action::Delete,
            Body::Kick { .. } => Action::Kick,
        }
    }

    /// The wire request, carrying `id` as its `RequestId`.
    pub fn to_request(&self, id: &RequestId) -> Request {
        let request_id = Some(id.as_str().to_owned());
        match self.clone() {
            Body::Send {
                content,
                attributes,
            } => Request::SendMessage(SendMessage {
                request_id,
                content,
                attributes,
            }),
            Body::Delete { message_id, reason } => Request::DeleteMessage(DeleteMessage {
                request_id,
                id: message_id,
                reason,
            }),
            Body::Kick { user_id, reason } => Request::DisconnectUser(DisconnectUser {
                request_id,
                user_id,
                reason,
            }),
        }
    }
}

/// Why a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The service answered with an ERROR of this code (reference §1.7).
    Service(ErrorCode),
    /// Refused before sending, because the service would answer with this code.
    Rejected(ErrorCode),
    /// No answer within the request timeout. It may have been delivered.
    Timeout,
    /// The socket died while the request was in flight. It may have been delivered.
    ConnectionLost,
    /// Never sent: the room disconnected first.
    NotConnected,
}

impl FailureKind {
    /// Whether the request may have reached the room after all.
    pub fn delivery_unknown(self) -> bool {
        matches!(self, FailureKind::Timeout | FailureKind::ConnectionLost)
    }

    /// Whether trying again can succeed.
    pub fn retryable(self) -> bool {
        match self {
            FailureKind::Service(code) => code.is_retryable(),
            FailureKind::Rejected(_) => false,
            FailureKind::Timeout | FailureKind::ConnectionLost | FailureKind::NotConnected => true,
        }
    }

    /// The numeric code for service errors and local rejections; a name otherwise
    /// (`timeout`, `connectionLost`, `notConnected`).
    pub fn code(self) -> serde_json::Value {
        match self {
            FailureKind::Service(code) | FailureKind::Rejected(code) => code.as_u16().into(),
            FailureKind::Timeout => "timeout".into(),
            FailureKind::ConnectionLost => "connectionLost".into(),
            FailureKind::NotConnected => "notConnected".into(),
        }
    }
}

/// A failed request's explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What happened.
    pub kind: FailureKind,
    /// Words for the user.
    pub message: String,
    /// Whether [`crate::Room::retry`] makes sense.
    pub retryable: bool,
}

impl Failure {
    /// A failure of `kind` with `message`; retryable as the kind says.
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            retryable: kind.retryable(),
        }
    }
}

/// A request the outbox just failed, with what it asked for (the caller reports both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedRequest {
    /// The request.
    pub id: RequestId,
    /// What it asked for.
    pub action: Action,
    /// Why it failed.
    pub failure: Failure,
}

/// A request settled by the service's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// The request.
    pub id: RequestId,
    /// What it asked for.
    pub action: Action,
    /// Confirmed, or failed with the service's error.
    pub status: RequestStatus,
}

/// Where a request stands, as reported to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestStatus {
    /// Queued or in flight.
    Pending,
    /// The service delivered it; `id` is the answering frame's `Id` (the message id for a send).
    Confirmed {
        /// The MESSAGE or EVENT id.
        id: String,
    },
    /// It failed.
    Failed(Failure),
}

/// A frame that answers a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A MESSAGE (answers a send) or an `aws:DELETE_MESSAGE` / `aws:DISCONNECT_USER` EVENT
    /// (answers a delete / kick), with the frame's id.
    Done {
        /// Which action the frame answers.
        action: Action,
        /// The frame's `Id`.
        id: String,
    },
    /// An ERROR.
    Error {
        /// Its code.
        code: ErrorCode,
        /// Its message.
        message: String,
    },
}

/// Why a request could not be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RetryError {
    /// No failed request has this id (it was confirmed, discarded, or never existed).
    #[error("no failed request has this id")]
    NotFailed,
    /// The room is disconnected; connect first.
    #[error("the room is disconnected")]
    Disconnected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Queued,
    InFlight { socket: u64, deadline: Instant },
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    body: Body,
    state: State,
    /// Order of the first push: where a request sent again after a 429 goes back in line.
    seq: u64,
    /// Times the service refused it with 429 and it was queued again.
    rate_limited: u32,
}

/// How many times a request refused with ERROR 429 goes back in line before it fails.
/// Pacing keeps the client under the rates, but a network that holds requests back and then
/// delivers them at once (a stall, a slow link catching up) makes them arrive as a burst the
/// service refuses; a 429 is a definite "not delivered", so sending again cannot duplicate.
pub const RATE_LIMIT_RETRIES: u32 = 3;

/// The room's requests that have not been confirmed (and failed ones until retried or
/// discarded).
#[derive(Debug, Default)]
pub struct Outbox {
    /// Every unconfirmed request.
    entries: HashMap<RequestId, Entry>,
    /// Queued requests in the order they go out.
    queue: VecDeque<RequestId>,
    /// The next entry's `seq`.
    next_seq: u64,
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a new request at the back.
    pub fn push(&mut self, id: RequestId, body: Body) {
        self.queue.push_back(id.clone());
        let seq = self.take_seq();
        self.entries.insert(
            id,
            Entry {
                body,
                state: State::Queued,
                seq,
                rate_limited: 0,
            },
        );
    }

    /// Records a new request that failed before it could be queued (a local check, or the
    /// room is disconnected), so it can still be retried or discarded.
    pub fn push_failed(&mut self, id: RequestId, body: Body, failure: Failure) {
        let seq = self.take_seq();
        self.entries.insert(
            id,
            Entry {
                body,
                state: State::Failed(failure),
                seq,
                rate_limited: 0,
            },
        );
    }

    /// The body of an unconfirmed request.
    pub fn body_of(&self, id: &str) -> Option<&Body> {
        self.entries.get(id).map(|entry| &entry.body)
    }

    /// The request that goes out next.
    pub fn front(&self) -> Option<(&RequestId, &Body)> {
        let id = self.queue.front()?;
        self.entries.get(id).map(|entry| (id, &entry.body))
    }

    /// Moves the front request in flight on `socket`, answerable until `deadline`.
    pub fn mark_sent(&mut self, socket: u64, deadline: Instant) -> Option<RequestId> {
        let id = self.queue.pop_front()?;
        if let Some(entry) = self.entries.get_mut(&id) {
            entry.state = State::InFlight { socket, deadline };
        }
        Some(id)
    }

    /// Fails the front request without sending it (a check failed at send time).
    pub fn fail_front(&mut self, failure: Failure) -> Option<FailedRequest> {
        let id = self.queue.pop_front()?;
        self.fail(id, failure)
    }

    /// Applies a frame answering `request_id`. Returns the new status to report, or `None`
    /// when the frame answers nothing here: an unknown id, a request still queued, a frame of
    /// the wrong kind for the action (reference §3.6), or an ERROR for a request already failed.
    /// A success answer for a request failed as delivery-unknown confirms it after all.
    pub fn settle(&mut self, request_id: &str, answer: Answer) -> Option<Settled> {
        let (id, entry) = self.entries.get_key_value(request_id)?;
        let answerable = match &entry.state {
            State::Queued => false,
            State::InFlight { .. } => true,
            State::Failed(failure) => {
                failure.kind.delivery_unknown() && matches!(answer, Answer::Done { .. })
            }
        };
        if !answerable {
            return None;
        }
        let id = id.clone();
        match answer {
            Answer::Done {
                action,
                id: frame_id,
            } => {
                if action != entry.body.action() {
                    return None;
                }
                self.entries.remove(&id);
                Some(Settled {
                    id,
                    action,
                    status: RequestStatus::Confirmed { id: frame_id },
                })
            }
            Answer::Error { code, message } => {
                let failure = Failure::new(FailureKind::Service(code), message);
                self.fail(id, failure).map(|failed| Settled {
                    id: failed.id,
                    action: failed.action,
                    status: RequestStatus::Failed(failed.failure),
                })
            }
        }
    }

    /// Puts an in-flight request the service refused with 429 back in line, ahead of every
    /// queued request made after it, unless it has used up [`RATE_LIMIT_RETRIES`]. True if it
    /// was queued again (it stays pending; nothing to report).
    pub fn requeue_rate_limited(&mut self, request_id: &str) -> bool {
        let Some((id, entry)) = self.entries.get_key_value(request_id) else {
            return false;
        };
        if !matches!(entry.state, State::InFlight { .. })
            || entry.rate_limited >= RATE_LIMIT_RETRIES
        {
            return false;
        }
        let (id, seq) = (id.clone(), entry.seq);
        let position = self
            .queue
            .iter()
            .position(|queued| {
                self.entries
                    .get(queued)
                    .is_some_and(|other| other.seq > seq)
            })
            .unwrap_or(self.queue.len());
        self.queue.insert(position, id.clone());
        if let Some(entry) = self.entries.get_mut(&id) {
            entry.state = State::Queued;
            entry.rate_limited += 1;
        }
        true
    }

    fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Fails every in-flight request whose deadline has passed.
    pub fn expire(&mut self, now: Instant) -> Vec<FailedRequest> {
        self.fail_in_flight(
            |_, deadline| deadline <= now,
            FailureKind::Timeout,
            "no answer from the chat service in time; it may have been delivered",
        )
    }

    /// Fails every in-flight request sent on `socket`, which died.
    pub fn socket_lost(&mut self, socket: u64) -> Vec<FailedRequest> {
        self.fail_in_flight(
            |sent_on, _| sent_on == socket,
            FailureKind::ConnectionLost,
            "the connection closed before the chat service answered; it may have been delivered",
        )
    }

    /// The room stopped: fails everything unsettled. In-flight requests may have been
    /// delivered; queued ones never left.
    pub fn abandon(&mut self) -> Vec<FailedRequest> {
        let mut failed = self.fail_in_flight(
            |_, _| true,
            FailureKind::ConnectionLost,
            "disconnected before the chat service answered; it may have been delivered",
        );
        while let Some(id) = self.queue.pop_front() {
            let failure = Failure::new(
                FailureKind::NotConnected,
                "not sent: the room is disconnected",
            );
            failed.extend(self.fail(id, failure));
        }
        failed
    }

    /// Queues a failed request again, at the back, under the same id.
    pub fn retry(&mut self, id: &RequestId) -> Result<(), RetryError> {
        match self.entries.get_mut(id) {
            Some(entry) if matches!(entry.state, State::Failed(_)) => {
                entry.state = State::Queued;
                self.queue.push_back(id.clone());
                Ok(())
            }
            _ => Err(RetryError::NotFailed),
        }
    }

    /// Forgets a failed request; false if no failed request has this id.
    pub fn discard(&mut self, id: &RequestId) -> bool {
        match self.entries.get(id) {
            Some(entry) if matches!(entry.state, State::Failed(_)) => {
                self.entries.remove(id);
                true
            }
            _ => false,
        }
    }

    /// The earliest in-flight deadline.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.entries
            .values()
            .filter_map(|entry| match entry.state {
                State::InFlight { deadline, .. } => Some(deadline),
                _ => None,
            })
            .min()
    }

    /// Requests queued or in flight.
    pub fn unsettled(&self) -> usize {
        self.entries
            .values()
            .filter(|entry| !matches!(entry.state, State::Failed(_)))
            .count()
    }

    /// Requests queued, not yet sent.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    fn fail(&mut self, id: RequestId, failure: Failure) -> Option<FailedRequest> {
        let entry = self.entries.get_mut(&id)?;
        entry.state = State::Failed(failure.clone());
        Some(FailedRequest {
            action: entry.body.action(),
            id,
            failure,
        })
    }

    fn fail_in_flight(
        &mut self,
        select: impl Fn(u64, Instant) -> bool,
        kind: FailureKind,
        message: &str,
    ) -> Vec<FailedRequest> {
        let mut ids: Vec<RequestId> = self
            .entries
            .iter()
            .filter(|(_, entry)| match entry.state {
                State::InFlight { socket, deadline } => select(socket, deadline),
                _ => false,
            })
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort_by_key(|id| id.clone());
        ids.into_iter()
            .filter_map(|id| self.fail(id, Failure::new(kind, message)))
            .collect()
    }
}

#[cfg(test)]
mod tests;
