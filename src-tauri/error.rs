//! The app's errors, and how they cross IPC.
//!
//! An error is words (a catalogue message and its arguments): the UI says them in its
//! language, and the English of the same words is the error's `message`, for logs and for
//! callers without a UI.

use chatdeck_ipc::{ErrorKind, IpcError};
use chatdeck_l10n::{Language, Words};

/// Everything that can fail behind a command.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request was invalid.
    #[error("{}", english(.0))]
    Invalid(Words),
    /// What the request names does not exist.
    #[error("{}", english(.0))]
    NotFound(Words),
    /// A service, endpoint or the network failed.
    #[error("{}", english(.0))]
    Unavailable(Words),
    /// Credentials or a token were refused.
    #[error("{}", english(.0))]
    Unauthorized(Words),
    /// Something failed inside the app.
    #[error("{}", english(.0))]
    Internal(Words),
    /// The control plane refused a request (or would have: the same check made before the
    /// call), naming the fields at fault.
    #[error("{}", english(.message))]
    Refused {
        /// The refusal in words.
        message: Words,
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

fn english(words: &Words) -> String {
    words.say(Language::English)
}

/// Text from outside Chatdeck (a service's or the system's message), said as it came.
pub fn as_is(text: impl Into<String>) -> Words {
    Words::new("shell-as-is").with("text", text.into())
}

impl AppError {
    /// The error in words, for the UI to say.
    pub fn words(&self) -> Words {
        match self {
            AppError::Invalid(words)
            | AppError::NotFound(words)
            | AppError::Unavailable(words)
            | AppError::Unauthorized(words)
            | AppError::Internal(words)
            | AppError::Refused { message: words, .. } => words.clone(),
            AppError::Io(error) => {
                Words::new("shell-error-data-dir").with("error", error.to_string())
            }
            AppError::History(error) => error.words(),
            AppError::Secret(error) => error.words(),
        }
    }
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
        let words = error.words();
        IpcError::new(kind, error.to_string())
            .with_words(words)
            .with_fields(fields)
    }
}

impl From<ivs_chat_client::Error> for AppError {
    fn from(error: ivs_chat_client::Error) -> Self {
        use ivs_chat_client::Error;
        match error {
            Error::NotFailed => AppError::Invalid(Words::new("shell-error-not-failed")),
            Error::Disconnected => AppError::Invalid(Words::new("shell-error-room-disconnected")),
            Error::Stopped => AppError::Unavailable(Words::new("shell-error-room-stopped")),
            // The engine's problem with an endpoint, said as the engine says it.
            Error::InvalidEndpoint { input, problem } => AppError::Unavailable(
                Words::new("shell-error-invalid-endpoint")
                    .with("input", format!("{input:?}"))
                    .with("problem", problem),
            ),
            // A token endpoint's or the network's failure, said as it came.
            Error::Token(error) => AppError::Unavailable(as_is(error.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_its_words_and_keeps_its_english_message() {
        let error = AppError::NotFound(Words::new("shell-error-no-tab").with("tab", "\"t1\""));
        assert_eq!(error.to_string(), "no tab \"t1\"");
        let ipc = IpcError::from(error);
        assert_eq!(ipc.kind, ErrorKind::NotFound);
        assert_eq!(ipc.message, "no tab \"t1\"");
        assert_eq!(ipc.words.say(Language::English), ipc.message);
        assert_eq!(
            ipc.words.say(Language::PortugueseBrazil),
            "não há aba \"t1\""
        );
        let io = IpcError::from(AppError::Io(std::io::Error::other("disk full")));
        assert_eq!(io.message, "data directory: disk full");
        assert_eq!(io.words.say(Language::English), io.message);
    }
}
