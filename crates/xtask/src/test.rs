//! `cargo xtask test`: set-up, then every check and test, then one summary line.
//!
//! Steps after the set-up all run even when one fails, so a single run reports every problem.
//! Tests run under nextest (per-test timeouts from `.config/nextest.toml`, so nothing hangs CI)
//! when it is installed, else under `cargo test`. The Windows build is then checked under Wine
//! ([`wine`]).

mod wine;

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::{dist, process, setup, ui};

/// Test counts gathered from the runners' own summary lines.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
    skipped: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }
}

/// One step's outcome.
#[derive(Debug)]
struct Step {
    name: &'static str,
    ok: bool,
}

/// Runs everything; fails if anything failed. `windows_only`: only the Windows build and its
/// checks under Wine.
pub fn run(filter: Option<&str>, windows_only: bool) -> Result<()> {
    let started = Instant::now();
    setup::ensure(setup::Purpose::Test)?;
    ui::build(false)?;

    let mut steps = Vec::new();
    let mut counts = Counts::default();
    let cargo = process::cargo_program();
    let nextest = process::output(&cargo, &["nextest", "--version"]).is_some();
    if !windows_only {
        linux(filter, nextest, &mut steps, &mut counts)?;
    }
    if cfg!(target_os = "linux") && filter.is_none() {
        wine::run(&mut steps, &mut counts, nextest);
    }
    summarize(started, &steps, counts)
}

/// The checks and tests on this machine's own platform, and its .deb.
fn linux(
    filter: Option<&str>,
    nextest: bool,
    steps: &mut Vec<Step>,
    counts: &mut Counts,
) -> Result<()> {
    let cargo = process::cargo_program();

    steps.push(Step {
        name: "fmt",
        ok: process::run(&cargo, &["fmt", "--all", "--", "--check"]).is_ok(),
    });
    steps.push(Step {
        name: "clippy",
        ok: process::run(
            &cargo,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )
        .is_ok(),
    });

    steps.push(Step {
        name: "workflows",
        ok: lint_workflows().is_ok(),
    });
    steps.push(Step {
        name: "macos check",
        ok: process::cargo(&macos_check_args()).is_ok(),
    });

    let mut tests: Vec<String> = if nextest {
        ["nextest", "run", "--workspace", "--no-fail-fast"]
            .map(String::from)
            .to_vec()
    } else {
        ["test", "--workspace", "--no-fail-fast"]
            .map(String::from)
            .to_vec()
    };
    if let Some(filter) = filter {
        tests.push(filter.to_owned());
    }
    let runner = if nextest {
        Runner::Nextest
    } else {
        Runner::Libtest
    };
    let (ok, found) = run_counting(&cargo, &tests, runner, &[])?;
    counts.add(found);
    steps.push(Step { name: "tests", ok });

    if nextest {
        // nextest does not run doctests.
        let doctests = ["test", "--workspace", "--doc"].map(String::from);
        let (ok, found) = run_counting(&cargo, &doctests, Runner::Libtest, &[])?;
        counts.add(found);
        steps.push(Step {
            name: "doctests",
            ok,
        });
    }

    // The installer: bundle the tested build as a .deb, install it into a scratch root, start it.
    if cfg!(target_os = "linux") && filter.is_none() {
        let deb =
            dist::bundle(process::Profile::Debug, "deb").and_then(|deb| dist::verify_deb(&deb));
        if let Err(error) = &deb {
            eprintln!("xtask: deb check failed: {error:#}");
        }
        steps.push(Step {
            name: "deb",
            ok: deb.is_ok(),
        });
    }

    Ok(())
}

/// actionlint over `.github/workflows/*.yml` (they run only on GitHub; this is their check).
fn lint_workflows() -> Result<()> {
    let mut args = vec!["crates/xtask/tools/lint-workflows.mjs".to_owned()];
    let mut workflows: Vec<String> = std::fs::read_dir(".github/workflows")?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yml" || ext == "yaml")
        })
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    workflows.sort();
    args.extend(workflows);
    process::run("node", &args)
}

/// `cargo check` of the crates without C code for Apple silicon: the rest (SQLite, ring,
/// WebKit) needs Apple's SDK to build, which only the release workflow's macOS runner has.
fn macos_check_args() -> Vec<&'static str> {
    vec![
        "check",
        "--target",
        setup::MACOS_TARGET,
        "--package",
        "ivs-chat-protocol",
        "--package",
        "chatdeck-ipc",
    ]
}

