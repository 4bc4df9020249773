//! The real desktop app in a real window (WebKitGTK), driven through tauri-driver.

mod support;

use support::webdriver::{find, screenshot, test_id, wait_for_text};
use support::window::Window;

#[tokio::test(flavor = "multi_thread")]
async fn the_window_runs_the_ui_and_the_event_channel() {
    let window = Window::open().await;
    let client = &window.client;
    let version = wait_for_text(client, test_id("app-version"), |text| {
        text.starts_with("Chatdeck ")
    })
    .await;
    assert_eq!(version, format!("Chatdeck {}", env!("CARGO_PKG_VERSION")));

    find(client, test_id("ping"))
        .await
        .click()
        .await
        .expect("click ping");
    let event = wait_for_text(client, test_id("last-event"), |text| {
        text.starts_with("event #")
    })
    .await;
    assert_eq!(event, "event #1: hello from the UI");
    screenshot(client, "window-slice").await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_csp_stops_an_injected_inline_script() {
    let window = Window::open().await;
    let client = &window.client;
    find(client, test_id("app-version")).await;
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
