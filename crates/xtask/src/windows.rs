//! The Windows build, cross-compiled here with MinGW-w64, and Wine to run what it builds.
//!
//! Wine keeps its own Windows installation (a "prefix") under the target directory, made once
//! with `wineboot --init` and reused; nothing is written to the user's `~/.wine`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::process::{self, Profile};
use crate::setup::WINDOWS_TARGET;

/// The executables every Windows build makes, by cargo binary name.
pub const BINARIES: [&str; 3] = ["chatdeck", "ivs-chat-local", "ivs-chat"];

/// The DLL the MinGW build of the app loads WebView2 through (the MSVC build links it
/// statically); the `webview2-com-sys` build script copies it next to the exe.
pub const WEBVIEW2_LOADER: &str = "WebView2Loader.dll";

/// The cargo arguments shared by every Windows build, so that the executables and the unit
/// test binary reuse one set of compiled dependencies. `tauri/custom-protocol` embeds `ui/dist`
/// as `tauri build` does: the exe is the real app, not a dev build waiting for a dev server.
pub fn cargo_args(profile: Profile) -> Vec<&'static str> {
    let mut args = vec![
        "--target",
        WINDOWS_TARGET,
        "--package",
        "chatdeck",
        "--features",
        "tauri/custom-protocol",
    ];
    if profile == Profile::Release {
        args.push("--release");
    }
    args
}

/// Cross-builds `chatdeck.exe`, `ivs-chat-local.exe` and `ivs-chat.exe`; returns the directory
/// that holds them, after checking that the WebView2 loader is there beside the app.
pub fn build(profile: Profile) -> Result<PathBuf> {
    let mut args = vec!["build"];
    args.extend(cargo_args(profile));
    args.extend([
        "--package",
        "ivs-chat-local",
        "--package",
        "ivs-chat-client",
        "--bins",
    ]);
    process::cargo(&args)?;
    // Absolute: the tests that run these executables start in their own package directories.
    let dir = std::fs::canonicalize(output_dir(profile))?;
    for name in BINARIES {
        let exe = dir.join(format!("{name}.exe"));
        if !exe.is_file() {
            bail!("the Windows build wrote no {}", exe.display());
        }
    }
    if !dir.join(WEBVIEW2_LOADER).is_file() {
        bail!(
            "{WEBVIEW2_LOADER} is not beside chatdeck.exe in {}; the app cannot start without it",
            dir.display()
        );
    }
    Ok(dir)
}

/// `target/x86_64-pc-windows-gnu/<profile>`.
pub fn output_dir(profile: Profile) -> PathBuf {
    process::target_dir()
        .join(WINDOWS_TARGET)
        .join(match profile {
            Profile::Release => "release",
            Profile::Debug => "debug",
        })
}

/// The temporary directory of the Wine prefix: a space and non-ASCII letters in its path.
pub const TEMP_DIR: &str = "C:\\users\\João Silva\\Temp";

/// The source of the `ProcessPrng` stand-in for Wine 8.
const PROCESS_PRNG_SOURCE: &str = "crates/xtask/wine/bcryptprimitives.c";

/// A ready Wine prefix and the program that runs Windows executables in it.
#[derive(Debug, Clone)]
pub struct Wine {
    /// The 64-bit loader: Debian's `wine64` package installs it outside `PATH`.
    pub program: PathBuf,
    /// The prefix: a Windows installation of its own, under the target directory.
    pub prefix: PathBuf,
}

impl Wine {
    /// Finds Wine and makes the prefix the first time (about 10 s).
    pub fn prepare() -> Result<Wine> {
        let program = ["/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine"]
            .into_iter()
            .map(PathBuf::from)
            .find(|path| path.is_file())
            .context("Wine is not installed (Debian: apt-get install wine64)")?;
        let target = process::target_dir();
        std::fs::create_dir_all(&target)?;
        // Wine wants an absolute prefix it owns.
        let prefix = std::fs::canonicalize(&target)?.join("wine-prefix");
        let wine = Wine { program, prefix };
        if !wine.prefix.join("system.reg").is_file() {
            eprintln!(
                "xtask: making the Wine prefix {} (once)",
                wine.prefix.display()
            );
            let status = wine
                .command("wineboot")
                .arg("--init")
                .status()
                .context("cannot start Wine")?;
            wine.wait_idle();
            if !status.success() || !wine.prefix.join("system.reg").is_file() {
                bail!(
                    "wineboot --init did not make the prefix {}",
                    wine.prefix.display()
                );
            }
        }
        wine.keep_out_of_home()?;
        wine.provide_process_prng()?;
        wine.set_temp_dir()?;
        Ok(wine)
    }

