//! The reliability bench: every fault scenario in its long form, the fuzz properties with
//! many cases, and the soak (10 minutes by default), reported in
//! `target/reliability-report.md` (under `CARGO_TARGET_DIR` when set).
//!
//! ```sh
//! cargo bench -p chatdeck-faults --bench reliability
//! SOAK_SECONDS=120 SOAK_ROOMS=20 PROPTEST_CASES=2000 cargo bench -p chatdeck-faults --bench reliability
//! ```
//!
//! `RELIABILITY_FORM=short` runs the scenarios' short forms; `RELIABILITY_SCENARIOS=stall,kill`
//! runs only the scenarios whose names contain one of the words; `PROPTEST_CASES=0` skips the
//! fuzz run; `SOAK_SECONDS=0` skips the soak. Results are reported, never asserted: the
//! process fails only when something could not run, or when the fuzzing found a failure
//! (which must become a regression test).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use chatdeck_faults::scenario::{Form, Scenario};
use chatdeck_faults::soak::{SoakReport, SoakSettings};
use chatdeck_faults::{Outcome, report};

/// Cases per fuzz property unless `PROPTEST_CASES` says otherwise.
const DEFAULT_FUZZ_CASES: u32 = 2000;
/// The fuzz test targets.
const FUZZ_TARGETS: [&str; 4] = [
    "fuzz_frames",
    "fuzz_requests",
    "fuzz_control",
    "fuzz_chat_log",
];

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// One fuzz run: the cargo test of the fuzz targets with many cases.
struct FuzzRun {
    cases: u32,
    passed: bool,
    took: Duration,
    summary: String,
}

fn fuzz(cases: u32) -> FuzzRun {
    let started = Instant::now();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .args(["test", "--package", "chatdeck-faults"])
        .env("PROPTEST_CASES", cases.to_string())
        .stdin(Stdio::null());
    for target in FUZZ_TARGETS {
        command.args(["--test", target]);
    }
    let output = command.output();
    let (passed, summary) = match output {
        Ok(output) => {
            let text = String::from_utf8_lossy(&output.stdout);
            let results: Vec<&str> = text
                .lines()
                .filter(|line| line.starts_with("test result:") || line.contains("FAILED"))
                .collect();
            (output.status.success(), results.join("; "))
        }
        Err(error) => (false, format!("could not run cargo test: {error}")),
    };
    FuzzRun {
        cases,
        passed,
        took: started.elapsed(),
        summary,
    }
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("reliability: no runtime: {error}");
            std::process::exit(1);
        }
    };
    let form = match std::env::var("RELIABILITY_FORM").as_deref() {
        Ok("short") => Form::short(),
        _ => Form::long(),
    };
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut could_not_run = 0;
    let only: Vec<String> = std::env::var("RELIABILITY_SCENARIOS")
        .map(|words| {
            words
                .split(',')
                .map(|word| word.trim().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    for scenario in Scenario::ALL {
        let name = format!("{scenario:?}").to_lowercase();
        if !only.is_empty() && !only.iter().any(|word| name.contains(word.as_str())) {
            continue;
        }
        eprintln!("reliability: {scenario:?} …");
        let outcome = runtime
            .block_on(async { tokio::time::timeout(form.wait * 4, scenario.run(form)).await });
        // Every scenario of the list gets its row: one that cannot run or does not finish
        // is a failure, never a gap.
        let outcome = match outcome {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(error)) => {
                could_not_run += 1;
                Outcome::not_run(format!("{scenario:?}"), format!("could not run: {error}"))
            }
            Err(_) => {
                could_not_run += 1;
                Outcome::not_run(
                    format!("{scenario:?}"),
                    format!("did not finish in {:?}", form.wait * 4),
                )
            }
        };
        eprintln!("{outcome}");
        outcomes.push(outcome);
    }

    let cases = chatdeck_faults::fuzz::cases(DEFAULT_FUZZ_CASES);
    let fuzz_run = (cases > 0).then(|| {
        eprintln!("reliability: fuzzing with {cases} cases per property …");
        fuzz(cases)
    });

    let settings = SoakSettings::from_env(Duration::from_secs(600));
    let mut soak_failure = None;
    let soak: Option<SoakReport> = if settings.duration.is_zero() {
        None
    } else {
        eprintln!(
            "reliability: soak of {} s over {} rooms …",
            settings.duration.as_secs(),
            settings.rooms
        );
        match runtime.block_on(chatdeck_faults::soak::run(settings)) {
            Ok(report) => Some(report),
            Err(error) => {
                could_not_run += 1;
                eprintln!("reliability: the soak could not run: {error}");
                soak_failure = Some(error.to_string());
                None
            }
        }
    };

    let mut text = report::markdown(&outcomes, soak.as_ref());
    if let Some(error) = soak_failure {
        text.push_str(&format!(
            "\n## Soak\n\n**FAILED:** the soak could not run: {error}\n"
        ));
    }
    if let Some(run) = &fuzz_run {
        text.push_str(&format!(
            "\n## Fuzzing\n\n`PROPTEST_CASES={}` over {}: {} in {:.0} s ({}).\n",
            run.cases,
            FUZZ_TARGETS.join(", "),
            if run.passed {
                "no failure"
            } else {
                "**FAILURES**"
            },
            run.took.as_secs_f64(),
            run.summary
        ));
        if !run.passed {
            could_not_run += 1;
        }
    }
    let path = target_dir().join("reliability-report.md");
    match std::fs::create_dir_all(target_dir()).and_then(|()| std::fs::write(&path, &text)) {
        Ok(()) => eprintln!("reliability: report written to {}", path.display()),
        Err(error) => eprintln!("reliability: cannot write {}: {error}", path.display()),
    }
    println!("{text}");
    if could_not_run > 0 {
        std::process::exit(1);
    }
}
