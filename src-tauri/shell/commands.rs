//! The commands of the IPC contract as Tauri handlers, each a thin call into the [`App`]
//! service that serves it.
//!
//! Every command takes one argument named `request` (`chatdeck_ipc::command::ARGUMENT`) and
//! returns `Result<Output, IpcError>`. The list comes from `chatdeck_ipc::with_commands!`.

use std::sync::Arc;

use chatdeck_ipc::{Command, IpcError};
use tauri::State;

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
            ) -> Result<<$request as Command>::Output, IpcError> {
                app.$service().$method(request).await.map_err(IpcError::from)
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
