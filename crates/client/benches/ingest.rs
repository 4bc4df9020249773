//! Client ingest benchmark: `ivs-chat-client` against the official JS SDK (Node), both
//! subscribed to the same `ivs-chat-local` room under the same flood.
//!
//! Each client runs in its own process (this binary re-executed as the Rust subscriber; Node
//! for the SDK) so that its CPU time and peak RSS are its own; the service and the flood's
//! senders run here. Both subscribers also send a probe message every `IVS_BENCH_PROBE_MS` to
//! measure send → confirm latency under load. Prints a markdown table with ratios and writes
//! it to `target/bench/ingest.md`.
//!
//! Environment: `IVS_BENCH_SECONDS` (flood length, default 30), `IVS_BENCH_SENDERS` (senders
//! at 10 messages/s each, default 9: with the probes, just under the room's 100/s maximum),
//! `IVS_BENCH_PROBE_MS` (default 250).
//!
//! Run: `cargo bench -p ivs-chat-client --bench ingest`.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, ConnectionState, Endpoint, Limits, RequestStatus, Room, Update};
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::control::CreateChatTokenRequest;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

const ROLE: &str = "IVS_BENCH_ROLE";
/// Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux).
const USER_HZ: f64 = 100.0;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if std::env::var(ROLE).as_deref() == Ok("subscriber") {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(subscriber());
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(orchestrate());
}

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
    let mut config = Config::new(Endpoint::parse(ws).unwrap(), Arc::new(tokens));
    config.limits = Limits {
        maximum_message_rate: 100,
        ..Limits::default()
    };
    config
}

/// The Rust subscriber, in its own process.
async fn subscriber() {
    let ws = std::env::var("IVS_CHAT_WS").unwrap();
    let http = std::env::var("IVS_CHAT_HTTP").unwrap();
    let room_arn = std::env::var("ROOM_ARN").unwrap();
    let probe = Duration::from_millis(env_number("IVS_BENCH_PROBE_MS", 250));
    let (room, mut updates, actor) = Room::new(config(&ws, &http, &room_arn, "bench-rust"));
    tokio::spawn(actor);
    room.connect().await.unwrap();
    let mut stdin = BufReader::new(tokio::io::stdin()).lines();
    let mut ticker = tokio::time::interval(probe);
    let mut connected = false;
    let (mut received, mut first, mut last) = (0u64, None::<Instant>, None::<Instant>);
    let mut sent: HashMap<_, Instant> = HashMap::new();
    let mut latencies = Vec::new();
    let mut failures = 0u64;
    loop {
        tokio::select! {
            update = updates.recv() => match update {
                Some(Update::Message(_)) => {
                    let now = Instant::now();
                    first.get_or_insert(now);
                    last = Some(now);
                    received += 1;
                }
                Some(Update::State { state: ConnectionState::Connected, .. }) if !connected => {
                    connected = true;
                    println!("{}", json!({"ready": true}));
                }
                Some(Update::Request { request_id, status, .. }) => match status {
                    RequestStatus::Confirmed { .. } => {
                        if let Some(started) = sent.remove(&request_id) {
                            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
                        }
                    }
                    RequestStatus::Failed(_) => failures += 1,
                    RequestStatus::Pending => {}
                },
                Some(_) => {}
                None => break,
            },
            _ = ticker.tick(), if connected => {
                let id = room.send_message("probe", Default::default()).await.unwrap();
                sent.insert(id, Instant::now());
            }
            line = stdin.next_line() => if !matches!(line, Ok(Some(_))) { break },
        }
    }
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesized command name: utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|v| v.parse::<f64>().ok()).sum()
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let max_rss_kb: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let seconds = match (first, last) {
        (Some(first), Some(last)) => (last - first).as_secs_f64(),
        _ => 0.0,
    };
    println!(
        "{}",
        json!({
            "received": received,
            "seconds": seconds,
            "cpuSeconds": ticks / USER_HZ,
            "maxRssKb": max_rss_kb,
            "latenciesMs": latencies,
            "probeFailures": failures,
        })
    );
    std::process::exit(0);
}

struct Subscriber {
    name: &'static str,
    child: Child,
    lines: tokio::io::Lines<BufReader<ChildStdout>>,
}

impl Subscriber {
    fn spawn(name: &'static str, mut command: Command) -> Self {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {name}: {error}"));
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Self { name, child, lines }
    }

    async fn line(&mut self) -> Value {
        let line = tokio::time::timeout(Duration::from_secs(30), self.lines.next_line())
            .await
            .unwrap_or_else(|_| panic!("{} is silent", self.name))
            .unwrap()
            .unwrap_or_else(|| panic!("{} ended", self.name));
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("{}: {line}", self.name))
    }

    async fn finish(mut self) -> Value {
        drop(self.child.stdin.take());
        let result = self.line().await;
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
        result
    }
}

fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

