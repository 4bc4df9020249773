//! A chat room: a cheap handle ([`Room`]), a stream of [`Update`]s, and the actor future that
//! owns the sockets, which the caller spawns on its runtime.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ivs_chat_client::Error> {
//! use std::sync::Arc;
//! use ivs_chat_client::{Config, Endpoint, Room, Update, token::FixedTokens, token::ChatToken};
//!
//! let tokens = Arc::new(FixedTokens::new([ChatToken::new("token-from-my-backend")]));
//! let config = Config::new(Endpoint::parse("us-west-2")?, tokens);
//! let (room, mut updates, actor) = Room::new(config);
//! tokio::spawn(actor);
//! room.connect().await?;
//! let request = room.send_message("hello", Default::default()).await?;
//! while let Some(update) = updates.recv().await {
//!     if let Update::Request { request_id, status, .. } = update {
//!         if request_id == request { println!("{status:?}"); }
//!     }
//! }
//! # Ok(()) }
//! ```

mod actor;
mod command;
mod sockets;
mod update;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use ivs_chat_protocol::Attributes;
use tokio::sync::{mpsc, oneshot};

pub use command::{DEFAULT_CONNECTION_REQUEST_RATE, Limits, check};
pub use update::{ConnectionState, Reason, SessionInfo, Update};

use crate::connection::{Connector, DEFAULT_CONNECT_TIMEOUT, Keepalive, WebSocketConnector};
use crate::decision::Backoff;
use crate::outbox::{Body, RequestId, RetryError};
use crate::token::TokenProvider;
use crate::{Endpoint, Error};
use command::Command;

/// Commands waiting for the actor. Small: commands are handled in microseconds, and a full
/// queue makes callers wait rather than pile up work.
const COMMAND_CAPACITY: usize = 64;
/// Updates waiting for the caller. Large enough to absorb a burst of messages while a UI
/// renders; when full, the actor waits, and the socket backs up (TCP flow control) rather
/// than memory growing.
const UPDATE_CAPACITY: usize = 1024;

/// Default bound on waiting for a request's answer.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Default number of retries after a failed connection attempt.
pub const DEFAULT_MAX_RECONNECT_ATTEMPTS: u32 = 5;
/// How long a replaced socket stays open and read after a rotation, for frames already on
/// their way and for those fanned out before the service has added the new socket to the room.
pub const DEFAULT_DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// A source of uniform random numbers in `[0, 1)` for backoff jitter; replaceable so tests
/// are deterministic.
#[derive(Clone)]
pub struct Jitter(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Jitter {
    /// Jitter from `source`.
    pub fn new(source: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        Self(Arc::new(source))
    }

    /// The same `value` every time (tests).
    pub fn fixed(value: f64) -> Self {
        Self::new(move || value)
    }

    fn sample(&self) -> f64 {
        (self.0)()
    }
}

impl Default for Jitter {
    fn default() -> Self {
        Self::new(rand::random::<f64>)
    }
}

impl std::fmt::Debug for Jitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jitter")
    }
}

/// How a room connects and behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to connect.
    pub endpoint: Endpoint,
    /// Where tokens come from; asked once per connection attempt.
    pub tokens: Arc<dyn TokenProvider>,
    /// Retries after a failed connection attempt before giving up (the SDK's
    /// `maxReconnectAttempts`, default 3 there; 5 here since retries are spaced out).
    pub max_reconnect_attempts: u32,
    /// A request unanswered this long fails as `timeout` (the SDK waits forever).
    pub request_timeout: Duration,
    /// Bound on one handshake and on one token fetch.
    pub connect_timeout: Duration,
    /// How a real socket notices, while idle, that the connection died (WebSocket pings).
    pub keepalive: Keepalive,
    /// Reconnect delays.
    pub backoff: Backoff,
    /// How long before the token or session expires the next connection opens.
    pub rotation_lead: Duration,
    /// How long a replaced socket stays open and read after a rotation (then it is closed).
    pub drain_timeout: Duration,
    /// The room's limits, as far as known.
    pub limits: Limits,
    /// Backoff jitter source.
    pub jitter: Jitter,
}

impl Config {
    /// A configuration with the defaults.
    pub fn new(endpoint: Endpoint, tokens: Arc<dyn TokenProvider>) -> Self {
        Self {
            endpoint,
            tokens,
            max_reconnect_attempts: DEFAULT_MAX_RECONNECT_ATTEMPTS,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            keepalive: Keepalive::default(),
            backoff: Backoff::default(),
            rotation_lead: crate::decision::rotation::DEFAULT_LEAD,
            drain_timeout: DEFAULT_DRAIN_TIMEOUT,
            limits: Limits::default(),
            jitter: Jitter::default(),
        }
    }
}

/// A cheap, cloneable handle to a room's actor. Every method returns once the actor has the
/// command; outcomes arrive as [`Update`]s.
#[derive(Debug, Clone)]
pub struct Room {
    /// The actor's inbox.
    commands: mpsc::Sender<Command>,
}

