//! The real UI in headless Chromium over the real app layer (through the test bridge),
//! against the app's embedded `ivs-chat-local`: every message here crosses real sockets.

mod support;

#[path = "ui_browser/accessibility.rs"]
mod accessibility;
#[path = "ui_browser/badges.rs"]
mod badges;
#[path = "ui_browser/chatters.rs"]
mod chatters;
#[path = "ui_browser/completion.rs"]
mod completion;
#[path = "ui_browser/console.rs"]
mod console;
#[path = "ui_browser/context_menu.rs"]
mod context_menu;
#[path = "ui_browser/delay.rs"]
mod delay;
#[path = "ui_browser/density.rs"]
mod density;
#[path = "ui_browser/emoji.rs"]
mod emoji;
#[path = "ui_browser/emoji_picker.rs"]
mod emoji_picker;
#[path = "ui_browser/faults.rs"]
mod faults;
#[path = "ui_browser/filters.rs"]
mod filters;
#[path = "ui_browser/fit.rs"]
mod fit;
#[path = "ui_browser/health.rs"]
mod health;
#[path = "ui_browser/history_invites.rs"]
mod history_invites;
#[path = "ui_browser/hostile.rs"]
mod hostile;
#[path = "ui_browser/language.rs"]
mod language;
#[path = "ui_browser/links.rs"]
mod links;
#[path = "ui_browser/many_tabs.rs"]
mod many_tabs;
#[path = "ui_browser/memory.rs"]
mod memory;
#[path = "ui_browser/messages.rs"]
mod messages;
#[path = "ui_browser/moderation.rs"]
mod moderation;
#[path = "ui_browser/replies.rs"]
mod replies;
#[path = "ui_browser/search.rs"]
mod search;
#[path = "ui_browser/settings.rs"]
mod settings;
#[path = "ui_browser/split.rs"]
mod split;
#[path = "ui_browser/streamer.rs"]
mod streamer;
#[path = "ui_browser/tab_order.rs"]
mod tab_order;
#[path = "ui_browser/tabs.rs"]
mod tabs;

use std::time::Duration;

use chatdeck_ipc::command::{OpenTab, SaveProfile, SecretChange, Snapshot};
use chatdeck_ipc::model::{
    Capability as UiCapability, ConnectionState, ProfileKind, ProfileSettings, TabId,
};
use fantoccini::Locator;
use ivs_chat_client::Update;
use ivs_chat_protocol::{Attributes, Capability};
use serde_json::Value;
use support::bridge::Bridge;
use support::browser::Browser;
use support::fixture::{ReviewHandler, config, create_room, other_client, token_url, wait_for};
use support::webdriver::{
    click_on, find, key_script, row_script, screenshot, send_from_composer, test_id, wait_for_text,
    wait_js,
};

/// The badge's state, once it matches.
pub(crate) async fn badge(client: &fantoccini::Client, state: &str) -> String {
    let script = "const b = document.querySelector('[data-testid=connection-badge]'); return b ? b.dataset.state + '|' + b.textContent : null;";
    let value = wait_js(client, script, |value| {
        value
            .as_str()
            .is_some_and(|text| text.starts_with(&format!("{state}|")))
    })
    .await;
    value.as_str().unwrap_or_default().to_owned()
}

pub(crate) async fn row(
    client: &fantoccini::Client,
    content: &str,
    predicate: impl Fn(&Value) -> bool,
) -> Value {
    wait_js(client, &row_script(content), |value| {
        !value.is_null() && predicate(value)
    })
    .await
}

/// Opens a tab on the local profile and waits for its connection: the service keeps no
/// backlog, so only what is sent after that reaches the tab.
pub(crate) async fn open_tab(bridge: &Bridge, arn: &str) -> TabId {
    let id = bridge
        .app
        .tabs()
        .open_tab(OpenTab {
            profile_id: "local".into(),
            room_arn: arn.into(),
        })
        .await
        .expect("open the tab")
        .id;
    let deadline = tokio::time::Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let snapshot = bridge.app.snapshot(Snapshot {}).await.expect("snapshot");
        let state = snapshot
            .tabs
            .iter()
            .find(|tab| tab.id == id)
            .map(|tab| tab.connection.state);
        if state == Some(ConnectionState::Connected) {
            return id;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the tab on {arn} never connected: {state:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Presses `keys` on whatever has focus.
pub(crate) async fn keys(client: &fantoccini::Client, keys: &str) {
    client
        .active_element()
        .await
        .expect("the focused element")
        .send_keys(keys)
        .await
        .expect("keys");
}

pub(crate) async fn click(client: &fantoccini::Client, id: &str) {
    click_on(client, test_id(id)).await;
}
