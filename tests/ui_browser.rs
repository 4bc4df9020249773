//! The real UI in headless Chromium over the real app layer (through the test bridge),
//! against the app's embedded `ivs-chat-local`: every message here crosses real sockets.

mod support;

use std::time::Duration;

use chatdeck_ipc::command::{OpenTab, SaveProfile, SecretChange};
use chatdeck_ipc::model::{Capability as UiCapability, ProfileKind, ProfileSettings};
use fantoccini::Locator;
use ivs_chat_client::Update;
use ivs_chat_protocol::{Attributes, Capability};
use serde_json::Value;
use support::bridge::Bridge;
use support::browser::Browser;
use support::fixture::{ReviewHandler, config, create_room, other_client, token_url, wait_for};
use support::webdriver::{
    find, key_script, row_script, screenshot, send_from_composer, test_id, wait_for_text, wait_js,
};

/// The badge's state, once it matches.
async fn badge(client: &fantoccini::Client, state: &str) -> String {
    let script = "const b = document.querySelector('[data-testid=connection-badge]'); return b ? b.dataset.state + '|' + b.textContent : null;";
    let value = wait_js(client, script, |value| {
        value
            .as_str()
            .is_some_and(|text| text.starts_with(&format!("{state}|")))
    })
    .await;
    value.as_str().unwrap_or_default().to_owned()
}

async fn row(
    client: &fantoccini::Client,
    content: &str,
    predicate: impl Fn(&Value) -> bool,
) -> Value {
    wait_js(client, &row_script(content), |value| {
        !value.is_null() && predicate(value)
    })
    .await
}

async fn open_tab(bridge: &Bridge, arn: &str) -> String {
    bridge
        .app
        .open_tab(OpenTab {
            profile_id: "local".into(),
            room_arn: arn.into(),
        })
        .await
        .expect("open the tab")
        .id
}

