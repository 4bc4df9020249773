//! The control plane's call-rate quotas (reference §2.8) when enforced: calls over an
//! operation's rate are refused with ThrottlingException, each operation has its own bucket,
//! the official SDK recognises the error as throttling and retries through it, and without
//! `api_rate_limits` nothing is throttled.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use aws_sdk_ivschat::Client;
use aws_sdk_ivschat::config::{BehaviorVersion, Region, retry::RetryConfig};
use common::*;
use futures_util::future::join_all;
use ivs_chat_local::{Config, Service};
use serde_json::{Value, json};

fn enforcing() -> Config {
    Config {
        api_rate_limits: true,
        ..Config::default()
    }
}

/// `count` calls of `operation` at once: each answer's status, `x-amzn-ErrorType` and body,
/// and how long the burst took.
async fn burst(
    service: &Service,
    operation: &str,
    body: Value,
    count: usize,
) -> (Vec<(u16, String, Value)>, Duration) {
    let http = reqwest::Client::new();
    let started = Instant::now();
    let calls = (0..count).map(|_| {
        let request = http
            .post(format!("{}/{operation}", service.http_endpoint()))
            .json(&body)
            .timeout(WAIT);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let error_type = response
                .headers()
                .get("x-amzn-ErrorType")
                .map(|value| value.to_str().unwrap().to_owned())
                .unwrap_or_default();
            let text = response.text().await.unwrap();
            (
                status,
                error_type,
                serde_json::from_str(&text).unwrap_or(Value::Null),
            )
        }
    });
    let answers = join_all(calls).await;
    (answers, started.elapsed())
}

/// At most the bucket (`rate` calls) plus what it refilled over `elapsed` may succeed.
fn most_admitted(rate: u32, elapsed: Duration) -> usize {
    (f64::from(rate) * (1.0 + elapsed.as_secs_f64())).ceil() as usize + 1
}

#[tokio::test]
async fn calls_over_an_operations_rate_are_throttled_and_the_others_still_pass() {
    let service = start(enforcing()).await;
    let room = create_room(&service, json!({})).await;
    let room_id = room["id"].as_str().unwrap();

    // SendEvent: 100 calls per second. 300 at once: the bucket's 100 pass, most of the rest
    // are refused, each refusal the modelled ThrottlingException naming the room and the limit.
    let (answers, elapsed) = burst(
        &service,
        "SendEvent",
        json!({"roomIdentifier": room["arn"], "eventName": "app:burst"}),
        300,
    )
    .await;
    let admitted = answers.iter().filter(|(status, ..)| *status == 200).count();
    let throttled: Vec<_> = answers
        .iter()
        .filter(|(status, ..)| *status == 429)
        .collect();
    assert_eq!(admitted + throttled.len(), answers.len(), "{answers:?}");
    assert!(
        admitted >= 100,
        "the full bucket admits 100 at once, got {admitted}"
    );
    assert!(
        admitted <= most_admitted(100, elapsed),
        "{admitted} admitted in {elapsed:?}"
    );
    for (_, error_type, body) in &throttled {
        assert_eq!(error_type, "ThrottlingException");
        assert_eq!(body["__type"], "ThrottlingException", "{body}");
        assert_eq!(body["resourceId"], room_id, "{body}");
        assert_eq!(body["resourceType"], "ROOM", "{body}");
        assert_eq!(body["limit"], 100, "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("SendEvent"),
            "{body}"
        );
    }

    // ListLoggingConfigurations: 3 per second, the generic throttling error (message only).
    let (answers, elapsed) = burst(&service, "ListLoggingConfigurations", json!({}), 20).await;
    let admitted = answers.iter().filter(|(status, ..)| *status == 200).count();
    assert!(
        admitted >= 3 && admitted <= most_admitted(3, elapsed),
        "{answers:?}"
    );
    for (status, error_type, body) in &answers {
        if *status != 200 {
            assert_eq!((*status, error_type.as_str()), (429, "ThrottlingException"));
            assert!(body.get("resourceId").is_none(), "{body}");
        }
    }

    // GetRoom has its own bucket, untouched by the bursts above.
    let (status, got) = call(&service, "GetRoom", json!({"identifier": room["arn"]})).await;
    assert_eq!(status, 200, "{got}");
    service.shutdown().await;
}

#[tokio::test]
async fn without_the_quotas_nothing_is_throttled() {
    let service = start_default().await;
    let (answers, _) = burst(&service, "ListRooms", json!({}), 40).await;
    assert!(
        answers.iter().all(|(status, ..)| *status == 200),
        "{answers:?}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn the_official_sdk_recognises_the_throttling_and_retries_through_it() {
    let service = start(enforcing()).await;
    // The SDK retries only errors it classifies as throttling or transient; a 429 it did not
    // recognise would surface as a failure here. Ten attempts, as an application expecting
    // bursts configures it.
    let config = aws_sdk_ivschat::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(aws_credential_types::Credentials::new(
            "AKIDLOCAL",
            "local",
            None,
            None,
            "throttling",
        ))
        .endpoint_url(service.http_endpoint())
        .retry_config(RetryConfig::standard().with_max_attempts(10))
        .build();
    let client = Client::from_conf(config);
    // CreateRoom: 5 per second; twelve in a row outrun the bucket.
    for n in 0..12 {
        client
            .create_room()
            .name(format!("room-{n}"))
            .send()
            .await
            .unwrap_or_else(|error| panic!("room {n}: {error:?}"));
    }
    let rooms = client.list_rooms().max_results(50).send().await.unwrap();
    assert_eq!(rooms.rooms().len(), 12);
    service.shutdown().await;
}
