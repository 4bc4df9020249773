//! A message row's context menu, opened by the mouse's right button, Shift+F10 and the
//! ContextMenu key: it copies the row's text and message id to the clipboard (through the
//! app's desktop request), starts a reply, opens the sender's card and deletes with a reason;
//! it opens inside the window, outside every transformed ancestor, and gives focus back.

use chatdeck::app::desktop::DesktopRequest;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_RIGHT, MouseActions, PointerAction};

use super::*;

/// The open menu: its items' actions, which item has focus, its box, the window's size and
/// whether it sits inside the room's element (it must not: it lives in a portal), or null.
const MENU_JS: &str = "const menu = document.querySelector('[data-testid=context-menu]');
    if (!menu) return null;
    const r = menu.getBoundingClientRect();
    const active = document.activeElement;
    return { key: menu.dataset.key,
             actions: [...menu.querySelectorAll('[data-testid=context-menu-item]')].map(i => i.dataset.action),
             focused: active && active.dataset.testid === 'context-menu-item' ? active.dataset.action : null,
             left: r.left, top: r.top, right: r.right, bottom: r.bottom,
             width: window.innerWidth, height: window.innerHeight,
             in_room: !!menu.closest('[data-testid=room]'),
             marked: [...document.querySelectorAll('[data-testid=message].menu-open')].map(r => r.dataset.key) };";

/// The header's note of what was just copied, or null.
const COPY_NOTE_JS: &str = "const note = document.querySelector('[data-testid=copy-note]');
    return note ? note.textContent : null;";

/// What has focus: its test id and key.
const FOCUS_JS: &str = "const el = document.activeElement;
    return el ? (el.dataset.testid || '') + '|' + (el.dataset.key || '') : null;";

async fn open_menu(client: &fantoccini::Client) -> Value {
    wait_js(client, MENU_JS, |menu| {
        !menu.is_null() && !menu["focused"].is_null()
    })
    .await
}

async fn menu_closed(client: &fantoccini::Client) {
    wait_js(client, MENU_JS, Value::is_null).await;
}

/// The row element of `key`.
fn row_css(key: &str) -> String {
    format!("[data-testid=room] [data-testid=message][data-key=\"{key}\"]")
}

/// Right-clicks the row of `key`, left of its middle.
async fn right_click(client: &fantoccini::Client, key: &str) {
    let row = find(client, Locator::Css(&row_css(key))).await;
    let actions = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: row,
            duration: None,
            x: -200.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_RIGHT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_RIGHT,
        });
    client.perform_actions(actions).await.expect("right click");
}

/// Focuses the row of `key`, as the list's arrows would.
async fn focus_row(client: &fantoccini::Client, key: &str) {
    client
        .execute(
            &format!("document.querySelector('{}').focus();", row_css(key)),
            vec![],
        )
        .await
        .expect("focus the row");
    let expected = format!("message|{key}");
    wait_js(client, FOCUS_JS, |focus| focus == expected.as_str()).await;
}

