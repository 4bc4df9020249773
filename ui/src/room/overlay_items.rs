//! The room menu's overlay items in the main window: pin or unpin the room's overlay, and
//! take clicks back from a click-through overlay (the way back where no hotkey works).

use chatdeck_ipc::command::{PinTab, SetOverlay, UnpinTab};
use leptos::prelude::*;

use super::ui::RoomUi;
use crate::context::{call, call_with, chat};
use crate::desktop::PlatformState;
use crate::i18n::t;
use crate::store::{ChatStoreFields, TabStateStoreFields};

/// The items.
#[component]
pub fn OverlayMenuItems(
    /// Closes the menu.
    close_menu: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let store = chat();
    let ui = expect_context::<RoomUi>();
    let platform = expect_context::<PlatformState>().0;
    let room_arn = StoredValue::new(ui.tab.room_arn().get_untracked());
    let tab_id = StoredValue::new(ui.tab_id.clone());
    let overlay = Memo::new(move |_| {
        store
            .settings()
            .with(|settings| settings.overlay(&room_arn.get_value()))
    });
    let toggle = {
        let close_menu = close_menu.clone();
        move |_| {
            let tab_id = tab_id.get_value();
            if overlay.get_untracked().pinned {
                call(UnpinTab { tab_id }, |()| {});
            } else {
                call(PinTab { tab_id }, |()| {});
            }
            close_menu();
        }
    };
    let take_back = move |_| {
        let mut next = overlay.get_untracked();
        next.click_through = false;
        call_with(
            SetOverlay {
                tab_id: tab_id.get_value(),
                overlay: next,
            },
            move |result| match result {
                Ok(saved) => store.settings().set(saved),
                Err(error) => store.error().set(Some(crate::i18n::say(&error.words))),
            },
        );
        close_menu();
    };
    let note = move || {
        platform
            .get()
            .filter(|platform| !platform.always_on_top)
            .map(|platform| platform.notes.join(" "))
            .unwrap_or_default()
    };
    view! {
        <button role="menuitemcheckbox" data-testid="pin-tab" aria-checked=move || overlay.get().pinned.to_string()
            title=note on:click=toggle>
            <span class="check">{move || if overlay.get().pinned { "✓" } else { "" }}</span>
            {t!("room-menu-overlay-pinned")}
        </button>
        <Show when=move || overlay.get().pinned && overlay.get().click_through>
            <button role="menuitem" data-testid="overlay-take-back" on:click=take_back.clone()>
                <span class="check"></span>{t!("room-menu-overlay-take-back")}
            </button>
        </Show>
    }
}
