//! Ignore and filters: ignoring a user from a message's menu hides their lines (counted in
//! the header, shown on request, never in the overlay); word and regex filters set in Settings
//! mask or hide others' lines; one's own messages and moderation notices are never filtered;
//! a pattern that does not compile is refused on save; and undoing it in Settings brings the
//! lines back.

use chatdeck_ipc::command::{DisconnectUser, GetSettings};
use chatdeck_ipc::model::ProfileId;
use chatdeck_ipc::settings::filters::{FilterAction, PatternKind};

use super::streamer::open_second_window;
use super::*;

/// The header's hidden counter: its count and whether it shows the hidden lines, or null.
const COUNTER_JS: &str = "const c = document.querySelector('[data-testid=ignored-counter]');
    return c ? c.dataset.count + '|' + c.getAttribute('aria-pressed') : null;";

/// Every rendered row of the room: its text and what the filters did to it.
const ROWS_JS: &str =
    "return [...document.querySelectorAll('[data-testid=room] [data-testid=message]')].map(r => {
    const c = r.querySelector('[data-testid=message-content]');
    return [c ? c.textContent : '', r.dataset.filtered || 'none'];
});";

async fn counter(client: &fantoccini::Client, expected: &str) {
    wait_js(client, COUNTER_JS, |value| value == expected).await;
}

/// Waits until the rendered rows (text, `data-filtered`) satisfy `check`; returns them.
async fn rows(
    client: &fantoccini::Client,
    check: impl Fn(&[(String, String)]) -> bool,
) -> Vec<(String, String)> {
    let value = wait_js(client, ROWS_JS, |value| check(&parse(value))).await;
    parse(&value)
}

fn parse(value: &Value) -> Vec<(String, String)> {
    serde_json::from_value(value.clone()).unwrap_or_default()
}

fn has(rows: &[(String, String)], text: &str, filtered: &str) -> bool {
    rows.iter().any(|(t, f)| t == text && f == filtered)
}

fn absent(rows: &[(String, String)], text: &str) -> bool {
    rows.iter().all(|(t, _)| t != text)
}

/// Opens the context menu of the row showing `text`, as a right click does.
async fn open_menu_on(client: &fantoccini::Client, text: &str) {
    let script = format!(
        "const row = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')]
            .find(r => r.querySelector('[data-testid=message-content]')?.textContent === {});
         const r = row.getBoundingClientRect();
         row.dispatchEvent(new MouseEvent('contextmenu', {{ bubbles: true, cancelable: true, clientX: r.left + 60, clientY: r.top + 8 }}));",
        serde_json::to_string(text).unwrap_or_default()
    );
    client
        .execute(&script, vec![])
        .await
        .expect("open the menu");
    find(client, test_id("context-menu")).await;
}

async fn open_settings(client: &fantoccini::Client) {
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009},\u{E000}")
        .await
        .expect("Ctrl+,");
    find(client, test_id("settings-filters")).await;
}

/// Saves the settings dialog and waits for it to close.
async fn save_settings(client: &fantoccini::Client) {
    click(client, "settings-save").await;
    wait_js(
        client,
        "return !document.querySelector('[data-testid=settings-dialog]');",
        |closed| closed == true,
    )
    .await;
}

