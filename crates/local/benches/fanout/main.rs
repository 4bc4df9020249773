//! Fan-out benchmark: ivs-chat-local against a plain Node `ws` broadcast server doing the same
//! work, side by side in one run, both as child processes (their CPU time and RSS read from
//! `/proc/<pid>/`), the load generator in this process.
//!
//! 1. **Held**: `FANOUT_HELD` (50,000, the account's concurrent-connection quota) connections
//!    in one room of each server: RSS per connection at 10,000 and at all of them, then one
//!    message a second for 10 s to every one of them: deliveries made, latency, CPU;
//!    `FANOUT_HELD_REPEATS` (as many as `FANOUT_REPEATS`) runs per server, alternating.
//! 2. **Capacity**: the offered load raised step by step (`FANOUT_STEPS`, deliveries per
//!    second; rooms of 1,000 connections with 10 senders each) until the 99th percentile of
//!    delivery latency passes `FANOUT_P99_LIMIT_MS` (100) or deliveries go missing; for each
//!    server, `FANOUT_REPEATS` (3) runs, alternating, reported as median and spread.
//!
//! A server holds one file descriptor per connection, so before anything the bench raises
//! its file-descriptor limit (`RLIMIT_NOFILE`, inherited by both servers and the workers) to
//! what the held run needs, as far as the system lets it. The held run's receivers are spread
//! over worker processes of 10,000 connections each, so that only the server's own limit
//! bounds it: when that limit cannot be raised far enough (the hard limit, without
//! `CAP_SYS_RESOURCE`), the held run holds what one server process can (its limit less the
//! descriptors it has open at start, read from `/proc/<pid>/`, less a few for the bench's
//! HTTP requests) and the report says so, with the numbers. Clients connect from several
//! `127.x.y.z` source addresses (Linux routes all of 127/8 to `lo`), 15,000 per address, well
//! under the ~28,000 ephemeral ports one address has.
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
mod worker;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use server::{Kind, Server};

/// Descriptors of the server kept for the bench's HTTP requests (CreateRoom, the sender's
/// token) beside the held connections.
const SERVER_SPARE: u64 = 16;
/// Descriptors of the bench process kept for everything but its connections (the servers'
/// pipes, HTTP clients, the workers' pipes).
const BENCH_SPARE: u64 = 400;
/// The account's concurrent-connection quota: the held run's target.
const QUOTA: usize = 50_000;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The descriptor limit of this process (inherited by the servers and the workers): raised
/// to what `wanted` connections need if the system allows, else to the hard limit. Returns
/// the soft limit in force, and why it could not be raised further when it falls short.
fn raise_descriptor_limit(wanted: u64) -> (u64, Option<String>) {
    use rlimit::Resource;
    let need = wanted + BENCH_SPARE;
    let (_, hard) = Resource::NOFILE.get().unwrap_or((1024, 1024));
    let mut refusal = None;
    if hard < need {
        match Resource::NOFILE.set(need, need) {
            Ok(()) => return (need, None),
            Err(error) => {
                refusal = Some(format!(
                    "setrlimit(RLIMIT_NOFILE, {need}) past the hard limit of {hard} fails: {error}; raising a hard limit needs CAP_SYS_RESOURCE"
                ));
            }
        }
    }
    let soft = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(hard);
    (soft, refusal.filter(|_| soft < need))
}

/// What one server process of each kind can hold here: its descriptor limit less those it
/// has open once started (probed on a fresh server of each kind). The smaller of the two,
/// with each server's figures for the report.
fn server_ceiling() -> (u64, Vec<(Kind, server::Descriptors)>) {
    let probes: Vec<(Kind, server::Descriptors)> = [Kind::Local, Kind::Node]
        .into_iter()
        .map(|kind| {
            let server = Server::start(kind);
            std::thread::sleep(Duration::from_millis(300));
            (kind, server.descriptors())
        })
        .collect();
    let ceiling = probes
        .iter()
        .map(|(_, descriptors)| descriptors.free())
        .min()
        .unwrap_or(0);
    (ceiling, probes)
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
    if worker::serve_if_worker() {
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and a test run should not spend minutes on a benchmark.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!(
            "fanout: run with `cargo bench -p ivs-chat-local --bench fanout`; skipped under cargo test"
        );
        return;
    }
    let wanted = env_number("FANOUT_HELD", QUOTA as u64);
    let (limit, refusal) = raise_descriptor_limit(wanted);
    let (ceiling, probes) = if wanted > 0 {
        server_ceiling()
    } else {
        (0, Vec::new())
    };
    let held = wanted.min(ceiling.saturating_sub(SERVER_SPARE)) as usize;
    let limit_note = (held < wanted as usize).then(|| {
        let servers: Vec<String> = probes
            .iter()
            .map(|(kind, descriptors)| {
                format!(
                    "{} has {} descriptors open at start, so one {} process can hold at most {} connections",
                    kind.name(),
                    descriptors.open,
                    kind.name(),
                    descriptors.free()
                )
            })
            .collect();
        format!(
            "a server holds one file descriptor per connection, and a process here may have at most {limit} open (RLIMIT_NOFILE; {}). {}. The held run therefore holds {held} in one server process ({SERVER_SPARE} descriptors kept for the bench's HTTP requests), not {wanted}; the load generator's side is spread over worker processes of {} connections each, so it is not what limits the count: 50,000 connections in one server process need a limit above 50,000 descriptors",
            refusal.as_deref().unwrap_or("the hard limit"),
            servers.join("; "),
            held::CHECKPOINT
        )
    });
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
    // Each held run takes about a minute per server; repeated like the capacity runs.
    let held_repeats = env_number("FANOUT_HELD_REPEATS", repeats as u64).min(20) as usize;
    let load_before = load_average();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let epoch = Instant::now();
    let (held_runs, capacity_runs) = runtime.block_on(async {
        let mut held_runs = Vec::new();
        if held > 0 {
            // Each run connects from addresses of its own (`127.<group>.x.1` for its
            // receivers, `127.<group + 1>.x.1` for its sender), so that no run waits on
            // another's ports in TIME_WAIT.
            for repeat in 0..held_repeats {
                for (offset, kind) in [Kind::Local, Kind::Node].into_iter().enumerate() {
                    eprintln!(
                        "fanout: {held} held by {}, run {} of {held_repeats}",
                        kind.name(),
                        repeat + 1
                    );
                    let group = 10 + 2 * (repeat * 2 + offset) as u8;
                    held_runs.push((kind, held::run(kind, held, group, epoch).await));
                }
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
                let group = 60 + (repeat * 2 + offset) as u8;
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
