//! The scenarios: each starts a local service and clients, exchanges messages, injects one
//! fault while traffic flows, heals it, exchanges again, and judges the run with the
//! [`ledger`](crate::ledger) rules plus the scenario's own expectations (the final state,
//! and words in the client's reasons).
//!
//! - [`network`]: the fault proxy between the client and the service.
//! - [`server`]: the service killed (SIGKILL) or restarted mid-traffic.
//! - [`token`]: the token endpoint failing.
//! - [`review`]: the review handler misbehaving.
//! - [`rotation`]: sessions so short that the client rotates every second.

pub mod network;
pub mod review;
pub mod rotation;
pub mod server;
pub mod token;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_client::{Config, ConnectionState, Endpoint, RequestStatus};
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::control::CreateChatTokenRequest;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::ledger::{Phase, Receiver, tally};
use crate::participant::Participant;
use crate::{Error, Outcome};

/// How big a scenario is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Form {
    /// Messages each participant sends before and after the fault.
    pub messages: u64,
    /// Messages per second each participant sends while the fault lasts.
    pub rate: f64,
    /// How long the fault lasts.
    pub fault: Duration,
    /// Bound on any one wait (recovery, delivery, settling).
    pub wait: Duration,
}

impl Form {
    /// A few seconds per scenario, for `cargo test`.
    pub fn short() -> Form {
        Form {
            messages: 3,
            rate: 4.0,
            fault: Duration::from_millis(1500),
            wait: Duration::from_secs(20),
        }
    }

    /// Longer faults and more traffic, for the bench. A stall of 15 s outlasts the service's
    /// 10 s write timeout, so the service gives up on the stalled socket.
    pub fn long() -> Form {
        Form {
            messages: 20,
            rate: 8.0,
            fault: Duration::from_secs(15),
            wait: Duration::from_secs(60),
        }
    }
}

/// A named scenario, so runners can list and run them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// The proxy resets every connection (RST) mid-traffic.
    ProxyReset,
    /// The proxy closes every connection (FIN, no close frame) mid-traffic.
    ProxyClose,
    /// The proxy stops forwarding both ways, then resumes.
    ProxyStall,
    /// The proxy stalls past the client's silence limit (half-open connection).
    ProxyBlackhole,
    /// The proxy slows to a trickle, then resumes.
    ProxyTrickle,
    /// Connections are reset and new ones refused for a while.
    ProxyRefuse,
    /// New connections are refused past the client's attempt limit.
    ProxyRefuseForever,
    /// The service is killed with SIGKILL and started again.
    ServerKill,
    /// The service shuts down cleanly and starts again.
    ServerRestart,
    /// The token endpoint answers 500.
    TokenServerError,
    /// The token endpoint hangs past the client's timeout.
    TokenHang,
    /// The token endpoint answers garbage.
    TokenGarbage,
    /// The token endpoint hands out expired tokens.
    TokenExpired,
    /// The token endpoint answers 500 past the client's attempt limit.
    TokenServerErrorForever,
    /// The review handler is slower than 200 ms (fallback ALLOW).
    ReviewSlow,
    /// The review handler errors (fallback ALLOW).
    ReviewErroring,
    /// The review handler answers invalid JSON (fallback ALLOW).
    ReviewInvalid,
    /// The review handler errors and the room's fallback is DENY.
    ReviewErroringDeny,
    /// Sessions of one second: the client rotates under traffic.
    RapidRotation,
}

impl Scenario {
    /// Every scenario.
    pub const ALL: [Scenario; 19] = [
        Scenario::ProxyReset,
        Scenario::ProxyClose,
        Scenario::ProxyStall,
        Scenario::ProxyBlackhole,
        Scenario::ProxyTrickle,
        Scenario::ProxyRefuse,
        Scenario::ProxyRefuseForever,
        Scenario::ServerKill,
        Scenario::ServerRestart,
        Scenario::TokenServerError,
        Scenario::TokenHang,
        Scenario::TokenGarbage,
        Scenario::TokenExpired,
        Scenario::TokenServerErrorForever,
        Scenario::ReviewSlow,
        Scenario::ReviewErroring,
        Scenario::ReviewInvalid,
        Scenario::ReviewErroringDeny,
        Scenario::RapidRotation,
    ];