async fn add_filter(
    client: &fantoccini::Client,
    pattern: &str,
    kind: PatternKind,
    action: FilterAction,
) {
    find(client, test_id("settings-filter-pattern"))
        .await
        .send_keys(pattern)
        .await
        .expect("type the pattern");
    find(client, test_id("settings-filter-kind"))
        .await
        .select_by_value(kind.as_str())
        .await
        .expect("the kind");
    find(client, test_id("settings-filter-action"))
        .await
        .select_by_value(action.as_str())
        .await
        .expect("the action");
    click(client, "settings-filter-add").await;
    let selector = format!(
        "[data-testid=settings-filter-rule][data-pattern={}]",
        serde_json::to_string(pattern).unwrap_or_default()
    );
    find(client, Locator::Css(&selector)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ignoring_and_filters_hide_mask_and_come_back_but_never_touch_own_lines_or_moderation() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "filter-room", None, None, None).await;
    let tab_id = open_tab(&bridge, &arn).await;
    let (maya, _maya_updates) = other_client(
        &bridge.app,
        &arn,
        "maya",
        "Maya",
        &[Capability::SendMessage],
    )
    .await;
    let (troll, _troll_updates) = other_client(
        &bridge.app,
        &arn,
        "troll",
        "Troll",
        &[Capability::SendMessage],
    )
    .await;
    troll
        .send_message("troll says hi", Attributes::new())
        .await
        .expect("send");
    maya.send_message("maya says hi", Attributes::new())
        .await
        .expect("send");
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    rows(client, |rows| {
        has(rows, "troll says hi", "none") && has(rows, "maya says hi", "none")
    })
    .await;
    assert!(
        wait_js(client, COUNTER_JS, |_| true).await.is_null(),
        "no counter while nothing is hidden"
    );

    // Ignored from the message's menu: their line goes, counted in the header.
    open_menu_on(client, "troll says hi").await;
    click_on(
        client,
        Locator::Css("[data-testid=context-menu-item][data-action=ignore]"),
    )
    .await;
    counter(client, "1|false").await;
    rows(client, |rows| {
        absent(rows, "troll says hi") && has(rows, "maya says hi", "none")
    })
    .await;
    let saved = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    let ignored = saved.filters_of(&ProfileId::new("local")).ignored_users;
    assert_eq!(ignored.len(), 1);
    assert_eq!(
        (
            ignored[0].user_id.as_str(),
            ignored[0].display_name.as_str()
        ),
        ("troll", "Troll")
    );

    // What they write next is hidden too; one's own lines and the moderation notice are not.
    troll
        .send_message("troll again", Attributes::new())
        .await
        .expect("send");
    counter(client, "2|false").await;
    send_from_composer(client, "my own troll says hi").await;
    app.tabs()
        .disconnect_user(DisconnectUser {
            tab_id: tab_id.clone(),
            user_id: "troll".into(),
            reason: Some("spam".into()),
        })
        .await
        .expect("disconnect the troll");
    let shown = rows(client, |rows| {
        has(rows, "my own troll says hi", "none")
            && rows.iter().any(|(text, filtered)| {
                text.starts_with("troll was disconnected") && filtered == "none"
            })
    })
    .await;
    assert!(absent(&shown, "troll again"), "{shown:?}");

    // Shown on request, marked; hidden again on the next click.
    click(client, "ignored-counter").await;
    counter(client, "2|true").await;
    rows(client, |rows| {
        has(rows, "troll says hi", "ignored_user") && has(rows, "troll again", "ignored_user")
    })
    .await;
    screenshot(client, "filters-hidden-lines-shown").await;
    click(client, "ignored-counter").await;
    counter(client, "2|false").await;
    rows(client, |rows| absent(rows, "troll again")).await;

    // Word and regex filters from Settings: a mask and a hide, for others' lines only.
    open_settings(client).await;
    let listed = wait_js(
        client,
        "return [...document.querySelectorAll('[data-testid=settings-ignored-user]')].map(u => u.dataset.userId);",
        |users| users.as_array().is_some_and(|users| !users.is_empty()),
    )
    .await;
    assert_eq!(listed, serde_json::json!(["troll"]));
    add_filter(client, "darn", PatternKind::Word, FilterAction::Mask).await;
    add_filter(
        client,
        r"(?i)^spoiler\b",
        PatternKind::Regex,
        FilterAction::Hide,
    )
    .await;
    screenshot(client, "settings-filters").await;
    save_settings(client).await;
    maya.send_message("darn it, DARN", Attributes::new())
        .await
        .expect("send");
    maya.send_message("Spoiler: the ending", Attributes::new())
        .await
        .expect("send");
    send_from_composer(client, "spoiler from me, darn").await;
    let shown = rows(client, |rows| {
        has(rows, "*** it, ***", "masked") && has(rows, "spoiler from me, darn", "none")
    })
    .await;
    assert!(absent(&shown, "Spoiler: the ending"), "{shown:?}");
    counter(client, "3|false").await;

    // The overlay never shows hidden lines, and shows masked ones masked.
    open_second_window(client, &format!("{}?pinned={tab_id}", browser.bridge.url())).await;
    let overlay = wait_js(
        client,
        "const texts = [...document.querySelectorAll('[data-testid=overlay-text]')].map(t => t.textContent);
         return texts.includes('*** it, ***') ? texts : null;",
        |texts| !texts.is_null(),
    )
    .await;
    let overlay: Vec<String> = serde_json::from_value(overlay).unwrap_or_default();
    assert!(
        overlay.iter().any(|text| text == "maya says hi"),
        "{overlay:?}"
    );
    for hidden in ["troll says hi", "troll again", "Spoiler: the ending"] {
        assert!(
            !overlay.iter().any(|text| text == hidden),
            "{hidden} in {overlay:?}"
        );
    }
    let main = client.windows().await.expect("windows")[0].clone();
    client.close_window().await.expect("close the overlay");
    client
        .switch_to_window(main)
        .await
        .expect("back to the main window");

    // A pattern that does not compile is refused whole, in words.
    open_settings(client).await;
    add_filter(client, "(unclosed", PatternKind::Regex, FilterAction::Hide).await;
    click(client, "settings-save").await;
    let error = wait_for_text(client, test_id("settings-error"), |text| !text.is_empty()).await;
    assert!(
        error.contains("is not a valid regular expression"),
        "{error}"
    );
    let saved = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    assert_eq!(
        saved.filters_of(&ProfileId::new("local")).rules.len(),
        2,
        "nothing of it saved"
    );

    // Undone in Settings: the troll's lines come back, shown plainly.
    click_on(client, Locator::Css("[data-testid=settings-filter-rule][data-pattern=\"(unclosed\"] [data-testid=settings-filter-remove]")).await;
    click(client, "settings-unignore").await;
    save_settings(client).await;
    rows(client, |rows| {
        has(rows, "troll says hi", "none")
            && has(rows, "troll again", "none")
            && has(rows, "*** it, ***", "masked")
    })
    .await;
    counter(client, "1|false").await;
    browser.close().await;
}
