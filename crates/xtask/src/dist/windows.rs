//! The Windows bundles, made here from the cross-built app: a portable zip, and an installer
//! built with NSIS.
//!
//! The installer comes from the project's own NSIS script (`crates/xtask/installer/`), not
//! from the Tauri bundler: on Linux the bundler downloads an NSIS plugin of its own
//! (`nsis_tauri_utils.dll`, checked against a fixed hash) from GitHub at every run, which no
//! package here ships, and its installer is a 32-bit program that a 64-bit-only Wine cannot run
//! to test it. The release workflow builds the bundler's installer on a Windows runner.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::dist::Profile;
use crate::{process, windows};

/// The product as the installer and the zip name it.
const PRODUCT: &str = "Chatdeck";
/// The bundle identifier of `tauri.conf.json`: the name of the app's data directories.
pub const IDENTIFIER: &str = "dev.chatdeck.desktop";
const PUBLISHER: &str = "Chatdeck";
/// The version of the workspace, which is the app's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
const INSTALLER_SCRIPT: &str = "crates/xtask/installer/chatdeck.nsi";
const ICON: &str = "icons/icon.ico";

/// The README beside the exe in the portable zip. CRLF: it is opened in Notepad.
fn portable_readme() -> String {
    format!(
        "Chatdeck {VERSION} for Windows (64-bit), portable\n\
         \n\
         Run chatdeck.exe from this folder. Keep WebView2Loader.dll beside it: the app loads\n\
         the Microsoft Edge WebView2 Runtime through it.\n\
         \n\
         WebView2: Chatdeck draws its window with the Microsoft Edge WebView2 Runtime, which\n\
         Windows 10 and 11 already have. If chatdeck.exe starts but no window appears, install\n\
         the Runtime (Evergreen Bootstrapper) from\n\
         https://go.microsoft.com/fwlink/p/?LinkId=2124703\n\
         \n\
         Your profiles, tabs and message history: %APPDATA%\\{IDENTIFIER}\n\
         Logs: %LOCALAPPDATA%\\{IDENTIFIER}\\logs\n\
         Secrets (bearer secrets, AWS secret keys): Windows Credential Manager, service \"chatdeck\".\n\
         \n\
         To remove Chatdeck, delete this folder, and those two folders to remove your data too.\n\
         An installer (Chatdeck_{VERSION}_x64-setup.exe) is also available; it adds Start menu\n\
         and desktop shortcuts and an entry under Settings > Apps > Installed apps.\n"
    )
    .replace('\n', "\r\n")
}

/// `Chatdeck_<version>_x64-portable.zip`: the app, the WebView2 loader and a README, in one
/// folder.
pub fn portable_zip(built: &Path) -> Result<PathBuf> {
    let out = built.join("bundle").join("portable");
    let folder_name = format!("{PRODUCT}_{VERSION}_x64");
    let folder = out.join(&folder_name);
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&folder)?;
    for file in ["chatdeck.exe", windows::WEBVIEW2_LOADER] {
        std::fs::copy(built.join(file), folder.join(file))
            .with_context(|| format!("copying {file} into the portable folder"))?;
    }
    std::fs::write(folder.join("README.txt"), portable_readme())?;
    let zip_name = format!("{folder_name}-portable.zip");
    // -X: no Unix owner or timestamps beyond the zip's own; -r: the folder and what it holds.
    process::run_in(&out, "zip", &["-q", "-X", "-r", &zip_name, &folder_name])?;
    Ok(out.join(zip_name))
}

/// `Chatdeck_<version>_x64-setup.exe`, built with makensis. The tests pass zlib (fast on a
/// debug exe); what users download is LZMA.
pub fn installer(built: &Path, profile: Profile) -> Result<PathBuf> {
    let out = built.join("bundle").join("nsis");
    std::fs::create_dir_all(&out)?;
    let setup = out.join(format!("{PRODUCT}_{VERSION}_x64-setup.exe"));
    let absolute = |path: &Path| -> Result<String> {
        Ok(std::fs::canonicalize(path)
            .with_context(|| format!("{} is missing", path.display()))?
            .to_string_lossy()
            .into_owned())
    };
    let compressor = if profile == Profile::Release {
        "lzma"
    } else {
        "zlib"
    };
    let defines = [
        format!("-DPRODUCT={PRODUCT}"),
        format!("-DIDENTIFIER={IDENTIFIER}"),
        format!("-DPUBLISHER={PUBLISHER}"),
        format!("-DVERSION={VERSION}"),
        format!("-DVERSION_QUAD={}", version_quad(VERSION)?),
        format!("-DSOURCE_DIR={}", absolute(built)?),
        format!("-DICON={}", absolute(Path::new(ICON))?),
        format!(
            "-DOUTFILE={}",
            Path::new(&absolute(&out)?)
                .join(setup.file_name().unwrap_or_default())
                .display()
        ),
        format!("-DCOMPRESSOR={compressor}"),
    ];
    let mut args: Vec<String> = vec!["-V2".into(), "-NOCD".into()];
    args.extend(defines);
    args.push(absolute(Path::new(INSTALLER_SCRIPT))?);
    process::run("makensis", &args)?;
    if !setup.is_file() {
        bail!("makensis wrote no {}", setup.display());
    }
    Ok(setup)
}

/// `1.2.3` (or `1.2.3-beta.1`) as the four numbers Windows version resources take.
fn version_quad(version: &str) -> Result<String> {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let numbers: Vec<u16> = core
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .with_context(|| format!("the version {version:?} is not major.minor.patch"))?;
    if numbers.len() != 3 {
        bail!("the version {version:?} is not major.minor.patch");
    }
    Ok(format!("{}.{}.{}.0", numbers[0], numbers[1], numbers[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_become_four_numbers() {
        assert_eq!(version_quad("0.1.0").ok().as_deref(), Some("0.1.0.0"));
        assert_eq!(
            version_quad("2.10.3-beta.1").ok().as_deref(),
            Some("2.10.3.0")
        );
        assert!(version_quad("1.2").is_err());
        assert!(version_quad("1.x.3").is_err());
    }

    #[test]
    fn the_portable_readme_has_windows_line_endings() {
        let readme = portable_readme();
        assert!(readme.contains("WebView2"));
        assert_eq!(readme.matches('\n').count(), readme.matches("\r\n").count());
    }
}
