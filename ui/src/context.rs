//! What components share through context, as newtypes, and the one way they call the shell.

use chatdeck_ipc::Command;
use leptos::prelude::*;
use leptos::task::spawn_local;
use reactive_stores::Store;

use crate::ipc;
use crate::store::{Chat, ChatStoreFields};

/// The app's store.
#[derive(Debug, Clone, Copy)]
pub struct ChatStore(pub Store<Chat>);

/// Which dialog is open over the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialog {
    /// None.
    #[default]
    Closed,
    /// Open a room in a new tab.
    OpenRoom,
    /// Manage profiles.
    Profiles,
    /// The settings.
    Settings,
    /// Mentions across rooms.
    Mentions,
    /// Search the history.
    Search,
    /// The room console.
    Console,
}

/// The open dialog.
#[derive(Debug, Clone, Copy)]
pub struct DialogState(pub RwSignal<Dialog>);

thread_local! {
    /// The root's store, for code that runs outside any component's reactive owner: a
    /// command's callback after its `await` (Leptos' `spawn_local` carries no owner, so
    /// context is not found there).
    static ROOT: std::cell::Cell<Option<Store<Chat>>> = const { std::cell::Cell::new(None) };
}

/// Makes `store` the one [`chat`] finds outside any component.
pub fn register_root(store: Store<Chat>) {
    ROOT.with(|root| root.set(Some(store)));
}

/// The root's store, once the root component has made it.
pub fn root() -> Option<Store<Chat>> {
    ROOT.with(std::cell::Cell::get)
}

/// The store: from context, or the root's when no component is running (a callback).
pub fn chat() -> Store<Chat> {
    use_context::<ChatStore>()
        .map(|store| store.0)
        .or_else(root)
        .unwrap_or_else(|| expect_context::<ChatStore>().0)
}

/// Calls a command in the background; `done` gets its output, and a failure is shown in the
/// error banner.
pub fn call<C>(request: C, done: impl FnOnce(C::Output) + 'static)
where
    C: Command + 'static,
{
    let store = chat();
    spawn_local(async move {
        match ipc::call(&request).await {
            Ok(output) => done(output),
            Err(error) => store.error().set(Some(crate::i18n::say(&error.words))),
        }
    });
}

/// Calls a command in the background and hands its whole result to `done`, for callers that
/// show the error in place.
pub fn call_with<C>(
    request: C,
    done: impl FnOnce(Result<C::Output, chatdeck_ipc::IpcError>) + 'static,
) where
    C: Command + 'static,
{
    spawn_local(async move { done(ipc::call(&request).await) });
}
