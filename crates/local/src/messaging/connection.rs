//! One actor per WebSocket: reads requests, applies the limits, writes the room's frames from
//! a bounded queue, and ends the connection for the reasons of reference §1.9.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use chrono::Utc;
use futures_util::SinkExt;
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::messaging::{
    ChatError, ChatMessage, DeleteMessage, DisconnectUser, ErrorCode, Frame, Request, SendMessage,
    Sender, content_length,
};
use ivs_chat_protocol::review::{ReviewRequest, ReviewSender};
use tokio::sync::watch;
use tokio::time::{Instant, sleep_until, timeout};

use super::outbox::{Outbox, Outgoing};
use super::room_hub::{Member, RoomHub};
use crate::metrics::Action;
use crate::quota::{ConnectionSlot, Rate};
use crate::rate::TokenBucket;
use crate::review::Verdict;
use crate::state::Shared;
use crate::token::Grant;

/// Frames queued for one connection before it counts as a slow consumer and is disconnected.
pub const OUTBOX_CAPACITY: usize = 512;
/// Requests per second one connection may make (reference §1.10 / DESIGN §1 quotas).
pub const CONNECTION_REQUEST_RATE: u32 = 10;
/// Largest request frame handled; larger ones get ERROR 413 (reference §1.7).
pub const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// Largest WebSocket message read at all; past this the socket is closed with 1009.
pub const MAX_WEBSOCKET_MESSAGE_BYTES: usize = 1024 * 1024;
/// Frames written per flush.
const WRITE_BATCH: usize = 64;
/// A write that takes longer than this means the client stopped reading.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a closing handshake may take.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
/// After ERROR 401 at session end, how long the client has to close by itself.
const SESSION_CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Close reason for a client that cannot keep up with its room.
pub const SLOW_CONSUMER_REASON: &str = "slow consumer: too many frames queued";
/// The literal text clients match on (reference §1.5.4, from the AWS UGC demo).
pub const RATE_LIMIT_MESSAGE: &str = "rate limit exceeded";
/// The literal text clients match on (reference §1.5.4).
pub const TOO_LONG_MESSAGE: &str = "Message exceeds maximum length";

/// Why the actor stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The client closed, vanished or broke the protocol; nothing more to send.
    Gone,
    /// Close the socket with this code and reason.
    Close(u16, &'static str),
    /// `sessionExpirationTime` reached: ERROR 401, then close (reference §1.9).
    SessionExpired,
}

/// A request refused with an ERROR frame to the requester only (reference §1.5.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The ERROR code.
    pub code: ErrorCode,
    /// The ERROR message.
    pub message: String,
}

