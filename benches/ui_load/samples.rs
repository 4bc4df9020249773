//! What the UI load benchmark samples over time, and how it judges the samples: resident
//! memory and CPU time of the app's processes (read from `/proc`), what the page holds (from
//! the UI's probe), and a least-squares slope over the second half of the run.

use std::fmt::Write as _;

use crate::support::processes::stat;

/// The processes the report follows, by the prefix of their (15-character) kernel name.
pub const PROCESSES: [(&str, &str); 3] = [
    ("chatdeck", "app"),
    (crate::support::processes::WEB_PROCESS, "web process"),
    ("WebKitNetworkPr", "network process"),
];

/// One process's counters.
#[derive(Debug, Clone, Default)]
pub struct ProcessStat {
    /// The kernel's name for it.
    pub name: String,
    /// Resident memory, kB.
    pub rss_kb: u64,
    /// User plus system CPU time, in clock ticks.
    pub cpu_ticks: u64,
    /// The part of it spent by the chat engine's threads (see [`ENGINE_THREADS`]).
    pub engine_ticks: u64,
}

/// The app's own threads for its chat work: the tokio runtime's (the sessions, their sockets,
/// the events, the commands) and the history's writer. The rest of the app process is the
/// main thread (GTK, the IPC hand-over) and WebKit's threads of its UI process, which the
/// floor page costs as well.
pub const ENGINE_THREADS: [&str; 2] = ["tokio-rt-worker", "history-writer"];

/// Counters of every descendant of `root` that belongs to the app (not the WebDriver).
pub fn processes(root: u32) -> Vec<ProcessStat> {
    crate::support::processes::descendants(root)
        .into_iter()
        .filter(|(_, name)| PROCESSES.iter().any(|(prefix, _)| name.starts_with(prefix)))
        .map(|(pid, name)| ProcessStat {
            rss_kb: rss_kb(pid),
            engine_ticks: engine_ticks(pid),
            cpu_ticks: stat(std::path::Path::new(&format!("/proc/{pid}/stat")))
                .map_or(0, |stat| stat.ticks),
            name,
        })
        .collect()
}

/// CPU ticks of `pid`'s threads named in [`ENGINE_THREADS`] (a thread that ended takes its
/// ticks along: the runtime's blocking threads end when idle, and do little here).
fn engine_ticks(pid: u32) -> u64 {
    let Ok(threads) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    threads
        .flatten()
        .filter_map(|thread| stat(&thread.path().join("stat")))
        .filter(|thread| ENGINE_THREADS.contains(&thread.name.as_str()))
        .map(|thread| thread.ticks)
        .sum()
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// What the page reports about itself.
#[derive(Debug, Clone, Default)]
pub struct PageStat {
    /// Message rows in the DOM.
    pub rows: u64,
    /// Elements in the document.
    pub elements: u64,
    /// The wasm linear memory, bytes.
    pub wasm_bytes: u64,
    /// Lines the UI store holds over all tabs.
    pub lines: u64,
    /// The most lines one tab holds.
    pub max_lines: u64,
}

/// The script that reads [`PageStat`] and drains the frame probe's deltas.
pub const PAGE_SCRIPT: &str = "const probe = window.wasmBindings && window.wasmBindings.chatdeck_probe ? window.wasmBindings.chatdeck_probe() : {};
const frames = window.__frames || []; window.__frames = [];
return { rows: document.querySelectorAll('[data-testid=message]').length,
  elements: document.getElementsByTagName('*').length,
  wasmBytes: probe.wasmBytes || 0, lines: probe.lines || 0, maxLines: probe.maxLines || 0, frames };";

impl PageStat {
    /// Decodes [`PAGE_SCRIPT`]'s answer; returns the page's counters and the frame deltas.
    pub fn decode(value: &serde_json::Value) -> (PageStat, Vec<f64>) {
        let number = |key: &str| value[key].as_f64().unwrap_or(0.0) as u64;
        let frames = value["frames"]
            .as_array()
            .map(|frames| {
                frames
                    .iter()
                    .filter_map(serde_json::Value::as_f64)
                    .collect()
            })
            .unwrap_or_default();
        (
            PageStat {
                rows: number("rows"),
                elements: number("elements"),
                wasm_bytes: number("wasmBytes"),
                lines: number("lines"),
                max_lines: number("maxLines"),
            },
            frames,
        )
    }
}

/// One sample.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    /// Seconds since the traffic started.
    pub seconds: f64,
    /// The app's processes.
    pub processes: Vec<ProcessStat>,
    /// The page.
    pub page: PageStat,
    /// Messages the senders had sent by then.
    pub sent: u64,
}

impl Sample {
    /// Resident memory of the processes whose name starts with `prefix`, MB.
    pub fn rss_mb(&self, prefix: &str) -> f64 {
        self.processes
            .iter()
            .filter(|process| process.name.starts_with(prefix))
            .map(|process| process.rss_kb as f64 / 1024.0)
            .sum()
    }

