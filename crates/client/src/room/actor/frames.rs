//! What the actor does with a frame read from a socket: messages and events become updates,
//! answers settle the outbox's requests, errors may end the live socket.

use ivs_chat_protocol::messaging::{ChatError, ChatEvent, ErrorCode, EventKind, Frame, Incoming};
use tokio::time::Instant;

use super::Actor;
use crate::connection::Connector;
use crate::decision::{AfterClose, Kick};
use crate::outbox::{Action, Answer};
use crate::room::sockets::{SocketRole, Sockets};
use crate::room::update::{Reason, Update};

impl<C: Connector> Actor<C> {
    pub(super) async fn on_text(&mut self, socket: u64, text: &str) {
        if let Sockets::Connected { live, .. } = &mut self.sockets
            && live.id == socket
        {
            live.awaiting_since = None;
        }
        let frame = match Frame::parse(text) {
            Ok(Incoming::Frame(frame)) => frame,
            Ok(Incoming::Unknown { frame_type }) => {
                tracing::debug!(%frame_type, "ignoring a frame of an unknown type");
                return;
            }
            Err(error) => {
                tracing::warn!(%error, "ignoring a malformed frame");
                return;
            }
        };
        if !self.seen.insert(frame.id()) {
            tracing::trace!(id = frame.id(), "duplicate frame");
            return;
        }
        let request_id = frame.request_id().map(str::to_owned);
        match frame {
            Frame::Message(message) => {
                let id = message.id.clone();
                self.emit(Update::Message(message)).await;
                self.settle(
                    request_id,
                    Answer::Done {
                        action: Action::Send,
                        id,
                    },
                )
                .await;
            }
            Frame::Event(event) => self.on_event(event, request_id).await,
            Frame::Error(error) => self.on_error(socket, error, request_id).await,
        }
    }

    /// An event: a moderation event settles our own request for it (if it was ours) and
    /// becomes its own update; any other event is passed on as it is.
    async fn on_event(&mut self, event: ChatEvent, request_id: Option<String>) {
        let answer = match event.kind() {
            EventKind::DeleteMessage { message_id, reason } => {
                self.emit(Update::MessageDeleted {
                    id: event.id.clone(),
                    message_id: message_id.to_owned(),
                    reason: reason.map(str::to_owned),
                    request_id: request_id.clone(),
                    send_time: event.send_time,
                })
                .await;
                Some(Action::Delete)
            }
            EventKind::DisconnectUser { user_id, reason } => {
                if self.session.user_id.as_deref() == Some(user_id) {
                    self.kicked = Some(Kick {
                        reason: reason.map(str::to_owned),
                    });
                }
                self.emit(Update::UserDisconnected {
                    id: event.id.clone(),
                    user_id: user_id.to_owned(),
                    reason: reason.map(str::to_owned),
                    request_id: request_id.clone(),
                    send_time: event.send_time,
                })
                .await;
                Some(Action::Kick)
            }
            EventKind::Application => None,
        };
        match answer {
            Some(action) => {
                let id = event.id.clone();
                self.settle(request_id, Answer::Done { action, id }).await;
            }
            None => self.emit(Update::Event(event)).await,
        }
    }

    /// An ERROR frame: a rate-limited request goes out again, an answer to our request settles
    /// it, and an ERROR 401 or 404 on the live socket ends it.
    async fn on_error(&mut self, socket: u64, error: ChatError, request_id: Option<String>) {
        let code = error.error_code;
        if code == ErrorCode::TOO_MANY_REQUESTS
            && let Some(id) = &request_id
            && self.outbox.requeue_rate_limited(id)
        {
            // Not delivered (reference §1.7): send it again once the service's bucket
            // has refilled, in its place in line.
            tracing::debug!(request_id = %id, "rate limited by the service; sending again");
            let now = Instant::now();
            self.requests.empty(now);
            self.messages.empty(now);
            return;
        }
        let matched = match &request_id {
            Some(_) => {
                self.settle(
                    request_id.clone(),
                    Answer::Error {
                        code,
                        message: error.error_message.clone(),
                    },
                )
                .await
            }
            None => false,
        };
        let is_live = self.sockets.role_of(socket) == Some(SocketRole::Live);
        if code == ErrorCode::UNAUTHORIZED && is_live {
            // reference §1.7, §3.4: the session expired; the service closes next.
            self.lose_live(AfterClose::Reconnect(Reason::SessionExpired))
                .await;
        } else if code == ErrorCode::NOT_FOUND && !matched && is_live {
            self.lose_live(AfterClose::Disconnect(Reason::RoomNotFound))
                .await;
        } else if !matched {
            tracing::warn!(code = code.as_u16(), message = %error.error_message, "error from the chat service");
        }
    }

    /// Applies an answer; true if it settled one of our requests.
    async fn settle(&mut self, request_id: Option<String>, answer: Answer) -> bool {
        let Some(request_id) = request_id else {
            return false;
        };
        match self.outbox.settle(&request_id, answer) {
            Some(settled) => {
                self.emit_status(settled.id, settled.action, settled.status)
                    .await;
                true
            }
            None => false,
        }
    }
}
