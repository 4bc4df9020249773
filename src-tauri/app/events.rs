//! Numbering events and handing them to the attached UI transport.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};

use chatdeck_ipc::{UiEvent, UiEventBody};

/// Where numbered events go: the Tauri window, or a test bridge's WebSocket.
pub trait EventSink: Send + Sync {
    /// Delivers one event. Delivery failures are the sink's to log; the app carries on,
    /// because a UI that missed an event recovers by asking for a snapshot.
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
    /// The last number handed out; the UI ignores events not newer than its snapshot.
    seq: AtomicU64,
    /// The app, watching its own events; weak, since the app owns the channel.
    observer: OnceLock<Weak<dyn Observer>>,
}

impl fmt::Debug for Events {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events")
            .field("seq", &self.seq)
            .finish_non_exhaustive()
    }
}

impl Events {
    /// A channel whose first event is number 1.
    pub fn new(sink: Arc<dyn EventSink>) -> Self {
        Self {
            sink,
            seq: AtomicU64::new(0),
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
        self.seq.load(Ordering::SeqCst)
    }

    /// Emits one event and returns its number.
    pub fn emit(&self, body: UiEventBody) -> u64 {
        let caused = self
            .observer
            .get()
            .and_then(Weak::upgrade)
            .map(|observer| observer.observe(&body))
            .unwrap_or_default();
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        self.sink.deliver(UiEvent { seq, body });
        for body in caused {
            self.emit(body);
        }
        seq
    }
}
