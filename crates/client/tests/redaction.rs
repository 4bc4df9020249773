//! Tokens and secrets never reach the logs or `Debug` output, whatever happens to a room.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ivs_chat_client::token::{HttpTokenProvider, TokenProvider};
use ivs_chat_client::{Config, ConnectionState, Endpoint, Jitter, Room, Secret, Update};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "tok-SECRET-4f9a2c";
const BEARER: &str = "bearer-SECRET-77e1";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Answers every connection with `response` after reading the request head.
async fn serve(response: String) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let mut read = 0;
                while let Ok(n) = stream.read(&mut buffer[read..]).await {
                    read += n;
                    let text = String::from_utf8_lossy(&buffer[..read]);
                    if n == 0
                        || text.contains("\r\n\r\n")
                            && (text.starts_with("GET") || text.ends_with('}'))
                    {
                        break;
                    }
                }
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    address
}

#[tokio::test(flavor = "current_thread")]
async fn no_token_or_bearer_in_logs_or_debug() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let body = format!(
        r#"{{"token":"{TOKEN}","tokenExpirationTime":"2099-01-01T00:00:00.000Z","sessionExpirationTime":"2099-01-01T00:00:00.000Z"}}"#
    );
    let token_server = serve(format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    ))
    .await;
    let chat_server =
        serve("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".into())
            .await;

    let provider = HttpTokenProvider::new(
        format!("http://{token_server}/create_chat_token"),
        CreateChatTokenRequest {
            room_identifier: Some(
                "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6".into(),
            ),
            user_id: Some("alice".into()),
            ..Default::default()
        },
    )
    .with_bearer(Secret::new(BEARER));
    let token = provider.fetch().await.unwrap();
    assert_eq!(
        token.token.expose(),
        TOKEN,
        "the server really handed out the secret token"
    );
    let mut config = Config::new(
        Endpoint::parse(&format!("ws://{chat_server}")).unwrap(),
        Arc::new(provider),
    );
    config.max_reconnect_attempts = 2;
    config.jitter = Jitter::fixed(0.0);
    let (room, mut updates, actor) = Room::new(config.clone());
    tokio::spawn(actor);
    room.connect().await.unwrap();
    let mut seen = Vec::new();
    loop {
        let update = tokio::time::timeout(Duration::from_secs(20), updates.recv())
            .await
            .unwrap()
            .unwrap();
        seen.push(format!("{update:?}"));
        if let Update::State {
            state: ConnectionState::Disconnected,
            reason,
        } = &update
        {
            seen.push(format!("{}", reason.as_ref().unwrap()));
            break;
        }
    }
    seen.push(format!("{config:?}"));
    seen.push(format!("{token:?}"));

    let logs = String::from_utf8_lossy(&buffer.0.lock().unwrap()).to_string();
    assert!(
        logs.contains("connection attempt failed"),
        "the logs were captured: {logs}"
    );
    for secret in [TOKEN, BEARER, "SECRET"] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
        for text in &seen {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
