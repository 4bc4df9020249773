//! The chat-log record writer, fuzzed: any delivered frame becomes one record line that
//! parses back to the same frame; and through a running service, the S3 stand-in's gzip
//! objects decode to exactly the messages clients received, whatever their text.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use chatdeck_faults::fuzz::{cases, event, hostile_text, message};
use chatdeck_faults::local::InProcess;
use futures_util::{SinkExt, StreamExt};
use ivs_chat_protocol::chat_log::{ChatLogRecord, RecordType};
use ivs_chat_protocol::messaging::{Frame, Incoming};
use proptest::prelude::*;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const BUCKET: &str = "fuzz-chat-logs";

struct Harness {
    runtime: tokio::runtime::Runtime,
    service: InProcess,
    logging_arn: String,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("runtime: {error}"));
        let (service, logging_arn) = runtime.block_on(async {
            let service = InProcess::start(ivs_chat_local::Config::default())
                .await
                .unwrap_or_else(|error| panic!("service: {error}"));
            let (status, logging) = service
                .control()
                .call(
                    "CreateLoggingConfiguration",
                    &json!({"destinationConfiguration": {"s3": {"bucketName": BUCKET}}}),
                )
                .await
                .unwrap_or_else(|error| panic!("logging: {error}"));
            let arn = logging["arn"]
                .as_str()
                .unwrap_or_else(|| panic!("logging → {status}: {logging}"))
                .to_owned();
            (service, arn)
        });
        Harness {
            runtime,
            service,
            logging_arn,
        }
    })
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Sends `contents` in a fresh room with S3 logging; the MESSAGE frames received, and the
/// frames decoded from the room's S3 objects after a flush.
async fn through_the_service(contents: Vec<String>) -> Result<(Vec<Frame>, Vec<Frame>), String> {
    let harness = harness();
    let control = harness.service.control();
    let room = control
        .create_room(&json!({"maximumMessageRatePerSecond": 100,
                              "loggingConfigurationIdentifiers": [harness.logging_arn]}))
        .await
        .map_err(|error| error.to_string())?;
    let room_id = room.rsplit('/').next().unwrap_or_default().to_owned();
    let (_, token) = control
        .call(
            "CreateChatToken",
            &json!({"roomIdentifier": room, "userId": "writer", "capabilities": ["SEND_MESSAGE"]}),
        )
        .await
        .map_err(|error| error.to_string())?;
    let mut request = format!("ws://{}", harness.service.addr())
        .into_client_request()
        .map_err(|error| error.to_string())?;
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(token["token"].as_str().unwrap_or_default())
            .map_err(|error| error.to_string())?,
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|error| error.to_string())?;
    for content in &contents {
        let text = json!({"Action": "SEND_MESSAGE", "Content": content}).to_string();
        socket
            .send(Message::text(text))
            .await
            .map_err(|error| error.to_string())?;
    }
    let mut delivered = Vec::new();
    for _ in &contents {
        let next = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .map_err(|_| "no answer".to_owned())?;
        let Some(Ok(Message::Text(text))) = next else {
            return Err(format!("unexpected: {next:?}"));
        };
        match Frame::parse(text.as_str()) {
            Ok(Incoming::Frame(frame @ Frame::Message(_))) => delivered.push(frame),
            other => return Err(format!("not a MESSAGE: {other:?}")),
        }
    }
    let _ = socket.close(None).await;
    harness.service.flush_logs().await;
    let root = harness
        .service
        .data_dir()
        .ok_or("no data dir")?
        .join("s3")
        .join(BUCKET);
    let mut logged = Vec::new();
    for file in files_under(&root) {
        let path = file.to_string_lossy();
        if !path.contains(&format!("room_{room_id}")) {
            continue;
        }
        if !path.ends_with(".log.gz") {
            return Err(format!("an S3 object that is not .log.gz: {path}"));
        }
        let bytes = std::fs::read(&file).map_err(|error| error.to_string())?;
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .map_err(|error| format!("{path} does not decode: {error}"))?;
        for line in text.lines() {
            let record: ChatLogRecord = serde_json::from_str(line)
                .map_err(|error| format!("a record line does not parse: {error}: {line}"))?;
            match Frame::parse(&record.payload.to_string()) {
                Ok(Incoming::Frame(frame)) => logged.push(frame),
                other => return Err(format!("a payload is not a frame: {other:?}")),
            }
        }
    }
    // A periodic flush may split a case's records over two objects, read in directory order:
    // compare the sets of frames, by id.
    let by_id = |frame: &Frame| frame.id().to_owned();
    delivered.sort_by_key(by_id);
    logged.sort_by_key(by_id);
    Ok((delivered, logged))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn a_record_line_parses_back_to_its_frame(
        frame in prop_oneof![message().prop_map(Frame::Message), event().prop_map(Frame::Event)]
    ) {
        let record = ChatLogRecord::of(&frame);
        prop_assert!(record.is_some(), "no record for a MESSAGE or EVENT");
        let record = record.unwrap_or_else(|| unreachable!());
        let line = record.to_line();
        prop_assert!(!line.contains('\n'), "one record per line: {}", line);
        let back: ChatLogRecord = serde_json::from_str(&line)
            .map_err(|error| TestCaseError::fail(format!("{error}: {line}")))?;
        prop_assert_eq!(&back, &record);
        let expected_type = match frame {
            Frame::Message(_) => RecordType::Message,
            _ => RecordType::Event,
        };
        prop_assert_eq!(back.record_type, expected_type);
        prop_assert_eq!(Frame::parse(&back.payload.to_string()), Ok(Incoming::Frame(frame)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(24)))]

    #[test]
    fn s3_objects_decode_to_exactly_what_was_delivered(
        contents in proptest::collection::vec(
            hostile_text(40).prop_filter("content the room accepts", |text| {
                !text.is_empty() && text.chars().count() <= 500
            }),
            1..8,
        )
    ) {
        let (delivered, logged) = harness()
            .runtime
            .block_on(through_the_service(contents))
            .map_err(TestCaseError::fail)?;
        prop_assert_eq!(logged, delivered);
    }
}
