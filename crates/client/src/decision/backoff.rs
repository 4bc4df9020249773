//! How long to wait before a reconnect attempt.
//!
//! The official SDK reconnects immediately, with no delay and no jitter (reference §3.5), so a
//! room full of clients hammers the service in lockstep after an outage. Here every retry
//! waits a random time in `[0, min(cap, base · 2^attempt))` — "full jitter" — which spreads the
//! herd and caps the wait.

use std::time::Duration;

/// Parameters of the exponential backoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Ceiling of the first retry's random delay; doubles with each attempt.
    pub base: Duration,
    /// No delay exceeds this, however many attempts have failed.
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// The ceiling of the delay before retry number `attempt` (0 for the first retry):
    /// `min(cap, base · 2^attempt)`, with saturating arithmetic so huge attempt counts stay at
    /// the cap instead of overflowing.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The delay before retry number `attempt`, given a uniform random `unit` in `[0, 1)`
    /// from the caller's jitter source (injected so tests are deterministic). Values outside
    /// `[0, 1]` are clamped.
    pub fn delay(&self, attempt: u32, unit: f64) -> Duration {
        let unit = if unit.is_nan() {
            0.0
        } else {
            unit.clamp(0.0, 1.0)
        };
        let ceiling = self.ceiling(attempt);
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * unit)
            .map_or(ceiling, |delay| delay.min(ceiling))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_table() {
        let backoff = Backoff::default();
        let ms = Duration::from_millis;
        // (attempt, unit, expected delay)
        let cases = [
            (0, 0.0, ms(0)),
            (0, 0.5, ms(250)),
            (0, 1.0, ms(500)),
            (1, 1.0, ms(1000)),
            (2, 0.5, ms(1000)),
            (5, 1.0, ms(16_000)),
            (6, 1.0, ms(30_000)),
            (6, 0.5, ms(15_000)),
            (31, 1.0, ms(30_000)),
            (u32::MAX, 1.0, ms(30_000)),
            (3, -4.0, ms(0)),
            (3, 9.0, ms(4_000)),
            (3, f64::NAN, ms(0)),
        ];
        for (attempt, unit, expected) in cases {
            assert_eq!(
                backoff.delay(attempt, unit),
                expected,
                "attempt {attempt}, unit {unit}"
            );
        }
    }

    #[test]
    fn ceiling_grows_monotonically_and_saturates() {
        let backoff = Backoff {
            base: Duration::from_secs(u64::MAX / 4),
            cap: Duration::MAX,
        };
        let mut last = Duration::ZERO;
        for attempt in 0..100 {
            let ceiling = backoff.ceiling(attempt);
            assert!(ceiling >= last, "attempt {attempt}");
            last = ceiling;
        }
        assert_eq!(last, Duration::MAX);
        assert_eq!(
            backoff.delay(99, 1.0),
            Duration::MAX,
            "no float overflow panic"
        );
    }
}