/// Prints the summary line; fails if any step or test failed.
fn summarize(started: Instant, steps: &[Step], counts: Counts) -> Result<()> {
    let elapsed = started.elapsed().as_secs();
    let all_ok = steps.iter().all(|step| step.ok) && counts.failed == 0;
    let steps_line = steps
        .iter()
        .map(|step| format!("{} {}", step.name, if step.ok { "ok" } else { "FAILED" }))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "xtask test: {} — {} passed, {} failed, {} skipped; {steps_line} ({}m{:02}s)",
        if all_ok { "PASSED" } else { "FAILED" },
        counts.passed,
        counts.failed,
        counts.skipped,
        elapsed / 60,
        elapsed % 60,
    );
    if !all_ok {
        bail!("some checks or tests failed");
    }
    Ok(())
}

/// Which test runner's summary lines to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runner {
    /// `test result: …` per test binary.
    Libtest,
    /// One `Summary […]` line; nextest also echoes a failed test's own libtest output, whose
    /// `test result:` line must not be counted a second time.
    Nextest,
}

/// Runs a test command (under a virtual display when there is none, for the UI tests) with
/// `envs` added to its environment, echoing its output while reading the counts from its
/// summary lines.
fn run_counting(
    cargo: &str,
    args: &[String],
    runner: Runner,
    envs: &[(&str, OsString)],
) -> Result<(bool, Counts)> {
    let mut command_line: Vec<String> = Vec::new();
    if setup::needs_virtual_display() {
        command_line.extend(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24"].map(String::from));
    }
    command_line.push(cargo.to_owned());
    command_line.extend(args.iter().cloned());
    eprintln!("xtask: $ {}", command_line.join(" "));
    let mut child = Command::new(&command_line[0])
        .args(&command_line[1..])
        .envs(envs.iter().map(|(key, value)| (key, value)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (lines_tx, lines_rx) = mpsc::channel::<String>();
    let mut readers = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        let tx = lines_tx.clone();
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("{line}");
                // The receiver lives until every reader has finished.
                let _ = tx.send(line);
            }
        }));
    }
    if let Some(stderr) = child.stderr.take() {
        let tx = lines_tx.clone();
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("{line}");
                let _ = tx.send(line);
            }
        }));
    }
    drop(lines_tx);
    let mut counts = Counts::default();
    for line in lines_rx {
        let counted = match runner {
            Runner::Libtest => line.trim_start().starts_with("test result:"),
            Runner::Nextest => line.trim_start().starts_with("Summary ["),
        };
        if counted {
            counts.add(parse_summary(&line));
        }
    }
    for reader in readers {
        let _ = reader.join();
    }
    let status = child.wait()?;
    Ok((status.success(), counts))
}

/// Reads `test result: ok. 3 passed; 1 failed; 2 ignored; …` (libtest) and
/// `Summary [ 1.0s] 5 tests run: 4 passed, 1 failed, 2 skipped` (nextest).
fn parse_summary(line: &str) -> Counts {
    let line = line.trim();
    let body = if let Some(rest) = line.strip_prefix("test result:") {
        rest
    } else if line.starts_with("Summary [") {
        line.split_once("tests run:")
            .or_else(|| line.split_once("test run:"))
            .map_or("", |(_, rest)| rest)
    } else {
        return Counts::default();
    };
    let number_before = |word: &str| -> u64 {
        let words: Vec<&str> = body
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        words
            .windows(2)
            .filter(|pair| pair[1].starts_with(word))
            .filter_map(|pair| pair[0].parse::<u64>().ok())
            .sum()
    };
    Counts {
        passed: number_before("passed"),
        failed: number_before("failed"),
        skipped: number_before("skipped") + number_before("ignored"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_runners_summaries() {
        let libtest = parse_summary(
            "test result: FAILED. 3 passed; 1 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        );
        assert_eq!((libtest.passed, libtest.failed, libtest.skipped), (3, 1, 2));
        let nextest =
            parse_summary("     Summary [  12.345s] 45 tests run: 43 passed, 2 failed, 7 skipped");
        assert_eq!(
            (nextest.passed, nextest.failed, nextest.skipped),
            (43, 2, 7)
        );
        let flaky =
            parse_summary("     Summary [   1.000s] 1 test run: 1 passed (1 slow), 0 skipped");
        assert_eq!((flaky.passed, flaky.failed), (1, 0));
        assert_eq!(parse_summary("running 3 tests").passed, 0);
    }
}