    /// All the app's processes, MB.
    pub fn total_mb(&self) -> f64 {
        PROCESSES
            .iter()
            .map(|(prefix, _)| self.rss_mb(prefix))
            .sum()
    }

    /// CPU ticks of the chat engine's threads in the app process.
    pub fn engine_ticks(&self) -> u64 {
        self.processes
            .iter()
            .map(|process| process.engine_ticks)
            .sum()
    }

    /// CPU ticks of the processes whose name starts with `prefix`.
    pub fn cpu_ticks(&self, prefix: &str) -> u64 {
        self.processes
            .iter()
            .filter(|process| process.name.starts_with(prefix))
            .map(|process| process.cpu_ticks)
            .sum()
    }
}

/// Least-squares slope of `(x, y)` points; 0 with fewer than two distinct x.
pub fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    if points.len() < 2 {
        return 0.0;
    }
    let mean_x = points.iter().map(|(x, _)| x).sum::<f64>() / n;
    let mean_y = points.iter().map(|(_, y)| y).sum::<f64>() / n;
    let covariance: f64 = points
        .iter()
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let variance: f64 = points.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    if variance == 0.0 {
        0.0
    } else {
        covariance / variance
    }
}

/// Growth per minute below which memory counts as flat. A garbage-collected heap breathes by
/// a few MB between samples; a leak at 100 messages a second shows far above this.
pub const FLAT_MB_PER_MINUTE: f64 = 1.0;

/// A series' slope over the second half of the run (after warm-up), per minute.
pub fn second_half_slope(samples: &[Sample], value: impl Fn(&Sample) -> f64) -> f64 {
    let end = samples.last().map_or(0.0, |sample| sample.seconds);
    let points: Vec<(f64, f64)> = samples
        .iter()
        .filter(|sample| sample.seconds >= end / 2.0)
        .map(|sample| (sample.seconds / 60.0, value(sample)))
        .collect();
    slope(&points)
}

/// "flat" or "growing" for a slope in MB per minute.
pub fn verdict(mb_per_minute: f64) -> &'static str {
    if mb_per_minute <= FLAT_MB_PER_MINUTE {
        "flat"
    } else {
        "growing"
    }
}

/// The samples as a Markdown table.
pub fn table(samples: &[Sample]) -> String {
    let mut out = String::from(
        "| t (s) | sent | app MB | web process MB | network MB | total MB | wasm MB | elements | rows | lines held (max per tab) |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for sample in samples {
        let _ = writeln!(
            out,
            "| {:.0} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.1} | {} | {} | {} ({}) |",
            sample.seconds,
            sample.sent,
            sample.rss_mb(PROCESSES[0].0),
            sample.rss_mb(PROCESSES[1].0),
            sample.rss_mb(PROCESSES[2].0),
            sample.total_mb(),
            sample.page.wasm_bytes as f64 / (1024.0 * 1024.0),
            sample.page.elements,
            sample.page.rows,
            sample.page.lines,
            sample.page.max_lines,
        );
    }
    out
}

/// Per-process slopes over the second half with their verdicts, as table rows.
pub fn verdicts(samples: &[Sample]) -> String {
    let mut out = String::from(
        "| series | start | end | slope over the second half | verdict |\n|---|---:|---:|---:|---|\n",
    );
    let mut row = |label: &str, value: &dyn Fn(&Sample) -> f64| {
        let first = samples.first().map_or(0.0, value);
        let last = samples.last().map_or(0.0, value);
        let slope = second_half_slope(samples, value);
        let _ = writeln!(
            out,
            "| {label} | {first:.0} MB | {last:.0} MB | {slope:+.2} MB/min | {} |",
            verdict(slope)
        );
    };
    for (prefix, label) in PROCESSES {
        row(&format!("{label} RSS"), &|sample| sample.rss_mb(prefix));
    }
    row("all processes RSS", &|sample| sample.total_mb());
    row("wasm linear memory", &|sample| {
        sample.page.wasm_bytes as f64 / (1024.0 * 1024.0)
    });
    out
}

/// The overall verdict line: growing if any process or the wasm memory grows.
pub fn overall(samples: &[Sample]) -> String {
    let slopes: Vec<(&str, f64)> = PROCESSES
        .iter()
        .map(|(prefix, label)| (*label, second_half_slope(samples, |s| s.rss_mb(prefix))))
        .collect();
    let worst = slopes
        .iter()
        .copied()
        .fold(("none", f64::MIN), |worst, next| {
            if next.1 > worst.1 { next } else { worst }
        });
    let word = verdict(worst.1);
    format!(
        "**Memory: {word}** after warm-up (steepest: {} at {:+.2} MB/min over the second half; flat means at most {FLAT_MB_PER_MINUTE} MB/min)",
        worst.0, worst.1
    )
}
