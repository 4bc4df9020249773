//! One tab of the strip.

use leptos::prelude::*;
use reactive_stores::Field;

use super::actions::{activate, close};
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
        Memo::new(move |_| store.active().get().as_ref() == Some(&id))
    };
    let state = move || tab.connection().read().state.as_str();
    let activate_id = id.clone();
    let close_id = id.clone();
    view! {
        <div class="tab" class:active=move || active.get() role="presentation" data-testid="tab" data-tab-id=id.to_string()
            data-active=move || active.get().to_string()
            title=move || format!("{} — {}", tab.room_name().get(), tab.profile_name().get())>
            // The roving tab stop: only the tab in front is in the Tab order; arrows move
            // between tabs (see `a11y`), Delete closes one.
            <button class="tab-label" role="tab" aria-selected=move || active.get().to_string()
                tabindex=move || if active.get() { "0" } else { "-1" }
                on:keydown={
                    let close_id = close_id.clone();
                    move |event: leptos::ev::KeyboardEvent| if event.key() == "Delete" {
                        event.prevent_default();
                        close(store, close_id.clone());
                    }
                }
                on:click=move |_| activate(store, activate_id.clone())>
                <span class="dot" data-state=state aria-hidden="true"></span>
                <span class="tab-name">{move || tab.room_name().get()}</span>
                <Show when=move || { !active.get() && tab.mentions().get() > 0 }>
                    <span class="mention-count" data-testid="tab-mentions" title="Mentions">
                        "@" {move || unread_label(tab.mentions().get())}
                    </span>
                </Show>
                <Show when=move || { !active.get() && tab.unread().get() > 0 }>
                    <span class="unread" data-testid="tab-unread">{move || unread_label(tab.unread().get())}</span>
                </Show>
            </button>
            <button class="tab-close" data-testid="tab-close" aria-label="Close tab" title="Close (Ctrl+W)" tabindex="-1"
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
