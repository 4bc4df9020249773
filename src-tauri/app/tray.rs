//! The tray: what its icon and menu show (unread mentions, the open rooms, the pause of
//! notifications), what each menu item does, and what closing the main window means while
//! Chatdeck keeps running there.
//!
//! The app decides; the shell draws the icon and the menu from [`TrayStatus`] and hands the
//! chosen item back as a [`TrayAction`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::ActivateTab;
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::settings::Settings;

use super::desktop::{Desktop, DesktopRequest, TrayStatus};
use super::events::Events;
use super::mentions::Mentions;
use super::settings::{Follower, UserSettings};
use super::tabs::Tabs;
use crate::error::AppError;

/// The file whose presence says the one-time note about the tray was shown.
pub const NOTE_MARKER: &str = "tray-note-shown";

/// A tray menu item, chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrayAction {
    /// Show the main window.
    ShowMain,
    /// Put a room's tab in front and show the main window.
    OpenRoom(TabId),
    /// Pause notifications, or resume them.
    ToggleNotifications,
    /// Quit Chatdeck.
    Quit,
}

/// Menu item ids: what the shell names its items, and reads back when one is chosen.
const SHOW: &str = "show";
const ROOM: &str = "room:";
const PAUSE: &str = "pause-notifications";
const QUIT: &str = "quit";

impl TrayAction {
    /// The menu item id of this action.
    pub fn menu_id(&self) -> String {
        match self {
            TrayAction::ShowMain => SHOW.to_owned(),
            TrayAction::OpenRoom(tab_id) => format!("{ROOM}{tab_id}"),
            TrayAction::ToggleNotifications => PAUSE.to_owned(),
            TrayAction::Quit => QUIT.to_owned(),
        }
    }

    /// The action of a menu item id; `None` for an id the tray never made.
    pub fn from_menu_id(id: &str) -> Option<Self> {
        match id {
            SHOW => Some(TrayAction::ShowMain),
            PAUSE => Some(TrayAction::ToggleNotifications),
            QUIT => Some(TrayAction::Quit),
            _ => id
                .strip_prefix(ROOM)
                .filter(|tab_id| !tab_id.is_empty())
                .map(|tab_id| TrayAction::OpenRoom(TabId::from(tab_id))),
        }
    }
}

/// What closing the main window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainWindowClose {
    /// Hide it; Chatdeck keeps running in the tray.
    KeepRunning,
    /// Quit, as a window-only app does.
    Quit,
}

/// The tray service.
#[derive(Debug)]
pub struct Tray {
    tabs: Arc<Tabs>,
    mentions: Arc<Mentions>,
    settings: Arc<UserSettings>,
    desktop: Arc<Desktop>,
    events: Arc<Events>,
    /// [`NOTE_MARKER`] in the data directory.
    note_marker: PathBuf,
    /// What the tray was last told, so an unchanged status is not sent again. A std Mutex:
    /// held only to compare and swap.
    shown: Mutex<Option<TrayStatus>>,
}

impl Tray {
    /// Starts the tray service: it tells the desktop the status now, and again whenever the
    /// mentions' status changes (tabs are followed through [`Tray::follow_tabs`]).
    pub fn start(
        tabs: Arc<Tabs>,
        mentions: Arc<Mentions>,
        settings: Arc<UserSettings>,
        desktop: Arc<Desktop>,
        events: Arc<Events>,
        data_dir: PathBuf,
    ) -> Arc<Self> {
        let mut status = mentions.status();
        let tray = Arc::new(Self {
            tabs,
            mentions,
            settings,
            desktop,
            events,
            note_marker: data_dir.join(NOTE_MARKER),
            shown: Mutex::new(None),
        });
        let weak: Weak<Tray> = Arc::downgrade(&tray);
        tokio::spawn(async move {
            while status.changed().await.is_ok() {
                match weak.upgrade() {
                    Some(tray) => tray.refresh(),
                    None => break,
                }
            }
        });
        tray.refresh();
        tray
    }

