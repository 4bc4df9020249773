//! One tab of the strip; dragged onto another tab, it takes that tab's place.

use chatdeck_ipc::model::TabId;
use leptos::ev::DragEvent;
use leptos::prelude::*;
use reactive_stores::Field;

use super::actions::{activate, close, move_to};
use crate::context::ChatStore;
use crate::i18n::t;
use crate::store::{ChatStoreFields, TabState, TabStateStoreFields};

/// A tab: room name, connection dot, unread count, close button.
#[component]
pub fn TabButton(
    /// The tab's field in the store.
    #[prop(into)]
    tab: Field<TabState>,
    /// The tab being dragged in the strip, if any.
    dragging: RwSignal<Option<TabId>>,
) -> impl IntoView {
    let store = expect_context::<ChatStore>().0;
    let id = tab.id().get_untracked();
    let active = {
        let id = id.clone();
        Memo::new(move |_| store.active().get().as_ref() == Some(&id))
    };
    // Shown in a pane of the split view (beside the tab in front).
    let paned = {
        let id = id.clone();
        move || store.split().with(|split| split.contains(&id))
    };
    let state = move || tab.connection().read().state.as_str();
    let activate_id = id.clone();
    let close_id = id.clone();
    let drag = drag_handlers(store, id.clone(), dragging);
    let drop_here = {
        let id = id.clone();
        move || dragging.with(|dragged| dragged.as_ref().is_some_and(|dragged| *dragged != id))
    };
    view! {
        <div class="tab" class:active=move || active.get() class:paned=paned role="presentation" data-testid="tab" data-tab-id=id.to_string()
            draggable="true" class:drop-target=drop_here on:dragstart=drag.start on:dragover=drag.over
            on:drop=drag.drop on:dragend=move |_| dragging.set(None)
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
                    <span class="mention-count" data-testid="tab-mentions" title=t!("tabs-tab-mentions-title")>
                        "@" {move || unread_label(tab.mentions().get())}
                    </span>
                </Show>
                <Show when=move || { !active.get() && tab.unread().get() > 0 }>
                    <span class="unread" data-testid="tab-unread">{move || unread_label(tab.unread().get())}</span>
                </Show>
            </button>
            <button class="tab-close" data-testid="tab-close" aria-label=t!("tabs-close") title=t!("tabs-close-title") tabindex="-1"
                on:click=move |_| close(store, close_id.clone())>"×"</button>
        </div>
    }
}

/// What a tab does when dragged, and when another tab is dragged over it or dropped on it.
struct DragHandlers<S, O, D> {
    start: S,
    over: O,
    drop: D,
}

fn drag_handlers(
    store: reactive_stores::Store<crate::store::Chat>,
    id: TabId,
    dragging: RwSignal<Option<TabId>>,
) -> DragHandlers<impl Fn(DragEvent), impl Fn(DragEvent), impl Fn(DragEvent)> {
    let start = {
        let id = id.clone();
        move |event: DragEvent| {
            if let Some(transfer) = event.data_transfer() {
                transfer.set_effect_allowed("move");
                // Some engines start a drag only when it carries data: the tab's id, which
                // means nothing outside the strip.
                let _ = transfer.set_data("text/plain", id.as_ref());
            }
            dragging.set(Some(id.clone()));
        }
    };
    // Only a tab of this strip may be dropped here (not text or files).
    let over = move |event: DragEvent| {
        if dragging.with_untracked(Option::is_some) {
            event.prevent_default();
        }
    };
    let drop = move |event: DragEvent| {
        let Some(dragged) = dragging.get_untracked() else {
            return;
        };
        event.prevent_default();
        dragging.set(None);
        let target = store
            .tabs()
            .with_untracked(|tabs| tabs.iter().position(|tab| tab.id == id));
        if let Some(index) = target {
            move_to(store, dragged, index);
        }
    };
    DragHandlers { start, over, drop }
}

fn unread_label(count: u32) -> String {
    if count > 99 {
        "99+".into()
    } else {
        count.to_string()
    }
}
