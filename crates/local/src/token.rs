//! Chat tokens: minted by CreateChatToken, redeemed once by a WebSocket handshake
//! (reference §1.2, §2.7).

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use ivs_chat_protocol::{Attributes, Capability, Secret};
use tokio::time::Instant;

use crate::ids::random_alphanumeric;

/// Characters in a token: 43 of `[A-Za-z0-9]` carry 256 bits from the CSPRNG. Alphanumerics
/// are RFC 7230 `tchar`s, so browsers accept the token as a WebSocket subprotocol
/// (reference §1.2).
pub const TOKEN_LENGTH: usize = 43;

/// Above this many outstanding tokens, minting first drops the expired ones.
const PRUNE_THRESHOLD: usize = 4096;

/// What a token lets its bearer do, fixed at mint time (reference §1.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The room's 12-character id.
    pub room_id: String,
    /// The room's ARN.
    pub room_arn: String,
    /// Becomes `Sender.UserId`; the target of DisconnectUser.
    pub user_id: String,
    /// Actions beyond viewing.
    pub capabilities: Vec<Capability>,
    /// Becomes `Sender.Attributes`.
    pub attributes: Attributes,
    /// The token must be redeemed before this wall-clock instant.
    pub token_expiration_time: DateTime<Utc>,
    /// The connection ends at this wall-clock instant.
    pub session_expiration_time: DateTime<Utc>,
    /// `token_expiration_time` on the monotonic clock (timers use it).
    pub token_deadline: Instant,
    /// `session_expiration_time` on the monotonic clock.
    pub session_deadline: Instant,
}

impl Grant {
    /// Whether the token allows `capability`.
    pub fn allows(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }
}

/// Why a token was refused at the handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RedeemError {
    /// Never minted here, or already used (tokens are single use).
    #[error("the chat token is invalid or was already used")]
    Unknown,
    /// Presented after `tokenExpirationTime`.
    #[error("the chat token has expired")]
    Expired,
}

/// Outstanding tokens. A std `Mutex`: each use is one hash-map operation, never across an
/// `.await`.
#[derive(Debug, Default)]
pub struct TokenRegistry {
    grants: Mutex<HashMap<String, Grant>>,
}

impl TokenRegistry {
    /// Mints a token for `grant`.
    pub fn mint(&self, grant: Grant) -> Secret {
        let token = random_alphanumeric(TOKEN_LENGTH);
        let mut grants = self
            .grants
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if grants.len() >= PRUNE_THRESHOLD {
            let now = Instant::now();
            grants.retain(|_, grant| grant.token_deadline > now);
        }
        grants.insert(token.clone(), grant);
        Secret::new(token)
    }

    /// Redeems a token: it is removed whatever the outcome, so it can never be used twice.
    pub fn redeem(&self, token: &str, now: Instant) -> Result<Grant, RedeemError> {
        let grant = self
            .grants
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(token)
            .ok_or(RedeemError::Unknown)?;
        if now >= grant.token_deadline {
            return Err(RedeemError::Expired);
        }
        Ok(grant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn grant(now: Instant) -> Grant {
        Grant {
            room_id: "g1H2I3j4k5L6".into(),
            room_arn: "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6".into(),
            user_id: "alice".into(),
            capabilities: vec![Capability::SendMessage],
            attributes: Attributes::new(),
            token_expiration_time: Utc::now(),
            session_expiration_time: Utc::now(),
            token_deadline: now + Duration::from_secs(60),
            session_deadline: now + Duration::from_secs(3600),
        }
    }

    #[test]
    fn tokens_are_tchar_single_use_and_expire() {
        let registry = TokenRegistry::default();
        let now = Instant::now();
        let token = registry.mint(grant(now));
        assert_eq!(token.expose().len(), TOKEN_LENGTH);
        assert!(token.expose().bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(
            registry.redeem(token.expose(), now).map(|g| g.user_id),
            Ok("alice".into())
        );
        assert_eq!(
            registry.redeem(token.expose(), now),
            Err(RedeemError::Unknown)
        );
        let late = registry.mint(grant(now));
        assert_eq!(
            registry.redeem(late.expose(), now + Duration::from_secs(61)),
            Err(RedeemError::Expired)
        );
        assert_eq!(registry.redeem("nope", now), Err(RedeemError::Unknown));
        assert_ne!(registry.mint(grant(now)), registry.mint(grant(now)));
    }
}
