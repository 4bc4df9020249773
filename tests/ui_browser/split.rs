//! Split view: rooms side by side in one window, from the room menu or by dropping a tab on
//! the stage's edge; each pane its own room (header, list, composer: a message goes to the
//! pane's room); Ctrl+Alt+arrows move between panes; a tab brought to front takes the pane in
//! front; a pane closes; the layout and the tab order come back after a restart.

use super::*;

/// The panes, left to right: room name, whether it is in front, and whether focus is in it.
const PANES_JS: &str =
    "return [...document.querySelectorAll('[data-testid=split-pane]')].map(p => [
    p.querySelector('[data-testid=room-name]').textContent.replace('# ', ''),
    p.dataset.front === 'true',
    p.contains(document.activeElement),
]);";

async fn panes_are(client: &fantoccini::Client, expected: &[&str]) -> Vec<(String, bool, bool)> {
    let value = wait_js(client, PANES_JS, |value| {
        let panes: Vec<(String, bool, bool)> =
            serde_json::from_value(value.clone()).unwrap_or_default();
        panes
            .iter()
            .map(|(name, _, _)| name.as_str())
            .eq(expected.iter().copied())
    })
    .await;
    serde_json::from_value(value).unwrap_or_default()
}

/// Waits until the pane in front (and holding focus, when `focus`) is `name`.
async fn front_is(client: &fantoccini::Client, name: &str, focus: bool) {
    wait_js(client, PANES_JS, |value| {
        let panes: Vec<(String, bool, bool)> =
            serde_json::from_value(value.clone()).unwrap_or_default();
        panes
            .iter()
            .any(|(pane, front, focused)| pane == name && *front && (*focused || !focus))
    })
    .await;
}

/// Clicks the room menu of the pane showing `room`, then the item `item` in it.
async fn pane_menu(client: &fantoccini::Client, room: &str, item: &str) {
    let pane = format!(
        "[...document.querySelectorAll('[data-testid=split-pane], [data-testid=pane]')]
            .find(p => p.querySelector('[data-testid=room-name]').textContent === {})",
        serde_json::to_string(&format!("# {room}")).unwrap_or_default()
    );
    client
        .execute(
            &format!("{pane}.querySelector('[data-testid=room-menu]').click();"),
            vec![],
        )
        .await
        .expect("open the room menu");
    let clicked = wait_js(
        client,
        &format!("const item = {pane}.querySelector({}); if (!item) return false; item.click(); return true;",
            serde_json::to_string(item).unwrap_or_default()),
        |clicked| clicked == true,
    )
    .await;
    assert_eq!(clicked, Value::Bool(true));
}

