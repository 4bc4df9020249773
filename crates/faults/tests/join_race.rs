//! A client is connected once it has its 101 (reference §1.2): every frame fanned out after
//! that instant must reach it. Regression for the service joining the room only once the
//! upgraded socket was being served, which lost frames sent in between (seen as lost
//! "before" messages by the fault scenarios when the machine was busy).

use std::time::Duration;

use chatdeck_faults::local::InProcess;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(service: &InProcess, room: &str, user: &str) -> Socket {
    let (_, token) = service
        .control()
        .call(
            "CreateChatToken",
            &json!({"roomIdentifier": room, "userId": user, "capabilities": ["SEND_MESSAGE"]}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut request = format!("ws://{}", service.addr())
        .into_client_request()
        .unwrap_or_else(|e| panic!("{e}"));
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(token["token"].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}")),
    );
    tokio_tungstenite::connect_async(request)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_receives_every_frame_fanned_out_after_its_handshake() {
    let service = InProcess::start(ivs_chat_local::Config::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let room = service
        .control()
        .create_room(&json!({"maximumMessageRatePerSecond": 100}))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut sender = open(&service, &room, "sender").await;
    for round in 0..60 {
        // Within the service's 10 requests/s per connection.
        tokio::time::sleep(Duration::from_millis(110)).await;
        // The sender's frame goes out the instant the newcomer's handshake completes.
        let mut newcomer = open(&service, &room, "newcomer").await;
        let text = format!("round {round}");
        sender
            .send(Message::text(
                json!({"Action": "SEND_MESSAGE", "Content": text}).to_string(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let got = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(Ok(message)) = newcomer.next().await {
                if let Message::Text(frame) = message
                    && frame.as_str().contains(&text)
                {
                    return true;
                }
            }
            false
        })
        .await;
        assert_eq!(
            got,
            Ok(true),
            "round {round}: the newcomer missed a message sent after its 101"
        );
        // The sender's own copy, so the next round starts clean.
        while let Ok(Some(Ok(message))) =
            tokio::time::timeout(Duration::from_secs(5), sender.next()).await
        {
            if matches!(&message, Message::Text(frame) if frame.as_str().contains(&text)) {
                break;
            }
        }
        let _ = newcomer.close(None).await;
    }
}
