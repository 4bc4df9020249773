//! The whole window's zoom: Ctrl + / Ctrl − / Ctrl 0 (Cmd on macOS), kept in the settings so
//! it comes back after a restart. Applied as CSS `zoom` on the root element, which both
//! WebKitGTK and Chromium lay out again at the new size (no scaled bitmap, no overflow).

use chatdeck_ipc::command::SaveSettings;
use chatdeck_ipc::settings::ZOOMS;
use leptos::prelude::*;
use reactive_stores::Store;
use wasm_bindgen::JsCast;

use crate::context::call_with;
use crate::store::{Chat, ChatStoreFields};

/// The zoom levels the keys step through, in percent (as browsers do).
const STEPS: [u16; 11] = [50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200];

/// What a zoom key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Ctrl + (or Ctrl =).
    In,
    /// Ctrl −.
    Out,
    /// Ctrl 0.
    Reset,
}

impl Change {
    /// The change a key (`KeyboardEvent.key`) stands for, if any.
    pub fn from_key(key: &str) -> Option<Change> {
        match key {
            "+" | "=" => Some(Change::In),
            "-" | "_" => Some(Change::Out),
            "0" => Some(Change::Reset),
            _ => None,
        }
    }

    /// The zoom after this change from `zoom`: the next step up or down (from a level between
    /// steps, the nearest one in that direction), or 100.
    pub fn apply(self, zoom: u16) -> u16 {
        match self {
            Change::In => STEPS
                .iter()
                .copied()
                .find(|step| *step > zoom)
                .unwrap_or(*ZOOMS.end()),
            Change::Out => STEPS
                .iter()
                .rev()
                .copied()
                .find(|step| *step < zoom)
                .unwrap_or(*ZOOMS.start()),
            Change::Reset => 100,
        }
    }
}

/// Changes the zoom and saves it with the other settings; the saved settings come back and
/// [`apply`] shows them.
pub fn change(store: Store<Chat>, change: Change) {
    let mut settings = store.settings().get_untracked();
    let zoom = change.apply(settings.zoom);
    if zoom == settings.zoom {
        return;
    }
    settings.zoom = zoom;
    call_with(SaveSettings { settings }, move |result| match result {
        Ok(saved) => store.settings().set(saved),
        Err(error) => store.error().set(Some(crate::i18n::say(&error.words))),
    });
}

/// Keeps the root element's `zoom` at the settings' zoom (the main window only: an overlay
/// has its own text scale).
pub fn apply(store: Store<Chat>) {
    let zoom = Memo::new(move |_| store.settings().with(|settings| settings.zoom));
    Effect::new(move |_| {
        let zoom = zoom.get();
        if let Some(root) = document()
            .document_element()
            .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // Through the CSSOM (not a style attribute), which the CSP allows.
            let _ = root.style().set_property("zoom", &format!("{zoom}%"));
            let _ = root.set_attribute("data-zoom", &zoom.to_string());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::Change;

    #[test]
    fn keys_step_through_the_levels_and_stop_at_the_ends() {
        assert_eq!(Change::from_key("="), Some(Change::In));
        assert_eq!(Change::from_key("+"), Some(Change::In));
        assert_eq!(Change::from_key("-"), Some(Change::Out));
        assert_eq!(Change::from_key("0"), Some(Change::Reset));
        assert_eq!(Change::from_key("a"), None);
        assert_eq!(Change::In.apply(100), 110);
        assert_eq!(Change::Out.apply(100), 90);
        assert_eq!(Change::In.apply(112), 125);
        assert_eq!(Change::Out.apply(112), 110);
        assert_eq!(Change::In.apply(200), 200);
        assert_eq!(Change::Out.apply(50), 50);
        assert_eq!(Change::Reset.apply(175), 100);
    }
}
