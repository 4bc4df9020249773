//! The pinned overlay of a room: its window's life, its settings, and what the platform
//! allows.
//!
//! The overlay's settings live with the other settings, by room ARN, so they come back when
//! the room is pinned again; `pinned` itself persists too, so an overlay open at exit opens
//! again when its tab is restored.

use std::sync::Arc;

use chatdeck_ipc::command::{OverlayWindow, PinTab, Platform, PlatformInfo, SetOverlay, UnpinTab};
use chatdeck_ipc::settings::{self, Settings};

use super::App;
use super::desktop::{DesktopHost, DesktopRequest, overlay_label};
use crate::error::AppError;

/// The global hotkey that takes control back from a click-through overlay.
pub const HOTKEY: &str = "Ctrl+Alt+O";

/// What the overlay can do on this desktop, from the OS and the session's environment
/// (`XDG_SESSION_TYPE`, `WAYLAND_DISPLAY`), which the shell reads.
pub fn detect(os: &str, session_type: Option<&str>, wayland_display: Option<&str>) -> Platform {
    let wayland = session_type.is_some_and(|kind| kind.eq_ignore_ascii_case("wayland"))
        || wayland_display.is_some_and(|display| !display.trim().is_empty());
    match os {
        "linux" if wayland => Platform {
            session: "wayland".into(),
            always_on_top: false,
            hotkey: None,
            notes: vec![
                "This Wayland session does not let an app keep its window above others, so \
                 other windows can cover the overlay (tauri-apps/tauri#3117)."
                    .into(),
                "Global hotkeys do not reach Chatdeck under Wayland: to take clicks back from \
                 a click-through overlay, use the main window's room menu (Overlay: take \
                 clicks back)."
                    .into(),
            ],
        },
        "linux" | "freebsd" | "openbsd" | "netbsd" | "dragonfly" => Platform {
            session: if session_type.is_some_and(|kind| kind.eq_ignore_ascii_case("x11")) {
                "x11".into()
            } else {
                "unknown".into()
            },
            always_on_top: true,
            hotkey: Some(HOTKEY.into()),
            notes: Vec::new(),
        },
        "windows" | "macos" => Platform {
            session: os.into(),
            always_on_top: true,
            hotkey: Some(HOTKEY.into()),
            notes: Vec::new(),
        },
        _ => Platform {
            session: "unknown".into(),
            always_on_top: true,
            hotkey: Some(HOTKEY.into()),
            notes: Vec::new(),
        },
    }
}

impl App {
    /// Installs the shell's desktop, then opens the overlays pinned at the last exit whose
    /// tabs are already back (the rest open as their tabs are restored).
    pub fn install_desktop(&self, host: Arc<dyn DesktopHost>) {
        self.desktop.install(host);
        let settings = self.preferences.get();
        for (tab_id, room_arn) in self.tabs.rooms() {
            if settings.overlay(&room_arn).pinned {
                self.open_overlay(&tab_id, &room_arn, &settings);
            }
        }
    }

    /// What the app asked of the desktop (tests read it where no desktop runs).
    pub fn desktop_requests(&self) -> Vec<DesktopRequest> {
        self.desktop.requests()
    }

    fn open_overlay(&self, tab_id: &str, room_arn: &str, settings: &Settings) {
        let room_name = self
            .tabs
            .room(tab_id)
            .map(|(_, name)| name)
            .unwrap_or_default();
        // Failures are logged by the desktop; the overlay stays pinned for the next start.
        let _ = self.desktop.request(DesktopRequest::OpenOverlay {
            tab_id: tab_id.to_owned(),
            label: overlay_label(tab_id),
            title: format!("#{room_name} — Chatdeck overlay"),
            overlay: settings.overlay(room_arn),
        });
    }

    fn set_pinned(&self, room_arn: &str, pinned: bool) -> Result<Settings, AppError> {
        let (_, after) = self.preferences.update(|settings| {
            settings
                .overlays
                .entry(room_arn.to_owned())
                .or_default()
                .pinned = pinned;
        })?;
        self.events.emit(chatdeck_ipc::UiEventBody::Settings {
            settings: after.clone(),
        });
        Ok(after)
    }