impl Rejection {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// Whether the token allows the request (reference §1.8).
pub fn check_capability(
    grant_capabilities: &[Capability],
    needed: Capability,
) -> Result<(), Rejection> {
    if grant_capabilities.contains(&needed) {
        Ok(())
    } else {
        Err(Rejection::new(
            ErrorCode::FORBIDDEN,
            format!("Forbidden: the chat token does not have the {needed} capability"),
        ))
    }
}

/// Whether message content fits the room (reference §1.4.1): not empty, at most
/// `maximum_length` Unicode code points.
pub fn check_content(content: &str, maximum_length: u32) -> Result<(), Rejection> {
    if content.is_empty() {
        return Err(Rejection::new(
            ErrorCode::BAD_REQUEST,
            "Message content must not be empty",
        ));
    }
    if content_length(content) > maximum_length as usize {
        return Err(Rejection::new(ErrorCode::BAD_REQUEST, TOO_LONG_MESSAGE));
    }
    Ok(())
}

/// A connection's place in its room, taken before the 101 goes out: a client is connected
/// as soon as it has its 101 (reference §1.2; the official SDK and `ivs-chat-client` both
/// count from there), so every frame fanned out after that instant must reach it. Joining
/// only once the upgraded socket was being served lost the frames fanned out in between.
/// Leaves the room when dropped: when the connection ends, or when the upgrade never
/// completes.
pub(crate) struct Membership {
    room: Arc<RoomHub>,
    id: u64,
    outbox: Arc<Outbox>,
    /// The connection's place under the account's concurrent-connections quota.
    _slot: ConnectionSlot,
}

impl Membership {
    /// Joins `room` as `grant`'s user; frames queue until the socket is served.
    pub(crate) fn join(
        shared: &Shared,
        room: &Arc<RoomHub>,
        grant: &Grant,
        slot: ConnectionSlot,
    ) -> Self {
        let outbox = Arc::new(Outbox::new(OUTBOX_CAPACITY));
        let id = shared.hub.next_connection_id();
        room.join(
            id,
            Member {
                user_id: grant.user_id.clone(),
                outbox: outbox.clone(),
            },
        );
        Self {
            room: room.clone(),
            id,
            outbox,
            _slot: slot,
        }
    }
}

impl Drop for Membership {
    fn drop(&mut self) {
        self.room.leave(self.id);
        self.outbox.close();
    }
}

/// Serves one upgraded socket until it ends.
pub(crate) async fn run(
    mut socket: WebSocket,
    shared: Arc<Shared>,
    room: Arc<RoomHub>,
    grant: Grant,
    peer: SocketAddr,
    membership: Membership,
) {
    let _live = shared.live.enter();
    shared.metrics.connection_opened();
    let outbox = membership.outbox.clone();
    let mut shutdown = shared.shutdown_signal();
    let mut actor = Actor {
        limiter: TokenBucket::new(CONNECTION_REQUEST_RATE, Instant::now()),
        shared: shared.clone(),
        room: room.clone(),
        grant,
        peer,
    };
    let end = actor.drive(&mut socket, &outbox, &mut shutdown).await;
    drop(membership);
    Box::pin(finish(&mut socket, &actor, end)).await;
    shared.metrics.connection_closed();
}

/// Ends a connection the way `end` says: a close frame, or the session's expiry.
async fn finish(socket: &mut WebSocket, actor: &Actor, end: End) {
    match end {
        End::Gone => {}
        End::Close(code, reason) => close(socket, code, reason).await,
        End::SessionExpired => {
            let error = actor.error_frame(
                None,
                None,
                ErrorCode::UNAUTHORIZED,
                "Connection has expired".into(),
            );
            if send_now(socket, error).await {
                // Give the client the first move (the official SDK reconnects on 401 and closes
                // the old socket itself); close it ourselves if it does not.
                let closed_by_client = timeout(SESSION_CLOSE_GRACE, async {
                    while let Some(Ok(message)) = socket.recv().await {
                        if matches!(message, Message::Close(_)) {
                            return;
                        }
                    }
                })
                .await
                .is_ok();
                if !closed_by_client {
                    close(socket, 1000, "session expired").await;
                }
            }
        }
    }
}

struct Actor {
    shared: Arc<Shared>,
    room: Arc<RoomHub>,
    grant: Grant,
    peer: SocketAddr,
    /// CONNECTION_REQUEST_RATE for this socket.
    limiter: TokenBucket,
}

impl Actor {
    async fn drive(
        &mut self,
        socket: &mut WebSocket,
        outbox: &Outbox,
        shutdown: &mut watch::Receiver<bool>,
    ) -> End {
        let session_end = sleep_until(self.grant.session_deadline);
        tokio::pin!(session_end);
        loop {
            tokio::select! {
                biased;
                () = stopped(shutdown) => return End::Close(1001, "service shutting down"),
                () = outbox.overflowed() => return End::Close(1008, SLOW_CONSUMER_REASON),
                () = &mut session_end => return End::SessionExpired,
                outgoing = outbox.next() => match outgoing {
                    Some(Outgoing::Frame(text)) => {
                        // A client that stops reading blocks the write; the queue then fills
                        // and the overflow ends the connection without waiting for the timeout.
                        tokio::select! {
                            biased;
                            () = outbox.overflowed() => return End::Close(1008, SLOW_CONSUMER_REASON),
                            written = write_batch(socket, outbox, text) => if let Err(end) = written {
                                return end;
                            },
                        }
                    }
                    Some(Outgoing::Close { code, reason }) => return End::Close(code, reason),
                    None => return End::Gone,
                },
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        // Boxed, like the ending below: a request's states (review, replies)
                        // would otherwise be part of every connection's task while it idles.
                        if let Err(end) = Box::pin(self.handle_text(socket, &text)).await {
                            return end;
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        self.shared.metrics.messaging_request();
                        let rejection = Rejection::new(ErrorCode::BAD_REQUEST, "binary frames are not supported: send one JSON object per text frame");
                        if let Err(end) = self.reject(socket, None, None, rejection).await {
                            return end;
                        }
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                    Some(Ok(Message::Close(_)) | Err(_)) | None => return End::Gone,
                },
            }
        }
    }

