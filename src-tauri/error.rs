//! The app's errors, and how they cross IPC.

use chatdeck_ipc::{ErrorKind, IpcError};

/// Everything that can fail behind a command.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request was invalid.
    #[error("{0}")]
    Invalid(String),
    /// What the request names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A service, endpoint or the network failed.
    #[error("{0}")]
    Unavailable(String),
    /// Credentials or a token were refused.
    #[error("{0}")]
    Unauthorized(String),
    /// Something failed inside the app.
    #[error("{0}")]
    Internal(String),
    /// The control plane refused a request (or would have: the same check made before the
    /// call), naming the fields at fault.
    #[error("{message}")]
    Refused {
        /// The refusal in words.
        message: String,
        /// The fields at fault (a ValidationException's `fieldList`).
        fields: Vec<chatdeck_ipc::error::FieldError>,
    },
    /// A file of the data directory could not be read or written.
    #[error("data directory: {0}")]
    Io(#[from] std::io::Error),
    /// The history database failed.
    #[error(transparent)]
    History(#[from] crate::app::history::HistoryError),
    /// The keychain failed.
    #[error(transparent)]
    Secret(#[from] crate::app::secrets::SecretError),
}

impl From<AppError> for IpcError {
    fn from(error: AppError) -> Self {
        let kind = match &error {
            AppError::Invalid(_) | AppError::Refused { .. } => ErrorKind::Invalid,
            AppError::NotFound(_) => ErrorKind::NotFound,
            AppError::Unavailable(_) => ErrorKind::Unavailable,
            AppError::Unauthorized(_) => ErrorKind::Unauthorized,
            AppError::Internal(_)
            | AppError::Io(_)
            | AppError::History(_)
            | AppError::Secret(_) => ErrorKind::Internal,
        };
        let fields = match &error {
            AppError::Refused { fields, .. } => fields.clone(),
            _ => Vec::new(),
        };
        IpcError::new(kind, error.to_string()).with_fields(fields)
    }
}

impl From<ivs_chat_client::Error> for AppError {
    fn from(error: ivs_chat_client::Error) -> Self {
        match error {
            ivs_chat_client::Error::NotFailed | ivs_chat_client::Error::Disconnected => {
                AppError::Invalid(error.to_string())
            }
            other => AppError::Unavailable(other.to_string()),
        }
    }
}
