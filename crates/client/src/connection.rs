//! The socket under a room, behind two small traits so the room's actor can run over a real
//! WebSocket or over an in-memory pair in tests.
//!
//! The token travels as the single `Sec-WebSocket-Protocol` value of the upgrade (reference
//! §1.2); it appears nowhere else, in no log line and no error message.

mod handshake;
pub mod memory;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use ivs_chat_protocol::Secret;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::alarm::Alarm;
use crate::decision::Close;
use crate::token::TokenError;

/// How long a WebSocket handshake may take by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long closing a socket may take before it is simply dropped.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

/// Largest frame read from the service; a larger one ends the socket (then a reconnect).
/// The service's frames are a few KB (500 code points of content, 1 KB of attributes, the
/// sender's 1 KB of token attributes; reference §1.10); tungstenite's own default of 64 MiB
/// would let a misbehaving service make the room hold its whole update queue (1024 updates)
/// of such frames.
pub const MAX_INCOMING_FRAME_BYTES: usize = 1024 * 1024;

/// How much tungstenite reads from the socket at once. Chat frames are a few hundred bytes;
/// tungstenite zeroes the free part of its read buffer before every read, and its default of
/// 128 KiB made that (and the pages it touched) most of the cost of receiving a message in
/// `cargo bench --bench ingest`. A larger frame takes a few reads.
const READ_BUFFER_BYTES: usize = 8 * 1024;

/// How a real socket checks that the service is still there while nobody sends anything.
///
/// The messaging API defines no keep-alive frame (reference §1.9), so a viewer whose
/// connection silently died (a NAT dropping it, a laptop waking up on another network) would
/// sit "connected" and receive nothing, forever. WebSocket pings are part of the transport,
/// not the API: a live peer answers every ping with a pong (RFC 6455 §5.5.2), as the 2022
/// Android demo relied on with OkHttp's 30 s pings (reference §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keepalive {
    /// Quiet time after which a ping goes out.
    pub interval: Duration,
    /// How long after a ping the socket may stay silent before it counts as dead.
    pub timeout: Duration,
}

impl Default for Keepalive {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(30),
            timeout: Duration::from_secs(15),
        }
    }
}

/// What a socket delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    /// A text frame.
    Text(String),
    /// The socket ended; it delivers nothing more.
    Closed(Close),
}

/// One open connection. Owned by the room's actor alone.
pub trait Socket: Send + 'static {
    /// Writes one text frame. An error means the socket is dead, and says how.
    fn send(&mut self, text: String) -> impl Future<Output = Result<(), Close>> + Send;
    /// The next event. Must be cancel safe: the actor polls it inside `select!`.
    fn recv(&mut self) -> impl Future<Output = SocketEvent> + Send;
    /// Starts an orderly close (code 1000). Frames already on their way can still be read
    /// with [`Socket::recv`] until it reports [`SocketEvent::Closed`].
    fn close(&mut self) -> impl Future<Output = ()> + Send;
}

/// A handshake in progress.
pub type DialFuture<S> = Pin<Box<dyn Future<Output = Result<S, HandshakeError>> + Send>>;

/// Opens sockets.
pub trait Connector: Send + Sync + 'static {
    /// The sockets it opens.
    type Socket: Socket;
    /// Opens a socket to `url` presenting `token`.
    fn dial(&self, url: &str, token: &Secret) -> DialFuture<Self::Socket>;
}

/// Why a handshake failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    /// The service answered the upgrade with an HTTP status instead of 101 (reference §1.2:
    /// 401 bad or used token, 404 no such room, 403 forbidden).
    #[error("{}", refusal(*status))]
    Rejected {
        /// The HTTP status.
        status: u16,
    },
    /// The handshake did not finish in time.
    #[error("the chat service did not answer in time")]
    Timeout,
    /// The service could not be reached, or the connection broke during the handshake.
    #[error("cannot reach the chat service: {0}")]
    Network(String),
    /// The request cannot be made at all (a bad URL, a token that cannot be a header).
    #[error("{0}")]
    InvalidRequest(String),
}

