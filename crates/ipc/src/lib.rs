//! The contract between the Chatdeck shell (Rust, native) and its UI (Leptos, wasm32).
//!
//! Both sides compile this crate, so a command's name, arguments and output type, and the
//! shape of every event, cannot drift apart.
//!
//! # Layout
//!
//! - [`Command`]: one request struct per command, with its name and output type.
//! - [`command`]: the commands themselves and [`command::NAMES`], the list the shell registers.
//! - [`event`]: the single event channel, [`event::UiEvent`] with its sequence number.
//! - [`IpcError`]: how every failure crosses the bridge: `{ kind, message }`.

pub mod command;
pub mod error;
pub mod event;

pub use command::Command;
pub use error::{ErrorKind, IpcError};
pub use event::{EVENT_CHANNEL, UiEvent, UiEventBody};
