//! Chatdeck's words, in English and Brazilian Portuguese.
//!
//! The catalogues are Fluent files under `locales/<language>/<area>.ftl`, compiled into the
//! binary, one area per part of the app. The shell and the UI read the same catalogues: the
//! shell says its tray menu, notifications and dialog titles with them, and sends everything
//! else the UI shows as [`Words`] (a message id and its arguments), never as English prose, so
//! what was said earlier reads right after the language changes.
//!
//! - [`language`]: the languages, and choosing one from the system's preferences.
//! - [`catalogue`]: the compiled catalogues, and saying a message.
//! - [`words`]: a message id with arguments, as it crosses IPC.
//! - [`number`]: numbers as each language writes them.

pub mod catalogue;
pub mod language;
pub mod number;
pub mod words;

pub use catalogue::{Args, text, text_with};
pub use language::Language;
pub use words::{Word, Words};