/// A handshake refusal in words: what the status means for a chat token (reference §1.2).
fn refusal(status: u16) -> String {
    let meaning = match status {
        401 => ": the chat token is expired, already used or invalid",
        403 => ": forbidden",
        404 => ": the room does not exist",
        _ => "",
    };
    format!("the chat service refused the connection with HTTP {status}{meaning}")
}

/// Why a connection attempt (token, then handshake) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DialError {
    /// The token provider failed.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// The handshake failed.
    #[error(transparent)]
    Handshake(#[from] HandshakeError),
}

/// Dials real WebSockets with tokio-tungstenite; `wss://` goes through rustls with the
/// webpki roots.
#[derive(Debug, Clone)]
pub struct WebSocketConnector {
    /// Bound on one handshake, TCP and TLS included.
    pub connect_timeout: Duration,
    /// How open sockets notice a dead connection while idle.
    pub keepalive: Keepalive,
}

impl Default for WebSocketConnector {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            keepalive: Keepalive::default(),
        }
    }
}

impl Connector for WebSocketConnector {
    type Socket = WebSocket;

    fn dial(&self, url: &str, token: &Secret) -> DialFuture<WebSocket> {
        let timeout = self.connect_timeout;
        let keepalive = self.keepalive;
        let url = url.to_owned();
        let token = token.clone();
        Box::pin(async move {
            // Several crypto back ends are linked into the process (aws-lc through the AWS
            // SDK, ring through reqwest), so rustls cannot pick one by itself. Installing
            // fails harmlessly when one is already installed.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let limits = WebSocketConfig::default()
                .read_buffer_size(READ_BUFFER_BYTES)
                .max_message_size(Some(MAX_INCOMING_FRAME_BYTES))
                .max_frame_size(Some(MAX_INCOMING_FRAME_BYTES));
            match tokio::time::timeout(timeout, handshake::open(&url, &token, limits)).await {
                Err(_) => Err(HandshakeError::Timeout),
                Ok(Ok(stream)) => {
                    let now = Instant::now();
                    Ok(WebSocket {
                        stream,
                        close_received: None,
                        keepalive,
                        last_heard: now,
                        ping_sent: None,
                        alarm: Alarm::new(Some(now + keepalive.interval)),
                    })
                }
                Ok(Err(error)) => Err(error),
            }
        })
    }
}

/// A WebSocket opened by [`WebSocketConnector`].
#[derive(Debug)]
pub struct WebSocket {
    /// The tungstenite stream.
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The server's close frame, once it arrived: code and reason.
    close_received: Option<(Option<u16>, String)>,
    /// When to ping, and how long to wait for an answer.
    keepalive: Keepalive,
    /// When anything last arrived from the service.
    last_heard: Instant,
    /// When the unanswered ping went out, if one is out.
    ping_sent: Option<Instant>,
    /// Set at the keep-alive's deadline as it was when set; checked against the real one
    /// when it rings, so the frames of a busy room do not each move a timer.
    alarm: Alarm,
}

impl Socket for WebSocket {
    async fn send(&mut self, text: String) -> Result<(), Close> {
        self.stream
            .send(Message::text(text))
            .await
            .map_err(|error| Close {
                code: None,
                reason: error.to_string(),
                clean: false,
            })
    }

