//! Pacing: a token bucket at the room's message rate, so a burst of sends goes out spread over
//! time instead of drawing ERROR 429s (reference §1.10: `maximumMessageRatePerSecond`, default
//! 10, counted across the whole room).

use std::time::Duration;

use tokio::time::Instant;

/// One token, in the bucket's integer unit (10⁻¹² token): a rate in thousandths of a token per
/// second times nanoseconds lands exactly on it, and waits come out in whole nanoseconds.
const ONE: u128 = 1_000_000_000_000;

/// The share of the nominal rate a pacing bucket refills at, in thousandths. The service's
/// bucket refills at the full rate, so ours stays ahead of it by 5 %: a request sent the
/// instant ours allows still finds a token at the service when it arrives a little early
/// (network and scheduling jitter up to 5 % of the interval).
const PACING_PER_MILLE: u64 = 950;

/// A token bucket: holds up to `capacity` tokens, refills `rate` per second, one per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBucket {
    /// Tokens per second, as configured.
    rate: u32,
    /// Refill, in thousandths of a token per second.
    refill_milli: u64,
    /// `refill_milli` as a share of `rate`, in thousandths.
    per_mille: u64,
    /// The most tokens the bucket holds: the largest burst sent back to back.
    capacity: u32,
    /// Tokens available at `updated`, in billionths.
    tokens: u128,
    /// When `tokens` was last brought up to date.
    updated: Instant,
}

impl TokenBucket {
    /// A full bucket refilling `rate` tokens per second, holding at most `capacity`.
    /// Both are at least one.
    pub fn new(rate: u32, capacity: u32, now: Instant) -> Self {
        Self::with_share(rate, capacity, 1000, now)
    }

    /// Like [`TokenBucket::new`] but refilling slightly slower than `rate`, to pace requests
    /// for a service whose own bucket runs at `rate`.
    pub fn pacing(rate: u32, capacity: u32, now: Instant) -> Self {
        Self::with_share(rate, capacity, PACING_PER_MILLE, now)
    }

    fn with_share(rate: u32, capacity: u32, per_mille: u64, now: Instant) -> Self {
        let capacity = capacity.max(1);
        let rate = rate.max(1);
        Self {
            rate,
            refill_milli: u64::from(rate) * per_mille,
            per_mille,
            capacity,
            tokens: u128::from(capacity) * ONE,
            updated: now,
        }
    }

    /// Changes the rate and capacity, keeping the tokens already earned (up to the new
    /// capacity).
    pub fn set_rate(&mut self, rate: u32, capacity: u32, now: Instant) {
        self.refill(now);
        self.rate = rate.max(1);
        self.refill_milli = u64::from(self.rate) * self.per_mille;
        self.capacity = capacity.max(1);
        self.tokens = self.tokens.min(u128::from(self.capacity) * ONE);
    }

    /// Spends every token: the next one comes after a full refill interval. For when the
    /// service says the rate was exceeded after all.
    pub fn empty(&mut self, now: Instant) {
        self.refill(now);
        self.tokens = 0;
    }

    /// The rate in tokens per second.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// When one token will be available: `now` if one is there already.
    pub fn ready_at(&self, now: Instant) -> Instant {
        let tokens = self.tokens_at(now);
        if tokens >= ONE {
            return now;
        }
        let wait_nanos = (ONE - tokens).div_ceil(u128::from(self.refill_milli));
        let wait = Duration::from_nanos(u64::try_from(wait_nanos).unwrap_or(u64::MAX));
        now.checked_add(wait).unwrap_or(now)
    }

    /// Takes a token if one is available at `now`; otherwise says when one will be.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Instant> {
        self.refill(now);
        if self.tokens >= ONE {
            self.tokens -= ONE;
            Ok(())
        } else {
            Err(self.ready_at(now))
        }
    }

    fn tokens_at(&self, now: Instant) -> u128 {
        let elapsed = now.saturating_duration_since(self.updated).as_nanos();
        let earned = elapsed.saturating_mul(u128::from(self.refill_milli));
        self.tokens
            .saturating_add(earned)
            .min(u128::from(self.capacity) * ONE)
    }

    fn refill(&mut self, now: Instant) {
        if now > self.updated {
            self.tokens = self.tokens_at(now);
            self.updated = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_paced_not_refused() {
        let start = Instant::now();
        let ms = Duration::from_millis;
        let mut bucket = TokenBucket::new(10, 10, start);
        // Ten go at once, the eleventh waits 100 ms, and so on at the rate.
        for _ in 0..10 {
            assert_eq!(bucket.try_take(start), Ok(()));
        }
        assert_eq!(bucket.try_take(start), Err(start + ms(100)));
        assert_eq!(bucket.try_take(start + ms(50)), Err(start + ms(100)));
        assert_eq!(bucket.try_take(start + ms(100)), Ok(()));
        assert_eq!(bucket.ready_at(start + ms(100)), start + ms(200));
        // A long pause refills only up to the capacity.
        let later = start + Duration::from_secs(60);
        for _ in 0..10 {
            assert_eq!(bucket.try_take(later), Ok(()));
        }
        assert!(bucket.try_take(later).is_err());
    }

    #[test]
    fn bucket_table() {
        let start = Instant::now();
        let ms = Duration::from_millis;
        // (rate, capacity, takes at start, then: time offset, expected ready delay)
        let cases = [
            (1, 1, 1, ms(0), ms(1000)),
            (1, 1, 1, ms(400), ms(600)),
            (100, 100, 100, ms(0), ms(10)),
            (5, 2, 2, ms(100), ms(100)),
            (0, 0, 1, ms(0), ms(1000)),
        ];
        for (rate, capacity, takes, offset, expected) in cases {
            let mut bucket = TokenBucket::new(rate, capacity, start);
            for _ in 0..takes {
                assert_eq!(bucket.try_take(start), Ok(()), "rate {rate}");
            }
            let now = start + offset;
            assert_eq!(
                bucket.ready_at(now) - now,
                expected,
                "rate {rate}, capacity {capacity}"
            );
        }
    }

    #[test]
    fn a_pacing_bucket_stays_five_percent_behind_the_nominal_rate() {
        let start = Instant::now();
        let mut bucket = TokenBucket::pacing(1, 1, start);
        assert_eq!(bucket.try_take(start), Ok(()));
        let ready = bucket.ready_at(start);
        assert_eq!(ready - start, Duration::from_nanos(1_052_631_579));
        let mut fast = TokenBucket::pacing(100, 100, start);
        for _ in 0..100 {
            assert_eq!(
                fast.try_take(start),
                Ok(()),
                "the burst is the full capacity"
            );
        }
        assert_eq!(
            fast.ready_at(start) - start,
            Duration::from_nanos(10_526_316)
        );
    }

    #[test]
    fn changing_the_rate_keeps_earned_tokens() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(10, 10, start);
        for _ in 0..5 {
            assert_eq!(bucket.try_take(start), Ok(()));
        }
        bucket.set_rate(2, 2, start);
        assert_eq!(bucket.rate(), 2);
        assert_eq!(bucket.try_take(start), Ok(()));
        assert_eq!(bucket.try_take(start), Ok(()));
        assert_eq!(
            bucket.try_take(start),
            Err(start + Duration::from_millis(500))
        );
    }
}
