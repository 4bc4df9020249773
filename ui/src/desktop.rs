//! Which window this UI runs in (the main one, or a room's pinned overlay), what the desktop
//! allows, and telling the shell when this window gains or loses focus (notifications go
//! out only while no Chatdeck window has it).

use chatdeck_ipc::command::{Platform, PlatformInfo, ReportFocus};
use chatdeck_ipc::model::TabId;
use leptos::ev;
use leptos::prelude::*;

use crate::context::call_with;

/// What the desktop allows the overlay, once the shell said.
#[derive(Debug, Clone, Copy)]
pub struct PlatformState(pub RwSignal<Option<Platform>>);

/// The tab this window shows as an overlay (`?pinned=<tab id>`), or `None` in the main
/// window.
pub fn pinned_tab() -> Option<TabId> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("pinned="))
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(TabId::from)
}

/// This window's label, as the shell names it.
pub fn label() -> String {
    match pinned_tab() {
        Some(tab_id) => format!("pinned-{tab_id}"),
        None => "main".into(),
    }
}

/// Reports focus changes of this window (and its focus now), and asks what the platform
/// allows. Listeners go when the root does.
pub fn watch() {
    let platform = RwSignal::new(None::<Platform>);
    provide_context(PlatformState(platform));
    call_with(PlatformInfo {}, move |result| {
        if let Ok(info) = result {
            platform.set(Some(info));
        }
    });
    let report = |focused: bool| {
        call_with(
            ReportFocus {
                window: label(),
                focused,
            },
            |_| {},
        );
    };
    report(document().has_focus().unwrap_or(false));
    let focus = window_event_listener(ev::focus, move |_| report(true));
    let blur = window_event_listener(ev::blur, move |_| report(false));
    on_cleanup(move || {
        focus.remove();
        blur.remove();
    });
}
