//! What the desktop lets an overlay do: keep above other windows, take a global hotkey.

use chatdeck_ipc::command::Platform;

/// The global hotkey that takes control back from a click-through overlay.
pub const HOTKEY: &str = "Ctrl+Alt+O";

/// What the overlay can do on this desktop, from the OS and the session's environment
/// (`XDG_SESSION_TYPE`, `WAYLAND_DISPLAY`), which the shell reads.
pub fn detect(os: &str, session_type: Option<&str>, wayland_display: Option<&str>) -> Platform {
    let wayland = session_type.is_some_and(|kind| kind.eq_ignore_ascii_case("wayland"))
        || wayland_display.is_some_and(|display| !display.trim().is_empty());
    match os {
        "linux" if wayland => Platform {
            session: "wayland".into(),
            always_on_top: false,
            hotkey: None,
            notes: vec![
                "This Wayland session does not let an app keep its window above others, so \
                 other windows can cover the overlay (tauri-apps/tauri#3117)."
                    .into(),
                "Global hotkeys do not reach Chatdeck under Wayland: to take clicks back from \
                 a click-through overlay, use the main window's room menu (Overlay: take \
                 clicks back)."
                    .into(),
            ],
        },
        "linux" | "freebsd" | "openbsd" | "netbsd" | "dragonfly" => Platform {
            session: if session_type.is_some_and(|kind| kind.eq_ignore_ascii_case("x11")) {
                "x11".into()
            } else {
                "unknown".into()
            },
            always_on_top: true,
            hotkey: Some(HOTKEY.into()),
            notes: Vec::new(),
        },
        "windows" | "macos" => Platform {
            session: os.into(),
            always_on_top: true,
            hotkey: Some(HOTKEY.into()),
            notes: Vec::new(),
        },
        _ => Platform {
            session: "unknown".into(),
            always_on_top: true,
            hotkey: Some(HOTKEY.into()),
            notes: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_decides_what_the_overlay_can_do() {
        let cases = [
            ("linux", Some("wayland"), None, "wayland", false, false),
            (
                "linux",
                Some("x11"),
                Some("wayland-0"),
                "wayland",
                false,
                false,
            ),
            ("linux", None, Some("wayland-0"), "wayland", false, false),
            ("linux", Some("x11"), None, "x11", true, true),
            ("linux", Some("tty"), Some(" "), "unknown", true, true),
            ("linux", None, None, "unknown", true, true),
            ("windows", None, None, "windows", true, true),
            ("macos", None, None, "macos", true, true),
        ];
        for (os, session, display, expected, on_top, hotkey) in cases {
            let platform = detect(os, session, display);
            assert_eq!(platform.session, expected, "{os} {session:?} {display:?}");
            assert_eq!(platform.always_on_top, on_top);
            assert_eq!(platform.hotkey.is_some(), hotkey);
            assert_eq!(
                platform.notes.is_empty(),
                on_top,
                "a limit is said in words"
            );
        }
    }
}
