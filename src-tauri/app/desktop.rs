//! What the app asks of the desktop around it: notifications, overlay windows, links; and
//! the command that opens a message's link.
//!
//! The app decides (whether to notify, which window to open with which settings); the shell
//! performs. Every request is also kept in a short log, so tests running the app without a
//! desktop (the browser bridge) can see exactly what would have happened.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use chatdeck_ipc::command::{ChooseFile, CopyText, MAX_COPY_CHARS, OpenLink, OverlayGesture};
use chatdeck_ipc::link;
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::settings::OverlaySettings;
use chatdeck_l10n::{Language, Words};

use super::language::ShellLanguage;
use crate::error::AppError;

/// Requests kept in the log; older ones are dropped.
const LOG_CAPACITY: usize = 256;

/// Something the app wants the desktop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DesktopRequest {
    /// Show a desktop notification.
    Notify {
        /// The tab it is about.
        tab_id: TabId,
        /// First line: who and where.
        title: String,
        /// The message.
        body: String,
    },
    /// Open (or bring forward) a room's overlay window.
    OpenOverlay {
        /// The tab whose room it shows.
        tab_id: TabId,
        /// The window's label, [`overlay_label`] of the tab.
        label: String,
        /// The window's title.
        title: String,
        /// How it looks and behaves.
        overlay: OverlaySettings,
    },
    /// Apply changed settings to an open overlay window (click-through, always on top).
    ApplyOverlay {
        /// The window's label.
        label: String,
        /// The settings now.
        overlay: OverlaySettings,
    },
    /// Close an overlay window.
    CloseOverlay {
        /// The window's label.
        label: String,
    },
    /// Open a link from a message in the system's browser (checked by
    /// [`chatdeck_ipc::link::is_openable`] first).
    OpenLink {
        /// The URL, exactly as the message wrote it.
        url: String,
    },
    /// Put text on the system clipboard (an invite link, a message's text or id).
    CopyText {
        /// The text.
        text: String,
    },
    /// Show the main window and bring it forward: another launch of Chatdeck handed over
    /// (the single-instance guard), and this copy goes on serving.
    FocusMain {
        /// The other launch's command-line arguments, its program name left out.
        arguments: Vec<String>,
    },
    /// Show the main window again (the tray's *Show Chatdeck*, a room chosen in the tray).
    ShowMain,
    /// Show this in the tray: the unread mentions on the icon, the rooms in its menu.
    UpdateTray(TrayStatus),
    /// Quit Chatdeck (the tray's *Quit*): the one explicit way out once it keeps running in
    /// the tray.
    Quit,
    /// Start moving or resizing an overlay window with the pointer.
    Gesture {
        /// The window's label.
        label: String,
        /// Move or resize.
        gesture: OverlayGesture,
    },
}

impl DesktopRequest {
    /// The request's kind, for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            DesktopRequest::Notify { .. } => "notify",
            DesktopRequest::OpenOverlay { .. } => "open overlay",
            DesktopRequest::ApplyOverlay { .. } => "apply overlay",
            DesktopRequest::CloseOverlay { .. } => "close overlay",
            DesktopRequest::OpenLink { .. } => "open link",
            DesktopRequest::CopyText { .. } => "copy text",
            DesktopRequest::FocusMain { .. } => "focus main window",
            DesktopRequest::ShowMain => "show main window",
            DesktopRequest::UpdateTray(_) => "update tray",
            DesktopRequest::Quit => "quit",
            DesktopRequest::Gesture { .. } => "gesture",
        }
    }
}

/// What the tray shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrayStatus {
    /// Mentions that arrived while no Chatdeck window had focus.
    pub unread_mentions: u32,
    /// Whether mention notifications are paused.
    pub notifications_paused: bool,
    /// The open rooms, in tab order: each tab and its room's name.
    pub rooms: Vec<(TabId, String)>,
    /// The language of the menu and the tooltip.
    pub language: Language,
}

/// The label of a tab's overlay window: the capability grants `pinned-*`.
pub fn overlay_label(tab_id: &TabId) -> String {
    format!("{OVERLAY_PREFIX}{tab_id}")
}

/// What every overlay window's label starts with.
pub const OVERLAY_PREFIX: &str = "pinned-";

/// The tab of an overlay window's label.
pub fn overlay_tab(label: &str) -> Option<TabId> {
    label.strip_prefix(OVERLAY_PREFIX).map(TabId::from)
}

/// The desktop side: the shell implements it with Tauri windows and the notification plugin.
pub trait DesktopHost: Send + Sync {
    /// Performs one request; an error is reported in words.
    fn perform(&self, request: &DesktopRequest) -> Result<(), Words>;

