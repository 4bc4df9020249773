//! The composer's emoji picker and `:shortcode` completion: searched and chosen by mouse and
//! by keyboard, inserted at the caret, recently used emoji first (kept across a reload),
//! Escape back to the input, and the sent message holding exactly the emoji chosen.

use super::*;

/// The picker: where focus is, its options' emoji (first 12), which is highlighted and which
/// are recent; or null.
const PICKER_JS: &str = "const picker = document.querySelector('[data-testid=emoji-picker]');
    if (!picker) return null;
    const options = [...picker.querySelectorAll('[data-testid=emoji-option]')];
    const selected = options.find(o => o.getAttribute('aria-selected') === 'true');
    const search = picker.querySelector('[data-testid=emoji-picker-search]');
    return { focus: document.activeElement === search,
             emoji: options.slice(0, 12).map(o => o.dataset.emoji),
             recent: options.filter(o => o.dataset.recent === 'true').map(o => o.dataset.emoji),
             selected: selected ? selected.dataset.emoji : null,
             active: search.getAttribute('aria-activedescendant') === (selected && selected.id) };";

/// The composer's text and whether it has focus.
const COMPOSER_JS: &str = "const input = document.querySelector('[data-testid=composer-input]');
    return { value: input.value, focus: document.activeElement === input };";

async fn picker(client: &fantoccini::Client, predicate: impl Fn(&Value) -> bool) -> Value {
    wait_js(client, PICKER_JS, |p| !p.is_null() && predicate(p)).await
}

async fn composer(client: &fantoccini::Client, value: &str) {
    wait_js(client, COMPOSER_JS, |c| {
        c["value"] == value && c["focus"] == true
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn emoji_are_picked_searched_completed_remembered_and_sent() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "emoji-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    let input = find(client, test_id("composer-input")).await;
    input.send_keys("party ").await.expect("type");

    // By mouse: the button opens it with focus in the search; nothing used yet.
    click(client, "emoji-picker-toggle").await;
    let first = picker(client, |p| p["focus"] == true).await;
    assert_eq!(first["recent"], serde_json::json!([]));
    assert_eq!(first["active"], true, "{first}");
    // A search narrows it; Enter takes the highlighted (first) match.
    keys(client, "tada").await;
    picker(client, |p| p["selected"] == "🎉").await;
    keys(client, "\u{E007}").await;
    wait_js(client, PICKER_JS, Value::is_null).await;
    composer(client, "party 🎉").await;

    // By keyboard: Tab to the button, Enter opens it; the emoji just used comes first.
    keys(client, " \u{E004}").await;
    wait_js(
        client,
        "return document.activeElement.dataset.testid;",
        |id| id == "emoji-picker-toggle",
    )
    .await;
    keys(client, "\u{E007}").await;
    let again = picker(client, |p| p["focus"] == true).await;
    assert_eq!(again["recent"], serde_json::json!(["🎉"]));
    assert_eq!(again["emoji"][0], "🎉");
    keys(client, "thumbs").await;
    let thumbs = picker(client, |p| p["selected"] == "👍").await;
    assert_eq!(thumbs["emoji"][1], "👎", "{thumbs}");
    // Right moves to 👎, Left back to 👍, Enter inserts at the caret.
    keys(client, "\u{E014}").await;
    picker(client, |p| p["selected"] == "👎" && p["active"] == true).await;
    keys(client, "\u{E012}\u{E007}").await;
    composer(client, "party 🎉 👍").await;

    // Escape closes without inserting, back in the input.
    click(client, "emoji-picker-toggle").await;
    picker(client, |p| p["focus"] == true).await;
    screenshot(client, "emoji-picker").await;
    keys(client, "\u{E00C}").await;
    wait_js(client, PICKER_JS, Value::is_null).await;
    composer(client, "party 🎉 👍").await;

    // `:shortcode` completion: two letters offer emoji; Enter takes one instead of sending.
    keys(client, " :sparkles").await;
    let offered = wait_js(
        client,
        "const list = document.querySelector('[data-testid=emoji-completion]');
         return list ? [...list.querySelectorAll('[data-testid=emoji-completion-item]')].map(i => i.textContent) : null;",
        |list| list.as_array().is_some_and(|l| !l.is_empty()),
    )
    .await;
    assert_eq!(offered[0], "✨ :sparkles:", "{offered}");
    keys(client, "\u{E007}").await;
    composer(client, "party 🎉 👍 ✨").await;

    // Enter sends exactly that.
    keys(client, "\u{E007}").await;
    row(client, "party 🎉 👍 ✨", |row| {
        row["state"] == "confirmed"
    })
    .await;

    // Remembered after a reload, newest first.
    client.refresh().await.expect("reload");
    badge(client, "connected").await;
    click(client, "emoji-picker-toggle").await;
    let remembered = picker(client, |p| p["focus"] == true).await;
    assert_eq!(remembered["recent"], serde_json::json!(["✨", "👍", "🎉"]));
    browser.close().await;
}
