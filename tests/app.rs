//! The app layer without a window, against its embedded `ivs-chat-local`: sessions, history,
//! profiles and secrets, with the events a UI would receive.

mod support;

#[path = "app/chatters.rs"]
mod chatters;
#[path = "app/filters.rs"]
mod filters;
#[path = "app/history_keeping.rs"]
mod history_keeping;
#[path = "app/history_writer.rs"]
mod history_writer;
#[path = "app/split.rs"]
mod split;
#[path = "app/tray.rs"]
mod tray;

use std::sync::Arc;

use chatdeck::app::App;
use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::command::{OpenTab, SendMessage, Snapshot};
use chatdeck_ipc::model::{ConnectionState, SendState};
use support::fixture::{Recorder, config, create_room};

async fn start(dir: &tempfile::TempDir) -> (Arc<App>, Arc<Recorder>) {
    let recorder = Arc::new(Recorder::default());
    let app = App::start(config(dir), recorder.clone())
        .await
        .expect("start");
    (app, recorder)
}

/// Opens `arn` on the Local profile and waits for a connection.
async fn open_connected(app: &App, events: &Recorder, arn: &str) -> chatdeck_ipc::model::Tab {
    let tab = app
        .tabs()
        .open_tab(OpenTab {
            profile_id: "local".into(),
            room_arn: arn.to_owned(),
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
    tab
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_is_pending_then_confirmed_under_one_key_and_stored() {
    let dir = tempfile::tempdir().expect("dir");
    let (app, events) = start(&dir).await;
    let arn = create_room(&app, "app-room", None, None, None).await;
    let tab = open_connected(&app, &events, &arn).await;
    let line = app
        .tabs()
        .send_message(SendMessage {
            tab_id: tab.id.clone(),
            content: "hello".into(),
            reply_to: None,
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

#[tokio::test(flavor = "multi_thread")]
async fn profile_secrets_live_in_the_real_keychain_never_in_files_or_answers() {
    use chatdeck::app::secrets::Secrets;
    use chatdeck_ipc::command::{RemoveProfile, SaveProfile, SecretChange};
    use chatdeck_ipc::model::{Capability, ProfileKind, ProfileSettings};

    let dir = tempfile::tempdir().expect("dir");
    let config = config(&dir);
    let service = config.keychain_service.clone();
    let recorder = Arc::new(Recorder::default());
    let app = App::start(config, recorder.clone()).await.expect("start");
    let secret = "AWS-secret-key-0123456789abcdef";
    let saved = app
        .profiles()
        .save_profile(SaveProfile {
            id: None,
            settings: ProfileSettings {
                name: "Account".into(),
                kind: ProfileKind::Aws {
                    region: "us-west-2".into(),
                    aws_profile: None,
                    access_key_id: Some("AKIAEXAMPLE".into()),
                    endpoint_url: Some(app.local().http_endpoint().to_owned()),
                },
                user_id: "owner".into(),
                display_name: "Owner".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: vec![Capability::SendMessage],
            },
            secret: SecretChange::Set(secret.into()),
        })
        .await
        .expect("save");
    assert!(saved.has_secret);
    // A separate handle on the OS keychain (the kernel keyutils store on Linux) finds it.
    let stored = Secrets::open(service.clone())
        .await
        .get(&saved.id)
        .await
        .expect("keychain");
    assert_eq!(
        stored.as_ref().map(|s| s.expose().to_owned()).as_deref(),
        Some(secret)
    );
    // Nothing the UI can receive carries it, and no file does.
    let snapshot =
        serde_json::to_string(&app.snapshot(Snapshot {}).await.expect("snapshot")).expect("json");
    let events = serde_json::to_string(&*recorder.0.lock().expect("lock")).expect("json");
    assert!(!snapshot.contains(secret) && !events.contains(secret));
    for entry in std::fs::read_dir(dir.path()).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let bytes = std::fs::read(&path).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{} holds the secret",
                path.display()
            );
        }
    }
    // The AWS path works against the local control plane with those keys.
    let rooms = app
        .profiles()
        .list_rooms(chatdeck_ipc::command::ListRooms {
            profile_id: saved.id.clone(),
        })
        .await;
    assert!(rooms.is_ok(), "{rooms:?}");
    app.profiles()
        .remove_profile(RemoveProfile {
            id: saved.id.clone(),
        })
        .await
        .expect("remove");
    assert!(
        Secrets::open(service)
            .await
            .get(&saved.id)
            .await
            .expect("keychain")
            .is_none()
    );
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_works_through_an_aws_profile_and_refusals_name_their_fields() {
    use chatdeck_ipc::IpcError;
    use chatdeck_ipc::command::{SaveProfile, SecretChange};
    use chatdeck_ipc::console::{
        ConsoleCreateLogging, ConsoleCreateRoom, ConsoleDeleteLogging, ConsoleDeleteRoom,
        ConsoleDisconnectUser, ConsoleListRooms, ConsoleSendEvent, ConsoleUpdateRoom,
        CreateLoggingConfigurationRequest, CreateRoomRequest, DestinationConfiguration,
        DisconnectUserRequest, RoomFilter, SendEventRequest, TagChange, Tags, UpdateRoomRequest,
    };
    use chatdeck_ipc::model::{ProfileKind, ProfileSettings};

    let dir = tempfile::tempdir().expect("dir");
    let (app, _events) = start(&dir).await;
    // An AWS profile whose control plane is the embedded service: the SDK path of real AWS.
    let profile = app
        .profiles()
        .save_profile(SaveProfile {
            id: None,
            settings: ProfileSettings {
                name: "Account".into(),
                kind: ProfileKind::Aws {
                    region: "us-west-2".into(),
                    aws_profile: None,
                    access_key_id: Some("AKIAEXAMPLE".into()),
                    endpoint_url: Some(app.local().http_endpoint().to_owned()),
                },
                user_id: "owner".into(),
                display_name: "Owner".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: Vec::new(),
            },
            secret: SecretChange::Set("not-checked-locally".into()),
        })
        .await
        .expect("save");
    let profile_id = profile.id.clone();
    let logging = app
        .console()
        .console_create_logging(ConsoleCreateLogging {
            profile_id: profile_id.clone(),
            request: CreateLoggingConfigurationRequest {
                name: Some("aws-path".into()),
                destination_configuration: Some(DestinationConfiguration::firehose("stream-1")),
                tags: None,
            },
        })
        .await
        .expect("CreateLoggingConfiguration");
    let tags: Tags = (0..50).map(|n| (format!("k{n}"), "v".to_owned())).collect();
    let room = app
        .console()
        .console_create_room(ConsoleCreateRoom {
            profile_id: profile_id.clone(),
            request: CreateRoomRequest {
                name: Some("full-of-tags".into()),
                logging_configuration_identifiers: Some(vec![logging.arn.clone()]),
                tags: Some(tags),
                ..CreateRoomRequest::default()
            },
        })
        .await
        .expect("CreateRoom");
    assert_eq!(room.tags.len(), 50);
    let listed = app
        .console()
        .console_list_rooms(ConsoleListRooms {
            profile_id: profile_id.clone(),
            filter: RoomFilter {
                logging_configuration: logging.arn.clone(),
                ..RoomFilter::default()
            },
        })
        .await
        .expect("ListRooms");
    assert_eq!(
        listed
            .iter()
            .map(|room| room.arn.as_str())
            .collect::<Vec<_>>(),
        [room.arn.as_str()]
    );

    // Checked before the call, with the service's rules and words.
    let invalid = IpcError::from(
        app.console()
            .console_create_room(ConsoleCreateRoom {
                profile_id: profile_id.clone(),
                request: CreateRoomRequest {
                    maximum_message_length: Some(501),
                    ..CreateRoomRequest::default()
                },
            })
            .await
            .expect_err("refused before the call"),
    );
    assert_eq!(invalid.fields.len(), 1);
    assert_eq!(invalid.fields[0].name, "maximumMessageLength");
    // Refused by the service: its fieldList comes back as the error's fields.
    let refused = IpcError::from(
        app.console()
            .console_update_room(ConsoleUpdateRoom {
                profile_id: profile_id.clone(),
                request: UpdateRoomRequest {
                    identifier: Some(room.arn.clone()),
                    ..UpdateRoomRequest::default()
                },
                tags: TagChange {
                    set: [("one-more".to_owned(), "v".to_owned())].into(),
                    remove: Vec::new(),
                },
            })
            .await
            .expect_err("51 tags are refused"),
    );
    assert!(
        refused.message.starts_with("ValidationException"),
        "{refused:?}"
    );
    assert_eq!(refused.fields.len(), 1, "{refused:?}");
    assert_eq!(refused.fields[0].name, "tags");
    // A configuration still in use cannot go; the service says why.
    let conflict = app
        .console()
        .console_delete_logging(ConsoleDeleteLogging {
            profile_id: profile_id.clone(),
            arn: logging.arn.clone(),
        })
        .await
        .expect_err("in use");
    assert!(
        conflict.to_string().starts_with("ConflictException"),
        "{conflict}"
    );
    // Room actions and deletion go through.
    let event = app
        .console()
        .console_send_event(ConsoleSendEvent {
            profile_id: profile_id.clone(),
            request: SendEventRequest {
                room_identifier: Some(room.arn.clone()),
                event_name: Some("app:HELLO".into()),
                attributes: None,
            },
        })
        .await
        .expect("SendEvent");
    assert_eq!(event.len(), 12);
    app.console()
        .console_disconnect_user(ConsoleDisconnectUser {
            profile_id: profile_id.clone(),
            request: DisconnectUserRequest {
                room_identifier: Some(room.arn.clone()),
                user_id: Some("nobody".into()),
                reason: None,
            },
        })
        .await
        .expect("DisconnectUser");
    app.console()
        .console_delete_room(ConsoleDeleteRoom {
            profile_id: profile_id.clone(),
            arn: room.arn.clone(),
        })
        .await
        .expect("DeleteRoom");
    app.console()
        .console_delete_logging(ConsoleDeleteLogging {
            profile_id,
            arn: logging.arn,
        })
        .await
        .expect("DeleteLoggingConfiguration, once no room uses it");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_app_on_the_same_data_directory_is_refused_until_the_first_stops() {
    use chatdeck::app::desktop::DesktopRequest;

    let dir = tempfile::tempdir().expect("dir");
    let (app, _events) = start(&dir).await;
    let refused = App::start(config(&dir), Arc::new(Recorder::default()))
        .await
        .expect_err("a second app on the same data directory");
    assert!(refused.to_string().contains("already running"), "{refused}");
    // A second launch handed over: the running app asks for its main window, with the
    // arguments.
    app.desktop()
        .another_launch(vec!["chatdeck://join?x=1".into()]);
    assert!(app.desktop_requests().contains(&DesktopRequest::FocusMain {
        arguments: vec!["chatdeck://join?x=1".into()]
    }));
    app.shutdown().await;
    drop(app);
    let (again, _events) = start(&dir).await;
    again.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_text_asks_the_desktop_for_exactly_the_text_and_refuses_empty_or_huge_text() {
    use chatdeck::app::desktop::DesktopRequest;
    use chatdeck_ipc::command::{CopyText, MAX_COPY_CHARS};

    let dir = tempfile::tempdir().expect("dir");
    let (app, _events) = start(&dir).await;
    let copies = |app: &App| {
        app.desktop_requests()
            .into_iter()
            .filter_map(|request| match request {
                DesktopRequest::CopyText { text } => Some(text),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    app.desktop()
        .copy_text(CopyText {
            text: "héllo 👋\nsecond line".into(),
        })
        .await
        .expect("copied");
    for text in [String::new(), "x".repeat(MAX_COPY_CHARS + 1)] {
        let refused = app
            .desktop()
            .copy_text(CopyText { text })
            .await
            .expect_err("refused");
        assert!(refused.to_string().contains("characters"), "{refused}");
    }
    assert_eq!(copies(&app), ["héllo 👋\nsecond line"]);
    app.shutdown().await;
}
