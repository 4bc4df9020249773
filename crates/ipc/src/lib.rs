//! The contract between the Chatdeck shell (Rust, native) and its UI (Leptos, wasm32).
//!
//! Both sides compile this crate, so a command's name, arguments and output type, and the
//! shape of every event, cannot drift apart.
//!
//! # Layout
//!
//! - [`Command`]: one request struct per command, with its name and output type.
//! - [`command`]: the commands themselves; [`with_commands!`] lists them once, and
//!   [`command::NAMES`] (for the ACL) is generated from that list.
//! - [`event`]: the single event channel, [`event::UiEvent`] with its sequence number.
//! - [`id`]: tab ids, line keys and profile ids as types (bare strings on the wire).
//! - [`model`]: the view types (tabs, lines, profiles) commands and events carry.
//! - [`settings`]: the user's settings and their file format, with the checks both sides use.
//! - [`mention`]: which parts of a message name the user or a highlight word.
//! - [`invite`]: `chatdeck://join?…` invite links, checked before anything is done with one.
//! - [`link`]: which parts of a message are links, and which links may be opened.
//! - [`badge`]: roles and name colors from chat-token attributes.
//! - [`chatters`]: a room's recent chatters (traffic; IVS Chat has no presence).
//! - [`reply`]: which message a reply answers (the guide's `messageReplyId` attribute).
//! - [`split`]: rooms side by side in one window.
//! - [`search`]: search over the history, lines around a position, export as chat logs.
//! - [`console`]: the room console's commands over the control plane's own request shapes.
//! - [`health`]: a room's health strip, and the bulk purge with its progress.
//! - [`IpcError`]: how every failure crosses the bridge: `{ kind, message }`.
//! - [`l10n`]: the message catalogues; the shell sends [`l10n::Words`] (ids and arguments)
//!   and the UI says them in the user's language, so the catalogue is part of the contract.

/// Declares a request struct a command: `command!(Request => "name", Output);`. Defined before
/// the modules so every module declares its commands the same way.
macro_rules! command {
    ($request:ident => $name:literal, $output:ty) => {
        impl $crate::command::Command for $request {
            const NAME: &'static str = $name;
            type Output = $output;
        }
    };
}

/// The catalogues travel with the contract: words cross the bridge as message ids.
pub use chatdeck_l10n as l10n;

pub mod badge;
pub mod chatters;
pub mod command;
pub mod console;
pub mod error;
pub mod event;
pub mod health;
pub mod id;
pub mod invite;
pub mod link;
pub mod mention;
pub mod model;
pub mod reply;
pub mod search;
pub mod settings;
pub mod split;

pub use command::Command;
pub use error::{ErrorKind, IpcError};
pub use event::{EVENT_CHANNEL, UiEvent, UiEventBody};
