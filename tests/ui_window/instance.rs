//! One instance: a second launch of the same binary on the same data directory hands its
//! arguments to the running window and exits 0; nothing of it runs on.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::window::logged;

use super::*;

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
