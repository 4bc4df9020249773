//! Calling a command by name with JSON, for transports other than Tauri's typed handlers
//! (the UI test bridge serves the real UI in a browser this way).

use chatdeck_ipc::{Command, ErrorKind, IpcError};
use serde_json::Value;

use super::App;

macro_rules! dispatch_table {
    ($($method:ident: $service:ident => $request:ty),* $(,)?) => {
        /// The names of the commands [`dispatch`] serves; a test compares it with the contract.
        pub const DISPATCHED: &[&str] = &[$(stringify!($method)),*];

        /// Runs the command `name` with its JSON `request` and returns its JSON output.
        pub async fn dispatch(app: &App, name: &str, request: Value) -> Result<Value, IpcError> {
            $(
                if name == <$request as Command>::NAME {
                    let request: $request = serde_json::from_value(request).map_err(|error| {
                        IpcError::new(ErrorKind::Invalid, format!("bad {name} request: {error}"))
                    })?;
                    let output = app.$service().$method(request).await.map_err(IpcError::from)?;
                    return serde_json::to_value(output)
                        .map_err(|error| IpcError::new(ErrorKind::Internal, error.to_string()));
                }
            )*
            Err(IpcError::new(ErrorKind::NotFound, format!("no command {name:?}")))
        }
    };
}

chatdeck_ipc::with_commands!(dispatch_table);
