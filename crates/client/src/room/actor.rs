//! The room's actor: owns the socket (two during a rotation, plus one draining), the outbox
//! and the pacing buckets; turns commands and frames into updates. Decisions are delegated to
//! the pure functions of [`crate::decision`], [`crate::outbox`] and [`crate::rate`]; this file
//! only performs them.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;
use tokio::time::Instant;

mod frames;
mod lifecycle;

use super::Config;
use super::command::{Command, Limits, check};
use super::sockets::{Dialing, RecentIds, Rotation, Sockets, SocketsEvent};
use super::update::{ConnectionState, Reason, SessionInfo, Update};
use crate::alarm::Alarm;
use crate::connection::{Connector, Socket};
use crate::decision::{AfterClose, Kick};
use crate::outbox::{
    Action, Body, FailedRequest, Failure, FailureKind, Outbox, RequestId, RequestStatus, RetryError,
};
use crate::rate::TokenBucket;
use crate::token::TokenError;

/// The live socket counts as dead after this many request timeouts of silence following a
/// request: long enough for a late answer to still confirm a timed-out request, short
/// enough that a half-open connection does not leave the room "connected" forever.
const SILENCE_FACTOR: u32 = 2;

pub(crate) struct Actor<C: Connector> {
    config: Config,
    connector: Arc<C>,
    commands: mpsc::Receiver<Command>,
    updates: mpsc::Sender<Update>,
    sockets: Sockets<C::Socket>,
    outbox: Outbox,
    /// Paces SEND_MESSAGE at the room's rate.
    messages: TokenBucket,
    /// Paces every request at the per-connection rate.
    requests: TokenBucket,
    limits: Limits,
    seen: RecentIds,
    /// The current token's metadata.
    session: SessionInfo,
    /// Our own kick, with the moderator's reason, seen on any socket since `connect()`.
    kicked: Option<Kick>,
    /// When the head of the queue may go out, if pacing holds it back.
    paced_until: Option<Instant>,
    next_socket_id: u64,
    /// Rings at the next deadline (`next_wake`); moved only when that changes, not for
    /// every frame.
    alarm: Alarm,
}

impl<C: Connector> Actor<C> {
    pub(crate) fn new(
        config: Config,
        connector: C,
        commands: mpsc::Receiver<Command>,
        updates: mpsc::Sender<Update>,
    ) -> Self {
        let now = Instant::now();
        let limits = config.limits;
        Self {
            messages: TokenBucket::pacing(
                limits.maximum_message_rate,
                limits.maximum_message_rate,
                now,
            ),
            requests: TokenBucket::pacing(
                limits.connection_request_rate,
                limits.connection_request_rate,
                now,
            ),
            limits,
            config,
            connector: Arc::new(connector),
            commands,
            updates,
            sockets: Sockets::Disconnected,
            outbox: Outbox::new(),
            seen: RecentIds::default(),
            session: SessionInfo::default(),
            kicked: None,
            paced_until: None,
            next_socket_id: 0,
            alarm: Alarm::new(None),
        }
    }

    pub(crate) async fn run(mut self) {
        loop {
            self.pump().await;
            self.alarm.set(self.next_wake());
            tokio::select! {
                command = self.commands.recv() => match command {
                    Some(command) => self.on_command(command).await,
                    None => {
                        // Every handle is gone: nobody can ask anything any more.
                        if !matches!(self.sockets, Sockets::Disconnected) {
                            self.disconnect(Reason::ClientDisconnect).await;
                        }
                        return;
                    }
                },
                event = self.sockets.next_event() => self.on_sockets_event(event).await,
                () = self.alarm.ring() => self.on_tick().await,
            }
        }
    }

    async fn emit(&mut self, update: Update) {
        // A caller that dropped its `Updates` has stopped listening; the room keeps serving
        // its commands all the same.
        let _ = self.updates.send(update).await;
    }

    async fn emit_status(&mut self, request_id: RequestId, action: Action, status: RequestStatus) {
        self.emit(Update::Request {
            request_id,
            action,
            status,
        })
        .await;
    }

    /// Reports requests the outbox failed, each with its own action.
    async fn report(&mut self, failures: Vec<FailedRequest>) {
        for failed in failures {
            self.emit_status(
                failed.id,
                failed.action,
                RequestStatus::Failed(failed.failure),
            )
            .await;
        }
    }