    /// Runs it.
    pub async fn run(self, form: Form) -> Result<Outcome, Error> {
        use crate::proxy::Cut;
        use crate::review_handler::ReviewMode;
        use crate::token_endpoint::TokenMode;
        use ivs_chat_protocol::control::FallbackResult;
        match self {
            Scenario::ProxyReset => network::cut(form, Cut::Reset).await,
            Scenario::ProxyClose => network::cut(form, Cut::Close).await,
            Scenario::ProxyStall => network::stall(form).await,
            Scenario::ProxyBlackhole => network::blackhole(form).await,
            Scenario::ProxyTrickle => network::trickle(form).await,
            Scenario::ProxyRefuse => network::refuse(form).await,
            Scenario::ProxyRefuseForever => network::refuse_forever(form).await,
            Scenario::ServerKill => server::kill(form).await,
            Scenario::ServerRestart => server::restart(form).await,
            Scenario::TokenServerError => token::failing(form, TokenMode::ServerError).await,
            Scenario::TokenHang => token::failing(form, TokenMode::Hang).await,
            Scenario::TokenGarbage => token::failing(form, TokenMode::Garbage).await,
            Scenario::TokenExpired => token::failing(form, TokenMode::Expired).await,
            Scenario::TokenServerErrorForever => token::failing_forever(form).await,
            Scenario::ReviewSlow => {
                review::misbehaving(form, ReviewMode::Slow, FallbackResult::Allow).await
            }
            Scenario::ReviewErroring => {
                review::misbehaving(form, ReviewMode::Erroring, FallbackResult::Allow).await
            }
            Scenario::ReviewInvalid => {
                review::misbehaving(form, ReviewMode::Invalid, FallbackResult::Allow).await
            }
            Scenario::ReviewErroringDeny => {
                review::misbehaving(form, ReviewMode::Erroring, FallbackResult::Deny).await
            }
            Scenario::RapidRotation => rotation::rapid(form).await,
        }
    }
}

/// Client settings of every scenario: short timeouts and backoff so a scenario takes
/// seconds, and enough attempts to outlast a fault of the long form.
#[derive(Debug, Clone)]
pub(crate) struct ClientSetup {
    /// `ws://ADDR` the client dials (the proxy's or the service's).
    pub ws: String,
    /// The token endpoint.
    pub token_url: String,
    /// The room.
    pub room_arn: String,
    /// Retries after a failed attempt.
    pub max_reconnect_attempts: u32,
}

/// Bound on one token fetch and one handshake in scenarios (a hanging token endpoint is
/// given up on after this).
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// A request unanswered this long fails as delivery-unknown.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);
/// Enough retries (with the short backoff below) to outlast the long form's faults.
pub(crate) const ATTEMPTS: u32 = 40;

impl ClientSetup {
    pub(crate) fn config(&self, user: &str) -> Result<Config, Error> {
        let tokens = HttpTokenProvider::new(
            self.token_url.clone(),
            CreateChatTokenRequest {
                room_identifier: Some(self.room_arn.clone()),
                user_id: Some(user.to_owned()),
                capabilities: Some(Capability::ALL.to_vec()),
                ..Default::default()
            },
        )
        .with_timeout(CONNECT_TIMEOUT);
        let endpoint = Endpoint::parse(&self.ws)
            .map_err(|error| Error::Control(format!("endpoint {}: {error}", self.ws)))?;
        let mut config = Config::new(endpoint, Arc::new(tokens));
        config.request_timeout = REQUEST_TIMEOUT;
        config.connect_timeout = CONNECT_TIMEOUT;
        config.max_reconnect_attempts = self.max_reconnect_attempts;
        config.backoff.base = Duration::from_millis(100);
        config.backoff.cap = Duration::from_secs(1);
        Ok(config)
    }
}

/// The clients of a scenario: the subject (behind the fault) and the others.
#[derive(Debug, Clone)]
pub(crate) struct Cast {
    /// The client the fault is aimed at.
    pub subject: Arc<Participant>,
    /// The other clients, with whether the fault leaves them alone.
    pub others: Vec<(Arc<Participant>, bool)>,
    sequence: Arc<AtomicU64>,
}

