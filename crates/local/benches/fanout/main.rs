//! Fan-out benchmark: ivs-chat-local against a plain Node `ws` broadcast server doing the same
//! work, side by side in one run, both as child processes (their CPU time and RSS read from
//! `/proc/<pid>/`), the load generator in this process.
//!
//! 1. **Held**: `FANOUT_HELD` (50,000, the account's concurrent-connection quota) connections
//!    in one room of each server: RSS per connection at 10,000 and at all of them, then one
//!    message a second for 10 s to every one of them: deliveries made, latency, CPU.
//! 2. **Capacity**: the offered load raised step by step (`FANOUT_STEPS`, deliveries per
//!    second; rooms of 1,000 connections with 10 senders each) until the 99th percentile of
//!    delivery latency passes `FANOUT_P99_LIMIT_MS` (100) or deliveries go missing; for each
//!    server, `FANOUT_REPEATS` (3) runs, alternating, reported as median and spread.
//!
//! Before anything, the bench raises its file-descriptor limit (`RLIMIT_NOFILE`, inherited
//! by both servers) as far as the system lets it; when the hard limit is below what the held
//! run needs and cannot be raised (no `CAP_SYS_RESOURCE`), the held run holds as many as the
//! limit allows and the report says so. Clients connect from several `127.x.y.z` source
//! addresses (Linux routes all of 127/8 to `lo`), 15,000 per address, well under the ~28,000
//! ephemeral ports one address has.
//!
//! Prints a markdown report and writes it to `target/bench/fanout.md`. Measures; asserts
//! nothing about timings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod capacity;
mod crowd;
mod held;
mod histogram;
mod report;
mod server;
mod socket;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use server::Kind;

/// File descriptors kept for everything but the held connections (listeners, the state
/// database, HTTP clients, pipes).
const SPARE_DESCRIPTORS: u64 = 400;
/// The account's concurrent-connection quota: the held run's target.
const QUOTA: usize = 50_000;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The descriptor limit: raised to what `wanted` connections need if the system allows,
/// else to the hard limit. Returns the soft limit in force and a note when it falls short.
fn raise_descriptor_limit(wanted: u64) -> (u64, Option<String>) {
    use rlimit::Resource;
    let need = wanted + SPARE_DESCRIPTORS;
    let (_, hard) = Resource::NOFILE.get().unwrap_or((1024, 1024));
    if hard < need && Resource::NOFILE.set(need, need).is_ok() {
        return (need, None);
    }
    let soft = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(hard);
    let note = (soft < need).then(|| {
        format!(
            "the file-descriptor limit is {soft} per process here and cannot be raised (setrlimit past the hard limit needs CAP_SYS_RESOURCE, which this machine's container does not grant): each server can hold at most {} connections, so the held run holds that many instead of {wanted}",
            soft.saturating_sub(SPARE_DESCRIPTORS)
        )
    });
    (soft, note)
}

/// The load average of the machine, for the report: the machine is shared.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
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
    let wanted = env_number("FANOUT_HELD", QUOTA as u64);
    let (limit, limit_note) = raise_descriptor_limit(wanted);
    let held = wanted.min(limit.saturating_sub(SPARE_DESCRIPTORS)) as usize;
    let plan = capacity::Plan {
        steps: std::env::var("FANOUT_STEPS")
            .ok()
            .map(|steps| {
                steps
                    .split(',')
                    .filter_map(|step| step.trim().parse().ok())
                    .collect()
            })
            .unwrap_or_else(|| {
                vec![
                    25_000, 50_000, 100_000, 150_000, 200_000, 300_000, 400_000, 600_000, 800_000,
                ]
            }),
        warm_up: Duration::from_secs(1),
        measure: Duration::from_secs(env_number("FANOUT_STEP_SECONDS", 5)),
        p99_limit: Duration::from_millis(env_number("FANOUT_P99_LIMIT_MS", 100)),
    };
    let repeats = env_number("FANOUT_REPEATS", 3) as usize;
    let load_before = load_average();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let epoch = Instant::now();
    let (held_runs, capacity_runs) = runtime.block_on(async {
        let mut held_runs = Vec::new();
        if held > 0 {
            // Each run connects from addresses of its own (`127.<group>.x.1`), so that no
            // run waits on another's ports in TIME_WAIT.
            for (kind, group) in [(Kind::Local, 10), (Kind::Node, 12)] {
                held_runs.push((kind, held::run(kind, held, group, epoch).await));
            }
        }
        let mut capacity_runs: Vec<(Kind, capacity::Run)> = Vec::new();
        for repeat in 0..repeats {
            for (offset, kind) in [Kind::Local, Kind::Node].into_iter().enumerate() {
                eprintln!(
                    "fanout: capacity of {}, run {} of {repeats}",
                    kind.name(),
                    repeat + 1
                );
                let group = 20 + (repeat * 2 + offset) as u8;
                capacity_runs.push((kind, capacity::run(kind, &plan, group, epoch).await));
            }
        }
        (held_runs, capacity_runs)
    });
    let text = report::markdown(&report::Context {
        cores: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        load_before,
        load_after: load_average(),
        limit,
        limit_note,
        wanted: wanted as usize,
        plan: &plan,
        held: &held_runs,
        capacity: &capacity_runs,
    });
    println!("{text}");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fanout.md"), &text).unwrap();
}