/// The stream of a room's updates.
#[derive(Debug)]
pub struct Updates {
    /// From the actor.
    receiver: mpsc::Receiver<Update>,
}

impl Updates {
    /// The next update; `None` once the actor has stopped.
    pub async fn recv(&mut self) -> Option<Update> {
        self.receiver.recv().await
    }

    /// Waits for at least one update, then takes up to `limit` of those ready, for callers
    /// that batch (a UI repainting every ~50 ms). Returns 0 once the actor has stopped.
    pub async fn recv_many(&mut self, buffer: &mut Vec<Update>, limit: usize) -> usize {
        self.receiver.recv_many(buffer, limit).await
    }

    /// An update if one is ready.
    pub fn try_recv(&mut self) -> Option<Update> {
        self.receiver.try_recv().ok()
    }
}

impl Room {
    /// A room over real WebSockets. Spawn the returned future (on any tokio runtime); it runs
    /// until every handle is dropped.
    pub fn new(config: Config) -> (Room, Updates, impl Future<Output = ()> + Send + 'static) {
        let connector = WebSocketConnector {
            connect_timeout: config.connect_timeout,
            keepalive: config.keepalive,
        };
        Self::with_connector(config, connector)
    }

    /// A room over any [`Connector`] (for example the in-memory one in tests).
    pub fn with_connector<C: Connector>(
        config: Config,
        connector: C,
    ) -> (Room, Updates, impl Future<Output = ()> + Send + 'static) {
        let (commands, inbox) = mpsc::channel(COMMAND_CAPACITY);
        let (outbox, receiver) = mpsc::channel(UPDATE_CAPACITY);
        let actor = actor::Actor::new(config, connector, inbox, outbox);
        (Room { commands }, Updates { receiver }, actor.run())
    }

    /// Starts connecting; a no-op unless disconnected.
    pub async fn connect(&self) -> Result<(), Error> {
        self.command(Command::Connect).await
    }

    /// Closes the connection. Requests in flight fail as delivery-unknown, queued ones as
    /// not sent.
    pub async fn disconnect(&self) -> Result<(), Error> {
        self.command(Command::Disconnect).await
    }

    /// Sends a message; its fate arrives as [`Update::Request`] updates under the returned id.
    pub async fn send_message(
        &self,
        content: impl Into<String>,
        attributes: Attributes,
    ) -> Result<RequestId, Error> {
        self.request(Body::Send {
            content: content.into(),
            attributes,
        })
        .await
    }

    /// Deletes a message for everyone (needs `DELETE_MESSAGE`).
    pub async fn delete_message(
        &self,
        message_id: impl Into<String>,
        reason: Option<String>,
    ) -> Result<RequestId, Error> {
        self.request(Body::Delete {
            message_id: message_id.into(),
            reason,
        })
        .await
    }

    /// Disconnects every connection of a user (needs `DISCONNECT_USER`).
    pub async fn disconnect_user(
        &self,
        user_id: impl Into<String>,
        reason: Option<String>,
    ) -> Result<RequestId, Error> {
        self.request(Body::Kick {
            user_id: user_id.into(),
            reason,
        })
        .await
    }

    /// Sends a failed request again, under the same id, behind those already queued.
    pub async fn retry(&self, id: RequestId) -> Result<(), Error> {
        let (reply, answer) = oneshot::channel();
        self.command(Command::Retry { id, reply }).await?;
        match answer.await.map_err(|_| Error::Stopped)? {
            Ok(()) => Ok(()),
            Err(RetryError::NotFailed) => Err(Error::NotFailed),
            Err(RetryError::Disconnected) => Err(Error::Disconnected),
        }
    }

    /// Forgets a failed request.
    pub async fn discard(&self, id: RequestId) -> Result<(), Error> {
        let (reply, answer) = oneshot::channel();
        self.command(Command::Discard { id, reply }).await?;
        if answer.await.map_err(|_| Error::Stopped)? {
            Ok(())
        } else {
            Err(Error::NotFailed)
        }
    }

    /// Tells the room its limits (from GetRoom, or a profile), for the checks before sending
    /// and for pacing.
    pub async fn set_limits(&self, limits: Limits) -> Result<(), Error> {
        self.command(Command::SetLimits(limits)).await
    }

    /// Sends any request (a message, a deletion, a kick); its fate arrives as
    /// [`Update::Request`] updates under the returned id.
    pub async fn request(&self, body: Body) -> Result<RequestId, Error> {
        let id = RequestId::new();
        self.command(Command::Request {
            id: id.clone(),
            body,
        })
        .await?;
        Ok(id)
    }

    async fn command(&self, command: Command) -> Result<(), Error> {
        self.commands
            .send(command)
            .await
            .map_err(|_| Error::Stopped)
    }
}
