//! Wire types of Amazon IVS Chat, shared by the client engine, the local service and the app.
//!
//! Pure data and pure functions: no I/O, no async, builds for `wasm32-unknown-unknown`.
//! Every type cites the section of `ivs-chat-protocol.md` (the project's wire reference) it
//! implements.
//!
//! # Layout
//!
//! - [`messaging`]: the WebSocket API: client requests ([`messaging::Request`]), server frames
//!   ([`messaging::Frame`]), error codes, capabilities, and the tolerant parsers both sides need.
//! - [`control`]: the control-plane REST API: every operation's input and output, the shared
//!   shapes, the error body, and [`control::validate`], the model's constraints as functions.
//! - [`review`]: the message review handler (Lambda) request and response.
//! - [`chat_log`]: the chat-logging record written to S3 / CloudWatch Logs / Firehose.
//! - [`time`]: the timestamp format of frames and API outputs.
//! - [`secret`]: a string that never shows itself in `Debug` (chat tokens, bearer secrets).

pub mod chat_log;
pub mod control;
pub mod messaging;
pub mod review;
pub mod secret;
pub mod time;

pub use messaging::{Attributes, Capability};
pub use secret::Secret;
