//! The tab strip.

use chatdeck_ipc::model::TabId;
use leptos::prelude::*;

use super::tab_button::TabButton;
use crate::context::{ChatStore, Dialog, DialogState};
use crate::store::ChatStoreFields;

/// The tab being dragged, while it is: dropped on another tab it moves there, dropped on
/// the stage's edge it is shown beside the room there.
#[derive(Debug, Clone, Copy)]
pub struct TabDrag(pub RwSignal<Option<TabId>>);

/// Every open tab, in order, and the button that opens another.
#[component]
pub fn TabStrip() -> impl IntoView {
    let store = expect_context::<ChatStore>().0;
    let dialog = expect_context::<DialogState>().0;
    // The tab being dragged to a new place in the strip (or beside the room shown), while it
    // is.
    let dragging = expect_context::<TabDrag>().0;
    view! {
        <header class="tab-strip">
            <div class="brand" aria-hidden="true">"◆ Chatdeck"</div>
            <nav class="tabs" role="tablist" aria-label="Rooms" data-testid="tab-strip" on:keydown=crate::a11y::tablist_keys>
                <For each=move || store.tabs() key=|tab| tab.read().id.clone() let:tab>
                    <TabButton tab dragging/>
                </For>
            </nav>
            <button class="tab-add" data-testid="tab-open" title="Open a room (Ctrl+T)" aria-label="Open a room"
                on:click=move |_| dialog.set(Dialog::OpenRoom)>"+"</button>
            <div class="strip-tools">
            <button class="ghost profiles-button" data-testid="profiles-open" title="Profiles"
                on:click=move |_| dialog.set(Dialog::Profiles)>"Profiles"</button>
            <button class="ghost strip-button" data-testid="search-open" title="Search every room's history (Ctrl+F)"
                on:click=move |_| dialog.set(Dialog::Search)>"Search"</button>
            <button class="ghost strip-button" data-testid="console-open" title="Room console: create and configure rooms"
                on:click=move |_| dialog.set(Dialog::Console)>"Console"</button>
            <button class="ghost strip-button" data-testid="mentions-open" title="Mentions in every room (Ctrl+Shift+M)"
                on:click=move |_| dialog.set(Dialog::Mentions)>"@ Mentions"</button>
            <button class="ghost strip-button" data-testid="settings-open" title="Settings (Ctrl+,)"
                on:click=move |_| dialog.set(Dialog::Settings)>"Settings"</button>
            </div>
        </header>
    }
}
