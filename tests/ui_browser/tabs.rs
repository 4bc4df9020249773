//! First run, tabs, restart with history, profiles.

use support::fixture::demo_config;

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_first_run_shows_the_demo_room_connected_with_its_audience() {
    let dir = tempfile::tempdir().expect("data dir");
    let browser = Browser::open(Bridge::start(demo_config(&dir)).await).await;
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
    browser.restart(config.clone()).await;
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
async fn a_failing_token_endpoint_is_named_in_the_badge_and_ctrl_w_closes_the_tab() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "broken-backend-room", None, None, None).await;
    // A backend that is down.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let broken = format!("http://{}/token", listener.local_addr().expect("address"));
    let router = axum::Router::new().route(
        "/token",
        axum::routing::post(|| async {
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "database unavailable",
            )
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    let profile = bridge
        .app
        .profiles()
        .save_profile(SaveProfile {
            id: None,
            settings: ProfileSettings {
                name: "Broken backend".into(),
                kind: ProfileKind::TokenEndpoint {
                    token_url: broken,
                    messaging_endpoint: bridge.app.local().messaging_endpoint().to_owned(),
                },
                user_id: "erin".into(),
                display_name: "Erin".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: vec![UiCapability::SendMessage],
            },
            secret: SecretChange::Keep,
        })
        .await
        .expect("save");
    bridge
        .app
        .tabs()
        .open_tab(OpenTab {
            profile_id: profile.id,
            room_arn: arn,
        })
        .await
        .expect("open");
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    // The engine retries with backoff, then gives up and says why.
    let reason = wait_js(
        client,
        "const r = document.querySelector('[data-testid=connection-reason]'); return r ? r.textContent : null;",
        |text| text.as_str().is_some_and(|text| text.contains("500")),
    )
    .await;
    let reason = reason.as_str().unwrap_or_default().to_owned();
    assert!(reason.contains("token endpoint returned 500"), "{reason}");
    screenshot(client, "token-endpoint-500").await;
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009}w\u{E000}")
        .await
        .expect("Ctrl+W");
    find(client, test_id("empty")).await;
    let tabs = client
        .execute(
            "return document.querySelectorAll('[data-testid=tab]').length;",
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(tabs, 0);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ui_follows_a_dark_system_theme() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "night-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (viewer, _updates) = other_client(
        &bridge.app,
        &arn,
        "owl",
        "Night Owl",
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open_dark(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    viewer
        .send_message("still up?", Attributes::new())
        .await
        .expect("send");
    send_from_composer(client, "always").await;
    row(client, "always", |row| row["state"] == "confirmed").await;
    row(client, "still up?", |_| true).await;
    // Dark surfaces, light text: relative luminance of the stage and of a message's text.
    let luminance = client
        .execute(
            "const lum = (css) => { const [r, g, b] = css.match(/\\d+/g).slice(0, 3).map(Number).map(v => v / 255)
                 .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
             const stage = getComputedStyle(document.querySelector('.stage')).backgroundColor;
             const text = getComputedStyle(document.querySelector('[data-testid=message-content]')).color;
             return [lum(stage), lum(text)];",
            vec![],
        )
        .await
        .expect("execute");
    let (stage, text) = (
        luminance[0].as_f64().unwrap_or(1.0),
        luminance[1].as_f64().unwrap_or(0.0),
    );
    assert!(stage < 0.05, "the stage is not dark: {stage}");
    // WCAG contrast ratio of body text on the stage: at least 4.5 (AA).
    let contrast = (text + 0.05) / (stage + 0.05);
    assert!(contrast >= 4.5, "contrast {contrast:.1}");
    screenshot(client, "dark-theme").await;
    browser.close().await;
}
