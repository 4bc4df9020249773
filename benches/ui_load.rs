//! The UI under load, in the real desktop app (WebKitGTK through tauri-driver): one tab at
//! 100 messages a second and ten tabs at 10 a second, for `CHATDECK_BENCH_MINUTES` minutes
//! (default 10, long enough for the web engine's heap to settle after its warm-up; fractions
//! allowed), four times in one run, side by side: the floor (the same app and traffic, its
//! window showing `ui/floor/`, a page without a framework that pulls the same events over the
//! same IPC path and keeps the front tab's newest rows as the smallest chat row), Chatdeck
//! plain (cozy rows, senders without roles), with the chat features on in the same cozy rows
//! (senders with badges and a name color, every fourth message a reply), and with them on in
//! compact rows. Chatdeck's figures are also given as ratios to the floor's, and the
//! features' to plain's: the cozy pair tells what badges and replies cost, the compact one
//! adds what the one-line density costs. Before them, the start-up with 20 tabs restored
//! and no traffic, the median and range of three launches: from the app process's start to
//! the first contentful paint and to the UI with its tabs. The web processes run with the app's JavaScriptCore heap sizing
//! (`src-tauri/shell/web_heap.rs`); `JSC_forceRAMSize=0` in the environment runs them at
//! JavaScriptCore's own.
//!
//! Every `CHATDECK_BENCH_SAMPLE_SECONDS` (default 10) it samples the resident memory and CPU
//! time of the app and its WebKit processes, and what the page holds (elements, message rows,
//! the wasm memory, the lines in the UI store, through the UI's probe on
//! `window.wasmBindings`). The report has the samples, frame times (requestAnimationFrame
//! deltas collected in the page), CPU per message, the start-up, and a verdict per process:
//! "flat" or "growing", from the slope of its memory over the second half of the run. Writes
//! `target/bench/ui_load.md` and prints it.
//!
//! The traffic comes from `ivs-chat-client` connections to an `ivs-chat-local` run by this
//! benchmark; the app reaches it through a token-endpoint profile written into its data
//! directory before it starts, with the eleven tabs already open.

#[path = "ui_load/samples.rs"]
mod samples;
#[path = "ui_load/startup.rs"]
mod startup;
#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chatdeck_ipc::reply::REPLY_ATTRIBUTE;
use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, Endpoint, Limits, Room};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use ivs_chat_protocol::{Attributes, Capability};
use samples::{PAGE_SCRIPT, PROCESSES, PageStat, Sample};
use serde_json::json;
use support::processes;
use support::webdriver::{target_dir, wait_js};
use support::window::app_data_dir;

/// Rooms: (messages per second, count).
const LOAD: [(u32, usize); 2] = [(100, 1), (10, 10)];
/// What one sender connection may send per second (the service's per-connection limit).
const PER_CONNECTION: u32 = 8;

fn minutes() -> f64 {
    std::env::var("CHATDECK_BENCH_MINUTES")
        .ok()
        .and_then(|value| value.parse().ok())
        .filter(|minutes: &f64| *minutes > 0.0)
        .unwrap_or(10.0)
}

