//! `cargo xtask dist`: the installable bundles, through the Tauri bundler, and the check that a
//! built `.deb` installs and starts. `--windows`: the Windows bundles ([`windows`]).

pub mod windows;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::process::{self, Profile};
use crate::{setup, ui};

/// The Tauri bundler's NSIS plugin that it downloads on Linux, and the hash it insists on
/// (tauri-bundler 2.10, the one `@tauri-apps/cli` 2.12 carries).
const TAURI_NSIS_PLUGIN: &str = "nsis_tauri_utils.dll 0.5.3 (SHA-1 75197FEE3C6A814FE035788D1C34EAD39349B860) from github.com/tauri-apps/nsis-tauri-utils releases";

/// The Tauri bundler CLI, installed from `crates/xtask/tools/package-lock.json`.
const TOOLS: &str = "crates/xtask/tools";

/// Builds the release UI and every Linux bundle (deb, AppImage). AppImage bundling downloads
/// helper tools from GitHub; without that network access it fails, and the `.deb` is still
/// produced and reported. With `windows`, the Windows bundles instead.
pub fn run(windows: bool) -> Result<()> {
    if windows {
        return run_windows();
    }
    setup::ensure(setup::Purpose::Run)?;
    ui::build(true)?;
    let deb = bundle(Profile::Release, "deb")?;
    verify_deb(&deb)?;
    println!("xtask dist: {}", deb.display());
    match bundle(Profile::Release, "appimage") {
        Ok(appimage) => println!("xtask dist: {}", appimage.display()),
        Err(error) => eprintln!(
            "xtask dist: no AppImage ({error:#}); the AppImage bundler needs to download its helper tools"
        ),
    }
    Ok(())
}

/// Cross-builds the release app for Windows and writes the portable zip and the installer.
/// Also asks the Tauri bundler for its installer, and says what it lacked when it cannot.
fn run_windows() -> Result<()> {
    setup::ensure(setup::Purpose::WindowsDist)?;
    ui::build(true)?;
    let built = crate::windows::build(Profile::Release)?;
    let zip = windows::portable_zip(&built)?;
    let setup = windows::installer(&built, Profile::Release)?;
    println!("xtask dist: {}", zip.display());
    println!("xtask dist: {}", setup.display());
    install_bundler()?;
    let tauri = Path::new(TOOLS).join("node_modules/.bin/tauri");
    let args = [
        "bundle",
        "--bundles",
        "nsis",
        "--target",
        setup::WINDOWS_TARGET,
        "--no-sign",
    ];
    if let Err(error) = process::run(&tauri.to_string_lossy(), &args) {
        eprintln!(
            "xtask dist: the Tauri bundler made no installer ({error:#}): on Linux it downloads \
             {TAURI_NSIS_PLUGIN} at every run, which no package here ships; the installer \
             above is built from crates/xtask/installer/chatdeck.nsi with the system's makensis \
             instead, and the release workflow builds the bundler's own on Windows"
        );
    }
    Ok(())
}

/// Runs the Tauri bundler for one bundle type and returns the file it wrote.
pub fn bundle(profile: Profile, kind: &str) -> Result<PathBuf> {
    install_bundler()?;
    let tauri = Path::new(TOOLS).join("node_modules/.bin/tauri");
    let mut args = vec!["build", "--bundles", kind, "--no-sign"];
    if profile == Profile::Debug {
        args.push("--debug");
    }
    process::run(&tauri.to_string_lossy(), &args)?;
    let dir = process::target_dir()
        .join(if profile == Profile::Debug {
            "debug"
        } else {
            "release"
        })
        .join("bundle")
        .join(kind);
    let extension = if kind == "appimage" { "AppImage" } else { kind };
    newest_with_extension(&dir, extension)
        .with_context(|| format!("the bundler wrote no .{extension} under {}", dir.display()))
}

