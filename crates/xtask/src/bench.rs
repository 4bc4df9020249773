//! `cargo xtask bench`: every benchmark in one run, each side by side with its reference peer,
//! reports under `target/bench/`.

use anyhow::{Result, bail};

use crate::{process, setup, ui};

/// A benchmark: a name to select it and the cargo command that runs it.
struct Benchmark {
    name: &'static str,
    package: &'static str,
    bench: &'static str,
}

const BENCHMARKS: &[Benchmark] = &[
    Benchmark {
        name: "fanout",
        package: "ivs-chat-local",
        bench: "fanout",
    },
    Benchmark {
        name: "ingest",
        package: "ivs-chat-client",
        bench: "ingest",
    },
    Benchmark {
        name: "ui",
        package: "chatdeck",
        bench: "ui_load",
    },
    Benchmark {
        name: "reliability",
        package: "chatdeck-faults",
        bench: "reliability",
    },
];

/// Runs the selected benchmarks; fails if any fails to run (results are never asserted).
pub fn run(only: Option<&str>) -> Result<()> {
    setup::ensure(setup::Purpose::Test)?;
    // The app binary embeds ui/dist when it is compiled, so the UI is built first.
    ui::build(true)?;
    let cargo = process::cargo_program();
    let mut failed = Vec::new();
    for benchmark in BENCHMARKS {
        if only.is_some_and(|only| !benchmark.name.contains(only)) {
            continue;
        }
        let result = process::run(
            &cargo,
            &[
                "bench",
                "--package",
                benchmark.package,
                "--bench",
                benchmark.bench,
            ],
        );
        if let Err(error) = result {
            eprintln!("xtask: benchmark {} failed: {error:#}", benchmark.name);
            failed.push(benchmark.name);
        }
    }
    println!("xtask bench: reports in target/bench/ and target/reliability-report.md");
    if !failed.is_empty() {
        bail!("benchmarks failed: {}", failed.join(", "));
    }
    Ok(())
}
