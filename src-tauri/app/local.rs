//! The embedded `ivs-chat-local` service of the Local profile, and its demo room.
//!
//! It listens on a free loopback port chosen at each start; rooms persist in its state
//! database under the app's data directory, so a room's ARN (and the tabs that name it)
//! survives restarts. The app talks to its control plane with `aws-sdk-ivschat`, the same
//! code path as an AWS profile.

use std::sync::Arc;

use chatdeck_ipc::model::RoomSummary;
use chatdeck_l10n::Words;
use ivs_chat_client::token::{AwsCredentials, AwsSettings, AwsTokenProvider};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use ivs_chat_protocol::{Attributes, Capability, Secret};

use crate::error::AppError;

/// Tag that marks the demo room, so it is found again whatever its name became.
const DEMO_TAG: (&str, &str) = ("chatdeck", "demo");
/// The demo room's name.
pub const DEMO_ROOM_NAME: &str = "chatdeck-demo";

/// The running local service and a control-plane client for it.
#[derive(Debug)]
pub struct LocalService {
    /// The service; taken at shutdown.
    service: tokio::sync::Mutex<Option<ivs_chat_local::Service>>,
    /// `http://127.0.0.1:PORT`.
    http: String,
    /// `ws://127.0.0.1:PORT`.
    ws: String,
    /// The control plane, through the official SDK.
    control: aws_sdk_ivschat::Client,
    /// The service's data directory (state and log destinations).
    data_dir: std::path::PathBuf,
    /// The service's chat-log writer, flushed on demand without locking the service.
    logs: ivs_chat_local::logging::LogSink,
}

impl LocalService {
    /// Starts the service on a free loopback port with `config`.
    pub async fn start(config: ivs_chat_local::Config) -> Result<Arc<Self>, AppError> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let service = ivs_chat_local::Service::start(listener, config)
            .await
            .map_err(|error| {
                AppError::Unavailable(
                    Words::new("shell-error-local-service").with("error", error.to_string()),
                )
            })?;
        let http = service.http_endpoint();
        let ws = service.messaging_endpoint();
        let data_dir = service.data_dir().to_path_buf();
        let logs = service.log_sink();
        tracing::info!(endpoint = %http, "local chat service started");
        let control = settings(&http).client().await;
        Ok(Arc::new(Self {
            service: tokio::sync::Mutex::new(Some(service)),
            http,
            ws,
            control,
            data_dir,
            logs,
        }))
    }

    /// The control-plane base URL.
    pub fn http_endpoint(&self) -> &str {
        &self.http
    }

    /// The messaging WebSocket URL.
    pub fn messaging_endpoint(&self) -> &str {
        &self.ws
    }

    /// The control-plane client.
    pub fn control(&self) -> &aws_sdk_ivschat::Client {
        &self.control
    }

    /// A token provider for `user_id` in `room_arn`.
    pub fn tokens(
        &self,
        room_arn: &str,
        user_id: &str,
        capabilities: Vec<Capability>,
        attributes: Attributes,
    ) -> AwsTokenProvider {
        AwsTokenProvider::from_client(
            self.control.clone(),
            CreateChatTokenRequest {
                room_identifier: Some(room_arn.to_owned()),
                user_id: Some(user_id.to_owned()),
                capabilities: Some(capabilities),
                session_duration_in_minutes: None,
                attributes: Some(attributes),
            },
        )
    }

    /// The demo room, created on first use.
    pub async fn demo_room(&self) -> Result<RoomSummary, AppError> {
        let rooms = self
            .control
            .list_rooms()
            .max_results(50)
            .send()
            .await
            .map_err(super::aws_error::classify)?;
        if let Some(room) = rooms.rooms().iter().find(|room| {
            room.tags()
                .and_then(|tags| tags.get(DEMO_TAG.0))
                .is_some_and(|value| value == DEMO_TAG.1)
        }) {
            return Ok(RoomSummary {
                arn: room.arn().unwrap_or_default().to_owned(),
                name: room.name().unwrap_or_default().to_owned(),
            });
        }
        let room = self
            .control
            .create_room()
            .name(DEMO_ROOM_NAME)
            .tags(DEMO_TAG.0, DEMO_TAG.1)
            .send()
            .await
            .map_err(super::aws_error::classify)?;
        tracing::info!(arn = room.arn().unwrap_or_default(), "demo room created");
        Ok(RoomSummary {
            arn: room.arn().unwrap_or_default().to_owned(),
            name: room.name().unwrap_or_default().to_owned(),
        })
    }

    /// Where the service keeps its state and its log destinations (`cloudwatch/`, `s3/`,
    /// `firehose/`).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Writes every chat-log record delivered so far to its destination now.
    pub async fn flush_logs(&self) {
        self.logs.flush().await;
    }

    /// Stops the service (closing its sockets cleanly).
    pub async fn shutdown(&self) {
        if let Some(service) = self.service.lock().await.take() {
            service.shutdown().await;
        }
    }
}

/// SDK settings for the local control plane. The service checks no signature when it has
/// no credentials configured, but the SDK insists on signing with something.
fn settings(http: &str) -> AwsSettings {
    AwsSettings {
        region: Some("us-west-2".into()),
        profile: None,
        credentials: Some(AwsCredentials {
            access_key_id: "local".into(),
            secret_access_key: Secret::new("local"),
            session_token: None,
        }),
        endpoint_url: Some(http.to_owned()),
    }
}
