//! The pinned overlay as a real second window of the desktop app (WebKitGTK through
//! tauri-driver, switching WebDriver window handles): opened from the room menu with its
//! settings applied, adjusted from its own controls, back after a restart; the global hotkey
//! ends click-through.

use std::time::{Duration, Instant};

use fantoccini::Client;
use fantoccini::wd::WindowHandle;

use super::*;

/// Waits until the app has `count` windows; returns their handles.
async fn windows(client: &Client, count: usize) -> Vec<WindowHandle> {
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let handles = client.windows().await.expect("window handles");
        if handles.len() == count {
            return handles;
        }
        assert!(
            Instant::now() < deadline,
            "{} windows, not {count}",
            handles.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Switches to the window that is not `main`.
async fn switch_to_overlay(client: &Client, main: &WindowHandle) {
    let handles = windows(client, 2).await;
    let overlay = handles
        .into_iter()
        .find(|handle| handle != main)
        .expect("the overlay's handle");
    client.switch_to_window(overlay).await.expect("switch");
    find(client, test_id("overlay")).await;
}

const LOOK_JS: &str = "const o = document.querySelector('[data-testid=overlay]');
    const line = o && o.querySelector('[data-testid=overlay-line]');
    return o ? { opacity: o.dataset.opacity, scale: o.dataset.fontScale, clickThrough: o.classList.contains('click-through'),
                 composer: !!o.querySelector('[data-testid=composer-input]'), lines: o.querySelectorAll('[data-testid=overlay-line]').length,
                 font: line ? getComputedStyle(line).fontSize : null, label: location.search } : null;";

/// Sets a range input as a drag would end: the value, then `input` and `change`.
async fn slide(client: &Client, id: &str, value: u32) {
    client
        .execute(
            &format!(
                "const r = document.querySelector('[data-testid={id}]'); r.value = '{value}';
                 r.dispatchEvent(new Event('input', {{ bubbles: true }}));
                 r.dispatchEvent(new Event('change', {{ bubbles: true }}));"
            ),
            vec![],
        )
        .await
        .expect("slide");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pinned_overlay_is_a_second_window_that_keeps_its_settings_across_a_restart() {
    let window = Window::open().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    let main = client.window().await.expect("the main window");
    find(client, test_id("room-menu"))
        .await
        .click()
        .await
        .expect("menu");
    find(client, test_id("pin-tab"))
        .await
        .click()
        .await
        .expect("pin");
    switch_to_overlay(client, &main).await;
    let look = wait_js(client, LOOK_JS, |look| {
        look["lines"].as_u64().unwrap_or(0) >= 1
    })
    .await;
    assert_eq!(look["opacity"], "70", "the default overlay: {look}");
    assert_eq!(look["composer"], false);
    assert!(
        look["label"]
            .as_str()
            .unwrap_or_default()
            .starts_with("?pinned=")
    );

    // Its own controls: background, text size and composer, applied at once.
    find(client, test_id("overlay-settings-toggle"))
        .await
        .click()
        .await
        .expect("settings");
    slide(client, "overlay-opacity", 30).await;
    slide(client, "overlay-font-scale", 160).await;
    find(client, test_id("overlay-composer"))
        .await
        .click()
        .await
        .expect("composer");
    let look = wait_js(client, LOOK_JS, |look| {
        look["composer"] == true && look["scale"] == "160"
    })
    .await;
    assert_eq!(look["opacity"], "30");
    assert_eq!(look["font"], "24px", "15 px × 160 %");
    screenshot(client, "window-overlay").await;

    // Click-through, and the global hotkey that takes control back.
    find(client, test_id("overlay-click-through"))
        .await
        .click()
        .await
        .expect("click-through");
    wait_js(client, LOOK_JS, |look| look["clickThrough"] == true).await;
    find(client, test_id("overlay-click-through-hint")).await;
    let display = window.display().expect("an X display");
    let pressed = std::process::Command::new("xdotool")
        .args(["key", "--clearmodifiers", "ctrl+alt+o"])
        .env("DISPLAY", &display)
        .status()
        .expect("xdotool runs");
    assert!(pressed.success());
    wait_js(client, LOOK_JS, |look| look["clickThrough"] == false).await;

    // Restart: the overlay opens again with the room's settings.
    client
        .switch_to_window(main)
        .await
        .expect("back to the main window");
    let home = window.close().await;
    let window = Window::open_with_home(home).await;
    let client = &window.client;
    demo_tab(client).await;
    let main = client.window().await.expect("the main window");
    switch_to_overlay(client, &main).await;
    let look = wait_js(client, LOOK_JS, |look| {
        look["lines"].as_u64().unwrap_or(0) >= 1
    })
    .await;
    assert_eq!(look["opacity"], "30", "{look}");
    assert_eq!(look["scale"], "160");
    assert_eq!(look["composer"], true);
    assert_eq!(look["clickThrough"], false);
    screenshot(client, "window-overlay-restored").await;

    // Unpinned from the overlay: the window goes, possibly before the driver answers the
    // click (then the click's own window is gone, which is the point).
    match find(client, test_id("overlay-unpin")).await.click().await {
        Ok(_) => {}
        Err(fantoccini::error::CmdError::Standard(error))
            if error.error == fantoccini::error::ErrorStatus::NoSuchWindow => {}
        Err(error) => panic!("unpin: {error}"),
    }
    client.switch_to_window(main).await.expect("back");
    windows(client, 1).await;
    window.close().await;
}
