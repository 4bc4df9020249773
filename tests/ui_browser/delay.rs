//! The chat delay: others' messages wait before the list shows them, this client's own never
//! do, turning it off releases what waits at once, and the tab keeps its delay across a
//! restart.

use super::*;

/// Picks a chat delay from the room menu.
async fn pick_delay(client: &fantoccini::Client, seconds: u32) {
    click(client, "room-menu").await;
    screenshot(client, "chat-delay-menu").await;
    click_on(
        client,
        Locator::Css(&format!(
            "[data-testid=chat-delay-option][data-seconds=\"{seconds}\"]"
        )),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn others_messages_wait_out_the_delay_and_ours_do_not() {
    let dir = tempfile::tempdir().expect("data dir");
    let config = config(&dir);
    let bridge = Bridge::start(config.clone()).await;
    let arn = create_room(&bridge.app, "delayed-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (viewer, mut viewer_updates) = other_client(
        &bridge.app,
        &arn,
        "viewer",
        "Viewer",
        &[Capability::SendMessage],
    )
    .await;
    let mut browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;

    pick_delay(client, 30).await;
    let chip = wait_for_text(client, test_id("chat-delay"), |text| text == "Delayed 30 s").await;
    assert_eq!(chip, "Delayed 30 s");

    // The viewer speaks first, then we do. Both cross the same socket to the tab, the
    // viewer's first, so when ours is confirmed the viewer's has arrived too: it is held.
    viewer
        .send_message("said before yours", Attributes::new())
        .await
        .expect("the viewer sends");
    wait_for(&mut viewer_updates, |update| {
        matches!(update, Update::Message(message) if message.content == "said before yours")
    })
    .await;
    send_from_composer(client, "ours goes at once").await;
    row(client, "ours goes at once", |row| {
        row["state"] == "confirmed"
    })
    .await;
    let held = client
        .execute(&row_script("said before yours"), vec![])
        .await
        .expect("script");
    assert!(held.is_null(), "shown before its delay: {held}");
    screenshot(client, "chat-delay").await;

    // No delay: what waited is shown at once, after what was shown meanwhile.
    pick_delay(client, 0).await;
    row(client, "said before yours", |_| true).await;
    let order = client
        .execute(
            "return [...document.querySelectorAll('[data-testid=room] [data-testid=message-content]')].map(n => n.textContent);",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(
        order,
        serde_json::json!(["ours goes at once", "said before yours"])
    );
    let chip = client
        .execute(
            "return document.querySelector('[data-testid=chat-delay]');",
            vec![],
        )
        .await
        .expect("script");
    assert!(chip.is_null(), "the chip stays without a delay");

    // The delay belongs to the tab and comes back with it.
    pick_delay(client, 5).await;
    wait_for_text(client, test_id("chat-delay"), |text| text == "Delayed 5 s").await;
    browser.restart(config.clone()).await;
    let client = &browser.client;
    wait_for_text(client, test_id("chat-delay"), |text| text == "Delayed 5 s").await;
    browser.close().await;
}
