//! Client ingest benchmark: `ivs-chat-client` against the official JS SDK (Node), both
//! subscribed to the same `ivs-chat-local` rooms under the same flood.
//!
//! Each client runs in its own process (this binary re-executed as the Rust subscriber; Node
//! for the SDK) so that its CPU time and memory are its own, read from `/proc` by this
//! orchestrator at the flood's 5th second and at its end: the steady state, without either
//! side's start-up. The service and the flood's senders run here. Both subscribers send a
//! probe message every `IVS_BENCH_PROBE_MS` to measure send → confirm latency under load, and
//! both tally the ids they receive: the report says whether they received the same messages.
//!
//! Scenarios: one room (about 100 messages/s, the most a room takes) and five rooms (about
//! 500/s into each subscriber: a moderator's five busy rooms), each run `IVS_BENCH_RUNS` times.
//! Prints a markdown report and writes it to `target/bench/ingest.md`; fails if the two sides
//! received different messages.
//!
//! Environment: `IVS_BENCH_SECONDS` (flood length, default 120), `IVS_BENCH_ROOMS` (the
//! scenarios' room counts, default `1,5`), `IVS_BENCH_RUNS` (default 3), `IVS_BENCH_SENDERS`
//! (per room, at 10 messages/s each, default 9: with the probes, just under the room's 100/s),
//! `IVS_BENCH_PROBE_MS` (default 250).
//!
//! Run: `cargo bench -p ivs-chat-client --bench ingest`.

mod flood;
mod peer;
mod report;
mod subscriber;
mod usage;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, Endpoint, Limits};
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::control::CreateChatTokenRequest;
use tokio::process::Command;

use flood::Service;
use peer::Peer;
use report::{PeerRun, Run, Scenario};

/// Set in the environment of this binary re-executed as the Rust subscriber.
const ROLE: &str = "IVS_BENCH_ROLE";
/// The steady state starts this long into the flood.
const WARM_UP: Duration = Duration::from_secs(5);
/// After the flood, how long the last messages have to arrive before the totals.
const DRAIN: Duration = Duration::from_millis(1500);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// FNV-1a of a message id: summed over the received ids on both sides (the SDK's side computes
/// the same in JavaScript), so equal sums mean the same messages whatever their order.
fn message_digest(id: &str) -> u32 {
    id.bytes().fold(0x811c_9dc5, |hash: u32, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

fn main() {
    if std::env::var(ROLE).as_deref() == Ok("subscriber") {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(subscriber::run());
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(orchestrate());
}

/// A client configuration for `user` in room `room`, with the room's highest rate.
fn config(ws: &str, http: &str, room: &str, user: &str) -> Config {
    let tokens = HttpTokenProvider::new(
        format!("{http}/create_chat_token"),
        CreateChatTokenRequest {
            room_identifier: Some(room.to_owned()),
            user_id: Some(user.to_owned()),
            capabilities: Some(vec![Capability::SendMessage]),
            ..Default::default()
        },
    );
    let mut config = Config::new(Endpoint::parse(ws).expect("an endpoint"), Arc::new(tokens));
    config.limits = Limits {
        maximum_message_rate: 100,
        ..Limits::default()
    };
    config
}

fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

async fn orchestrate() {
    let seconds = env_number("IVS_BENCH_SECONDS", 120);
    let senders = env_number("IVS_BENCH_SENDERS", 9);
    let runs = env_number("IVS_BENCH_RUNS", 3);
    let room_counts: Vec<usize> = std::env::var("IVS_BENCH_ROOMS")
        .unwrap_or_else(|_| "1,5".to_owned())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    let local = ivs_chat_local::Service::start(listener, Default::default())
        .await
        .expect("the service starts");
    let service = Service {
        http: format!("http://{addr}"),
        ws: format!("ws://{addr}"),
    };
    let mut scenarios = Vec::new();
    for rooms in room_counts {
        let mut scenario = Scenario {
            rooms,
            senders,
            seconds,
            runs: Vec::new(),
        };
        for n in 1..=runs {
            eprintln!("{rooms} room(s), run {n} of {runs}: {seconds} s");
            scenario
                .runs
                .push(run(&service, rooms, senders, seconds).await);
        }
        scenarios.push(scenario);
    }
    local.shutdown().await;

    let report = report::markdown(&scenarios);
    println!("{report}");
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_dir().join("target"))
        .join("bench");
    std::fs::create_dir_all(&dir).expect("the report's folder");
    std::fs::write(dir.join("ingest.md"), &report).expect("the report written");
    eprintln!("written to {}", dir.join("ingest.md").display());
    let differed = scenarios
        .iter()
        .flat_map(|scenario| &scenario.runs)
        .any(|run| !run.same_messages());
    assert!(!differed, "the two subscribers received different messages");
}

/// One run: both subscribers in fresh rooms, the flood, the marks, the totals.
async fn run(service: &Service, rooms: usize, senders: u64, seconds: u64) -> Run {
    let arns = service.create_rooms(rooms, "ingest").await;
    let probe_ms = env_number("IVS_BENCH_PROBE_MS", 250).to_string();
    let common = |command: &mut Command| {
        command
            .env("IVS_CHAT_WS", &service.ws)
            .env("IVS_CHAT_HTTP", &service.http)
            .env("ROOM_ARNS", arns.join(","))
            .env("PROBE_INTERVAL_MS", &probe_ms);
    };
    let mut rust = Command::new(std::env::current_exe().expect("this binary"));
    rust.env(ROLE, "subscriber");
    common(&mut rust);
    let mut node = Command::new("node");
    node.arg("bench/sdk-ingest.mjs")
        .current_dir(workspace_dir().join("tests/node"));
    common(&mut node);
    let mut peers = vec![
        Peer::start("ivs-chat-client", rust).await,
        Peer::start("JS SDK", node).await,
    ];

    // Probing starts once both are connected, so that each sees all of the other's probes.
    for peer in &mut peers {
        peer.sample("probe").await;
    }
    let flood = service.flood(&arns, senders, seconds);
    tokio::time::sleep(WARM_UP).await;
    let mut marks = Vec::new();
    for peer in &mut peers {
        marks.push(peer.sample("mark").await);
    }
    let (mut confirmed, mut failed) = (0, 0);
    for sender in flood {
        let (c, f) = sender.await.expect("a sender");
        confirmed += c;
        failed += f;
    }
    // The end of the steady state; the probes stop so that both sides see the same last one.
    let mut ends = Vec::new();
    for peer in &mut peers {
        ends.push(peer.sample("quiet").await);
    }
    tokio::time::sleep(DRAIN).await;
    let mut runs = Vec::new();
    for ((peer, mark), end) in peers.into_iter().zip(marks).zip(ends) {
        let name = peer.name;
        let totals = peer.finish().await;
        runs.push(PeerRun {
            name,
            mark,
            end,
            totals,
        });
    }
    Run {
        confirmed,
        failed,
        peers: runs,
    }
}