    async fn recv(&mut self) -> SocketEvent {
        loop {
            // `next()` and `ring()` are cancel safe, and the keep-alive state lives in `self`,
            // so this whole future may be dropped at any await (the actor polls it in
            // `select!`).
            let next = tokio::select! {
                next = self.stream.next() => next,
                () = self.alarm.ring() => {
                    // Set when the last ping went out or at an earlier frame: frames that
                    // arrived since moved the real deadline on.
                    let due = self.keepalive_due();
                    if Instant::now() < due {
                        self.alarm.set(Some(due));
                        continue;
                    }
                    if let Some(sent) = self.ping_sent {
                        return SocketEvent::Closed(Close {
                            code: None,
                            reason: format!(
                                "no answer to a keep-alive ping for {} s",
                                sent.elapsed().as_secs()
                            ),
                            clean: false,
                        });
                    }
                    let sent = Instant::now();
                    self.ping_sent = Some(sent);
                    self.alarm.set(Some(sent + self.keepalive.timeout));
                    if let Err(error) = self.stream.send(Message::Ping(Vec::new().into())).await {
                        return SocketEvent::Closed(self.ended(Some(error.to_string())));
                    }
                    continue;
                }
            };
            self.last_heard = Instant::now();
            if self.ping_sent.take().is_some() {
                // Answered: the next ping is a quiet interval from now.
                self.alarm.set(Some(self.keepalive_due()));
            }
            let message = match next {
                Some(Ok(message)) => message,
                Some(Err(error)) => {
                    return SocketEvent::Closed(self.ended(Some(error.to_string())));
                }
                None => return SocketEvent::Closed(self.ended(None)),
            };
            match message {
                Message::Text(text) => return SocketEvent::Text(text.as_str().to_owned()),
                Message::Binary(bytes) => {
                    // reference §1.3: every application frame is text.
                    tracing::debug!(len = bytes.len(), "ignoring a binary frame");
                }
                Message::Close(frame) => {
                    self.close_received = Some(match frame {
                        Some(frame) => (
                            Some(u16::from(frame.code)),
                            frame.reason.as_str().to_owned(),
                        ),
                        None => (None, String::new()),
                    });
                    // Let tungstenite send its reply and see the TCP end, briefly; the close
                    // is already decided.
                    let _ = tokio::time::timeout(CLOSE_TIMEOUT, async {
                        while let Some(Ok(_)) = self.stream.next().await {}
                    })
                    .await;
                    return SocketEvent::Closed(self.ended(None));
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
            }
        }
    }

    async fn close(&mut self) {
        let frame = CloseFrame {
            code: CloseCode::Normal,
            reason: "".into(),
        };
        // A socket that is already gone needs no close; the next recv reports it.
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, self.stream.close(Some(frame))).await;
    }
}

impl WebSocket {
    /// When the keep-alive acts next: a ping after a quiet interval, or giving up on the one
    /// that is out.
    fn keepalive_due(&self) -> Instant {
        match self.ping_sent {
            Some(sent) => sent + self.keepalive.timeout,
            None => self.last_heard + self.keepalive.interval,
        }
    }

    fn ended(&self, error: Option<String>) -> Close {
        match (&self.close_received, error) {
            (Some((code, reason)), _) => Close {
                code: *code,
                reason: reason.clone(),
                clean: true,
            },
            (None, error) => Close {
                code: None,
                reason: error
                    .unwrap_or_else(|| "the connection ended without a close frame".into()),
                clean: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_the_status_means() {
        let said = |status| HandshakeError::Rejected { status }.to_string();
        assert_eq!(
            said(401),
            "the chat service refused the connection with HTTP 401: the chat token is expired, already used or invalid"
        );
        assert!(said(404).ends_with("the room does not exist"));
        assert_eq!(
            said(502),
            "the chat service refused the connection with HTTP 502"
        );
    }

    #[tokio::test]
    async fn classifies_handshake_failures() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut buffer = [0u8; 2048];
                let _ = stream.read(&mut buffer).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                    .await;
            }
        });
        let connector = WebSocketConnector::default();
        let error = connector
            .dial(&format!("ws://{address}/"), &Secret::new("t"))
            .await
            .expect_err("404");
        assert_eq!(error, HandshakeError::Rejected { status: 404 });

        let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = closed.local_addr().expect("address");
        drop(closed);
        let error = connector
            .dial(&format!("ws://{address}/"), &Secret::new("t"))
            .await
            .expect_err("refused");
        assert!(matches!(error, HandshakeError::Network(_)), "{error:?}");
    }
}
