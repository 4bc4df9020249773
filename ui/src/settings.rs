//! Settings: the look they give the window (theme, font size, timestamp format, density),
//! and the dialog that edits, exports and imports them.
//!
//! - `dialog.rs`: the settings dialog.
//! - `filters.rs`: its *Ignore and filters* section.

mod dialog;
mod filters;

pub use dialog::SettingsDialog;

use chatdeck_ipc::settings::{Density, Theme, TimestampFormat};
use leptos::prelude::*;
use reactive_stores::Store;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::store::{Chat, ChatStoreFields};

/// The timestamp format in effect, for [`crate::time::clock`].
#[derive(Debug, Clone, Copy)]
pub struct ClockFormat(pub Memo<TimestampFormat>);

/// How the message list sets its rows, for the list and each row.
#[derive(Debug, Clone, Copy)]
pub struct ListDensity(pub Memo<Density>);

/// Whether the system prefers dark, kept current by a media-query listener.
fn system_dark() -> RwSignal<bool> {
    let dark = RwSignal::new(false);
    let Some(query) = window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
    else {
        return dark;
    };
    dark.set(query.matches());
    let listener = Closure::<dyn FnMut(web_sys::MediaQueryListEvent)>::new(
        move |event: web_sys::MediaQueryListEvent| dark.set(event.matches()),
    );
    // Removing it on cleanup needs the same function object; the closure lives as long as
    // the listener does.
    let function: js_sys::Function = listener
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    if query
        .add_event_listener_with_callback("change", &function)
        .is_ok()
    {
        let listener = StoredValue::new_local(Some(listener));
        on_cleanup(move || {
            let _ = query.remove_event_listener_with_callback("change", &function);
            listener.set_value(None);
        });
    }
    dark
}

/// Applies the look of the settings to the document: `data-theme` (the system's choice
/// resolved, so the stylesheet has one dark palette) and the chat font size. Provides the
/// timestamp format and the list's density.
pub fn apply_look(store: Store<Chat>) {
    let dark = system_dark();
    let theme = Memo::new(move |_| store.settings().with(|settings| settings.theme));
    let font_size = Memo::new(move |_| store.settings().with(|settings| settings.font_size));
    Effect::new(move |_| {
        let resolved = match theme.get() {
            Theme::Dark => "dark",
            Theme::Light => "light",
            Theme::System if dark.get() => "dark",
            Theme::System => "light",
        };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", resolved);
            let _ = root.set_attribute("data-theme-choice", theme.get().as_str());
        }
    });
    Effect::new(move |_| {
        let size = font_size.get();
        if let Some(root) = document()
            .document_element()
            .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // Through the CSSOM (not a style attribute), which the CSP allows.
            let _ = root
                .style()
                .set_property("--chat-font-size", &format!("{size}px"));
        }
    });
    provide_context(ClockFormat(Memo::new(move |_| {
        store.settings().with(|settings| settings.timestamp_format)
    })));
    provide_context(ListDensity(Memo::new(move |_| {
        store.settings().with(|settings| settings.density)
    })));
}
