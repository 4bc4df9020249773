//! The app's errors, and how they cross IPC.

use chatdeck_ipc::{ErrorKind, IpcError};

/// Everything that can fail behind a command.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request was invalid.
    #[error("{0}")]
    Invalid(String),
}

impl From<AppError> for IpcError {
    fn from(error: AppError) -> Self {
        let kind = match &error {
            AppError::Invalid(_) => ErrorKind::Invalid,
        };
        IpcError::new(kind, error.to_string())
    }
}
