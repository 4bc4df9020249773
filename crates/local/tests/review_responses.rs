//! The review handler's answer is checked against the user guide's "Campos de resposta"
//! (message review handler section): an answer that breaks them is invalid, counted as
//! `ResponseValidationErrors`, and the room's `fallbackResult` decides. The sender sees the
//! fallback's outcome, never an error of its own about the handler.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::response::{IntoResponse, Response};
use common::*;
use ivs_chat_protocol::review::ReviewRequest;
use serde_json::{Value, json};

/// The handler answers what the message asks for: its content names the answer.
async fn handler(Json(request): Json<ReviewRequest>) -> Response {
    let answers: BTreeMap<&str, Value> = BTreeMap::from([
        (
            "valid-allow",
            json!({"ReviewResult": "ALLOW", "Content": "rewritten"}),
        ),
        (
            "valid-deny",
            json!({"ReviewResult": "DENY", "Content": "valid-deny"}),
        ),
        (
            "deny-with-reason",
            json!({"ReviewResult": "DENY", "Content": "deny-with-reason", "Attributes": {"Reason": "not here"}}),
        ),
        // The length limits apply to ALLOW only: an empty or over-long DENY content is valid.
        (
            "deny-empty-content",
            json!({"ReviewResult": "DENY", "Content": ""}),
        ),
        (
            "deny-long-content",
            json!({"ReviewResult": "DENY", "Content": "y".repeat(31)}),
        ),
        // `Content` is required whatever the result ("Obrigatório: Sim").
        (
            "deny-without-content",
            json!({"ReviewResult": "DENY", "Attributes": {"Reason": "no content"}}),
        ),
        ("no-result", json!({"Content": "x"})),
        (
            "unknown-result",
            json!({"ReviewResult": "MAYBE", "Content": "x"}),
        ),
        (
            "lower-case-result",
            json!({"ReviewResult": "allow", "Content": "x"}),
        ),
        ("allow-without-content", json!({"ReviewResult": "ALLOW"})),
        (
            "allow-null-content",
            json!({"ReviewResult": "ALLOW", "Content": null}),
        ),
        (
            "allow-empty-content",
            json!({"ReviewResult": "ALLOW", "Content": ""}),
        ),
        (
            "allow-too-long",
            json!({"ReviewResult": "ALLOW", "Content": "y".repeat(31)}),
        ),
        (
            "allow-big-attributes",
            json!({"ReviewResult": "ALLOW", "Content": "x", "Attributes": {"k": "v".repeat(1024)}}),
        ),
        (
            "deny-big-attributes",
            json!({"ReviewResult": "DENY", "Content": "x", "Attributes": {"Reason": "r".repeat(1024)}}),
        ),
        (
            "allow-number-attribute",
            json!({"ReviewResult": "ALLOW", "Content": "x", "Attributes": {"k": 1}}),
        ),
    ]);
    Json(
        answers
            .get(request.content.as_str())
            .cloned()
            .unwrap_or(Value::Null),
    )
    .into_response()
}

/// The answers that break the guide's response fields.
const INVALID: [&str; 11] = [
    "no-result",
    "deny-without-content",
    "unknown-result",
    "lower-case-result",
    "allow-without-content",
    "allow-null-content",
    "allow-empty-content",
    "allow-too-long",
    "allow-big-attributes",
    "deny-big-attributes",
    "allow-number-attribute",
];

#[tokio::test]
async fn invalid_answers_fall_back_and_are_counted() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let app = axum::Router::new().route("/", axum::routing::post(handler));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let service = start_default().await;
    // The rooms take 30 code points: every message's own text fits, the 31 of the
    // "allow-too-long" rewrite do not.
    let room = |fallback: &str| json!({"maximumMessageLength": 30, "maximumMessageRatePerSecond": 100, "messageReviewHandler": {"uri": url, "fallbackResult": fallback}});
    let allow_room = create_room(&service, room("ALLOW")).await;
    let deny_room = create_room(&service, room("DENY")).await;
    let mut allow = join(
        &service,
        allow_room["arn"].as_str().unwrap(),
        "alice",
        &["SEND_MESSAGE"],
    )
    .await;
    let mut deny = join(
        &service,
        deny_room["arn"].as_str().unwrap(),
        "dave",
        &["SEND_MESSAGE"],
    )
    .await;
    // Valid answers are obeyed in either room.
    for ws in [&mut allow, &mut deny] {
        send(
            ws,
            json!({"Action": "SEND_MESSAGE", "RequestId": "v1", "Content": "valid-allow"}),
        )
        .await;
        let frame = next_frame(ws).await;
        assert_eq!(
            (frame["Type"].as_str(), frame["Content"].as_str()),
            (Some("MESSAGE"), Some("rewritten"))
        );
        send(
            ws,
            json!({"Action": "SEND_MESSAGE", "RequestId": "v2", "Content": "valid-deny"}),
        )
        .await;
        let frame = next_frame(ws).await;
        assert_eq!(
            (frame["ErrorCode"].as_u64(), frame["RequestId"].as_str()),
            (Some(406), Some("v2"))
        );
        send(
            ws,
            json!({"Action": "SEND_MESSAGE", "RequestId": "v3", "Content": "deny-with-reason"}),
        )
        .await;
        assert_eq!(next_frame(ws).await["ErrorMessage"], "not here");
        for (n, answer) in ["deny-empty-content", "deny-long-content"]
            .iter()
            .enumerate()
        {
            let request_id = format!("v{}", n + 4);
            send(
                ws,
                json!({"Action": "SEND_MESSAGE", "RequestId": request_id, "Content": answer}),
            )
            .await;
            let frame = next_frame(ws).await;
            assert_eq!(
                (frame["ErrorCode"].as_u64(), frame["RequestId"].as_str()),
                (Some(406), Some(request_id.as_str())),
                "{answer}"
            );
        }
    }

    for (index, answer) in INVALID.iter().enumerate() {
        // Under the 10 requests per second each connection may make.
        tokio::time::sleep(Duration::from_millis(120)).await;
        let request_id = format!("i{index}");
        // Fallback ALLOW: the original content and attributes, as the sender wrote them.
        send(
            &mut allow,
            json!({"Action": "SEND_MESSAGE", "RequestId": request_id, "Content": answer, "Attributes": {"mine": "kept"}}),
        )
        .await;
        let frame = next_frame(&mut allow).await;
        assert_eq!(
            (
                frame["Type"].as_str(),
                frame["Content"].as_str(),
                frame["Attributes"]["mine"].as_str(),
                frame["RequestId"].as_str()
            ),
            (
                Some("MESSAGE"),
                Some(*answer),
                Some("kept"),
                Some(request_id.as_str())
            ),
            "{answer} under fallback ALLOW"
        );
        // Fallback DENY: the 406 of a denied message, nothing about the handler's answer.
        send(
            &mut deny,
            json!({"Action": "SEND_MESSAGE", "RequestId": request_id, "Content": answer}),
        )
        .await;
        let frame = next_frame(&mut deny).await;
        assert_eq!(
            (frame["Type"].as_str(), frame["ErrorCode"].as_u64()),
            (Some("ERROR"), Some(406)),
            "{answer} under fallback DENY: {frame}"
        );
    }
    assert_eq!(
        metric(
            &service,
            &format!("ResponseValidationErrors{{uri=\"{url}\"}}")
        )
        .await,
        (INVALID.len() * 2) as f64
    );
    assert_eq!(
        metric(&service, &format!("InvocationErrors{{uri=\"{url}\"}}")).await,
        0.0
    );
    service.shutdown().await;
}