    async fn handle_text(&mut self, socket: &mut WebSocket, text: &str) -> Result<(), End> {
        self.shared.metrics.messaging_request();
        if text.len() > MAX_REQUEST_BYTES {
            let rejection = Rejection::new(
                ErrorCode::PAYLOAD_TOO_LARGE,
                format!("request exceeds {MAX_REQUEST_BYTES} bytes"),
            );
            return self.reject(socket, None, None, rejection).await;
        }
        let parsed = Request::parse(text);
        let request_id = match &parsed {
            Ok(request) => request.request_id().map(str::to_owned),
            Err(error) => error.request_id.clone(),
        };
        if !self.limiter.try_take(Instant::now()) {
            let rejection = Rejection::new(ErrorCode::TOO_MANY_REQUESTS, RATE_LIMIT_MESSAGE);
            return self.reject(socket, request_id, None, rejection).await;
        }
        let request = match parsed {
            Ok(request) => request,
            Err(error) => {
                let rejection = Rejection::new(error.code, error.message);
                return self.reject(socket, request_id, None, rejection).await;
            }
        };
        if let Err(rejection) = check_capability(&self.grant.capabilities, request.capability()) {
            return self.reject(socket, request_id, None, rejection).await;
        }
        match request {
            Request::SendMessage(message) => self.send_message(socket, message).await,
            Request::DeleteMessage(delete) => {
                if let Err(rejection) = self.admit(Rate::DeleteMessage) {
                    return self
                        .reject(socket, delete.request_id, None, rejection)
                        .await;
                }
                self.delete_message(delete);
                Ok(())
            }
            Request::DisconnectUser(kick) => {
                if let Err(rejection) = self.admit(Rate::DisconnectUser) {
                    return self.reject(socket, kick.request_id, None, rejection).await;
                }
                self.disconnect_user(kick);
                Ok(())
            }
        }
    }

    async fn send_message(
        &mut self,
        socket: &mut WebSocket,
        message: SendMessage,
    ) -> Result<(), End> {
        let SendMessage {
            request_id,
            content,
            attributes,
        } = message;
        self.shared.metrics.request(Action::SendMessage);
        let settings = self.room.settings();
        if let Err(rejection) = check_content(&content, settings.maximum_message_length) {
            return self.reject(socket, request_id, None, rejection).await;
        }
        let now = Instant::now();
        if !self.room.try_take_message(now) {
            let rejection = Rejection::new(ErrorCode::TOO_MANY_REQUESTS, RATE_LIMIT_MESSAGE);
            return self.reject(socket, request_id, None, rejection).await;
        }
        if let Err(rejection) = self.admit(Rate::SendMessage) {
            return self.reject(socket, request_id, None, rejection).await;
        }
        let send_time = Utc::now();
        let message_id = self.shared.ids.next();
        let (content, attributes) = match &settings.review_handler {
            None => (content, attributes),
            Some(handler) => {
                let review = ReviewRequest {
                    content,
                    message_id: message_id.clone(),
                    room_arn: settings.arn.clone(),
                    attributes,
                    sender: ReviewSender {
                        attributes: self.grant.attributes.clone(),
                        user_id: self.grant.user_id.clone(),
                        ip: self.peer.ip().to_string(),
                    },
                };
                // Boxed: the HTTP call's state is large, and unboxed it would be part of every
                // connection's task, idle or not, in rooms with a handler or without.
                let verdict = Box::pin(self.shared.reviewer.review(
                    handler,
                    &review,
                    settings.maximum_message_length,
                    &self.shared.metrics,
                ));
                match verdict.await {
                    // A rewrite that does not fit the room never gets here: the reviewer
                    // treats it as an invalid answer and applies the fallback.
                    Verdict::Allow {
                        content,
                        attributes,
                    } => (content, attributes),
                    Verdict::Deny { reason } => {
                        let text = reason.unwrap_or_else(|| {
                            "Message was rejected by the message review handler".into()
                        });
                        let rejection = Rejection::new(ErrorCode::NOT_ACCEPTABLE, text);
                        return self
                            .reject(socket, request_id, Some(message_id), rejection)
                            .await;
                    }
                }
            }
        };
        let frame = Frame::Message(ChatMessage {
            id: message_id,
            request_id,
            content,
            attributes,
            sender: Sender {
                user_id: self.grant.user_id.clone(),
                attributes: self.grant.attributes.clone(),
            },
            send_time,
        });
        super::deliver(&self.shared, &self.room, &frame, Action::SendMessage);
        Ok(())
    }

    /// One request of `rate` under the account's quota across all rooms (user guide, "Outras
    /// cotas"), or the ERROR 429 that refuses it.
    fn admit(&self, rate: Rate) -> Result<(), Rejection> {
        if self.shared.quotas.admit(rate, Instant::now()) {
            Ok(())
        } else {
            self.shared.metrics.quota_exceeded(rate.quota());
            Err(Rejection::new(
                ErrorCode::TOO_MANY_REQUESTS,
                RATE_LIMIT_MESSAGE,
            ))
        }
    }