    /// Shows the platform's save dialog titled `title` and waits for the answer: the chosen
    /// file, or `None` when the user cancelled.
    fn choose_file(&self, request: &ChooseFile, title: &str) -> Result<Option<String>, Words>;
}

/// The app's way to the desktop: a log of requests, and the host once the shell installs one.
#[derive(Default)]
pub struct Desktop {
    /// Set once by the shell; absent under tests.
    host: OnceLock<Arc<dyn DesktopHost>>,
    /// The newest requests, oldest first. A std Mutex: held only to push or copy.
    log: Mutex<VecDeque<DesktopRequest>>,
    /// The language of the dialogs' titles.
    language: Arc<ShellLanguage>,
}

impl std::fmt::Debug for Desktop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desktop")
            .field("host", &self.host.get().is_some())
            .finish_non_exhaustive()
    }
}

impl Desktop {
    /// A desktop whose dialogs speak `language`.
    pub fn new(language: Arc<ShellLanguage>) -> Self {
        Self {
            language,
            ..Self::default()
        }
    }

    /// The language of what the desktop shows (notifications, titles, the tray).
    pub fn language(&self) -> &ShellLanguage {
        &self.language
    }

    /// Installs the shell's host; later calls are ignored (there is one desktop).
    pub fn install(&self, host: Arc<dyn DesktopHost>) {
        if self.host.set(host).is_err() {
            tracing::warn!("a desktop host was installed twice; keeping the first");
        }
    }

    /// Logs `request` and performs it where a host is installed.
    pub fn request(&self, request: DesktopRequest) -> Result<(), Words> {
        {
            let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            if log.len() == LOG_CAPACITY {
                log.pop_front();
            }
            log.push_back(request.clone());
        }
        match self.host.get() {
            Some(host) => host.perform(&request).inspect_err(|error| {
                // The kind only: a notification's text is chat content, not log material.
                let error = error.say(Language::English);
                tracing::warn!(%error, request = request.kind(), "the desktop could not do it");
            }),
            None => Ok(()),
        }
    }

    /// The logged requests, oldest first.
    pub fn requests(&self) -> Vec<DesktopRequest> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// Another launch of Chatdeck found this one running and handed over its arguments: show
    /// the main window instead of starting a second copy.
    pub fn another_launch(&self, arguments: Vec<String>) {
        tracing::info!(?arguments, "another launch handed over: focus main window");
        // A failure is logged by `request`; the other launch has exited either way.
        let _ = self.request(DesktopRequest::FocusMain { arguments });
    }

    /// See [`OpenLink`]. The UI shows only openable links, but the check is here: whatever
    /// the webview asks, nothing but an http(s) URL without hidden characters reaches the
    /// browser.
    pub async fn open_link(&self, request: OpenLink) -> Result<(), AppError> {
        if !link::is_openable(&request.url) {
            return Err(AppError::Invalid(Words::new("shell-error-link")));
        }
        self.request(DesktopRequest::OpenLink { url: request.url })
            .map_err(AppError::Unavailable)
    }

    /// See [`ChooseFile`]. The dialog blocks its thread until answered, so it runs on one
    /// of its own, not on the runtime's.
    pub async fn choose_file(&self, request: ChooseFile) -> Result<Option<String>, AppError> {
        let host = self
            .host
            .get()
            .cloned()
            .ok_or_else(|| AppError::Unavailable(Words::new("shell-error-no-file-dialog")))?;
        tracing::info!(purpose = ?request.purpose, "file dialog");
        let title = self.language.text(request.purpose.title_id());
        let chosen = tokio::task::spawn_blocking(move || host.choose_file(&request, &title))
            .await
            .map_err(|error| {
                AppError::Unavailable(
                    Words::new("shell-error-file-dialog").with("error", error.to_string()),
                )
            })?
            .map_err(AppError::Unavailable)?;
        tracing::info!(chosen = chosen.is_some(), "file dialog answered");
        Ok(chosen)
    }

    /// See [`CopyText`]. Empty or very long text is refused: the UI never asks for either,
    /// so such a request is a mistake, not something to paste.
    pub async fn copy_text(&self, request: CopyText) -> Result<(), AppError> {
        let chars = request.text.chars().count();
        if chars == 0 || chars > MAX_COPY_CHARS {
            // As digits, as the English has always written them.
            return Err(AppError::Invalid(
                Words::new("shell-error-copy-length")
                    .with("max", MAX_COPY_CHARS.to_string())
                    .with("count", chars.to_string()),
            ));
        }
        self.request(DesktopRequest::CopyText { text: request.text })
            .map_err(AppError::Unavailable)
    }
}
