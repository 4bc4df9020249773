//! One instance: a second launch of the same binary on the same data directory hands its
//! arguments to the running window and exits 0; nothing of it runs on. An invite link among
//! them is asked about in the running window.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chatdeck_ipc::invite::Invite;
use support::window::logged;

use super::*;

/// Launches the app again with `argument`: the same binary, the same home and data directory,
/// the same display (and its X authority, inherited) and bus. It must hand over and exit 0.
async fn launch_again(window: &Window, argument: &str) {
    let log = window.home.path().join("second-launch.log");
    let mut second = Command::new(support::window::app_binary())
        .arg(argument)
        .envs(window.app_environment())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
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
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_hands_its_arguments_to_the_running_window_and_exits() {
    let window = Window::open_on_session_bus().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    logged(window.home.path(), "Chatdeck started").await;

    let marker = "--handed-over-by-the-second-launch";
    launch_again(&window, marker).await;

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

#[tokio::test(flavor = "multi_thread")]
async fn an_invite_link_opened_while_chatdeck_runs_asks_in_the_running_window() {
    let window = Window::open_on_session_bus().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    logged(window.home.path(), "Chatdeck started").await;
    // As a desktop opens a `chatdeck://` link: the app launched again with it.
    let invite = Invite {
        token_url: "https://tokens.example.com/chat-token".into(),
        endpoint: "us-west-2".into(),
        room_arn: "arn:aws:ivschat:us-west-2:123456789012:room/AbCdEf123456".into(),
        name: Some("Bea".into()),
    };
    launch_again(&window, &invite.link()).await;
    let question = wait_js(
        client,
        "const q = document.querySelector('[data-testid=invite-question]');
         return q ? q.textContent : null;",
        |text| text.as_str().is_some_and(|text| text.starts_with("Join")),
    )
    .await;
    assert_eq!(
        question,
        format!(
            "Join room {} through {} as Bea?",
            invite.room_id(),
            invite.host()
        )
    );
    screenshot(client, "window-invite-from-a-second-launch").await;
    window.close().await;
}
