//! A fixed list of tokens, handed out in order: for tests and for scripts that mint their
//! tokens elsewhere.

use std::collections::VecDeque;
use std::sync::Mutex;

use super::{ChatToken, TokenError, TokenFuture, TokenProvider};

/// Hands out the given results in order, then [`TokenError::Exhausted`].
#[derive(Debug, Default)]
pub struct FixedTokens {
    // A std Mutex: held only to pop the front, never across an await.
    queue: Mutex<VecDeque<Result<ChatToken, TokenError>>>,
}

impl FixedTokens {
    /// A provider of these tokens, in order.
    pub fn new(tokens: impl IntoIterator<Item = ChatToken>) -> Self {
        Self::results(tokens.into_iter().map(Ok))
    }

    /// A provider of these outcomes, in order; errors let tests script token failures.
    pub fn results(results: impl IntoIterator<Item = Result<ChatToken, TokenError>>) -> Self {
        Self {
            queue: Mutex::new(results.into_iter().collect()),
        }
    }

    /// How many results are left.
    pub fn remaining(&self) -> usize {
        self.queue.lock().map(|queue| queue.len()).unwrap_or(0)
    }
}

impl TokenProvider for FixedTokens {
    fn fetch(&self) -> TokenFuture<'_> {
        let next = match self.queue.lock() {
            Ok(mut queue) => queue.pop_front(),
            Err(_) => None,
        };
        Box::pin(async move { next.unwrap_or(Err(TokenError::Exhausted)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hands_out_in_order_then_runs_out() {
        let tokens = FixedTokens::results([
            Ok(ChatToken::new("a")),
            Err(TokenError::Timeout),
            Ok(ChatToken::new("b")),
        ]);
        assert_eq!(tokens.remaining(), 3);
        assert_eq!(
            tokens.fetch().await.map(|t| t.token.expose().to_owned()),
            Ok("a".into())
        );
        assert_eq!(tokens.fetch().await, Err(TokenError::Timeout));
        assert_eq!(
            tokens.fetch().await.map(|t| t.token.expose().to_owned()),
            Ok("b".into())
        );
        assert_eq!(tokens.fetch().await, Err(TokenError::Exhausted));
    }
}
