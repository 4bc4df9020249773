//! Delivery latencies in a fixed log-linear histogram of atomics: 32 linear steps per power
//! of two (about 3 % resolution), any number of recording tasks, constant memory.

use std::sync::atomic::{AtomicU64, Ordering};

/// Steps per power of two (a power of two itself).
const STEPS: u64 = 32;
const STEP_BITS: u32 = STEPS.trailing_zeros();
/// Values up to 2^40 µs (12 days) are told apart; larger ones share the last bucket.
const BUCKETS: usize = ((40 - STEP_BITS as usize) + 1) * STEPS as usize;

/// Latencies in microseconds.
#[derive(Debug)]
pub struct Histogram {
    buckets: Vec<AtomicU64>,
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

fn index(value: u64) -> usize {
    if value < STEPS {
        return value as usize;
    }
    let exponent = 63 - value.leading_zeros();
    let shift = exponent - STEP_BITS;
    let step = (value >> shift) & (STEPS - 1);
    (((exponent - STEP_BITS + 1) as u64 * STEPS + step) as usize).min(BUCKETS - 1)
}

/// The middle of the values bucket `index` holds.
fn value(index: usize) -> u64 {
    let index = index as u64;
    if index < STEPS {
        return index;
    }
    let exponent = index / STEPS - 1 + u64::from(STEP_BITS);
    let step = index % STEPS;
    let shift = exponent - u64::from(STEP_BITS);
    let low = (STEPS + step) << shift;
    low + (1u64 << shift) / 2
}

impl Histogram {
    /// Records one latency.
    pub fn record(&self, micros: u64) {
        self.buckets[index(micros)].fetch_add(1, Ordering::Relaxed);
    }

    /// Values recorded.
    pub fn count(&self) -> u64 {
        self.buckets
            .iter()
            .map(|bucket| bucket.load(Ordering::Relaxed))
            .sum()
    }

    /// The `fraction` quantile (0.5 = median), in microseconds; 0 when empty.
    pub fn quantile(&self, fraction: f64) -> u64 {
        let total = self.count();
        if total == 0 {
            return 0;
        }
        let rank = ((total as f64 * fraction).ceil() as u64).clamp(1, total);
        let mut seen = 0;
        for (index, bucket) in self.buckets.iter().enumerate() {
            seen += bucket.load(Ordering::Relaxed);
            if seen >= rank {
                return value(index);
            }
        }
        value(BUCKETS - 1)
    }

    /// The buckets holding values, as `index:count` pairs separated by commas (one line
    /// of text, to hand to another process).
    pub fn to_text(&self) -> String {
        self.buckets
            .iter()
            .enumerate()
            .filter_map(|(index, bucket)| {
                let count = bucket.load(Ordering::Relaxed);
                (count > 0).then(|| format!("{index}:{count}"))
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Adds the values of another histogram's [`Histogram::to_text`].
    pub fn add_text(&self, text: &str) {
        for pair in text.split(',') {
            let Some((index, count)) = pair.split_once(':') else {
                continue;
            };
            if let (Ok(index), Ok(count)) = (index.parse::<usize>(), count.parse::<u64>())
                && let Some(bucket) = self.buckets.get(index)
            {
                bucket.fetch_add(count, Ordering::Relaxed);
            }
        }
    }

    /// Empties it.
    pub fn clear(&self) {
        for bucket in &self.buckets {
            bucket.store(0, Ordering::Relaxed);
        }
    }
}
