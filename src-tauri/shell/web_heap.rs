//! The web process's JavaScript heap, sized for a chat window rather than for the machine.
//!
//! JavaScriptCore grows its heap in proportion to the memory it believes the machine has: on a
//! 24 GB desktop it lets a chat list that replaces its rows all day keep hundreds of megabytes
//! of rows already gone before it collects them (README, "UI memory over a long run").
//! WebKitGTK's own knob, the web context's memory-pressure settings, can only be given when the
//! context is built, and wry builds it without a way in. JavaScriptCore also reads its options
//! from `JSC_*` variables, and WebKit's web process inherits the app's environment; Rust cannot
//! set a variable once other threads may read the environment, so on Linux the app relaunches
//! itself once, before anything else starts, with the variable set. The menu entry the Linux
//! packages install (`src-tauri/linux/chatdeck.desktop`) starts the app with the variable
//! already set, which spares that relaunch (a second load of a binary linked against
//! WebKitGTK: 30–120 ms of every start-up, measured on this project's machines).

#[cfg(any(target_os = "linux", test))]
use std::ffi::OsStr;

/// JavaScriptCore's option for the memory it sizes its heap against, in bytes.
pub const VARIABLE: &str = "JSC_forceRAMSize";

/// What the app tells it. Measured in `cargo xtask bench ui` (README): with it, the web
/// process stays flat over a busy run instead of growing all along.
pub const RAM_SIZE: &str = "400000000";

/// The value to relaunch with, or `None` when the environment has the variable already: the
/// relaunched copy, or someone who chose a size (`0` is JavaScriptCore's own sizing), which
/// stands.
#[cfg(any(target_os = "linux", test))]
fn to_set(current: Option<&OsStr>) -> Option<&'static str> {
    current.is_none().then_some(RAM_SIZE)
}

/// Relaunches the app with the heap sized, unless the environment already says. Must run
/// first in `main`, while the app is one thread and nothing of it has started. If the
/// relaunch fails the app goes on with WebKit's sizing.
#[cfg(target_os = "linux")]
pub fn size() {
    use std::os::unix::process::CommandExt;
    let Some(value) = to_set(std::env::var_os(VARIABLE).as_deref()) else {
        return;
    };
    let program = match std::env::current_exe() {
        Ok(program) => program,
        Err(error) => return not_sized(&error),
    };
    let mut arguments = std::env::args_os();
    let mut command = std::process::Command::new(program);
    if let Some(zeroth) = arguments.next() {
        command.arg0(zeroth);
    }
    // `exec` returns only if the relaunch failed.
    let error = command.args(arguments).env(VARIABLE, value).exec();
    not_sized(&error);
}

/// Other systems' webviews size their own heaps.
#[cfg(not(target_os = "linux"))]
pub fn size() {}

/// Said on stderr: the log file is not open this early.
#[cfg(target_os = "linux")]
fn not_sized(error: &std::io::Error) {
    eprintln!("chatdeck: the web view keeps WebKit's heap sizing (relaunch failed: {error})");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaunches_only_when_nobody_chose_a_size() {
        assert_eq!(to_set(None), Some(RAM_SIZE));
        assert_eq!(to_set(Some(OsStr::new(RAM_SIZE))), None);
        assert_eq!(to_set(Some(OsStr::new("0"))), None);
        assert_eq!(to_set(Some(OsStr::new(""))), None);
    }

    #[test]
    fn the_menu_entry_starts_the_app_with_the_same_size() {
        let entry = include_str!("../linux/chatdeck.desktop");
        let exec = entry
            .lines()
            .find_map(|line| line.strip_prefix("Exec="))
            .expect("the entry has an Exec line");
        assert_eq!(
            exec,
            format!("env {VARIABLE}={RAM_SIZE} {{{{exec}}}} %u"),
            "the menu entry sets the web heap as the relaunch would"
        );
    }
}