fn sample_seconds() -> f64 {
    std::env::var("CHATDECK_BENCH_SAMPLE_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .filter(|seconds: &f64| *seconds >= 1.0)
        .unwrap_or(10.0)
}

/// Clock ticks per second of `/proc/<pid>/stat` times.
const TICKS_PER_SECOND: f64 = processes::TICKS_PER_SECOND as f64;

async fn sample(
    browser: &fantoccini::Client,
    root: u32,
    seconds: f64,
    sent: u64,
    frames: &mut Vec<f64>,
) -> Sample {
    let (page, drained) = match browser.execute(PAGE_SCRIPT, vec![]).await {
        Ok(value) => PageStat::decode(&value),
        Err(_) => (PageStat::default(), Vec::new()),
    };
    frames.extend(drained);
    Sample {
        seconds,
        processes: samples::processes(root),
        page,
        sent,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// What the app shows while the traffic flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// The floor page instead of the UI; senders as in `Plain`.
    Floor,
    /// Cozy rows; senders without roles; no replies.
    Plain,
    /// Cozy rows; senders with badges and a name color; every fourth message a reply.
    FeaturesCozy,
    /// Compact rows; senders with badges and a name color; every fourth message a reply.
    FeaturesCompact,
}

impl Variant {
    /// Whether the senders have roles and a name color, and every fourth message is a reply.
    fn features(self) -> bool {
        matches!(self, Variant::FeaturesCozy | Variant::FeaturesCompact)
    }

    fn label(self) -> &'static str {
        match self {
            Variant::Floor => "floor (no framework, smallest rows)",
            Variant::Plain => "plain (cozy rows, no badges, no replies)",
            Variant::FeaturesCozy => {
                "chat features on, cozy rows (badges and color, a reply in four)"
            }
            Variant::FeaturesCompact => {
                "chat features on, compact rows (badges and color, a reply in four)"
            }
        }
    }
}

/// One variant's figures, for the side-by-side table.
struct Outcome {
    report: String,
    cpu_app_us: f64,
    /// The part of the app's CPU per message spent by the chat engine's threads.
    cpu_engine_us: f64,
    cpu_web_us: f64,
    p95: f64,
    p99: f64,
    longest: f64,
    web_mb: f64,
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let service = ivs_chat_local::Service::start(listener, ivs_chat_local::Config::default())
        .await
        .expect("local service");
    let startup = startup::startup(&service).await;
    let floor = run(&service, Variant::Floor).await;
    let plain = run(&service, Variant::Plain).await;
    let cozy = run(&service, Variant::FeaturesCozy).await;
    let features = run(&service, Variant::FeaturesCompact).await;
    service.shutdown().await;
    let summary = format!(
        "# UI load benchmark\n\n\
         The same traffic four times in one run, each in a fresh app window, {minutes} min each. {heap}\n\n\
         | measure | {floor_label} | {plain_label} | {cozy_label} | {features_label} | plain ÷ floor | compact features ÷ floor | cozy features ÷ plain | compact features ÷ plain |\n\
         |---|---|---|---|---|---|---|---|---|\n\
         {table}\n{startup}\n{floor_report}\n{plain_report}\n{cozy_report}\n{features_report}",
        minutes = minutes(),
        heap = heap_sizing(),
        floor_label = Variant::Floor.label(),
        plain_label = Variant::Plain.label(),
        cozy_label = Variant::FeaturesCozy.label(),
        features_label = Variant::FeaturesCompact.label(),
        table = side_by_side(&floor, &plain, &cozy, &features),
        floor_report = floor.report,
        plain_report = plain.report,
        cozy_report = cozy.report,
        features_report = features.report,
    );
    let dir = target_dir().join("bench");
    std::fs::create_dir_all(&dir).expect("bench dir");
    std::fs::write(dir.join("ui_load.md"), &summary).expect("report");
    println!("{summary}");
}

/// A measure of the summary table: its name, its unit, and where an outcome has it.
type Measure = (&'static str, &'static str, fn(&Outcome) -> f64);

/// Which JavaScriptCore heap sizing the web processes ran with: the app's own, unless the
/// environment chose one (`0`: JavaScriptCore's sizing for the machine).
fn heap_sizing() -> String {
    use chatdeck::shell::{WEB_HEAP_RAM_SIZE, WEB_HEAP_VARIABLE};
    match std::env::var(WEB_HEAP_VARIABLE) {
        Ok(chosen) => {
            format!("JavaScriptCore's heap: `{WEB_HEAP_VARIABLE}={chosen}` from the environment.")
        }
        Err(_) => format!(
            "JavaScriptCore's heap: the app's sizing (`{WEB_HEAP_VARIABLE}={WEB_HEAP_RAM_SIZE}`)."
        ),
    }
}

/// The summary table's rows: each measure for the four variants, and their ratios.
fn side_by_side(floor: &Outcome, plain: &Outcome, cozy: &Outcome, features: &Outcome) -> String {
    let measures: [Measure; 7] = [
        ("CPU per message, web process", "µs", |o| o.cpu_web_us),
        ("CPU per message, app process", "µs", |o| o.cpu_app_us),
        ("of which the chat engine's threads", "µs", |o| {
            o.cpu_engine_us
        }),
        ("frame time p95", "ms", |o| o.p95),
        ("frame time p99", "ms", |o| o.p99),
        ("longest frame", "ms", |o| o.longest),
        ("web process RSS at the end", "MB", |o| o.web_mb),
    ];
    let ratio = |a: f64, b: f64| {
        if a > 0.0 {
            format!("{:.2}×", b / a)
        } else {
            "n/a".into()
        }
    };
    let mut table = String::new();
    for (name, unit, of) in measures {
        let (f, p, c, x) = (of(floor), of(plain), of(cozy), of(features));
        table.push_str(&format!(
            "| {name} | {f:.1} {unit} | {p:.1} {unit} | {c:.1} {unit} | {x:.1} {unit} | {} | {} | {} | {} |\n",
            ratio(f, p),
            ratio(f, x),
            ratio(p, c),
            ratio(p, x)
        ));
    }
    table
}

/// Rooms on `service`, `count` at each rate of `load` (the rate is the room's limit): their
/// ARNs, names and rates.
async fn create_rooms(
    service: &ivs_chat_local::Service,
    tag: &str,
    load: &[(u32, usize)],
) -> Vec<(String, String, u32)> {
    let http = service.http_endpoint();
    let client = reqwest::Client::new();
    let mut rooms = Vec::new();
    for &(rate, count) in load {
        for n in 0..count {
            let name = format!("load-{tag}-{rate}-{n}");
            let body = json!({ "name": name, "maximumMessageRatePerSecond": rate });
            let room: serde_json::Value = client
                .post(format!("{http}/CreateRoom"))
                .json(&body)
                .send()
                .await
                .expect("CreateRoom")
                .json()
                .await
                .expect("CreateRoom output");
            rooms.push((room["arn"].as_str().expect("arn").to_owned(), name, rate));
        }
    }
    rooms
}

/// The app's home: in its data directory a token-endpoint profile on `service`, a tab on each
/// of `rooms` (the first in front) and the list density, written before it starts.
fn app_home(
    service: &ivs_chat_local::Service,
    rooms: &[(String, String, u32)],
    density: &str,
) -> tempfile::TempDir {
    let http = service.http_endpoint();
    let ws = service.messaging_endpoint();
    let home = tempfile::tempdir().expect("home");
    let data = app_data_dir(home.path());
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
    std::fs::write(
        data.join("settings.json"),
        json!({ "format": "chatdeck-settings", "version": 1, "settings": { "density": density } })
            .to_string(),
    )
    .expect("settings");
    home
}

/// One variant: fresh rooms, a fresh app window with the eleven tabs open, the traffic, the
/// samples and the report.
async fn run(service: &ivs_chat_local::Service, variant: Variant) -> Outcome {
    let minutes = minutes();
    let http = service.http_endpoint();
    let ws = service.messaging_endpoint();
    let tag = match variant {
        Variant::Floor => "floor",
        Variant::Plain => "plain",
        Variant::FeaturesCozy => "features-cozy",
        Variant::FeaturesCompact => "features-compact",
    };
    let rooms = create_rooms(service, tag, &LOAD).await;
    let density = match variant {
        Variant::Floor | Variant::Plain | Variant::FeaturesCozy => "cozy",
        Variant::FeaturesCompact => "compact",
    };
    let home = app_home(service, &rooms, density);
    let (window, startup) = startup::launch(home, rooms.len()).await;
    let browser = &window.client;
    wait_js(browser, "return [...document.querySelectorAll('[data-testid=tab] .dot')].filter(d => d.dataset.state === 'connected').length;", |n| n.as_u64() == Some(rooms.len() as u64)).await;
    if variant == Variant::Floor {
        show_floor(browser, "tab0").await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let root = window.driver_pid();

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
                    attributes: Some(sender_attributes(variant, c)),
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
            // The senders' updates are drained so their engines never wait; the first message
            // seen is what replies answer.
            let answered = Arc::new(std::sync::OnceLock::new());
            let seen = answered.clone();
            keep.push(tokio::spawn(async move {
                while let Some(update) = updates.recv().await {
                    if let ivs_chat_client::Update::Message(message) = update {
                        let _ = seen.set(message.id.clone());
                    }
                }
            }));
            senders.push((room, per, answered));
        }
    }
    browser
        .execute("window.__frames = []; let last = performance.now(); const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); }; requestAnimationFrame(tick); return true;", vec![])
        .await
        .expect("frame probe");
    let duration = Duration::from_secs_f64(minutes * 60.0);
    let every = Duration::from_secs_f64(sample_seconds());
    let sent = Arc::new(AtomicU64::new(0));
    let mut frames = Vec::new();
    let mut series = vec![sample(browser, root, 0.0, 0, &mut frames).await];
    // The first frame delta spans the probe's installation, not a frame.
    frames.clear();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (room, per, answered) in senders {
        let sent = sent.clone();
        tasks.push(tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / per));
            let mut n = 0u64;
            while started.elapsed() < duration {
                ticker.tick().await;
                let text = format!("load line {n} — the quick brown fox jumps over the lazy dog");
                let mut attributes = Attributes::new();
                if variant.features()
                    && n % 4 == 3
                    && let Some(id) = answered.get()
                {
                    attributes.insert(REPLY_ATTRIBUTE.to_owned(), id.clone());
                }
                if room.send_message(text, attributes).await.is_ok() {
                    n += 1;
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    let mut next = every;
    while next <= duration {
        tokio::time::sleep_until((started + next).into()).await;
        let at = started.elapsed().as_secs_f64();
        let so_far = sent.load(Ordering::Relaxed);
        series.push(sample(browser, root, at, so_far, &mut frames).await);
        next += every;
    }
    for task in tasks {
        let _ = task.await;
    }
    let sent = sent.load(Ordering::Relaxed);
    let mut sorted = frames;
    sorted.sort_by(f64::total_cmp);
    let first = &series[0];
    let last = series.last().unwrap_or(first);
    let max_rows = series.iter().map(|s| s.page.rows).max().unwrap_or(0);
    // CPU over the run, per message sent.
    let ticks = |prefix: &str| {
        last.cpu_ticks(prefix)
            .saturating_sub(first.cpu_ticks(prefix))
    };
    let engine_ticks = last.engine_ticks().saturating_sub(first.engine_ticks());
    let cpu_us = |ticks: u64| {
        if sent == 0 {
            f64::NAN
        } else {
            ticks as f64 / TICKS_PER_SECOND * 1e6 / sent as f64
        }
    };
    let cpu = |ticks: u64| {
        let seconds = ticks as f64 / TICKS_PER_SECOND;
        format!(
            "{seconds:.1} s ({:.0}% of a core), {:.0} µs per message",
            100.0 * seconds / last.seconds.max(1.0),
            cpu_us(ticks)
        )
    };
    let report = format!(
        "## {label}\n\n\
         Real app window (WebKitGTK under tauri-driver), {minutes} min: one tab at 100 msg/s and ten tabs at 10 msg/s \
         (the 100 msg/s tab in front), {sent} messages sent in total.\n\n\
         {overall}\n\n\
         | measure | value |\n|---|---|\n\
         | start-up with {tabs} tabs | {startup} |\n\
         | frames measured | {frames} |\n\
         | frame time p50 | {p50:.1} ms |\n\
         | frame time p95 | {p95:.1} ms |\n\
         | frame time p99 / longest | {p99:.1} ms / {longest:.1} ms |\n\
         | message rows in the DOM (end / max) | {rows_end} / {max_rows} |\n\
         | lines in the UI store, all tabs (end; most in one tab) | {lines} ({max_lines}) |\n\
         | CPU, app process | {cpu_app} |\n\
         | of which the chat engine's threads (tokio workers, history writer) | {cpu_engine} |\n\
         | CPU, web process | {cpu_web} |\n\n\
         ### Memory after warm-up\n\n{verdicts}\n\
         ### Samples every {every:?}\n\n{table}",
        label = variant.label(),
        overall = samples::overall(&series),
        tabs = rooms.len(),
        startup = startup.text(),
        frames = sorted.len(),
        p50 = percentile(&sorted, 0.50),
        p95 = percentile(&sorted, 0.95),
        p99 = percentile(&sorted, 0.99),
        longest = sorted.last().copied().unwrap_or(f64::NAN),
        rows_end = last.page.rows,
        lines = last.page.lines,
        max_lines = last.page.max_lines,
        cpu_app = cpu(ticks(PROCESSES[0].0)),
        cpu_engine = cpu(engine_ticks),
        cpu_web = cpu(ticks(PROCESSES[1].0)),
        verdicts = samples::verdicts(&series),
        table = samples::table(&series),
    );
    window.close().await;
    for task in keep {
        task.abort();
    }
    Outcome {
        report,
        cpu_app_us: cpu_us(ticks(PROCESSES[0].0)),
        cpu_engine_us: cpu_us(engine_ticks),
        cpu_web_us: cpu_us(ticks(PROCESSES[1].0)),
        p95: percentile(&sorted, 0.95),
        p99: percentile(&sorted, 0.99),
        longest: sorted.last().copied().unwrap_or(f64::NAN),
        web_mb: last.rss_mb(PROCESSES[1].0),
    }
}

/// Replaces the app's UI in the window with the floor page, showing `tab`'s messages in as
/// many rows as the app renders, and waits until it listens.
async fn show_floor(browser: &fantoccini::Client, tab: &str) {
    // As many as the message list renders (`RENDERED` in `ui/src/room/list/slice.rs`); the
    // report's "message rows in the DOM" shows both.
    let rendered = 150;
    browser
        .execute(
            "location.href = new URL(`floor/index.html?tab=${arguments[0]}&keep=${arguments[1]}`, location.href).href; return true;",
            vec![json!(tab), json!(rendered)],
        )
        .await
        .expect("open the floor page");
    wait_js(
        browser,
        "return Boolean(window.chatdeckFloor && window.chatdeckFloor.ready);",
        |ready| ready.as_bool() == Some(true),
    )
    .await;
}

/// A sender's token attributes: a name, and in the features variants roles and a name color.
fn sender_attributes(variant: Variant, n: u32) -> Attributes {
    let mut attributes: Attributes = [("displayName".to_owned(), format!("Sender {n}"))].into();
    if variant.features() {
        attributes.insert("badges".to_owned(), "moderator,subscriber".to_owned());
        attributes.insert("color".to_owned(), "#1e90ff".to_owned());
    }
    attributes
}
