//! Errors across IPC: always `{ kind, message, words }`, never a bare string.

use chatdeck_l10n::Words;
use serde::{Deserialize, Serialize};

pub use ivs_chat_protocol::control::FieldError;

/// What went wrong, as something the UI can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The request was invalid (a field, a state that does not allow it).
    Invalid,
    /// The thing asked for does not exist.
    NotFound,
    /// The network, a service or a token endpoint failed.
    Unavailable,
    /// The credentials or token were refused.
    Unauthorized,
    /// Something failed inside the app.
    Internal,
    /// The IPC bridge itself failed (the UI side could not call or decode).
    Bridge,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpcError {
    /// Category to branch on.
    pub kind: ErrorKind,
    /// The error in English, for logs and callers without a UI (never contains a secret).
    pub message: String,
    /// The error in words, for the UI to say in its language.
    pub words: Words,
    /// The fields at fault, when a control-plane request was refused (a ValidationException's
    /// `fieldList`, or the same check made before the call), so a form can mark them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl IpcError {
    /// An error of `kind` with `message`, said as it is (text already in the reader's
    /// language, or from outside Chatdeck); see [`IpcError::with_words`].
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            kind,
            words: Words::new("shell-as-is").with("text", message.as_str()),
            message,
            fields: Vec::new(),
        }
    }

    /// The same error, said with `words`.
    pub fn with_words(mut self, words: Words) -> Self {
        self.words = words;
        self
    }

    /// The same error, naming the fields at fault.
    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.fields = fields;
        self
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}