    /// Points the prefix's TEMP and TMP at a folder whose name has a space and non-ASCII
    /// letters, as a Windows user named João Silva has: every temporary directory of the
    /// tests under Wine (their databases, profiles, exports) then lives under such a path.
    fn set_temp_dir(&self) -> Result<()> {
        let unix = self.unix_path(TEMP_DIR);
        if unix.is_dir() {
            return Ok(());
        }
        std::fs::create_dir_all(&unix)?;
        for variable in ["TEMP", "TMP"] {
            let status = self
                .command("reg")
                .args(["add", "HKCU\\Environment", "/v", variable, "/t", "REG_SZ"])
                .args(["/d", TEMP_DIR, "/f"])
                .stdout(std::process::Stdio::null())
                .status()
                .context("cannot run reg under Wine")?;
            if !status.success() {
                let _ = std::fs::remove_dir_all(&unix);
                bail!("could not set {variable} in the Wine prefix");
            }
        }
        self.wait_idle();
        Ok(())
    }

    /// Rust programs for Windows import `ProcessPrng` from `bcryptprimitives.dll`, which
    /// Windows 10 and later have and Wine before 9 does not: without it nothing built here
    /// starts. A stand-in built from `crates/xtask/wine/bcryptprimitives.c` goes into this
    /// prefix's system32 only (a Wine that has the DLL keeps its own).
    fn provide_process_prng(&self) -> Result<()> {
        let system32 = self.prefix.join("drive_c/windows/system32");
        let dll = system32.join("bcryptprimitives.dll");
        if dll.is_file() || self.has_builtin("bcryptprimitives.dll") {
            return Ok(());
        }
        process::run(
            "x86_64-w64-mingw32-gcc",
            &[
                "-shared",
                "-O2",
                "-s",
                "-o",
                &dll.to_string_lossy(),
                PROCESS_PRNG_SOURCE,
                "-ladvapi32",
            ],
        )
        .context("building the ProcessPrng stand-in for Wine")
    }

    /// Whether this Wine has its own build of `dll`.
    fn has_builtin(&self, dll: &str) -> bool {
        let Some(lib) = self.program.parent().and_then(Path::parent) else {
            return false;
        };
        [
            lib.join("wine/x86_64-windows").join(dll),
            lib.join("x86_64-linux-gnu/wine/x86_64-windows").join(dll),
        ]
        .iter()
        .any(|path| path.is_file())
    }

    /// Wine links the prefix user's Desktop, Documents and such to the home directory; an
    /// installer under test would then put its shortcuts there. Real folders instead.
    fn keep_out_of_home(&self) -> Result<()> {
        let users = self.prefix.join("drive_c").join("users");
        for user in std::fs::read_dir(&users)?.filter_map(Result::ok) {
            for folder in std::fs::read_dir(user.path())?.filter_map(Result::ok) {
                let path = folder.path();
                if path.is_symlink() {
                    std::fs::remove_file(&path)?;
                    std::fs::create_dir(&path)?;
                }
            }
        }
        Ok(())
    }

    /// The environment every Wine process here gets: the prefix; no debug chatter; no offer to
    /// download Mono or Gecko (the Windows .NET and HTML engines, which nothing here uses); no
    /// menu entries in the desktop for the shortcuts an installer under test makes.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        vec![
            ("WINEPREFIX", self.prefix.clone().into_os_string()),
            ("WINEDEBUG", "-all".into()),
            (
                "WINEDLLOVERRIDES",
                "mscoree,mshtml=;winemenubuilder.exe=d".into(),
            ),
        ]
    }

    /// A command that runs `exe` (a path, or a program of the prefix such as `reg`) under Wine.
    pub fn command(&self, exe: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(&self.program);
        command.arg(exe).envs(self.env());
        command
    }

    /// Waits until every process of the prefix has ended (the wineserver exits with them).
    pub fn wait_idle(&self) {
        let server = self.program.with_file_name("wineserver");
        let server = if server.is_file() {
            server
        } else {
            PathBuf::from("wineserver")
        };
        let _ = Command::new(server).arg("--wait").envs(self.env()).status();
    }

    /// The Windows form of a path on this machine (Wine maps `/` to drive `Z:`).
    pub fn windows_path(path: &Path) -> String {
        format!("Z:{}", path.to_string_lossy().replace('/', "\\"))
    }

    /// Where the prefix keeps the Windows path `C:\…` on this machine.
    pub fn unix_path(&self, windows_path: &str) -> PathBuf {
        let relative = windows_path
            .trim_start_matches("C:\\")
            .trim_start_matches("c:\\")
            .replace('\\', "/");
        self.prefix.join("drive_c").join(relative)
    }
}

/// Runs `exe --version` under Wine and returns what it printed.
pub fn version_of(wine: &Wine, exe: &Path) -> Result<String> {
    let output = wine
        .command(exe)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .with_context(|| format!("cannot start {} under Wine", exe.display()))?;
    if !output.status.success() {
        bail!(
            "{} --version failed under Wine ({}): {}",
            exe.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
