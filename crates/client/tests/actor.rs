//! The room actor over the in-memory transport, with paused time: every timer (backoff,
//! rotation, request timeout, pacing) runs in virtual time, so these tests are exact and fast.

#![allow(clippy::unwrap_used)]

mod memory;

#[path = "actor/connection.rs"]
mod connection;
#[path = "actor/requests.rs"]
mod requests;
#[path = "actor/rotation.rs"]
mod rotation;

use std::time::Duration;

use ivs_chat_client::connection::HandshakeError;
use ivs_chat_client::connection::memory::ClientFrame;
use ivs_chat_client::decision::Backoff;
use ivs_chat_client::token::TokenError;
use ivs_chat_client::{
    Action, ConnectionState, FailureKind, Jitter, Limits, Reason, RequestStatus, Update,
};
use ivs_chat_protocol::messaging::{ErrorCode, Request};
use ivs_chat_protocol::{Attributes, Capability};
use memory::*;
use tokio::time::Instant;
