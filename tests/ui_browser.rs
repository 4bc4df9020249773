//! The real UI in headless Chromium, over the real app layer through the test bridge.

mod support;

use support::browser::Browser;
use support::webdriver::{find, screenshot, test_id, wait_for_text};

#[tokio::test(flavor = "multi_thread")]
async fn the_ui_shows_the_app_version_and_renders_a_shell_event() {
    let browser = Browser::open().await;
    let client = &browser.client;
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
    screenshot(client, "browser-slice").await;
    browser.close().await;
}
