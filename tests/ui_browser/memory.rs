//! A busy room holds bounded memory: the UI keeps a bounded window of lines and renders a
//! bounded slice of it, so the wasm memory must stop growing once both are full, however many
//! messages go through.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::*;

/// What the UI holds: the wasm linear memory and the store's lines (through the UI's size
/// probe), and the message rows in the DOM.
const PROBE: &str = "const bindings = window.wasmBindings;
    if (!bindings || !bindings.chatdeck_probe) return null;
    const probe = bindings.chatdeck_probe();
    return { wasm: probe.wasmBytes, lines: probe.lines,
             rows: document.querySelectorAll('[data-testid=message]').length };";

/// Senders, each under the per-connection limit of 10 a second: about 90 messages a second.
const SENDERS: u64 = 10;
/// Messages per sender.
const PER_SENDER: u64 = 400;
/// Messages after which the window and the rendered slice are full and the allocator has
/// settled: the memory is measured from here.
const WARM_UP: u64 = 1000;
/// How much the wasm memory may still grow over the rest of the run (3,000 messages): eight
/// 64 KiB pages. Before the list freed its rows, it grew by several hundred bytes per message
/// (1.7 MB over 2,500 messages, in steps); bounded, it does not grow at all.
const MARGIN: f64 = 512.0 * 1024.0;

async fn probe(client: &fantoccini::Client) -> Value {
    wait_js(client, PROBE, |value| !value.is_null()).await
}

/// What the busy room's senders send, and how the list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Traffic {
    /// Cozy rows, senders without roles, no replies.
    Plain,
    /// Compact rows, senders with badges and a name color, and every fourth message answering
    /// the room's first one, which soon leaves the window, so each quote shows an original the
    /// history store gave.
    Features,
    /// Every message answering the room's first one: a quote in every row, each reading the
    /// one answer the history store gave, which never changes again. A quote that stayed on
    /// that answer's subscribers after its row went grew the wasm memory by a few hundred
    /// bytes per reply.
    Thread,
}

impl Traffic {
    /// How often a sender's message is a reply (every n-th), if ever.
    fn replies_every(self) -> Option<u64> {
        match self {
            Traffic::Plain => None,
            Traffic::Features => Some(4),
            Traffic::Thread => Some(1),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_busy_room_does_not_grow_the_ui_memory() {
    busy_room(Traffic::Plain).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_busy_room_with_the_chat_features_on_does_not_grow_the_ui_memory() {
    busy_room(Traffic::Features).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_busy_thread_of_replies_does_not_grow_the_ui_memory() {
    busy_room(Traffic::Thread).await;
}

async fn busy_room(traffic: Traffic) {
    let features = traffic == Traffic::Features;
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    if features {
        bridge
            .app
            .settings()
            .change(|settings| settings.density = chatdeck_ipc::settings::Density::Compact)
            .expect("compact rows");
    }
    let arn = create_room(&bridge.app, "busy-room", None, Some(100), None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    let app = &browser.bridge.app;
    let mut senders = Vec::new();
    for n in 0..SENDERS {
        let name = format!("Sender {n}");
        let mut attributes = support::fixture::attributes(&[("displayName", &name)]);
        if features {
            attributes.insert("badges".into(), "moderator,subscriber".into());
            attributes.insert("color".into(), "#1e90ff".into());
        }
        senders.push(
            support::fixture::other_client_with(
                app,
                &arn,
                &format!("sender{n}"),
                attributes,
                &[Capability::SendMessage],
            )
            .await,
        );
    }
    let sent = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    // The line the replies answer, and how often a message is one.
    let replies = match traffic.replies_every() {
        Some(every) => {
            send_from_composer(client, "the first line").await;
            row(client, "the first line", |row| row["state"] == "confirmed").await;
            let stored = app.history().latest(&arn, 1).await.expect("read");
            let id = stored.first().and_then(|line| line.message_id.clone());
            Some((id.expect("the first line has its id"), every))
        }
        None => None,
    };
    for (n, (room, mut updates)) in senders.into_iter().enumerate() {
        let sent = sent.clone();
        let replies = replies.clone();
        tasks.push(tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_millis(111));
            for m in 0..PER_SENDER {
                ticker.tick().await;
                let mut attributes = Attributes::new();
                if let Some((id, _)) = replies.as_ref().filter(|(_, every)| m % every == every - 1)
                {
                    attributes.insert(chatdeck_ipc::reply::REPLY_ATTRIBUTE.to_owned(), id.clone());
                }
                room.send_message(
                    format!("busy {n}-{m}: the quick brown fox jumps over the lazy dog"),
                    attributes,
                )
                .await
                .expect("send");
                sent.fetch_add(1, Ordering::Relaxed);
                while updates.try_recv().is_some() {}
            }
            (room, updates)
        }));
    }
    while sent.load(Ordering::Relaxed) < WARM_UP {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let warm = probe(client).await;
    let mut keep = Vec::new();
    for task in tasks {
        keep.push(task.await.expect("sender"));
    }
    // The last line shown means every earlier one went through the list.
    let (room, _) = &keep[0];
    room.send_message("the last line", Attributes::new())
        .await
        .expect("send");
    row(client, "the last line", |_| true).await;
    let end = probe(client).await;
    // The live end of a busy list, its first rows dropped in steps: it must look as settled
    // as a quiet one.
    let name = match traffic {
        Traffic::Plain => "busy-room",
        Traffic::Features => "busy-room-features",
        Traffic::Thread => "busy-room-thread",
    };
    screenshot(client, name).await;

    let number = |value: &Value, field: &str| value[field].as_f64().unwrap_or(0.0);
    assert!(number(&end, "lines") <= 400.0, "the store holds {end}");
    assert!(number(&end, "rows") <= 150.0, "the DOM holds {end}");
    let grown = number(&end, "wasm") - number(&warm, "wasm");
    assert!(
        grown <= MARGIN,
        "the wasm memory grew by {grown} bytes over {} messages after warm-up: {warm} → {end}",
        SENDERS * PER_SENDER - WARM_UP
    );
    browser.close().await;
}
