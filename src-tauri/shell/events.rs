//! The Tauri end of the app's event channel.

use chatdeck_ipc::{EVENT_CHANNEL, UiEvent};
use tauri::{AppHandle, Emitter};

use crate::app::EventSink;

/// Emits the app's events to every window on [`EVENT_CHANNEL`].
#[derive(Debug)]
pub struct WindowSink {
    /// The running Tauri app.
    app: AppHandle,
}

impl WindowSink {
    /// A sink for `app`'s windows.
    pub fn new(app: AppHandle) -> Self {
        Self { app }
    }
}

impl EventSink for WindowSink {
    fn deliver(&self, event: UiEvent) {
        let seq = event.seq;
        if let Err(error) = self.app.emit(EVENT_CHANNEL, event) {
            tracing::warn!(seq, %error, "could not emit an event to the windows");
        }
    }
}