impl Cast {
    pub(crate) fn new(subject: Participant, others: Vec<(Participant, bool)>) -> Self {
        Self {
            subject: Arc::new(subject),
            others: others
                .into_iter()
                .map(|(participant, stable)| (Arc::new(participant), stable))
                .collect(),
            sequence: Arc::new(AtomicU64::new(0)),
        }
    }

    fn everyone(&self) -> Vec<Arc<Participant>> {
        std::iter::once(self.subject.clone())
            .chain(
                self.others
                    .iter()
                    .map(|(participant, _)| participant.clone()),
            )
            .collect()
    }

    /// Connects everyone and waits until they are connected.
    pub(crate) async fn connect(&self, wait: Duration) -> Result<(), Error> {
        for participant in self.everyone() {
            participant.connect().await?;
        }
        for participant in self.everyone() {
            participant
                .wait_state(ConnectionState::Connected, wait)
                .await?;
        }
        Ok(())
    }

    /// Everyone sends `count` messages of `phase`; waits until they settle and every
    /// confirmed one reached everyone. Problems are returned, not raised: they are findings.
    pub(crate) async fn exchange(&self, phase: Phase, count: u64, wait: Duration) -> Vec<String> {
        let mut problems = Vec::new();
        let everyone = self.everyone();
        let mut sent = Vec::new();
        for _ in 0..count {
            for participant in &everyone {
                let seq = self.sequence.fetch_add(1, Ordering::SeqCst);
                let text = phase.content(&participant.name, seq);
                match participant.send(&text).await {
                    Ok(_) => sent.push(text),
                    Err(error) => problems.push(format!("{}: {error}", participant.name)),
                }
            }
        }
        for participant in &everyone {
            if let Err(error) = participant.wait_settled(wait).await {
                problems.push(error.to_string());
            }
        }
        let confirmed: Vec<String> = everyone
            .iter()
            .flat_map(|participant| {
                participant.inspect(|record| {
                    record
                        .requests
                        .values()
                        .filter(|request| {
                            matches!(
                                request.status,
                                ivs_chat_client::RequestStatus::Confirmed { .. }
                            )
                        })
                        .filter_map(|request| request.content.clone())
                        .filter(|text| sent.contains(text))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for participant in &everyone {
            if let Err(error) = participant.wait_seen(&confirmed, wait).await {
                problems.push(error.to_string());
            }
        }
        problems
    }

    /// Sends `during` messages from everyone at `rate` until stopped.
    pub(crate) fn traffic(&self, rate: f64) -> Traffic {
        let stop = Arc::new(AtomicBool::new(false));
        let everyone = self.everyone();
        let sequence = self.sequence.clone();
        let flag = stop.clone();
        let interval = Duration::from_secs_f64(1.0 / rate.max(0.1));
        let task = tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            while !flag.load(Ordering::SeqCst) {
                ticker.tick().await;
                for participant in &everyone {
                    let seq = sequence.fetch_add(1, Ordering::SeqCst);
                    // A stopped room cannot take requests; the ledger counts what was sent.
                    let _ = participant
                        .send(&Phase::During.content(&participant.name, seq))
                        .await;
                }
            }
        });
        Traffic { stop, task }
    }

    /// Waits until the subject is connected and a message it sends is confirmed and seen
    /// by everyone; the time since `since`.
    pub(crate) async fn recover(&self, since: Instant, wait: Duration) -> Result<Duration, Error> {
        // Everyone, not only the subject: a receiver still reconnecting would rightly miss
        // the probe (the service keeps no history, reference §1.6).
        for participant in self.everyone() {
            participant
                .wait_state(ConnectionState::Connected, wait)
                .await?;
        }
        // A probe the service refuses (a 429 while a backlog drains) proves nothing either
        // way: send another, within the same bound.
        let deadline = Instant::now() + wait;
        loop {
            let seq = self.sequence.fetch_add(1, Ordering::SeqCst);
            let probe = Phase::After.content(&self.subject.name, seq);
            let id = self.subject.send(&probe).await?;
            let left = deadline.saturating_duration_since(Instant::now());
            self.subject
                .wait_until("the probe settled", left, |record| {
                    record
                        .requests
                        .get(&id)
                        .is_some_and(|request| request.status != RequestStatus::Pending)
                })
                .await?;
            let confirmed = self.subject.inspect(|record| {
                record.requests.get(&id).is_some_and(|request| {
                    matches!(request.status, RequestStatus::Confirmed { .. })
                })
            });
            if confirmed {
                let probes = [probe];
                for participant in self.everyone() {
                    let left = deadline.saturating_duration_since(Instant::now());
                    participant.wait_seen(&probes, left).await?;
                }
                return Ok(since.elapsed());
            }
            if Instant::now() >= deadline {
                return Err(Error::Timeout("a confirmed probe".into()));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits for every request to settle, then judges the run.
    pub(crate) async fn conclude(&self, verdict: Verdict, wait: Duration) -> Outcome {
        let mut problems = verdict.problems;
        for participant in self.everyone() {
            // A pending request is reported by the ledger; waiting gives it its chance.
            let _ = participant.wait_settled(wait).await;
        }
        let subject = self.subject.snapshot();
        let subject_wire = self.subject.wire();
        let others: Vec<_> = self
            .others
            .iter()
            .map(|(participant, stable)| {
                (
                    participant.snapshot(),
                    participant.wire(),
                    participant.name.clone(),
                    *stable,
                )
            })
            .collect();
        let mut receivers = vec![Receiver {
            name: &self.subject.name,
            record: &subject,
            stable: false,
            wire: &subject_wire,
        }];
        receivers.extend(others.iter().map(|(record, wire, name, stable)| Receiver {
            name,
            record,
            stable: *stable,
            wire,
        }));
        let tally = tally(&receivers);
        problems.extend(tally.problems.iter().cloned());
        if subject.state() != verdict.final_state {
            problems.push(format!(
                "the subject ended {} instead of {}",
                subject.state().name(),
                verdict.final_state.name()
            ));
        }
        let mut words: Vec<String> = subject.reasons();
        words.extend(subject.failures());
        words.dedup();
        if !verdict.words.is_empty() {
            let said = words.join(" | ").to_lowercase();
            if !verdict
                .words
                .iter()
                .any(|expected| said.contains(&expected.to_lowercase()))
            {
                problems.push(format!(
                    "the client never said {:?} in words; it said: {said:?}",
                    verdict.words
                ));
            }
        }
        let happened = format!(
            "subject ended {}; said {}; {} confirmed, {} failed (delivery unknown), {} failed; {} received",
            subject.state().name(),
            summarize(&words),
            tally.confirmed,
            tally.failed_unknown,
            tally.failed_definite,
            tally.received
        );
        Outcome {
            fault: verdict.fault,
            expected: verdict.expected,
            happened,
            lost: tally.lost,
            duplicated: tally.duplicated,
            pending: tally.pending,
            sends: tally.sends,
            wire: tally.wire,
            time_to_recover: verdict.time_to_recover,
            problems,
        }
    }
}

/// The distinct phrases a client said, shortened for a report cell.
fn summarize(words: &[String]) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for word in words {
        if !distinct.contains(&word.as_str()) {
            distinct.push(word);
        }
    }
    if distinct.is_empty() {
        return "nothing".into();
    }
    let shown: Vec<String> = distinct
        .iter()
        .take(3)
        .map(|word| format!("“{}”", word.chars().take(120).collect::<String>()))
        .collect();
    let more = distinct.len().saturating_sub(3);
    if more > 0 {
        format!("{} (+{more} more)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// What a scenario expects, and what it found on the way.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub fault: String,
    pub expected: String,
    /// The subject's state at the end.
    pub final_state: ConnectionState,
    /// At least one of these must appear in the subject's reasons or failures.
    pub words: Vec<&'static str>,
    pub time_to_recover: Option<Duration>,
    /// Findings of the exchanges and the recovery.
    pub problems: Vec<String>,
}

/// Background traffic of the `during` phase.
#[derive(Debug)]
pub(crate) struct Traffic {
    stop: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

impl Traffic {
    /// Stops sending and waits for the loop to end.
    pub(crate) async fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        // The loop ends within one tick; a panic in it would show in the ledger anyway.
        let _ = tokio::time::timeout(Duration::from_secs(5), self.task).await;
    }
}
