//! Request parsing in the service, fuzzed: `Request::parse` never panics, valid requests
//! round-trip, and a running `ivs-chat-local` answers every text or binary frame from a
//! real socket with exactly what the protocol allows (an ERROR of a modelled code, or the
//! MESSAGE / EVENT it caused), never silence, never a 5xx, never a dead service.

use std::sync::OnceLock;
use std::time::Duration;

use chatdeck_faults::fuzz::{cases, hostile_frame_text, mutated_request, request};
use chatdeck_faults::local::InProcess;
use futures_util::{SinkExt, StreamExt};
use ivs_chat_protocol::messaging::{Frame, Incoming, Request};
use proptest::prelude::*;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

/// Codes the messaging API defines (reference §1.7), minus 500: a hostile frame must never
/// be an internal error.
const ALLOWED_CODES: [u16; 7] = [400, 401, 403, 404, 406, 413, 429];

struct Harness {
    runtime: tokio::runtime::Runtime,
    service: InProcess,
    room_arn: String,
}

/// One service for every case of this file (cases are many and small).
fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("runtime: {error}"));
        let (service, room_arn) = runtime.block_on(async {
            let service = InProcess::start(ivs_chat_local::Config::default())
                .await
                .unwrap_or_else(|error| panic!("service: {error}"));
            let room_arn = service
                .control()
                .create_room(&json!({"maximumMessageRatePerSecond": 100}))
                .await
                .unwrap_or_else(|error| panic!("room: {error}"));
            (service, room_arn)
        });
        Harness {
            runtime,
            service,
            room_arn,
        }
    })
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(harness: &Harness, user: &str) -> Result<Socket, String> {
    let (status, body) = harness
        .service
        .control()
        .call(
            "CreateChatToken",
            &json!({"roomIdentifier": harness.room_arn, "userId": user,
                    "capabilities": ["SEND_MESSAGE", "DELETE_MESSAGE", "DISCONNECT_USER"]}),
        )
        .await
        .map_err(|error| error.to_string())?;
    let token = body["token"]
        .as_str()
        .ok_or(format!("token: {status} {body}"))?;
    let mut request = format!("ws://{}", harness.service.addr())
        .into_client_request()
        .map_err(|error| error.to_string())?;
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(token).map_err(|error| error.to_string())?,
    );
    let (socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|error| error.to_string())?;
    Ok(socket)
}

/// The first application frame the service answers with, or a description of what came
/// instead.
async fn answer(socket: &mut Socket) -> Result<Frame, String> {
    let next = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => return Ok(text.as_str().to_owned()),
                Some(Ok(Message::Close(frame))) => return Err(format!("closed: {frame:?}")),
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(format!("socket error: {error}")),
                None => return Err("the socket ended".to_owned()),
            }
        }
    })
    .await
    .map_err(|_| "no answer within 5 s".to_owned())??;
    match Frame::parse(&next) {
        Ok(Incoming::Frame(frame)) => Ok(frame),
        other => Err(format!(
            "the service sent something unreadable: {next} ({other:?})"
        )),
    }
}

fn check_answer(frame: &Frame, sent_request_id: Option<&str>) -> Result<(), String> {
    match frame {
        Frame::Error(error) => {
            if !ALLOWED_CODES.contains(&error.error_code.as_u16()) {
                return Err(format!(
                    "ERROR {} is not a modelled code",
                    error.error_code.as_u16()
                ));
            }
            if error.error_message.is_empty() {
                return Err("an ERROR without words".into());
            }
        }
        Frame::Message(_) | Frame::Event(_) => {}
    }
    // reference §1.6: a parseable RequestId is echoed, whatever the outcome.
    if let Some(sent) = sent_request_id.filter(|id| !id.is_empty())
        && frame.request_id() != Some(sent)
        && !matches!(frame, Frame::Error(error) if error.error_code.as_u16() == 413)
    {
        return Err(format!("RequestId {sent:?} not echoed: {frame:?}"));
    }
    Ok(())
}

/// The RequestId the service can read from `text`, when it is an object with a string one.
fn readable_request_id(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    object
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("RequestId"))
        .and_then(|(_, value)| value.as_str().map(str::to_owned))
}

async fn exchange(text: String, binary: bool) -> Result<(), String> {
    let harness = harness();
    let mut socket = open(harness, "fuzzer").await?;
    let message = if binary {
        Message::binary(text.clone().into_bytes())
    } else {
        Message::text(text.clone())
    };
    socket
        .send(message)
        .await
        .map_err(|error| error.to_string())?;
    let frame = answer(&mut socket)
        .await
        .map_err(|error| format!("{text:?}: {error}"))?;
    let request_id = if binary {
        None
    } else {
        readable_request_id(&text)
    };
    check_answer(&frame, request_id.as_deref()).map_err(|error| format!("{text:?}: {error}"))?;
    // Whatever came before, the service still serves this socket's valid requests, unless
    // the hostile frame was a kick of this very user.
    let kicked_self =
        matches!(&frame, Frame::Event(event) if event.event_name == "aws:DISCONNECT_USER");
    if !kicked_self {
        let probe = r#"{"Action":"SEND_MESSAGE","RequestId":"probe","Content":"still here"}"#;
        socket
            .send(Message::text(probe))
            .await
            .map_err(|error| error.to_string())?;
        loop {
            let frame = answer(&mut socket)
                .await
                .map_err(|error| format!("after {text:?}: {error}"))?;
            if frame.request_id() == Some("probe") {
                match frame {
                    Frame::Message(_) => break,
                    // The per-connection rate may legitimately refuse the probe.
                    Frame::Error(error) if error.error_code.as_u16() == 429 => break,
                    other => return Err(format!("after {text:?}, the probe got {other:?}")),
                }
            }
        }
    }
    let _ = socket.close(None).await;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn request_parse_never_panics(text in hostile_frame_text(mutated_request().boxed())) {
        let _ = Request::parse(&text);
    }

    #[test]
    fn valid_requests_round_trip(request in request()) {
        prop_assert_eq!(Request::parse(&request.to_json()), Ok(request));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    #[test]
    fn the_service_answers_every_frame_over_a_real_socket(
        text in hostile_frame_text(mutated_request().boxed()),
        binary in proptest::bool::weighted(0.1),
    ) {
        if let Err(error) = harness().runtime.block_on(exchange(text, binary)) {
            return Err(TestCaseError::fail(error));
        }
    }
}

/// Oversized frames: past 16 KiB an ERROR 413, past 1 MiB the socket is closed (1009); the
/// service serves on either way.
#[test]
fn oversized_frames_are_refused_not_fatal() {
    let harness = harness();
    harness.runtime.block_on(async {
        let content = "x".repeat(20 * 1024);
        let text =
            format!(r#"{{"Action":"SEND_MESSAGE","RequestId":"big","Content":"{content}"}}"#);
        exchange(text, false)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let mut socket = open(harness, "huge")
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let huge = "y".repeat(2 * 1024 * 1024);
        // The send itself may fail once the service closes the socket mid-frame.
        let _ = socket.send(Message::text(huge)).await;
        let outcome = answer(&mut socket).await;
        assert!(outcome.is_err(), "a 2 MiB frame was answered: {outcome:?}");
        exchange(
            r#"{"Action":"SEND_MESSAGE","Content":"after"}"#.into(),
            false,
        )
        .await
        .unwrap_or_else(|error| panic!("the service stopped serving: {error}"));
    });
}
