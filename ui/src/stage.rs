//! The stage under the tab strip: the room in front, or 2 to 4 rooms side by side (split
//! view), each pane its own room (header, list, composer); the pane with focus is the tab in
//! front. A tab dragged from the strip onto the stage's right edge is shown beside the rest.

use chatdeck_ipc::model::TabId;
use leptos::ev::DragEvent;
use leptos::prelude::*;

use crate::context::{ChatStore, Dialog, DialogState};
use crate::i18n::t;
use crate::room::RoomView;
use crate::store::{ChatStoreFields, panes};
use crate::tabs::{TabDrag, activate, show_beside};

/// The stage.
#[component]
pub fn Stage(
    /// Whether the first snapshot is in.
    ready: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<ChatStore>().0;
    let shown = Memo::new(move |_| panes(store));
    let split = move || shown.with(|shown| shown.len() > 1);
    view! {
        <main class="stage" class:split=split data-panes=move || shown.with(Vec::len).to_string()>
            <For each=move || shown.get() key=TabId::clone let:tab_id>
                <Pane tab_id split=Signal::derive(split)/>
            </For>
            <Show when=move || shown.with(Vec::is_empty)>
                <Empty ready/>
            </Show>
            <SplitDrop/>
        </main>
    }
}

/// One room of the stage. Focus arriving in a pane of a split view brings its tab to front.
#[component]
fn Pane(tab_id: TabId, split: Signal<bool>) -> impl IntoView {
    let store = expect_context::<ChatStore>().0;
    let front = {
        let tab_id = tab_id.clone();
        Memo::new(move |_| store.active().get().as_ref() == Some(&tab_id))
    };
    let take_front = {
        let tab_id = tab_id.clone();
        move || {
            if split.get_untracked() && !front.get_untracked() {
                activate(store, tab_id.clone());
            }
        }
    };
    let label = tab_id.to_string();
    view! {
        <div class="pane" data-testid=move || if split.get() { "split-pane" } else { "pane" }
            data-tab-id=label data-front=move || front.get().to_string()
            on:focusin={
                let take_front = take_front.clone();
                move |_| take_front()
            }
            on:pointerdown=move |_| take_front()>
            <RoomView tab_id/>
        </div>
    }
}

/// The stage's right edge while a tab is dragged from the strip: dropped there, the tab is
/// shown beside the room(s) shown now.
#[component]
fn SplitDrop() -> impl IntoView {
    let store = expect_context::<ChatStore>().0;
    let dragging = expect_context::<TabDrag>().0;
    let over = RwSignal::new(false);
    let droppable = move || {
        dragging.with(|dragged| {
            dragged.as_ref().is_some_and(|dragged| {
                let shown = panes(store);
                !shown.contains(dragged) || shown.len() < 2
            })
        })
    };
    let on_over = move |event: DragEvent| {
        if dragging.with_untracked(Option::is_some) {
            event.prevent_default();
            over.set(true);
        }
    };
    let on_drop = move |event: DragEvent| {
        over.set(false);
        let Some(dragged) = dragging.get_untracked() else {
            return;
        };
        event.prevent_default();
        dragging.set(None);
        show_beside(store, dragged);
    };
    view! {
        <Show when=droppable>
            <div class="split-drop" class:over=move || over.get() data-testid="split-drop"
                on:dragover=on_over on:dragleave=move |_| over.set(false) on:drop=on_drop>
                <span>{t!("app-stage-show-beside")}</span>
            </div>
        </Show>
    }
}

/// The keys that open a room, as the button shows them (key names, the same in every
/// language).
const OPEN_ROOM_KEYS: &str = "Ctrl+T";

/// What the stage shows with no tab open.
#[component]
fn Empty(ready: RwSignal<bool>) -> impl IntoView {
    let dialog = expect_context::<DialogState>().0;
    view! {
        <div class="empty" data-testid="empty">
            <Show when=move || ready.get() fallback=|| view! { <p class="muted">{t!("app-stage-starting")}</p> }>
                <h2>{t!("app-stage-empty-title")}</h2>
                <p class="muted">{t!("app-stage-empty-hint")}</p>
                <button class="primary" on:click=move |_| dialog.set(Dialog::OpenRoom)>
                    {t!("app-stage-open-room")}
                    <kbd>{OPEN_ROOM_KEYS}</kbd>
                </button>
            </Show>
        </div>
    }
}
