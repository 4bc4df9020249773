//! Fan-out benchmark: ivs-chat-local against a plain Node `ws` broadcast server doing the same
//! work, side by side in one run.
//!
//! One room, `FANOUT_CONNECTIONS` (1,000) WebSocket connections, 10 of them sending at the room
//! cap (100 messages per second in all) for `FANOUT_SECONDS` (10); then `FANOUT_IDLE` (10,000)
//! idle connections held. Both servers run as child processes so that their CPU time and RSS can
//! be read from `/proc/<pid>/`. Prints a markdown table with ratios and writes it to
//! `target/bench/fanout.md`. Measures; asserts nothing about timings.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const SENDERS: usize = 10;
/// Each sender's rate: 10 senders × 10 per second = the room cap of 100.
const SENDER_RATE: u64 = 10;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A server under test, as a child process.
struct Server {
    child: Child,
    port: u16,
    /// ivs-chat-local needs tokens; the plain server takes any connection.
    chat: bool,
    http_client: reqwest::Client,
}

impl Server {
    fn ivs_chat_local() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ivs-chat-local"))
            .args(["--bind", "127.0.0.1:0", "--in-memory"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let line = first_line(&mut child);
        // "ivs-chat-local listening on 127.0.0.1:PORT (...)"
        let port = line
            .split_whitespace()
            .nth(3)
            .and_then(|addr| addr.rsplit(':').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("unexpected ready line {line:?}"));
        Server {
            child,
            port,
            chat: true,
            http_client: reqwest::Client::new(),
        }
    }

    fn node_ws() -> Server {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/node");
        if !dir.join("node_modules/ws").exists() {
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir)
                .status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "npm ci in tests/node failed (Node.js and npm are needed)"
            );
        }
        let mut child = Command::new("node")
            .arg("bench/ws-broadcast-server.mjs")
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .spawn()
            .expect("Node.js is needed for the baseline server");
        let line = first_line(&mut child);
        let port = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap();
        Server {
            child,
            port,
            chat: false,
            http_client: reqwest::Client::new(),
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// User + system CPU time of the process so far.
    fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        // USER_HZ is 100 on Linux.
        Duration::from_millis(ticks * 10)
    }

