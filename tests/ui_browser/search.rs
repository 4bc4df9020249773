//! Search over the history across rooms and sessions, opening a room at a hit, and export
//! as chat-log records.

use super::*;

/// The hits shown now: `[sender, text, deleted]` per result.
const HITS: &str = "return [...document.querySelectorAll('[data-testid=search-result]')].map(r => [
    r.querySelector('.search-result-sender').textContent,
    r.querySelector('[data-testid=search-result-text]').textContent,
    r.dataset.deleted]);";

/// Types `query` into the search box (replacing what was there) and waits for the answer to
/// it, returning the hits' texts.
async fn search(client: &fantoccini::Client, query: &str) -> Vec<Value> {
    let input = find(client, test_id("search-input")).await;
    input.clear().await.expect("clear");
    input.send_keys(query).await.expect("type");
    input.send_keys("\u{E007}").await.expect("Enter");
    // The summary names the query's parts once its answer arrived.
    let expected: Vec<String> = query
        .split_whitespace()
        .map(|part| {
            let lower = part.to_lowercase();
            if lower.starts_with("from:") {
                format!("from {}", &part[5..])
            } else if lower.starts_with("in:") {
                format!("in {}", &part[3..])
            } else if lower == "is:deleted" {
                "deleted".into()
            } else if lower == "has:link" {
                "with a link".into()
            } else {
                part.trim_matches('"').to_owned()
            }
        })
        .collect();
    wait_for_text(client, test_id("search-understood"), |text| {
        expected.iter().all(|part| text.contains(part.as_str()))
    })
    .await;
    client
        .execute(HITS, vec![])
        .await
        .expect("read the hits")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn texts(hits: &[Value]) -> Vec<String> {
    let mut texts: Vec<String> = hits
        .iter()
        .map(|hit| hit[1].as_str().unwrap_or_default().to_owned())
        .collect();
    texts.sort();
    texts
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_a_previous_runs_message_by_sender_and_opens_the_room_at_it() {
    let dir = tempfile::tempdir().expect("data dir");
    let config = config(&dir);
    let first_run = Bridge::start(config.clone()).await;
    let app = first_run.app.clone();
    // A busy lobby (100 a second, so the filler below is quick) and a quiet backstage.
    let lobby = create_room(&app, "lobby", None, Some(100), None).await;
    let backstage = create_room(&app, "backstage", None, None, None).await;
    open_tab(&first_run, &lobby).await;
    open_tab(&first_run, &backstage).await;
    let (alice, _alice_updates) =
        other_client(&app, &lobby, "alice", "Alice", &[Capability::SendMessage]).await;
    let (bob, mut bob_updates) =
        other_client(&app, &lobby, "bob", "Bob", &[Capability::SendMessage]).await;
    let (bob_back, _bob_back_updates) =
        other_client(&app, &backstage, "bob", "Bob", &[Capability::SendMessage]).await;
    let (moderator, _moderator_updates) = other_client(
        &app,
        &lobby,
        "mod",
        "Moderator",
        &[Capability::DeleteMessage],
    )
    .await;
    let plan = "the secret plan is at https://example.com/plan";
    for (room, text) in [
        (&alice, plan),
        (&alice, "alice says hello"),
        (&bob, "bob says hello"),
        (&bob, "bob regrets this one"),
        (&bob_back, "backstage hello from bob"),
    ] {
        room.send_message(text, Attributes::new())
            .await
            .expect("send");
    }
    let regret = wait_for(&mut bob_updates, |update| {
        matches!(update, Update::Message(message) if message.content == "bob regrets this one")
    })
    .await;
    let Update::Message(regret) = regret else {
        unreachable!("picked a message");
    };
    moderator
        .delete_message(regret.id.clone(), Some("off topic".into()))
        .await
        .expect("delete");
    // 250 newer lines, so the plan is far above what a reopened tab shows.
    let mut fillers = Vec::new();
    for n in 0..5 {
        fillers.push(
            other_client(
                &app,
                &lobby,
                &format!("filler{n}"),
                &format!("Filler {n}"),
                &[Capability::SendMessage],
            )
            .await,
        );
    }
    let mut tasks = Vec::new();
    for (n, (room, mut updates)) in fillers.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            for m in 0..50 {
                room.send_message(format!("filler {:03}", m * 5 + n), Attributes::new())
                    .await
                    .expect("send");
                tokio::time::sleep(Duration::from_millis(110)).await;
                while updates.try_recv().is_some() {}
            }
            (room, updates)
        }));
    }
    for task in tasks {
        task.await.expect("filler");
    }
    // Everything is in the history store before the app stops.
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let stored = app.history().latest(&lobby, 400).await.expect("history");
            let deleted = stored.iter().any(|line| line.deleted.is_some());
            if stored.len() >= 254 && deleted {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the lobby's lines were stored");
    first_run.shutdown().await;

    // A new run over the same data directory.
    let browser = Browser::open(Bridge::start(config).await).await;
    let client = &browser.client;
    badge(client, "connected").await;
    click(client, "search-open").await;
    find(client, test_id("search-dialog")).await;

    let by_alice = search(client, "from:alice").await;
    assert_eq!(texts(&by_alice), ["alice says hello", plan]);
    assert!(by_alice.iter().all(|hit| hit[0] == "Alice"), "{by_alice:?}");
    screenshot(client, "search-from").await;
    assert_eq!(texts(&search(client, "from:alice has:link").await), [plan]);
    assert_eq!(
        texts(&search(client, "hello").await),
        [
            "alice says hello",
            "backstage hello from bob",
            "bob says hello"
        ]
    );
    assert_eq!(
        texts(&search(client, "hello in:backstage").await),
        ["backstage hello from bob"]
    );
    assert_eq!(
        texts(&search(client, "hello from:Bob").await),
        ["backstage hello from bob", "bob says hello"]
    );
    let deleted = search(client, "is:deleted").await;
    assert_eq!(texts(&deleted), ["bob regrets this one"]);
    assert_eq!(deleted[0][2], "true");
    assert!(search(client, "from:alice is:deleted").await.is_empty());
    find(client, test_id("search-empty")).await;
    // Words match as prefixes of words, and what FTS5 would parse stays text.
    assert_eq!(texts(&search(client, "secr pla").await), [plan]);
    assert!(search(client, "\"plan OR NEAR(").await.is_empty());

    // Open the lobby at the plan: the window around it, the line highlighted and in view.
    search(client, "from:alice has:link").await;
    let key = client
        .execute(
            "const hit = document.querySelector('[data-testid=search-result]'); const key = hit.dataset.key; hit.click(); return key;",
            vec![],
        )
        .await
        .expect("open the hit");
    let key = key.as_str().unwrap_or_default().to_owned();
    let focused = format!(
        "const row = document.querySelector('[data-testid=room] [data-key=\"{key}\"]');
         if (!row || row.dataset.focused !== 'true') return null;
         const list = document.querySelector('[data-testid=message-list]').getBoundingClientRect();
         const box = row.getBoundingClientRect();
         const contents = [...document.querySelectorAll('[data-testid=message-content]')].map(n => n.textContent);
         return {{ inView: box.top >= list.top && box.bottom <= list.bottom,
                  room: document.querySelector('[data-testid=room-name]').textContent,
                  newest: contents.includes('filler 249'),
                  text: row.querySelector('[data-testid=message-content]').textContent }};"
    );
    let shown = wait_js(client, &focused, |value| value["inView"] == true).await;
    assert_eq!(shown["text"], plan);
    assert!(
        shown["room"]
            .as_str()
            .is_some_and(|room| room.contains("lobby")),
        "{shown}"
    );
    assert_eq!(
        shown["newest"], false,
        "the window is the one around the hit"
    );
    screenshot(client, "search-opened-at-message").await;
    // Back to the latest: the newest line, nothing highlighted.
    click(client, "jump-to-latest").await;
    row(client, "filler 249", |_| true).await;
    let highlighted = client
        .execute(
            "return document.querySelectorAll('[data-focused=true]').length;",
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(highlighted, 0);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_writes_chat_log_records_that_parse_back_to_the_frames() {
    use ivs_chat_protocol::chat_log::{ChatLogRecord, RecordType};
    use ivs_chat_protocol::messaging::{Frame, Incoming};

    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let arn = create_room(&app, "export-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    // A viewer records the frames as every client receives them.
    let (_viewer, mut seen) = other_client(&app, &arn, "viewer", "Viewer", &[]).await;
    let (alice, _alice_updates) =
        other_client(&app, &arn, "alice", "Alice", &[Capability::SendMessage]).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    let with_color: Attributes = [("color".to_owned(), "teal".to_owned())].into();
    alice
        .send_message("first \"quoted\" line", with_color)
        .await
        .expect("send");
    alice
        .send_message("second line\nwith a break", Attributes::new())
        .await
        .expect("send");
    // Both of Alice's lines are in before the host speaks, so every client has one order.
    row(client, "second line\nwith a break", |_| true).await;
    send_from_composer(client, "the host speaks").await;
    row(client, "the host speaks", |row| row["state"] == "confirmed").await;
    app.console()
        .console_send_event(chatdeck_ipc::console::ConsoleSendEvent {
            profile_id: "local".into(),
            request: chatdeck_ipc::console::SendEventRequest {
                room_identifier: Some(arn.clone()),
                event_name: Some("app:POLL".into()),
                attributes: Some([("question".to_owned(), "tea?".to_owned())].into()),
            },
        })
        .await
        .expect("SendEvent");
    let mut frames = Vec::new();
    while frames.len() < 4 {
        match wait_for(&mut seen, |update| {
            matches!(update, Update::Message(_) | Update::Event(_))
        })
        .await
        {
            Update::Message(message) => frames.push(Frame::Message(message)),
            Update::Event(event) => frames.push(Frame::Event(event)),
            _ => unreachable!("picked a message or an event"),
        }
    }
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=message]').length;",
        |count| count.as_u64() == Some(4),
    )
    .await;

    click(client, "room-menu").await;
    click(client, "export-history").await;
    click(client, "export-submit").await;
    let result = find(client, test_id("export-result")).await;
    let path = result
        .attr("data-path")
        .await
        .ok()
        .flatten()
        .expect("the path is shown");
    assert_eq!(
        result.attr("data-records").await.ok().flatten().as_deref(),
        Some("4")
    );
    assert!(
        result.text().await.unwrap_or_default().contains(&path),
        "the path is shown in words"
    );
    assert!(
        std::path::Path::new(&path).starts_with(dir.path().join("exports")),
        "{path}"
    );
    screenshot(client, "export-done").await;
    // A path the user picks, relative to the data directory.
    let picked = find(client, test_id("export-path")).await;
    picked
        .send_keys("picked/export-room.jsonl")
        .await
        .expect("type");
    click(client, "export-submit").await;
    let chosen = dir.path().join("picked/export-room.jsonl");
    let shown = chosen.display().to_string();
    wait_js(
        client,
        "const r = document.querySelector('[data-testid=export-result]'); return r ? r.dataset.path : null;",
        |path| path.as_str() == Some(shown.as_str()),
    )
    .await;

    let text = std::fs::read_to_string(&path).expect("the export");
    let records: Vec<ChatLogRecord> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect();
    assert_eq!(records.len(), 4);
    assert_eq!(
        std::fs::read_to_string(&chosen).expect("the picked file"),
        text,
        "the same records at the picked path"
    );
    for (record, frame) in records.iter().zip(&frames) {
        assert_eq!(record.version, "1.0");
        let Ok(Incoming::Frame(parsed)) = Frame::parse(&record.payload.to_string()) else {
            panic!("the payload is not a frame: {}", record.payload);
        };
        // Frames other clients receive carry no RequestId; the record carries none either.
        let expected = match frame.clone() {
            Frame::Message(mut message) => {
                assert_eq!(record.record_type, RecordType::Message);
                assert_eq!(record.event_timestamp, message.send_time);
                message.request_id = None;
                Frame::Message(message)
            }
            Frame::Event(event) => {
                assert_eq!(record.record_type, RecordType::Event);
                Frame::Event(event)
            }
            Frame::Error(_) => unreachable!("no errors were collected"),
        };
        assert_eq!(parsed, expected);
    }
    browser.close().await;
}
