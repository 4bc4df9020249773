//! The UI under load, in the real desktop app (WebKitGTK through tauri-driver): one tab at
//! 100 messages a second and ten tabs at 10 a second, for `CHATDECK_BENCH_MINUTES` minutes
//! (default 1; fractions allowed).
//!
//! Reports frame times (requestAnimationFrame deltas collected in the page), message rows in
//! the DOM, the resident memory of the app and its WebKit processes at start and end, and the
//! time from launch to the first painted UI. Writes `target/bench/ui_load.md` and prints it.
//!
//! The traffic comes from `ivs-chat-client` connections to an `ivs-chat-local` run by this
//! benchmark; the app reaches it through a token-endpoint profile written into its data
//! directory before it starts, with the eleven tabs already open.

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, Endpoint, Limits, Room};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use ivs_chat_protocol::{Attributes, Capability};
use serde_json::json;
use support::webdriver::{target_dir, wait_js};
use support::window::Window;

/// Rooms: (messages per second, count).
const LOAD: [(u32, usize); 2] = [(100, 1), (10, 10)];
/// What one sender connection may send per second (the service's per-connection limit).
const PER_CONNECTION: u32 = 8;

fn minutes() -> f64 {
    std::env::var("CHATDECK_BENCH_MINUTES")
        .ok()
        .and_then(|value| value.parse().ok())
        .filter(|minutes: &f64| *minutes > 0.0)
        .unwrap_or(1.0)
}

/// Resident memory (kB) of every descendant of `root`, by process name.
fn rss_by_process(root: u32) -> Vec<(String, u64)> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The name is in parentheses and may hold spaces; fields follow the last ')'.
        let Some((head, tail)) = stat.rsplit_once(')') else {
            continue;
        };
        let name = head
            .split_once('(')
            .map(|(_, name)| name.to_owned())
            .unwrap_or_default();
        let ppid = tail
            .split_whitespace()
            .nth(1)
            .and_then(|ppid| ppid.parse::<u32>().ok())
            .unwrap_or(0);
        parents.push((pid, ppid, name));
    }
    let mut family = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, ppid, _) in &parents {
            if family.contains(ppid) && !family.contains(pid) {
                family.push(*pid);
                grew = true;
            }
        }
    }
    parents
        .iter()
        .filter(|(pid, _, name)| {
            family.contains(pid)
                && *pid != root
                && (name.starts_with("chatdeck") || name.starts_with("WebKit"))
        })
        .map(|(pid, _, name)| {
            let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
                .ok()
                .and_then(|status| {
                    status
                        .lines()
                        .find(|line| line.starts_with("VmRSS:"))
                        .and_then(|line| {
                            line.split_whitespace()
                                .nth(1)
                                .and_then(|kb| kb.parse().ok())
                        })
                })
                .unwrap_or(0);
            (name.clone(), rss)
        })
        .collect()
}

