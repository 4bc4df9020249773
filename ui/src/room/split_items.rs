//! The room menu's split-view items: show another open tab beside this room (up to four
//! rooms side by side), or take this room's pane out of the split view.

use chatdeck_ipc::model::TabId;
use chatdeck_ipc::split::MAX_PANES;
use leptos::prelude::*;

use super::ui::RoomUi;
use crate::context::chat;
use crate::i18n::t;
use crate::store::{ChatStoreFields, panes};
use crate::tabs::{leave_split, show_beside};

/// The items.
#[component]
pub fn SplitMenuItems(
    /// Closes the menu.
    close_menu: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let store = chat();
    let tab_id = StoredValue::new(expect_context::<RoomUi>().tab_id);
    let shown = Memo::new(move |_| panes(store));
    // Open tabs without a pane, in strip order, while there is room for one more.
    let others = move || -> Vec<(TabId, String)> {
        if shown.with(Vec::len) >= MAX_PANES {
            return Vec::new();
        }
        store.tabs().with(|tabs| {
            tabs.iter()
                .filter(|tab| !shown.with(|shown| shown.contains(&tab.id)))
                .map(|tab| (tab.id.clone(), tab.room_name.clone()))
                .collect()
        })
    };
    let in_split = move || shown.with(|shown| shown.len() > 1);
    let leave = {
        let close_menu = close_menu.clone();
        move |_| {
            close_menu();
            leave_split(store, &tab_id.get_value());
        }
    };
    view! {
        <div role="group" aria-label=t!("room-menu-show-beside-group") class="menu-group">
            {move || others().into_iter().map(|(other, name)| {
                let close_menu = close_menu.clone();
                view! {
                    <button role="menuitem" data-testid="split-add" data-tab-id=other.to_string()
                        on:click=move |_| {
                            close_menu();
                            show_beside(store, other.clone());
                        }>
                        <span class="check"></span>{t!("room-menu-show-beside", room = name)}
                    </button>
                }
            }).collect_view()}
            <Show when=in_split>
                <button role="menuitem" data-testid="split-leave" on:click=leave.clone()>
                    <span class="check"></span>{t!("room-menu-close-pane")} <kbd>{t!("room-menu-pane-keys")}</kbd>
                </button>
            </Show>
        </div>
    }
}
