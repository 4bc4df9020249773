//! The sockets' lives as the actor sees them: a socket closed, the live one lost, a dial or a
//! rotation finished, a new socket adopted.

use std::time::Duration;

use chrono::Utc;
use tokio::time::Instant;

use super::{Actor, to_instant};
use crate::connection::{Connector, DialError, Socket};
use crate::decision::{
    AfterClose, AfterFailure, Close, Watch, after_close, after_failed_attempt, failure_reason,
    rotation_deadline,
};
use crate::room::sockets::{Draining, Live, Rotation, SocketRole, Sockets};
use crate::room::update::{ConnectionState, Reason, SessionInfo, Update};
use crate::token::ChatToken;

impl<C: Connector> Actor<C> {
    pub(super) async fn on_closed(&mut self, socket: u64, close: Close) {
        match self.sockets.role_of(socket) {
            Some(SocketRole::Live) => {
                let Sockets::Connected { live, .. } = &mut self.sockets else {
                    return;
                };
                if let Some(kicked) = &self.kicked {
                    live.watch.kicked = Some(kicked.clone());
                }
                let decision = after_close(&close, &live.watch);
                tracing::debug!(?close, ?decision, "the live socket closed");
                self.lose_live(decision).await;
            }
            Some(SocketRole::Draining) => {
                if let Sockets::Connected { draining, .. } = &mut self.sockets {
                    *draining = None;
                }
                let lost = self.outbox.socket_lost(socket);
                self.report(lost).await;
            }
            None => {}
        }
    }

    /// The live socket is gone (closed, or abandoned after an ERROR 401 / 404): fail what was
    /// in flight on it, then reconnect or stop as decided.
    pub(super) async fn lose_live(&mut self, decision: AfterClose) {
        let Sockets::Connected {
            mut live,
            rotation,
            draining,
        } = std::mem::replace(&mut self.sockets, Sockets::Disconnected)
        else {
            return;
        };
        live.socket.close().await;
        let mut lost = self.outbox.socket_lost(live.id);
        if let Some(mut draining) = draining {
            draining.socket.close().await;
            lost.extend(self.outbox.socket_lost(draining.id));
        }
        self.report(lost).await;
        match decision {
            AfterClose::Reconnect(reason) => {
                // A rotation already under way becomes the reconnect.
                let dialing = match rotation {
                    Some(rotation) => rotation.dialing,
                    None if reason == Reason::SessionExpired => self.dial(Duration::ZERO),
                    None => self.dial(self.backoff_delay(0)),
                };
                self.sockets = Sockets::Connecting {
                    attempt: 0,
                    dialing,
                };
                self.set_state(ConnectionState::Connecting, Some(reason))
                    .await;
            }
            AfterClose::Disconnect(reason) => {
                let abandoned = self.outbox.abandon();
                self.report(abandoned).await;
                self.set_state(ConnectionState::Disconnected, Some(reason))
                    .await;
            }
        }
    }

    /// Closes everything and stops with `reason`.
    pub(super) async fn disconnect(&mut self, reason: Reason) {
        match std::mem::replace(&mut self.sockets, Sockets::Disconnected) {
            Sockets::Connected {
                mut live, draining, ..
            } => {
                live.socket.close().await;
                if let Some(mut draining) = draining {
                    draining.socket.close().await;
                }
            }
            Sockets::Connecting { .. } | Sockets::Disconnected => {}
        }
        let abandoned = self.outbox.abandon();
        self.report(abandoned).await;
        self.set_state(ConnectionState::Disconnected, Some(reason))
            .await;
    }

