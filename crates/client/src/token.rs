//! Where chat tokens come from.
//!
//! A chat token is the only credential of the messaging API and is single use (reference
//! §1.2), so the room asks its [`TokenProvider`] for a fresh one before every connection
//! attempt, including rotations.

mod aws;
mod fixed;
pub mod http;

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use ivs_chat_protocol::{Capability, Secret};

pub use aws::{AwsCredentials, AwsSettings, AwsTokenProvider};
pub use fixed::FixedTokens;
pub use http::HttpTokenProvider;

/// A token and what is known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatToken {
    /// The credential itself; redacted in `Debug`, never logged.
    pub token: Secret,
    /// The token must be used to connect before this instant (reference §2.7).
    pub token_expiration_time: Option<DateTime<Utc>>,
    /// The connection ends at this instant (reference §2.7).
    pub session_expiration_time: Option<DateTime<Utc>>,
    /// What the token allows, when the provider knows it; lets the room refuse a request the
    /// service would answer with 403, and lets a UI hide what the user cannot do.
    pub capabilities: Option<Vec<Capability>>,
    /// The token's user, when the provider knows it; how the room recognizes its own kick.
    pub user_id: Option<String>,
}

impl ChatToken {
    /// A token with nothing else known about it.
    pub fn new(token: impl Into<Secret>) -> Self {
        Self {
            token: token.into(),
            token_expiration_time: None,
            session_expiration_time: None,
            capabilities: None,
            user_id: None,
        }
    }
}

/// Why a token could not be had. Messages never contain the token or a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// The endpoint answered with a non-success HTTP status.
    #[error("token endpoint returned {status}: {message}")]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The start of the response body, or the AWS error's message.
        message: String,
    },
    /// The endpoint did not answer in time.
    #[error("token endpoint timed out")]
    Timeout,
    /// The endpoint could not be reached.
    #[error("token endpoint unreachable: {0}")]
    Network(String),
    /// The endpoint answered 2xx with something that is not a CreateChatToken output.
    #[error("token endpoint returned an invalid response: {0}")]
    InvalidResponse(String),
    /// The AWS control plane failed in a way that has no HTTP status (credentials, region).
    #[error("AWS CreateChatToken failed: {0}")]
    Aws(String),
    /// A fixed token list ran out.
    #[error("no tokens left")]
    Exhausted,
}

impl TokenError {
    /// Whether asking again can succeed. A 4xx answer (other than 408 and 429) means the
    /// backend refuses this user or request, so retrying only delays the bad news.
    pub fn is_retryable(&self) -> bool {
        match self {
            TokenError::Status { status, .. } => {
                !(400..500).contains(status) || *status == 408 || *status == 429
            }
            TokenError::Timeout | TokenError::Network(_) | TokenError::InvalidResponse(_) => true,
            TokenError::Aws(_) => true,
            TokenError::Exhausted => false,
        }
    }
}

/// A boxed token future, so providers can be used as `dyn TokenProvider`.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<ChatToken, TokenError>> + Send + 'a>>;

/// A source of fresh chat tokens; called once per connection attempt.
pub trait TokenProvider: std::fmt::Debug + Send + Sync + 'static {
    /// Fetches a new token.
    fn fetch(&self) -> TokenFuture<'_>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_redacted_in_debug() {
        let mut token = ChatToken::new("AQICAHgm5DC1V25pBVEhXdu-secret");
        token.user_id = Some("alice".into());
        let debug = format!("{token:?}");
        assert!(!debug.contains("AQICAH"), "{debug}");
        assert!(debug.contains("alice"), "{debug}");
    }

    #[test]
    fn retryable_table() {
        let status = |status| TokenError::Status {
            status,
            message: String::new(),
        };
        let cases = [
            (status(500), true),
            (status(503), true),
            (status(400), false),
            (status(401), false),
            (status(403), false),
            (status(404), false),
            (status(408), true),
            (status(429), true),
            (TokenError::Timeout, true),
            (TokenError::Network("refused".into()), true),
            (TokenError::InvalidResponse("garbage".into()), true),
            (TokenError::Exhausted, false),
        ];
        for (error, retryable) in cases {
            assert_eq!(error.is_retryable(), retryable, "{error}");
        }
    }
}
