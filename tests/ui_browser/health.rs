//! The health strip under traffic, and bulk purge from the user card.

use super::*;

/// The strip's figures: `{rate, latency, reconnects, session}` from their `data-value`s.
const STRIP: &str = "const value = id => { const n = document.querySelector(`[data-testid=${id}]`); return n ? n.dataset.value : null; };
    return { rate: value('health-rate'), latency: value('health-latency'),
             reconnects: value('health-reconnects'), session: value('health-session') };";

fn number(value: &Value, field: &str) -> f64 {
    value[field]
        .as_str()
        .and_then(|text| text.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_health_strip_moves_under_traffic() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let arn = create_room(&app, "busy-room", None, Some(20), None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    let quiet = wait_js(client, STRIP, |strip| number(strip, "session") > 0.0).await;
    // The shell sends when the session ends, once; the strip counts down by itself.
    let started = number(&quiet, "session");
    wait_js(client, STRIP, |strip| {
        (1.0..started).contains(&number(strip, "session"))
    })
    .await;
    assert_eq!(number(&quiet, "rate"), 0.0);
    assert_eq!(quiet["latency"], "", "nothing sent yet");
    assert_eq!(quiet["reconnects"], "0");
    let rate_cap = find(client, test_id("health-rate"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(rate_cap.contains("/ 20 msg/s"), "{rate_cap}");

    // Three viewers talk for about three seconds.
    let mut talkers = Vec::new();
    for n in 0..3 {
        let (room, updates) = other_client(
            &app,
            &arn,
            &format!("talker{n}"),
            &format!("Talker {n}"),
            &[Capability::SendMessage],
        )
        .await;
        talkers.push(tokio::spawn(async move {
            for m in 0..15 {
                room.send_message(format!("talk {n}-{m}"), Attributes::new())
                    .await
                    .expect("send");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            (room, updates)
        }));
    }
    let busy = wait_js(client, STRIP, |strip| number(strip, "rate") >= 3.0).await;
    screenshot(client, "health-strip-busy").await;
    // Send → confirm latency once the host's message is confirmed.
    send_from_composer(client, "how is everyone?").await;
    row(client, "how is everyone?", |row| {
        row["state"] == "confirmed"
    })
    .await;
    let measured = wait_js(client, STRIP, |strip| strip["latency"] != "").await;
    assert!(number(&measured, "latency") >= 0.0);
    let mut kept = Vec::new();
    for talker in talkers {
        kept.push(talker.await.expect("talker"));
    }
    // Kicked, then reconnected: one reconnect.
    let (moderator, _moderator_updates) = other_client(
        &app,
        &arn,
        "mod",
        "Moderator",
        &[Capability::DisconnectUser],
    )
    .await;
    moderator
        .disconnect_user("host", Some("testing".into()))
        .await
        .expect("kick");
    badge(client, "disconnected").await;
    click(client, "reconnect").await;
    badge(client, "connected").await;
    let after = wait_js(client, STRIP, |strip| strip["reconnects"] == "1").await;
    // The session counts down between two looks.
    wait_js(client, STRIP, |strip| {
        number(strip, "session") < number(&after, "session")
    })
    .await;
    // Quiet again, the rate falls back.
    wait_js(client, STRIP, |strip| {
        number(strip, "rate") < number(&busy, "rate")
    })
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_purge_disconnects_and_deletes_exactly_the_users_last_n_with_progress() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let arn = create_room(&app, "purge-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (troll, mut troll_updates) =
        other_client(&app, &arn, "troll", "Troll", &[Capability::SendMessage]).await;
    let (bystander, _bystander_updates) = other_client(
        &app,
        &arn,
        "bystander",
        "Bystander",
        &[Capability::SendMessage],
    )
    .await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    for n in 1..=8 {
        troll
            .send_message(format!("troll {n}"), Attributes::new())
            .await
            .expect("send");
        if n == 4 {
            bystander
                .send_message("bystander line", Attributes::new())
                .await
                .expect("send");
        }
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    row(client, "troll 8", |_| true).await;
    // Each row's key, noted while its text shows (a deleted row shows a notice instead).
    for text in (1..=8)
        .map(|n| format!("troll {n}"))
        .chain(["bystander line".to_owned()])
    {
        wait_js(client, &key_lookup(&text), |row| !row.is_null()).await;
    }
    client
        .execute(
            "[...document.querySelectorAll('[data-testid=message-sender]')].find(n => n.textContent === 'Troll').click();",
            vec![],
        )
        .await
        .expect("open the troll's card");
    find(
        client,
        Locator::Css("[data-testid=user-card][data-user-id=troll]"),
    )
    .await;
    let count = find(client, test_id("purge-count")).await;
    count.clear().await.expect("clear");
    count.send_keys("5").await.expect("type");
    find(client, test_id("purge-reason"))
        .await
        .send_keys("spam wave")
        .await
        .expect("type");
    let start = find(client, test_id("purge-start")).await;
    assert_eq!(
        start.text().await.unwrap_or_default(),
        "Disconnect and delete last 5"
    );
    start.click().await.expect("start the purge");
    let progress = "const p = document.querySelector('[data-testid=purge-progress]');
        return p ? { state: p.dataset.state, done: p.dataset.done, total: p.dataset.total, text: p.textContent } : null;";
    let running = wait_js(client, progress, |p| !p.is_null()).await;
    assert_eq!(running["total"], "5");
    if running["state"] == "running" {
        screenshot(client, "purge-running").await;
    }
    let done = wait_js(client, progress, |p| p["state"] == "done").await;
    assert_eq!(done["done"], "5");
    assert!(
        done["text"].as_str().is_some_and(
            |text| text.contains("troll was disconnected") && text.contains("Deleted 5 of 5")
        ),
        "{done}"
    );
    // Exactly the newest five of the troll's lines are deleted, with the reason.
    for n in 1..=8 {
        let text = format!("troll {n}");
        let shown = if n >= 4 {
            wait_js(client, &key_lookup(&text), |row| row["deleted"] == "true").await
        } else {
            wait_js(client, &key_lookup(&text), |row| !row.is_null()).await
        };
        assert_eq!(
            shown["deleted"],
            if n >= 4 { "true" } else { "false" },
            "{text}"
        );
        if n >= 4 {
            assert_eq!(shown["reason"], "deleted by a moderator (spam wave)");
        }
    }
    assert_eq!(
        wait_js(client, &key_lookup("bystander line"), |row| !row.is_null()).await["deleted"],
        "false"
    );
    screenshot(client, "purge-done").await;
    // The troll was disconnected, by a moderator, with the reason.
    wait_for(&mut troll_updates, |update| {
        matches!(update, Update::State { reason: Some(ivs_chat_client::Reason::Kicked { reason: Some(reason) }), .. } if reason == "spam wave")
    })
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_purge_can_be_cancelled_and_stops_where_it_was() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let arn = create_room(&app, "cancel-room", None, Some(50), None).await;
    open_tab(&bridge, &arn).await;
    let (spammer, _spammer_updates) =
        other_client(&app, &arn, "spammer", "Spammer", &[Capability::SendMessage]).await;
    for n in 0..20 {
        spammer
            .send_message(format!("spam {n:02}"), Attributes::new())
            .await
            .expect("send");
        tokio::time::sleep(Duration::from_millis(110)).await;
    }
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    row(client, "spam 19", |_| true).await;
    for n in 0..20 {
        wait_js(client, &key_lookup(&format!("spam {n:02}")), |row| {
            !row.is_null()
        })
        .await;
    }
    client
        .execute(
            "[...document.querySelectorAll('[data-testid=message-sender]')].find(n => n.textContent === 'Spammer').click();",
            vec![],
        )
        .await
        .expect("open the card");
    let count = find(client, test_id("purge-count")).await;
    count.clear().await.expect("clear");
    count.send_keys("20").await.expect("type");
    click(client, "purge-disconnect").await;
    assert_eq!(
        find(client, test_id("purge-start"))
            .await
            .text()
            .await
            .unwrap_or_default(),
        "Delete last 20"
    );
    click(client, "purge-start").await;
    let progress = "const p = document.querySelector('[data-testid=purge-progress]');
        return p ? { state: p.dataset.state, done: Number(p.dataset.done) } : null;";
    wait_js(client, progress, |p| {
        p["state"] == "running" && p["done"].as_u64() >= Some(1)
    })
    .await;
    click(client, "purge-cancel").await;
    let stopped = wait_js(client, progress, |p| p["state"] != "running").await;
    assert_eq!(stopped["state"], "cancelled", "{stopped}");
    let done = stopped["done"].as_u64().unwrap_or(0);
    assert!((1..20).contains(&done), "{stopped}");
    // Exactly that many of the newest lines are deleted; the rest stay.
    let deleted = wait_js(
        client,
        "return [...document.querySelectorAll('[data-testid=message][data-deleted=true]')].length;",
        |n| n.as_u64() == Some(done),
    )
    .await;
    assert_eq!(deleted.as_u64(), Some(done));
    let newest_kept = format!("spam {:02}", 19 - done);
    assert_eq!(
        wait_js(client, &key_lookup(&newest_kept), |row| !row.is_null()).await["deleted"],
        "false"
    );
    browser.close().await;
}

/// The row whose text is `content`, or whose key was noted while it showed that text (a
/// deleted row shows a notice instead): `{deleted, reason}`.
fn key_lookup(content: &str) -> String {
    let content = serde_json::to_string(content).expect("a string");
    format!(
        "const rows = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')];
         window.__purgeKeys = window.__purgeKeys || {{}};
         let row = rows.find(r => {{ const c = r.querySelector('[data-testid=message-content]'); return c && c.textContent === {content}; }});
         if (row) window.__purgeKeys[{content}] = row.dataset.key;
         else if (window.__purgeKeys[{content}]) row = rows.find(r => r.dataset.key === window.__purgeKeys[{content}]);
         if (!row) return null;
         const deleted = row.querySelector('[data-testid=message-deleted]');
         return {{ deleted: row.dataset.deleted, reason: deleted ? deleted.textContent : null }};"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_health_strip_is_not_read_out_every_second_and_the_connection_badge_is() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "quiet-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    find(client, test_id("health-rate")).await;
    // A live region is an element with aria-live other than "off" or one of the roles that
    // imply it; the strip must be neither, nor sit inside one.
    let live_js = "const live = (el) => {
            const role = el.getAttribute('role');
            const aria = el.getAttribute('aria-live');
            return (aria && aria !== 'off') || (!aria && ['status', 'alert', 'log', 'marquee', 'timer'].includes(role));
        };
        const inLive = (el) => { for (let n = el; n && n.nodeType === 1; n = n.parentElement) if (live(n)) return true; return false; };
        const strip = document.querySelector('[data-testid=health-strip]');
        const badge = document.querySelector('[data-testid=connection-badge]');
        return [inLive(strip), strip.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=timer]').length,
                inLive(badge), strip.getAttribute('role'), strip.getAttribute('aria-label')];";
    let report = client.execute(live_js, vec![]).await.expect("execute");
    assert_eq!(
        report,
        serde_json::json!([false, 0, true, "group", "Room health"]),
        "the strip is a labelled group outside any live region; the badge announces connection changes"
    );
    browser.close().await;
}