    async fn set_state(&mut self, state: ConnectionState, reason: Option<Reason>) {
        match &reason {
            Some(reason) => tracing::info!(state = state.name(), reason = %reason, "room state"),
            None => tracing::info!(state = state.name(), "room state"),
        }
        self.emit(Update::State { state, reason }).await;
    }

    fn dial(&self, delay: Duration) -> Dialing<C::Socket> {
        let tokens = Arc::clone(&self.config.tokens);
        let connector = Arc::clone(&self.connector);
        let url = self.config.endpoint.url().to_owned();
        let timeout = self.config.connect_timeout;
        Box::pin(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let token = tokio::time::timeout(timeout, tokens.fetch())
                .await
                .unwrap_or(Err(TokenError::Timeout))?;
            let socket = connector.dial(&url, &token.token).await?;
            Ok((socket, token))
        })
    }

    fn backoff_delay(&self, attempt: u32) -> Duration {
        self.config
            .backoff
            .delay(attempt, self.config.jitter.sample())
    }

    fn next_wake(&self) -> Option<Instant> {
        let mut wake = self.outbox.next_deadline();
        let mut consider = |instant: Option<Instant>| {
            if let Some(instant) = instant {
                wake = Some(wake.map_or(instant, |current| current.min(instant)));
            }
        };
        if let Sockets::Connected {
            live,
            rotation,
            draining,
        } = &self.sockets
        {
            if rotation.is_none() {
                consider(live.rotate_at);
            }
            consider(
                live.awaiting_since
                    .map(|since| since + self.silence_limit()),
            );
            consider(draining.as_ref().map(|draining| draining.until));
            if self.outbox.queued() > 0 {
                consider(self.paced_until);
            }
        }
        wake
    }

    /// How long the live socket may stay silent after a request before it counts as dead.
    fn silence_limit(&self) -> Duration {
        self.config.request_timeout.saturating_mul(SILENCE_FACTOR)
    }

    async fn on_tick(&mut self) {
        let now = Instant::now();
        let expired = self.outbox.expire(now);
        self.report(expired).await;
        let limit = self.silence_limit();
        let silent = matches!(
            &self.sockets,
            Sockets::Connected { live, .. }
                if live.awaiting_since.is_some_and(|since| since + limit <= now)
        );
        if silent {
            // No close will ever come on a half-open connection: give up on it, as on a
            // broken one (in-flight requests fail as delivery-unknown), and reconnect.
            tracing::warn!(
                seconds = limit.as_secs(),
                "no answer from the chat service; reconnecting"
            );
            let reason = Reason::ConnectionLost {
                message: format!("no answer from the chat service for {} s", limit.as_secs()),
            };
            self.lose_live(AfterClose::Reconnect(reason)).await;
            return;
        }
        let start_rotation = match &mut self.sockets {
            Sockets::Connected { live, rotation, .. } if rotation.is_none() => match live.rotate_at
            {
                Some(at) if at <= now => {
                    live.rotate_at = None;
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if start_rotation {
            tracing::debug!("opening the next connection before this one expires");
            let dialing = self.dial(Duration::ZERO);
            if let Sockets::Connected { rotation, .. } = &mut self.sockets {
                *rotation = Some(Rotation {
                    attempt: 0,
                    dialing,
                });
            }
        }
        let drained = match &mut self.sockets {
            Sockets::Connected { draining, .. }
                if draining.as_ref().is_some_and(|d| d.until <= now) =>
            {
                draining.take()
            }
            _ => None,
        };
        if let Some(mut draining) = drained {
            draining.socket.close().await;
            let lost = self.outbox.socket_lost(draining.id);
            self.report(lost).await;
        }
    }

    async fn on_command(&mut self, command: Command) {
        match command {
            Command::Connect => {
                if matches!(self.sockets, Sockets::Disconnected) {
                    self.kicked = None;
                    self.sockets = Sockets::Connecting {
                        attempt: 0,
                        dialing: self.dial(Duration::ZERO),
                    };
                    self.set_state(ConnectionState::Connecting, None).await;
                }
            }
            Command::Disconnect => {
                if !matches!(self.sockets, Sockets::Disconnected) {
                    self.disconnect(Reason::ClientDisconnect).await;
                }
            }
            Command::Request { id, body } => self.on_request(id, body).await,
            Command::Retry { id, reply } => {
                let result = if matches!(self.sockets, Sockets::Disconnected) {
                    Err(RetryError::Disconnected)
                } else {
                    self.outbox.retry(&id)
                };
                if result.is_ok()
                    && let Some(action) = self.outbox.action_of(id.as_str())
                {
                    self.emit_status(id, action, RequestStatus::Pending).await;
                }
                // A caller that stopped waiting for the answer does not need it.
                let _ = reply.send(result);
            }
            Command::Discard { id, reply } => {
                // As above.
                let _ = reply.send(self.outbox.discard(&id));
            }
            Command::SetLimits(limits) => {
                let now = Instant::now();
                self.limits = limits;
                self.messages.set_rate(
                    limits.maximum_message_rate,
                    limits.maximum_message_rate,
                    now,
                );
                self.requests.set_rate(
                    limits.connection_request_rate,
                    limits.connection_request_rate,
                    now,
                );
            }
        }
    }

    async fn on_request(&mut self, id: RequestId, body: Body) {
        let action = body.action();
        self.emit_status(id.clone(), action, RequestStatus::Pending)
            .await;
        let verdict = if matches!(self.sockets, Sockets::Disconnected) {
            Err(Failure::new(
                FailureKind::NotConnected,
                "not sent: the room is disconnected",
            ))
        } else {
            check(&body, &self.limits, self.session.capabilities.as_deref())
        };
        match verdict {
            Ok(()) => self.outbox.push(id, body),
            Err(failure) => {
                self.outbox.push_failed(id.clone(), body, failure.clone());
                self.emit_status(id, action, RequestStatus::Failed(failure))
                    .await;
            }
        }
    }

    /// Sends queued requests while connected, as pacing allows.
    async fn pump(&mut self) {
        loop {
            if !matches!(self.sockets, Sockets::Connected { .. }) {
                return;
            }
            let Some((id, body)) = self
                .outbox
                .front()
                .map(|(id, body)| (id.clone(), body.clone()))
            else {
                return;
            };
            // Capabilities may have become known since the request was queued.
            if let Err(failure) = check(&body, &self.limits, self.session.capabilities.as_deref()) {
                let failed = self.outbox.fail_front(failure);
                self.report(failed.into_iter().collect()).await;
                continue;
            }
            let now = Instant::now();
            let mut ready = self.requests.ready_at(now);
            if body.action() == Action::Send {
                ready = ready.max(self.messages.ready_at(now));
            }
            if ready > now {
                self.paced_until = Some(ready);
                return;
            }
            self.paced_until = None;
            // Both buckets hold a token at `now`, as just checked.
            let _ = self.requests.try_take(now);
            if body.action() == Action::Send {
                let _ = self.messages.try_take(now);
            }
            let text = body.to_request(&id).to_json();
            let deadline = now + self.config.request_timeout;
            let Sockets::Connected { live, .. } = &mut self.sockets else {
                return;
            };
            let socket_id = live.id;
            let sent = live.socket.send(text).await;
            live.awaiting_since.get_or_insert(now);
            self.outbox.mark_sent(socket_id, deadline);
            tracing::debug!(request_id = %id, action = body.action().name(), "request sent");
            if let Err(close) = sent {
                self.on_closed(socket_id, close).await;
                return;
            }
        }
    }

    async fn on_sockets_event(&mut self, event: SocketsEvent<C::Socket>) {
        match event {
            SocketsEvent::Text { socket, text } => self.on_text(socket, &text).await,
            SocketsEvent::Closed { socket, close } => self.on_closed(socket, close).await,
            SocketsEvent::Dialed(result) => self.on_dialed(result).await,
            SocketsEvent::Rotated(result) => self.on_rotated(result).await,
        }
    }
}

impl Outbox {
    /// The action of an unconfirmed request.
    pub(crate) fn action_of(&self, id: &str) -> Option<Action> {
        self.body_of(id).map(Body::action)
    }
}

/// Converts a wall-clock instant to the monotonic clock, given one reading of each.
fn to_instant(time: DateTime<Utc>, now: Instant, wall: DateTime<Utc>) -> Instant {
    let ahead = (time - wall).to_std().unwrap_or(Duration::ZERO);
    now.checked_add(ahead).unwrap_or(now)
}
