//! The Windows build under Wine, as part of `cargo xtask test`:
//!
//! - `chatdeck.exe`, `ivs-chat-local.exe` and `ivs-chat.exe --version`;
//! - `ivs-chat-local.exe` answering the conformance tests (the official JS messaging SDK and
//!   `aws-sdk-ivschat`, run here on Linux against it);
//! - `ivs-chat.exe` against a Linux `ivs-chat-local`: its CLI contract, the interop with the JS
//!   SDK (a round trip, deletes, a kick) and its offline queue;
//! - the window-free layer (`chatdeck::app`) as Windows test binaries: its unit tests, and
//!   `tests/app.rs` (a message through the embedded service into SQLite, profile secrets in
//!   the Windows Credential Manager, the room console), all in the prefix's temporary
//!   directory, whose path has a space and non-ASCII letters;
//! - the portable zip: unpacked, its app starts, its README says what WebView2 is;
//! - the installer: a silent install into a folder whose name has a space and non-ASCII
//!   letters, the installed app starting, and a silent uninstall that leaves nothing behind.

use std::ffi::OsString;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{Counts, Runner, Step, run_counting};
use crate::dist::windows as bundles;
use crate::process;
use crate::process::Profile;
use crate::windows::{self, Wine};

/// Cargo runs the Windows test binary through this program.
const RUNNER_VARIABLE: &str = "CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER";

/// Runs every Windows check, adding their steps and test counts.
pub(super) fn run(steps: &mut Vec<Step>, counts: &mut Counts, nextest: bool) {
    let started = Instant::now();
    let built = windows::build(Profile::Debug);
    let unit_build = built.as_ref().ok().map(|_| build_unit_tests());
    eprintln!(
        "xtask: the Windows build took {} s",
        started.elapsed().as_secs()
    );
    let (built, wine) = match (built, Wine::prepare()) {
        (Ok(built), Ok(wine)) => (built, wine),
        (built, wine) => {
            for error in [built.err(), wine.err()].into_iter().flatten() {
                eprintln!("xtask: windows: {error:#}");
            }
            steps.push(Step {
                name: "windows build",
                ok: false,
            });
            return;
        }
    };
    steps.push(Step {
        name: "windows build",
        ok: true,
    });
    let started = Instant::now();

    steps.push(check("wine --version", || versions(&wine, &built)));

    let local = [(
        "IVS_CHAT_LOCAL_TEST_BINARY",
        built.join("ivs-chat-local.exe").into_os_string(),
    )];
    steps.push(tests(
        "wine ivs-chat-local",
        &[
            "--package",
            "ivs-chat-local",
            "--test",
            "node_sdk",
            "--test",
            "aws_sdk",
        ],
        &wine,
        &local,
        nextest,
        counts,
    ));

    let client = [(
        "IVS_CHAT_TEST_BINARY",
        built.join("ivs-chat.exe").into_os_string(),
    )];
    steps.push(tests(
        "wine ivs-chat",
        &[
            "--package",
            "ivs-chat-client",
            "--test",
            "cli",
            "--test",
            "interop",
            "--test",
            "cli_offline",
        ],
        &wine,
        &client,
        nextest,
        counts,
    ));

    let unit = match unit_build {
        Some(Ok(())) => unit_tests(&wine, &built, counts),
        Some(Err(error)) => {
            eprintln!("xtask: the Windows unit test build failed: {error:#}");
            false
        }
        None => false,
    };
    steps.push(Step {
        name: "wine chatdeck::app",
        ok: unit,
    });

    steps.push(check("wine portable zip", || portable(&wine, &built)));
    steps.push(check("wine installer", || installer(&wine, &built)));
    eprintln!(
        "xtask: the Wine checks took {} s",
        started.elapsed().as_secs()
    );
}

/// A step that passes when `body` does, with its error printed when it does not.
fn check(name: &'static str, body: impl FnOnce() -> Result<()>) -> Step {
    let result = body();
    if let Err(error) = &result {
        eprintln!("xtask: {name}: {error:#}");
    }
    Step {
        name,
        ok: result.is_ok(),
    }
}

/// Every Windows executable starts under Wine and reports the workspace's version.
fn versions(wine: &Wine, built: &Path) -> Result<()> {
    for name in windows::BINARIES {
        let exe = built.join(format!("{name}.exe"));
        let printed = windows::version_of(wine, &exe)?;
        let expected = format!("{name} {}", bundles::VERSION);
        if printed != expected {
            bail!("{name}.exe --version printed {printed:?}, expected {expected:?}");
        }
        println!("xtask: under Wine, {name}.exe --version: {printed}");
    }
    Ok(())
}

