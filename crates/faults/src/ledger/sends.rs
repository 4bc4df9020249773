//! The account of every send the harness attempted: what became of each, in numbers that
//! must add up (sent = confirmed + failed + delivery unknown + pending).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ivs_chat_client::{FailureKind, RequestStatus};

/// The failure reason of an attempt the room handle refused outright (no request made).
pub const REFUSED_BY_HANDLE: &str = "refused by the room handle";

/// Every send attempted, by what became of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sends {
    /// Sends the harness attempted.
    pub sent: u64,
    /// Confirmed by the service's MESSAGE.
    pub confirmed: u64,
    /// Failed for a definite reason (an ERROR code, a local check, not connected, refused by
    /// the handle), by reason.
    pub failed: BTreeMap<String, u64>,
    /// Failed with the delivery unknown (a timeout, the socket lost under it): they may have
    /// been delivered; the service's log says which were.
    pub delivery_unknown: u64,
    /// Still pending at the end.
    pub pending: u64,
}

impl Sends {
    /// Counts one request by its last status.
    pub fn count(&mut self, status: &RequestStatus) {
        match status {
            RequestStatus::Pending => self.pending += 1,
            RequestStatus::Confirmed { .. } => self.confirmed += 1,
            RequestStatus::Failed(failure) if failure.kind.delivery_unknown() => {
                self.delivery_unknown += 1;
            }
            RequestStatus::Failed(failure) => self.fail(reason(failure.kind)),
        }
    }

    /// Counts one definite failure for `why`.
    pub fn fail(&mut self, why: impl Into<String>) {
        *self.failed.entry(why.into()).or_default() += 1;
    }

    /// Definite failures, whatever the reason.
    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }

    /// Whether every attempt is accounted for exactly once.
    pub fn adds_up(&self) -> bool {
        self.sent == self.confirmed + self.failed_total() + self.delivery_unknown + self.pending
    }

    /// Adds another account to this one.
    pub fn add(&mut self, other: &Sends) {
        self.sent += other.sent;
        self.confirmed += other.confirmed;
        self.delivery_unknown += other.delivery_unknown;
        self.pending += other.pending;
        for (why, count) in &other.failed {
            *self.failed.entry(why.clone()).or_default() += count;
        }
    }

    /// The failures in words: `12 (notConnected 10, 429 2)`, or `0`.
    pub fn failed_in_words(&self) -> String {
        let mut text = self.failed_total().to_string();
        if !self.failed.is_empty() {
            let reasons: Vec<String> = self
                .failed
                .iter()
                .map(|(why, count)| format!("{why} {count}"))
                .collect();
            let _ = write!(text, " ({})", reasons.join(", "));
        }
        text
    }

    /// What does not add up, in words; `None` when it does.
    pub fn discrepancy(&self) -> Option<String> {
        (!self.adds_up()).then(|| {
            format!(
                "the sends do not add up: {} sent, but {} confirmed + {} failed + {} delivery unknown + {} pending",
                self.sent,
                self.confirmed,
                self.failed_total(),
                self.delivery_unknown,
                self.pending
            )
        })
    }
}

/// A definite failure's reason: the ERROR code (`429`), the local refusal (`local 400`), or
/// `notConnected`.
pub fn reason(kind: FailureKind) -> String {
    match kind {
        FailureKind::Service(code) => code.as_u16().to_string(),
        FailureKind::Rejected(code) => format!("refused locally as {}", code.as_u16()),
        FailureKind::Timeout => "timeout".into(),
        FailureKind::ConnectionLost => "connectionLost".into(),
        FailureKind::NotConnected => "notConnected".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivs_chat_client::Failure;
    use ivs_chat_protocol::messaging::ErrorCode;

    #[test]
    fn every_attempt_is_counted_once_and_must_add_up() {
        let mut sends = Sends {
            sent: 6,
            ..Sends::default()
        };
        for status in [
            RequestStatus::Confirmed { id: "m".into() },
            RequestStatus::Pending,
            RequestStatus::Failed(Failure::new(FailureKind::Timeout, "t")),
            RequestStatus::Failed(Failure::new(
                FailureKind::Service(ErrorCode::TOO_MANY_REQUESTS),
                "r",
            )),
            RequestStatus::Failed(Failure::new(FailureKind::NotConnected, "n")),
        ] {
            sends.count(&status);
        }
        assert!(!sends.adds_up(), "one attempt is not accounted for");
        sends.fail(REFUSED_BY_HANDLE);
        assert!(sends.adds_up(), "{:?}", sends.discrepancy());
        assert_eq!(
            sends.failed_in_words(),
            "3 (429 1, notConnected 1, refused by the room handle 1)"
        );
        assert_eq!(sends.delivery_unknown, 1);
    }
}
