//! Review handlers, persistence across restarts, chat logs on disk, metrics.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use common::*;
use ivs_chat_local::Config;
use ivs_chat_protocol::chat_log::{ChatLogRecord, RecordType};
use ivs_chat_protocol::review::ReviewRequest;
use serde_json::{Value, json};

type Seen = Arc<Mutex<Vec<ReviewRequest>>>;

/// A stand-in Lambda: its answer depends on the message content.
async fn handler(State(seen): State<Seen>, Json(request): Json<ReviewRequest>) -> Response {
    seen.lock().unwrap().push(request.clone());
    let content = request.content.as_str();
    if content.starts_with("deny") {
        Json(json!({"ReviewResult": "DENY", "Content": content, "Attributes": {"Reason": "no thanks"}}))
            .into_response()
    } else if content.starts_with("slow") {
        tokio::time::sleep(Duration::from_millis(600)).await;
        Json(json!({"ReviewResult": "ALLOW"})).into_response()
    } else if content.starts_with("garbage") {
        "this is not JSON".into_response()
    } else if content.starts_with("error") {
        (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response()
    } else if content.starts_with("long") {
        Json(json!({"ReviewResult": "ALLOW", "Content": "x".repeat(600)})).into_response()
    } else {
        Json(json!({"ReviewResult": "ALLOW", "Content": content.to_uppercase(), "Attributes": {"reviewed": "yes"}}))
            .into_response()
    }
}

async fn start_handler() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route("/", axum::routing::post(handler))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn review_handlers_allow_rewrite_deny_and_fall_back() {
    let (url, seen) = start_handler().await;
    const LAMBDA: &str = "arn:aws:lambda:us-west-2:123456789012:function:review";
    const MISSING: &str = "arn:aws:lambda:us-west-2:123456789012:function:missing";
    let config = Config {
        lambdas: BTreeMap::from([(LAMBDA.to_owned(), url.clone())]),
        ..Config::default()
    };
    let service = start(config).await;
    let allow_room = create_room(&service, json!({"messageReviewHandler": {"uri": url}})).await;
    let deny_room = create_room(
        &service,
        json!({"messageReviewHandler": {"uri": LAMBDA, "fallbackResult": "DENY"}}),
    )
    .await;
    let missing_room = create_room(
        &service,
        json!({"messageReviewHandler": {"uri": MISSING, "fallbackResult": "DENY"}}),
    )
    .await;
    let mut a = join(
        &service,
        allow_room["arn"].as_str().unwrap(),
        "alice",
        &["SEND_MESSAGE"],
    )
    .await;
    let mut d = join(
        &service,
        deny_room["arn"].as_str().unwrap(),
        "dave",
        &["SEND_MESSAGE"],
    )
    .await;
    let mut m = join(
        &service,
        missing_room["arn"].as_str().unwrap(),
        "mia",
        &["SEND_MESSAGE"],
    )
    .await;

    // ALLOW with a rewrite
    send(&mut a, json!({"Action": "SEND_MESSAGE", "RequestId": "1", "Content": "hello", "Attributes": {"a": "b"}})).await;
    let message = next_frame(&mut a).await;
    assert_eq!(
        (
            message["Content"].as_str(),
            message["Attributes"]["reviewed"].as_str()
        ),
        (Some("HELLO"), Some("yes"))
    );
    let request = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(request.message_id, message["Id"].as_str().unwrap());
    assert_eq!(request.room_arn, allow_room["arn"].as_str().unwrap());
    assert_eq!(
        (request.sender.user_id.as_str(), request.sender.ip.as_str()),
        ("alice", "127.0.0.1")
    );
    assert_eq!(request.attributes.get("a").map(String::as_str), Some("b"));

    // DENY with the handler's reason, through a Lambda ARN
    send(
        &mut d,
        json!({"Action": "SEND_MESSAGE", "RequestId": "2", "Content": "deny me"}),
    )
    .await;
    let error = next_frame(&mut d).await;
    assert_eq!(
        (error["ErrorCode"].as_u64(), error["ErrorMessage"].as_str()),
        (Some(406), Some("no thanks"))
    );
    assert_eq!(error["RequestId"], "2");
    assert_eq!(
        error["Id"].as_str(),
        Some(seen.lock().unwrap().last().unwrap().message_id.as_str())
    );

    // timeout → fallback: ALLOW delivers unchanged, DENY rejects
    send(
        &mut a,
        json!({"Action": "SEND_MESSAGE", "Content": "slow one"}),
    )
    .await;
    assert_eq!(next_frame(&mut a).await["Content"], "slow one");
    send(
        &mut d,
        json!({"Action": "SEND_MESSAGE", "Content": "slow two"}),
    )
    .await;
    assert_eq!(next_frame(&mut d).await["ErrorCode"], 406);

    // invalid answer and handler error → fallback, counted by uri
    send(
        &mut a,
        json!({"Action": "SEND_MESSAGE", "Content": "garbage"}),
    )
    .await;
    assert_eq!(next_frame(&mut a).await["Content"], "garbage");
    send(
        &mut d,
        json!({"Action": "SEND_MESSAGE", "Content": "error"}),
    )
    .await;
    assert_eq!(next_frame(&mut d).await["ErrorCode"], 406);
    send(
        &mut m,
        json!({"Action": "SEND_MESSAGE", "Content": "anyone?"}),
    )
    .await;
    assert_eq!(next_frame(&mut m).await["ErrorCode"], 406);
    // a rewrite past the room maximum is an invalid answer (user guide, "Campos de
    // resposta"): the fallback ALLOW delivers the original, and it counts as a validation error
    send(&mut a, json!({"Action": "SEND_MESSAGE", "Content": "long"})).await;
    let message = next_frame(&mut a).await;
    assert_eq!(
        (message["Type"].as_str(), message["Content"].as_str()),
        (Some("MESSAGE"), Some("long"))
    );

    assert_eq!(
        metric(&service, &format!("InvocationErrors{{uri=\"{url}\"}}")).await,
        1.0,
        "the timeout"
    );
    assert_eq!(
        metric(
            &service,
            &format!("ResponseValidationErrors{{uri=\"{url}\"}}")
        )
        .await,
        2.0,
        "the garbage and the rewrite too long for the room"
    );
    assert_eq!(
        metric(&service, &format!("InvocationErrors{{uri=\"{LAMBDA}\"}}")).await,
        2.0,
        "timeout and 500"
    );
    assert_eq!(
        metric(&service, &format!("InvocationErrors{{uri=\"{MISSING}\"}}")).await,
        1.0
    );
    service.shutdown().await;
}

#[tokio::test]
async fn rooms_logging_configurations_and_tags_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: Some(dir.path().to_path_buf()),
        ..Config::default()
    };
    let service = start(config.clone()).await;
    let (_, logging) = call(
        &service,
        "CreateLoggingConfiguration",
        json!({"destinationConfiguration": {"s3": {"bucketName": "archive"}}}),
    )
    .await;
    let room = create_room(
        &service,
        json!({"name": "kept", "tags": {"env": "dev"}, "loggingConfigurationIdentifiers": [logging["arn"]]}),
    )
    .await;
    let (_, before) = call(&service, "GetRoom", json!({"identifier": room["arn"]})).await;
    service.shutdown().await;
    assert!(dir.path().join("state.sqlite3").exists());

    let service = start(config).await;
    let (status, after) = call(&service, "GetRoom", json!({"identifier": room["arn"]})).await;
    assert_eq!(status, 200);
    assert_eq!(after, before);
    let (_, listed) = call(&service, "ListLoggingConfigurations", json!({})).await;
    assert_eq!(listed["loggingConfigurations"][0]["arn"], logging["arn"]);
    // and the room works after the restart
    let mut ws = join(
        &service,
        room["arn"].as_str().unwrap(),
        "u",
        &["SEND_MESSAGE"],
    )
    .await;
    send(
        &mut ws,
        json!({"Action": "SEND_MESSAGE", "Content": "after restart"}),
    )
    .await;
    assert_eq!(next_frame(&mut ws).await["Content"], "after restart");
    service.shutdown().await;
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut found = vec![];
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn records(text: &str) -> Vec<ChatLogRecord> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[tokio::test]
async fn chat_logs_land_in_all_three_destinations_in_the_guide_format() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: Some(dir.path().to_path_buf()),
        log_flush: Duration::from_millis(200),
        ..Config::default()
    };
    let service = start(config).await;
    let mut arns = vec![];
    for destination in [
        json!({"s3": {"bucketName": "chat-archive"}}),
        json!({"cloudWatchLogs": {"logGroupName": "/ivs/chat"}}),
        json!({"firehose": {"deliveryStreamName": "chat-stream"}}),
    ] {
        let (status, output) = call(
            &service,
            "CreateLoggingConfiguration",
            json!({"destinationConfiguration": destination}),
        )
        .await;
        assert_eq!(status, 200, "{output}");
        arns.push(output["arn"].clone());
    }
    let room = create_room(&service, json!({"loggingConfigurationIdentifiers": arns})).await;
    let room_id = room["id"].as_str().unwrap();
    let mut ws = join(
        &service,
        room["arn"].as_str().unwrap(),
        "alice",
        &["SEND_MESSAGE"],
    )
    .await;
    send(
        &mut ws,
        json!({"Action": "SEND_MESSAGE", "Content": "log me"}),
    )
    .await;
    let message = next_frame(&mut ws).await;
    call(
        &service,
        "SendEvent",
        json!({"roomIdentifier": room["arn"], "eventName": "app:logged"}),
    )
    .await;
    let event = next_frame(&mut ws).await;

    let cloudwatch = dir.path().join(format!(
        "cloudwatch/ivs/chat/aws/IVSChatLogs/1.0/room_{room_id}.log"
    ));
    let firehose = dir.path().join("firehose/chat-stream.log");
    let deadline = tokio::time::Instant::now() + WAIT;
    while !(cloudwatch.exists() && firehose.exists()) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "logs were not flushed within the flush interval"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    service.flush_logs().await;
    for path in [&cloudwatch, &firehose] {
        let lines = records(&std::fs::read_to_string(path).unwrap());
        assert_eq!(lines.len(), 2, "{path:?}");
        assert_eq!(lines[0].record_type, RecordType::Message);
        assert_eq!(lines[0].version, "1.0");
        assert_eq!(lines[0].payload, message);
        assert_eq!(lines[1].record_type, RecordType::Event);
        assert_eq!(lines[1].payload, event);
    }
    let objects = files_under(&dir.path().join("s3/chat-archive"));
    assert!(!objects.is_empty());
    let mut s3_records = vec![];
    for object in &objects {
        let relative = object
            .strip_prefix(dir.path().join("s3/chat-archive"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let parts: Vec<&str> = relative.split('/').collect();
        assert_eq!(
            &parts[..6],
            [
                "AWSLogs",
                "123456789012",
                "IVSChatLogs",
                "1.0",
                "us-west-2",
                &format!("room_{room_id}")
            ],
            "{relative}"
        );
        let name = parts[10];
        let prefix = format!(
            "123456789012_IVSChatLogs_1.0_us-west-2_room_{room_id}_{}{}{}T{}",
            parts[6], parts[7], parts[8], parts[9]
        );
        assert!(
            name.starts_with(&prefix) && name.ends_with(".log.gz"),
            "{name}"
        );
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(object).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        s3_records.extend(records(&text));
    }
    assert_eq!(
        s3_records
            .iter()
            .map(|r| r.payload.clone())
            .collect::<Vec<Value>>(),
        [message, event]
    );
    assert_eq!(
        metric(
            &service,
            &format!("LogDestinationErrors{{logging_configuration={}}}", arns[0])
        )
        .await,
        0.0
    );

    // a destination that cannot be written is counted, not fatal
    std::fs::remove_file(&firehose).unwrap();
    std::fs::remove_dir(dir.path().join("firehose")).unwrap();
    std::fs::write(dir.path().join("firehose"), "in the way").unwrap();
    send(
        &mut ws,
        json!({"Action": "SEND_MESSAGE", "Content": "again"}),
    )
    .await;
    next_frame(&mut ws).await;
    service.flush_logs().await;
    assert_eq!(
        metric(
            &service,
            &format!("LogDestinationErrors{{logging_configuration={}}}", arns[2])
        )
        .await,
        1.0
    );
    assert_eq!(
        records(&std::fs::read_to_string(&cloudwatch).unwrap()).len(),
        3
    );
    service.shutdown().await;
}

#[tokio::test]
async fn metrics_follow_connections_requests_and_deliveries() {
    let service = start_default().await;
    let room = create_room(&service, json!({})).await;
    let arn = room["arn"].as_str().unwrap();
    assert_eq!(metric(&service, "ConcurrentChatConnections").await, 0.0);
    let mut a = join(&service, arn, "a", &["SEND_MESSAGE", "DELETE_MESSAGE"]).await;
    let mut b = join(&service, arn, "b", &[]).await;
    assert_eq!(metric(&service, "ConcurrentChatConnections").await, 2.0);
    send(&mut a, json!({"Action": "SEND_MESSAGE", "Content": "m"})).await;
    next_frame(&mut a).await;
    next_frame(&mut b).await;
    send(
        &mut a,
        json!({"Action": "DELETE_MESSAGE", "Id": "R1BLTDN84zEO"}),
    )
    .await;
    next_frame(&mut a).await;
    send(
        &mut b,
        json!({"Action": "SEND_MESSAGE", "Content": "no capability"}),
    )
    .await;
    next_frame(&mut b).await;
    assert_eq!(metric(&service, "MessagingRequests").await, 3.0);
    assert_eq!(metric(&service, "MessagingDeliveries").await, 4.0);
    assert_eq!(
        metric(&service, "Requests{action=\"SEND_MESSAGE\"}").await,
        1.0
    );
    assert_eq!(
        metric(&service, "Requests{action=\"DELETE_MESSAGE\"}").await,
        1.0
    );
    assert_eq!(
        metric(&service, "Deliveries{action=\"SEND_MESSAGE\"}").await,
        2.0
    );
    assert_eq!(
        metric(&service, "Deliveries{action=\"DELETE_MESSAGE\"}").await,
        2.0
    );
    drop(b);
    let deadline = tokio::time::Instant::now() + WAIT;
    while metric(&service, "ConcurrentChatConnections").await != 1.0 {
        assert!(tokio::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let health = reqwest::get(format!("{}/health", service.http_endpoint()))
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let unknown = reqwest::Client::new()
        .post(format!("{}/Nope", service.http_endpoint()))
        .send()
        .await
        .unwrap();
    // The model's ValidationExceptionReason has UNKNOWN_OPERATION for this case.
    assert_eq!(unknown.status().as_u16(), 400);
    assert_eq!(
        unknown.headers().get("x-amzn-ErrorType").unwrap(),
        "ValidationException"
    );
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["reason"], "UNKNOWN_OPERATION");
    service.shutdown().await;
}
