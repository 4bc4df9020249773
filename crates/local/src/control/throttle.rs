//! The control plane's call-rate quotas (reference §2.8), enforced when the service is asked to
//! (`--api-rate-limits`): one bucket per operation for the whole account, as AWS meters them.
//!
//! Off by default: tests and tools that script the control plane expect a local service to
//! answer as fast as they ask. On, a caller learns how its code meets ThrottlingException
//! before AWS shows it (the AWS SDKs retry it with backoff; plain HTTP callers see the 429).

use std::collections::HashMap;
use std::sync::Mutex;

use ivs_chat_protocol::control::{ErrorBody, ErrorType, Operation};
use serde_json::Value;
use tokio::time::Instant;

use super::ApiError;
use crate::rate::TokenBucket;

/// The account's buckets, one per operation; `None` when quotas are not enforced.
#[derive(Debug, Default)]
pub(crate) struct CallRates {
    buckets: Option<Mutex<HashMap<Operation, TokenBucket>>>,
}

impl CallRates {
    /// Quotas enforced when `enforced`, else every call admitted.
    pub fn new(enforced: bool) -> Self {
        Self {
            buckets: enforced.then(Mutex::default),
        }
    }

    /// Admits one call of `operation`, or refuses it with ThrottlingException. `body` names
    /// the room for the operations whose throttling error is modelled with one.
    pub fn admit(&self, operation: Operation, body: &[u8]) -> Result<(), ApiError> {
        let Some(buckets) = &self.buckets else {
            return Ok(());
        };
        let now = Instant::now();
        let limit = operation.calls_per_second();
        let admitted = buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(operation)
            .or_insert_with(|| TokenBucket::new(limit, now))
            .try_take(now);
        if admitted {
            Ok(())
        } else {
            Err(throttled(operation, limit, body))
        }
    }
}

/// SendEvent, DeleteMessage and DisconnectUser model ThrottlingException with the room and the
/// limit (reference §2.5); the other operations get AWS's generic throttling error, message only.
fn throttled(operation: Operation, limit: u32, body: &[u8]) -> ApiError {
    let message = format!(
        "Rate exceeded: {} allows {limit} calls per second",
        operation.name()
    );
    let modelled = matches!(
        operation,
        Operation::SendEvent | Operation::DeleteMessage | Operation::DisconnectUser
    );
    let body = match room_id(body) {
        Some(room) if modelled => ErrorBody {
            limit: Some(limit),
            ..ErrorBody::about_resource(ErrorType::ThrottlingException, message, &room)
        },
        _ => ErrorBody::new(ErrorType::ThrottlingException, message),
    };
    ApiError {
        error_type: ErrorType::ThrottlingException,
        body: Box::new(body),
    }
}

/// The room id in a request's `roomIdentifier` (an ARN or a bare id).
fn room_id(body: &[u8]) -> Option<String> {
    let request: Value = serde_json::from_slice(body).ok()?;
    let identifier = request.get("roomIdentifier")?.as_str()?;
    let id = identifier.rsplit('/').next()?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_modelled_operations_name_the_room() {
        let body =
            br#"{"roomIdentifier":"arn:aws:ivschat:us-west-2:123456789012:room/AbC123dEf456"}"#;
        let event = throttled(Operation::SendEvent, 100, body);
        assert_eq!(event.body.resource_id.as_deref(), Some("AbC123dEf456"));
        assert_eq!(event.body.resource_type.as_deref(), Some("ROOM"));
        assert_eq!(event.body.limit, Some(100));

        let listing = throttled(Operation::ListRooms, 5, b"{}");
        assert_eq!(listing.error_type, ErrorType::ThrottlingException);
        assert_eq!(listing.body.resource_id, None);
        assert_eq!(listing.body.limit, None);

        // A room the caller named badly is not echoed into the error.
        let hostile = throttled(
            Operation::DeleteMessage,
            100,
            br#"{"roomIdentifier":"<b>"}"#,
        );
        assert_eq!(hostile.body.resource_id, None);
    }

    #[test]
    fn a_disabled_meter_admits_everything() {
        let rates = CallRates::new(false);
        assert!((0..1_000).all(|_| rates.admit(Operation::CreateRoom, b"{}").is_ok()));
        let enforced = CallRates::new(true);
        let admitted = (0..1_000)
            .filter(|_| enforced.admit(Operation::CreateRoom, b"{}").is_ok())
            .count();
        assert!((5..=6).contains(&admitted), "{admitted}");
    }
}
