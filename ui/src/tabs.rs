//! The tab strip and the keyboard shortcuts that move between tabs.
//!
//! - `strip.rs`: the strip with its open button.
//! - `tab_button.rs`: one tab.
//! - `actions.rs`: bringing a tab to the front, moving, closing one, the split view's panes.

mod actions;
mod strip;
mod tab_button;

pub use actions::{activate, close, leave_split, move_to, neighbour_pane, show_beside};
pub use strip::{TabDrag, TabStrip};

use chatdeck_ipc::model::TabId;
use leptos::ev;
use leptos::prelude::*;
use reactive_stores::Store;

use crate::context::Dialog;
use crate::store::{Chat, ChatStoreFields};

/// Ctrl+T open, Ctrl+W close, Ctrl+Tab / Ctrl+Shift+Tab or Ctrl+PageDown / Ctrl+PageUp next /
/// previous, Ctrl+Shift+PageUp / PageDown move the tab left / right, Ctrl+1..9 the n-th tab,
/// Ctrl+Alt+arrows the split view's next pane, Ctrl+, settings, Ctrl+Shift+M mentions, Ctrl+F
/// search, Ctrl + / − / 0 zoom (Cmd for Ctrl on macOS).
/// The listener is removed when the root goes away.
pub fn shortcuts(store: Store<Chat>, dialog: RwSignal<Dialog>) {
    let platform = use_context::<crate::desktop::PlatformState>();
    let handle = window_event_listener(ev::keydown, move |event| {
        // Cmd stands for Ctrl on macOS, except in Ctrl+Tab, which stays Ctrl there as in its
        // browsers.
        let macos = platform.is_some_and(|platform| {
            platform
                .0
                .with_untracked(|info| info.as_ref().is_some_and(|info| info.session == "macos"))
        });
        let (command, other) = if macos && event.key() != "Tab" {
            (event.meta_key(), event.ctrl_key())
        } else {
            (event.ctrl_key(), event.meta_key())
        };
        if command && !other && event.alt_key() {
            // Ctrl+Alt+arrows: the pane left or right of the one in front (split view).
            let step = match event.key().as_str() {
                "ArrowLeft" | "ArrowUp" => -1,
                "ArrowRight" | "ArrowDown" => 1,
                _ => return,
            };
            if neighbour_pane(store, step).is_some() {
                event.prevent_default();
                // Once the pane in front is drawn as such.
                request_animation_frame(crate::a11y::focus_composer);
            }
            return;
        }
        if !command || other || event.alt_key() {
            return;
        }
        let ids: Vec<TabId> = store
            .tabs()
            .with_untracked(|tabs| tabs.iter().map(|tab| tab.id.clone()).collect());
        let current = store
            .active()
            .get_untracked()
            .and_then(|active| ids.iter().position(|id| *id == active));
        let key = event.key();
        let handled = match key.as_str() {
            "," => {
                dialog.set(Dialog::Settings);
                true
            }
            "m" | "M" if event.shift_key() => {
                dialog.set(Dialog::Mentions);
                true
            }
            "t" | "T" => {
                dialog.set(Dialog::OpenRoom);
                true
            }
            zoom if crate::zoom::Change::from_key(zoom).is_some() => {
                if let Some(change) = crate::zoom::Change::from_key(zoom) {
                    crate::zoom::change(store, change);
                }
                true
            }
            "f" | "F" => {
                dialog.set(Dialog::Search);
                true
            }
            "w" | "W" => {
                if let Some(index) = current {
                    close(store, ids[index].clone());
                }
                true
            }
            "Tab" if !ids.is_empty() => {
                let index = current.unwrap_or(0);
                let next = if event.shift_key() {
                    (index + ids.len() - 1) % ids.len()
                } else {
                    (index + 1) % ids.len()
                };
                activate(store, ids[next].clone());
                true
            }
            "PageUp" | "PageDown" if !ids.is_empty() => {
                let index = current.unwrap_or(0);
                let later = key == "PageDown";
                if event.shift_key() {
                    let to = if later {
                        index + 1
                    } else {
                        index.saturating_sub(1)
                    };
                    move_to(store, ids[index].clone(), to);
                } else {
                    let next = if later {
                        (index + 1) % ids.len()
                    } else {
                        (index + ids.len() - 1) % ids.len()
                    };
                    activate(store, ids[next].clone());
                }
                true
            }
            digit if digit.len() == 1 && ("1"..="9").contains(&digit) => {
                let n = digit.parse::<usize>().unwrap_or(1);
                // Ctrl+9 is the last tab, as in browsers.
                let index = if n == 9 {
                    ids.len().saturating_sub(1)
                } else {
                    n - 1
                };
                if let Some(id) = ids.get(index) {
                    activate(store, id.clone());
                }
                true
            }
            _ => false,
        };
        if handled {
            event.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}
