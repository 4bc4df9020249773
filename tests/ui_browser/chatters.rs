//! The room's recent chatters (room menu → Recent chatters): who wrote lately, newest first,
//! once each with their badges and message count, from the history; searchable; each opens
//! the user's card; the panel says that quiet viewers are not listed.

use support::fixture::{attributes, other_client_with};

use super::*;

/// The listed chatters: `[[user id, text]]`, or null while the panel is not shown.
const CHATTERS_JS: &str = "const panel = document.querySelector('[data-testid=recent-chatters]');
    if (!panel) return null;
    return [...panel.querySelectorAll('[data-testid=recent-chatter]')]
        .map(c => [c.dataset.userId, c.textContent]);";

fn ids(chatters: &Value) -> Vec<String> {
    chatters
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|chatter| chatter[0].as_str().map(str::to_owned))
        .collect()
}

async fn chatters_are(client: &fantoccini::Client, expected: &[&str]) -> Value {
    wait_js(client, CHATTERS_JS, |chatters| ids(chatters) == expected).await
}

#[tokio::test(flavor = "multi_thread")]
async fn recent_chatters_are_listed_newest_first_searchable_and_open_their_card() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "chatters-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let mut viewers = Vec::new();
    for (id, name, badges) in [
        ("maya", "Maya", "moderator"),
        ("theo", "Theo", ""),
        ("jun", "Jun", ""),
    ] {
        let attributes = attributes(&[("displayName", name), ("badges", badges)]);
        let (room, _updates) = other_client_with(
            &bridge.app,
            &arn,
            id,
            attributes,
            &[Capability::SendMessage],
        )
        .await;
        viewers.push(room);
    }
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    for (who, text) in [(0, "one"), (1, "two"), (0, "three"), (2, "four")] {
        viewers[who]
            .send_message(text, Attributes::new())
            .await
            .expect("send");
        row(client, text, |_| true).await;
    }

    click(client, "room-menu").await;
    click(client, "recent-chatters-toggle").await;
    let listed = chatters_are(client, &["jun", "maya", "theo"]).await;
    let maya = listed[1][1].as_str().unwrap_or_default();
    assert!(
        maya.contains("MOD") && maya.contains("Maya") && maya.contains("2 messages"),
        "{maya}"
    );
    let note = wait_for_text(client, Locator::Css(".chatters-note"), |text| {
        !text.is_empty()
    })
    .await;
    assert!(note.contains("does not tell who is watching"), "{note}");
    screenshot(client, "recent-chatters").await;

    // A new message moves its sender to the top.
    viewers[1]
        .send_message("five", Attributes::new())
        .await
        .expect("send");
    chatters_are(client, &["theo", "jun", "maya"]).await;

    // Search by name or id, ignoring case.
    let search = find(client, test_id("recent-chatters-search")).await;
    search.send_keys("MA").await.expect("type");
    chatters_are(client, &["maya"]).await;
    search
        .send_keys("\u{E009}a\u{E000}\u{E003}")
        .await
        .expect("clear");
    chatters_are(client, &["theo", "jun", "maya"]).await;

    // A chatter opens their card.
    click_on(
        client,
        Locator::Css("[data-testid=recent-chatter][data-user-id=maya]"),
    )
    .await;
    let card = find(client, test_id("user-card")).await;
    assert_eq!(
        card.attr("data-user-id").await.ok().flatten().as_deref(),
        Some("maya")
    );
    browser.close().await;
}
