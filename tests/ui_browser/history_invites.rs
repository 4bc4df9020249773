//! Clear history and invite links in the real UI: a room's history cleared from its menu (after
//! the question) empties the list and the search index, every room's from Settings; an invite
//! link the desktop hands over asks before joining, then joins a real room of the embedded
//! service through its token endpoint; a bad link is refused in words; Copy invite link puts
//! on the clipboard a link that parses back to the same room.

use chatdeck::app::desktop::DesktopRequest;
use chatdeck_ipc::invite::{Invite, OpenInvite};
use chatdeck_ipc::model::ProfileKind;

use super::*;

fn room_count(js: &str) -> String {
    format!("return document.querySelectorAll('{js}').length;")
}

#[tokio::test(flavor = "multi_thread")]
async fn clear_history_asks_then_empties_the_room_and_its_search_entries() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "clear-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    send_from_composer(client, "a keepsake walrus").await;
    row(client, "a keepsake walrus", |row| {
        row["state"] == "confirmed"
    })
    .await;
    assert_eq!(
        app.history().count_matching(&arn, "walrus").await.ok(),
        Some(1)
    );

    // Cancel changes nothing.
    click(client, "room-menu").await;
    click(client, "clear-room-history").await;
    let question =
        wait_for_text(client, test_id("clear-history-question"), |t| !t.is_empty()).await;
    assert_eq!(question, "Clear the history of # clear-room?");
    screenshot(client, "clear-history-question").await;
    click(client, "clear-history-cancel").await;
    row(client, "a keepsake walrus", |_| true).await;
    assert_eq!(
        app.history().count_matching(&arn, "walrus").await.ok(),
        Some(1)
    );

    // Confirmed: the list empties and the store and index forget the line.
    click(client, "room-menu").await;
    click(client, "clear-room-history").await;
    click(client, "clear-history-confirm").await;
    wait_js(client, &room_count("[data-testid=message]"), |n| n == 0).await;
    assert_eq!(app.history().index_matches("walrus").await.ok(), Some(0));
    assert!(
        app.history()
            .latest(&arn, 10)
            .await
            .expect("read")
            .is_empty()
    );

    // New lines still arrive; Settings clears every room.
    send_from_composer(client, "after the clear").await;
    row(client, "after the clear", |row| row["state"] == "confirmed").await;
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009},\u{E000}")
        .await
        .expect("Ctrl+,");
    click(client, "settings-clear-history").await;
    let question =
        wait_for_text(client, test_id("clear-history-question"), |t| !t.is_empty()).await;
    assert_eq!(question, "Clear the history of every room?");
    click(client, "clear-history-confirm").await;
    let done = wait_for_text(client, test_id("settings-history-cleared"), |t| {
        !t.is_empty()
    })
    .await;
    assert_eq!(done, "1 line removed.");
    wait_js(client, &room_count("[data-testid=message]"), |n| n == 0).await;
    assert!(
        app.history()
            .latest(&arn, 10)
            .await
            .expect("read")
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invite_link_asks_then_joins_and_a_bad_one_is_refused_in_words() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "invite-room", None, None, None).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    find(client, test_id("app")).await;
    wait_js(
        client,
        "return document.querySelector('[data-testid=app]').dataset.ready;",
        |v| v == "true",
    )
    .await;

    // A refused link: the reason in words, and no Join.
    let bad = format!(
        "chatdeck://join?room={arn}&endpoint=us-west-2&token_url=https://t.example/x&secret=hunter2"
    );
    app.invites()
        .open_invite(OpenInvite { link: bad })
        .await
        .expect("shown");
    let refusal = wait_for_text(client, test_id("invite-question"), |t| !t.is_empty()).await;
    assert!(
        refusal.starts_with("This invite link was refused: "),
        "{refusal}"
    );
    assert!(refusal.contains("looks like a secret"), "{refusal}");
    assert_eq!(
        client
            .execute(&room_count("[data-testid=invite-join]"), vec![])
            .await
            .ok(),
        Some(serde_json::json!(0))
    );
    screenshot(client, "invite-refused").await;
    click(client, "invite-cancel").await;

    // A good one: the question, then the tab, connected through the token endpoint.
    let invite = Invite {
        token_url: token_url(&app),
        endpoint: app.local().messaging_endpoint().to_owned(),
        room_arn: arn.clone(),
        name: Some("Bea".into()),
    };
    app.invites()
        .open_invite(OpenInvite {
            link: invite.link(),
        })
        .await
        .expect("shown");
    let question = wait_for_text(client, test_id("invite-question"), |t| {
        t.starts_with("Join")
    })
    .await;
    assert_eq!(
        question,
        format!(
            "Join room {} through {} as Bea?",
            invite.room_id(),
            invite.host()
        )
    );
    screenshot(client, "invite-question").await;
    click(client, "invite-join").await;
    badge(client, "connected").await;
    send_from_composer(client, "hi from an invite").await;
    row(client, "hi from an invite", |row| {
        row["state"] == "confirmed"
    })
    .await;
    let stored = app.history().latest(&arn, 10).await.expect("read");
    let sent = stored
        .iter()
        .find(|line| line.content == "hi from an invite")
        .expect("stored");
    assert_eq!(
        sent.sender.as_ref().map(|s| s.display_name.as_str()),
        Some("Bea")
    );
    let profiles = app.profiles().views().await;
    let viewer = profiles
        .iter()
        .find(|p| matches!(&p.settings.kind, ProfileKind::TokenEndpoint { token_url, .. } if *token_url == invite.token_url))
        .expect("a viewer profile");
    assert_eq!(viewer.settings.display_name, "Bea");

    // The same link again reuses that profile: no second one.
    let offer = app
        .invites()
        .open_invite(OpenInvite {
            link: invite.link(),
        })
        .await
        .expect("shown");
    assert_eq!(
        offer.profile_name.as_deref(),
        Some(viewer.settings.name.as_str())
    );
    assert_eq!(app.profiles().views().await.len(), profiles.len());
}

