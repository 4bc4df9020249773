//! The pinned overlay: a compact view of one room in its own always-on-top window, for
//! streamers. Background opacity (down to transparent), font scale, an optional composer,
//! lines that fade out, and click-through, all per room and kept with the settings.
//!
//! - `lines.rs`: the newest lines, fading.
//! - `controls.rs`: the bar (move, settings, unpin) and the settings panel.
//! - `ui.rs`: what the overlay's parts share.
//!
//! The main window's room-menu items for the overlay belong to the room's menu (`room`).

mod controls;
mod lines;
mod ui;

use chatdeck_ipc::model::TabId;
use chatdeck_ipc::settings::OverlaySettings;
use leptos::prelude::*;
use reactive_stores::Field;

use crate::context::chat;
use crate::desktop::PlatformState;
use crate::i18n::t;
use crate::room::{Composer, RoomUi};
use crate::store::{ChatStoreFields, TabState, TabStateStoreFields};
use controls::{OverlayBar, OverlaySettingsPanel};
use lines::OverlayLines;
use ui::OverlayUi;

/// The overlay window's whole content.
#[component]
pub fn OverlayView(
    /// The room's tab.
    tab_id: TabId,
    /// Whether the snapshot is in.
    ready: RwSignal<bool>,
) -> impl IntoView {
    let store = chat();
    if let Some(root) = document().document_element() {
        // A transparent page, so the window's own transparency shows.
        let _ = root.class_list().add_1("overlay-mode");
    }
    let present = {
        let tab_id = tab_id.clone();
        Memo::new(move |_| {
            store
                .tabs()
                .with(|tabs| tabs.iter().any(|tab| tab.id == tab_id))
        })
    };
    view! {
        <Show when=move || present.get() fallback=move || view! {
            <div class="overlay overlay-waiting" data-testid="overlay-waiting">
                {move || if ready.get() { t!("overlay-tab-closed") } else { t!("overlay-connecting") }}
            </div>
        }>
            <Overlay tab_id=tab_id.clone()/>
        </Show>
    }
}

#[component]
fn Overlay(tab_id: TabId) -> impl IntoView {
    let store = chat();
    let tab: Field<TabState> = store.tabs().at_key(tab_id.clone()).into();
    let room_arn = tab.room_arn().get_untracked();
    let preview = RwSignal::new(None::<OverlaySettings>);
    let saved = Memo::new(move |_| {
        store
            .settings()
            .with(|settings| settings.overlay(&room_arn))
    });
    let settings = Memo::new(move |_| preview.get().unwrap_or_else(|| saved.get()));
    let ui = OverlayUi {
        settings,
        preview,
        panel: RwSignal::new(false),
    };
    provide_context(ui);
    provide_context(RoomUi::new(tab_id.clone(), tab));
    let platform = expect_context::<PlatformState>().0;
    let notes = move || platform.get().map(|p| p.notes).unwrap_or_default();
    let hotkey = move || platform.get().and_then(|p| p.hotkey);
    view! {
        <div class="overlay" data-testid="overlay" data-tab-id=tab_id.to_string()
            class:click-through=move || settings.get().click_through
            data-opacity=move || settings.get().opacity.to_string()
            data-font-scale=move || settings.get().font_scale.to_string()
            style:--overlay-opacity=move || format!("{}%", settings.get().opacity)
            style:--overlay-scale=move || format!("{}", f64::from(settings.get().font_scale) / 100.0)
            on:keydown=move |event| if event.key() == "Escape" { ui.panel.set(false) }>
            <OverlayBar/>
            <Show when=move || !notes().is_empty()>
                <ul class="overlay-notes" data-testid="overlay-platform-note" role="note">
                    {move || notes().into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
                </ul>
            </Show>
            <Show when=move || settings.get().click_through>
                <p class="overlay-hint" data-testid="overlay-click-through-hint">
                    {move || match hotkey() {
                        Some(key) => t!("overlay-click-through-hint-key", key = key),
                        None => t!("overlay-click-through-hint"),
                    }}
                </p>
            </Show>
            <Show when=move || ui.panel.get()>
                <OverlaySettingsPanel/>
            </Show>
            <OverlayLines/>
            <Show when=move || settings.get().show_composer>
                <div class="overlay-composer"><Composer/></div>
            </Show>
            <controls::ResizeGrip/>
        </div>
    }
}
