//! An in-memory transport: each dial is handed to the test (or app test) playing the service,
//! which accepts or rejects it and then talks over channels. Lets the room's actor run under
//! `tokio::time::pause` with no network.

use ivs_chat_protocol::Secret;
use ivs_chat_protocol::messaging::{Frame, Request};
use tokio::sync::{mpsc, oneshot};

use super::{Connector, DialFuture, HandshakeError, Socket, SocketEvent};
use crate::decision::Close;

/// Frames buffered per direction of an in-memory socket.
const SOCKET_CAPACITY: usize = 256;
/// Dials waiting for the server side to look at them.
const DIAL_CAPACITY: usize = 16;

/// Hands every dial to the receiver returned by [`MemoryConnector::new`].
#[derive(Debug, Clone)]
pub struct MemoryConnector {
    /// Where dials go.
    dials: mpsc::Sender<Dial>,
}

impl MemoryConnector {
    /// A connector and the stream of its dials.
    pub fn new() -> (Self, mpsc::Receiver<Dial>) {
        let (dials, receiver) = mpsc::channel(DIAL_CAPACITY);
        (Self { dials }, receiver)
    }
}

impl Connector for MemoryConnector {
    type Socket = MemorySocket;

    fn dial(&self, url: &str, token: &Secret) -> DialFuture<MemorySocket> {
        let dials = self.dials.clone();
        let url = url.to_owned();
        let token = token.clone();
        Box::pin(async move {
            let (reply, answer) = oneshot::channel();
            let dial = Dial { url, token, reply };
            if dials.send(dial).await.is_err() {
                return Err(HandshakeError::Network(
                    "the in-memory service is gone".into(),
                ));
            }
            answer
                .await
                .unwrap_or_else(|_| Err(HandshakeError::Network("the dial was dropped".into())))
        })
    }
}

/// A connection attempt, waiting for the server side's answer.
#[derive(Debug)]
pub struct Dial {
    /// The URL dialled.
    pub url: String,
    /// The token presented.
    pub token: Secret,
    /// Where the answer goes.
    reply: oneshot::Sender<Result<MemorySocket, HandshakeError>>,
}

impl Dial {
    /// Completes the handshake; returns the server's end of the socket.
    pub fn accept(self) -> ServerEnd {
        let (to_client, incoming) = mpsc::channel(SOCKET_CAPACITY);
        let (outgoing, from_client) = mpsc::channel(SOCKET_CAPACITY);
        // A dial whose room gave up waiting simply gets a server end nobody reads.
        let _ = self.reply.send(Ok(MemorySocket { incoming, outgoing }));
        ServerEnd {
            to_client,
            from_client,
        }
    }

    /// Fails the handshake with `error`.
    pub fn reject(self, error: HandshakeError) {
        // As above: nobody waiting is fine.
        let _ = self.reply.send(Err(error));
    }
}

/// What the client wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientFrame {
    /// A text frame.
    Text(String),
    /// The client started an orderly close.
    Close,
}

/// The client's end of an in-memory socket.
#[derive(Debug)]
pub struct MemorySocket {
    /// Events from the server side.
    incoming: mpsc::Receiver<SocketEvent>,
    /// Frames to the server side.
    outgoing: mpsc::Sender<ClientFrame>,
}

impl Socket for MemorySocket {
    async fn send(&mut self, text: String) -> Result<(), Close> {
        self.outgoing
            .send(ClientFrame::Text(text))
            .await
            .map_err(|_| Close {
                code: None,
                reason: "the in-memory peer is gone".into(),
                clean: false,
            })
    }

    async fn recv(&mut self) -> SocketEvent {
        self.incoming.recv().await.unwrap_or_else(|| {
            SocketEvent::Closed(Close {
                code: None,
                reason: "the in-memory peer dropped the socket".into(),
                clean: false,
            })
        })
    }

    async fn close(&mut self) {
        // A peer that is gone needs no close.
        let _ = self.outgoing.send(ClientFrame::Close).await;
    }
}

/// The service's end of an in-memory socket.
#[derive(Debug)]
pub struct ServerEnd {
    /// Events to the client.
    to_client: mpsc::Sender<SocketEvent>,
    /// What the client wrote.
    from_client: mpsc::Receiver<ClientFrame>,
}

impl ServerEnd {
    /// Sends a frame; false if the client's end is gone.
    pub async fn send(&self, frame: &Frame) -> bool {
        self.send_text(frame.to_json()).await
    }

    /// Sends raw text (for malformed-frame tests); false if the client's end is gone.
    pub async fn send_text(&self, text: impl Into<String>) -> bool {
        self.to_client
            .send(SocketEvent::Text(text.into()))
            .await
            .is_ok()
    }

    /// Ends the socket as the server: `clean` with a close frame of `code`, or a reset.
    pub async fn close(self, code: Option<u16>, clean: bool) {
        // A client that is already gone needs no close.
        let _ = self
            .to_client
            .send(SocketEvent::Closed(Close {
                code,
                reason: String::new(),
                clean,
            }))
            .await;
    }

    /// The next frame the client wrote; `None` once the client dropped its end.
    pub async fn next_frame(&mut self) -> Option<ClientFrame> {
        self.from_client.recv().await
    }

    /// The next request the client wrote, skipping close frames; `None` once the client
    /// dropped its end. Text that is no request panics, as a test failure.
    pub async fn next_request(&mut self) -> Option<Request> {
        loop {
            match self.from_client.recv().await? {
                ClientFrame::Text(text) => {
                    return Some(Request::parse(&text).unwrap_or_else(|error| {
                        panic!("the client sent an invalid request {text:?}: {error}")
                    }));
                }
                ClientFrame::Close => {}
            }
        }
    }
}
