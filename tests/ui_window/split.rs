//! Split view in the real window: a second room made in the console and opened, the demo
//! room shown beside it from the room menu, two whole rooms drawn side by side by WebKitGTK
//! (each with its composer; Ctrl+Alt+→ moves to the right pane), and the layout back after the
//! app restarts.

use fantoccini::Locator;

use super::*;

/// The panes, left to right: `room name|in front`.
const PANES_JS: &str = "return [...document.querySelectorAll('[data-testid=split-pane]')].map(p =>
    p.querySelector('[data-testid=room-name]').textContent.replace('# ', '') + '|' + p.dataset.front).join(',');";

async fn click(client: &fantoccini::Client, css: &str) {
    find(client, Locator::Css(css))
        .await
        .click()
        .await
        .unwrap_or_else(|error| panic!("click {css}: {error}"));
}

async fn panes(client: &fantoccini::Client, expected: &str) {
    wait_js(client, PANES_JS, |panes| panes == expected).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_rooms_side_by_side_in_the_real_window_and_back_after_a_restart() {
    let window = Window::open().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;

    // A second room, made in the console and opened from it.
    click(client, "[data-testid=console-open]").await;
    click(client, "[data-testid=console-room-new]").await;
    find(client, test_id("room-form-name"))
        .await
        .send_keys("side-room")
        .await
        .expect("type the name");
    click(client, "[data-testid=room-form-submit]").await;
    click(
        client,
        "[data-testid=console-room-row][data-name=side-room] [data-testid=console-room-open]",
    )
    .await;
    wait_js(
        client,
        "const h = document.querySelector('[data-testid=room-name]'); return h ? h.textContent : null;",
        |name| name == "# side-room",
    )
    .await;
    connected(client).await;

    // The demo room beside it, from the room menu.
    click(client, "[data-testid=room-menu]").await;
    click(client, "[data-testid=split-add]").await;
    panes(client, "side-room|true,chatdeck-demo|false").await;
    let widths = wait_js(
        client,
        "const panes = [...document.querySelectorAll('[data-testid=split-pane]')];
         const composers = panes.map(p => p.querySelector('[data-testid=composer-input]'));
         return composers.every(c => c && c.getBoundingClientRect().width > 100)
             ? panes.map(p => Math.round(p.getBoundingClientRect().width)) : null;",
        |widths| !widths.is_null(),
    )
    .await;
    let widths: Vec<i64> = serde_json::from_value(widths).unwrap_or_default();
    assert_eq!(widths.len(), 2);
    assert!(
        (widths[0] - widths[1]).abs() <= 2,
        "equal panes: {widths:?}"
    );

    // Ctrl+Alt+→: the right pane comes to front, with focus in its composer.
    find(
        client,
        Locator::Css("[data-testid=split-pane] [data-testid=composer-input]"),
    )
    .await
    .send_keys("\u{E009}\u{E00A}\u{E014}\u{E000}")
    .await
    .expect("Ctrl+Alt+Right");
    panes(client, "side-room|false,chatdeck-demo|true").await;
    wait_js(
        client,
        "const a = document.activeElement;
         return !!(a && a.dataset.testid === 'composer-input' && a.closest('[data-testid=split-pane]').dataset.front === 'true');",
        |focused| focused == true,
    )
    .await;
    screenshot(client, "window-split-view").await;
    let home = window.close().await;

    // The layout comes back with the app.
    let window = Window::open_with_home(home).await;
    let client = &window.client;
    panes(client, "side-room|false,chatdeck-demo|true").await;
    window.close().await;
}