/// Installs the `.deb` into a scratch root (its files extracted as dpkg would place them) and
/// checks what a user gets: the binary starts and reports its version, the menu entry and
/// the icons are there.
pub fn verify_deb(deb: &Path) -> Result<()> {
    let root = process::target_dir().join("deb-root");
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    std::fs::create_dir_all(&root)?;
    let root_arg = root.to_string_lossy().into_owned();
    process::run(
        "dpkg-deb",
        &["--extract", &deb.to_string_lossy(), &root_arg],
    )?;
    let binary = root.join("usr/bin/chatdeck");
    let version = process::output(&binary.to_string_lossy(), &["--version"])
        .with_context(|| format!("{} --version did not run", binary.display()))?;
    let expected = format!("chatdeck {}", env!("CARGO_PKG_VERSION"));
    if version != expected {
        bail!("the installed binary says {version:?}, expected {expected:?}");
    }
    for required in [
        "usr/share/applications/Chatdeck.desktop",
        "usr/share/icons/hicolor/128x128/apps/chatdeck.png",
    ] {
        if !root.join(required).is_file() {
            bail!("the .deb does not install {required}");
        }
    }
    // Invite links: the menu entry handles chatdeck:// and is handed the link (`%u`).
    let entry = std::fs::read_to_string(root.join("usr/share/applications/Chatdeck.desktop"))?;
    if !entry.contains("x-scheme-handler/chatdeck") || !entry.contains(" %u") {
        bail!("the .deb's desktop entry does not open chatdeck:// links:\n{entry}");
    }
    // The web heap's size comes with the command, sparing the app its relaunch to set it
    // (src-tauri/shell/web_heap.rs).
    if !entry.contains("Exec=env JSC_forceRAMSize=") {
        bail!("the .deb's desktop entry does not size the web heap:\n{entry}");
    }
    let control = process::output("dpkg-deb", &["--field", &deb.to_string_lossy(), "Depends"])
        .unwrap_or_default();
    if !control.contains("libwebkit2gtk-4.1") {
        bail!("the .deb does not depend on WebKitGTK 4.1 (Depends: {control})");
    }
    check_declared_dependencies(&binary, &control)?;
    // What `sudo apt install ./Chatdeck_….deb` would do, without doing it.
    let deb_path = std::fs::canonicalize(deb)?;
    process::run(
        "apt-get",
        &[
            "install",
            "--simulate",
            "--no-install-recommends",
            "-q",
            &deb_path.to_string_lossy(),
        ],
    )
    .context("apt cannot install the .deb")?;
    println!(
        "xtask: {} installs into a scratch root and starts: {version}",
        deb.display()
    );
    Ok(())
}

/// Fonts the UI's CSS names or falls back to (DejaVu Sans, DejaVu Sans Mono): WebKitGTK needs
/// fontconfig but no font package, and a system with none shows every letter as a box.
const FONT_PACKAGES: &[&str] = &["fonts-dejavu-core"];

/// Every package providing a shared library the binary links (as `dpkg-shlibdeps` finds them),
/// and the fonts, are declared in Depends, so that apt brings all of it on a bare system.
fn check_declared_dependencies(binary: &Path, depends: &str) -> Result<()> {
    let declared: Vec<&str> = depends
        .split([',', '|'])
        .filter_map(|entry| entry.split_whitespace().next())
        .collect();
    let scratch = process::target_dir().join("deb-shlibdeps");
    std::fs::create_dir_all(scratch.join("debian"))?;
    // dpkg-shlibdeps reads the package list of a source tree; a one-package stand-in will do.
    std::fs::write(
        scratch.join("debian/control"),
        "Source: chatdeck\n\nPackage: chatdeck\nArchitecture: any\n",
    )?;
    let binary = std::fs::canonicalize(binary)?;
    let output = std::process::Command::new("dpkg-shlibdeps")
        .arg("-O")
        .arg(format!("-e{}", binary.display()))
        .current_dir(&scratch)
        .stderr(std::process::Stdio::null())
        .output()
        .context("cannot run dpkg-shlibdeps (Debian: dpkg-dev)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(needed) = stdout
        .lines()
        .find_map(|line| line.strip_prefix("shlibs:Depends="))
    else {
        bail!(
            "dpkg-shlibdeps found no dependencies of {}",
            binary.display()
        );
    };
    let missing: Vec<&str> = needed
        .split(',')
        .filter_map(|entry| entry.split_whitespace().next())
        .chain(FONT_PACKAGES.iter().copied())
        .filter(|package| !declared.contains(package))
        .collect();
    if !missing.is_empty() {
        bail!(
            "the .deb does not declare {}: add them to bundle.linux.deb.depends in \
             tauri.conf.json (the binary needs: {needed}; the UI needs fonts: {})",
            missing.join(", "),
            FONT_PACKAGES.join(", ")
        );
    }
    Ok(())
}

fn install_bundler() -> Result<()> {
    let tools = Path::new(TOOLS);
    if tools.join("node_modules/.bin/tauri").exists() {
        return Ok(());
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    process::run(
        npm,
        &[
            "ci",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &tools.to_string_lossy(),
        ],
    )
}

fn newest_with_extension(dir: &Path, extension: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .max_by_key(|path| {
            std::fs::metadata(path)
                .and_then(|meta| meta.modified())
                .ok()
        })
}
