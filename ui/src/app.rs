//! The root component: subscribes to the shell, loads the snapshot, lays out the window.

use std::cell::RefCell;
use std::rc::Rc;

use chatdeck_ipc::UiEvent;
use chatdeck_ipc::command::{GetSettings, Snapshot};
use leptos::prelude::*;
use leptos::task::spawn_local;
use reactive_stores::Store;

use crate::console::ConsoleDialog;
use crate::context::{ChatStore, Dialog, DialogState};
use crate::i18n::t;
use crate::invite::InviteDialog;
use crate::ipc::{self, Subscription};
use crate::mentions::{Announcer, MentionsDialog};
use crate::overlay::OverlayView;
use crate::profiles::{OpenRoomDialog, ProfilesDialog};
use crate::search::SearchDialog;
use crate::settings::SettingsDialog;
use crate::stage::Stage;
use crate::store::{Chat, ChatStoreFields, apply, load_snapshot};
use crate::tabs::{TabDrag, TabStrip, shortcuts};

/// The whole window.
#[component]
pub fn App() -> impl IntoView {
    let store = Store::new(Chat::default());
    provide_context(ChatStore(store));
    crate::context::register_root(store);
    let dialog = RwSignal::new(Dialog::Closed);
    provide_context(DialogState(dialog));
    let ready = RwSignal::new(false);

    // Dropping the subscription removes the listener; the owner drops it on cleanup.
    let subscription = StoredValue::new_local(None::<Subscription>);
    on_cleanup(move || subscription.set_value(None));
    spawn_local(async move {
        // Subscribe first, then ask for the snapshot; events that arrive in between wait
        // here and are applied after it (those it already covers are skipped by `apply`).
        let waiting: Rc<RefCell<Option<Vec<UiEvent>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let buffer = waiting.clone();
        let subscribed = ipc::subscribe(
            move |event| {
                let mut buffer = buffer.borrow_mut();
                match buffer.as_mut() {
                    Some(waiting) => waiting.push(event),
                    None => apply(store, event),
                }
            },
            move |error| store.error().set(Some(crate::i18n::say(&error.words))),
            // Behind by more than the shell keeps (the window was frozen): start over.
            move || spawn_local(load(store)),
        )
        .await;
        match subscribed {
            Ok(live) => subscription.set_value(Some(live)),
            Err(error) => {
                store.error().set(Some(crate::i18n::say(&error.words)));
                return;
            }
        }
        load(store).await;
        let waited = waiting.borrow_mut().take().unwrap_or_default();
        for event in waited {
            apply(store, event);
        }
        ready.set(true);
        // For the load bench's start-up figure (a User Timing mark, read by name).
        if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
            let _ = performance.mark("chatdeck-ready");
        }
    });

    crate::settings::apply_look(store);
    crate::i18n::follow(store, ready);
    crate::desktop::watch();
    if let Some(tab_id) = crate::desktop::pinned_tab() {
        // A pinned overlay window: the same store, one room, no tab strip.
        return view! { <OverlayView tab_id ready/> }.into_any();
    }
    crate::zoom::apply(store);
    shortcuts(store, dialog);
    crate::a11y::track_row_focus();
    crate::a11y::restore_focus_after_dialogs(dialog);
    provide_context(TabDrag(RwSignal::new(None)));

    view! {
        <div class="app" data-testid="app" data-ready=move || ready.get().to_string()>
            <TabStrip/>
            <Stage ready/>
            <ErrorBanner/>
            <Announcer/>
            <InviteDialog/>
            {move || match dialog.get() {
                Dialog::Closed => ().into_any(),
                Dialog::OpenRoom => view! { <OpenRoomDialog/> }.into_any(),
                Dialog::Profiles => view! { <ProfilesDialog/> }.into_any(),
                Dialog::Settings => view! { <SettingsDialog/> }.into_any(),
                Dialog::Mentions => view! { <MentionsDialog/> }.into_any(),
                Dialog::Search => view! { <SearchDialog/> }.into_any(),
                Dialog::Console => view! { <ConsoleDialog/> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

/// Loads the settings and the snapshot, asked together (at start-up the shell answers each
/// in tens of milliseconds while it connects the rooms). Both are asked after the
/// subscription: a change after either answer arrives as a newer event. Settings are applied
/// first, as the snapshot's rows read them.
async fn load(store: Store<Chat>) {
    let (settings, snapshot) = futures::join!(ipc::call(&GetSettings {}), ipc::call(&Snapshot {}));
    match settings {
        Ok(settings) => store.settings().set(settings),
        Err(error) => store.error().set(Some(crate::i18n::say(&error.words))),
    }
    match snapshot {
        Ok(snapshot) => load_snapshot(store, snapshot),
        Err(error) => store.error().set(Some(crate::i18n::say(&error.words))),
    }
}

/// The last error, until dismissed.
#[component]
fn ErrorBanner() -> impl IntoView {
    let store = expect_context::<ChatStore>().0;
    view! {
        <Show when=move || store.error().with(Option::is_some)>
            <div class="error-banner" role="alert" data-testid="error">
                <span>{move || store.error().get().unwrap_or_default()}</span>
                <button class="ghost" aria-label=t!("app-error-dismiss") on:click=move |_| store.error().set(None)>"×"</button>
            </div>
        </Show>
    }
}
