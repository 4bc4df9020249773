//! Installing what the project needs, skipping whatever is already there at the right version.
//!
//! On Debian and Ubuntu everything is automatic (apt, with sudo when not root). Elsewhere the
//! exact list of what to install is printed, and the cargo-installed tools are installed anyway.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::process;

/// Trunk builds the UI; 0.22 needs a newer rustc than the machines this project supports.
const TRUNK_VERSION: &str = "0.21.14";
/// tauri-driver drives the real app through WebKitWebDriver in the UI tests.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// The Windows target, cross-built with MinGW-w64 and run under Wine.
pub const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";
/// The macOS target the crates without C code are checked against (they cannot link here).
pub const MACOS_TARGET: &str = "aarch64-apple-darwin";

/// What the set-up is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Building and starting the app.
    Run,
    /// Building the app and cross-building it for Windows: `cargo xtask dist --windows`.
    WindowsDist,
    /// Also testing it: browsers, WebDriver, Node packages, Wine, the macOS check.
    Test,
}

impl Purpose {
    /// Whether this purpose cross-builds for Windows.
    fn windows(self) -> bool {
        matches!(self, Purpose::WindowsDist | Purpose::Test)
    }
}

/// Debian packages the app needs to build and run (Tauri 2 on WebKitGTK 4.1).
const RUN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "curl",
    "wget",
    "file",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "xvfb",
    "xauth",
];

/// Debian packages the tests add: WebDriver for WebKit, Chromium and its driver, screenshots,
/// a desktop keyring.
const TEST_PACKAGES: &[&str] = &[
    "webkit2gtk-driver",
    "chromium",
    "chromium-driver",
    "xdotool",
    "imagemagick",
    "x11-apps",
    "dbus-x11",
    "at-spi2-core",
    // A private desktop keyring for the keychain test (tests/keychain.rs).
    "dbus-daemon",
    "gnome-keyring",
    "libsecret-tools",
];

/// Debian packages of the Windows build: the MinGW-w64 cross toolchain (the C code of SQLite
/// and ring; it also brings `windres` for the exe's icon and version resource), 64-bit Wine to
/// run what it builds (no 32-bit half: nothing here is 32-bit), NSIS for the installer, zip for
/// the portable archive.
const WINDOWS_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine64", "nsis", "zip", "unzip"];

/// Installs everything `purpose` needs.
pub fn ensure(purpose: Purpose) -> Result<()> {
    warn_if_disk_is_short(purpose);
    system_packages(purpose)?;
    rust_targets(purpose)?;
    cargo_tools(purpose)?;
    node_packages(purpose)
}

/// Roughly what a build from nothing writes under the target directory, in GiB, with some
/// room to spare: a cold `cargo xtask test` with incremental compilation off (as CI builds)
/// left 6.8 GiB; a developer's incremental caches add several more.
fn build_footprint_gib(purpose: Purpose) -> u64 {
    match purpose {
        Purpose::Run => 5,
        Purpose::WindowsDist => 9,
        Purpose::Test => 13,
    }
}

/// Says up front when the build is likely to run out of disk, instead of leaving the reader to
/// find "No space left on device" among thousands of lines of compiler output. A warning, not a
/// failure: a warm target directory needs far less than a cold one.
fn warn_if_disk_is_short(purpose: Purpose) {
    let target = process::target_dir();
    let Some(existing) = target.ancestors().find(|dir| dir.exists()) else {
        return;
    };
    let Some(free_kib) = process::output("df", &["-Pk", &existing.to_string_lossy()])
        .and_then(|report| free_kib_from_df(&report))
    else {
        return;
    };
    let free_gib = free_kib / (1024 * 1024);
    let needed = build_footprint_gib(purpose);
    if free_gib < needed {
        eprintln!(
            "xtask: warning: {free_gib} GiB free for {}; a build from nothing needs about \
             {needed} GiB. If it fails with \"No space left on device\", free space or point \
             CARGO_TARGET_DIR at a larger disk.",
            target.display()
        );
    }
}

/// The "Available" column of `df -Pk`'s one data line.
fn free_kib_from_df(report: &str) -> Option<u64> {
    report
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()
}

/// Whether the app must run under a virtual X display: Linux with no display at all.
pub fn needs_virtual_display() -> bool {
    cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
}

fn is_debian_like() -> bool {
    let Ok(release) = std::fs::read_to_string("/etc/os-release") else {
        return false;
    };
    release.lines().any(|line| {
        (line.starts_with("ID=") || line.starts_with("ID_LIKE="))
            && (line.contains("debian") || line.contains("ubuntu"))
    })
}

fn system_packages(purpose: Purpose) -> Result<()> {
    if !cfg!(target_os = "linux") || !is_debian_like() {
        print_manual_instructions();
        return Ok(());
    }
    let mut wanted: Vec<&str> = RUN_PACKAGES.to_vec();
    if purpose.windows() {
        wanted.extend_from_slice(WINDOWS_PACKAGES);
    }
    if purpose == Purpose::Test {
        wanted.extend_from_slice(TEST_PACKAGES);
    }
    // npm installs the UI's emoji font (ui/package.json) for every purpose, and the tests'
    // Node packages.
    if !process::exists("node") || !process::exists("npm") {
        wanted.extend(["nodejs", "npm"]);
    }
    let missing: Vec<&str> = wanted
        .into_iter()
        .filter(|package| !package_installed(package))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    let is_root = process::output("id", &["-u"]).as_deref() == Some("0");
    let prefix: Vec<&str> = if is_root {
        vec![]
    } else if process::exists("sudo") {
        vec!["sudo", "--preserve-env=DEBIAN_FRONTEND"]
    } else {
        bail!(
            "these packages are missing and neither root nor sudo is available; install them with:\n  apt-get install -y --no-install-recommends {}",
            missing.join(" ")
        );
    };
    // Noninteractive so that no package stops to ask a question.
    let apt = |args: &[&str]| -> Result<()> {
        let mut command: Vec<&str> = prefix.clone();
        command.push("apt-get");
        command.extend_from_slice(args);
        let status = std::process::Command::new(command[0])
            .args(&command[1..])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .with_context(|| format!("cannot run {}", command.join(" ")))?;
        if !status.success() {
            bail!("{} failed ({status})", command.join(" "));
        }
        Ok(())
    };
    eprintln!("xtask: $ apt-get update");
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    eprintln!("xtask: $ apt-get {}", install.join(" "));
    apt(&install)
}