async fn click(client: &fantoccini::Client, id: &str) {
    find(client, test_id(id))
        .await
        .click()
        .await
        .unwrap_or_else(|error| panic!("click {id}: {error}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_run_shows_the_demo_room_connected_with_its_audience() {
    let dir = tempfile::tempdir().expect("data dir");
    let mut config = config(&dir);
    config.first_run_demo = true;
    config.demo_audience = true;
    config.demo_interval = Duration::from_millis(300);
    let browser = Browser::open(Bridge::start(config).await).await;
    let client = &browser.client;
    let tab = wait_for_text(client, test_id("tab"), |text| {
        text.contains("chatdeck-demo")
    })
    .await;
    assert!(tab.contains("chatdeck-demo"), "{tab}");
    assert!(badge(client, "connected").await.contains("Connected"));
    // The simulated viewers talk: a message of someone else appears.
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=message][data-own=false][data-kind=message]').length;",
        |count| count.as_u64().unwrap_or(0) >= 2,
    )
    .await;
    // Moderator by default: the token allows deleting and disconnecting.
    let composer = find(client, test_id("composer-input")).await;
    assert!(composer.is_enabled().await.unwrap_or(false));
    screenshot(client, "first-run-demo-room").await;
    // The picture for the README: the host's own line among the viewers', a user card open.
    send_from_composer(client, "Welcome in! Questions go in the chat.").await;
    row(client, "Welcome in! Questions go in the chat.", |row| {
        row["state"] == "confirmed"
    })
    .await;
    // A visible name, as a pointer would pick (a WebDriver click would scroll to the first).
    client
        .execute(
            "const names = [...document.querySelectorAll('[data-own=false] [data-testid=message-sender]')].filter(n => n.offsetParent);
             names[names.length - 1].click();",
            vec![],
        )
        .await
        .expect("open a user card");
    find(client, test_id("user-card")).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    screenshot(client, "showcase").await;
    // The room menu turns the audience off.
    click(client, "room-menu").await;
    click(client, "demo-audience-toggle").await;
    click(client, "room-menu").await;
    let checked = find(client, test_id("demo-audience-toggle"))
        .await
        .attr("aria-checked")
        .await
        .ok()
        .flatten();
    assert_eq!(checked.as_deref(), Some("false"));
    browser.close().await;
}

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
                capabilities: vec![UiCapability::SendMessage],
            },
            secret: SecretChange::Keep,
        })
        .await
        .expect("save the profile");
    bridge
        .app
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

    browser
        .bridge
        .app
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
async fn two_tabs_on_two_rooms_stay_independent_and_come_back_after_a_restart() {
    let dir = tempfile::tempdir().expect("data dir");
    let config = config(&dir);
    let bridge = Bridge::start(config.clone()).await;
    let first = create_room(&bridge.app, "room-one", None, None, None).await;
    let second = create_room(&bridge.app, "room-two", None, None, None).await;
    open_tab(&bridge, &first).await;
    let mut browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    send_from_composer(client, "hello room one").await;
    row(client, "hello room one", |row| row["state"] == "confirmed").await;
    // Open the second room from the dialog's room list (Ctrl+T).
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009}t\u{E000}")
        .await
        .expect("Ctrl+T");
    let option = format!("[data-testid=room-option][data-arn=\"{second}\"]");
    find(client, Locator::Css(&option))
        .await
        .click()
        .await
        .expect("pick the room");
    wait_for_text(client, test_id("room-name"), |text| {
        text.contains("room-two")
    })
    .await;
    badge(client, "connected").await;
    send_from_composer(client, "hello room two").await;
    row(client, "hello room two", |row| row["state"] == "confirmed").await;
    let visible = client
        .execute("return [...document.querySelectorAll('[data-testid=message-content]')].map(n => n.textContent);", vec![])
        .await
        .expect("execute");
    assert_eq!(
        visible,
        serde_json::json!(["hello room two"]),
        "room one's line leaked into room two"
    );
    // Kicked in room two only: room one stays connected.
    let (moderator, _updates) = other_client(
        &browser.bridge.app,
        &second,
        "mod2",
        "Mod",
        &[Capability::DisconnectUser],
    )
    .await;
    moderator.disconnect_user("host", None).await.expect("kick");
    badge(client, "disconnected").await;
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009}1\u{E000}")
        .await
        .expect("Ctrl+1");
    wait_for_text(client, test_id("room-name"), |text| {
        text.contains("room-one")
    })
    .await;
    badge(client, "connected").await;
    screenshot(client, "two-tabs").await;

    // Restart: same data directory, a new app and a reloaded UI.
    let replacement = Bridge::start(config.clone()).await;
    let old = browser.reopen(replacement).await;
    old.shutdown().await;
    let client = &browser.client;
    wait_js(client, "return [...document.querySelectorAll('[data-testid=tab]')].map(t => t.textContent).join('|');", |tabs| {
        tabs.as_str().is_some_and(|tabs| tabs.contains("room-one") && tabs.contains("room-two"))
    })
    .await;
    find(
        client,
        Locator::Css("[data-testid=tab]:first-child .tab-label"),
    )
    .await
    .click()
    .await
    .expect("room one's tab");
    let restored = row(client, "hello room one", |_| true).await;
    assert_eq!(restored["state"], "confirmed");
    let tagged = client
        .execute(
            "return document.querySelectorAll('[data-testid=message] .history-tag').length;",
            vec![],
        )
        .await
        .expect("execute");
    assert!(
        tagged.as_u64().unwrap_or(0) >= 1,
        "history lines are marked"
    );
    screenshot(client, "restored-history").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_endpoint_profile_is_made_checked_and_used_from_the_ui() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "profile-room", None, None, None).await;
    let endpoint = token_url(&bridge.app);
    let messaging = bridge.app.local().messaging_endpoint().to_owned();
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    click(client, "profiles-open").await;
    click(client, "profile-new").await;
    let fields = [
        ("profile-name", "My backend"),
        ("profile-user-id", "dana"),
        ("profile-display-name", "Dana"),
        ("profile-avatar", "javascript:alert(1)"),
        ("profile-token-url", endpoint.as_str()),
        ("profile-messaging-endpoint", messaging.as_str()),
        ("profile-secret", "not-a-real-secret-42"),
    ];
    for (id, value) in fields {
        find(client, test_id(id))
            .await
            .send_keys(value)
            .await
            .expect("type");
    }
    click(client, "profile-save").await;
    // The shell refuses a script URL as an avatar, in words, next to the form.
    let refused = wait_for_text(client, test_id("profile-error"), |text| !text.is_empty()).await;
    assert!(refused.contains("http"), "{refused}");
    find(client, test_id("profile-avatar"))
        .await
        .send_keys("\u{E009}a\u{E000}\u{E003}")
        .await
        .expect("clear the avatar");
    click(client, "profile-save").await;
    let item = wait_for_text(
        client,
        Locator::Css("[data-testid=profile-item]:nth-child(2)"),
        |text| text.contains("My backend"),
    )
    .await;
    assert!(item.contains("secret in keychain"), "{item}");
    let page = client.source().await.expect("page source");
    assert!(
        !page.contains("not-a-real-secret-42"),
        "the secret came back to the webview"
    );
    find(
        client,
        Locator::Css("[data-testid=profile-item]:nth-child(2) input.compact"),
    )
    .await
    .send_keys(&arn)
    .await
    .expect("room for the check");
    find(
        client,
        Locator::Css("[data-testid=profile-item]:nth-child(2) [data-testid=profile-check]"),
    )
    .await
    .click()
    .await
    .expect("check");
    let result = wait_for_text(client, test_id("profile-check-result"), |text| {
        text.starts_with("connected")
    })
    .await;
    assert!(result.contains("token"), "{result}");
    screenshot(client, "profiles").await;
    // Open the room with it, by ARN.
    find(
        client,
        Locator::Css("[data-testid=profiles-dialog] [aria-label=Close]"),
    )
    .await
    .click()
    .await
    .expect("close the dialog");
    click(client, "tab-open").await;
    let profile_select = find(client, test_id("open-room-profile")).await;
    profile_select
        .select_by_label("My backend")
        .await
        .expect("pick the profile");
    find(client, test_id("open-room-arn"))
        .await
        .send_keys(&arn)
        .await
        .expect("ARN");
    click(client, "open-room-submit").await;
    badge(client, "connected").await;
    send_from_composer(client, "hello from Dana").await;
    let sent = row(client, "hello from Dana", |row| row["state"] == "confirmed").await;
    assert_eq!(sent["own"], "true");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_sdks_message_appears_and_its_deletion_reaches_the_sdk() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "sdk-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    // The official amazon-ivs-chat-messaging SDK, unchanged, under Node (tests/node).
    let root = support::webdriver::repository_root();
    let mut peer = tokio::process::Command::new("node")
        .arg(root.join("tests/node/interop-sdk-peer.mjs"))
        .current_dir(root.join("tests/node"))
        .env("IVS_CHAT_WS", bridge.app.local().messaging_endpoint())
        .env("IVS_CHAT_HTTP", bridge.app.local().http_endpoint())
        .env("ROOM_ARN", &arn)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs the SDK peer (cargo xtask test installs tests/node)");
    let mut input = peer.stdin.take().expect("stdin");
    let mut output = BufReader::new(peer.stdout.take().expect("stdout")).lines();
    let mut next_of = async |kind: &str| -> Value {
        tokio::time::timeout(support::fixture::WAIT, async {
            loop {
                let line = output
                    .next_line()
                    .await
                    .expect("read")
                    .expect("the peer is running");
                let value: Value = serde_json::from_str(&line).unwrap_or_default();
                if value["type"] == kind {
                    return value;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("the SDK peer never reported {kind}"))
    };
    input
        .write_all(
            b"{\"cmd\":\"open\",\"user\":\"sdk-user\",\"capabilities\":[\"SEND_MESSAGE\"]}\n",
        )
        .await
        .expect("open");
    next_of("connect").await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    input
        .write_all(b"{\"cmd\":\"send\",\"user\":\"sdk-user\",\"content\":\"hello from the official SDK\"}\n")
        .await
        .expect("send");
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
    let seen = next_of("messageDelete").await;
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
    let _ = input.write_all(b"{\"cmd\":\"quit\"}\n").await;
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