    /// See [`PinTab`].
    pub async fn pin_tab(&self, request: PinTab) -> Result<(), AppError> {
        let (room_arn, _) = self.tabs.room(&request.tab_id)?;
        let settings = self.set_pinned(&room_arn, true)?;
        self.open_overlay(&request.tab_id, &room_arn, &settings);
        tracing::info!(tab = %request.tab_id, "overlay pinned");
        Ok(())
    }

    /// See [`UnpinTab`].
    pub async fn unpin_tab(&self, request: UnpinTab) -> Result<(), AppError> {
        let (room_arn, _) = self.tabs.room(&request.tab_id)?;
        self.set_pinned(&room_arn, false)?;
        let _ = self.desktop.request(DesktopRequest::CloseOverlay {
            label: overlay_label(&request.tab_id),
        });
        tracing::info!(tab = %request.tab_id, "overlay unpinned");
        Ok(())
    }

    /// The user closed an overlay window (the shell saw it go): it is no longer pinned.
    pub fn overlay_closed(&self, tab_id: &str) {
        let Ok((room_arn, _)) = self.tabs.room(tab_id) else {
            return;
        };
        if self.preferences.get().overlay(&room_arn).pinned
            && let Err(error) = self.set_pinned(&room_arn, false)
        {
            tracing::warn!(%error, "the overlay's state could not be saved");
        }
    }

    /// See [`SetOverlay`].
    pub async fn set_overlay(&self, request: SetOverlay) -> Result<Settings, AppError> {
        let (room_arn, _) = self.tabs.room(&request.tab_id)?;
        let problems = request.overlay.problems("");
        if !problems.is_empty() {
            return Err(AppError::Invalid(settings::describe(&problems)));
        }
        let (before, after) = self.preferences.update(|settings| {
            let overlay = settings.overlays.entry(room_arn.clone()).or_default();
            *overlay = chatdeck_ipc::settings::OverlaySettings {
                pinned: overlay.pinned,
                ..request.overlay
            };
        })?;
        self.settings_changed(&before, &after);
        Ok(after)
    }

    /// The hotkey was pressed: every overlay stops letting clicks through.
    pub fn take_control_back(&self) {
        let result = self.preferences.update(|settings| {
            for overlay in settings.overlays.values_mut() {
                overlay.click_through = false;
            }
        });
        match result {
            Ok((before, after)) if before != after => {
                tracing::info!("overlays take clicks again (hotkey)");
                self.settings_changed(&before, &after);
            }
            Ok(_) => {}
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
        Ok(self.config.platform.clone())
    }

    /// Keeps overlay windows in step with tabs: a restored tab whose room was pinned opens
    /// its overlay again; a closed tab closes it.
    pub(super) fn overlay_follows_tabs(&self, body: &chatdeck_ipc::UiEventBody) {
        use chatdeck_ipc::UiEventBody;
        match body {
            UiEventBody::TabOpened { tab, .. } => {
                let settings = self.preferences.get();
                if settings.overlay(&tab.room_arn).pinned {
                    self.open_overlay(&tab.id, &tab.room_arn, &settings);
                }
            }
            UiEventBody::TabClosed { tab_id } => {
                let _ = self.desktop.request(DesktopRequest::CloseOverlay {
                    label: overlay_label(tab_id),
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_decides_what_the_overlay_can_do() {
        let cases = [
            ("linux", Some("wayland"), None, "wayland", false, false),
            (
                "linux",
                Some("x11"),
                Some("wayland-0"),
                "wayland",
                false,
                false,
            ),
            ("linux", None, Some("wayland-0"), "wayland", false, false),
            ("linux", Some("x11"), None, "x11", true, true),
            ("linux", Some("tty"), Some(" "), "unknown", true, true),
            ("linux", None, None, "unknown", true, true),
            ("windows", None, None, "windows", true, true),
            ("macos", None, None, "macos", true, true),
        ];
        for (os, session, display, expected, on_top, hotkey) in cases {
            let platform = detect(os, session, display);
            assert_eq!(platform.session, expected, "{os} {session:?} {display:?}");
            assert_eq!(platform.always_on_top, on_top);
            assert_eq!(platform.hotkey.is_some(), hotkey);
            assert_eq!(
                platform.notes.is_empty(),
                on_top,
                "a limit is said in words"
            );
        }
    }
}