    pub(super) async fn on_dialed(&mut self, result: Result<(C::Socket, ChatToken), DialError>) {
        let Sockets::Connecting { attempt, .. } = self.sockets else {
            return;
        };
        match result {
            Ok((socket, token)) => {
                let live = self.open(socket, token).await;
                self.sockets = Sockets::Connected {
                    live,
                    rotation: None,
                    draining: None,
                };
                self.set_state(ConnectionState::Connected, None).await;
                self.emit(Update::Session(self.session.clone())).await;
            }
            Err(error) => {
                tracing::warn!(%error, attempt, "connection attempt failed");
                match after_failed_attempt(&error, attempt, self.config.max_reconnect_attempts) {
                    AfterFailure::Retry { attempt } => {
                        let dialing = self.dial(self.backoff_delay(attempt - 1));
                        self.sockets = Sockets::Connecting { attempt, dialing };
                        // Still connecting, but now the user can be told why it takes long
                        // (a token endpoint answering 500, a refused handshake) instead of
                        // only after the last attempt.
                        self.set_state(ConnectionState::Connecting, Some(failure_reason(&error)))
                            .await;
                    }
                    AfterFailure::GiveUp(reason) => self.disconnect(reason).await,
                }
            }
        }
    }

    pub(super) async fn on_rotated(&mut self, result: Result<(C::Socket, ChatToken), DialError>) {
        let Sockets::Connected {
            rotation: Some(Rotation { attempt, .. }),
            ..
        } = &self.sockets
        else {
            return;
        };
        let attempt = *attempt;
        match result {
            Ok((socket, token)) => {
                let next = self.open(socket, token).await;
                let until = Instant::now() + self.config.drain_timeout;
                let Sockets::Connected {
                    live,
                    rotation,
                    draining,
                } = &mut self.sockets
                else {
                    return;
                };
                *rotation = None;
                let old = std::mem::replace(live, next);
                // The old socket stays open, and read, for the drain period: the service may
                // add the new socket to the room only after its 101 reached us, so a frame
                // fanned out in between reaches the old socket alone. Both sockets' frames
                // are de-duplicated by id; the old one is closed when the period ends.
                let previous = draining.replace(Draining {
                    socket: old.socket,
                    id: old.id,
                    until,
                });
                tracing::debug!("rotated to a new connection");
                if let Some(mut previous) = previous {
                    previous.socket.close().await;
                    let lost = self.outbox.socket_lost(previous.id);
                    self.report(lost).await;
                }
                self.emit(Update::Session(self.session.clone())).await;
            }
            Err(error) => {
                tracing::warn!(%error, attempt, "opening the next connection failed");
                let next =
                    match after_failed_attempt(&error, attempt, self.config.max_reconnect_attempts)
                    {
                        AfterFailure::Retry { attempt } => Some(Rotation {
                            attempt,
                            dialing: self.dial(self.backoff_delay(attempt - 1)),
                        }),
                        // The current connection still works; it carries on until it ends, and
                        // its end reconnects. The official SDK tears the healthy one down here
                        // (reference §3.5).
                        AfterFailure::GiveUp(_) => None,
                    };
                if let Sockets::Connected { rotation, .. } = &mut self.sockets {
                    *rotation = next;
                }
            }
        }
    }

    /// Adopts a freshly opened socket: records the token's metadata and plans its rotation.
    pub(super) async fn open(&mut self, socket: C::Socket, token: ChatToken) -> Live<C::Socket> {
        let now = Instant::now();
        let wall = Utc::now();
        self.session = SessionInfo {
            user_id: token.user_id.clone(),
            capabilities: token.capabilities.clone(),
            token_expiration_time: token.token_expiration_time,
            session_expiration_time: token.session_expiration_time,
        };
        let rotate_at = rotation_deadline(
            now,
            token
                .token_expiration_time
                .map(|time| to_instant(time, now, wall)),
            token
                .session_expiration_time
                .map(|time| to_instant(time, now, wall)),
            self.config.rotation_lead,
        );
        let id = self.next_socket_id;
        self.next_socket_id += 1;
        Live {
            socket,
            id,
            watch: Watch::default(),
            rotate_at,
            awaiting_since: None,
        }
    }
}
