//! Links in messages: shown as links inside the literal text, opened in the system's browser
//! through the shell (click or Enter), never by the webview; what hides characters or is not
//! http(s) stays text, and the shell refuses to open it even when asked directly.

use chatdeck::app::desktop::DesktopRequest;
use chatdeck_ipc::command::OpenLink;

use super::streamer::desktop_request;
use super::*;

const SAFE: &str = "https://docs.example/ivs?x=1";
const TEXT: &str = "docs at https://docs.example/ivs?x=1, not javascript:alert(1) \
                    nor https://pay\u{200B}pal.example (see http://a.example).";

fn opened(app: &chatdeck::app::App) -> Vec<String> {
    app.desktop_requests()
        .into_iter()
        .filter_map(|request| match request {
            DesktopRequest::OpenLink { url } => Some(url),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn links_open_in_the_system_browser_and_nothing_else_does() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "links-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (viewer, _updates) = other_client(
        &bridge.app,
        &arn,
        "viewer",
        "Viewer",
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    viewer
        .send_message(TEXT, Attributes::new())
        .await
        .expect("the viewer sends");

    // The text reads exactly as sent; two of its URLs are links, showing themselves.
    row(client, TEXT, |_| true).await;
    let links = client
        .execute(
            "return [...document.querySelectorAll('[data-testid=message-link]')].map(l => [l.textContent, l.tagName, l.getAttribute('role')]);",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(
        links,
        serde_json::json!([[SAFE, "SPAN", "link"], ["http://a.example", "SPAN", "link"]])
    );
    screenshot(client, "message-links").await;

    // A click opens it through the shell; the page stays where it is.
    let page = client.current_url().await.expect("url");
    click_on(client, Locator::Css("[data-testid=message-link]")).await;
    let request = desktop_request(&browser.bridge.app, |request| {
        matches!(request, DesktopRequest::OpenLink { .. })
    })
    .await;
    assert_eq!(
        request,
        DesktopRequest::OpenLink {
            url: SAFE.to_owned()
        }
    );
    assert_eq!(client.current_url().await.expect("url"), page);

    // Enter on the focused link opens it too, and does not open the sender's card.
    client
        .execute(
            "document.querySelectorAll('[data-testid=message-link]')[1].focus();",
            vec![],
        )
        .await
        .expect("focus");
    find(client, Locator::Css("[data-testid=message-link]:focus"))
        .await
        .send_keys("\u{E007}")
        .await
        .expect("Enter");
    wait_until(|| opened(&browser.bridge.app).len() == 2).await;
    assert_eq!(opened(&browser.bridge.app)[1], "http://a.example");
    let card = client
        .execute(
            "return document.querySelector('[data-testid=user-card]');",
            vec![],
        )
        .await
        .expect("script");
    assert!(card.is_null(), "Enter on a link opened the sender's card");

    // Asked directly, the shell opens nothing the UI would not show as a link.
    for url in [
        "javascript:alert(1)",
        "https://pay\u{200B}pal.example",
        "file:///etc/passwd",
        "https://",
    ] {
        let refused = browser
            .bridge
            .app
            .desktop()
            .open_link(OpenLink { url: url.into() })
            .await;
        assert!(refused.is_err(), "{url:?} was opened");
    }
    assert_eq!(opened(&browser.bridge.app).len(), 2);
    browser.close().await;
}

/// Waits (bounded) until `done` holds.
async fn wait_until(done: impl Fn() -> bool) {
    tokio::time::timeout(support::fixture::WAIT, async {
        while !done() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("in time");
}
