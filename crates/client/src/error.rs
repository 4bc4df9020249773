//! The crate's error type.

/// What can go wrong when using a room or its parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The endpoint is neither a region name nor a `ws://` / `wss://` URL.
    #[error("invalid endpoint {input:?}: {problem}")]
    InvalidEndpoint {
        /// What was given.
        input: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The room's actor has stopped (its future was dropped or finished), so the handle can
    /// no longer reach it.
    #[error("the room has stopped")]
    Stopped,
    /// No failed request has this id (confirmed, discarded, or never made).
    #[error("no failed request has this id")]
    NotFailed,
    /// The room is disconnected; connect first.
    #[error("the room is disconnected")]
    Disconnected,
    /// A token could not be had.
    #[error(transparent)]
    Token(#[from] crate::token::TokenError),
}