/// Linux test binaries pointed at a Windows executable run by Wine.
fn tests(
    name: &'static str,
    selection: &[&str],
    wine: &Wine,
    binary: &[(&'static str, OsString)],
    nextest: bool,
    counts: &mut Counts,
) -> Step {
    let mut args: Vec<String> = if nextest {
        ["nextest", "run", "--no-fail-fast"]
            .map(String::from)
            .to_vec()
    } else {
        ["test", "--no-fail-fast"].map(String::from).to_vec()
    };
    args.extend(selection.iter().map(|arg| (*arg).to_owned()));
    let mut envs = wine.env();
    envs.push(("TEST_BINARY_RUNNER", wine.program.clone().into_os_string()));
    envs.extend(binary.iter().cloned());
    let runner = if nextest {
        Runner::Nextest
    } else {
        Runner::Libtest
    };
    let ok = match run_counting(&process::cargo_program(), &args, runner, &envs) {
        Ok((ok, found)) => {
            counts.add(found);
            ok && found.passed > 0
        }
        Err(error) => {
            eprintln!("xtask: {name}: {error:#}");
            false
        }
    };
    Step { name, ok }
}

/// The cargo arguments of the Windows test binaries of `chatdeck::app`: the library's unit
/// tests (all of them `app::`) and the window-free integration test.
fn unit_test_args() -> Vec<String> {
    let mut args = vec!["test".to_owned()];
    args.extend(
        windows::cargo_args(Profile::Debug)
            .into_iter()
            .map(String::from),
    );
    args.extend(["--lib", "--test", "app"].map(String::from));
    args
}

/// Compiles the unit test binary (beside the executables' build, sharing its dependencies).
fn build_unit_tests() -> Result<()> {
    let mut args = unit_test_args();
    args.push("--no-run".to_owned());
    process::cargo(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Runs those tests under Wine, each binary in one process (libtest: a Wine process start
/// costs a fraction of a second, per test under nextest).
fn unit_tests(wine: &Wine, built: &Path, counts: &mut Counts) -> bool {
    let args = unit_test_args();
    let mut envs = wine.env();
    envs.push((RUNNER_VARIABLE, wine.program.clone().into_os_string()));
    // The test binary sits in deps/, the WebView2 loader one level up: on its DLL path.
    envs.push(("WINEPATH", Wine::windows_path(built).into()));
    match run_counting(&process::cargo_program(), &args, Runner::Libtest, &envs) {
        Ok((ok, found)) => {
            counts.add(found);
            ok && found.passed > 0
        }
        Err(error) => {
            eprintln!("xtask: wine chatdeck::app: {error:#}");
            false
        }
    }
}

/// Builds the portable zip from the debug build, unpacks it into the prefix and starts the app
/// from there: the zip alone is enough to run it.
fn portable(wine: &Wine, built: &Path) -> Result<()> {
    let zip = bundles::portable_zip(built)?;
    let unpacked = wine.unix_path("C:\\users\\Public\\Portable Chatdeck");
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked)?;
    }
    std::fs::create_dir_all(&unpacked)?;
    process::run(
        "unzip",
        &[
            "-q",
            &zip.to_string_lossy(),
            "-d",
            &unpacked.to_string_lossy(),
        ],
    )?;
    let folder = unpacked.join(format!("Chatdeck_{}_x64", bundles::VERSION));
    let readme = std::fs::read_to_string(folder.join("README.txt"))?;
    if !readme.contains("WebView2") || !readme.contains("\r\n") {
        bail!("the portable README says nothing of WebView2 or has no Windows line endings");
    }
    let printed = windows::version_of(wine, &folder.join("chatdeck.exe"))?;
    let expected = format!("chatdeck {}", bundles::VERSION);
    if printed != expected {
        bail!("the unpacked chatdeck.exe printed {printed:?}, expected {expected:?}");
    }
    std::fs::remove_dir_all(&unpacked)?;
    println!(
        "xtask: under Wine, {} unpacked and started: {printed}",
        zip.display()
    );
    Ok(())
}

/// Builds the installer from the debug build, installs it silently under Wine into
/// `C:\users\…\João Programs\Chatdeck`, starts the installed app, checks what the install
/// registered, then uninstalls silently and checks that nothing is left.
fn installer(wine: &Wine, built: &Path) -> Result<()> {
    let setup = bundles::installer(built, Profile::Debug)?;
    let install_dir = "C:\\users\\Public\\João Programs\\Chatdeck";
    let installed = wine.unix_path(install_dir);
    if installed.exists() {
        std::fs::remove_dir_all(&installed)?;
    }
    // NSIS takes /D= last and unquoted, spaces and all, which an argument list cannot say
    // (Wine quotes an argument with a space), so cmd runs one command line, from a copy of the
    // installer at a path without spaces.
    let copy = wine.unix_path("C:\\chatdeck-setup.exe");
    std::fs::copy(&setup, &copy)?;
    let status = wine
        .command("cmd")
        .arg("/c")
        .arg(format!("C:\\chatdeck-setup.exe /S /D={install_dir}"))
        .status()
        .context("cannot start the installer under Wine")?;
    wine.wait_idle();
    std::fs::remove_file(&copy)?;
    if !status.success() {
        bail!("the silent install failed ({status})");
    }
    for file in ["chatdeck.exe", windows::WEBVIEW2_LOADER, "uninstall.exe"] {
        if !installed.join(file).is_file() {
            bail!(
                "the installer did not write {file} into {}",
                installed.display()
            );
        }
    }
    let printed = windows::version_of(wine, &installed.join("chatdeck.exe"))?;
    let expected = format!("chatdeck {}", bundles::VERSION);
    if printed != expected {
        bail!("the installed chatdeck.exe printed {printed:?}, expected {expected:?}");
    }
    let key = format!(
        "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{}",
        bundles::IDENTIFIER
    );
    let entry = registry(wine, &key).context("the install registered no uninstall entry")?;
    for value in [
        "DisplayName",
        "DisplayIcon",
        "DisplayVersion",
        "UninstallString",
    ] {
        if !entry.contains(value) {
            bail!("the uninstall entry has no {value}:\n{entry}");
        }
    }
    // .reg files double every backslash.
    if !entry.contains(&install_dir.replace('\\', "\\\\")) {
        bail!("the uninstall entry does not point at {install_dir}:\n{entry}");
    }
    for place in [START_MENU, DESKTOP] {
        if find_shortcut(&wine.prefix, place).is_none() {
            bail!("the installer made no shortcut in {place}");
        }
    }
    println!(
        "xtask: under Wine, {} installed into {install_dir}, starts ({printed}), registered {key}",
        setup.display()
    );

    let status = wine
        .command(installed.join("uninstall.exe"))
        .arg("/S")
        .status()
        .context("cannot start the uninstaller")?;
    // The uninstaller copies itself to %TEMP% and runs from there; wait for that copy too.
    wine.wait_idle();
    if !status.success() {
        bail!("the silent uninstall failed ({status})");
    }
    if installed.exists() {
        bail!("the uninstaller left {}", installed.display());
    }
    if registry(wine, &key).is_ok() {
        bail!("the uninstaller left the registry key {key}");
    }
    for place in [START_MENU, DESKTOP] {
        if let Some(left) = find_shortcut(&wine.prefix, place) {
            bail!("the uninstaller left {}", left.display());
        }
    }
    println!("xtask: under Wine, the uninstaller removed the app, its shortcuts and its entry");
    Ok(())
}

/// The key's values as `reg export` writes them (a .reg file, UTF-16, which keeps non-ASCII
/// letters that `reg query`'s console output would not), or an error when there is no such
/// key.
fn registry(wine: &Wine, key: &str) -> Result<String> {
    let exported = wine.unix_path("C:\\chatdeck-key.reg");
    let status = wine
        .command("reg")
        .args(["export", key, "C:\\chatdeck-key.reg", "/y"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .context("cannot run reg under Wine")?;
    if !status.success() {
        bail!("no registry key {key}");
    }
    let bytes = std::fs::read(&exported)?;
    std::fs::remove_file(&exported)?;
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    Ok(String::from_utf16_lossy(&units))
}

/// Where the installer puts the app's shortcuts, under a user's profile folder.
const START_MENU: &str = "AppData/Roaming/Microsoft/Windows/Start Menu/Programs";
const DESKTOP: &str = "Desktop";

/// The app's shortcut in `place` of whichever user of the prefix has it.
fn find_shortcut(prefix: &Path, place: &str) -> Option<std::path::PathBuf> {
    let users = prefix.join("drive_c/users");
    std::fs::read_dir(users)
        .ok()?
        .filter_map(Result::ok)
        .map(|user| user.path().join(place).join("Chatdeck.lnk"))
        .find(|path| path.is_file())
}
