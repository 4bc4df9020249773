//! Running commands: echoed before they start, failing with the command in the message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Runs `program` with `args`, inheriting the terminal; fails if it exits non-zero.
pub fn run<S: AsRef<str>>(program: &str, args: &[S]) -> Result<()> {
    run_in(Path::new("."), program, args)
}

/// Runs `program` with `args` in `dir`.
pub fn run_in<S: AsRef<str>>(dir: &Path, program: &str, args: &[S]) -> Result<()> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    eprintln!("xtask: $ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(&args)
        .current_dir(dir)
        .status()
        .with_context(|| format!("cannot start {program}"))?;
    if !status.success() {
        bail!("{program} {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Runs `cargo` with `args`.
pub fn cargo(args: &[&str]) -> Result<()> {
    run(&cargo_program(), args)
}

/// The cargo that runs xtask, so the same toolchain builds everything.
pub fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The trimmed standard output of a command, or `None` if it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Whether `program` can be found on `PATH`.
pub fn exists(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// The cargo target directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// Which cargo build: what the bundles wrap and the Windows checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Optimized: what users install.
    Release,
    /// Unoptimized: what the tests bundle, reusing the test build.
    Debug,
}
