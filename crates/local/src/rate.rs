//! Token buckets: the per-room and per-connection message rates (reference §1.10) and the
//! control plane's call rates (reference §2 quotas).

use std::time::Duration;

use tokio::time::Instant;

/// A token bucket: `capacity` requests at once, refilled at `per_second`.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    /// A full bucket allowing `per_second` requests per second, in bursts of up to the same.
    pub fn new(per_second: u32, now: Instant) -> Self {
        let rate = f64::from(per_second.max(1));
        Self {
            capacity: rate,
            per_second: rate,
            tokens: rate,
            updated: now,
        }
    }

    /// Changes the rate (UpdateRoom), keeping the tokens already earned up to the new capacity.
    pub fn set_rate(&mut self, per_second: u32) {
        let rate = f64::from(per_second.max(1));
        self.capacity = rate;
        self.per_second = rate;
        self.tokens = self.tokens.min(rate);
    }

    /// Takes one token if there is one.
    pub fn try_take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.updated);
        self.updated = now;
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.per_second).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How long until the next token, for a caller pacing itself.
    pub fn wait_time(&self) -> Duration {
        if self.tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((1.0 - self.tokens) / self.per_second)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_rate_in_a_burst_then_refills() {
        let start = Instant::now();
        // (offset in ms, expected outcome) for a 10/s bucket.
        let steps: &[(u64, bool)] = &[
            (0, true),
            (0, true),
            (0, true),
            (0, true),
            (0, true),
            (0, true),
            (0, true),
            (0, true),
            (0, true),
            (0, true),
            (0, false),
            (50, false),
            (100, true),
            (100, false),
            (1_200, true),
        ];
        let mut bucket = TokenBucket::new(10, start);
        for (index, &(offset, expected)) in steps.iter().enumerate() {
            let now = start + Duration::from_millis(offset);
            assert_eq!(
                bucket.try_take(now),
                expected,
                "step {index} at {offset} ms"
            );
        }
    }

    #[test]
    fn lowering_the_rate_caps_the_burst() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(100, start);
        bucket.set_rate(2);
        assert!(bucket.try_take(start));
        assert!(bucket.try_take(start));
        assert!(!bucket.try_take(start));
        assert!(bucket.wait_time() > Duration::ZERO);
    }
}
