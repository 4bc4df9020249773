//! The overlay's controls: a bar to move it, open its settings and unpin it (shown on hover
//! or keyboard focus, so it stays out of the picture), the settings panel, and the resize
//! grip. Changes show at once; sliders save when released.

use chatdeck_ipc::command::{OverlayGesture, OverlayWindow, SetOverlay, UnpinTab};
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::settings::{self, OverlaySettings};
use leptos::ev;
use leptos::prelude::*;

use super::ui::OverlayUi;
use crate::context::{call, call_with, chat};
use crate::desktop::PlatformState;
use crate::i18n::t;
use crate::room::RoomUi;
use crate::store::{ChatStoreFields, TabStateStoreFields};

/// Fade-out choices, in seconds (0 keeps lines).
const FADES: [u32; 6] = [0, 10, 30, 60, 120, 300];

/// A fade-out choice in words.
fn fade_label(secs: u32) -> String {
    match secs {
        0 => t!("overlay-fade-never"),
        secs if secs < 60 => t!("overlay-fade-seconds", seconds = secs),
        secs => t!("overlay-fade-minutes", minutes = secs / 60),
    }
}

/// Saves `overlay` for the tab; the preview stays until the saved settings are back.
fn save(tab_id: TabId, overlay: OverlaySettings, ui: OverlayUi) {
    let store = chat();
    ui.preview.set(Some(overlay));
    call_with(SetOverlay { tab_id, overlay }, move |result| {
        ui.preview.set(None);
        match result {
            Ok(saved) => store.settings().set(saved),
            Err(error) => store.error().set(Some(crate::i18n::say(&error.words))),
        }
    });
}

fn gesture(tab_id: TabId, gesture: OverlayGesture) {
    call(OverlayWindow { tab_id, gesture }, |()| {});
}

/// The bar: handle, settings, unpin.
#[component]
pub fn OverlayBar() -> impl IntoView {
    let room = expect_context::<RoomUi>();
    let ui = expect_context::<OverlayUi>();
    let tab = room.tab;
    let on_handle = {
        let tab_id = room.tab_id.clone();
        move |event: ev::MouseEvent| {
            if event.button() == 0 {
                event.prevent_default();
                gesture(tab_id.clone(), OverlayGesture::Move);
            }
        }
    };
    let unpin = {
        let tab_id = room.tab_id.clone();
        move |_| {
            call(
                UnpinTab {
                    tab_id: tab_id.clone(),
                },
                |()| {},
            )
        }
    };
    view! {
        <header class="overlay-bar" data-testid="overlay-bar">
            <div class="overlay-handle" title=t!("overlay-move") on:mousedown=on_handle>
                <span aria-hidden="true">"⠿"</span>
                <span class="overlay-room">"# " {move || tab.room_name().try_get().unwrap_or_default()}</span>
            </div>
            <button class="ghost icon" data-testid="overlay-settings-toggle" aria-label=t!("overlay-settings")
                aria-expanded=move || ui.panel.get().to_string() on:click=move |_| ui.panel.update(|open| *open = !*open)>"⚙"</button>
            <button class="ghost icon" data-testid="overlay-unpin" aria-label=t!("overlay-unpin") title=t!("overlay-unpin-title")
                on:click=unpin>"×"</button>
        </header>
    }
}

