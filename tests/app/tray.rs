//! The tray, as the app drives it: unread mentions and the open rooms on the icon and in the
//! menu, the pause of notifications, a room chosen from the menu, Quit, and what closing the
//! main window does (keep running, with a note the first time only; or quit).

use std::time::Duration;

use chatdeck::app::desktop::{DesktopRequest, TrayStatus};
use chatdeck::app::tray::{MainWindowClose, NOTE_MARKER, TrayAction};
use chatdeck_ipc::command::{GetSettings, ReportFocus, SaveSettings};
use ivs_chat_protocol::{Attributes, Capability};
use support::fixture::other_client;

use super::*;

/// The last tray status the app asked the desktop to show.
fn tray_shown(app: &App) -> Option<TrayStatus> {
    app.desktop_requests()
        .into_iter()
        .rev()
        .find_map(|request| match request {
            DesktopRequest::UpdateTray(status) => Some(status),
            _ => None,
        })
}

/// Waits until the tray shows a status matching `pick`.
async fn tray_until(app: &App, pick: impl Fn(&TrayStatus) -> bool) -> TrayStatus {
    tokio::time::timeout(support::fixture::WAIT, async {
        loop {
            if let Some(status) = tray_shown(app).filter(|status| pick(status)) {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the tray never showed it; last: {:?}", tray_shown(app)))
}

fn notifications(app: &App) -> usize {
    app.desktop_requests()
        .iter()
        .filter(|request| matches!(request, DesktopRequest::Notify { .. }))
        .count()
}

async fn focus(app: &App, focused: bool) {
    app.mentions()
        .report_focus(ReportFocus {
            window: "main".into(),
            focused,
        })
        .await
        .expect("focus");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tray_counts_unread_mentions_lists_rooms_pauses_and_opens_a_room() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, events) = start(&dir).await;
    let arn = create_room(&app, "tray-room", None, None, None).await;
    let tab = app
        .tabs()
        .open_tab(OpenTab {
            profile_id: "local".into(),
            room_arn: arn.clone(),
        })
        .await
        .expect("open");
    let status = tray_until(&app, |status| !status.rooms.is_empty()).await;
    assert_eq!(status.rooms, vec![(tab.id.clone(), "tray-room".to_owned())]);
    assert_eq!(status.unread_mentions, 0);
    assert!(!status.notifications_paused);
    events
        .until(|body| match body {
            UiEventBody::Connection { connection, .. }
                if connection.state == ConnectionState::Connected =>
            {
                Some(())
            }
            _ => None,
        })
        .await;

    // Unfocused, a mention counts and is notified.
    let (maya, _updates) =
        other_client(&app, &arn, "maya", "Maya", &[Capability::SendMessage]).await;
    focus(&app, false).await;
    maya.send_message("Host, are you there?", Attributes::new())
        .await
        .expect("send");
    tray_until(&app, |status| status.unread_mentions == 1).await;
    assert_eq!(notifications(&app), 1);

    // Paused from the tray: the next mention counts but raises no notification.
    app.tray()
        .act(TrayAction::ToggleNotifications)
        .await
        .expect("pause");
    tray_until(&app, |status| status.notifications_paused).await;
    // Past the gap between notifications, so only the pause can hold this one back.
    tokio::time::sleep(chatdeck::app::mentions::NOTIFY_GAP).await;
    maya.send_message("Host, still there?", Attributes::new())
        .await
        .expect("send");
    tray_until(&app, |status| status.unread_mentions == 2).await;
    assert_eq!(notifications(&app), 1, "no notification while paused");

    // A window with focus has shown them.
    focus(&app, true).await;
    tray_until(&app, |status| status.unread_mentions == 0).await;

    // A room chosen in the tray comes in front, in the main window.
    app.tray()
        .act(TrayAction::OpenRoom(tab.id.clone()))
        .await
        .expect("open room");
    events
        .until(|body| match body {
            UiEventBody::TabActivated { tab_id } if *tab_id == tab.id => Some(()),
            _ => None,
        })
        .await;
    assert_eq!(
        app.desktop_requests().last(),
        Some(&DesktopRequest::ShowMain)
    );

    // Resumed, and closing the tab takes it out of the menu.
    app.tray()
        .act(TrayAction::ToggleNotifications)
        .await
        .expect("resume");
    tray_until(&app, |status| !status.notifications_paused).await;
    app.tabs()
        .close_tab(chatdeck_ipc::command::CloseTab {
            tab_id: tab.id.clone(),
        })
        .await
        .expect("close");
    tray_until(&app, |status| status.rooms.is_empty()).await;

    app.tray().act(TrayAction::Quit).await.expect("quit");
    assert_eq!(app.desktop_requests().last(), Some(&DesktopRequest::Quit));
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_keeps_running_with_a_note_once_or_quits_as_chosen() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, _events) = start(&dir).await;

    // Without a tray to come back from, closing quits whatever the setting.
    assert_eq!(app.tray().main_window_closing(false), MainWindowClose::Quit);
    assert_eq!(notifications(&app), 0);

    // On by default: the first close says where Chatdeck went, the second does not.
    assert_eq!(
        app.tray().main_window_closing(true),
        MainWindowClose::KeepRunning
    );
    assert_eq!(notifications(&app), 1);
    assert!(dir.path().join(NOTE_MARKER).exists());
    assert_eq!(
        app.tray().main_window_closing(true),
        MainWindowClose::KeepRunning
    );
    assert_eq!(notifications(&app), 1, "the note is shown once");

    // Turned off in Settings: closing quits.
    let mut settings = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    assert!(settings.close_to_tray, "on by default");
    settings.close_to_tray = false;
    app.settings()
        .save_settings(SaveSettings { settings })
        .await
        .expect("save");
    assert_eq!(app.tray().main_window_closing(true), MainWindowClose::Quit);
    app.shutdown().await;

    // The note stays shown across restarts.
    let (app, _events) = start(&dir).await;
    let mut settings = app.settings().get();
    assert!(!settings.close_to_tray, "the choice is kept");
    settings.close_to_tray = true;
    app.settings()
        .save_settings(SaveSettings { settings })
        .await
        .expect("save");
    assert_eq!(
        app.tray().main_window_closing(true),
        MainWindowClose::KeepRunning
    );
    assert_eq!(notifications(&app), 0);
    app.shutdown().await;
}
