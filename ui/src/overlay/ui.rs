//! What the overlay's parts share: the settings in effect and the settings panel's state.

use chatdeck_ipc::settings::OverlaySettings;
use leptos::prelude::*;

/// What the overlay's parts share.
#[derive(Debug, Clone, Copy)]
pub struct OverlayUi {
    /// The settings in effect: a slider's value while dragged, else the saved ones.
    pub settings: Memo<OverlaySettings>,
    /// A change not saved yet (shown at once, saved when the control is released).
    pub preview: RwSignal<Option<OverlaySettings>>,
    /// Whether the settings panel is open.
    pub panel: RwSignal<bool>,
}
