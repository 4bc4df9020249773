//! The Rust subscriber, in its own process: `ivs-chat-client` in every room of the run, on one
//! thread, the way an app embeds it. Speaks the same stdin / stdout protocol as the SDK's
//! side (`tests/node/bench/sdk-ingest.mjs`):
//!
//! - prints `{"ready":true}` once every room is connected;
//! - `probe` on stdin: starts the probes (once both sides are connected, so that both see
//!   all of them), then prints `{"received":n}`;
//! - `mark`: prints `{"received":n}`;
//! - `quiet`: stops the probes, then prints `{"received":n}`;
//! - end of stdin: prints its totals and exits.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use ivs_chat_client::{ConnectionState, RequestId, RequestStatus, Room, Update, Updates};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::{config, env_number, message_digest};

/// What the rooms' updates add up to.
#[derive(Default)]
struct Tally {
    received: u64,
    /// The sum of the received ids' hashes: equal on both sides when they received the same
    /// messages, in whatever order.
    digest: u32,
    first: Option<Instant>,
    last: Option<Instant>,
    connected: usize,
    /// Probes sent and not yet confirmed, by request id.
    probes: HashMap<RequestId, Instant>,
    latencies: Vec<f64>,
    probe_failures: u64,
}

impl Tally {
    fn update(&mut self, update: Update) {
        match update {
            Update::Message(message) => {
                let now = Instant::now();
                self.first.get_or_insert(now);
                self.last = Some(now);
                self.received += 1;
                self.digest = self.digest.wrapping_add(message_digest(&message.id));
            }
            Update::State {
                state: ConnectionState::Connected,
                ..
            } => self.connected += 1,
            Update::Request {
                request_id, status, ..
            } => match status {
                RequestStatus::Confirmed { .. } => {
                    if let Some(sent) = self.probes.remove(&request_id) {
                        self.latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                    }
                }
                RequestStatus::Failed(_) => self.probe_failures += 1,
                RequestStatus::Pending => {}
            },
            _ => {}
        }
    }
}

/// Runs the subscriber until stdin ends.
pub async fn run() {
    let ws = std::env::var("IVS_CHAT_WS").expect("IVS_CHAT_WS");
    let http = std::env::var("IVS_CHAT_HTTP").expect("IVS_CHAT_HTTP");
    let arns = std::env::var("ROOM_ARNS").expect("ROOM_ARNS");
    let probe_every = Duration::from_millis(env_number("PROBE_INTERVAL_MS", 250));
    let tally = Rc::new(RefCell::new(Tally::default()));
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async {
            let mut rooms = Vec::new();
            for arn in arns.split(',') {
                let (room, updates, actor) = Room::new(config(&ws, &http, arn, "bench-rust"));
                tokio::spawn(actor);
                tokio::task::spawn_local(follow(updates, tally.clone()));
                room.connect().await.expect("connect");
                rooms.push(room);
            }
            while tally.borrow().connected < rooms.len() {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            println!("{}", json!({"ready": true}));
            commands(&rooms[0], probe_every, &tally).await;
        })
        .await;
    let tally = tally.borrow();
    let seconds = match (tally.first, tally.last) {
        (Some(first), Some(last)) => (last - first).as_secs_f64(),
        _ => 0.0,
    };
    let (cpu_seconds, max_rss_kb) = own_usage();
    println!(
        "{}",
        json!({
            "received": tally.received,
            "digest": tally.digest,
            "seconds": seconds,
            "cpuSeconds": cpu_seconds,
            "maxRssKb": max_rss_kb,
            "latenciesMs": tally.latencies,
            "probeFailures": tally.probe_failures,
        })
    );
}

/// Counts one room's updates into the tally.
async fn follow(mut updates: Updates, tally: Rc<RefCell<Tally>>) {
    while let Some(update) = updates.recv().await {
        tally.borrow_mut().update(update);
    }
}

/// Probes the first room and answers the orchestrator until stdin ends.
async fn commands(room: &Room, probe_every: Duration, tally: &RefCell<Tally>) {
    let mut stdin = BufReader::new(tokio::io::stdin()).lines();
    let mut ticker = tokio::time::interval(probe_every);
    let mut probing = false;
    loop {
        tokio::select! {
            _ = ticker.tick(), if probing => {
                let id = room.send_message("probe", Default::default()).await.expect("probe");
                tally.borrow_mut().probes.insert(id, Instant::now());
            }
            line = stdin.next_line() => match line {
                Ok(Some(command)) => {
                    probing = match command.trim() {
                        "probe" => true,
                        "quiet" => false,
                        _ => probing,
                    };
                    println!("{}", json!({"received": tally.borrow().received}));
                }
                _ => break,
            },
        }
    }
}

/// This process's CPU seconds (user and system) and peak RSS in kB, from `/proc/self`.
fn own_usage() -> (f64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let usage = crate::usage::Usage::parse(&stat, &status);
    (usage.cpu_seconds, usage.peak_rss_kb)
}
