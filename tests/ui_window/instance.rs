//! One instance: a second launch of the same binary on the same data directory hands its
//! arguments to the running window and exits 0; nothing of it runs on.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// Everything the app logged so far (its log files under its home).
fn app_log(home: &Path) -> String {
    fn walk(dir: &Path, text: &mut String) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, text);
            } else if path.parent().is_some_and(|parent| parent.ends_with("logs")) {
                text.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut text = String::new();
    walk(home, &mut text);
    text
}

/// Waits until the app's log says `needle`; returns the whole log.
async fn logged(home: &Path, needle: &str) -> String {
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let log = app_log(home);
        if log.contains(needle) {
            return log;
        }
        assert!(
            Instant::now() < deadline,
            "the app never logged {needle:?}:\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_hands_its_arguments_to_the_running_window_and_exits() {
    let window = Window::open_on_session_bus().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    logged(window.home.path(), "Chatdeck started").await;

    // The same binary, the same home and data directory, the same display (and its X
    // authority, inherited) and bus.
    let marker = "--handed-over-by-the-second-launch";
    let mut second = Command::new(support::window::app_binary())
        .arg(marker)
        .envs(window.app_environment())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(window.home.path().join("second-launch.log")).expect("log"))
        .spawn()
        .expect("the second launch starts");
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    let status = loop {
        if let Some(status) = second.try_wait().expect("the second launch") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = second.kill();
            panic!("the second launch is still running: two copies on one data directory");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        status.success(),
        "the second launch exited with {status}: {}",
        std::fs::read_to_string(window.home.path().join("second-launch.log")).unwrap_or_default()
    );

    // The first copy was asked to focus its window, with the second launch's arguments.
    let log = logged(window.home.path(), "focus main window").await;
    let handed = log
        .lines()
        .find(|line| line.contains("focus main window"))
        .unwrap_or_default();
    assert!(handed.contains(marker), "{handed}");
    // The second never started an app of its own: one start in the log.
    assert_eq!(log.matches("Chatdeck started").count(), 1, "{log}");

    // The first goes on serving.
    send_from_composer(client, "still here after a second launch").await;
    wait_js(
        client,
        &row_script("still here after a second launch"),
        |row| row["state"] == "confirmed",
    )
    .await;
    screenshot(client, "window-after-second-launch").await;
    window.close().await;
}
