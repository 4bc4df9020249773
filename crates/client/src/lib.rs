//! `ivs-chat-client`: a client engine for the Amazon IVS Chat messaging API.
//!
//! It follows the official SDKs' model (a room, a token provider, `connecting` / `connected` /
//! `disconnected`, a confirmation or rejection per request; reference §3) and fixes their
//! weaknesses: reconnects back off exponentially with full jitter; the next connection opens
//! before the token *and* the session expire, with frames de-duplicated across the overlap;
//! every request ends confirmed or failed (timeouts, dead sockets), never pending forever and
//! never sent twice behind the user's back; requests made offline wait in order; length,
//! attributes, capabilities and the room's rate are checked before sending.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ivs_chat_client::Error> {
//! use std::sync::Arc;
//! use ivs_chat_client::{Config, Endpoint, Room, Update};
//! use ivs_chat_client::token::HttpTokenProvider;
//! use ivs_chat_protocol::control::CreateChatTokenRequest;
//!
//! let tokens = HttpTokenProvider::new(
//!     "http://127.0.0.1:8080/create_chat_token",
//!     CreateChatTokenRequest {
//!         room_identifier: Some("arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6".into()),
//!         user_id: Some("alice".into()),
//!         ..Default::default()
//!     },
//! );
//! let config = Config::new(Endpoint::parse("ws://127.0.0.1:8080")?, Arc::new(tokens));
//! let (room, mut updates, actor) = Room::new(config);
//! tokio::spawn(actor);
//! room.connect().await?;
//! while let Some(update) = updates.recv().await {
//!     if let Update::Message(message) = update {
//!         println!("{}: {}", message.sender.user_id, message.content);
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Layout
//!
//! - [`room`]: the [`Room`] handle, its [`Updates`], and the actor that owns the sockets
//!   (`room/actor.rs`), the connection state it owns (`room/link.rs`), the commands and
//!   pre-send checks (`room/command.rs`), the update vocabulary (`room/update.rs`).
//! - [`decision`]: pure functions with table tests: what a close means (`close.rs`), how long
//!   to back off (`backoff.rs`), when to rotate (`rotation.rs`).
//! - [`outbox`]: the request state machine (queued → in flight → confirmed | failed).
//! - [`rate`]: the token bucket that paces sends at the room's rate.
//! - [`token`]: the [`token::TokenProvider`] trait and its HTTP endpoint, AWS control-plane and
//!   fixed-list implementations.
//! - [`connection`]: the socket traits, the real WebSocket (tokio-tungstenite over rustls) and
//!   an in-memory transport for tests.
//! - [`endpoint`]: region or URL → WebSocket URL.
//! - `src/bin/ivs-chat/`: the `ivs-chat` command, a line-oriented JSON client over [`Room`].

mod alarm;
pub mod connection;
pub mod decision;
pub mod endpoint;
mod error;
pub mod outbox;
pub mod rate;
pub mod room;
pub mod token;

pub use connection::Keepalive;
pub use endpoint::Endpoint;
pub use error::Error;
pub use ivs_chat_protocol::Secret;
pub use outbox::{Action, Failure, FailureKind, RequestId, RequestStatus};
pub use room::{
    Config, ConnectionState, Jitter, Limits, Reason, Room, SessionInfo, Update, Updates,
};
