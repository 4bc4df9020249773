//! Accessibility: the whole room operated from the keyboard alone (tabs, list, a row's
//! context menu, moderation, composer with its `@name` completion and emoji picker,
//! menus), with a visible focus at every stop; WCAG AA contrast of the key text
//! and background pairs in the light and the dark theme, computed from the styles.

use chatdeck_ipc::command::{CloseTab, SaveSettings};
use chatdeck_ipc::settings::{Settings, Theme};

use support::fixture::{attributes, other_client_with};

use super::streamer::RGBA_JS;
use super::*;

/// What has focus: `[testid, role, text, key, has a visible focus indicator]`.
const FOCUSED_JS: &str = "const el = document.activeElement;
    if (!el || el === document.body) return null;
    const ring = (n) => { const cs = getComputedStyle(n);
        return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none'; };
    const visible = ring(el) || (el.parentElement && ring(el.parentElement));
    return [el.dataset.testid || '', el.getAttribute('role') || el.tagName.toLowerCase(),
            (el.textContent || '').trim().slice(0, 40), el.dataset.key || '', visible];";

/// Presses `keys` where the focus is, as a keyboard would (W3C key actions, so a focused
/// file input takes Tab as a key, not as a file name). Ctrl, Shift and Alt stay down until
/// the next NULL (`\u{E000}`) or the end.
async fn press(client: &fantoccini::Client, keys: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    const MODIFIERS: [char; 3] = ['\u{E008}', '\u{E009}', '\u{E00A}'];
    let mut actions = KeyActions::new("keyboard".into());
    let mut held = Vec::new();
    for key in keys.chars() {
        if MODIFIERS.contains(&key) {
            actions = actions.then(KeyAction::Down { value: key });
            held.push(key);
        } else if key == '\u{E000}' {
            for modifier in held.drain(..).rev() {
                actions = actions.then(KeyAction::Up { value: modifier });
            }
        } else {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
    }
    for modifier in held.into_iter().rev() {
        actions = actions.then(KeyAction::Up { value: modifier });
    }
    client.perform_actions(actions).await.expect("keys");
}

async fn focused(client: &fantoccini::Client) -> serde_json::Value {
    client.execute(FOCUSED_JS, vec![]).await.expect("focus")
}

/// Waits until what has focus satisfies `predicate` (a row may re-render under it first).
async fn focus_on(
    client: &fantoccini::Client,
    predicate: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    wait_js(client, FOCUSED_JS, |f| !f.is_null() && predicate(f)).await
}

fn text_of(focus: &serde_json::Value) -> &str {
    focus[2].as_str().unwrap_or_default()
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const UP: &str = "\u{E013}";
const DOWN: &str = "\u{E015}";
const LEFT: &str = "\u{E012}";
const RIGHT: &str = "\u{E014}";
const HOME: &str = "\u{E011}";
const DELETE: &str = "\u{E017}";

/// Presses Tab until `arrived` accepts what has focus, checking each stop on the way shows
/// its focus; returns the stop.
async fn tab_until(
    client: &fantoccini::Client,
    unringed: &mut Vec<serde_json::Value>,
    arrived: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    for _ in 0..30 {
        press(client, TAB).await;
        let now = focused(client).await;
        if !now.is_null() && now[4] != true {
            unringed.push(now.clone());
        }
        if !now.is_null() && arrived(&now) {
            return now;
        }
    }
    panic!(
        "Tab never reached the stop; last {:?}",
        focused(client).await
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_room_is_operated_from_the_keyboard_alone_with_visible_focus() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let alpha = create_room(&bridge.app, "alpha", None, None, None).await;
    let beta = create_room(&bridge.app, "beta", None, None, None).await;
    open_tab(&bridge, &alpha).await;
    open_tab(&bridge, &beta).await;
    let (maya, _updates) = other_client(
        &bridge.app,
        &beta,
        "maya",
        "Maya",
        &[Capability::SendMessage],
    )
    .await;
    for line in ["one", "two", "three", "buy cheap followers"] {
        maya.send_message(line, Attributes::new())
            .await
            .expect("send");
    }
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    row(client, "buy cheap followers", |_| true).await;
    let mut unringed = Vec::new();

    // The tab strip: one stop, on the tab in front; arrows move, Enter opens.
    let first = tab_until(client, &mut unringed, |f| f[1] == "tab").await;
    assert!(
        first[2].as_str().unwrap_or_default().contains("beta"),
        "{first}"
    );
    press(client, LEFT).await;
    focus_on(client, |f| text_of(f).contains("alpha")).await;
    press(client, ENTER).await;
    wait_for_text(client, test_id("room-name"), |t| t.contains("alpha")).await;
    press(client, RIGHT).await;
    press(client, ENTER).await;
    wait_for_text(client, test_id("room-name"), |t| t.contains("beta")).await;

    // The room menu: Enter opens it on its first item; arrows move; Escape closes it and
    // gives focus back to its button.
    tab_until(client, &mut unringed, |f| f[0] == "room-menu").await;
    press(client, ENTER).await;
    let is_item = |f: &serde_json::Value| f[1].as_str().unwrap_or_default().starts_with("menuitem");
    let item = focus_on(client, is_item).await;
    press(client, DOWN).await;
    focus_on(client, |f| is_item(f) && f[2] != item[2]).await;
    press(client, ESCAPE).await;
    focus_on(client, |f| f[0] == "room-menu").await;
    assert!(client.find(Locator::Css("[role=menu]")).await.is_err());

    // The message list: one stop that lands on the newest row; arrows move between rows.
    let newest = tab_until(client, &mut unringed, |f| f[0] == "message").await;
    assert!(text_of(&newest).contains("buy cheap followers"), "{newest}");
    press(client, UP).await;
    focus_on(client, |f| {
        f[0] == "message" && text_of(f).contains("three")
    })
    .await;
    press(client, HOME).await;
    focus_on(client, |f| f[0] == "message" && text_of(f).contains("one")).await;
    press(client, "\u{E010}").await; // End
    let spam = focus_on(client, |f| f[3] == newest[3]).await;

    // The row's context menu: Shift+F10 opens it with focus on its first item; arrows move;
    // Escape closes it and gives focus back to the row.
    press(client, "\u{E008}\u{E03A}\u{E000}").await;
    let item = focus_on(client, |f| f[0] == "context-menu-item").await;
    assert_eq!(item[1], "menuitem");
    assert_eq!(item[4], true, "the menu's item shows its focus: {item}");
    press(client, DOWN).await;
    focus_on(client, |f| f[0] == "context-menu-item" && f[2] != item[2]).await;
    press(client, ESCAPE).await;
    focus_on(client, |f| f[0] == "message" && f[3] == newest[3]).await;
    assert!(client.find(test_id("context-menu")).await.is_err());

    // Moderation: Enter opens the sender's card; Delete asks for a reason; Enter confirms;
    // focus comes back to the row.
    press(client, ENTER).await;
    find(
        client,
        Locator::Css("[data-testid=user-card][data-user-id=maya]"),
    )
    .await;
    press(client, DELETE).await;
    focus_on(client, |f| f[0] == "reason-input").await;
    press(client, &format!("spam{ENTER}")).await;
    let key = spam[3].as_str().unwrap_or_default().to_owned();
    wait_js(client, &key_script(&key), |row| {
        row["deleted"] == "deleted by a moderator (spam)"
    })
    .await;
    let back = focus_on(client, |f| f[3] == key.as_str()).await;
    assert_eq!(back[0], "message");
    screenshot(client, "keyboard-row-focus").await;

    // Escape goes to the composer; Enter sends.
    press(client, ESCAPE).await;
    focus_on(client, |f| f[0] == "composer-input").await;
    press(client, &format!("sorted, thanks{ENTER}")).await;
    row(client, "sorted, thanks", |row| row["state"] == "confirmed").await;

    // `@` and letters offer a name; Down / Up move, Enter takes it instead of sending.
    press(client, "@ma").await;
    find(client, test_id("mention-completion")).await;
    press(client, &format!("{DOWN}{UP}{ENTER}")).await;
    wait_js(
        client,
        "return document.querySelector('[data-testid=composer-input]').value;",
        |draft| draft == "@Maya ",
    )
    .await;
    assert!(client.find(test_id("mention-completion")).await.is_err());
    press(client, &format!("thanks{ENTER}")).await;
    row(client, "@Maya thanks", |row| row["state"] == "confirmed").await;

    // The emoji picker: Tab to its button, Enter opens it with focus in its search; typing
    // narrows, Enter inserts and returns to the input; Escape there clears the draft.
    tab_until(client, &mut unringed, |f| f[0] == "emoji-picker-toggle").await;
    press(client, ENTER).await;
    focus_on(client, |f| f[0] == "emoji-picker-search").await;
    press(client, &format!("wave{ENTER}")).await;
    focus_on(client, |f| f[0] == "composer-input").await;
    let draft_js = "return document.querySelector('[data-testid=composer-input]').value;";
    wait_js(client, draft_js, |draft| draft == "👋").await;
    assert!(client.find(test_id("emoji-picker")).await.is_err());
    press(client, ESCAPE).await;
    wait_js(client, draft_js, |draft| draft == "").await;

    // The card's disconnect, from the keyboard: Tab to it, Enter asks, Escape cancels and
    // returns to the button.
    let disconnect = tab_until(client, &mut unringed, |f| f[0] == "user-disconnect").await;
    assert_eq!(disconnect[2], "Disconnect user…");
    press(client, ENTER).await;
    focus_on(client, |f| f[0] == "reason-input").await;
    press(client, ESCAPE).await;
    focus_on(client, |f| f[0] == "user-disconnect").await;

    // Settings from the keyboard: Ctrl+, opens it with focus inside; Escape closes it and
    // focus goes back where it was.
    press(client, "\u{E009},\u{E000}").await;
    focus_on(client, |f| f[0] == "settings-theme-system").await;
    tab_until(client, &mut unringed, |f| f[0] == "settings-save").await;
    press(client, ESCAPE).await;
    focus_on(client, |f| f[0] == "user-disconnect").await;

    assert!(
        unringed.is_empty(),
        "stops without a visible focus: {unringed:?}"
    );
    browser.close().await;
}

/// Elements whose text is checked, by name and selector.
const CHECKS: &[(&str, &str)] = &[
    ("message text", "[data-testid=message-content]"),
    ("sender name", "[data-testid=message-sender]"),
    ("time", "[data-testid=message] .meta time"),
    ("avatar initial", ".avatar.initial"),
    ("own tag", ".tag:not(.history-tag)"),
    ("history tag", ".history-tag"),
    ("history divider", ".history-divider span"),
    ("name highlight", "mark.mention[data-kind=name]"),
    ("word highlight", "mark.mention[data-kind=word]"),
    ("room name", "[data-testid=room-name]"),
    ("profile chip", ".room-title .chip"),
    ("connection badge", ".badge-state"),
    ("tab name", ".tab-name"),
    ("unread count", "[data-testid=tab-unread]"),
    ("mention count", "[data-testid=tab-mentions]"),
    ("strip buttons", ".profiles-button, .strip-button"),
    ("brand", ".brand"),
    ("composer counter", "[data-testid=composer-counter]"),
    ("send button", "[data-testid=composer-send]:not(:disabled)"),
    ("role badge", "[data-testid=room] [data-testid=badge]"),
];

/// Every checked pair of the page: `{name, text, ratio}`, from computed colours composited
/// over their ancestors' backgrounds.
fn contrast_js() -> String {
    let checks = serde_json::to_string(CHECKS).expect("json");
    format!(
        "{RGBA_JS}
         const blend = (top, under) => {{ const a = top[3] + under[3] * (1 - top[3]); if (a === 0) return [0, 0, 0, 0];
             return [0, 1, 2].map(i => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat([a]); }};
         const backdrop = (el) => {{ const layers = []; let opacity = 1;
             for (let n = el; n && n.nodeType === 1; n = n.parentElement) {{ const cs = getComputedStyle(n);
                 layers.push(rgba(cs.backgroundColor)); opacity *= parseFloat(cs.opacity); }}
             let bg = [255, 255, 255, 1]; for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
             return [bg, opacity]; }};
         const lum = (c) => {{ const [r, g, b] = c.slice(0, 3).map(v => v / 255)
             .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; }};
         const ratio = (a, b) => {{ const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }};
         const out = [];
         for (const [name, selector] of {checks}) {{
             const found = [...document.querySelectorAll(selector)].filter(el => el.getClientRects().length > 0);
             if (found.length === 0) out.push({{ name, missing: true }});
             for (const el of found) {{
                 const [bg, opacity] = backdrop(el); const fg = rgba(getComputedStyle(el).color);
                 const text = blend([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
                 out.push({{ name, text: (el.textContent || '').trim().slice(0, 24), ratio: ratio(text, bg) }});
             }}
         }}
         return out;"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn key_text_passes_wcag_aa_contrast_in_the_light_and_the_dark_theme() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let stage = create_room(&bridge.app, "stage", None, None, None).await;
    let lobby = create_room(&bridge.app, "lobby", None, None, None).await;
    bridge
        .app
        .settings()
        .save_settings(SaveSettings {
            settings: Settings {
                highlight_words: vec!["raid".into()],
                ..Settings::default()
            },
        })
        .await
        .expect("settings");
    // Lines from an earlier session of the stage, so history rows and tags show.
    let first = open_tab(&bridge, &stage).await;
    let viewers = [
        ("maya", "Maya"),
        ("theo", "Theo"),
        ("jun", "Jun"),
        ("priya", "Priya"),
        ("sam", "Sam"),
        ("olu", "Olu"),
        ("lena", "Lena"),
        ("kai", "Kai"),
    ];
    let mut clients = Vec::new();
    for (id, name) in viewers {
        // The first viewer wears every badge, so each one's colors are checked.
        let badges = if id == "maya" {
            "broadcaster,moderator,vip,subscriber"
        } else {
            ""
        };
        let attributes = attributes(&[("displayName", name), ("badges", badges)]);
        clients.push(
            other_client_with(
                &bridge.app,
                &stage,
                id,
                attributes,
                &[Capability::SendMessage],
            )
            .await,
        );
    }
    clients[0]
        .0
        .send_message("from before the restart", Attributes::new())
        .await
        .expect("send");
    wait_for(
        &mut clients[0].1,
        |u| matches!(u, Update::Message(m) if m.content == "from before the restart"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    bridge
        .app
        .tabs()
        .close_tab(CloseTab { tab_id: first })
        .await
        .expect("close");
    open_tab(&bridge, &lobby).await;
    open_tab(&bridge, &stage).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    for (index, (room, _)) in clients.iter().enumerate() {
        let text = match index {
            0 => "hello Host!".to_owned(),
            1 => "raid at nine".to_owned(),
            n => format!("message number {n}"),
        };
        room.send_message(text, Attributes::new())
            .await
            .expect("send");
    }
    send_from_composer(client, "welcome, everyone").await;
    row(client, "welcome, everyone", |row| {
        row["state"] == "confirmed"
    })
    .await;
    row(client, "message number 7", |_| true).await;
    // A background tab with unread messages and a mention.
    let (lobby_viewer, _l) =
        other_client(&app, &lobby, "zed", "Zed", &[Capability::SendMessage]).await;
    lobby_viewer
        .send_message("host, over here", Attributes::new())
        .await
        .expect("send");
    find(client, test_id("tab-mentions")).await;
    find(client, test_id("composer-input"))
        .await
        .send_keys("typing")
        .await
        .expect("type");

    let mut failures = Vec::new();
    for theme in [Theme::Light, Theme::Dark] {
        app.settings()
            .save_settings(SaveSettings {
                settings: Settings {
                    theme,
                    highlight_words: vec!["raid".into()],
                    ..Settings::default()
                },
            })
            .await
            .expect("theme");
        wait_js(
            client,
            "return document.documentElement.dataset.theme;",
            |t| t == theme.as_str(),
        )
        .await;
        let pairs = wait_js(client, &contrast_js(), |pairs| {
            pairs
                .as_array()
                .is_some_and(|p| !p.iter().any(|x| x["missing"] == true))
        })
        .await;
        for pair in pairs.as_array().into_iter().flatten() {
            let ratio = pair["ratio"].as_f64().unwrap_or(0.0);
            if ratio < 4.5 {
                failures.push(format!(
                    "{} {} {:?}: {ratio:.2}",
                    theme.as_str(),
                    pair["name"],
                    pair["text"]
                ));
            }
        }
        screenshot(client, &format!("contrast-{}", theme.as_str())).await;
    }
    assert!(
        failures.is_empty(),
        "below 4.5:1 —\n{}",
        failures.join("\n")
    );
    browser.close().await;
}