/// Drags the strip's tab of `room` onto the stage's edge with the page's own drag events.
async fn drop_beside(client: &fantoccini::Client, room: &str) {
    let start = format!(
        "window.splitTransfer = new DataTransfer();
         const tab = [...document.querySelectorAll('[data-testid=tab]')]
             .find(t => t.querySelector('.tab-name').textContent === {});
         window.splitSource = tab;
         tab.dispatchEvent(new DragEvent('dragstart', {{ bubbles: true, cancelable: true, dataTransfer: window.splitTransfer }}));",
        serde_json::to_string(room).unwrap_or_default()
    );
    client.execute(&start, vec![]).await.expect("drag start");
    find(client, test_id("split-drop")).await;
    let accepted = client
        .execute(
            "const zone = document.querySelector('[data-testid=split-drop]');
             const fire = (el, type) => el.dispatchEvent(new DragEvent(type,
                 { bubbles: true, cancelable: true, dataTransfer: window.splitTransfer }));
             const accepted = !fire(zone, 'dragover');
             fire(zone, 'drop');
             fire(window.splitSource, 'dragend');
             return accepted;",
            vec![],
        )
        .await
        .expect("drop");
    assert_eq!(
        accepted,
        Value::Bool(true),
        "the stage's edge accepts the tab"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rooms_side_by_side_each_with_its_composer_keyboard_moves_and_the_layout_comes_back() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let mut arns = Vec::new();
    for name in ["north", "south", "east", "west"] {
        let arn = create_room(&bridge.app, name, None, None, None).await;
        open_tab(&bridge, &arn).await;
        arns.push(arn);
    }
    let mut browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    // West is in front, alone: no split yet.
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=pane]').length;",
        |n| n == 1,
    )
    .await;

    // From the room menu: north beside west; the pane in front stays west.
    pane_menu(
        client,
        "west",
        &format!(
            "[data-testid=split-add][data-tab-id=\"{}\"]",
            tab_id_of(&browser, &arns[0]).await
        ),
    )
    .await;
    panes_are(client, &["west", "north"]).await;
    front_is(client, "west", false).await;

    // Each pane its own composer: typed in north's, the message is north's.
    client
        .execute(
            "[...document.querySelectorAll('[data-testid=split-pane]')][1].querySelector('[data-testid=composer-input]').focus();",
            vec![],
        )
        .await
        .expect("focus north's composer");
    front_is(client, "north", true).await;
    keys(client, "hello north\u{E007}").await;
    let north = wait_js(
        client,
        "const pane = [...document.querySelectorAll('[data-testid=split-pane]')][1];
         const row = [...pane.querySelectorAll('[data-testid=message]')]
             .find(r => r.querySelector('[data-testid=message-content]').textContent === 'hello north');
         return row ? row.dataset.state : null;",
        |state| state == "confirmed",
    )
    .await;
    assert_eq!(north, "confirmed");
    let stored = browser
        .bridge
        .app
        .history()
        .count_matching(&arns[0], "north")
        .await
        .expect("history");
    assert_eq!(stored, 1, "in north's room");
    let elsewhere = browser
        .bridge
        .app
        .history()
        .count_matching(&arns[3], "north")
        .await
        .expect("history");
    assert_eq!(elsewhere, 0, "not in west's");

    // Ctrl+Alt+Left: the pane to the left, focus in its composer.
    keys(client, "\u{E009}\u{E00A}\u{E012}\u{E000}").await;
    front_is(client, "west", true).await;

    // A tab dropped on the stage's edge joins; one brought to front takes the pane in front.
    drop_beside(client, "south").await;
    panes_are(client, &["west", "north", "south"]).await;
    let east = tab_id_of(&browser, &arns[2]).await;
    click_on(
        client,
        Locator::Css(&format!(
            "[data-testid=tab][data-tab-id=\"{east}\"] .tab-label"
        )),
    )
    .await;
    panes_are(client, &["east", "north", "south"]).await;
    front_is(client, "east", false).await;
    screenshot(client, "split-view").await;

    // A pane closes; the tab stays open.
    pane_menu(client, "north", "[data-testid=split-leave]").await;
    panes_are(client, &["east", "south"]).await;
    assert_eq!(
        wait_js(
            client,
            "return document.querySelectorAll('[data-testid=tab]').length;",
            |n| n == 4
        )
        .await,
        4
    );

    // The layout and the tab order come back after a restart.
    browser.restart(config(&dir)).await;
    let client = &browser.client;
    badge(client, "connected").await;
    panes_are(client, &["east", "south"]).await;
    let strip = wait_js(
        client,
        "return [...document.querySelectorAll('[data-testid=tab] .tab-name')].map(t => t.textContent);",
        |names| names.as_array().is_some_and(|names| names.len() == 4),
    )
    .await;
    assert_eq!(strip, serde_json::json!(["north", "south", "east", "west"]));
    browser.close().await;
}

/// The id of the tab open on `arn`.
async fn tab_id_of(browser: &Browser, arn: &str) -> TabId {
    browser
        .bridge
        .app
        .snapshot(Snapshot {})
        .await
        .expect("snapshot")
        .tabs
        .into_iter()
        .find(|tab| tab.room_arn == arn)
        .map(|tab| tab.id)
        .expect("the tab")
}
