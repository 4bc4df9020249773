//! Tabs reorder from the keyboard and by dragging: Ctrl+Shift+PageUp / PageDown move the tab
//! in front left and right (stopping at the ends), Ctrl+PageUp / PageDown go to the previous
//! and next tab, a tab dropped on another takes its place, and the order comes back after a
//! restart.

use super::*;

/// The strip's room names, in order, and the one in front.
const STRIP_JS: &str = "const tabs = [...document.querySelectorAll('[data-testid=tab]')];
    return { order: tabs.map(t => t.querySelector('.tab-name').textContent),
             front: (tabs.find(t => t.classList.contains('active')) || {}).textContent || null };";

async fn press(client: &fantoccini::Client, keys: &str) {
    find(client, Locator::Css("body"))
        .await
        .send_keys(keys)
        .await
        .expect("keys");
}

async fn order_is(client: &fantoccini::Client, expected: &[&str]) -> Value {
    wait_js(client, STRIP_JS, |strip| {
        strip["order"].as_array().is_some_and(|order| {
            order
                .iter()
                .map(|n| n.as_str())
                .eq(expected.iter().map(|e| Some(*e)))
        })
    })
    .await
}

/// Drags the tab named `from` onto the tab named `to` with the page's own drag events (the
/// HTML drag and drop a pointer makes; WebDriver's pointer actions do not start one).
async fn drag(client: &fantoccini::Client, from: &str, to: &str) {
    let script = format!(
        "const tab = (name) => [...document.querySelectorAll('[data-testid=tab]')]
             .find(t => t.querySelector('.tab-name').textContent === name);
         const [source, target] = [tab({from}), tab({to})];
         const transfer = new DataTransfer();
         const fire = (el, type) => el.dispatchEvent(new DragEvent(type,
             {{ bubbles: true, cancelable: true, dataTransfer: transfer }}));
         fire(source, 'dragstart');
         const accepted = !fire(target, 'dragover');
         fire(target, 'drop');
         fire(source, 'dragend');
         return accepted;",
        from = serde_json::to_string(from).expect("a string"),
        to = serde_json::to_string(to).expect("a string"),
    );
    let accepted = client.execute(&script, vec![]).await.expect("drag");
    assert_eq!(accepted, Value::Bool(true), "the tab accepts the drop");
}

/// Ctrl+Shift+PageUp, Ctrl+Shift+PageDown, Ctrl+PageUp, Ctrl+PageDown.
const MOVE_LEFT: &str = "\u{E009}\u{E008}\u{E00E}\u{E000}";
const MOVE_RIGHT: &str = "\u{E009}\u{E008}\u{E00F}\u{E000}";
const PREVIOUS: &str = "\u{E009}\u{E00E}\u{E000}";
const NEXT: &str = "\u{E009}\u{E00F}\u{E000}";

#[tokio::test(flavor = "multi_thread")]
async fn tabs_move_with_ctrl_shift_page_keys_and_keep_their_order_after_a_restart() {
    let dir = tempfile::tempdir().expect("data dir");
    let config = config(&dir);
    let bridge = Bridge::start(config.clone()).await;
    for name in ["alpha", "beta", "gamma"] {
        let arn = create_room(&bridge.app, name, None, None, None).await;
        open_tab(&bridge, &arn).await;
    }
    let mut browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    order_is(client, &["alpha", "beta", "gamma"]).await;

    // gamma is in front: left twice reaches the start, a third time stays there.
    press(client, MOVE_LEFT).await;
    order_is(client, &["alpha", "gamma", "beta"]).await;
    press(client, MOVE_LEFT).await;
    press(client, MOVE_LEFT).await;
    let strip = order_is(client, &["gamma", "alpha", "beta"]).await;
    assert!(
        strip["front"]
            .as_str()
            .is_some_and(|front| front.contains("gamma")),
        "{strip}"
    );
    // Next and previous follow the new order; moving right brings beta back one place.
    press(client, NEXT).await;
    wait_for_text(client, test_id("room-name"), |name| name.contains("alpha")).await;
    press(client, PREVIOUS).await;
    press(client, PREVIOUS).await;
    wait_for_text(client, test_id("room-name"), |name| name.contains("beta")).await;
    press(client, MOVE_LEFT).await;
    press(client, MOVE_RIGHT).await;
    order_is(client, &["gamma", "alpha", "beta"]).await;
    press(client, MOVE_LEFT).await;
    order_is(client, &["gamma", "beta", "alpha"]).await;
    // Dropped on another tab, a tab takes its place.
    drag(client, "alpha", "gamma").await;
    order_is(client, &["alpha", "gamma", "beta"]).await;
    drag(client, "alpha", "beta").await;
    order_is(client, &["gamma", "beta", "alpha"]).await;

    browser.restart(config.clone()).await;
    let client = &browser.client;
    order_is(client, &["gamma", "beta", "alpha"]).await;
    browser.close().await;
}
