//! The smallest window the desktop app allows (tauri.conf.json: 520 × 380): nothing wider
//! than the window, every dialog inside it with its actions in view; and the whole UI's
//! zoom on Ctrl + / Ctrl − / Ctrl 0, kept in the settings.

use chatdeck_ipc::command::GetSettings;

use super::*;

/// The desktop app's minimum window size.
const MIN_WIDTH: u32 = 520;
const MIN_HEIGHT: u32 = 380;

/// What sticks out of the viewport sideways: the page's own overflow, the strip's and the
/// room header's, and any visible button whose box leaves the viewport.
const OVERFLOW_JS: &str = "const width = window.innerWidth;
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > width) out.push('page ' + doc.scrollWidth + ' > ' + width);
    for (const selector of ['.tab-strip', '.room-header', '.health-strip', '.composer']) {
        const el = document.querySelector(selector);
        if (el && el.scrollWidth > el.clientWidth + 1) out.push(selector + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
    for (const button of document.querySelectorAll('button')) {
        const box = button.getBoundingClientRect();
        if (box.width === 0 || button.closest('.tabs')) continue;
        if (box.left < -1 || box.right > width + 1) out.push((button.dataset.testid || button.textContent) + ' at ' + box.left + '..' + box.right);
    }
    return out;";

/// Where the open dialog and its action buttons are: problems, as words.
const DIALOG_JS: &str = "const dialog = document.querySelector('[role=dialog]');
    if (!dialog) return null;
    const out = [];
    const box = dialog.getBoundingClientRect();
    if (box.left < 0 || box.right > window.innerWidth) out.push('dialog at ' + box.left + '..' + box.right);
    if (box.top < 0 || box.bottom > window.innerHeight) out.push('dialog from ' + box.top + ' to ' + box.bottom);
    if (dialog.scrollWidth > dialog.clientWidth + 1) out.push('dialog content ' + dialog.scrollWidth + ' > ' + dialog.clientWidth);
    const actions = [...dialog.querySelectorAll('.dialog-actions button')];
    for (const button of actions) {
        const b = button.getBoundingClientRect();
        if (b.top < box.top || b.bottom > Math.min(box.bottom, window.innerHeight) || b.left < box.left || b.right > box.right)
            out.push('action ' + button.textContent + ' at ' + b.left + ',' + b.top + '..' + b.right + ',' + b.bottom);
    }
    return { problems: out, actions: actions.length, id: dialog.dataset.testid || '' };";

async fn dialog_fits(client: &fantoccini::Client, name: &str) -> Value {
    let report = wait_js(client, DIALOG_JS, |value| !value.is_null()).await;
    assert_eq!(
        report["problems"],
        serde_json::json!([]),
        "the {name} dialog does not fit the smallest window: {report}"
    );
    report
}

async fn close_dialog(client: &fantoccini::Client) {
    // A click on the dimmed page around the dialog (the scrim), as a pointer would.
    client
        .execute(
            "document.querySelector('.scrim').click(); return true;",
            vec![],
        )
        .await
        .expect("click the scrim");
    wait_js(
        client,
        "return document.querySelector('[role=dialog]') === null;",
        |gone| gone == true,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_smallest_window_fits_the_top_bar_the_room_and_every_dialog() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(
        &bridge.app,
        "a-room-with-a-rather-long-name",
        None,
        None,
        None,
    )
    .await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    client
        .set_window_size(MIN_WIDTH, MIN_HEIGHT)
        .await
        .expect("resize");
    // The window's size includes what the browser draws around the page: make the page
    // itself the app's minimum.
    let inner = client
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .expect("execute");
    let extra = |index: usize, size: u32| {
        size.saturating_sub(inner[index].as_u64().unwrap_or(u64::from(size)) as u32)
    };
    client
        .set_window_size(
            MIN_WIDTH + extra(0, MIN_WIDTH),
            MIN_HEIGHT + extra(1, MIN_HEIGHT),
        )
        .await
        .expect("resize");
    badge(client, "connected").await;
    let viewport = client
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .expect("execute");
    assert_eq!(
        viewport,
        serde_json::json!([MIN_WIDTH, MIN_HEIGHT]),
        "the page is the app's smallest window"
    );
    let overflow = wait_js(client, OVERFLOW_JS, |value| value.is_array()).await;
    assert_eq!(
        overflow,
        serde_json::json!([]),
        "sideways overflow at the smallest size"
    );
    screenshot(client, "min-size-room").await;

    for (button, name) in [
        ("tab-open", "open room"),
        ("profiles-open", "profiles"),
        ("search-open", "search"),
        ("mentions-open", "mentions"),
        ("settings-open", "settings"),
    ] {
        click(client, button).await;
        dialog_fits(client, name).await;
        screenshot(client, &format!("min-size-{button}")).await;
        close_dialog(client).await;
    }

    // The console's room form, the longest one: its Cancel and Create stay in view.
    click(client, "console-open").await;
    click(client, "console-room-new").await;
    find(client, test_id("room-form-submit")).await;
    let report = dialog_fits(client, "console").await;
    assert!(
        report["actions"].as_u64().is_some_and(|n| n >= 2),
        "{report}"
    );
    screenshot(client, "min-size-console").await;
    let overflow = wait_js(client, OVERFLOW_JS, |value| value.is_array()).await;
    assert_eq!(
        overflow,
        serde_json::json!([]),
        "sideways overflow with the console open"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_plus_minus_and_zero_zoom_the_whole_window_and_the_zoom_is_kept() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    find(client, Locator::Css("[data-testid=app][data-ready=true]")).await;
    let zoom_js = "const root = document.documentElement;
        return [root.dataset.zoom || '', getComputedStyle(root).zoom,
                Math.round(document.querySelector('[data-testid=tab-open]').getBoundingClientRect().height)];";
    let before = wait_js(client, zoom_js, |value| value[0] == "100").await;
    let body = find(client, Locator::Css("body")).await;
    body.send_keys("\u{E009}=\u{E000}").await.expect("Ctrl+=");
    body.send_keys("\u{E009}=\u{E000}").await.expect("Ctrl+=");
    let zoomed = wait_js(client, zoom_js, |value| value[0] == "125").await;
    assert!(
        zoomed[2].as_f64() > before[2].as_f64(),
        "the strip's buttons grew: {before} → {zoomed}"
    );
    let saved = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    assert_eq!(saved.zoom, 125, "the zoom is saved with the settings");
    screenshot(client, "zoom-125").await;

    // The page loaded again takes it from the settings; Ctrl − steps down, Ctrl 0 resets.
    client.refresh().await.expect("reload");
    wait_js(client, zoom_js, |value| value[0] == "125").await;
    let body = find(client, Locator::Css("body")).await;
    body.send_keys("\u{E009}-\u{E000}").await.expect("Ctrl+-");
    wait_js(client, zoom_js, |value| value[0] == "110").await;
    body.send_keys("\u{E009}0\u{E000}").await.expect("Ctrl+0");
    let reset = wait_js(client, zoom_js, |value| value[0] == "100").await;
    assert_eq!(reset[2], before[2], "Ctrl 0 is the original size");
    browser.close().await;
}
