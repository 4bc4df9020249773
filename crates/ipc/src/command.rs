//! Commands: one struct each, invoked by the UI and served by the shell.
//!
//! Every command takes exactly one argument named `request` (the struct), so the shell's
//! handler signature and the UI's `invoke` payload follow from the type alone.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// A command of the contract.
pub trait Command: Serialize + DeserializeOwned {
    /// The name the shell registers and the UI invokes.
    const NAME: &'static str;
    /// What the command returns on success.
    type Output: Serialize + DeserializeOwned;
}

/// The argument name every command takes (see the module docs).
pub const ARGUMENT: &str = "request";

/// Every command name, in the order the shell registers them. A test in the shell checks that
/// this list, `build.rs` and `generate_handler!` agree.
pub const NAMES: &[&str] = &[AppInfo::NAME, Ping::NAME];

/// Facts about the running app, for the title bar and the about box.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AppInfo {}

/// Output of [`AppInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfoOutput {
    /// Product name.
    pub name: String,
    /// Version of the app.
    pub version: String,
}

impl Command for AppInfo {
    const NAME: &'static str = "app_info";
    type Output = AppInfoOutput;
}

/// Asks the shell to answer through the event channel; proves the event path end to end.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ping {
    /// Echoed back in [`crate::UiEventBody::Pong`].
    pub text: String,
}

impl Command for Ping {
    const NAME: &'static str = "ping";
    type Output = ();
}
