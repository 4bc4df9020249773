//! Streamer mode: the pinned overlay (opened from the room menu, its settings applied and
//! kept), what it says under Wayland; mentions (highlight, tab counter, announcement, the
//! notification request while unfocused, the Mentions view).

use chatdeck::app::desktop::DesktopRequest;
use chatdeck_ipc::command::{GetSettings, SaveSettings, SetOverlay};
use chatdeck_ipc::settings::{OverlaySettings, Settings};

use super::*;

/// Waits until the app asked the desktop for something `pick` accepts.
pub(crate) async fn desktop_request(
    app: &chatdeck::app::App,
    pick: impl Fn(&DesktopRequest) -> bool,
) -> DesktopRequest {
    tokio::time::timeout(support::fixture::WAIT, async {
        loop {
            if let Some(found) = app.desktop_requests().into_iter().find(|r| pick(r)) {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the desktop request was made in time")
}

/// Opens `url` in a second browser window sized like an overlay, and switches to it.
pub(crate) async fn open_second_window(client: &fantoccini::Client, url: &str) {
    let created = client.new_window(false).await.expect("a second window");
    client
        .switch_to_window(created.handle)
        .await
        .expect("switch to it");
    client
        .set_window_size(420, 620)
        .await
        .expect("overlay-sized");
    client.goto(url).await.expect("open the overlay");
}

/// The script's helper: any CSS colour as `[r, g, b, a]` (0–255, alpha 0–1), through a
/// canvas, so `color-mix()` and `oklch()` read like `rgb()`.
pub(crate) const RGBA_JS: &str = "const rgba = (css) => { const c = document.createElement('canvas'); c.width = c.height = 1;
    const x = c.getContext('2d'); x.clearRect(0, 0, 1, 1); x.fillStyle = css; x.fillRect(0, 0, 1, 1);
    const d = x.getImageData(0, 0, 1, 1).data; return [d[0], d[1], d[2], d[3] / 255]; };";

#[tokio::test(flavor = "multi_thread")]
async fn a_pinned_tab_opens_an_overlay_with_its_settings_applied_and_kept() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "stream-room", None, None, None).await;
    let tab_id = open_tab(&bridge, &arn).await;
    let mut viewers = Vec::new();
    for (id, name) in [("maya", "Maya"), ("theo", "Theo"), ("jun", "Jun")] {
        viewers.push(
            other_client(&bridge.app, &arn, id, name, &[Capability::SendMessage])
                .await
                .0,
        );
    }
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    let chat = [
        (0, "first!"),
        (1, "the overlay is up"),
        (2, "what keyboard is that?"),
        (1, "gg, that was clean"),
        (0, "hi Host, great stream"),
    ];
    for (who, line) in chat {
        viewers[who]
            .send_message(line, Attributes::new())
            .await
            .expect("send");
        row(client, line, |_| true).await;
    }
    // Pinned from the room menu: the app asks the desktop for the overlay window.
    click(client, "room-menu").await;
    click(client, "pin-tab").await;
    let label = format!("pinned-{tab_id}");
    let opened = desktop_request(&app, |request| {
        matches!(request, DesktopRequest::OpenOverlay { label: l, overlay, .. } if *l == label && overlay.pinned)
    })
    .await;
    let DesktopRequest::OpenOverlay { title, .. } = opened else {
        unreachable!()
    };
    assert!(title.contains("stream-room"), "{title}");
    click(client, "room-menu").await;
    let pinned = find(client, test_id("pin-tab"))
        .await
        .attr("aria-checked")
        .await
        .ok()
        .flatten();
    assert_eq!(pinned.as_deref(), Some("true"));

    // The overlay's look, set through the app as the overlay's own controls would.
    app.overlays()
        .set_overlay(SetOverlay {
            tab_id: tab_id.clone(),
            overlay: OverlaySettings {
                opacity: 35,
                font_scale: 140,
                show_composer: false,
                ..OverlaySettings::default()
            },
        })
        .await
        .expect("overlay settings");

    // The same UI at `?pinned=<tab>`, as the shell opens it in the second window.
    open_second_window(client, &format!("{}?pinned={tab_id}", browser.bridge.url())).await;
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=overlay-line]').length;",
        |count| count.as_u64().unwrap_or(0) >= 5,
    )
    .await;
    let look = client
        .execute(
            &format!(
                "{RGBA_JS}
                 const o = document.querySelector('[data-testid=overlay]');
                 const line = document.querySelector('[data-testid=overlay-line]');
                 return {{ bg: rgba(getComputedStyle(o).backgroundColor),
                          page: rgba(getComputedStyle(document.body).backgroundColor),
                          font: parseFloat(getComputedStyle(line).fontSize),
                          composer: !!o.querySelector('[data-testid=composer-input]'),
                          strip: !!document.querySelector('[data-testid=tab-strip]'),
                          highlight: [...o.querySelectorAll('mark.mention')].map(m => m.textContent),
                          texts: [...o.querySelectorAll('[data-testid=overlay-text]')].map(n => n.textContent) }};"
            ),
            vec![],
        )
        .await
        .expect("execute");
    let alpha = look["bg"][3].as_f64().unwrap_or(1.0);
    assert!((alpha - 0.35).abs() < 0.02, "background alpha {alpha}");
    assert_eq!(look["page"][3], 0.0, "the page itself is transparent");
    assert_eq!(look["font"].as_f64(), Some(21.0), "15 px × 140 %");
    assert_eq!(look["composer"], false, "the composer is hidden");
    assert_eq!(look["strip"], false, "an overlay has no tab strip");
    assert_eq!(look["highlight"], serde_json::json!(["Host"]));
    assert_eq!(
        look["texts"],
        serde_json::json!(chat.iter().map(|(_, line)| *line).collect::<Vec<_>>())
    );
    // Stand-in for the game under a transparent window, for the picture only.
    client
        .execute(
            "document.documentElement.style.background = 'linear-gradient(160deg, #0b1d4d 0%, #3b1f6e 45%, #b4531a 100%)';",
            vec![],
        )
        .await
        .expect("backdrop");
    screenshot(client, "overlay-transparent").await;

    // Its own controls: the composer comes back, and the choice is saved for the room.
    click(client, "overlay-settings-toggle").await;
    find(client, test_id("overlay-settings")).await;
    screenshot(client, "overlay-settings").await;
    click(client, "overlay-composer").await;
    find(client, test_id("composer-input")).await;
    let saved = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    assert!(saved.overlay(&arn).show_composer);
    assert!(saved.overlay(&arn).pinned);

    // Lines fade out once they are older than the fade delay.
    app.overlays()
        .set_overlay(SetOverlay {
            tab_id: tab_id.clone(),
            overlay: OverlaySettings {
                fade_after_secs: 1,
                ..saved.overlay(&arn)
            },
        })
        .await
        .expect("fade");
    wait_js(
        client,
        "return [...document.querySelectorAll('[data-testid=overlay-line]')].map(l => getComputedStyle(l).opacity);",
        |opacities| {
            opacities
                .as_array()
                .is_some_and(|all| !all.is_empty() && all.iter().all(|o| o == "0"))
        },
    )
    .await;

    // Unpinned from the overlay itself: the app asks for the window to close, and the room
    // keeps its overlay settings for next time.
    click(client, "overlay-unpin").await;
    desktop_request(
        &app,
        |request| matches!(request, DesktopRequest::CloseOverlay { label: l } if *l == label),
    )
    .await;
    let kept = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    assert!(!kept.overlay(&arn).pinned);
    assert_eq!(kept.overlay(&arn).font_scale, 140);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn under_wayland_the_overlay_says_it_cannot_stay_on_top() {
    let dir = tempfile::tempdir().expect("data dir");
    let mut config = config(&dir);
    config.platform = chatdeck::app::overlays::detect("linux", Some("wayland"), Some("wayland-0"));
    let bridge = Bridge::start(config).await;
    let arn = create_room(&bridge.app, "wayland-room", None, None, None).await;
    let tab_id = open_tab(&bridge, &arn).await;
    let url = format!("{}?pinned={tab_id}", bridge.url());
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    client.goto(&url).await.expect("the overlay page");
    let note = wait_for_text(client, test_id("overlay-platform-note"), |text| {
        text.contains("Wayland")
    })
    .await;
    assert!(note.contains("keep its window above others"), "{note}");
    click(client, "overlay-settings-toggle").await;
    let on_top = find(client, test_id("overlay-on-top")).await;
    assert!(
        !on_top.is_enabled().await.unwrap_or(true),
        "always-on-top cannot be chosen where it cannot work"
    );
    screenshot(client, "overlay-wayland").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mention_is_highlighted_counted_announced_and_notified_only_while_unfocused() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let lobby = create_room(&bridge.app, "lobby", None, None, None).await;
    let stage = create_room(&bridge.app, "stage", None, None, None).await;
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
    let stage_tab = open_tab(&bridge, &stage).await;
    open_tab(&bridge, &lobby).await;
    let (maya, _m) = other_client(
        &bridge.app,
        &stage,
        "maya",
        "Maya",
        &[Capability::SendMessage],
    )
    .await;
    let (theo, _t) = other_client(
        &bridge.app,
        &lobby,
        "theo",
        "Theo",
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    tokio::time::timeout(support::fixture::WAIT, async {
        while !app.mentions().has_focus() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the window reported having focus");

    // Focused: a mention in the room in front is highlighted, and nobody is notified.
    theo.send_message("raid incoming in five", Attributes::new())
        .await
        .expect("send");
    let raid = row(client, "raid incoming in five", |_| true).await;
    let mark = wait_js(
        client,
        &format!(
            "const row = document.querySelector('[data-key=\"{}\"]');
             const m = row && row.querySelector('mark.mention');
             return m ? [row.dataset.mention, m.dataset.kind, m.textContent, m.children.length] : null;",
            raid["key"].as_str().unwrap_or_default()
        ),
        |found| !found.is_null(),
    )
    .await;
    assert_eq!(mark, serde_json::json!(["word", "word", "raid", 0]));
    // Plain messages are not announced; the mention is.
    theo.send_message("just chatting", Attributes::new())
        .await
        .expect("send");
    row(client, "just chatting", |_| true).await;
    let announced = wait_for_text(client, test_id("mention-announcer"), |text| {
        !text.is_empty()
    })
    .await;
    assert_eq!(
        announced,
        "Highlight from Theo in #lobby: raid incoming in five"
    );
    assert!(
        !app.desktop_requests()
            .iter()
            .any(|r| matches!(r, DesktopRequest::Notify { .. })),
        "no notification while a window has focus"
    );

    // Unfocused: a mention of the user's name in the other room is counted on its tab and
    // goes to the desktop as a notification.
    client
        .execute("window.dispatchEvent(new Event('blur'));", vec![])
        .await
        .expect("blur");
    // The report is a command; the app has it before the mention is sent.
    tokio::time::timeout(support::fixture::WAIT, async {
        while app.mentions().has_focus() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the window reported losing focus");
    maya.send_message("Host, can you say hi to my friend?", Attributes::new())
        .await
        .expect("send");
    let notified = desktop_request(&app, |r| matches!(r, DesktopRequest::Notify { .. })).await;
    let DesktopRequest::Notify {
        tab_id,
        title,
        body,
    } = notified
    else {
        unreachable!()
    };
    assert_eq!(tab_id, stage_tab);
    assert_eq!(title, "Maya mentioned you in #stage");
    assert_eq!(body, "Host, can you say hi to my friend?");
    let counter = format!("[data-tab-id=\"{stage_tab}\"] [data-testid=tab-mentions]");
    let count = wait_for_text(client, Locator::Css(&counter), |text| text == "@1").await;
    assert_eq!(count, "@1");
    screenshot(client, "mention-counter").await;

    // The tab, opened: the name is highlighted in the row.
    find(
        client,
        Locator::Css(&format!("[data-tab-id=\"{stage_tab}\"] .tab-label")),
    )
    .await
    .click()
    .await
    .expect("open the tab");
    let named = row(client, "Host, can you say hi to my friend?", |r| {
        r["state"] == "confirmed"
    })
    .await;
    let name_mark = wait_js(
        client,
        &format!(
            "const row = document.querySelector('[data-key=\"{}\"]');
             return row ? [row.dataset.mention, row.querySelector('mark.mention').textContent] : null;",
            named["key"].as_str().unwrap_or_default()
        ),
        |found| !found.is_null(),
    )
    .await;
    assert_eq!(name_mark, serde_json::json!(["name", "Host"]));
    assert!(
        client.find(Locator::Css(&counter)).await.is_err(),
        "opening the tab clears its mention counter"
    );
    screenshot(client, "mention-highlight").await;

    // The Mentions view lists both, across rooms, newest first, and opens the room.
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009}\u{E008}m\u{E000}")
        .await
        .expect("Ctrl+Shift+M");
    wait_js(
        client,
        "return [...document.querySelectorAll('[data-testid=mention-item]')].map(i => i.dataset.kind + ':' + i.querySelector('.mention-text').textContent);",
        |items| {
            items
                == &serde_json::json!([
                    "name:Host, can you say hi to my friend?",
                    "word:raid incoming in five"
                ])
        },
    )
    .await;
    screenshot(client, "mentions-view").await;
    find(
        client,
        Locator::Css("[data-testid=mention-item][data-kind=word] button"),
    )
    .await
    .click()
    .await
    .expect("open the lobby");
    wait_for_text(client, test_id("room-name"), |text| text.contains("lobby")).await;
    browser.close().await;
}