fn describe(processes: &[(String, u64)]) -> String {
    let total: u64 = processes.iter().map(|(_, rss)| rss).sum();
    let parts: Vec<String> = processes
        .iter()
        .map(|(name, rss)| format!("{name} {} MB", rss / 1024))
        .collect();
    format!("{} MB ({})", total / 1024, parts.join(", "))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and a test run should not spend minutes on a benchmark.
    if !std::env::args().any(|argument| argument == "--bench") {
        println!(
            "ui_load: run with `cargo bench -p chatdeck --bench ui_load`; skipped under cargo test"
        );
        return;
    }
    let minutes = minutes();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let service = ivs_chat_local::Service::start(listener, ivs_chat_local::Config::default())
        .await
        .expect("local service");
    let http = service.http_endpoint();
    let ws = service.messaging_endpoint();

    // Rooms, each with its rate as the room's limit.
    let client = reqwest::Client::new();
    let mut rooms = Vec::new();
    for (rate, count) in LOAD {
        for n in 0..count {
            let body =
                json!({ "name": format!("load-{rate}-{n}"), "maximumMessageRatePerSecond": rate });
            let room: serde_json::Value = client
                .post(format!("{http}/CreateRoom"))
                .json(&body)
                .send()
                .await
                .expect("CreateRoom")
                .json()
                .await
                .expect("CreateRoom output");
            rooms.push((
                room["arn"].as_str().expect("arn").to_owned(),
                format!("load-{rate}-{n}"),
                rate,
            ));
        }
    }

    // The app's data directory: a token-endpoint profile and the tabs, written before start.
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data/dev.chatdeck.desktop");
    std::fs::create_dir_all(&data).expect("data dir");
    let profiles = json!([{
        "id": "bench",
        "settings": {
            "name": "Bench", "kind": "token_endpoint",
            "token_url": format!("{http}/create_chat_token"), "messaging_endpoint": ws,
            "user_id": "viewer", "display_name": "Viewer", "avatar_url": null,
            "capabilities": ["SEND_MESSAGE"]
        }
    }]);
    std::fs::write(data.join("profiles.json"), profiles.to_string()).expect("profiles");
    let tabs: Vec<_> = rooms
        .iter()
        .enumerate()
        .map(|(n, (arn, name, _))| json!({ "id": format!("tab{n}"), "profile_id": "bench", "room_arn": arn, "room_name": name }))
        .collect();
    std::fs::write(
        data.join("tabs.json"),
        json!({ "tabs": tabs, "active": "tab0" }).to_string(),
    )
    .expect("tabs");

    let launched = Instant::now();
    let window = Window::open_with_home(home).await;
    let browser = &window.client;
    wait_js(browser, "const app = document.querySelector('[data-testid=app]'); return app && app.dataset.ready === 'true' && document.querySelectorAll('[data-testid=tab]').length;", |tabs| tabs.as_u64() == Some(rooms.len() as u64)).await;
    let ready = launched.elapsed();
    let paint = browser
        .execute("const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint'); return p ? p.startTime : null;", vec![])
        .await
        .ok()
        .and_then(|value| value.as_f64());
    wait_js(browser, "return [...document.querySelectorAll('[data-testid=tab] .dot')].filter(d => d.dataset.state === 'connected').length;", |n| n.as_u64() == Some(rooms.len() as u64)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let memory_start = rss_by_process(window.driver_pid());

    // Senders: enough connections per room to reach its rate under the per-connection limit.
    let endpoint = Endpoint::parse(&ws).expect("endpoint");
    let mut senders = Vec::new();
    let mut keep = Vec::new();
    for (arn, _, rate) in &rooms {
        let connections = rate.div_ceil(PER_CONNECTION);
        let per = f64::from(*rate) / f64::from(connections);
        for c in 0..connections {
            let tokens = HttpTokenProvider::new(
                format!("{http}/create_chat_token"),
                CreateChatTokenRequest {
                    room_identifier: Some(arn.clone()),
                    user_id: Some(format!("sender{c}")),
                    capabilities: Some(vec![Capability::SendMessage]),
                    session_duration_in_minutes: None,
                    attributes: Some([("displayName".to_owned(), format!("Sender {c}"))].into()),
                },
            );
            let mut config = Config::new(endpoint.clone(), Arc::new(tokens));
            config.limits = Limits {
                maximum_message_rate: *rate,
                connection_request_rate: 10,
                ..Limits::default()
            };
            let (room, mut updates, engine) = Room::new(config);
            tokio::spawn(engine);
            room.connect().await.expect("connect");
            // Nobody reads the senders' updates: drain them so their engines never wait.
            keep.push(tokio::spawn(async move {
                while updates.recv().await.is_some() {}
            }));
            senders.push((room, per));
        }
    }
    browser
        .execute("window.__frames = []; let last = performance.now(); const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); }; requestAnimationFrame(tick); return true;", vec![])
        .await
        .expect("frame probe");
    let duration = Duration::from_secs_f64(minutes * 60.0);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (room, per) in senders {
        tasks.push(tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / per));
            let mut sent = 0u64;
            while started.elapsed() < duration {
                ticker.tick().await;
                let text =
                    format!("load line {sent} — the quick brown fox jumps over the lazy dog");
                if room.send_message(text, Attributes::new()).await.is_ok() {
                    sent += 1;
                }
            }
            sent
        }));
    }
    let mut max_rows = 0u64;
    while started.elapsed() < duration {
        tokio::time::sleep(Duration::from_secs(2)).await;
        if let Ok(rows) = browser
            .execute(
                "return document.querySelectorAll('[data-testid=message]').length;",
                vec![],
            )
            .await
        {
            max_rows = max_rows.max(rows.as_u64().unwrap_or(0));
        }
    }
    let mut sent = 0;
    for task in tasks {
        sent += task.await.unwrap_or(0);
    }
    let frames: Vec<f64> = browser
        .execute("return window.__frames;", vec![])
        .await
        .ok()
        .and_then(|value| serde_json::from_value(value).ok())
        .unwrap_or_default();
    let rows_end = browser
        .execute(
            "return document.querySelectorAll('[data-testid=message]').length;",
            vec![],
        )
        .await
        .ok()
        .and_then(|value| value.as_u64())
        .unwrap_or(0);
    let memory_end = rss_by_process(window.driver_pid());
    let mut sorted: Vec<f64> = frames.iter().copied().skip(1).collect();
    sorted.sort_by(f64::total_cmp);

    let report = format!(
        "# UI load benchmark\n\n\
         Real app window (WebKitGTK under tauri-driver), {minutes} min: one tab at 100 msg/s and ten tabs at 10 msg/s \
         (the 100 msg/s tab in front), {sent} messages sent in total.\n\n\
         | measure | value |\n|---|---|\n\
         | launch → UI ready with {tabs} tabs | {ready:.2?} |\n\
         | first contentful paint (from navigation) | {paint} |\n\
         | frames measured | {frames} |\n\
         | frame time p50 | {p50:.1} ms |\n\
         | frame time p95 | {p95:.1} ms |\n\
         | message rows in the DOM (end / max) | {rows_end} / {max_rows} |\n\
         | RSS at start | {start} |\n\
         | RSS at end | {end} |\n",
        tabs = rooms.len(),
        paint = paint.map_or("n/a (not reported by the engine)".to_owned(), |ms| format!(
            "{ms:.0} ms"
        )),
        frames = sorted.len(),
        p50 = percentile(&sorted, 0.50),
        p95 = percentile(&sorted, 0.95),
        start = describe(&memory_start),
        end = describe(&memory_end),
    );
    let dir = target_dir().join("bench");
    std::fs::create_dir_all(&dir).expect("bench dir");
    std::fs::write(dir.join("ui_load.md"), &report).expect("report");
    println!("{report}");
    window.close().await;
    for task in keep {
        task.abort();
    }
    service.shutdown().await;
}
