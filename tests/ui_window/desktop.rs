//! Living on the desktop: closing the main window keeps Chatdeck running in the tray (a
//! second launch brings the window back), the window comes back where it was left, and
//! exports go where the platform's save dialog says.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ClientMessageEvent, ConnectionExt as _, EventMask, MapState};

use super::*;
use support::window::logged;

/// Runs `xdotool` on the app's display; its output, trimmed.
fn xdotool(window: &Window, args: &[&str]) -> String {
    let output = Command::new("xdotool")
        .args(args)
        .envs(window.app_environment())
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The process id of this test's app: the `chatdeck` process whose home is the window's (on
/// a display shared by the tests, an earlier test's app may still be closing).
fn app_pid(window: &Window) -> String {
    let home = format!("HOME={}", window.home.path().display());
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let path = entry.path();
            let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
            let environ = std::fs::read(path.join("environ")).unwrap_or_default();
            if comm.trim() == "chatdeck"
                && environ
                    .split(|byte| *byte == 0)
                    .any(|pair| pair == home.as_bytes())
            {
                return entry.file_name().to_string_lossy().into_owned();
            }
        }
        assert!(Instant::now() < deadline, "no app process with {home}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The shown X windows of this test's app titled `title` (a regular expression).
fn app_windows(window: &Window, title: &str) -> String {
    let pid = app_pid(window);
    xdotool(
        window,
        &[
            "search",
            "--all",
            "--onlyvisible",
            "--pid",
            &pid,
            "--name",
            title,
        ],
    )
}

/// The X window of Chatdeck's main window (its title is the app's name), shown or not.
fn main_window(window: &Window) -> u32 {
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let found = app_windows(window, "^Chatdeck$");
        if let Some(id) = found.lines().next().and_then(|id| id.parse().ok()) {
            return id;
        }
        assert!(
            Instant::now() < deadline,
            "no Chatdeck window on the display"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Connects to the app's display.
fn display(window: &Window) -> x11rb::rust_connection::RustConnection {
    let name = window.display().expect("a display");
    x11rb::rust_connection::RustConnection::connect(Some(&name))
        .expect("connect to the display")
        .0
}

/// The X atom named `name`.
pub(super) fn atom(x: &x11rb::rust_connection::RustConnection, name: &str) -> u32 {
    x.intern_atom(false, name.as_bytes())
        .expect("intern")
        .reply()
        .expect("atom")
        .atom
}

/// Asks `id` to close the way a window manager does when its close button is pressed.
fn ask_to_close(window: &Window, id: u32) {
    let x = display(window);
    let (protocols, delete) = (atom(&x, "WM_PROTOCOLS"), atom(&x, "WM_DELETE_WINDOW"));
    let event = ClientMessageEvent::new(32, id, protocols, [delete, 0, 0, 0, 0]);
    // Checked: the server has delivered it before this connection goes.
    x.send_event(false, id, EventMask::NO_EVENT, event)
        .expect("send")
        .check()
        .expect("the close request was delivered");
}

/// Whether `id` is shown on the display.
fn is_shown(window: &Window, id: u32) -> bool {
    let x = display(window);
    x.get_window_attributes(id)
        .expect("ask")
        .reply()
        .is_ok_and(|attributes| attributes.map_state == MapState::VIEWABLE)
}

/// Waits until `id` is shown (or hidden).
async fn until_shown(window: &Window, id: u32, shown: bool) {
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    while is_shown(window, id) != shown {
        assert!(
            Instant::now() < deadline,
            "the main window never became {}",
            if shown { "shown" } else { "hidden" }
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Where `id` is and how big: `(x, y, width, height)` on the screen.
fn geometry(window: &Window, id: u32) -> (i32, i32, u32, u32) {
    let x = display(window);
    let root = x.setup().roots[0].root;
    let size = x.get_geometry(id).expect("ask").reply().expect("geometry");
    let at = x
        .translate_coordinates(id, root, 0, 0)
        .expect("ask")
        .reply()
        .expect("position");
    (
        i32::from(at.dst_x),
        i32::from(at.dst_y),
        u32::from(size.width),
        u32::from(size.height),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_keeps_chatdeck_in_the_tray_and_a_second_launch_brings_it_back() {
    let window = Window::open_on_session_bus().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    let log = logged(window.home.path(), "Chatdeck started").await;
    assert!(!log.contains("no tray icon"), "{log}");
    let id = main_window(&window);

    ask_to_close(&window, id);
    logged(
        window.home.path(),
        "the main window closed: Chatdeck keeps running in the tray",
    )
    .await;
    logged(
        window.home.path(),
        "the one-time note about the tray goes out",
    )
    .await;
    until_shown(&window, id, false).await;
    // Still running: the page answers, and its room is still connected.
    connected(client).await;

    // A second launch hands over and the window comes back.
    let status = Command::new(support::window::app_binary())
        .envs(window.app_environment())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the second launch runs");
    assert!(status.success(), "the second launch exited with {status}");
    until_shown(&window, id, true).await;
    send_from_composer(client, "back from the tray").await;
    wait_js(client, &row_script("back from the tray"), |row| {
        row["state"] == "confirmed"
    })
    .await;

    // Closed again: hidden again, without a second note. The log is written from its own
    // thread: wait for the second close's line before counting.
    ask_to_close(&window, id);
    until_shown(&window, id, false).await;
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    let log = loop {
        let log = support::window::app_log(window.home.path());
        if log.matches("keeps running in the tray").count() >= 2 || Instant::now() > deadline {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(log.matches("keeps running in the tray").count(), 2, "{log}");
    assert_eq!(log.matches("the one-time note about the tray").count(), 1);
    window.close().await;
}

/// Moves and sizes window `id` to `place` (`x, y, width, height`), then waits until the app
/// has written it down: a moment after a window stops moving. The sessions end by killing
/// the app, so nothing is saved on the way out.
async fn place_and_wait_until_written(window: &Window, id: u32, place: (i32, i32, u32, u32)) {
    let (x, y, width, height) = place;
    let id = id.to_string();
    xdotool(
        window,
        &["windowsize", &id, &width.to_string(), &height.to_string()],
    );
    xdotool(window, &["windowmove", &id, &x.to_string(), &y.to_string()]);
    let placed = geometry(window, id.parse().expect("an id"));
    assert_eq!(placed, place, "the display applied the change");
    let state_file = window
        .home
        .path()
        .join("config/dev.chatdeck.desktop/.window-state.json");
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let state = std::fs::read_to_string(&state_file).unwrap_or_default();
        if state.contains(&format!("\"width\": {width}")) && state.contains(&format!("\"x\": {x}"))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the window's place was never written: {state}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_main_window_comes_back_where_and_as_big_as_it_was_left() {
    let window = Window::open().await;
    demo_tab(&window.client).await;
    let id = main_window(&window);
    let place = (140, 70, 900, 600);
    place_and_wait_until_written(&window, id, place).await;
    let home = window.close().await;

    let window = Window::open_with_home(home).await;
    demo_tab(&window.client).await;
    let id = main_window(&window);
    assert_eq!(geometry(&window, id), place);
    screenshot(&window.client, "window-placement-restored").await;
    window.close().await;
}

/// A window dragged about for seconds, so that its place is written down while it still
/// moves, is still written down where it stopped, and the app still answers.
#[tokio::test(flavor = "multi_thread")]
async fn a_window_dragged_for_seconds_is_written_down_where_it_stops() {
    let window = Window::open().await;
    demo_tab(&window.client).await;
    let id = main_window(&window);
    let dragged = Instant::now();
    let mut step = 0;
    while dragged.elapsed() < Duration::from_secs(5) {
        step += 1;
        let (x, y) = (100 + step % 40 * 5, 60 + step % 25 * 4);
        xdotool(
            &window,
            &[
                "windowmove",
                &id.to_string(),
                &x.to_string(),
                &y.to_string(),
            ],
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    place_and_wait_until_written(&window, id, (150, 90, 880, 580)).await;
    // The page still answers: the main thread is not stuck.
    demo_tab(&window.client).await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pinned_overlay_comes_back_where_and_as_big_as_it_was_left() {
    let window = Window::open().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    click_test_id(client, "room-menu").await;
    click_test_id(client, "pin-tab").await;
    let overlay = shown_window(&window, "Chatdeck overlay$").await;
    let place = (210, 160, 420, 300);
    place_and_wait_until_written(&window, overlay, place).await;
    let home = window.close().await;

    // Still pinned, so it opens again with the app: where it was, as big as it was.
    let window = Window::open_with_home(home).await;
    demo_tab(&window.client).await;
    let overlay = shown_window(&window, "Chatdeck overlay$").await;
    assert_eq!(geometry(&window, overlay), place);
    window.close().await;
}

async fn click_test_id(client: &fantoccini::Client, id: &str) {
    find(client, test_id(id))
        .await
        .click()
        .await
        .unwrap_or_else(|error| panic!("click {id}: {error}"));
}

/// The X window titled `title` once it shows.
async fn shown_window(window: &Window, title: &str) -> u32 {
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let found = app_windows(window, title);
        if let Some(id) = found.lines().next().and_then(|id| id.parse().ok()) {
            return id;
        }
        assert!(Instant::now() < deadline, "no window {title:?} showed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_settings_backup_goes_where_the_save_dialog_says() {
    let window = Window::open().await;
    let client = &window.client;
    demo_tab(client).await;
    find(client, test_id("settings-open"))
        .await
        .click()
        .await
        .expect("open settings");
    find(client, test_id("settings-export"))
        .await
        .click()
        .await
        .expect("export");

    // The platform's dialog: a file name typed into it, as a user does.
    let dialog = shown_window(&window, "^Export settings$").await;
    screenshot(client, "window-save-dialog-open").await;
    let target = window
        .home
        .path()
        .join("backups with spaces/João's settings.json");
    std::fs::create_dir_all(target.parent().expect("a folder")).expect("folder");
    let id = dialog.to_string();
    xdotool(&window, &["windowfocus", "--sync", &id]);
    xdotool(&window, &["key", "--window", &id, "ctrl+a"]);
    xdotool(
        &window,
        &[
            "type",
            "--window",
            &id,
            "--delay",
            "20",
            &target.display().to_string(),
        ],
    );
    xdotool(&window, &["key", "--window", &id, "Return"]);

    let said =
        support::webdriver::wait_for_text(client, test_id("settings-backup-result"), |text| {
            !text.is_empty()
        })
        .await;
    assert_eq!(said, format!("Saved to {}", target.display()));
    let written = std::fs::read_to_string(&target).expect("the backup was written there");
    let backup: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(backup["format"], "chatdeck-settings");
    window.close().await;
}
