//! The Chatdeck user interface: a Leptos client-side app in the Tauri webview.
//!
//! It renders what the shell reports and sends the user's intents back; it never decides a
//! message's state or sees a secret.
//!
//! # Layout
//!
//! - [`ipc`]: the typed bridge to the shell (`invoke` with errors caught, the event channel).
//! - [`app`]: the root component.

mod app;
mod ipc;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
