//! Chatdeck: a desktop chat client for Amazon IVS Chat rooms.
//!
//! # Layout
//!
//! - [`app`]: the app without a window: commands' behaviour, sessions, history, profiles,
//!   events. No `tauri` here.
//! - [`shell`]: the thin Tauri layer: command handlers, the window event sink, directories.
//!   The only module that imports `tauri`.
//! - [`logging`]: the rotating log file.
//! - [`error`]: the app's error type and its `{ kind, message }` form for the UI.

pub mod app;
pub mod error;
pub mod logging;
pub mod shell;

pub use shell::run;
