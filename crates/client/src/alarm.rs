//! A timer that stays registered between waits and is moved only when its deadline changes.
//!
//! Waiting on a fresh `tokio::time::sleep_until` in every turn of a loop registers a timer and
//! drops it again for every frame received; with an [`Alarm`] a busy room sets its timers
//! once and then only reads frames.

use std::pin::Pin;

use tokio::time::{Instant, Sleep};

/// A deadline that can be waited on, or none.
#[derive(Debug)]
pub(crate) struct Alarm {
    sleep: Pin<Box<Sleep>>,
    /// Where it is set; `None` when it is not (waiting then never ends).
    at: Option<Instant>,
}

impl Alarm {
    /// An alarm set at `at`, or not set.
    pub(crate) fn new(at: Option<Instant>) -> Self {
        Self {
            sleep: Box::pin(tokio::time::sleep_until(at.unwrap_or_else(Instant::now))),
            at,
        }
    }

    /// Sets it at `at` (or unsets it); the timer moves only if the deadline changed.
    pub(crate) fn set(&mut self, at: Option<Instant>) {
        if at != self.at {
            if let Some(at) = at {
                self.sleep.as_mut().reset(at);
            }
            self.at = at;
        }
    }

    /// Waits until the deadline, after which the alarm is no longer set. Cancel safe: the
    /// deadline lives in the alarm, not in this future.
    pub(crate) async fn ring(&mut self) {
        if self.at.is_none() {
            std::future::pending::<()>().await;
        }
        self.sleep.as_mut().await;
        self.at = None;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn rings_at_its_deadline_then_only_when_set_again() {
        let start = Instant::now();
        let mut alarm = Alarm::new(Some(start + Duration::from_secs(5)));
        alarm.ring().await;
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        let unset = tokio::time::timeout(Duration::from_secs(60), alarm.ring()).await;
        assert!(unset.is_err(), "rang without being set again");
        alarm.set(Some(Instant::now() + Duration::from_secs(2)));
        alarm.ring().await;
        assert_eq!(start.elapsed(), Duration::from_secs(67));
    }

    #[tokio::test(start_paused = true)]
    async fn moving_the_deadline_moves_the_ring() {
        let start = Instant::now();
        let mut alarm = Alarm::new(Some(start + Duration::from_secs(5)));
        alarm.set(Some(start + Duration::from_secs(9)));
        alarm.ring().await;
        assert_eq!(start.elapsed(), Duration::from_secs(9));
        alarm.set(Some(start + Duration::from_secs(20)));
        alarm.set(None);
        let unset = tokio::time::timeout(Duration::from_secs(60), alarm.ring()).await;
        assert!(unset.is_err(), "an unset alarm rang");
    }
}
