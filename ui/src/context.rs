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
}

/// The open dialog.
#[derive(Debug, Clone, Copy)]
pub struct DialogState(pub RwSignal<Dialog>);

/// The store from context.
pub fn chat() -> Store<Chat> {
    expect_context::<ChatStore>().0
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
            Err(error) => store.error().set(Some(error.message)),
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
