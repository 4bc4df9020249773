//! `@name` completion in the composer: the room's recent chatters, newest first and never
//! oneself, chosen with Down and Enter (which then does not send), Tab, or a click; Escape
//! closes the list and keeps the draft; the sent message carries the completed names.

use super::*;

/// The list: its names in order and the highlighted one, or null.
const LIST_JS: &str = "const list = document.querySelector('[data-testid=mention-completion]');
    if (!list) return null;
    const items = [...list.querySelectorAll('[data-testid=mention-completion-item]')];
    const selected = items.find(i => i.getAttribute('aria-selected') === 'true');
    return { names: items.map(i => i.textContent), selected: selected ? selected.textContent : null,
             active: document.querySelector('[data-testid=composer-input]').getAttribute('aria-activedescendant') === (selected && selected.id) };";

const DRAFT_JS: &str = "return document.querySelector('[data-testid=composer-input]').value;";

async fn list(client: &fantoccini::Client, predicate: impl Fn(&Value) -> bool) -> Value {
    wait_js(client, LIST_JS, |list| !list.is_null() && predicate(list)).await
}

async fn closed(client: &fantoccini::Client) {
    wait_js(client, LIST_JS, Value::is_null).await;
}

async fn draft(client: &fantoccini::Client, expected: &str) {
    wait_js(client, DRAFT_JS, |draft| draft == expected).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn at_names_complete_from_recent_chatters_and_enter_chooses_instead_of_sending() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "complete-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let mut others = Vec::new();
    for (user, name) in [("maya", "Maya"), ("marco", "Marco"), ("bob", "Bob")] {
        let (client, mut updates) =
            other_client(&bridge.app, &arn, user, name, &[Capability::SendMessage]).await;
        let text = format!("{name} here");
        client
            .send_message(&text, Attributes::new())
            .await
            .expect("send");
        // Delivered before the next one speaks: the order of speaking is the premise.
        wait_for(
            &mut updates,
            |update| matches!(update, Update::Message(message) if message.content == text),
        )
        .await;
        others.push((client, updates));
    }
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    row(client, "Bob here", |_| true).await;
    send_from_composer(client, "hello all").await;
    row(client, "hello all", |row| row["state"] == "confirmed").await;
    let input = find(client, test_id("composer-input")).await;

    // "@ma": Marco spoke after Maya, so Marco first; Down highlights Maya; Enter takes her
    // and sends nothing.
    input.send_keys("thanks @ma").await.expect("type");
    let offered = list(client, |list| {
        list["names"].as_array().is_some_and(|n| n.len() == 2)
    })
    .await;
    assert_eq!(offered["names"], serde_json::json!(["@Marco", "@Maya"]));
    assert_eq!(offered["selected"], "@Marco");
    assert_eq!(offered["active"], true, "{offered}");
    input.send_keys("\u{E015}").await.expect("Down");
    list(client, |list| list["selected"] == "@Maya").await;
    screenshot(client, "mention-completion").await;
    input.send_keys("\u{E007}").await.expect("Enter");
    closed(client).await;
    draft(client, "thanks @Maya ").await;

    // Tab takes the only match; oneself ("Host") is never offered.
    input.send_keys("and @B").await.expect("type");
    list(client, |list| list["names"] == serde_json::json!(["@Bob"])).await;
    input.send_keys("\u{E004}").await.expect("Tab");
    draft(client, "thanks @Maya and @Bob ").await;
    input.send_keys("@Ho").await.expect("type");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        client.execute(LIST_JS, vec![]).await.expect("list"),
        Value::Null
    );

    // Escape closes the list and keeps the draft (without the list, Escape clears it).
    input
        .send_keys("\u{E003}\u{E003}\u{E003}@mar")
        .await
        .expect("type");
    list(client, |list| {
        list["names"] == serde_json::json!(["@Marco"])
    })
    .await;
    input.send_keys("\u{E00C}").await.expect("Escape");
    closed(client).await;
    draft(client, "thanks @Maya and @Bob @mar").await;

    // A click chooses too.
    input
        .send_keys("\u{E003}\u{E003}\u{E003}")
        .await
        .expect("erase");
    input.send_keys("c").await.expect("type");
    list(client, |list| {
        list["names"] == serde_json::json!(["@Marco"])
    })
    .await;
    click_on(client, test_id("mention-completion-item")).await;
    draft(client, "thanks @Maya and @Bob @Marco ").await;

    // Enter with the list closed sends what was completed.
    input.send_keys("\u{E007}").await.expect("Enter");
    let sent = wait_js(
        client,
        "return [...document.querySelectorAll('[data-testid=room] [data-testid=message][data-own=true] [data-testid=message-content]')]
            .map(c => c.textContent).filter(t => t.startsWith('thanks'));",
        |sent| sent.as_array().is_some_and(|s| !s.is_empty()),
    )
    .await;
    assert_eq!(
        sent[0].as_str().unwrap_or_default().trim_end(),
        "thanks @Maya and @Bob @Marco"
    );
    drop(others);
    browser.close().await;
}
