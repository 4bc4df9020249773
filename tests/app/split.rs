//! The split view in the app layer: what `set_split` accepts, the panes following a tab
//! brought to front or closed (with their events), and `tabs.json` keeping them for the next
//! start.

use chatdeck_ipc::command::{ActivateTab, CloseTab, OpenTab};
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::split::SetSplit;

use super::*;

async fn open(app: &App, name: &str) -> TabId {
    let arn = create_room(app, name, None, None, None).await;
    app.tabs()
        .open_tab(OpenTab {
            profile_id: "local".into(),
            room_arn: arn,
        })
        .await
        .expect("open")
        .id
}

/// The newest `Split` event's panes.
async fn split_event(events: &Recorder, expected: &[TabId]) {
    events
        .until(|body| match body {
            UiEventBody::Split { tabs } if tabs == expected => Some(()),
            _ => None,
        })
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn panes_are_checked_follow_the_tabs_and_are_kept_for_the_next_start() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, events) = start(&dir).await;
    let [a, b, c] = [
        open(&app, "pane-a").await,
        open(&app, "pane-b").await,
        open(&app, "pane-c").await,
    ];
    let set = |tabs: Vec<TabId>| app.tabs().set_split(SetSplit { tabs });
    for refused in [
        vec![a.clone()],
        vec![a.clone(), a.clone()],
        vec![a.clone(), TabId::new("no-such-tab")],
        vec![a.clone(), b.clone(), c.clone(), a.clone(), b.clone()],
    ] {
        assert!(set(refused.clone()).await.is_err(), "{refused:?}");
    }
    assert!(
        app.tabs().split().is_empty(),
        "nothing of a refusal is kept"
    );
    set(vec![a.clone(), b.clone()]).await.expect("two panes");
    split_event(&events, &[a.clone(), b.clone()]).await;

    // C, brought to front while B's pane is in front, takes that pane.
    app.tabs()
        .activate_tab(ActivateTab { tab_id: b.clone() })
        .await
        .expect("activate");
    app.tabs()
        .activate_tab(ActivateTab { tab_id: c.clone() })
        .await
        .expect("activate");
    split_event(&events, &[a.clone(), c.clone()]).await;
    assert_eq!(app.tabs().split(), [a.clone(), c.clone()]);
    app.shutdown().await;
    drop(app);

    // Kept for the next start, as the snapshot says.
    let (app, events) = start(&dir).await;
    events
        .until(|body| match body {
            UiEventBody::TabOpened { tab, .. } if tab.id == c => Some(()),
            _ => None,
        })
        .await;
    let snapshot = app.snapshot(Snapshot {}).await.expect("snapshot");
    assert_eq!(snapshot.split, [a.clone(), c.clone()]);
    assert_eq!(snapshot.active_tab, Some(c.clone()));
    // A split of one is none: closing C ends it, and A comes to front.
    app.tabs()
        .close_tab(CloseTab { tab_id: c.clone() })
        .await
        .expect("close");
    split_event(&events, &[]).await;
    let snapshot = app.snapshot(Snapshot {}).await.expect("snapshot");
    assert!(snapshot.split.is_empty());
    assert_eq!(snapshot.active_tab, Some(a));
    app.shutdown().await;
}
