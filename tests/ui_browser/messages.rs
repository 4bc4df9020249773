//! Sending: pending → confirmed, server rejections and retry, a long room.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_sent_message_goes_from_pending_to_confirmed() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    // One message a second: the later ones of a burst wait, pending, in the outbox.
    let arn = create_room(&bridge.app, "slow-room", None, Some(1), None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    for n in 1..=3 {
        send_from_composer(client, &format!("paced message {n}")).await;
    }
    let pending = row(client, "paced message 3", |row| row["state"] == "pending").await;
    assert_eq!(pending["own"], "true");
    screenshot(client, "message-pending").await;
    for n in 1..=3 {
        row(client, &format!("paced message {n}"), |row| {
            row["state"] == "confirmed"
        })
        .await;
    }
    screenshot(client, "message-confirmed").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn server_rejections_show_failed_with_the_reason_and_can_be_retried() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let review = ReviewHandler::start().await;
    let short = create_room(&bridge.app, "short-room", Some(10), None, None).await;
    let reviewed = create_room(&bridge.app, "reviewed-room", None, None, Some(&review.url)).await;
    // A token-endpoint profile does not know the room's limit, so the service has the last word.
    let profile = bridge
        .app
        .profiles()
        .save_profile(SaveProfile {
            id: None,
            settings: ProfileSettings {
                name: "Local token endpoint".into(),
                kind: ProfileKind::TokenEndpoint {
                    token_url: token_url(&bridge.app),
                    messaging_endpoint: bridge.app.local().messaging_endpoint().to_owned(),
                },
                user_id: "alice".into(),
                display_name: "Alice".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: vec![UiCapability::SendMessage],
            },
            secret: SecretChange::Keep,
        })
        .await
        .expect("save the profile");
    bridge
        .app
        .tabs()
        .open_tab(OpenTab {
            profile_id: profile.id.clone(),
            room_arn: short,
        })
        .await
        .expect("open");
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    send_from_composer(client, "eleven char").await;
    let failed = row(client, "eleven char", |row| row["state"] == "failed").await;
    let reason = failed["failure"].as_str().unwrap_or_default().to_owned();
    assert!(reason.contains("refused it (400)"), "{reason}");
    screenshot(client, "message-failed-too-long").await;
    // Retrying as-is fails again for the same reason: the row stays, failed.
    find(client, Locator::Css("[data-testid=message-retry]"))
        .await
        .click()
        .await
        .expect("retry");
    row(client, "eleven char", |row| row["state"] == "failed").await;
    // Discard forgets it, here and in the history store.
    find(client, Locator::Css("[data-testid=message-discard]"))
        .await
        .click()
        .await
        .expect("discard");
    wait_js(client, &row_script("eleven char"), Value::is_null).await;

    browser
        .bridge
        .app
        .tabs()
        .open_tab(OpenTab {
            profile_id: profile.id,
            room_arn: reviewed,
        })
        .await
        .expect("open");
    // The new tab is in front once the UI activates it.
    find(
        client,
        Locator::Css("[data-testid=tab]:nth-child(2) .tab-label"),
    )
    .await
    .click()
    .await
    .expect("switch");
    badge(client, "connected").await;
    send_from_composer(client, "buy spam now").await;
    let denied = row(client, "buy spam now", |row| row["state"] == "failed").await;
    let reason = denied["failure"].as_str().unwrap_or_default().to_owned();
    assert!(
        reason.contains("message review") && reason.contains("no spam here"),
        "{reason}"
    );
    screenshot(client, "message-failed-review").await;
    review.allow();
    let key = denied["key"].as_str().unwrap_or_default().to_owned();
    let retry = format!("[data-key=\"{key}\"] [data-testid=message-retry]");
    find(client, Locator::Css(&retry))
        .await
        .click()
        .await
        .expect("retry");
    let confirmed = wait_js(client, &key_script(&key), |row| row["state"] == "confirmed").await;
    assert_eq!(confirmed["failure"], Value::Null);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_room_keeps_a_bounded_dom_pages_history_back_and_marks_new_messages() {
    use ivs_chat_client::{Config, Endpoint, Limits, Room};

    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "long-room", None, Some(100), None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    // 600 lines from ten senders (each under the per-connection limit of 10 a second).
    let app = &browser.bridge.app;
    let endpoint = Endpoint::parse(app.local().messaging_endpoint()).expect("endpoint");
    let mut senders = Vec::new();
    for n in 0..10 {
        let (room, updates) = other_client(
            app,
            &arn,
            &format!("sender{n}"),
            &format!("Sender {n}"),
            &[Capability::SendMessage],
        )
        .await;
        let _ = (&endpoint, Config::new, Limits::default, Room::new);
        senders.push((room, updates));
    }
    let mut tasks = Vec::new();
    for (n, (room, mut updates)) in senders.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            for m in 0..60 {
                room.send_message(format!("line {:03}", m * 10 + n), Attributes::new())
                    .await
                    .expect("send");
                tokio::time::sleep(Duration::from_millis(110)).await;
                while updates.try_recv().is_some() {}
            }
            (room, updates)
        }));
    }
    let mut keep = Vec::new();
    for task in tasks {
        keep.push(task.await.expect("sender"));
    }
    let count = "return [document.querySelectorAll('[data-testid=message]').length, [...document.querySelectorAll('[data-testid=message-content]')].map(n => n.textContent)];";
    // Following the newest: the DOM holds a bounded slice, ending with the last line sent.
    let shown = wait_js(client, count, |value| {
        value[1]
            .as_array()
            .and_then(|lines| lines.last())
            .and_then(Value::as_str)
            .is_some_and(|last| last.starts_with("line 59"))
    })
    .await;
    let rows = shown[0].as_u64().unwrap_or(0);
    assert!(rows > 0 && rows <= 150, "{rows} rows in the DOM");
    // Scroll to the top until the first line is back (from memory, then from the history store).
    let first = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let value = client
                .execute(
                    "const list = document.querySelector('[data-testid=message-list]'); list.scrollTop = 0;
                     list.dispatchEvent(new Event('scroll'));
                     return [...document.querySelectorAll('[data-testid=message-content]')].map(n => n.textContent);",
                    vec![],
                )
                .await
                .expect("scroll");
            if value.as_array().is_some_and(|lines| lines.iter().any(|line| line == "line 000")) {
                return value;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    })
    .await
    .expect("the first line came back");
    assert!(first.as_array().map_or(0, Vec::len) <= 150);
    // Reading back, a new message shows the marker and the jump button; jumping shows it.
    let (room, _) = &keep[0];
    room.send_message("a fresh line", Attributes::new())
        .await
        .expect("send");
    let jump = wait_for_text(client, test_id("jump-to-latest"), |text| {
        text.contains("new message")
    })
    .await;
    assert!(jump.starts_with("1 new message"), "{jump}");
    screenshot(client, "reading-back").await;
    click(client, "jump-to-latest").await;
    row(client, "a fresh line", |_| true).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_composer_counts_code_points_against_the_room_limit_and_recalls_the_last_message() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "tiny-room", Some(10), None, None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    let counter = wait_for_text(client, test_id("composer-counter"), |text| text == "0/10").await;
    assert_eq!(counter, "0/10");
    // Ten code points, fourteen bytes: allowed.
    let input = find(client, test_id("composer-input")).await;
    input.send_keys("héllo wörl").await.expect("type");
    wait_for_text(client, test_id("composer-counter"), |text| text == "10/10").await;
    let send = find(client, test_id("composer-send")).await;
    assert!(send.is_enabled().await.expect("enabled"));
    input.send_keys("d!").await.expect("type");
    wait_for_text(client, test_id("composer-counter"), |text| text == "12/10").await;
    assert!(!send.is_enabled().await.expect("enabled"));
    let why = send.attr("title").await.expect("title").unwrap_or_default();
    assert_eq!(why, "2 characters over this room's limit");
    screenshot(client, "composer-over-limit").await;
    // Back under the limit, send; then Up on the empty composer recalls it.
    input
        .send_keys("\u{E003}\u{E003}\u{E007}")
        .await
        .expect("erase and send");
    row(client, "héllo wörl", |row| row["state"] == "confirmed").await;
    input.send_keys("\u{E013}").await.expect("Up");
    let recalled = wait_js(
        client,
        "return document.querySelector('[data-testid=composer-input]').value;",
        |value| value == "héllo wörl",
    )
    .await;
    assert_eq!(recalled, "héllo wörl");
    browser.close().await;
}
