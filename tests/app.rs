//! The app layer without a window, against its embedded `ivs-chat-local`: sessions, history,
//! profiles and secrets, with the events a UI would receive.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chatdeck::app::{App, EventSink};
use chatdeck_ipc::command::{OpenTab, SendMessage, Snapshot};
use chatdeck_ipc::model::{ConnectionState, SendState};
use chatdeck_ipc::{UiEvent, UiEventBody};
use support::fixture::{WAIT, config, create_room};

/// Records every event.
#[derive(Default)]
struct Recorder(Mutex<Vec<UiEvent>>);

impl EventSink for Recorder {
    fn deliver(&self, event: UiEvent) {
        self.0.lock().expect("lock").push(event);
    }
}

impl Recorder {
    async fn until<T>(&self, mut pick: impl FnMut(&UiEventBody) -> Option<T>) -> T {
        tokio::time::timeout(WAIT, async {
            loop {
                if let Some(found) = self
                    .0
                    .lock()
                    .expect("lock")
                    .iter()
                    .find_map(|event| pick(&event.body))
                {
                    return found;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await
        .expect("the event arrived in time")
    }
}

async fn start(dir: &tempfile::TempDir) -> (Arc<App>, Arc<Recorder>) {
    let recorder = Arc::new(Recorder::default());
    let app = App::start(config(dir), recorder.clone())
        .await
        .expect("start");
    (app, recorder)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_is_pending_then_confirmed_under_one_key_and_stored() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, events) = start(&dir).await;
    let arn = create_room(&app, "app-room", None, None, None).await;
    let tab = app
        .open_tab(OpenTab {
            profile_id: "local".into(),
            room_arn: arn.clone(),
        })
        .await
        .expect("open");
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
    let line = app
        .send_message(SendMessage {
            tab_id: tab.id.clone(),
            content: "hello".into(),
        })
        .await
        .expect("send");
    assert_eq!(line.send, SendState::Pending);
    let confirmed = events
        .until(|body| match body {
            UiEventBody::Lines { lines, .. } => lines
                .iter()
                .find(|l| l.key == line.key && l.send == SendState::Confirmed)
                .cloned(),
            _ => None,
        })
        .await;
    assert!(confirmed.message_id.is_some());
    assert_eq!(confirmed.position, line.position);
    let stored = app
        .history()
        .by_key(&arn, &line.key)
        .await
        .expect("history")
        .expect("stored");
    assert_eq!(stored.send, SendState::Confirmed);
    assert_eq!(
        app.history()
            .count_matching(&arn, "hello")
            .await
            .expect("fts"),
        1
    );
    let snapshot = app.snapshot(Snapshot {}).await.expect("snapshot");
    assert_eq!(snapshot.tabs[0].lines.len(), 1);
    app.shutdown().await;
}
