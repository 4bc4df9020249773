//! Other clients and moderation: hostile text as text, delete, disconnect, being kicked,
//! the official JS SDK as a peer.

use serde_json::json;
use support::sdk_peer::SdkPeer;

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn another_clients_message_appears_as_text_and_a_moderator_deletes_it() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "xss-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (viewer, mut viewer_updates) = other_client(
        &bridge.app,
        &arn,
        "mallory",
        "<b>Mallory</b>",
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    let hostile = [
        "<img src=x onerror=alert(1)>",
        "<script>window.__xss = true</script>",
        "<a href=\"javascript:alert(1)\">click me</a>",
    ];
    for text in hostile {
        viewer
            .send_message(text, Attributes::new())
            .await
            .expect("send");
    }
    for text in hostile {
        let shown = row(client, text, |_| true).await;
        assert_eq!(shown["children"], 0, "{text} became markup: {shown}");
        assert_eq!(shown["own"], "false");
    }
    let sender = wait_for_text(
        client,
        Locator::Css("[data-testid=message-sender]"),
        |text| !text.is_empty(),
    )
    .await;
    assert_eq!(sender, "<b>Mallory</b>");
    let injected = client
        .execute("return [window.__xss === true, document.querySelectorAll('[data-testid=message-list] img, [data-testid=message-list] script, [data-testid=message-list] a').length];", vec![])
        .await
        .expect("execute");
    assert_eq!(injected, serde_json::json!([false, 0]));
    screenshot(client, "hostile-text-as-text").await;

    // Delete from the hover action, with a reason.
    let target = row(client, hostile[0], |_| true).await;
    let key = target["key"].as_str().unwrap_or_default().to_owned();
    // The action shows on hover; a script click stands in for the pointer.
    let delete = format!("[data-key=\"{key}\"] [data-testid=message-delete]");
    find(client, Locator::Css(&delete)).await;
    client
        .execute(
            &format!(
                "document.querySelector('{}').click();",
                delete.replace('\'', "\\'")
            ),
            vec![],
        )
        .await
        .expect("click delete");
    find(client, test_id("reason-input"))
        .await
        .send_keys("spam")
        .await
        .expect("reason");
    click(client, "reason-confirm").await;
    let deleted = wait_js(client, &key_script(&key), |row| !row["deleted"].is_null()).await;
    assert_eq!(deleted["deleted"], "deleted by a moderator (spam)");
    // The other client saw the deletion too.
    wait_for(&mut viewer_updates, |update| matches!(update, Update::MessageDeleted { reason: Some(reason), .. } if reason == "spam")).await;
    // Delete from the keyboard: focus a row, press Delete, confirm with Enter.
    let second = row(client, hostile[1], |_| true).await;
    let second_key = second["key"].as_str().unwrap_or_default().to_owned();
    let row_element = find(
        client,
        Locator::Css(&format!("[data-key=\"{second_key}\"]")),
    )
    .await;
    row_element
        .send_keys("\u{E017}")
        .await
        .expect("press Delete");
    find(client, test_id("reason-input"))
        .await
        .send_keys("\u{E007}")
        .await
        .expect("confirm");
    wait_js(client, &key_script(&second_key), |row| {
        row["deleted"] == "deleted by a moderator"
    })
    .await;
    screenshot(client, "message-deleted").await;
    // The moderation log lists both.
    click(client, "room-menu").await;
    click(client, "moderation-log-toggle").await;
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=moderation-entry]').length;",
        |n| n.as_u64() == Some(2),
    )
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kick_shows_the_kicked_state_and_the_user_card_disconnects_others() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "kick-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (troll, mut troll_updates) = other_client(
        &bridge.app,
        &arn,
        "troll",
        "Troll",
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    troll
        .send_message("I am annoying", Attributes::new())
        .await
        .expect("send");
    row(client, "I am annoying", |_| true).await;
    // The user card from the sender's name: recent messages and the disconnect action.
    find(client, Locator::Css("[data-testid=message-sender]"))
        .await
        .click()
        .await
        .expect("open the card");
    wait_for_text(client, test_id("user-card-messages"), |text| {
        text.contains("I am annoying")
    })
    .await;
    screenshot(client, "user-card").await;
    click(client, "user-disconnect").await;
    find(client, test_id("reason-input"))
        .await
        .send_keys("trolling")
        .await
        .expect("reason");
    click(client, "reason-confirm").await;
    wait_for(&mut troll_updates, |update| {
        matches!(
            update,
            Update::State {
                state: ivs_chat_client::ConnectionState::Disconnected,
                ..
            }
        )
    })
    .await;
    wait_js(
        client,
        "return [...document.querySelectorAll('[data-kind=notice] [data-testid=message-content]')].map(n => n.textContent).join('|');",
        |text| text.as_str().is_some_and(|text| text.contains("troll was disconnected by you: trolling")),
    )
    .await;

    // Another moderator kicks this app's user.
    let (moderator, _updates) = other_client(
        &browser.bridge.app,
        &arn,
        "mod2",
        "Other Mod",
        &[Capability::DisconnectUser],
    )
    .await;
    moderator
        .disconnect_user("host", Some("spam".into()))
        .await
        .expect("kick");
    let state = badge(client, "disconnected").await;
    assert!(state.contains("kicked by a moderator: spam"), "{state}");
    let blocked = wait_for_text(client, test_id("composer-blocked"), |text| !text.is_empty()).await;
    assert!(blocked.contains("reconnect"), "{blocked}");
    screenshot(client, "kicked").await;
    click(client, "reconnect").await;
    badge(client, "connected").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_sdks_message_appears_and_its_deletion_reaches_the_sdk() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "sdk-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    // The official amazon-ivs-chat-messaging SDK, unchanged, under Node (tests/node).
    let mut peer = SdkPeer::start(&bridge.app, &arn).await;
    peer.command(json!({"cmd": "open", "user": "sdk-user", "capabilities": ["SEND_MESSAGE"]}))
        .await;
    peer.next("connect").await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    peer.command(
        json!({"cmd": "send", "user": "sdk-user", "content": "hello from the official SDK"}),
    )
    .await;
    let shown = row(client, "hello from the official SDK", |_| true).await;
    assert_eq!(shown["own"], "false");
    let key = shown["key"].as_str().unwrap_or_default().to_owned();
    let delete = format!("[data-key=\"{key}\"] [data-testid=message-delete]");
    find(client, Locator::Css(&delete)).await;
    client
        .execute(
            &format!("document.querySelector('{delete}').click();"),
            vec![],
        )
        .await
        .expect("click delete");
    find(client, test_id("reason-input"))
        .await
        .send_keys("off topic")
        .await
        .expect("reason");
    click(client, "reason-confirm").await;
    wait_js(client, &key_script(&key), |row| {
        row["deleted"] == "deleted by a moderator (off topic)"
    })
    .await;
    let seen = peer.next("messageDelete").await;
    assert_eq!(seen["reason"], "off topic");
    // An application event (SendEvent through the control plane) shows as a system line.
    browser
        .bridge
        .app
        .local()
        .control()
        .send_event()
        .room_identifier(&arn)
        .event_name("app:RAISE_HAND")
        .attributes("user", "sdk-user")
        .send()
        .await
        .expect("SendEvent");
    wait_js(
        client,
        "return [...document.querySelectorAll('[data-kind=event]')].map(r => r.textContent).join('|');",
        |text| text.as_str().is_some_and(|text| text.contains("app:RAISE_HAND") && text.contains("user=sdk-user")),
    )
    .await;
    screenshot(client, "sdk-message-deleted").await;
    peer.quit().await;
    browser.close().await;
}
