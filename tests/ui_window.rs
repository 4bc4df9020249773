//! The real desktop app in a real window (WebKitGTK), driven through tauri-driver: the
//! first run, a message round trip, a restart, the CSP, emoji drawn in color, and the web
//! process's heap sizing.

mod support;

#[path = "ui_window/desktop.rs"]
mod desktop;
#[path = "ui_window/emoji.rs"]
mod emoji;
#[path = "ui_window/instance.rs"]
mod instance;
#[path = "ui_window/language.rs"]
mod language;
#[path = "ui_window/overlay.rs"]
mod overlay;
#[path = "ui_window/split.rs"]
mod split;
#[path = "ui_window/tray.rs"]
mod tray;
#[path = "ui_window/web_heap.rs"]
mod web_heap;

use support::webdriver::{find, row_script, screenshot, send_from_composer, test_id, wait_js};
use support::window::Window;

async fn connected(client: &fantoccini::Client) {
    wait_js(
        client,
        "const b = document.querySelector('[data-testid=connection-badge]'); return b ? b.dataset.state : null;",
        |state| state == "connected",
    )
    .await;
}

async fn demo_tab(client: &fantoccini::Client) {
    wait_js(
        client,
        "return [...document.querySelectorAll('[data-testid=tab]')].map(t => t.textContent).join('|');",
        |tabs| tabs.as_str().is_some_and(|tabs| tabs.contains("chatdeck-demo")),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_opens_the_demo_room_sends_and_restores_it_after_a_restart() {
    let window = Window::open().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    send_from_composer(client, "hello from the real window").await;
    wait_js(client, &row_script("hello from the real window"), |row| {
        row["state"] == "confirmed"
    })
    .await;
    screenshot(client, "window-demo-room").await;
    let home = window.close().await;

    let window = Window::open_with_home(home).await;
    let client = &window.client;
    demo_tab(client).await;
    let restored = wait_js(client, &row_script("hello from the real window"), |row| {
        !row.is_null()
    })
    .await;
    assert_eq!(restored["state"], "confirmed");
    screenshot(client, "window-restored").await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_csp_stops_an_injected_inline_script() {
    let window = Window::open().await;
    let client = &window.client;
    find(client, test_id("tab-strip")).await;
    // Insert an inline <script> the way an HTML injection would; the CSP must refuse to run it.
    let ran = client
        .execute(
            "const script = document.createElement('script');
             script.textContent = 'window.__injected = true;';
             document.body.appendChild(script);
             return window.__injected === true;",
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(
        ran,
        serde_json::Value::Bool(false),
        "an injected inline script ran"
    );
    window.close().await;
}
