//! The app without a window: every command's behaviour and every event, testable with no
//! Tauri in sight. The shell (and the UI test bridge) only translate transports.

mod dispatch;
mod events;

pub use dispatch::{DISPATCHED, dispatch};
pub use events::{EventSink, Events};

use std::sync::Arc;

use chatdeck_ipc::command::{AppInfo, AppInfoOutput, Ping};
use chatdeck_ipc::event::UiEventBody;

use crate::error::AppError;

/// The running app's state, shared by every command.
#[derive(Debug)]
pub struct App {
    /// The numbered event channel to whatever UI is attached.
    events: Events,
}

impl App {
    /// An app that reports to `sink`.
    pub fn new(sink: Arc<dyn EventSink>) -> Self {
        Self {
            events: Events::new(sink),
        }
    }

    /// See [`AppInfo`].
    pub async fn app_info(&self, AppInfo {}: AppInfo) -> Result<AppInfoOutput, AppError> {
        Ok(AppInfoOutput {
            name: "Chatdeck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
    }

    /// See [`Ping`].
    pub async fn ping(&self, request: Ping) -> Result<(), AppError> {
        self.events.emit(UiEventBody::Pong { text: request.text });
        Ok(())
    }
}
