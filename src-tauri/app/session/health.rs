//! A room's health strip, computed from what the session task sees: the message rate against
//! the room's cap, send → confirm latency of this client's messages, reconnects, and when the
//! chat session ends. Pure bookkeeping over instants passed in, so it is table-tested
//! without a clock.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use chatdeck_ipc::health::RoomHealth;
use chatdeck_ipc::model::{ConnectionState, LineKey};
use chrono::{DateTime, Utc};
use tokio::time::Instant;

/// How often the strip is checked for a change to push to the UI.
pub const HEALTH_INTERVAL: Duration = Duration::from_secs(1);
/// The window the message rate is measured over.
const RATE_WINDOW: Duration = Duration::from_secs(5);
/// Latencies kept for the median.
const LATENCIES: usize = 20;
/// Sends awaiting confirmation that are tracked at most (a bound, should confirmations never
/// come).
const MAX_IN_FLIGHT: usize = 256;

/// The figures behind one room's strip.
#[derive(Debug)]
pub struct Health {
    /// The room's `maximumMessageRatePerSecond`.
    rate_cap: u32,
    /// When each message of the rate window arrived.
    arrivals: VecDeque<Instant>,
    /// This client's sends by line key, with when they were sent.
    in_flight: HashMap<LineKey, Instant>,
    /// Recent send → confirm times, oldest first.
    latencies: VecDeque<u64>,
    /// Whether the connection has been up at least once.
    was_connected: bool,
    /// Connections opened again after one was lost.
    reconnects: u32,
    /// When the current chat session ends.
    session_expires: Option<DateTime<Utc>>,
    /// The figures last pushed, so an unchanged strip is not sent again.
    last: Option<RoomHealth>,
}

impl Health {
    /// A strip for a room with this rate cap.
    pub fn new(rate_cap: u32) -> Self {
        Self {
            rate_cap,
            arrivals: VecDeque::new(),
            in_flight: HashMap::new(),
            latencies: VecDeque::new(),
            was_connected: false,
            reconnects: 0,
            session_expires: None,
            last: None,
        }
    }

    /// A message arrived.
    pub fn message(&mut self, now: Instant) {
        self.arrivals.push_back(now);
        self.forget_old(now);
    }

    /// This client sent the message of line `key`.
    pub fn sent(&mut self, key: &LineKey, now: Instant) {
        if self.in_flight.len() < MAX_IN_FLIGHT {
            self.in_flight.insert(key.clone(), now);
        }
    }

    /// The service confirmed the message of line `key`.
    pub fn confirmed(&mut self, key: &LineKey, now: Instant) {
        if let Some(sent) = self.in_flight.remove(key) {
            let millis =
                u64::try_from(now.saturating_duration_since(sent).as_millis()).unwrap_or(u64::MAX);
            if self.latencies.len() == LATENCIES {
                self.latencies.pop_front();
            }
            self.latencies.push_back(millis);
        }
    }

    /// The message of line `key` failed: no latency to measure.
    pub fn failed(&mut self, key: &LineKey) {
        self.in_flight.remove(key);
    }

    /// The connection changed state: opening again after having been up is a reconnect.
    pub fn state(&mut self, state: ConnectionState) {
        match state {
            ConnectionState::Connected => self.was_connected = true,
            ConnectionState::Connecting if self.was_connected => {
                self.reconnects += 1;
                self.was_connected = false;
            }
            ConnectionState::Connecting | ConnectionState::Disconnected => {}
        }
    }

    /// A connection opened with a token whose session ends at `expires`.
    pub fn session(&mut self, expires: Option<DateTime<Utc>>) {
        self.session_expires = expires;
    }

    fn forget_old(&mut self, now: Instant) {
        while let Some(first) = self.arrivals.front() {
            if now.saturating_duration_since(*first) > RATE_WINDOW {
                self.arrivals.pop_front();
            } else {
                break;
            }
        }
    }

    /// The strip now.
    pub fn view(&mut self, now: Instant) -> RoomHealth {
        self.forget_old(now);
        let mut sorted: Vec<u64> = self.latencies.iter().copied().collect();
        sorted.sort_unstable();
        RoomHealth {
            // Tenths of a message a second: steadier to read, and equal views are not resent.
            messages_per_second: (self.arrivals.len() as f64 / RATE_WINDOW.as_secs_f64() * 10.0)
                .round()
                / 10.0,
            rate_cap: self.rate_cap,
            latency_ms: self.latencies.back().copied(),
            latency_median_ms: sorted.get(sorted.len() / 2).copied(),
            reconnects: self.reconnects,
            session_expires_ms: self
                .session_expires
                .map(|expires| expires.timestamp_millis()),
        }
    }

    /// The strip, when it changed since the last time it was taken this way.
    pub fn changed(&mut self, now: Instant) -> Option<RoomHealth> {
        let view = self.view(now);
        if self.last.as_ref() == Some(&view) {
            return None;
        }
        self.last = Some(view.clone());
        Some(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_counts_the_last_five_seconds() {
        let start = Instant::now();
        let mut health = Health::new(10);
        for n in 0..20 {
            health.message(start + Duration::from_millis(n * 250));
        }
        let at = |secs: u64| start + Duration::from_secs(secs);
        let cases = [(5, 4.0), (7, 2.4), (11, 0.0)];
        for (secs, rate) in cases {
            assert_eq!(health.view(at(secs)).messages_per_second, rate, "{secs}s");
        }
        assert_eq!(health.view(at(11)).rate_cap, 10);
    }

    #[test]
    fn latency_is_send_to_confirm_with_a_median() {
        let start = Instant::now();
        let mut health = Health::new(10);
        for (key, took) in [("a", 30), ("b", 10), ("c", 20)] {
            let key = LineKey::from(key);
            health.sent(&key, start);
            health.confirmed(&key, start + Duration::from_millis(took));
        }
        let lost = LineKey::from("lost");
        health.sent(&lost, start);
        health.failed(&lost);
        health.confirmed(&lost, start + Duration::from_secs(9));
        let view = health.view(start);
        assert_eq!(view.latency_ms, Some(20));
        assert_eq!(view.latency_median_ms, Some(20));
    }

    #[test]
    fn reconnects_count_openings_after_being_up() {
        use ConnectionState::*;
        let mut health = Health::new(10);
        let steps = [
            (Connecting, 0),
            (Connected, 0),
            (Connecting, 1),
            (Connecting, 1),
            (Connected, 1),
            (Disconnected, 1),
            (Connecting, 2),
        ];
        for (state, reconnects) in steps {
            health.state(state);
            assert_eq!(health.reconnects, reconnects, "{state:?}");
        }
    }

    #[test]
    fn a_quiet_room_pushes_its_session_once_not_every_second() {
        let now = Instant::now();
        let mut health = Health::new(10);
        assert_eq!(health.view(now).session_expires_ms, None);
        let expires = Utc::now() + chrono::Duration::seconds(90);
        health.session(Some(expires));
        assert_eq!(
            health.view(now).session_expires_ms,
            Some(expires.timestamp_millis())
        );
        assert!(health.changed(now).is_some());
        assert!(health.changed(now).is_none());
        // Time passes, nothing arrives: nothing to push.
        assert!(health.changed(now + Duration::from_secs(30)).is_none());
        // The next connection's session ends later: pushed again.
        health.session(Some(expires + chrono::Duration::seconds(60)));
        assert!(health.changed(now + Duration::from_secs(31)).is_some());
    }
}