/// Waits until the desktop was asked to copy `count` texts; returns them.
async fn copied(app: &chatdeck::app::App, count: usize) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let texts: Vec<String> = app
            .desktop_requests()
            .into_iter()
            .filter_map(|request| match request {
                DesktopRequest::CopyText { text } => Some(text),
                _ => None,
            })
            .collect();
        if texts.len() >= count {
            return texts;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {texts:?} copied"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_context_menu_copies_replies_opens_the_card_and_deletes_from_mouse_and_keyboard() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "menu-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (maya, _updates) = other_client(
        &bridge.app,
        &arn,
        "maya",
        "Maya",
        &[Capability::SendMessage],
    )
    .await;
    for line in [
        "copy me, with ünïcode ✓",
        "a question",
        "buy cheap followers",
    ] {
        maya.send_message(line, Attributes::new())
            .await
            .expect("send");
    }
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    let copy_me = row(client, "copy me, with ünïcode ✓", |_| true).await;
    let copy_key = copy_me["key"].as_str().unwrap_or_default().to_owned();
    let message_id: Value = client
        .execute(
            &format!(
                "return document.querySelector('{}').dataset.messageId;",
                row_css(&copy_key)
            ),
            vec![],
        )
        .await
        .expect("the message id");
    let message_id = message_id.as_str().unwrap_or_default().to_owned();
    assert!(!message_id.is_empty());

    // The right button opens the menu at the pointer, in a portal, focus on its first item;
    // a moderator is offered every action.
    right_click(client, &copy_key).await;
    let menu = open_menu(client).await;
    assert_eq!(menu["key"], copy_key.as_str());
    assert_eq!(
        menu["actions"],
        serde_json::json!([
            "reply",
            "copy-text",
            "copy-id",
            "user-card",
            "ignore",
            "delete"
        ])
    );
    assert_eq!(menu["focused"], "reply");
    assert_eq!(menu["in_room"], false, "{menu}");
    assert_eq!(
        menu["marked"],
        serde_json::json!([copy_key]),
        "the row is marked"
    );
    screenshot(client, "context-menu").await;

    // Down and Enter: the text goes to the clipboard as written; focus back on the row.
    keys(client, "\u{E015}").await;
    wait_js(client, MENU_JS, |menu| menu["focused"] == "copy-text").await;
    keys(client, "\u{E007}").await;
    menu_closed(client).await;
    assert_eq!(copied(&app, 1).await, ["copy me, with ünïcode ✓"]);
    // Said in the header for a moment.
    wait_js(client, COPY_NOTE_JS, |note| note == "Text copied").await;
    wait_js(client, COPY_NOTE_JS, Value::is_null).await;
    let marked: Value = client
        .execute(
            "return document.querySelectorAll('[data-testid=message].menu-open').length;",
            vec![],
        )
        .await
        .expect("marks");
    assert_eq!(marked, 0, "the mark goes with the menu");
    let back = format!("message|{copy_key}");
    wait_js(client, FOCUS_JS, |focus| focus == back.as_str()).await;

    // Shift+F10 on the focused row opens it again; Up wraps to Delete, Up again is Ignore user,
    // then User card, then Copy message id.
    keys(client, "\u{E008}\u{E03A}").await;
    open_menu(client).await;
    keys(client, "\u{E013}\u{E013}\u{E013}\u{E013}").await;
    wait_js(client, MENU_JS, |menu| menu["focused"] == "copy-id").await;
    keys(client, "\u{E007}").await;
    menu_closed(client).await;
    assert_eq!(copied(&app, 2).await[1], message_id);
    wait_js(client, COPY_NOTE_JS, |note| note == "Message id copied").await;

    // Escape closes without doing anything, back to the row.
    keys(client, "\u{E008}\u{E03A}").await;
    open_menu(client).await;
    keys(client, "\u{E00C}").await;
    menu_closed(client).await;
    wait_js(client, FOCUS_JS, |focus| focus == back.as_str()).await;
    assert_eq!(copied(&app, 2).await.len(), 2, "Escape copies nothing");

    // The ContextMenu key; User card opens the sender's card.
    client
        .execute(
            "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'ContextMenu', bubbles: true, cancelable: true }));",
            vec![],
        )
        .await
        .expect("press ContextMenu");
    open_menu(client).await;
    click_on(
        client,
        Locator::Css("[data-testid=context-menu-item][data-action=user-card]"),
    )
    .await;
    find(
        client,
        Locator::Css("[data-testid=user-card][data-user-id=maya]"),
    )
    .await;
    menu_closed(client).await;

    // Reply by mouse: the composer answers the question, and the answer quotes it.
    let question = row(client, "a question", |_| true).await;
    right_click(client, question["key"].as_str().unwrap_or_default()).await;
    open_menu(client).await;
    click_on(
        client,
        Locator::Css("[data-testid=context-menu-item][data-action=reply]"),
    )
    .await;
    wait_js(client, FOCUS_JS, |focus| {
        focus
            .as_str()
            .is_some_and(|f| f.starts_with("composer-input|"))
    })
    .await;
    find(client, test_id("reply-target")).await;
    send_from_composer(client, "the answer").await;
    let answer = wait_js(
        client,
        "const row = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')]
            .find(r => (r.querySelector('[data-testid=message-content]') || {}).textContent === 'the answer');
         const quote = row && row.querySelector('[data-testid=reply-quote]');
         return quote ? quote.dataset.state + '|' + quote.textContent : null;",
        |quote| quote.as_str().is_some_and(|q| q.starts_with("available|")),
    )
    .await;
    assert!(
        answer.as_str().unwrap_or_default().contains("a question"),
        "{answer}"
    );

    // Delete from the menu asks for the reason, and the row says it was deleted.
    let spam = row(client, "buy cheap followers", |_| true).await;
    let spam_key = spam["key"].as_str().unwrap_or_default().to_owned();
    focus_row(client, &spam_key).await;
    keys(client, "\u{E008}\u{E03A}").await;
    open_menu(client).await;
    keys(client, "\u{E013}").await;
    wait_js(client, MENU_JS, |menu| menu["focused"] == "delete").await;
    keys(client, "\u{E007}").await;
    let reason = find(client, test_id("reason-input")).await;
    reason.send_keys("spam\u{E007}").await.expect("reason");
    wait_js(client, &key_script(&spam_key), |row| {
        row["deleted"] == "deleted by a moderator (spam)"
    })
    .await;
    // A deleted message has no text to copy, answer or delete (its author can still be
    // ignored).
    right_click(client, &spam_key).await;
    let menu = open_menu(client).await;
    assert_eq!(
        menu["actions"],
        serde_json::json!(["copy-id", "user-card", "ignore"])
    );
    // A click outside closes it.
    client
        .execute("document.querySelector('.context-scrim').click();", vec![])
        .await
        .expect("click outside");
    menu_closed(client).await;

    // Opened at the window's bottom right corner, it stays inside the window.
    client
        .execute(
            &format!(
                "document.querySelector('{}').dispatchEvent(new MouseEvent('contextmenu', {{
                    bubbles: true, cancelable: true,
                    clientX: window.innerWidth - 3, clientY: window.innerHeight - 3 }}));",
                row_css(&copy_key)
            ),
            vec![],
        )
        .await
        .expect("open at the corner");
    let menu = open_menu(client).await;
    let inside = |edge: &str| menu[edge].as_f64().unwrap_or(-1.0);
    assert!(inside("left") >= 0.0 && inside("top") >= 0.0, "{menu}");
    assert!(
        inside("right") <= inside("width") && inside("bottom") <= inside("height"),
        "{menu}"
    );
    assert!(
        inside("right") > inside("width") - 40.0,
        "it opens beside the corner, not somewhere else: {menu}"
    );
    keys(client, "\u{E00C}").await;
    menu_closed(client).await;
    browser.close().await;
}
