//! What the actor owns of the connection: the state enum (each state owning its sockets and
//! dials), the events it produces, and the window of recently seen frame ids.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;

use tokio::time::Instant;

use crate::connection::{DialError, Socket, SocketEvent};
use crate::decision::{Close, Watch};
use crate::token::ChatToken;

/// Frame ids remembered for de-duplication. The SDK keeps every id forever (reference §3.3);
/// duplicates only arise while two sockets overlap during a rotation, so a window of recent
/// ids is enough and keeps memory flat on a busy room.
const DEDUPE_WINDOW: usize = 4096;

/// A connection attempt in progress: backoff sleep, token fetch, handshake.
pub(super) type Dialing<S> =
    Pin<Box<dyn Future<Output = Result<(S, ChatToken), DialError>> + Send>>;

/// The open socket that carries requests.
pub(super) struct Live<S> {
    pub(super) socket: S,
    /// Distinguishes this socket's in-flight requests from those of a draining one.
    pub(super) id: u64,
    /// What was seen on it that changes the meaning of its close.
    pub(super) watch: Watch,
    /// When to start the next connection; `None` once started, or when nothing expires.
    pub(super) rotate_at: Option<Instant>,
    /// When a request went out on this socket with nothing heard from the service since.
    /// The service answers every request (reference §1.6), so a long silence after one means
    /// the connection is dead without having closed (a half-open TCP connection).
    pub(super) awaiting_since: Option<Instant>,
}

/// The next connection, opening while the live one still works.
pub(super) struct Rotation<S> {
    pub(super) attempt: u32,
    pub(super) dialing: Dialing<S>,
}

/// A socket replaced by a rotation, still read for frames already on their way.
pub(super) struct Draining<S> {
    pub(super) socket: S,
    pub(super) id: u64,
    pub(super) until: Instant,
}

/// The connection state, each state owning its resources.
pub(super) enum Sockets<S> {
    Disconnected,
    Connecting {
        attempt: u32,
        dialing: Dialing<S>,
    },
    Connected {
        live: Live<S>,
        rotation: Option<Rotation<S>>,
        draining: Option<Draining<S>>,
    },
}

/// Which of the connected state's sockets a socket id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SocketRole {
    /// The socket that carries requests.
    Live,
    /// A socket replaced by a rotation, still read for frames on their way.
    Draining,
}

impl<S> Sockets<S> {
    /// The role of socket `id` now, or `None` when it is neither live nor draining (it
    /// closed, or belongs to an older state).
    pub(super) fn role_of(&self, id: u64) -> Option<SocketRole> {
        match self {
            Sockets::Connected { live, .. } if live.id == id => Some(SocketRole::Live),
            Sockets::Connected {
                draining: Some(draining),
                ..
            } if draining.id == id => Some(SocketRole::Draining),
            _ => None,
        }
    }
}

/// What the sockets produced.
pub(super) enum SocketsEvent<S> {
    Text { socket: u64, text: String },
    Closed { socket: u64, close: Close },
    Dialed(Result<(S, ChatToken), DialError>),
    Rotated(Result<(S, ChatToken), DialError>),
}

impl<S: Socket> Sockets<S> {
    /// The next event of whatever the state owns. Cancel safe: sockets' `recv` is, and dials
    /// are boxed futures that survive being polled by reference.
    pub(super) async fn next_event(&mut self) -> SocketsEvent<S> {
        match self {
            Sockets::Disconnected => std::future::pending().await,
            Sockets::Connecting { dialing, .. } => SocketsEvent::Dialed(dialing.as_mut().await),
            Sockets::Connected {
                live,
                rotation,
                draining,
            } => {
                let live_id = live.id;
                tokio::select! {
                    event = live.socket.recv() => socket_event(live_id, event),
                    result = async {
                        match rotation {
                            Some(rotation) => rotation.dialing.as_mut().await,
                            None => std::future::pending().await,
                        }
                    } => SocketsEvent::Rotated(result),
                    (id, event) = async {
                        match draining {
                            Some(draining) => (draining.id, draining.socket.recv().await),
                            None => std::future::pending().await,
                        }
                    } => socket_event(id, event),
                }
            }
        }
    }
}

fn socket_event<S>(socket: u64, event: SocketEvent) -> SocketsEvent<S> {
    match event {
        SocketEvent::Text(text) => SocketsEvent::Text { socket, text },
        SocketEvent::Closed(close) => SocketsEvent::Closed { socket, close },
    }
}

/// Recently seen frame ids.
#[derive(Default)]
pub(super) struct RecentIds {
    set: HashSet<String>,
    order: VecDeque<String>,
}

impl RecentIds {
    /// False if `id` was seen already.
    pub(super) fn insert(&mut self, id: &str) -> bool {
        if self.set.contains(id) {
            return false;
        }
        if self.order.len() == DEDUPE_WINDOW
            && let Some(oldest) = self.order.pop_front()
        {
            self.set.remove(&oldest);
        }
        self.set.insert(id.to_owned());
        self.order.push_back(id.to_owned());
        true
    }
}
