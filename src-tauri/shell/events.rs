//! The Tauri end of the app's event channel: wake-ups, not events.
//!
//! An emit reaches a webview as an evaluated script with the payload written into it, a new
//! source to parse (and for WebKit to hold) per event. So the windows are only told that
//! something happened, with the newest number as the whole payload, and they fetch the
//! events themselves (`pull_events`), whose answer travels over the IPC protocol (see
//! `chatdeck_ipc::EVENT_CHANNEL`).
//!
//! How often: the first event after a quiet moment wakes the windows within [`COALESCE`];
//! while events keep coming, at most once per [`PACE`]. Every wake-up is a pull, a batch for
//! the UI and a repainted, recomposited frame, and that frame is most of what a busy room
//! costs: the UI load bench's floor page (`ui/floor/`) spends about 2 ms of web-process CPU
//! per message at one wake-up per display frame, most of it in drawing, whatever the page does.
//! Ten updates a second under a flood is still a live list, and a lone message is not
//! delayed.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chatdeck_ipc::{EVENT_CHANNEL, UiEvent};
use tauri::{AppHandle, Emitter};

use crate::app::EventSink;

/// Events within this long of the first one share its wake-up. Short enough to be unseen;
/// long enough that a busy room (a batch of lines every 50 ms per tab, over many tabs) costs
/// the webview a few evaluations a second rather than hundreds.
const COALESCE: Duration = Duration::from_millis(16);

/// The shortest time between two wake-ups while events keep coming (see the module's
/// documentation).
const PACE: Duration = Duration::from_millis(100);

/// Wakes every window on [`EVENT_CHANNEL`].
#[derive(Debug)]
pub struct WindowSink {
    /// The running Tauri app.
    app: AppHandle,
    /// The newest event number.
    newest: Arc<AtomicU64>,
    /// Whether a wake-up is on its way.
    scheduled: Arc<AtomicBool>,
    /// When the windows were last woken.
    last_wake: Arc<Mutex<Option<Instant>>>,
}

impl WindowSink {
    /// A sink for `app`'s windows.
    pub fn new(app: AppHandle) -> Self {
        Self {
            app,
            newest: Arc::new(AtomicU64::new(0)),
            scheduled: Arc::new(AtomicBool::new(false)),
            last_wake: Arc::new(Mutex::new(None)),
        }
    }
}

/// When to wake the windows for an event arriving at `now`, the last wake-up having been at
/// `last`: [`COALESCE`] from now, and no sooner than [`PACE`] after the last one.
fn wake_at(now: Instant, last: Option<Instant>) -> Instant {
    let soonest = now + COALESCE;
    last.map_or(soonest, |last| soonest.max(last + PACE))
}

impl EventSink for WindowSink {
    fn deliver(&self, event: UiEvent) {
        self.newest.fetch_max(event.seq, Ordering::SeqCst);
        if self.scheduled.swap(true, Ordering::SeqCst) {
            return;
        }
        let (app, newest, scheduled, last_wake) = (
            self.app.clone(),
            self.newest.clone(),
            self.scheduled.clone(),
            self.last_wake.clone(),
        );
        tauri::async_runtime::spawn(async move {
            let last = *last_wake.lock().unwrap_or_else(PoisonError::into_inner);
            tokio::time::sleep_until(wake_at(Instant::now(), last).into()).await;
            *last_wake.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_event_wakes_soon_and_a_stream_of_them_at_the_pace() {
        let now = Instant::now();
        assert_eq!(wake_at(now, None), now + COALESCE);
        // Quiet for longer than the pace: as soon as a lone event allows.
        assert_eq!(wake_at(now, Some(now - PACE * 2)), now + COALESCE);
        // Woken 30 ms ago: the next wake-up waits for the pace.
        let last = now - Duration::from_millis(30);
        assert_eq!(wake_at(now, Some(last)), last + PACE);
        assert!(wake_at(now, Some(last)) > now + COALESCE);
    }
}
