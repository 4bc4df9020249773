//! The pinned overlay: one always-on-top window per room, and what the platform allows.

use serde::{Deserialize, Serialize};

use crate::model::TabId;
use crate::settings::{OverlaySettings, Settings};

/// Opens (or brings forward) the overlay window of a tab's room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinTab {
    /// The tab.
    pub tab_id: TabId,
}

command!(PinTab => "pin_tab", ());

/// Closes the overlay window of a tab's room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnpinTab {
    /// The tab.
    pub tab_id: TabId,
}

command!(UnpinTab => "unpin_tab", ());

/// Changes the overlay of a tab's room (opacity, font scale, composer, fade, click-through,
/// always on top); the window follows at once. Returns the settings as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetOverlay {
    /// The tab.
    pub tab_id: TabId,
    /// The new overlay settings (`pinned` is kept as it is: pin and unpin do that).
    pub overlay: OverlaySettings,
}

command!(SetOverlay => "set_overlay", Settings);

/// What the user does to an undecorated overlay window with the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverlayGesture {
    /// Move it (pressed on its handle).
    Move,
    /// Resize it from the bottom-right corner.
    Resize,
}

/// Starts moving or resizing an overlay window with the pointer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayWindow {
    /// The overlay's tab.
    pub tab_id: TabId,
    /// Move or resize.
    pub gesture: OverlayGesture,
}

command!(OverlayWindow => "overlay_window", ());

/// What this desktop allows the overlay to do.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlatformInfo {}

/// Output of [`PlatformInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Platform {
    /// `x11`, `wayland`, `windows`, `macos` or `unknown`.
    pub session: String,
    /// Whether a window can be kept above others.
    pub always_on_top: bool,
    /// The global hotkey that takes control back from a click-through overlay, when one
    /// could be registered (e.g. `Ctrl+Alt+O`).
    pub hotkey: Option<String>,
    /// What does not work here and why, in words, for the overlay to show.
    pub notes: Vec<String>,
}

command!(PlatformInfo => "platform_info", Platform);
