//! Control-plane JSON bodies, fuzzed: arbitrary and mutated bodies to every operation of a
//! running `ivs-chat-local` never produce a 5xx or a crash, and every refusal has the
//! modelled error shape (reference §2.2): an `x-amzn-ErrorType` header and a JSON body with
//! string `__type` and `message`.

use std::sync::OnceLock;

use chatdeck_faults::fuzz::{cases, hostile_text, json_value, object_with};
use chatdeck_faults::local::InProcess;
use ivs_chat_protocol::control::Operation;
use proptest::prelude::*;
use serde_json::{Value, json};

struct Harness {
    runtime: tokio::runtime::Runtime,
    service: InProcess,
    http: reqwest::Client,
    /// Values that reach past validation: a live room, a live logging configuration.
    known: Vec<Value>,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("runtime: {error}"));
        let (service, known) = runtime.block_on(async {
            let service = InProcess::start(ivs_chat_local::Config::default())
                .await
                .unwrap_or_else(|error| panic!("service: {error}"));
            let control = service.control();
            let room = control
                .create_room(&json!({"name": "fuzzed"}))
                .await
                .unwrap_or_else(|error| panic!("room: {error}"));
            let (_, logging) = control
                .call(
                    "CreateLoggingConfiguration",
                    &json!({"destinationConfiguration": {"s3": {"bucketName": "fuzz-bucket"}}}),
                )
                .await
                .unwrap_or_else(|error| panic!("logging: {error}"));
            let room_id = room.rsplit('/').next().unwrap_or_default().to_owned();
            let known = vec![
                Value::String(room.clone()),
                Value::String(room_id),
                logging["arn"].clone(),
                json!("arn:aws:ivschat:us-west-2:123456789012:room/AAAAAAAAAAAA"),
                json!(["SEND_MESSAGE", "DELETE_MESSAGE"]),
                json!({"s3": {"bucketName": "b"}}),
                json!({"cloudWatchLogs": {"logGroupName": "g"}, "firehose": {"deliveryStreamName": "f"}}),
                json!({"uri": "http://127.0.0.1:1/", "fallbackResult": "DENY"}),
                json!({"k": "v"}),
                json!([logging["arn"].clone()]),
                json!("AAAAAAAAAAAA"),
                json!(0), json!(1), json!(-1), json!(100), json!(101), json!(500), json!(501),
                json!(1440), json!(1.5), json!(u64::MAX), json!(""), json!("x"),
            ];
            (service, known)
        });
        Harness {
            runtime,
            service,
            http: reqwest::Client::new(),
            known,
        }
    })
}

/// Every field name of the control plane's inputs.
const FIELDS: &[&str] = &[
    "name",
    "identifier",
    "roomIdentifier",
    "userId",
    "capabilities",
    "sessionDurationInMinutes",
    "attributes",
    "maximumMessageLength",
    "maximumMessageRatePerSecond",
    "messageReviewHandler",
    "tags",
    "loggingConfigurationIdentifiers",
    "destinationConfiguration",
    "eventName",
    "id",
    "reason",
    "maxResults",
    "nextToken",
    "messageReviewHandlerUri",
    "loggingConfigurationIdentifier",
    "tagKeys",
];

/// A body: a plausible object, any JSON, or bytes that are not JSON at all.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let known = harness().known.clone();
    prop_oneof![
        4 => object_with(FIELDS.to_vec(), known).prop_map(|value| value.to_string().into_bytes()),
        1 => json_value().prop_map(|value| value.to_string().into_bytes()),
        1 => hostile_text(40).prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..64),
    ]
}

/// A request target: every operation, and the tags resource in its three methods.
fn target() -> impl Strategy<Value = (reqwest::Method, String)> {
    let operations: Vec<(reqwest::Method, String)> = Operation::ALL
        .iter()
        .map(|operation| (reqwest::Method::POST, format!("/{}", operation.name())))
        .collect();
    let room = harness().known[0].as_str().unwrap_or_default().to_owned();
    let label = room.replace(':', "%3A").replace('/', "%2F");
    let tags = vec![
        (reqwest::Method::GET, format!("/tags/{label}")),
        (reqwest::Method::POST, format!("/tags/{label}")),
        (
            reqwest::Method::DELETE,
            format!("/tags/{label}?tagKeys=k&tagKeys=%ZZ"),
        ),
        (reqwest::Method::POST, "/tags/not-an-arn".to_owned()),
        (reqwest::Method::POST, "/create_chat_token".to_owned()),
    ];
    proptest::sample::select([operations, tags].concat())
}

async fn call(method: reqwest::Method, path: String, body: Vec<u8>) -> Result<(), String> {
    let harness = harness();
    let response = harness
        .http
        .request(
            method.clone(),
            format!("http://{}{path}", harness.service.addr()),
        )
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .map_err(|error| format!("{method} {path}: the service did not answer: {error}"))?;
    let status = response.status().as_u16();
    let error_type = response
        .headers()
        .get("x-amzn-ErrorType")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.map_err(|error| error.to_string())?;
    let shown = String::from_utf8_lossy(&body);
    if status >= 500 {
        return Err(format!("{method} {path} {shown:?} → {status}: {text}"));
    }
    if status >= 400 {
        let parsed: Value = serde_json::from_str(&text).map_err(|_| {
            format!("{method} {path} {shown:?} → {status} with a body that is not JSON: {text}")
        })?;
        let modelled = parsed["__type"].as_str().is_some() && parsed["message"].as_str().is_some();
        if !modelled || error_type.is_none() {
            return Err(format!(
                "{method} {path} {shown:?} → {status} without the modelled error shape: {text} (x-amzn-ErrorType {error_type:?})"
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn every_operation_answers_hostile_bodies_with_a_modelled_error(
        (method, path) in target(),
        body in body(),
    ) {
        if let Err(error) = harness().runtime.block_on(call(method, path, body)) {
            return Err(TestCaseError::fail(error));
        }
    }
}

/// After the fuzzing above (or alone), the service still serves: health and a list.
#[test]
fn the_service_is_healthy_after_hostile_bodies() {
    let harness = harness();
    harness.runtime.block_on(async {
        for path in [
            "/CreateRoom",
            "/UpdateRoom",
            "/CreateLoggingConfiguration",
            "/SendEvent",
        ] {
            for body in [
                &b"{"[..],
                b"[]",
                b"null",
                b"\"x\"",
                b"{\"name\":{}}",
                &[0xff, 0xfe][..],
            ] {
                call(reqwest::Method::POST, path.to_owned(), body.to_vec())
                    .await
                    .unwrap_or_else(|error| panic!("{error}"));
            }
        }
        let (status, rooms) = harness
            .service
            .control()
            .call("ListRooms", &json!({}))
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(status, 200, "{rooms}");
    });
}
