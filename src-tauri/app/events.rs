//! Numbering events and handing them to the attached UI transport.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chatdeck_ipc::{UiEvent, UiEventBody};

/// Where numbered events go: the Tauri window, or a test bridge's WebSocket.
pub trait EventSink: Send + Sync {
    /// Delivers one event. Delivery failures are the sink's to log; the app carries on,
    /// because a UI that missed an event recovers by asking for a snapshot.
    fn deliver(&self, event: UiEvent);
}

/// The app's single event channel: numbers every event, then delivers it.
pub struct Events {
    /// The transport.
    sink: Arc<dyn EventSink>,
    /// The last number handed out; the UI ignores events not newer than its snapshot.
    seq: AtomicU64,
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
        }
    }

    /// The number of the last event emitted (0 before any).
    pub fn current_seq(&self) -> u64 {
        self.seq.load(Ordering::SeqCst)
    }

    /// Emits one event and returns its number.
    pub fn emit(&self, body: UiEventBody) -> u64 {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        self.sink.deliver(UiEvent { seq, body });
        seq
    }
}
