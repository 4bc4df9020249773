//! The soak's cast: one `ivs-chat-local` child process whose rooms all log to one CloudWatch
//! Logs logging configuration, a fault proxy in front of it, and per room an observer
//! connected directly and two flaky participants behind the proxy. Every participant has a
//! [tap](crate::tap) in front of it, and files its records under the stage's records
//! directory.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use ivs_chat_client::ConnectionState;
use serde_json::json;

use super::SoakSettings;
use super::tracker::{SoakTracker, wire_file};
use crate::Error;
use crate::local::{ChildOptions, ChildProcess, local_binary};
use crate::participant::Participant;
use crate::proxy::FaultProxy;
use crate::scenario::ClientSetup;
use crate::tap::WireLog;

/// Bound on everyone connecting at the start.
const CONNECT_WAIT: Duration = Duration::from_secs(30);

/// One participant of the soak.
#[derive(Debug)]
pub(super) struct Member {
    pub participant: Participant<SoakTracker>,
    /// `r<room>-<role>`: `o` the observer, `a` and `b` the flaky ones.
    pub name: String,
    /// Behind the proxy, disconnecting at random.
    pub flaky: bool,
    /// Its room's id (the name of the room's log stream).
    pub room_id: String,
    /// Messages this member tried to send.
    pub sent: AtomicU64,
}

/// Everything a soak runs on.
#[derive(Debug)]
pub(super) struct Stage {
    pub service: ChildProcess,
    pub proxy: Arc<FaultProxy>,
    pub members: Vec<Arc<Member>>,
    /// The participants' records: what each showed, what was confirmed, what its tap saw.
    pub records: tempfile::TempDir,
}

impl Stage {
    /// Starts the service and the proxy, creates the rooms and spawns every participant
    /// (not yet connected).
    pub async fn build(settings: &SoakSettings) -> Result<Stage, Error> {
        let binary = local_binary().await?;
        let minute = settings.minute.as_secs().max(1);
        let service = ChildProcess::start(
            binary,
            ChildOptions {
                minute_seconds: Some(minute),
                ..ChildOptions::default()
            },
        )
        .await?;
        let proxy = Arc::new(FaultProxy::start(service.addr()).await?);
        let records = tempfile::Builder::new()
            .prefix("chatdeck-soak-records-")
            .tempdir()?;
        let control = service.control();
        // The service's own record of every message: the ledger's ground truth.
        let (status, logging) = control
            .call(
                "CreateLoggingConfiguration",
                &json!({"name": "soak", "destinationConfiguration": {"cloudWatchLogs": {"logGroupName": "soak"}}}),
            )
            .await?;
        let logging_arn = logging["arn"]
            .as_str()
            .filter(|_| status == 200)
            .ok_or_else(|| {
                Error::Control(format!("CreateLoggingConfiguration → {status}: {logging}"))
            })?
            .to_owned();
        let mut members = Vec::new();
        for room in 0..settings.rooms {
            let room_arn = control
                .create_room(&json!({
                    "name": format!("soak-{room}"),
                    "maximumMessageRatePerSecond": 100,
                    "loggingConfigurationIdentifiers": [logging_arn],
                }))
                .await?;
            let room_id = room_arn.rsplit('/').next().unwrap_or_default().to_owned();
            for (role, flaky) in [("o", false), ("a", true), ("b", true)] {
                let name = format!("r{room}-{role}");
                let ws = if flaky {
                    format!("ws://{}", proxy.local_addr())
                } else {
                    format!("ws://{}", service.addr())
                };
                let setup = ClientSetup {
                    ws,
                    token_url: format!("http://{}/create_chat_token", service.addr()),
                    room_arn: room_arn.clone(),
                    max_reconnect_attempts: u32::MAX,
                };
                let mut config = setup.config(&name)?;
                config.tokens = session_tokens(&setup, &name);
                let tracker = SoakTracker::create(records.path(), &name)?;
                let wire = WireLog::file(&wire_file(records.path(), &name))?;
                members.push(Arc::new(Member {
                    participant: Participant::spawn_tapped(name.clone(), config, tracker, wire)
                        .await?,
                    name,
                    flaky,
                    room_id: room_id.clone(),
                    sent: AtomicU64::new(0),
                }));
            }
        }
        Ok(Stage {
            service,
            proxy,
            members,
            records,
        })
    }

    /// Connects everyone and waits until they are.
    pub async fn connect(&self) -> Result<(), Error> {
        for member in &self.members {
            member.participant.connect().await?;
        }
        for member in &self.members {
            member
                .participant
                .wait_until("connected", CONNECT_WAIT, |tracker| {
                    tracker.state == Some(ConnectionState::Connected)
                })
                .await?;
        }
        Ok(())
    }

    /// Brings everyone back and waits until no send is pending; what did not settle in time.
    pub async fn settle(&self, limit: Duration) -> Vec<String> {
        for member in &self.members {
            // Already connected or connecting is fine; the wait below judges.
            let _ = member.participant.connect().await;
        }
        let mut problems = Vec::new();
        for member in &self.members {
            if let Err(error) = member
                .participant
                .wait_until("settled", limit, SoakTracker::nothing_pending)
                .await
            {
                problems.push(error.to_string());
            }
        }
        problems
    }

    /// The observers: connected directly, never disconnected on purpose.
    pub fn observers(&self) -> impl Iterator<Item = &Arc<Member>> {
        self.members.iter().filter(|member| !member.flaky)
    }

    /// Disconnects everyone and stops the service cleanly, which writes the last chat-log
    /// records; its data directory stays for the reconciliation.
    pub async fn stop(&mut self) {
        for member in &self.members {
            // A room already stopped has nothing to disconnect.
            let _ = member.participant.room().disconnect().await;
        }
        self.service.terminate().await;
    }
}

/// Tokens for one session minute, so that every connection rotates once a minute.
fn session_tokens(
    setup: &ClientSetup,
    user: &str,
) -> Arc<dyn ivs_chat_client::token::TokenProvider> {
    use ivs_chat_client::token::HttpTokenProvider;
    use ivs_chat_protocol::control::CreateChatTokenRequest;
    let provider = HttpTokenProvider::new(
        setup.token_url.clone(),
        CreateChatTokenRequest {
            room_identifier: Some(setup.room_arn.clone()),
            user_id: Some(user.to_owned()),
            capabilities: Some(ivs_chat_protocol::Capability::ALL.to_vec()),
            session_duration_in_minutes: Some(1),
            ..Default::default()
        },
    )
    .with_timeout(crate::scenario::CONNECT_TIMEOUT);
    Arc::new(provider)
}
