//! The harness of the paused-time actor tests: a token minter, the in-memory service side,
//! and frame builders.

#![allow(clippy::unwrap_used, dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::Utc;
use ivs_chat_client::connection::memory::{Dial, MemoryConnector, ServerEnd};
use ivs_chat_client::token::{ChatToken, TokenError, TokenFuture, TokenProvider};
use ivs_chat_client::{
    Config, ConnectionState, Endpoint, Jitter, Reason, RequestId, RequestStatus, Room, Update,
    Updates,
};
use ivs_chat_protocol::messaging::{
    ChatError, ChatEvent, ChatMessage, ErrorCode, Frame, Request, Sender,
};
use ivs_chat_protocol::{Attributes, Capability};
use tokio::sync::mpsc;

/// Mints numbered tokens for user `me`, valid for `session` from now.
#[derive(Debug)]
pub struct Minter {
    pub count: AtomicU32,
    pub session: Option<Duration>,
    pub capabilities: Option<Vec<Capability>>,
    pub fail_with: Option<TokenError>,
}

impl Minter {
    pub fn new() -> Self {
        Self {
            count: AtomicU32::new(0),
            session: None,
            capabilities: None,
            fail_with: None,
        }
    }
}

impl TokenProvider for Minter {
    fn fetch(&self) -> TokenFuture<'_> {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        let result = match &self.fail_with {
            Some(error) => Err(error.clone()),
            None => Ok(ChatToken {
                token: format!("tok-{n}").into(),
                token_expiration_time: None,
                session_expiration_time: self
                    .session
                    .map(|session| Utc::now() + chrono::Duration::from_std(session).unwrap()),
                capabilities: self.capabilities.clone(),
                user_id: Some("me".into()),
            }),
        };
        Box::pin(async move { result })
    }
}

pub struct Harness {
    pub room: Room,
    pub updates: Updates,
    pub dials: mpsc::Receiver<Dial>,
}

pub fn harness(minter: Minter, configure: impl FnOnce(&mut Config)) -> Harness {
    let mut config = Config::new(Endpoint::parse("ws://chat.test").unwrap(), Arc::new(minter));
    config.jitter = Jitter::fixed(1.0);
    configure(&mut config);
    let (connector, dials) = MemoryConnector::new();
    let (room, updates, actor) = Room::with_connector(config, connector);
    tokio::spawn(actor);
    Harness {
        room,
        updates,
        dials,
    }
}

impl Harness {
    pub async fn update(&mut self) -> Update {
        tokio::time::timeout(Duration::from_secs(600), self.updates.recv())
            .await
            .expect("an update within ten virtual minutes")
            .expect("the actor is running")
    }

    /// Skips updates until one matches.
    pub async fn until<T>(&mut self, mut pick: impl FnMut(&Update) -> Option<T>) -> T {
        loop {
            let update = self.update().await;
            if let Some(found) = pick(&update) {
                return found;
            }
        }
    }

    pub async fn state(&mut self) -> (ConnectionState, Option<Reason>) {
        self.until(|update| match update {
            Update::State { state, reason } => Some((*state, reason.clone())),
            _ => None,
        })
        .await
    }

    pub async fn status(&mut self, id: &RequestId) -> RequestStatus {
        self.until(|update| match update {
            Update::Request {
                request_id, status, ..
            } if request_id == id && *status != RequestStatus::Pending => Some(status.clone()),
            _ => None,
        })
        .await
    }

    pub async fn dial(&mut self) -> Dial {
        tokio::time::timeout(Duration::from_secs(600), self.dials.recv())
            .await
            .expect("a dial within ten virtual minutes")
            .expect("connector alive")
    }

    /// Connects and accepts the first dial.
    pub async fn connected(&mut self) -> ServerEnd {
        self.room.connect().await.unwrap();
        assert_eq!(self.state().await, (ConnectionState::Connecting, None));
        let server = self.dial().await.accept();
        assert_eq!(self.state().await, (ConnectionState::Connected, None));
        server
    }

    pub fn no_dial_pending(&mut self) -> bool {
        self.dials.try_recv().is_err()
    }
}

pub fn message(id: &str, request_id: Option<&str>, content: &str) -> Frame {
    Frame::Message(ChatMessage {
        id: id.into(),
        request_id: request_id.map(str::to_owned),
        content: content.into(),
        attributes: Attributes::new(),
        sender: Sender {
            user_id: "someone".into(),
            attributes: Attributes::new(),
        },
        send_time: Utc::now(),
    })
}

pub fn event(id: &str, request_id: Option<&str>, name: &str, attributes: &[(&str, &str)]) -> Frame {
    Frame::Event(ChatEvent {
        id: id.into(),
        request_id: request_id.map(str::to_owned),
        event_name: name.into(),
        attributes: attributes
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        send_time: Utc::now(),
    })
}

pub fn error(id: &str, request_id: Option<&str>, code: u16, text: &str) -> Frame {
    Frame::Error(ChatError {
        id: id.into(),
        request_id: request_id.map(str::to_owned),
        error_code: ErrorCode(code),
        error_message: text.into(),
    })
}

pub fn request_id_of(request: &Request) -> String {
    request.request_id().unwrap().to_owned()
}

pub fn content_of(request: &Request) -> String {
    match request {
        Request::SendMessage(send) => send.content.clone(),
        other => panic!("expected a send, got {other:?}"),
    }
}
