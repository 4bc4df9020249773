//! Fifty tabs open with messages flowing into all of them: only the room in front is
//! rendered, so the page holds as many elements however much the rooms behind receive (their
//! lines reach the store and their unread counts, not the DOM), and any tab brought to the
//! front paints its list.

use std::time::Instant;

use super::*;

/// Tabs open, one room each.
const TABS: usize = 50;
/// Messages each room receives; the first round gives every tab behind its unread badge.
const ROUNDS: usize = 6;
/// Elements outside the message list the page may gain over the later rounds: the front
/// room's header and health strip fill in as its traffic goes (a CI run saw 14). A room behind
/// rendering its rows would add about ten per row, fifty over the later rounds for one room and
/// thousands for all of them.
const MARGIN: u64 = 40;

/// Elements in the page outside the message list, the rows in the DOM, and the wasm memory.
const PROBE: &str = "const list = document.querySelector('[data-testid=message-list]');
    const bindings = window.wasmBindings;
    return { outside: document.getElementsByTagName('*').length - (list ? list.getElementsByTagName('*').length : 0),
             rows: document.querySelectorAll('[data-testid=message]').length,
             wasm: bindings && bindings.chatdeck_probe ? bindings.chatdeck_probe().wasmBytes : 0 };";

fn line(round: usize, room: usize) -> String {
    format!("round {round} in room {room}")
}

/// Every room receives round `round`; returns when the room in front shows it.
async fn send_round(
    client: &fantoccini::Client,
    senders: &[(ivs_chat_client::Room, ivs_chat_client::Updates)],
    round: usize,
) {
    for (n, (room, _)) in senders.iter().enumerate() {
        room.send_message(line(round, n), Attributes::new())
            .await
            .expect("send");
    }
    row(client, &line(round, 0), |row| row["state"] == "confirmed").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_busy_tabs_keep_the_rendered_page_bounded() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let mut arns = Vec::new();
    for n in 0..TABS {
        arns.push(create_room(&bridge.app, &format!("many-{n}"), None, None, None).await);
    }
    let mut tabs = Vec::new();
    for arn in &arns {
        tabs.push(open_tab(&bridge, arn).await);
    }
    // The first tab in front.
    bridge
        .app
        .tabs()
        .activate_tab(chatdeck_ipc::command::ActivateTab {
            tab_id: tabs[0].clone(),
        })
        .await
        .expect("first tab in front");
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=tab]').length;",
        |n| n.as_u64() == Some(TABS as u64),
    )
    .await;
    let app = &browser.bridge.app;
    let mut senders = Vec::new();
    for arn in &arns {
        senders.push(other_client(app, arn, "sender", "Sender", &[Capability::SendMessage]).await);
    }

    send_round(client, &senders, 0).await;
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=tab-unread]').length;",
        |n| n.as_u64() == Some(TABS as u64 - 1),
    )
    .await;
    let first = wait_js(client, PROBE, |value| value.is_object()).await;
    for round in 1..ROUNDS {
        send_round(client, &senders, round).await;
    }
    // Every room behind counted every line.
    let all_unread = format!(
        "return [...document.querySelectorAll('[data-testid=tab-unread]')].every(u => u.textContent.trim() === '{ROUNDS}');"
    );
    wait_js(client, &all_unread, |all| all.as_bool() == Some(true)).await;
    let last = wait_js(client, PROBE, |value| value.is_object()).await;

    let number = |value: &Value, field: &str| value[field].as_u64().unwrap_or(u64::MAX);
    assert_eq!(
        number(&last, "rows"),
        ROUNDS as u64,
        "only the front room's rows: {last}"
    );
    assert!(
        number(&last, "outside") <= number(&first, "outside") + MARGIN,
        "the page outside the list grew with the traffic behind it: {first} → {last}"
    );

    // A room from behind comes to the front with its lines.
    let picked = 37;
    let started = Instant::now();
    client
        .execute(
            "document.querySelector(`[data-testid=tab][data-tab-id='${arguments[0]}'] .tab-label`).click(); return true;",
            vec![serde_json::json!(tabs[picked].to_string())],
        )
        .await
        .expect("click the tab");
    let shown = format!(
        "return document.querySelectorAll('[data-testid=message]').length === {ROUNDS} && Boolean([...document.querySelectorAll('[data-testid=message-content]')].find(c => c.textContent.includes('{}')));",
        line(ROUNDS - 1, picked)
    );
    wait_js(client, &shown, |shown| shown.as_bool() == Some(true)).await;
    // Seen, not asserted: timings belong to the UI load bench.
    println!(
        "tab {picked} of {TABS} painted its list {:?} after the click",
        started.elapsed()
    );
    let after = wait_js(client, PROBE, |value| value.is_object()).await;
    assert_eq!(
        number(&after, "rows"),
        ROUNDS as u64,
        "one room rendered at a time: {after}"
    );
    browser.close().await;
}
