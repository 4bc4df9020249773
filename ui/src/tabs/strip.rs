//! The tab strip.

use chatdeck_ipc::model::TabId;
use leptos::prelude::*;

use super::tab_button::TabButton;
use crate::context::{ChatStore, Dialog, DialogState};
use crate::i18n::t;
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
            <nav class="tabs" role="tablist" aria-label=t!("tabs-strip-label") data-testid="tab-strip" on:keydown=crate::a11y::tablist_keys>
                <For each=move || store.tabs() key=|tab| tab.read().id.clone() let:tab>
                    <TabButton tab dragging/>
                </For>
            </nav>
            <button class="tab-add" data-testid="tab-open" title=t!("tabs-open-title") aria-label=t!("tabs-open")
                on:click=move |_| dialog.set(Dialog::OpenRoom)>"+"</button>
            <div class="strip-tools">
            <button class="ghost profiles-button" data-testid="profiles-open" title=t!("tabs-profiles")
                on:click=move |_| dialog.set(Dialog::Profiles)>{t!("tabs-profiles")}</button>
            <button class="ghost strip-button" data-testid="search-open" title=t!("tabs-search-title")
                on:click=move |_| dialog.set(Dialog::Search)>{t!("tabs-search")}</button>
            <button class="ghost strip-button" data-testid="console-open" title=t!("tabs-console-title")
                on:click=move |_| dialog.set(Dialog::Console)>{t!("tabs-console")}</button>
            <button class="ghost strip-button" data-testid="mentions-open" title=t!("tabs-mentions-title")
                on:click=move |_| dialog.set(Dialog::Mentions)>{t!("tabs-mentions")}</button>
            <button class="ghost strip-button" data-testid="settings-open" title=t!("tabs-settings-title")
                on:click=move |_| dialog.set(Dialog::Settings)>{t!("tabs-settings")}</button>
            </div>
        </header>
    }
}
