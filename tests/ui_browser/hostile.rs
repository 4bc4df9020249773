//! Hostile input from a misbehaving service: markup, SVG, `javascript:` URLs, bidi
//! overrides, zero-width characters, a 500-code-point emoji run, stacked combining marks,
//! newline floods and attribute values near a megabyte. Each shows as literal, legible text:
//! no element from the text, no script run, no row taller than the list or wider than it.

use chatdeck_ipc::command::{OpenTab, SaveProfile, SecretChange};
use chatdeck_ipc::model::{Capability as UiCapability, ProfileKind, ProfileSettings};
use serde_json::json;

use super::*;
use support::hostile::HostileService;

/// Message texts sent as they are (each under the service's 500-code-point limit only where
/// that matters to the case).
fn corpus() -> Vec<(&'static str, String)> {
    vec![
        (
            "script",
            "<script>window.__pwned = 'script'</script>hello".into(),
        ),
        (
            "img onerror",
            "<img src=x onerror=\"window.__pwned = 'img'\">".into(),
        ),
        (
            "svg onload",
            "<svg onload=\"window.__pwned = 'svg'\"><circle r=\"40\"/></svg>".into(),
        ),
        (
            "javascript link",
            "<a href=\"javascript:window.__pwned = 'link'\">free skins</a>".into(),
        ),
        (
            "bare javascript url",
            "javascript:window.__pwned = 'bare'".into(),
        ),
        (
            "iframe",
            "\"><iframe src=\"javascript:window.__pwned='iframe'\"></iframe>".into(),
        ),
        (
            "style",
            "<style>body { display: none }</style>still here".into(),
        ),
        (
            "entities",
            "&lt;b&gt;not bold&lt;/b&gt; &amp; &#x3C;i&#x3E;".into(),
        ),
        (
            "bidi override",
            "file \u{202E}gnp.exe\u{202C} and \u{2067}isolate\u{2069} end".into(),
        ),
        (
            "zero-width",
            "pay\u{200B}pal\u{200C}.com\u{200D} log\u{2060}in\u{FEFF} now".into(),
        ),
        ("emoji run", "🔥".repeat(500)),
        (
            "combining marks",
            format!(
                "Z{}algo",
                "\u{0336}\u{0334}\u{0337}\u{0338}\u{0335}".repeat(40)
            ),
        ),
        ("newline flood", format!("top{}bottom", "\n".repeat(300))),
        ("unbroken", "W".repeat(480)),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_corpus_renders_as_literal_text_without_running_or_blowing_up_the_layout() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let service = HostileService::start().await;
    let profile = bridge
        .app
        .profiles()
        .save_profile(SaveProfile {
            id: None,
            settings: ProfileSettings {
                name: "Misbehaving service".into(),
                kind: ProfileKind::TokenEndpoint {
                    token_url: service.token_url.clone(),
                    messaging_endpoint: service.messaging_url.clone(),
                },
                user_id: "host".into(),
                display_name: "Host".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: vec![UiCapability::SendMessage],
            },
            secret: SecretChange::Keep,
        })
        .await
        .expect("profile");
    bridge
        .app
        .tabs()
        .open_tab(OpenTab {
            profile_id: profile.id,
            room_arn: "arn:aws:ivschat:us-west-2:000000000000:room/hostile".into(),
        })
        .await
        .expect("open");
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    service.until_connected().await;

    let corpus = corpus();
    for (index, (case, text)) in corpus.iter().enumerate() {
        // A bidi override and a megabyte in the sender's name, on one of them.
        let name = match *case {
            "bidi override" => "\u{202E}nimda".to_owned(),
            "script" => "<b onmouseover=alert(1)>Mallory</b>".to_owned(),
            _ => format!("viewer{index}"),
        };
        service.send(&HostileService::message(
            &format!("m{index:02}"),
            &format!("user{index}"),
            &name,
            text,
            json!({ "message_type": "<img src=x onerror=alert(1)>" }),
        ));
    }
    // Near the client's 1 MiB frame limit: a name and attribute values of most of a megabyte.
    let megabyte = "<img src=x onerror=window.__pwned='attr'>".repeat(22_000);
    service.send(&HostileService::message(
        "m90",
        "bigname",
        &"N".repeat(900_000),
        "my name is long",
        json!({}),
    ));
    service.send(&HostileService::event(
        "e91",
        "app:<svg onload=alert(1)>",
        json!({ "payload": megabyte }),
    ));
    let many: serde_json::Map<String, serde_json::Value> = (0..200)
        .map(|i| (format!("k{i:03}"), json!(format!("<i>{i}</i>"))))
        .collect();
    service.send(&HostileService::event(
        "e92",
        "app:MANY",
        serde_json::Value::Object(many),
    ));
    service.send(&HostileService::message(
        "m99",
        "user99",
        "Last",
        "the last one",
        json!({}),
    ));
    row(client, "the last one", |_| true).await;

    // Every text is shown exactly as sent, as text.
    for (case, text) in &corpus {
        let found = wait_js(
            client,
            &format!(
                "const want = {};
                 const c = [...document.querySelectorAll('[data-testid=message-content]')].find(n => n.textContent === want);
                 return c ? c.children.length : null;",
                serde_json::to_string(text).expect("json")
            ),
            |found| !found.is_null(),
        )
        .await;
        assert_eq!(found, 0, "{case}: the text made elements");
    }
    let page = client
        .execute(
            "const list = document.querySelector('[data-testid=message-list]');
             const rows = [...list.querySelectorAll('[data-testid=message]')];
             const named = [...list.querySelectorAll('[data-testid=message-sender]')].map(n => n.textContent);
             const events = [...list.querySelectorAll('[data-kind=event]')].map(r => r.textContent);
             const bidi = rows.find(r => r.textContent.includes('gnp.exe'));
             const name = bidi.querySelector('[data-testid=message-sender]').getBoundingClientRect();
             const time = bidi.querySelector('.meta time').getBoundingClientRect();
             return {
               pwned: window.__pwned === undefined ? null : String(window.__pwned),
               foreign: list.querySelectorAll('script, iframe, svg, style, a, b, i, object, embed, img:not(.avatar)').length,
               overflowX: list.scrollWidth - list.clientWidth,
               tallest: Math.max(...rows.map(r => r.getBoundingClientRect().height)),
               listHeight: list.clientHeight,
               widest: Math.max(...rows.map(r => r.getBoundingClientRect().width)),
               listWidth: list.clientWidth,
               named, events,
               timeAfterName: time.left >= name.right,
               rows: rows.length,
             };",
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(page["pwned"], serde_json::Value::Null, "a payload ran");
    assert_eq!(page["foreign"], 0, "markup from the text became elements");
    assert!(
        page["overflowX"].as_f64().unwrap_or(1.0) <= 1.0,
        "the list scrolls sideways: {page}"
    );
    assert!(
        page["widest"].as_f64().unwrap_or(f64::MAX)
            <= page["listWidth"].as_f64().unwrap_or(0.0) + 1.0,
        "a row is wider than the list: {page}"
    );
    assert!(
        page["tallest"].as_f64().unwrap_or(f64::MAX) < page["listHeight"].as_f64().unwrap_or(0.0),
        "a row is taller than the list: {page}"
    );
    assert_eq!(
        page["timeAfterName"], true,
        "the bidi override moved the time"
    );
    let named: Vec<String> = serde_json::from_value(page["named"].clone()).unwrap_or_default();
    assert!(
        named.contains(&"<b onmouseover=alert(1)>Mallory</b>".to_owned()),
        "{named:?}"
    );
    assert!(named.contains(&"\u{202E}nimda".to_owned()), "{named:?}");
    let long_name = named
        .iter()
        .find(|name| name.starts_with("NNNN"))
        .expect("the long name");
    assert_eq!(
        long_name,
        &format!("{}… (899936 more characters)", "N".repeat(64))
    );
    let events: Vec<String> = serde_json::from_value(page["events"].clone()).unwrap_or_default();
    let big = events
        .iter()
        .find(|event| event.contains("app:<svg onload=alert(1)>"))
        .expect("the event with a megabyte attribute");
    assert!(
        big.contains("more characters)"),
        "{}",
        &big[..200.min(big.len())]
    );
    assert!(
        big.chars().count() < 1000,
        "the megabyte reached the page: {}",
        big.len()
    );
    let many = events
        .iter()
        .find(|event| event.contains("app:MANY"))
        .expect("the many-attribute event");
    assert!(many.contains("168 more attributes"), "{many}");
    // The page still works: a message of ours goes through.
    screenshot(client, "hostile-corpus").await;
    client
        .execute(
            "const l = document.querySelector('[data-testid=message-list]'); l.scrollTop = l.scrollHeight / 3;",
            vec![],
        )
        .await
        .expect("scroll");
    screenshot(client, "hostile-corpus-middle").await;
    browser.close().await;
}
