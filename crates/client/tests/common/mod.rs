//! Shared helpers of the end-to-end tests against `ivs-chat-local`.

#![allow(clippy::unwrap_used, dead_code)]

pub mod process;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{
    Config, ConnectionState, Endpoint, Reason, RequestId, RequestStatus, Room, Update, Updates,
};
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::control::CreateChatTokenRequest;
use serde_json::{Value, json};

/// Bound on any single wait in these tests.
pub const WAIT: Duration = Duration::from_secs(20);

/// A local service and what is needed to restart it on the same address.
pub struct Local {
    pub service: Option<ivs_chat_local::Service>,
    pub addr: SocketAddr,
    pub config: ivs_chat_local::Config,
}

impl Local {
    pub async fn start(config: ivs_chat_local::Config) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let service = ivs_chat_local::Service::start(listener, config.clone())
            .await
            .unwrap();
        Self {
            service: Some(service),
            addr,
            config,
        }
    }

    /// A service whose state lives in `dir`, so rooms survive a restart.
    pub async fn persistent(dir: PathBuf) -> Self {
        Self::start(ivs_chat_local::Config {
            data_dir: Some(dir),
            ..Default::default()
        })
        .await
    }

    pub fn http(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn ws(&self) -> String {
        format!("ws://{}", self.addr)
    }

    pub async fn stop(&mut self) {
        if let Some(service) = self.service.take() {
            service.shutdown().await;
        }
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        let mut listener = None;
        for _ in 0..50 {
            match tokio::net::TcpListener::bind(self.addr).await {
                Ok(bound) => {
                    listener = Some(bound);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        let listener = listener.expect("the address is free again");
        self.service = Some(
            ivs_chat_local::Service::start(listener, self.config.clone())
                .await
                .unwrap(),
        );
    }

    /// POST a control-plane operation; panics on a non-2xx answer.
    pub async fn control(&self, operation: &str, body: Value) -> Value {
        let response = reqwest::Client::new()
            .post(format!("{}/{operation}", self.http()))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{operation} → {status}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    pub async fn create_room(&self, body: Value) -> String {
        let room = self.control("CreateRoom", body).await;
        room["arn"].as_str().unwrap().to_owned()
    }

    /// A room configuration for `user` in `arn`, tokens from the local token server.
    pub fn config(
        &self,
        arn: &str,
        user: &str,
        capabilities: &[Capability],
        session_minutes: Option<i64>,
    ) -> Config {
        let tokens = HttpTokenProvider::new(
            format!("{}/create_chat_token", self.http()),
            CreateChatTokenRequest {
                room_identifier: Some(arn.to_owned()),
                user_id: Some(user.to_owned()),
                capabilities: Some(capabilities.to_vec()),
                session_duration_in_minutes: session_minutes,
                attributes: Some([("displayName".to_owned(), user.to_uppercase())].into()),
            },
        );
        let mut config = Config::new(Endpoint::parse(&self.ws()).unwrap(), Arc::new(tokens));
        config.request_timeout = Duration::from_secs(5);
        config
    }

    /// A connected client.
    pub async fn client(&self, config: Config) -> Client {
        let mut client = Client::new(config);
        client.connect().await;
        client
    }
}

pub fn all_capabilities() -> Vec<Capability> {
    Capability::ALL.to_vec()
}

pub fn room_body() -> Value {
    json!({})
}

/// A room handle with its updates, and everything seen so far.
pub struct Client {
    pub room: Room,
    pub updates: Updates,
    pub seen: Vec<Update>,
}

impl Client {
    pub fn new(config: Config) -> Self {
        let (room, updates, actor) = Room::new(config);
        tokio::spawn(actor);
        Self {
            room,
            updates,
            seen: Vec::new(),
        }
    }

    pub async fn connect(&mut self) {
        self.room.connect().await.unwrap();
        let state = self
            .until(|u| match u {
                Update::State {
                    state: state @ (ConnectionState::Connected | ConnectionState::Disconnected),
                    reason,
                } => Some((*state, reason.clone())),
                _ => None,
            })
            .await;
        assert_eq!(state, (ConnectionState::Connected, None));
    }

    pub async fn next(&mut self) -> Update {
        let update = tokio::time::timeout(WAIT, self.updates.recv())
            .await
            .expect("an update in time")
            .expect("the room is running");
        self.seen.push(update.clone());
        update
    }

    pub async fn until<T>(&mut self, mut pick: impl FnMut(&Update) -> Option<T>) -> T {
        loop {
            let update = self.next().await;
            if let Some(found) = pick(&update) {
                return found;
            }
        }
    }

    /// The first update ever seen that matches, waiting for it if needed.
    pub async fn any<T>(&mut self, mut pick: impl FnMut(&Update) -> Option<T>) -> T {
        if let Some(found) = self.seen.iter().find_map(&mut pick) {
            return found;
        }
        self.until(pick).await
    }

    /// Waits for the final status of `id`, looking at what was already seen first.
    pub async fn settled(&mut self, id: &RequestId) -> RequestStatus {
        let done = |u: &Update| match u {
            Update::Request {
                request_id, status, ..
            } if request_id == id && *status != RequestStatus::Pending => Some(status.clone()),
            _ => None,
        };
        if let Some(status) = self.seen.iter().find_map(done) {
            return status;
        }
        self.until(done).await
    }

    pub async fn message(&mut self) -> ivs_chat_protocol::messaging::ChatMessage {
        self.until(|u| match u {
            Update::Message(m) => Some(m.clone()),
            _ => None,
        })
        .await
    }

    pub async fn state(&mut self) -> (ConnectionState, Option<Reason>) {
        self.until(|u| match u {
            Update::State { state, reason } => Some((*state, reason.clone())),
            _ => None,
        })
        .await
    }

    /// Updates already available, without waiting.
    pub fn drain(&mut self) {
        while let Some(update) = self.updates.try_recv() {
            self.seen.push(update);
        }
    }
}

pub fn failed_code(status: &RequestStatus) -> Option<u16> {
    match status {
        RequestStatus::Failed(failure) => match failure.kind {
            ivs_chat_client::FailureKind::Service(code)
            | ivs_chat_client::FailureKind::Rejected(code) => Some(code.as_u16()),
            _ => None,
        },
        _ => None,
    }
}
