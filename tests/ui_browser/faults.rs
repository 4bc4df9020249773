//! What the UI says when the network fails under it, that nothing typed is lost, and that
//! what it could not receive is marked as missing: the tab reaches the embedded service
//! through a fault proxy that cuts and refuses connections.

use chatdeck_faults::proxy::{Cut, FaultProxy};

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_cut_network_is_said_in_words_marked_in_the_list_and_what_was_typed_goes_out_after_it() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "flaky-network-room", None, None, None).await;
    let service: std::net::SocketAddr = bridge
        .app
        .local()
        .messaging_endpoint()
        .trim_start_matches("ws://")
        .parse()
        .expect("the local service's address");
    let proxy = FaultProxy::start(service).await.expect("proxy");
    let profile = bridge
        .app
        .profiles()
        .save_profile(SaveProfile {
            id: None,
            settings: ProfileSettings {
                name: "Behind a flaky network".into(),
                kind: ProfileKind::TokenEndpoint {
                    token_url: token_url(&bridge.app),
                    messaging_endpoint: format!("ws://{}", proxy.local_addr()),
                },
                user_id: "dana".into(),
                display_name: "Dana".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: vec![UiCapability::SendMessage],
            },
            secret: SecretChange::Keep,
        })
        .await
        .expect("save");
    bridge
        .app
        .tabs()
        .open_tab(OpenTab {
            profile_id: profile.id,
            room_arn: arn.clone(),
        })
        .await
        .expect("open");
    let (watcher_room, mut watcher) = other_client(
        &bridge.app,
        &arn,
        "watcher",
        "Watcher",
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;

    // The network drops every connection and refuses new ones: the badge says so in words.
    proxy.refuse_new();
    proxy.cut_all(Cut::Reset);
    // The badge says "connection lost (…); reconnecting", then, as soon as the first retry is
    // refused (full jitter may retry within milliseconds), why that attempt failed; which of
    // the two a poll sees depends on timing, and both say what happened.
    let said = badge(client, "connecting").await;
    assert!(
        said.contains("connection lost (") || said.contains("cannot reach the chat service"),
        "{said}"
    );
    screenshot(client, "network-cut").await;

    // A message typed meanwhile waits, then goes out once the network is back.
    send_from_composer(client, "typed while offline").await;
    // The room goes on without the tab; the service keeps no history to fetch this from.
    watcher_room
        .send_message("said during the outage", Attributes::new())
        .await
        .expect("the watcher sends");
    wait_for(&mut watcher, |update| {
        matches!(update, Update::Message(message) if message.content == "said during the outage")
    })
    .await;
    proxy.heal();
    badge(client, "connected").await;

    // The list marks the stretch it could not hear, with the cause, instead of running the
    // two sides of the outage together.
    let gap = wait_js(
        client,
        "const g = document.querySelector('[data-testid=room] [data-kind=gap] [data-testid=message-content]');
         return g ? g.textContent : null;",
        |value| value.is_string(),
    )
    .await;
    let gap = gap.as_str().unwrap_or_default();
    assert!(gap.starts_with("No messages received for "), "{gap}");
    assert!(gap.contains(": connection lost ("), "{gap}");
    assert!(!gap.contains("reconnecting"), "{gap}");
    row(client, "typed while offline", |row| {
        row["state"] == "confirmed"
    })
    .await;
    wait_for(&mut watcher, |update| {
        matches!(update, Update::Message(message) if message.content == "typed while offline")
    })
    .await;
    screenshot(client, "network-gap").await;
    let missed = client
        .execute(&row_script("said during the outage"), vec![])
        .await
        .expect("script");
    assert!(
        missed.is_null(),
        "a message from the outage appeared: {missed}"
    );
    browser.close().await;
}
