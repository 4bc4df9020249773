//! Ignore and filters in the app layer, over a real room of the embedded service and real
//! SQLite: the verdict rides on every line a window gets (events, the snapshot, older pages,
//! a user's messages), the history keeps lines as they were sent, a change shows the tab's
//! lines again, and the Mentions view leaves out an ignored user's mentions.

use chatdeck::app::App;
use chatdeck_ipc::command::{LoadOlder, Mentions, Snapshot, UserMessages};
use chatdeck_ipc::model::{Filtered, Line, ProfileId, TabId};
use chatdeck_ipc::settings::filters::{FilterAction, FilterRule, IgnoreUser, PatternKind};
use ivs_chat_protocol::{Attributes, Capability};

use super::*;
use support::fixture::other_client;

/// Waits for the `Lines` event carrying `content`; returns that line.
async fn line_with(events: &Recorder, content: &str) -> Line {
    events
        .until(|body| match body {
            UiEventBody::Lines { lines, .. } => {
                lines.iter().find(|line| line.content == content).cloned()
            }
            _ => None,
        })
        .await
}

async fn ignore(app: &App, tab_id: &TabId, ignore: bool) {
    app.tabs()
        .ignore_user(IgnoreUser {
            tab_id: tab_id.clone(),
            user_id: "troll".into(),
            display_name: "Troll".into(),
            ignore,
        })
        .await
        .expect("ignore_user");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_way_a_line_reaches_a_window_carries_the_verdict_and_the_history_keeps_the_text() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, events) = start(&dir).await;
    let arn = create_room(&app, "filtered-room", None, None, None).await;
    let tab = open_connected(&app, &events, &arn).await;
    let (troll, _troll_updates) =
        other_client(&app, &arn, "troll", "Troll", &[Capability::SendMessage]).await;
    let (maya, _maya_updates) =
        other_client(&app, &arn, "maya", "Maya", &[Capability::SendMessage]).await;
    troll
        .send_message("host, you are slow", Attributes::new())
        .await
        .expect("send");
    assert_eq!(
        line_with(&events, "host, you are slow").await.filtered,
        None
    );

    // Ignored: the tab's lines are shown again with the verdict, and the next ones carry it.
    ignore(&app, &tab.id, true).await;
    let replaced = events
        .until(|body| match body {
            UiEventBody::LinesReplaced { tab_id, lines } if tab_id == &tab.id => {
                Some(lines.clone())
            }
            _ => None,
        })
        .await;
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].filtered, Some(Filtered::IgnoredUser));
    troll
        .send_message("host, still slow", Attributes::new())
        .await
        .expect("send");
    assert_eq!(
        line_with(&events, "host, still slow").await.filtered,
        Some(Filtered::IgnoredUser)
    );
    let snapshot = app.snapshot(Snapshot {}).await.expect("snapshot");
    assert!(
        snapshot.tabs[0]
            .lines
            .iter()
            .all(|line| line.filtered == Some(Filtered::IgnoredUser))
    );
    let theirs = app
        .tabs()
        .user_messages(UserMessages {
            tab_id: tab.id.clone(),
            user_id: "troll".into(),
            limit: 10,
        })
        .await
        .expect("user messages");
    assert_eq!(theirs.len(), 2);
    assert!(
        theirs
            .iter()
            .all(|line| line.filtered == Some(Filtered::IgnoredUser))
    );
    // The Mentions view spans the history: an ignored user's mentions are left out.
    let mentions = app
        .mentions()
        .mentions(Mentions { limit: 50 })
        .await
        .expect("mentions");
    assert!(mentions.is_empty(), "{mentions:?}");

    // A mask rule: the window gets the masked text, the history keeps what was sent.
    app.settings()
        .change(|settings| {
            settings
                .filters
                .entry(ProfileId::new("local"))
                .or_default()
                .rules
                .push(FilterRule {
                    pattern: "slow".into(),
                    kind: PatternKind::Word,
                    action: FilterAction::Mask,
                })
        })
        .expect("a filter");
    maya.send_message("not slow at all", Attributes::new())
        .await
        .expect("send");
    let masked = line_with(&events, "not *** at all").await;
    assert_eq!(masked.filtered, Some(Filtered::Masked));
    let stored = app
        .history()
        .by_key(&arn, &masked.key)
        .await
        .expect("history")
        .expect("stored");
    assert_eq!(
        (stored.content.as_str(), stored.filtered),
        ("not slow at all", None)
    );
    let older = app
        .tabs()
        .load_older(LoadOlder {
            tab_id: tab.id.clone(),
            before: i64::MAX,
            limit: 10,
        })
        .await
        .expect("older");
    assert!(older.iter().any(|line| line.content == "not *** at all"));

    // Undone: shown plainly again (the mask stays).
    ignore(&app, &tab.id, false).await;
    let replaced = events
        .until(|body| match body {
            UiEventBody::LinesReplaced { lines, .. }
                if lines
                    .iter()
                    .all(|line| line.filtered != Some(Filtered::IgnoredUser)) =>
            {
                Some(lines.clone())
            }
            _ => None,
        })
        .await;
    let texts: Vec<&str> = replaced.iter().map(|line| line.content.as_str()).collect();
    assert_eq!(
        texts,
        ["host, you are ***", "host, still ***", "not *** at all"]
    );
    let mentions = app
        .mentions()
        .mentions(Mentions { limit: 50 })
        .await
        .expect("mentions");
    assert_eq!(mentions.len(), 2, "{mentions:?}");
    app.shutdown().await;
}
