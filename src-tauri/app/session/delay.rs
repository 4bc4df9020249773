//! The chat delay: others' new lines are held back for a while before the list shows them,
//! so a viewer's chat can follow the stream's latency (`SetChatDelay`). Peers' most declined
//! request (peers.md §b 7, §d 1).
//!
//! Only lines nobody has seen yet are held, and only others': this client's own messages and
//! changes to lines already shown (a deletion) go at once.
//! A change to a held line (a moderator deleted it while it waited) is applied to it where it
//! waits. Lines keep their arrival order; a shorter delay releases what is now due at once.

use std::collections::VecDeque;
use std::time::Duration;

use chatdeck_ipc::model::Line;
use tokio::time::Instant;

/// Others' lines waiting to be shown, oldest first.
#[derive(Debug, Default)]
pub struct Delay {
    delay: Duration,
    /// Each held line with the instant it arrived.
    held: VecDeque<(Instant, Line)>,
}

impl Delay {
    /// A delay of `delay` (zero: none).
    pub fn new(delay: Duration) -> Self {
        Self {
            delay,
            held: VecDeque::new(),
        }
    }

    /// Changes the delay; what it makes due is released by the next [`Delay::due`].
    pub fn set(&mut self, delay: Duration) {
        self.delay = delay;
    }

    /// Takes a line on its way to the list at `now`. `fresh`: nobody has been shown it yet.
    /// Returns it when it goes now; keeps it when it must wait (or already waits).
    pub fn pass(&mut self, line: Line, fresh: bool, now: Instant) -> Option<Line> {
        if let Some((_, waiting)) = self.held.iter_mut().find(|(_, held)| held.key == line.key) {
            *waiting = line;
            return None;
        }
        if fresh && !line.own && !self.delay.is_zero() {
            self.held.push_back((now, line));
            return None;
        }
        Some(line)
    }

    /// The held lines due at `now`, in arrival order.
    pub fn due(&mut self, now: Instant) -> Vec<Line> {
        let mut due = Vec::new();
        while let Some((arrived, _)) = self.held.front() {
            if now.saturating_duration_since(*arrived) < self.delay {
                break;
            }
            if let Some((_, line)) = self.held.pop_front() {
                due.push(line);
            }
        }
        due
    }

    /// Whether any line is held (and so will come due).
    pub fn is_holding(&self) -> bool {
        !self.held.is_empty()
    }

    /// A held line, by `pick`.
    pub fn find(&self, pick: impl Fn(&Line) -> bool) -> Option<&Line> {
        self.held
            .iter()
            .map(|(_, line)| line)
            .find(|line| pick(line))
    }
}

#[cfg(test)]
mod tests {
    use chatdeck_ipc::model::{Deletion, LineKind, SendState};

    use super::*;

    fn line(key: &str, own: bool) -> Line {
        Line {
            key: key.into(),
            position: 0,
            message_id: Some(key.into()),
            kind: LineKind::Message,
            sender: None,
            content: key.into(),
            attributes: Vec::new(),
            time_ms: 0,
            own,
            send: SendState::Confirmed,
            deleted: None,
            history: false,
            filtered: None,
        }
    }

    fn keys(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|line| line.key.as_str()).collect()
    }

    #[test]
    fn others_new_lines_wait_the_delay_in_arrival_order() {
        let start = Instant::now();
        let at = |ms| start + Duration::from_millis(ms);
        let mut delay = Delay::new(Duration::from_secs(5));
        assert_eq!(delay.pass(line("a", false), true, at(0)), None);
        assert_eq!(delay.pass(line("b", false), true, at(1_000)), None);
        // Our own line, and a change to a line already shown, go at once.
        assert!(delay.pass(line("mine", true), true, at(1_500)).is_some());
        assert!(delay.pass(line("shown", false), false, at(1_500)).is_some());
        assert!(delay.due(at(4_999)).is_empty());
        assert_eq!(keys(&delay.due(at(5_000))), ["a"]);
        assert_eq!(keys(&delay.due(at(9_000))), ["b"]);
        assert!(delay.due(at(60_000)).is_empty());
    }

    #[test]
    fn a_change_to_a_held_line_waits_with_it() {
        let start = Instant::now();
        let mut delay = Delay::new(Duration::from_secs(5));
        delay.pass(line("a", false), true, start);
        let mut deleted = line("a", false);
        deleted.deleted = Some(Deletion {
            reason: Some("spam".into()),
        });
        assert_eq!(delay.pass(deleted, false, start), None);
        assert!(
            delay
                .find(|held| held.message_id.as_deref() == Some("a"))
                .is_some()
        );
        let released = delay.due(start + Duration::from_secs(5));
        assert_eq!(released.len(), 1);
        assert!(released[0].deleted.is_some());
    }

    #[test]
    fn a_shorter_delay_releases_what_is_now_due_and_none_holds_nothing() {
        let start = Instant::now();
        let mut delay = Delay::new(Duration::from_secs(30));
        delay.pass(line("a", false), true, start);
        delay.pass(line("b", false), true, start + Duration::from_secs(10));
        delay.set(Duration::from_secs(15));
        assert_eq!(keys(&delay.due(start + Duration::from_secs(16))), ["a"]);
        delay.set(Duration::ZERO);
        assert_eq!(keys(&delay.due(start + Duration::from_secs(16))), ["b"]);
        assert!(delay.pass(line("c", false), true, start).is_some());
    }
}