fn package_installed(package: &str) -> bool {
    process::output("dpkg-query", &["-W", "-f=${Status}", package])
        .is_some_and(|status| status.ends_with("installed") && !status.contains("not-installed"))
}

fn print_manual_instructions() {
    eprintln!("xtask: automatic system set-up covers Debian and Ubuntu. On this system install:");
    if cfg!(target_os = "macos") {
        eprintln!("  - Xcode command line tools: xcode-select --install");
        eprintln!(
            "  - Node.js 20+ and npm (the UI's emoji font, the conformance tests): brew install node"
        );
    } else if cfg!(target_os = "windows") {
        eprintln!("  - Microsoft C++ Build Tools (Desktop development with C++)");
        eprintln!("  - Microsoft Edge WebView2 runtime (preinstalled on Windows 11)");
        eprintln!("  - Node.js 20+ and npm (the UI's emoji font, the conformance tests)");
    } else {
        eprintln!(
            "  - WebKitGTK 4.1 development files, libayatana-appindicator3, librsvg2, libxdo, OpenSSL, pkg-config, a C toolchain, Node.js 20+ and npm"
        );
        eprintln!("  - for tests: Xvfb, WebKitWebDriver, Chromium and chromedriver");
    }
    eprintln!("  (see https://v2.tauri.app/start/prerequisites/)");
}

/// The Rust standard libraries of the targets `purpose` builds or checks: wasm32 for the UI,
/// Windows for the cross-build, macOS for the check of the crates without C code.
fn rust_targets(purpose: Purpose) -> Result<()> {
    let mut wanted = vec!["wasm32-unknown-unknown"];
    if purpose.windows() {
        wanted.push(WINDOWS_TARGET);
    }
    if purpose == Purpose::Test {
        wanted.push(MACOS_TARGET);
    }
    let installed =
        process::output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    let missing: Vec<&str> = wanted
        .into_iter()
        .filter(|target| !installed.lines().any(|line| line.trim() == *target))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut args = vec!["target", "add"];
    args.extend(&missing);
    process::run("rustup", &args)
}

fn cargo_tools(purpose: Purpose) -> Result<()> {
    let cargo = process::cargo_program();
    let trunk = process::output("trunk", &["--version"]).unwrap_or_default();
    if trunk != format!("trunk {TRUNK_VERSION}") {
        process::run(
            &cargo,
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        )?;
    }
    // The CLI must match the `wasm-bindgen` crate in the lockfile exactly, or trunk's output
    // will not load. Its own lockfile names a crate version the registry lacks, so no --locked.
    let wanted = wasm_bindgen_version()?;
    let installed = process::output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if installed != format!("wasm-bindgen {wanted}") {
        process::run(
            &cargo,
            &[
                "install",
                "wasm-bindgen-cli",
                "--version",
                &wanted,
                "--force",
            ],
        )?;
    }
    if purpose == Purpose::Test && cfg!(target_os = "linux") {
        let list = process::output(&cargo, &["install", "--list"]).unwrap_or_default();
        if !list.contains(&format!("tauri-driver v{TAURI_DRIVER_VERSION}:")) {
            process::run(
                &cargo,
                &[
                    "install",
                    "tauri-driver",
                    "--version",
                    TAURI_DRIVER_VERSION,
                    "--locked",
                ],
            )?;
        }
    }
    Ok(())
}

/// The `wasm-bindgen` version in `Cargo.lock`.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string("Cargo.lock").context("cannot read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|line| line.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen entry")
}

/// `npm ci` in every Node package `purpose` needs whose install is missing or stale: the UI's
/// assets (the emoji font trunk copies into `ui/dist`) always; the tests' packages and the
/// build tools for the tests.
fn node_packages(purpose: Purpose) -> Result<()> {
    let mut dirs = vec!["ui"];
    if purpose == Purpose::Test {
        dirs.extend(["tests/node", "crates/xtask/tools"]);
    }
    for dir in dirs {
        let dir = Path::new(dir);
        if !dir.join("package.json").exists() {
            continue;
        }
        let lock = dir.join("package-lock.json");
        let installed = dir.join("node_modules/.package-lock.json");
        let stale = match (modified(&lock), modified(&installed)) {
            (Some(lock), Some(installed)) => lock > installed,
            _ => true,
        };
        if stale {
            let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
            let prefix = dir.to_string_lossy();
            process::run(npm, &["ci", "--no-audit", "--no-fund", "--prefix", &prefix])?;
        }
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .ok()
}

#[cfg(test)]
mod tests {
    use super::free_kib_from_df;

    #[test]
    fn reads_the_available_column_of_df() {
        let report = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                      /dev/vda         263174212 94371840     29696     100% /\n";
        assert_eq!(free_kib_from_df(report), Some(29_696));
        assert_eq!(
            free_kib_from_df("Filesystem 1024-blocks Used Available\n"),
            None
        );
    }
}
