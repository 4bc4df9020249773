//! The pinned overlay of a room: its window's life, its settings, and what the platform
//! allows.
//!
//! - this file: the [`Overlays`] service: pin, unpin, change an overlay; windows following
//!   their tabs and their settings.
//! - `platform.rs`: what the desktop lets an overlay do.
//!
//! The overlay's settings live with the other settings, by room ARN, so they come back when
//! the room is pinned again; `pinned` itself persists too, so an overlay open at exit opens
//! again when its tab is restored.

mod platform;

pub use platform::{HOTKEY, detect};

use std::sync::Arc;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{OverlayWindow, PinTab, Platform, PlatformInfo, SetOverlay, UnpinTab};
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::settings::{self, OverlaySettings, Settings};

use super::desktop::{Desktop, DesktopRequest, overlay_label};
use super::settings::{Follower, UserSettings};
use super::tabs::Tabs;
use crate::error::{AppError, as_is};

/// The overlays service.
#[derive(Debug)]
pub struct Overlays {
    /// Where each room's overlay settings (and whether it is pinned) are kept.
    settings: Arc<UserSettings>,
    /// The tabs whose rooms the overlays show.
    tabs: Arc<Tabs>,
    /// Opens, changes and closes the windows.
    desktop: Arc<Desktop>,
    /// What this desktop allows.
    platform: Platform,
}

impl Overlays {
    /// The overlays of these tabs, with their settings, on this desktop.
    pub fn new(
        settings: Arc<UserSettings>,
        tabs: Arc<Tabs>,
        desktop: Arc<Desktop>,
        platform: Platform,
    ) -> Self {
        Self {
            settings,
            tabs,
            desktop,
            platform,
        }
    }

    /// Opens the overlays pinned at the last exit whose tabs are already back (the rest open
    /// as their tabs are restored).
    pub fn open_pinned(&self) {
        let settings = self.settings.get();
        for (tab_id, room) in self.tabs.rooms() {
            if settings.overlay(&room.arn).pinned {
                self.open_overlay(&tab_id, &room.arn, &settings);
            }
        }
    }

    fn open_overlay(&self, tab_id: &TabId, room_arn: &str, settings: &Settings) {
        let room_name = self
            .tabs
            .room(tab_id)
            .map(|room| room.name)
            .unwrap_or_default();
        // Failures are logged by the desktop; the overlay stays pinned for the next start.
        let _ = self.desktop.request(DesktopRequest::OpenOverlay {
            tab_id: tab_id.clone(),
            label: overlay_label(tab_id),
            title: self.desktop.language().text_with(
                "shell-overlay-title",
                &chatdeck_l10n::Args::new().with("room", room_name),
            ),
            overlay: settings.overlay(room_arn),
        });
    }

    fn set_pinned(&self, room_arn: &str, pinned: bool) -> Result<Settings, AppError> {
        self.settings.change(|settings| {
            settings
                .overlays
                .entry(room_arn.to_owned())
                .or_default()
                .pinned = pinned;
        })
    }

    /// See [`PinTab`].
    pub async fn pin_tab(&self, request: PinTab) -> Result<(), AppError> {
        let room = self.tabs.room(&request.tab_id)?;
        let settings = self.set_pinned(&room.arn, true)?;
        self.open_overlay(&request.tab_id, &room.arn, &settings);
        tracing::info!(tab = %request.tab_id, "overlay pinned");
        Ok(())
    }

    /// See [`UnpinTab`].
    pub async fn unpin_tab(&self, request: UnpinTab) -> Result<(), AppError> {
        let room = self.tabs.room(&request.tab_id)?;
        self.set_pinned(&room.arn, false)?;
        // Failures are logged by the desktop; the overlay is unpinned for the next start.
        let _ = self.desktop.request(DesktopRequest::CloseOverlay {
            label: overlay_label(&request.tab_id),
        });
        tracing::info!(tab = %request.tab_id, "overlay unpinned");
        Ok(())
    }

    /// The user closed an overlay window (the shell saw it go): it is no longer pinned.
    pub fn overlay_closed(&self, tab_id: &TabId) {
        let Ok(room) = self.tabs.room(tab_id) else {
            return;
        };
        if self.settings.get().overlay(&room.arn).pinned
            && let Err(error) = self.set_pinned(&room.arn, false)
        {
            tracing::warn!(%error, "the overlay's state could not be saved");
        }
    }

    /// See [`SetOverlay`].
    pub async fn set_overlay(&self, request: SetOverlay) -> Result<Settings, AppError> {
        let room = self.tabs.room(&request.tab_id)?;
        let problems = request.overlay.problems("");
        if !problems.is_empty() {
            // Each problem as the settings' rules say it (the overlay checks them first).
            return Err(AppError::Invalid(as_is(settings::describe_in(
                self.desktop.language().get(),
                &problems,
            ))));
        }
        self.settings.change(|settings| {
            let overlay = settings.overlays.entry(room.arn.clone()).or_default();
            *overlay = OverlaySettings {
                pinned: overlay.pinned,
                ..request.overlay
            };
        })
    }

    /// The hotkey was pressed: every overlay stops letting clicks through.
    pub fn take_control_back(&self) {
        let result = self.settings.change_quietly(|settings| {
            for overlay in settings.overlays.values_mut() {
                overlay.click_through = false;
            }
        });
        match result {
            Ok(Some(_)) => tracing::info!("overlays take clicks again (hotkey)"),
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "click-through could not be turned off"),
        }
    }

    /// See [`OverlayWindow`].
    pub async fn overlay_window(&self, request: OverlayWindow) -> Result<(), AppError> {
        self.desktop
            .request(DesktopRequest::Gesture {
                label: overlay_label(&request.tab_id),
                gesture: request.gesture,
            })
            .map_err(AppError::Unavailable)
    }

    /// See [`PlatformInfo`].
    pub async fn platform_info(&self, PlatformInfo {}: PlatformInfo) -> Result<Platform, AppError> {
        Ok(self.platform.clone())
    }

    /// Keeps overlay windows in step with tabs: a restored tab whose room was pinned opens
    /// its overlay again; a closed tab closes it.
    pub fn follow_tabs(&self, body: &UiEventBody) {
        match body {
            UiEventBody::TabOpened { tab, .. } => {
                let settings = self.settings.get();
                if settings.overlay(&tab.room_arn).pinned {
                    self.open_overlay(&tab.id, &tab.room_arn, &settings);
                }
            }
            UiEventBody::TabClosed { tab_id } => {
                // Failures are logged by the desktop; no window is left to close.
                let _ = self.desktop.request(DesktopRequest::CloseOverlay {
                    label: overlay_label(tab_id),
                });
            }
            _ => {}
        }
    }
}

impl Follower for Overlays {
    /// An open overlay whose settings changed gets them at once.
    fn settings_changed(&self, before: &Settings, after: &Settings) {
        for (tab_id, room) in self.tabs.rooms() {
            let (old, new) = (before.overlay(&room.arn), after.overlay(&room.arn));
            if new.pinned && old.pinned && old != new {
                // Failures are logged by the desktop; the setting itself is saved.
                let _ = self.desktop.request(DesktopRequest::ApplyOverlay {
                    label: overlay_label(&tab_id),
                    overlay: new,
                });
            }
        }
    }
}
