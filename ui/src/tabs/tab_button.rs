//! One tab of the strip.

use leptos::prelude::*;
use reactive_stores::Field;

use super::{activate, close};
use crate::context::ChatStore;
use crate::store::{ChatStoreFields, TabState, TabStateStoreFields};

/// A tab: room name, connection dot, unread count, close button.
#[component]
pub fn TabButton(
    /// The tab's field in the store.
    #[prop(into)]
    tab: Field<TabState>,
) -> impl IntoView {
    let store = expect_context::<ChatStore>().0;
    let id = tab.id().get_untracked();
    let active = {
        let id = id.clone();
        Memo::new(move |_| store.active().get().as_deref() == Some(id.as_str()))
    };
    let state = move || tab.connection().read().state.as_str();
    let activate_id = id.clone();
    let close_id = id.clone();
    view! {
        <div class="tab" class:active=move || active.get() role="tab" data-testid="tab" data-tab-id=id.clone()
            data-active=move || active.get().to_string() aria-selected=move || active.get().to_string()
            title=move || format!("{} — {}", tab.room_name().get(), tab.profile_name().get())>
            <button class="tab-label" on:click=move |_| activate(store, activate_id.clone())>
                <span class="dot" data-state=state aria-hidden="true"></span>
                <span class="tab-name">{move || tab.room_name().get()}</span>
                <Show when=move || { !active.get() && tab.unread().get() > 0 }>
                    <span class="unread" data-testid="tab-unread">{move || unread_label(tab.unread().get())}</span>
                </Show>
            </button>
            <button class="tab-close" data-testid="tab-close" aria-label="Close tab" title="Close (Ctrl+W)"
                on:click=move |_| close(store, close_id.clone())>"×"</button>
        </div>
    }
}

fn unread_label(count: u32) -> String {
    if count > 99 {
        "99+".into()
    } else {
        count.to_string()
    }
}
