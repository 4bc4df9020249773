//! Numbering events, keeping the recent ones for windows to pull, and waking the UI transport.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use chatdeck_ipc::event::{PullEvents, PulledEvents};
use chatdeck_ipc::{UiEvent, UiEventBody};

use crate::error::AppError;

/// Events kept for windows to pull: at the busiest (11 rooms, 100 lines a second) about a
/// minute of them. A window further behind than this loads a snapshot instead.
const KEPT: usize = 4096;

/// Where numbered events go: the Tauri windows (which are only woken, and pull), or a test
/// bridge's WebSocket.
pub trait EventSink: Send + Sync {
    /// Delivers one event, or a wake-up for it. Delivery failures are the sink's to log; the
    /// app carries on, because a UI that missed an event recovers by asking for a snapshot.
    fn deliver(&self, event: UiEvent);
}

/// Something inside the app that watches events as they go out (the mention watcher, the
/// overlays following their tabs) and may answer with events of its own.
pub trait Observer: Send + Sync {
    /// Looks at one event before it goes out; the events returned go out right after it.
    fn observe(&self, body: &UiEventBody) -> Vec<UiEventBody>;
}

/// The app's single event channel: numbers every event, then delivers it.
pub struct Events {
    /// The transport.
    sink: Arc<dyn EventSink>,
    /// The last number handed out (the UI ignores events not newer than its snapshot), and the
    /// newest events, oldest first, for windows to pull. One lock, so an event is kept in
    /// the order of its number.
    recent: Mutex<Recent>,
    /// The app, watching its own events; weak, since the app owns the channel.
    observer: OnceLock<Weak<dyn Observer>>,
}

impl fmt::Debug for Events {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events")
            .field("seq", &self.current_seq())
            .finish_non_exhaustive()
    }
}

impl Events {
    /// A channel whose first event is number 1.
    pub fn new(sink: Arc<dyn EventSink>) -> Self {
        Self {
            sink,
            recent: Mutex::new(Recent::default()),
            observer: OnceLock::new(),
        }
    }

    /// Sets the observer; once, before anything is emitted.
    pub fn observe(&self, observer: Weak<dyn Observer>) {
        if self.observer.set(observer).is_err() {
            tracing::warn!("the event observer was set twice; keeping the first");
        }
    }

    /// The number of the last event emitted (0 before any).
    pub fn current_seq(&self) -> u64 {
        self.recent().seq
    }

    fn recent(&self) -> std::sync::MutexGuard<'_, Recent> {
        self.recent
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The kept events after `after` (see [`chatdeck_ipc::event::PullEvents`]).
    pub fn pull(&self, after: Option<u64>) -> PulledEvents {
        let recent = self.recent();
        let Some(after) = after else {
            return PulledEvents {
                events: Vec::new(),
                seq: recent.seq,
                gap: false,
            };
        };
        // Numbers are consecutive, so the first kept event tells what is missing.
        let oldest = recent
            .kept
            .front()
            .map_or(recent.seq + 1, |event| event.seq);
        PulledEvents {
            events: recent
                .kept
                .iter()
                .filter(|event| event.seq > after)
                .cloned()
                .collect(),
            seq: recent.seq,
            gap: after + 1 < oldest,
        }
    }

    /// See [`PullEvents`].
    pub async fn pull_events(&self, request: PullEvents) -> Result<PulledEvents, AppError> {
        Ok(self.pull(request.after))
    }

    /// Emits one event and returns its number.
    pub fn emit(&self, body: UiEventBody) -> u64 {
        let caused = self
            .observer
            .get()
            .and_then(Weak::upgrade)
            .map(|observer| observer.observe(&body))
            .unwrap_or_default();
        let event = {
            let mut recent = self.recent();
            recent.seq += 1;
            let event = UiEvent {
                seq: recent.seq,
                body,
            };
            if recent.kept.len() == KEPT {
                recent.kept.pop_front();
            }
            recent.kept.push_back(event.clone());
            event
        };
        let seq = event.seq;
        self.sink.deliver(event);
        for body in caused {
            self.emit(body);
        }
        seq
    }
}

/// The event numbers handed out and the events kept.
#[derive(Debug, Default)]
struct Recent {
    /// The last number handed out.
    seq: u64,
    /// The newest events, at most [`KEPT`].
    kept: VecDeque<UiEvent>,
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Nowhere;

    impl EventSink for Nowhere {
        fn deliver(&self, _event: UiEvent) {}
    }

    fn body() -> UiEventBody {
        UiEventBody::TabClosed { tab_id: "t".into() }
    }

    #[test]
    fn a_window_pulls_what_came_after_its_number_and_learns_of_a_gap() {
        let events = Events::new(Arc::new(Nowhere));
        let start = events.pull(None);
        assert_eq!((start.seq, start.events.len(), start.gap), (0, 0, false));
        for _ in 0..3 {
            events.emit(body());
        }
        let pulled = events.pull(Some(start.seq));
        let numbers: Vec<u64> = pulled.events.iter().map(|event| event.seq).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!((pulled.seq, pulled.gap), (3, false));
        assert!(events.pull(Some(3)).events.is_empty());
        // More than are kept: the oldest go, and a window still at 3 is told of the gap.
        for _ in 0..=KEPT {
            events.emit(body());
        }
        let behind = events.pull(Some(3));
        assert!(behind.gap);
        assert_eq!(behind.events.len(), KEPT);
        assert_eq!(behind.events[0].seq, 4 + 1);
        let caught_up = events.pull(Some(4));
        assert!(!caught_up.gap, "event 5 is still kept");
        assert_eq!(caught_up.seq, 4 + KEPT as u64);
    }
}