/// The settings panel.
#[component]
pub fn OverlaySettingsPanel() -> impl IntoView {
    let room = expect_context::<RoomUi>();
    let ui = expect_context::<OverlayUi>();
    let platform = expect_context::<PlatformState>().0;
    let tab_id = StoredValue::new(room.tab_id.clone());
    let current = ui.settings;
    // A slider previews while it moves and saves when released.
    let slide = move |change: fn(&mut OverlaySettings, u32), commit: bool| {
        move |event: ev::Event| {
            let value = event_target_value(&event).parse::<u32>().unwrap_or(0);
            let mut next = current.get_untracked();
            change(&mut next, value);
            if commit {
                save(tab_id.get_value(), next, ui);
            } else {
                ui.preview.set(Some(next));
            }
        }
    };
    let flip = move |change: fn(&mut OverlaySettings, bool)| {
        move |event: ev::Event| {
            let mut next = current.get_untracked();
            change(&mut next, event_target_checked(&event));
            save(tab_id.get_value(), next, ui);
        }
    };
    let set_opacity: fn(&mut OverlaySettings, u32) =
        |s, v| s.opacity = u8::try_from(v.min(100)).unwrap_or(100);
    let set_scale: fn(&mut OverlaySettings, u32) =
        |s, v| s.font_scale = u16::try_from(v).unwrap_or(100);
    let on_top_allowed = move || platform.get().is_none_or(|p| p.always_on_top);
    let hotkey = move || platform.get().and_then(|p| p.hotkey);
    view! {
        <section class="overlay-settings" data-testid="overlay-settings" aria-label=t!("overlay-settings")>
            <label>
                <span>{t!("overlay-background")} " " {move || format!("{}%", current.get().opacity)}</span>
                <input type="range" data-testid="overlay-opacity" min=*settings::OPACITY.start() max=*settings::OPACITY.end() step="5"
                    prop:value=move || current.get().opacity.to_string()
                    on:input=slide(set_opacity, false) on:change=slide(set_opacity, true)/>
            </label>
            <label>
                <span>{t!("overlay-text-size")} " " {move || format!("{}%", current.get().font_scale)}</span>
                <input type="range" data-testid="overlay-font-scale" min=*settings::FONT_SCALES.start() max=*settings::FONT_SCALES.end() step="10"
                    prop:value=move || current.get().font_scale.to_string()
                    on:input=slide(set_scale, false) on:change=slide(set_scale, true)/>
            </label>
            <label>
                <span>{t!("overlay-fade")}</span>
                <select data-testid="overlay-fade" on:change=move |event| {
                    let secs = event_target_value(&event).parse::<u32>().unwrap_or(0);
                    let mut next = current.get_untracked();
                    next.fade_after_secs = secs;
                    save(tab_id.get_value(), next, ui);
                }>
                    {FADES.into_iter().map(|secs| view! {
                        <option value=secs.to_string() selected=move || current.get().fade_after_secs == secs>{fade_label(secs)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="inline">
                <input type="checkbox" data-testid="overlay-composer" prop:checked=move || current.get().show_composer
                    on:change=flip(|s, on| s.show_composer = on)/>
                {t!("overlay-show-composer")}
            </label>
            <label class="inline" title=move || if on_top_allowed() { String::new() } else { t!("overlay-on-top-unavailable") }>
                <input type="checkbox" data-testid="overlay-on-top" prop:checked=move || current.get().always_on_top && on_top_allowed()
                    disabled=move || !on_top_allowed() on:change=flip(|s, on| s.always_on_top = on)/>
                {t!("overlay-on-top")}
            </label>
            <label class="inline">
                <input type="checkbox" data-testid="overlay-click-through" prop:checked=move || current.get().click_through
                    on:change=flip(|s, on| s.click_through = on)/>
                {move || match hotkey() {
                    Some(key) => t!("overlay-click-through-key", key = key),
                    None => t!("overlay-click-through"),
                }}
            </label>
        </section>
    }
}

/// The bottom-right corner: drag to resize.
#[component]
pub fn ResizeGrip() -> impl IntoView {
    let room = expect_context::<RoomUi>();
    let tab_id = room.tab_id.clone();
    view! {
        <div class="overlay-grip" aria-hidden="true" title=t!("overlay-resize")
            on:mousedown=move |event: ev::MouseEvent| {
                if event.button() == 0 {
                    event.prevent_default();
                    gesture(tab_id.clone(), OverlayGesture::Resize);
                }
            }></div>
    }
}
