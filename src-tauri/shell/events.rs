//! The Tauri end of the app's event channel: wake-ups, not events.
//!
//! An emit reaches a webview as an evaluated script with the payload written into it, a new
//! source to parse (and for WebKit to hold) per event. So the windows are only told that
//! something happened, with the newest number as the whole payload, at most once per
//! [`COALESCE`], and they fetch the events themselves (`pull_events`), whose answer travels
//! over the IPC protocol (see `chatdeck_ipc::EVENT_CHANNEL`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use chatdeck_ipc::{EVENT_CHANNEL, UiEvent};
use tauri::{AppHandle, Emitter};

use crate::app::EventSink;

/// Events within this long of the first one share its wake-up. Short enough to be unseen;
/// long enough that a busy room (a batch of lines every 50 ms per tab, over many tabs) costs
/// the webview a few evaluations a second rather than hundreds.
const COALESCE: Duration = Duration::from_millis(16);

/// Wakes every window on [`EVENT_CHANNEL`].
#[derive(Debug)]
pub struct WindowSink {
    /// The running Tauri app.
    app: AppHandle,
    /// The newest event number.
    newest: Arc<AtomicU64>,
    /// Whether a wake-up is on its way.
    scheduled: Arc<AtomicBool>,
}

impl WindowSink {
    /// A sink for `app`'s windows.
    pub fn new(app: AppHandle) -> Self {
        Self {
            app,
            newest: Arc::new(AtomicU64::new(0)),
            scheduled: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl EventSink for WindowSink {
    fn deliver(&self, event: UiEvent) {
        self.newest.fetch_max(event.seq, Ordering::SeqCst);
        if self.scheduled.swap(true, Ordering::SeqCst) {
            return;
        }
        let (app, newest, scheduled) = (
            self.app.clone(),
            self.newest.clone(),
            self.scheduled.clone(),
        );
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(COALESCE).await;
            // Cleared before reading the number: an event after this point schedules the
            // next wake-up, so none is left without one.
            scheduled.store(false, Ordering::SeqCst);
            let seq = newest.load(Ordering::SeqCst);
            if let Err(error) = app.emit(EVENT_CHANNEL, seq) {
                tracing::warn!(seq, %error, "could not wake the windows");
            }
        });
    }
}