    /// Looks at one outgoing event: the rooms in the menu follow the tabs.
    pub fn follow_tabs(&self, body: &UiEventBody) {
        if matches!(
            body,
            UiEventBody::TabOpened { .. } | UiEventBody::TabClosed { .. }
        ) {
            self.refresh();
        }
    }

    /// What the tray shows now.
    pub fn status(&self) -> TrayStatus {
        let mentions = *self.mentions.status().borrow();
        TrayStatus {
            unread_mentions: mentions.unread,
            notifications_paused: mentions.notifications_paused,
            rooms: self
                .tabs
                .rooms()
                .into_iter()
                .map(|(tab_id, room)| (tab_id, room.name))
                .collect(),
            language: self.desktop.language().get(),
        }
    }

    /// Sends the status to the desktop whether or not it changed (a desktop just installed).
    pub fn show_again(&self) {
        *self.shown.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.refresh();
    }

    /// Sends the status to the desktop if it changed.
    fn refresh(&self) {
        let status = self.status();
        {
            let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
            if shown.as_ref() == Some(&status) {
                return;
            }
            *shown = Some(status.clone());
        }
        // A failure is logged by the desktop; the next change tries again.
        let _ = self.desktop.request(DesktopRequest::UpdateTray(status));
    }

    /// Does what a tray menu item asks.
    pub async fn act(&self, action: TrayAction) -> Result<(), AppError> {
        tracing::info!(item = %action.menu_id(), "tray menu");
        match action {
            TrayAction::ShowMain => self.show_main(),
            TrayAction::OpenRoom(tab_id) => {
                self.tabs
                    .activate_tab(ActivateTab {
                        tab_id: tab_id.clone(),
                    })
                    .await?;
                self.events.emit(UiEventBody::TabActivated { tab_id });
                self.show_main()
            }
            TrayAction::ToggleNotifications => {
                let paused = self.mentions.status().borrow().notifications_paused;
                self.mentions.pause_notifications(!paused);
                Ok(())
            }
            TrayAction::Quit => self
                .desktop
                .request(DesktopRequest::Quit)
                .map_err(AppError::Unavailable),
        }
    }

    fn show_main(&self) -> Result<(), AppError> {
        self.desktop
            .request(DesktopRequest::ShowMain)
            .map_err(AppError::Unavailable)
    }

    /// The user closed the main window. With *keep running in the tray* on and a tray to
    /// come back from (`tray_shown`), Chatdeck goes on without the window, and says so the
    /// first time; otherwise it quits.
    pub fn main_window_closing(&self, tray_shown: bool) -> MainWindowClose {
        if !tray_shown || !self.settings.get().close_to_tray {
            return MainWindowClose::Quit;
        }
        tracing::info!("the main window closed: Chatdeck keeps running in the tray");
        if !self.note_marker.exists() {
            if let Err(error) = std::fs::write(&self.note_marker, b"") {
                tracing::warn!(%error, "the tray note's marker could not be written");
            }
            tracing::info!("the one-time note about the tray goes out");
            let language = self.desktop.language();
            let _ = self.desktop.request(DesktopRequest::Notify {
                tab_id: TabId::default(),
                title: language.text("shell-tray-note-title"),
                body: language.text("shell-tray-note-body"),
            });
        }
        MainWindowClose::KeepRunning
    }
}

/// The menu's words follow the language setting.
impl Follower for Tray {
    fn settings_changed(&self, _before: &Settings, _after: &Settings) {
        self.refresh();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_menu_id_and_foreign_ids_do_nothing() {
        for action in [
            TrayAction::ShowMain,
            TrayAction::OpenRoom(TabId::from("tab-7")),
            TrayAction::ToggleNotifications,
            TrayAction::Quit,
        ] {
            assert_eq!(TrayAction::from_menu_id(&action.menu_id()), Some(action));
        }
        assert_eq!(TrayAction::from_menu_id("room:"), None);
        assert_eq!(TrayAction::from_menu_id("something-else"), None);
    }
}