    fn delete_message(&self, delete: DeleteMessage) {
        self.shared.metrics.request(Action::DeleteMessage);
        let event = super::delete_message_event(
            self.shared.ids.next(),
            delete.request_id,
            &delete.id,
            delete.reason.as_deref(),
        );
        super::deliver(
            &self.shared,
            &self.room,
            &Frame::Event(event),
            Action::DeleteMessage,
        );
    }

    fn disconnect_user(&self, kick: DisconnectUser) {
        self.shared.metrics.request(Action::DisconnectUser);
        let event = super::disconnect_user_event(
            self.shared.ids.next(),
            kick.request_id,
            &kick.user_id,
            kick.reason.as_deref(),
        );
        super::disconnect_user(&self.shared, &self.room, event, &kick.user_id);
    }

    fn error_frame(
        &self,
        request_id: Option<String>,
        id: Option<String>,
        code: ErrorCode,
        message: String,
    ) -> Utf8Bytes {
        Utf8Bytes::from(
            Frame::Error(ChatError {
                // reference §3.3: never the id of a frame already delivered.
                id: id.unwrap_or_else(|| self.shared.ids.next()),
                request_id,
                error_code: code,
                error_message: message,
            })
            .to_json(),
        )
    }

    async fn reject(
        &self,
        socket: &mut WebSocket,
        request_id: Option<String>,
        id: Option<String>,
        rejection: Rejection,
    ) -> Result<(), End> {
        let frame = self.error_frame(request_id, id, rejection.code, rejection.message);
        if send_now(socket, frame).await {
            Ok(())
        } else {
            Err(End::Gone)
        }
    }
}

/// Writes `first` and whatever else is already queued, then flushes. A queued close ends the
/// batch after everything before it was written (the kick event precedes the kick close).
async fn write_batch(socket: &mut WebSocket, outbox: &Outbox, first: Utf8Bytes) -> Result<(), End> {
    let work = async {
        socket.feed(Message::Text(first)).await?;
        let mut then_close = None;
        for _ in 1..WRITE_BATCH {
            match outbox.try_next() {
                Some(Outgoing::Frame(text)) => socket.feed(Message::Text(text)).await?,
                Some(Outgoing::Close { code, reason }) => {
                    then_close = Some(End::Close(code, reason));
                    break;
                }
                None => break,
            }
        }
        socket.flush().await?;
        Ok::<_, axum::Error>(then_close)
    };
    match timeout(SEND_TIMEOUT, work).await {
        Ok(Ok(None)) => Ok(()),
        Ok(Ok(Some(end))) => Err(end),
        Ok(Err(_)) | Err(_) => Err(End::Gone),
    }
}

/// Resolves once shutdown has begun (or the service is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    loop {
        let down = *shutdown.borrow_and_update();
        if down || shutdown.changed().await.is_err() {
            return;
        }
    }
}

/// Sends one frame with the write timeout; whether it went out.
async fn send_now(socket: &mut WebSocket, text: Utf8Bytes) -> bool {
    matches!(
        timeout(SEND_TIMEOUT, socket.send(Message::Text(text))).await,
        Ok(Ok(()))
    )
}

/// The closing handshake: our close frame, then the client's answer, so the close is clean
/// (reference §1.9: a clean close is what tells the SDK not to reconnect).
async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) {
    let _ = timeout(CLOSE_TIMEOUT, async {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        };
        if socket.send(Message::Close(Some(frame))).await.is_err() {
            return;
        }
        while let Some(Ok(message)) = socket.recv().await {
            if matches!(message, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_checks_count_code_points() {
        let cases: &[(&str, u32, Option<u16>)] = &[
            ("hello", 5, None),
            ("hello!", 5, Some(400)),
            ("", 500, Some(400)),
            ("😀😀😀", 3, None),
            ("😀😀😀😀", 3, Some(400)),
            ("é", 1, None),
        ];
        for &(content, maximum, expected) in cases {
            let outcome = check_content(content, maximum)
                .err()
                .map(|r| r.code.as_u16());
            assert_eq!(outcome, expected, "{content:?} against {maximum}");
        }
        assert_eq!(
            check_content("xx", 1).map_err(|r| r.message),
            Err(TOO_LONG_MESSAGE.to_owned())
        );
    }

    #[test]
    fn capabilities_are_required_per_action() {
        let sender = [Capability::SendMessage];
        assert!(check_capability(&sender, Capability::SendMessage).is_ok());
        for needed in [Capability::DeleteMessage, Capability::DisconnectUser] {
            let rejection = check_capability(&sender, needed).err();
            assert_eq!(
                rejection.map(|r| r.code),
                Some(ErrorCode::FORBIDDEN),
                "{needed}"
            );
        }
        assert!(check_capability(&[], Capability::SendMessage).is_err());
    }
}