async fn orchestrate() {
    let seconds = env_number("IVS_BENCH_SECONDS", 30);
    let senders = env_number("IVS_BENCH_SENDERS", 9);
    let probe_ms = env_number("IVS_BENCH_PROBE_MS", 250);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = ivs_chat_local::Service::start(listener, Default::default())
        .await
        .unwrap();
    let (http, ws) = (format!("http://{addr}"), format!("ws://{addr}"));
    let created: Value = reqwest::Client::new()
        .post(format!("{http}/CreateRoom"))
        .json(&json!({"name": "ingest", "maximumMessageRatePerSecond": 100}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room_arn = created["arn"].as_str().unwrap().to_owned();

    let common = |command: &mut Command| {
        command
            .env("IVS_CHAT_WS", &ws)
            .env("IVS_CHAT_HTTP", &http)
            .env("ROOM_ARN", &room_arn)
            .env("IVS_BENCH_PROBE_MS", probe_ms.to_string())
            .env("PROBE_INTERVAL_MS", probe_ms.to_string());
    };
    let mut rust = Command::new(std::env::current_exe().unwrap());
    rust.env(ROLE, "subscriber");
    common(&mut rust);
    let mut node = Command::new("node");
    node.arg("bench/sdk-ingest.mjs")
        .current_dir(workspace_dir().join("tests/node"));
    common(&mut node);
    let mut subscribers = vec![
        Subscriber::spawn("ivs-chat-client", rust),
        Subscriber::spawn("JS SDK", node),
    ];
    for subscriber in &mut subscribers {
        assert_eq!(
            subscriber.line().await["ready"],
            true,
            "{} connected",
            subscriber.name
        );
    }

    eprintln!("flooding for {seconds} s with {senders} senders at 10 messages/s each");
    let mut flood = Vec::new();
    for n in 0..senders {
        let (room, mut updates, actor) =
            Room::new(config(&ws, &http, &room_arn, &format!("sender-{n}")));
        tokio::spawn(actor);
        flood.push(tokio::spawn(async move {
            room.connect().await.unwrap();
            let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
            let mut ticker = tokio::time::interval(Duration::from_millis(100));
            let (mut confirmed, mut failed, mut pending) = (0u64, 0u64, 0u64);
            loop {
                tokio::select! {
                    _ = ticker.tick(), if tokio::time::Instant::now() < deadline => {
                        room.send_message(format!("flood from {n}: the quick brown fox jumps over the lazy dog"), Default::default()).await.unwrap();
                        pending += 1;
                    }
                    update = updates.recv() => match update {
                        Some(Update::Request { status: RequestStatus::Confirmed { .. }, .. }) => { confirmed += 1; pending -= 1; }
                        Some(Update::Request { status: RequestStatus::Failed(_), .. }) => { failed += 1; pending -= 1; }
                        Some(_) => {}
                        None => break,
                    },
                }
                if pending == 0 && tokio::time::Instant::now() >= deadline {
                    break;
                }
            }
            (confirmed, failed)
        }));
    }
    let (mut confirmed, mut failed) = (0, 0);
    for sender in flood {
        let (c, f) = sender.await.unwrap();
        confirmed += c;
        failed += f;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut results = Vec::new();
    for subscriber in subscribers {
        let name = subscriber.name;
        results.push((name, subscriber.finish().await));
    }
    service.shutdown().await;

    let report = table(&results, confirmed, failed, seconds, senders);
    println!("{report}");
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_dir().join("target"))
        .join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ingest.md"), &report).unwrap();
    eprintln!("written to {}", dir.join("ingest.md").display());
}

struct Row {
    received: f64,
    rate: f64,
    cpu_per_100k: f64,
    rss_mb: f64,
    p50: f64,
    p99: f64,
    probe_failures: f64,
}

fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn row(result: &Value) -> Row {
    let number = |key: &str| result[key].as_f64().unwrap_or(0.0);
    let latencies: Vec<f64> = result["latenciesMs"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    let received = number("received");
    Row {
        received,
        rate: if number("seconds") > 0.0 {
            received / number("seconds")
        } else {
            0.0
        },
        cpu_per_100k: if received > 0.0 {
            number("cpuSeconds") * 100_000.0 / received
        } else {
            f64::NAN
        },
        rss_mb: number("maxRssKb") / 1024.0,
        p50: percentile(&latencies, 50.0),
        p99: percentile(&latencies, 99.0),
        probe_failures: number("probeFailures"),
    }
}

fn table(
    results: &[(&str, Value)],
    confirmed: u64,
    failed: u64,
    seconds: u64,
    senders: u64,
) -> String {
    let rows: Vec<(&str, Row)> = results
        .iter()
        .map(|(name, result)| (*name, row(result)))
        .collect();
    let mut out = String::new();
    out.push_str("# Client ingest: ivs-chat-client vs the official JS SDK\n\n");
    out.push_str(&format!(
        "One ivs-chat-local room at 100 messages/s maximum; {senders} senders at 10/s for {seconds} s \
         ({confirmed} confirmed, {failed} failed); each subscriber also sends a probe every few hundred ms.\n\n"
    ));
    out.push_str("| client | messages received | messages/s sustained | CPU-s per 100k messages | peak RSS (MB) | send→confirm p50 (ms) | p99 (ms) | failed probes |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (name, row) in &rows {
        out.push_str(&format!(
            "| {name} | {:.0} | {:.1} | {:.2} | {:.1} | {:.2} | {:.2} | {:.0} |\n",
            row.received,
            row.rate,
            row.cpu_per_100k,
            row.rss_mb,
            row.p50,
            row.p99,
            row.probe_failures
        ));
    }
    if let [(_, rust), (_, sdk)] = rows.as_slice() {
        out.push_str(&format!(
            "| **SDK ÷ Rust** | {:.2}× | {:.2}× | {:.2}× | {:.2}× | {:.2}× | {:.2}× | |\n",
            sdk.received / rust.received,
            sdk.rate / rust.rate,
            sdk.cpu_per_100k / rust.cpu_per_100k,
            sdk.rss_mb / rust.rss_mb,
            sdk.p50 / rust.p50,
            sdk.p99 / rust.p99,
        ));
    }
    out.push_str(
        "\nRatios above 1× in the CPU, RSS and latency columns mean the Rust client uses less.\n",
    );
    out
}