    /// Resident set size in bytes.
    fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.split_whitespace().next())
            .and_then(|kb| kb.parse::<u64>().ok())
            .unwrap_or(0)
            * 1024
    }

    fn http(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn create_room(&self) -> String {
        let room: Value = self
            .http_client
            .post(format!("{}/CreateRoom", self.http()))
            .json(&json!({"name": "bench", "maximumMessageRatePerSecond": 100}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        room["arn"].as_str().unwrap().to_owned()
    }

    async fn connect(
        &self,
        room: &str,
        user: usize,
        send: bool,
    ) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>
    {
        let mut request = format!("ws://127.0.0.1:{}/", self.port)
            .into_client_request()
            .unwrap();
        if self.chat {
            let capabilities: &[&str] = if send { &["SEND_MESSAGE"] } else { &[] };
            let token: Value = self
                .http_client
                .post(format!("{}/CreateChatToken", self.http()))
                .json(&json!({"roomIdentifier": room, "userId": format!("user{user}"), "capabilities": capabilities, "sessionDurationInMinutes": 180}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            request.headers_mut().insert(
                "Sec-WebSocket-Protocol",
                token["token"].as_str().unwrap().parse().unwrap(),
            );
        }
        tokio_tungstenite::connect_async(request).await.unwrap().0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn first_line(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    line
}

/// What one run measured.
struct Measured {
    deliveries_per_second: f64,
    p50: Duration,
    p99: Duration,
    cpu_percent: f64,
    cpu_per_1000_deliveries: Duration,
    rss_per_connection: f64,
    rss_per_idle_connection: f64,
    idle_connected: usize,
}

fn micros_since(epoch: Instant) -> u64 {
    epoch.elapsed().as_micros() as u64
}

async fn run(server: &Server, connections: usize, seconds: u64, idle: usize) -> Measured {
    let room = if server.chat {
        server.create_room().await
    } else {
        String::new()
    };
    let epoch = Instant::now();
    let baseline_rss = server.rss();

    // Receivers: every connection reads and records the delivery latency carried in Content.
    let deliveries = Arc::new(AtomicU64::new(0));
    let measuring = Arc::new(AtomicBool::new(false));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut readers = vec![];
    let mut senders = vec![];
    for user in 0..connections {
        let ws = server.connect(&room, user, user < SENDERS).await;
        let (write, mut read) = ws.split();
        if user < SENDERS {
            senders.push(write);
        }
        let deliveries = deliveries.clone();
        let measuring = measuring.clone();
        let mut stopped = stopped.clone();
        readers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let message = tokio::select! {
                    _ = stopped.changed() => break,
                    message = read.next() => match message {
                        Some(Ok(message)) => message,
                        _ => break,
                    },
                };
                if let Message::Text(text) = message {
                    if !measuring.load(Ordering::Relaxed) {
                        continue;
                    }
                    let frame: Value = serde_json::from_str(&text).unwrap_or_default();
                    if let Some(sent) = frame["Content"]
                        .as_str()
                        .and_then(|c| c.strip_prefix("t="))
                        .and_then(|t| t.parse::<u64>().ok())
                    {
                        latencies.push(micros_since(epoch).saturating_sub(sent));
                        deliveries.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            latencies
        }));
    }
    let connected_rss = server.rss();

    measuring.store(true, Ordering::Relaxed);
    let cpu_before = server.cpu();
    let started = Instant::now();
    let mut sending = vec![];
    for mut write in senders {
        sending.push(tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / SENDER_RATE));
            let end = Instant::now() + Duration::from_secs(seconds);
            while Instant::now() < end {
                ticker.tick().await;
                let frame = json!({"Action": "SEND_MESSAGE", "Content": format!("t={}", micros_since(epoch))});
                if write.send(Message::text(frame.to_string())).await.is_err() {
                    break;
                }
            }
            write
        }));
    }
    let mut writers = vec![];
    for task in sending {
        writers.push(task.await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let elapsed = started.elapsed();
    let cpu = server.cpu() - cpu_before;
    measuring.store(false, Ordering::Relaxed);
    let delivered = deliveries.load(Ordering::Relaxed);
    for mut write in writers {
        let _ = write.close().await;
    }
    let _ = stop.send(true);
    let mut latencies = vec![];
    for task in readers {
        if let Ok(mut mine) = task.await {
            latencies.append(&mut mine);
        }
    }
    latencies.sort_unstable();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map(|&us| Duration::from_micros(us))
            .unwrap_or_default()
    };
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Idle connections held at once.
    let idle_base = server.rss();
    let mut held = Vec::with_capacity(idle);
    let mut user = connections;
    while held.len() < idle {
        let batch = (idle - held.len()).min(250);
        let mut pending = vec![];
        for _ in 0..batch {
            user += 1;
            pending.push(server.connect(&room, user, false));
        }
        held.extend(futures_util::future::join_all(pending).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_rss = server.rss();
    let idle_connected = held.len();
    drop(held);

    Measured {
        deliveries_per_second: delivered as f64 / elapsed.as_secs_f64(),
        p50: percentile(0.50),
        p99: percentile(0.99),
        cpu_percent: cpu.as_secs_f64() / elapsed.as_secs_f64() * 100.0,
        cpu_per_1000_deliveries: if delivered == 0 {
            Duration::ZERO
        } else {
            cpu * 1000 / delivered as u32
        },
        rss_per_connection: connected_rss.saturating_sub(baseline_rss) as f64 / connections as f64,
        rss_per_idle_connection: idle_rss.saturating_sub(idle_base) as f64 / idle.max(1) as f64,
        idle_connected,
    }
}

fn report(
    connections: usize,
    seconds: u64,
    idle: usize,
    local: &Measured,
    node: &Measured,
) -> String {
    let ratio = |a: f64, b: f64| {
        if b == 0.0 {
            "n/a".to_owned()
        } else {
            format!("{:.2}×", a / b)
        }
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let rows = [
        (
            "deliveries per second (higher is better)",
            format!("{:.0}", local.deliveries_per_second),
            format!("{:.0}", node.deliveries_per_second),
            ratio(local.deliveries_per_second, node.deliveries_per_second),
        ),
        (
            "p50 delivery latency, ms",
            format!("{:.2}", ms(local.p50)),
            format!("{:.2}", ms(node.p50)),
            ratio(ms(local.p50), ms(node.p50)),
        ),
        (
            "p99 delivery latency, ms",
            format!("{:.2}", ms(local.p99)),
            format!("{:.2}", ms(node.p99)),
            ratio(ms(local.p99), ms(node.p99)),
        ),
        (
            "server CPU, % of one core",
            format!("{:.1}", local.cpu_percent),
            format!("{:.1}", node.cpu_percent),
            ratio(local.cpu_percent, node.cpu_percent),
        ),
        (
            "server CPU per 1,000 deliveries, ms",
            format!("{:.2}", ms(local.cpu_per_1000_deliveries)),
            format!("{:.2}", ms(node.cpu_per_1000_deliveries)),
            ratio(
                ms(local.cpu_per_1000_deliveries),
                ms(node.cpu_per_1000_deliveries),
            ),
        ),
        (
            "server RSS per active connection, KiB",
            format!("{:.1}", local.rss_per_connection / 1024.0),
            format!("{:.1}", node.rss_per_connection / 1024.0),
            ratio(local.rss_per_connection, node.rss_per_connection),
        ),
        (
            &*format!("server RSS per idle connection ({idle} held), KiB"),
            format!("{:.1}", local.rss_per_idle_connection / 1024.0),
            format!("{:.1}", node.rss_per_idle_connection / 1024.0),
            ratio(local.rss_per_idle_connection, node.rss_per_idle_connection),
        ),
        (
            "idle connections held",
            local.idle_connected.to_string(),
            node.idle_connected.to_string(),
            ratio(local.idle_connected as f64, node.idle_connected as f64),
        ),
    ];
    let mut text = format!(
        "# Fan-out: ivs-chat-local vs a plain Node `ws` broadcast server\n\n\
         One room, {connections} connections, {SENDERS} senders at {SENDER_RATE} msg/s each (the room cap of 100 msg/s), {seconds} s; \
         then {idle} idle connections. The load generator shares the machine ({} cores). Ratios are ivs-chat-local / node.\n\n\
         | measure | ivs-chat-local | node ws | ratio |\n|---|---:|---:|---:|\n",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    for (name, a, b, r) in rows {
        text.push_str(&format!("| {name} | {a} | {b} | {r} |\n"));
    }
    text
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and a test run should not spend minutes on a benchmark.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!(
            "fanout: run with `cargo bench -p ivs-chat-local --bench fanout`; skipped under cargo test"
        );
        return;
    }
    let connections = env_number("FANOUT_CONNECTIONS", 1000).max(SENDERS);
    let seconds = env_number("FANOUT_SECONDS", 10) as u64;
    let idle = env_number("FANOUT_IDLE", 10_000);
    // Both ends of every connection need a descriptor; children inherit the raised limit.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (local, node) = runtime.block_on(async {
        let local = {
            let server = Server::ivs_chat_local();
            run(&server, connections, seconds, idle).await
        };
        let node = {
            let server = Server::node_ws();
            run(&server, connections, seconds, idle).await
        };
        (local, node)
    });
    let text = report(connections, seconds, idle, &local, &node);
    println!("{text}");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fanout.md"), &text).unwrap();
}
