//! The commands of the IPC contract as Tauri handlers, each a thin call into the [`App`]
//! service that serves it.
//!
//! Every command takes one argument named `request` (`chatdeck_ipc::command::ARGUMENT`) and
//! returns `Result<Output, IpcError>`. The list comes from `chatdeck_ipc::with_commands!`.
//!
//! An output travels as its JSON text in a raw (`application/octet-stream`) answer, which the
//! UI decodes in its own memory (`ui/src/ipc.rs`). Returned as a value, Tauri's script would
//! parse it into JavaScript objects first and the UI would then walk those property by
//! property: per pulled batch of lines thousands of short-lived objects, for the web process's
//! garbage collector to sweep (a twentieth of that process's CPU under a busy room).

use std::sync::Arc;

use chatdeck_ipc::{Command, ErrorKind, IpcError};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Response;

use crate::app::App;

/// Declares each command once: the Tauri function, the handler that serves them all, and the
/// list of names a test compares with the contract.
macro_rules! tauri_commands {
    ($($method:ident: $service:ident => $request:ty),* $(,)?) => {
        $(
            #[tauri::command]
            async fn $method(
                request: $request,
                app: State<'_, Arc<App>>,
            ) -> Result<Response, IpcError> {
                let output: <$request as Command>::Output =
                    app.$service().$method(request).await.map_err(IpcError::from)?;
                raw_json(&output)
            }
        )*

        /// The names of the commands the shell serves, in registration order.
        pub const REGISTERED: &[&str] = &[$(stringify!($method)),*];

        /// The invoke handler serving every registered command.
        pub(super) fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($method),*]
        }
    };
}

chatdeck_ipc::with_commands!(tauri_commands);

/// `output` as a raw answer carrying its JSON text (see the module's documentation).
fn raw_json(output: &impl Serialize) -> Result<Response, IpcError> {
    serde_json::to_vec(output)
        .map(Response::new)
        .map_err(|error| IpcError::new(ErrorKind::Internal, error.to_string()))
}
