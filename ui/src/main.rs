//! The Chatdeck user interface: a Leptos client-side app in the Tauri webview.
//!
//! It renders what the shell reports and sends the user's intents back; it never decides a
//! message's state or sees a secret. User text reaches the DOM only as text nodes.
//!
//! # Layout
//!
//! - [`ipc`]: the typed bridge to the shell (`invoke` with errors caught, the event channel).
//! - [`store`]: the keyed store and `apply`, the only way events change it.
//! - [`context`]: context newtypes and the command helper.
//! - [`app`]: the root: subscribe, snapshot, layout, global shortcuts.
//! - [`tabs`]: the tab strip.
//! - [`stage`]: the room in front, or rooms side by side (split view).
//! - [`room`]: one room: header and badge, message list and rows, composer, user card,
//!   moderation log.
//! - [`profiles`]: opening a room, managing profiles.
//! - [`settings`]: the look settings give the window, and the settings dialog.
//! - [`mentions`]: highlighted mentions, the announcer's live region, the Mentions view.
//! - [`overlay`]: the pinned overlay window of a room.
//! - [`desktop`]: which window this is, focus reports, what the platform allows.
//! - [`i18n`]: the language the UI speaks, and `t!`, its words from the catalogues.
//! - [`a11y`]: keyboard operation of the tab strip, the message list and menus.
//! - [`live_list`]: the keyed list of live rows (a room's messages), freed row by row.
//! - [`probe`]: sizes of what the UI holds, for the load benchmark.
//! - [`search`]: search across rooms and sessions, opening a room at a hit.
//! - [`console`]: the room console over a profile's control plane.

mod a11y;
mod app;
mod clear_history;
mod console;
mod context;
mod desktop;
mod i18n;
mod invite;
mod ipc;
mod live_list;
mod mentions;
mod overlay;
mod probe;
mod profiles;
mod room;
mod search;
mod settings;
mod stage;
mod store;
mod tabs;
mod time;
mod zoom;

fn main() {
    console_error_panic_hook::set_once();
    // The language comes first: every word the app says is in it.
    wasm_bindgen_futures::spawn_local(async {
        i18n::choose().await;
        leptos::mount::mount_to_body(app::App);
    });
}
