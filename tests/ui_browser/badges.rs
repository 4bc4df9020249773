//! Roles and name colors from chat-token attributes (the `badges` and `color` convention of
//! chatdeck_ipc::badge): shown beside names in the list, the user card (which follows what the
//! user writes next) and the overlay;
//! unknown badges and anything that is not a color are ignored, values stay text; the demo
//! audience carries some, and the Local profile's editor sets the user's own.

use support::fixture::{attributes, demo_config, other_client_with};

use super::streamer::open_second_window;
use super::*;

/// The badges and the name's inline style of the row (list or overlay) whose text is
/// `content`: `{badges: [[name, text, label, child elements]], style}`, or null.
fn badges_js(row: &str, text: &str, name: &str, content: &str) -> String {
    let content = serde_json::to_string(content).expect("a string");
    format!(
        "const row = [...document.querySelectorAll('{row}')]
             .find(r => r.querySelector('{text}')?.textContent === {content});
         if (!row) return null;
         const name = row.querySelector('{name}');
         return {{ badges: [...row.querySelectorAll('[data-testid=badge]')]
                       .map(b => [b.dataset.badge, b.textContent, b.getAttribute('aria-label'), b.children.length]),
                   style: name ? name.getAttribute('style') : null }};"
    )
}

/// The list row's badges and name style.
fn row_badges_js(content: &str) -> String {
    badges_js(
        "[data-testid=room] [data-testid=message]",
        "[data-testid=message-content]",
        "[data-testid=message-sender]",
        content,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn badges_and_name_colors_from_tokens_show_in_the_list_the_card_and_the_overlay() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "badge-room", None, None, None).await;
    let tab_id = open_tab(&bridge, &arn).await;
    let (maya, _m) = other_client_with(
        &bridge.app,
        &arn,
        "maya",
        attributes(&[
            ("displayName", "Maya"),
            ("badges", "subscriber, Moderator,admin,<b>staff</b>"),
            ("color", "#00ff00"),
        ]),
        &[Capability::SendMessage],
    )
    .await;
    let (theo, _t) = other_client_with(
        &bridge.app,
        &arn,
        "theo",
        attributes(&[
            ("displayName", "Theo"),
            ("badges", "<img src=x onerror=alert(1)>,javascript:alert(1)"),
            ("color", "red; background: url(https://example.com/x)"),
        ]),
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    for (who, text) in [
        (&maya, "hello from a moderator"),
        (&theo, "hello from a viewer"),
    ] {
        who.send_message(text, Attributes::new())
            .await
            .expect("send");
        row(client, text, |_| true).await;
    }

    // Known badges only, in their fixed order, as text; the color's hue (green: 120).
    let moderator = wait_js(client, &row_badges_js("hello from a moderator"), |row| {
        !row.is_null()
    })
    .await;
    assert_eq!(
        moderator["badges"],
        serde_json::json!([
            ["moderator", "MOD", "Moderator", 0],
            ["subscriber", "SUB", "Subscriber", 0]
        ])
    );
    assert_eq!(moderator["style"], "--hue: 120;");
    // Nothing of a hostile value reaches the page: no badge, the name's hue from its id.
    let viewer = wait_js(client, &row_badges_js("hello from a viewer"), |row| {
        !row.is_null()
    })
    .await;
    assert_eq!(viewer["badges"], serde_json::json!([]));
    let style = viewer["style"].as_str().expect("a style");
    let hue = style
        .strip_prefix("--hue: ")
        .and_then(|rest| rest.strip_suffix(';'))
        .and_then(|hue| hue.parse::<u32>().ok());
    assert!(hue.is_some_and(|hue| hue < 360), "{style}");
    let injected = client
        .execute(
            "return document.querySelectorAll('img[src=x], b').length;",
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(injected, serde_json::json!(0));
    screenshot(client, "badges-in-the-list").await;

    // The user card shows them too.
    client
        .execute(
            "[...document.querySelectorAll('[data-testid=message-sender]')]
                 .find(n => n.textContent === 'Maya').click();",
            vec![],
        )
        .await
        .expect("open the card");
    let card = wait_js(
        client,
        "const card = document.querySelector('[data-testid=user-card]');
         return card ? [...card.querySelectorAll('[data-testid=badge]')].map(b => b.dataset.badge) : null;",
        |badges| badges.as_array().is_some_and(|badges| !badges.is_empty()),
    )
    .await;
    assert_eq!(card, serde_json::json!(["moderator", "subscriber"]));
    screenshot(client, "badges-in-the-user-card").await;
    // The open card follows what they write next.
    maya.send_message("one more thing", Attributes::new())
        .await
        .expect("send");
    wait_for_text(client, test_id("user-card-messages"), |text| {
        text.contains("one more thing")
    })
    .await;

    // And the overlay, at `?pinned=<tab>` as the shell opens it.
    open_second_window(client, &format!("{}?pinned={tab_id}", browser.bridge.url())).await;
    let overlay = wait_js(
        client,
        &badges_js(
            "[data-testid=overlay-line]",
            "[data-testid=overlay-text]",
            ".overlay-line",
            "hello from a moderator",
        ),
        |line| !line.is_null(),
    )
    .await;
    assert_eq!(
        overlay["badges"],
        serde_json::json!([
            ["moderator", "MOD", "Moderator", 0],
            ["subscriber", "SUB", "Subscriber", 0]
        ])
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_audience_and_the_local_profile_carry_badges_set_in_the_profile_editor() {
    let dir = tempfile::tempdir().expect("data dir");
    let browser = Browser::open(Bridge::start(demo_config(&dir)).await).await;
    let client = &browser.client;
    badge(client, "connected").await;
    // Maya of the demo audience moderates and subscribes.
    let maya = wait_js(
        client,
        "const row = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')]
             .find(r => r.querySelector('[data-testid=message-sender]')?.textContent === 'Maya');
         return row ? [...row.querySelectorAll('[data-testid=badge]')].map(b => b.dataset.badge) : null;",
        |badges| !badges.is_null(),
    )
    .await;
    assert_eq!(maya, serde_json::json!(["moderator", "subscriber"]));
    // The first run's Local profile is the room's broadcaster.
    send_from_composer(client, "welcome, everyone").await;
    row(client, "welcome, everyone", |row| {
        row["state"] == "confirmed"
    })
    .await;
    let own = wait_js(client, &row_badges_js("welcome, everyone"), |row| {
        !row.is_null()
    })
    .await;
    assert_eq!(
        own["badges"],
        serde_json::json!([["broadcaster", "HOST", "Broadcaster", 0]])
    );

    // The editor adds a badge and a color; a color that is not #rrggbb is refused in words.
    click(client, "profiles-open").await;
    click_on(
        client,
        Locator::Css("[data-testid=profile-item] [data-testid=profile-edit]"),
    )
    .await;
    click(client, "profile-badge-subscriber").await;
    let color = find(client, test_id("profile-color")).await;
    color.send_keys("blue").await.expect("type");
    click(client, "profile-save").await;
    let refused = wait_for_text(client, test_id("profile-error"), |text| !text.is_empty()).await;
    assert!(refused.contains("#rrggbb"), "{refused}");
    color
        .send_keys("\u{E009}a\u{E000}#0000ff")
        .await
        .expect("type");
    click(client, "profile-save").await;
    wait_js(
        client,
        "return !document.querySelector('[data-testid=profile-editor]');",
        |gone| gone == true,
    )
    .await;
    click_on(
        client,
        Locator::Css("[data-testid=profiles-dialog] button[aria-label=Close]"),
    )
    .await;
    let profiles = browser.bridge.app.profiles().views().await;
    let local = &profiles[0].settings;
    assert_eq!(
        (local.badges.clone(), local.color.clone()),
        (
            vec![
                chatdeck_ipc::model::Badge::Broadcaster,
                chatdeck_ipc::model::Badge::Subscriber
            ],
            Some("#0000ff".to_owned())
        )
    );
    // A room opened now asks for a token with them.
    let lobby = create_room(&browser.bridge.app, "lobby", None, None, None).await;
    open_tab(&browser.bridge, &lobby).await;
    send_from_composer(client, "hello lobby").await;
    row(client, "hello lobby", |row| row["state"] == "confirmed").await;
    let own = wait_js(client, &row_badges_js("hello lobby"), |row| !row.is_null()).await;
    assert_eq!(
        own["badges"],
        serde_json::json!([
            ["broadcaster", "HOST", "Broadcaster", 0],
            ["subscriber", "SUB", "Subscriber", 0]
        ])
    );
    assert_eq!(own["style"], "--hue: 240;");
    browser.close().await;
}