/// A desktop opening a `chatdeck://` link starts Chatdeck with it: the offer is made before any
/// window listens, so the window that loads asks it; once declined, a later load does not.
#[tokio::test(flavor = "multi_thread")]
async fn a_link_the_app_was_opened_with_is_asked_by_the_window_that_loads_and_once_declined_not_again()
 {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let arn = create_room(&app, "cold-room", None, None, None).await;
    let invite = Invite {
        token_url: token_url(&app),
        endpoint: app.local().messaging_endpoint().to_owned(),
        room_arn: arn,
        name: Some("Caio".into()),
    };
    app.invites()
        .open_invite(OpenInvite {
            link: invite.link(),
        })
        .await
        .expect("offered");
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let question = wait_for_text(client, test_id("invite-question"), |t| {
        t.starts_with("Join")
    })
    .await;
    assert!(question.ends_with("as Caio?"), "{question}");
    click(client, "invite-cancel").await;
    let declined = "return document.querySelector('[data-testid=invite-dialog]') === null;";
    wait_js(client, declined, |gone| gone == true).await;
    let deadline = tokio::time::Instant::now() + support::webdriver::UI_TIMEOUT;
    while app.invites().pending().is_some() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the shell never heard the offer was declined"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // A window loading now starts without the question.
    client.refresh().await.expect("reload");
    wait_js(
        client,
        "return document.querySelector('[data-testid=app]')?.dataset.ready;",
        |v| v == "true",
    )
    .await;
    assert_eq!(
        client.execute(declined, vec![]).await.ok(),
        Some(serde_json::json!(true))
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_invite_link_puts_a_link_to_the_same_room_on_the_clipboard() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "shared-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    click(client, "room-menu").await;
    click(client, "copy-invite-link").await;
    wait_for_text(client, test_id("invite-copied"), |t| !t.is_empty()).await;
    let copied: Vec<String> = app
        .desktop_requests()
        .into_iter()
        .filter_map(|request| match request {
            DesktopRequest::CopyText { text } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    let invite = Invite::parse(&copied[0]).expect("the copied link parses");
    assert_eq!(invite.room_arn, arn);
    assert_eq!(invite.token_url, token_url(&app));
    assert_eq!(invite.endpoint, app.local().messaging_endpoint());
}
