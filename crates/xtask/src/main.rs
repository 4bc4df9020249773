//! `cargo xtask`: the project's own commands.
//!
//! - `cargo xtask run`: installs what is missing, builds the UI and starts the app.
//! - `cargo xtask test`: the same set-up, then every check and test; one summary line.
//! - `cargo xtask bench`: the benchmarks, side by side with their reference peers.
//! - `cargo xtask dist`: the installable bundles; `--windows`: the Windows ones, cross-built.
//!
//! # Layout
//!
//! - [`setup`]: system packages, the wasm target, pinned tools, Node packages.
//! - [`ui`]: building `ui/dist` with trunk.
//! - [`process`]: running commands and reporting them.
//! - [`windows`]: the Windows cross-build and the Wine that runs it.
//! - [`test`], [`bench`], [`dist`]: the subcommands with more than a few steps.

mod bench;
mod dist;
mod process;
mod setup;
mod test;
mod ui;
mod windows;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Set up, build, test and package Chatdeck"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Install what is missing, build the UI and start the desktop app.
    Run {
        /// Build optimized binaries.
        #[arg(long)]
        release: bool,
        /// Arguments passed to the app.
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Install what is missing, then run every check and test.
    Test {
        /// Only run tests whose name contains this filter (set-up and build still run).
        filter: Option<String>,
        /// Only the Windows cross-build and its checks under Wine.
        #[arg(long)]
        windows_only: bool,
    },
    /// Run the benchmarks and write their reports under target/.
    Bench {
        /// Run only the benchmarks whose name contains this (fanout, ingest, ui, reliability: the faults, the soak and the fuzzing).
        only: Option<String>,
    },
    /// Build the installable bundles (deb, AppImage on Linux).
    Dist {
        /// Cross-build for Windows instead: a portable zip and an NSIS installer.
        #[arg(long)]
        windows: bool,
    },
    /// Only install what is missing.
    Setup,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let root = workspace_root();
    std::env::set_current_dir(&root)?;
    match cli.command {
        Command::Run { release, args } => {
            setup::ensure(setup::Purpose::Run)?;
            ui::build(release)?;
            run_app(release, &args)
        }
        Command::Test {
            filter,
            windows_only,
        } => test::run(filter.as_deref(), windows_only),
        Command::Bench { only } => bench::run(only.as_deref()),
        Command::Dist { windows } => dist::run(windows),
        Command::Setup => setup::ensure(setup::Purpose::Test),
    }
}

/// Builds and starts the app; under a virtual display when there is no display at all.
fn run_app(release: bool, args: &[String]) -> Result<()> {
    let mut build = vec!["build", "--package", "chatdeck"];
    if release {
        build.push("--release");
    }
    process::cargo(&build)?;
    let binary = process::target_dir()
        .join(if release { "release" } else { "debug" })
        .join(format!("chatdeck{}", std::env::consts::EXE_SUFFIX));
    let binary = binary.to_string_lossy().into_owned();
    let mut command = Vec::new();
    if setup::needs_virtual_display() {
        eprintln!("xtask: no display found; starting Chatdeck under Xvfb (xvfb-run)");
        command.extend(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24"].map(String::from));
    }
    command.push(binary);
    command.extend(args.iter().cloned());
    process::run(&command[0], &command[1..])
}

/// The workspace root: the parent of this crate's `crates/` directory. `cargo run` (the
/// `cargo xtask` alias) tells where the crate is now; the path compiled in is only the
/// fallback, because a build reused from another checkout of the same tree (a shared
/// `CARGO_TARGET_DIR` whose sources look unchanged) would otherwise work on that checkout.
fn workspace_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest
        .ancestors()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or(manifest)
}
