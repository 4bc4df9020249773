//! The soak: many rooms on one `ivs-chat-local` child process, steady traffic, tokens
//! rotating every (session) minute, random disconnects, memory of the client (this process)
//! and of the service sampled throughout.
//!
//! Each room has one *observer* connected directly, which is never disconnected on
//! purpose (its rotations must lose nothing), and two *flaky* participants behind a shared
//! fault proxy, which disconnect at random and are cut by the proxy now and then. Every
//! message confirmed to any sender must reach its room's observer exactly once; no
//! receiver may see a message twice; nothing may stay pending.
//!
//! What the harness keeps per message is one bit per sender and receiver, so its own
//! memory stays flat over a long run.

mod stage;
mod tracker;
mod traffic;

use std::time::Duration;

use ivs_chat_client::ConnectionState;
use tokio::time::Instant;

use crate::Error;
use crate::memory::{Growth, Sample, rss_bytes};
use stage::Stage;
use traffic::Disturbance;

/// How a soak runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoakSettings {
    /// How long traffic flows.
    pub duration: Duration,
    /// Rooms, each with an observer and two flaky participants.
    pub rooms: usize,
    /// The service's session minute; sessions last one minute, so tokens rotate about every
    /// three quarters of it.
    pub minute: Duration,
    /// Messages per second each participant sends.
    pub rate: f64,
    /// Mean time between a flaky participant's own disconnects.
    pub disconnect_every: Duration,
    /// Time between proxy cuts of every flaky connection.
    pub cut_every: Duration,
    /// Time between memory samples.
    pub sample_every: Duration,
}

impl SoakSettings {
    /// The defaults for a run of `duration`: 20 rooms, a real 60 s minute, 1 message/s per
    /// participant; `SOAK_SECONDS` and `SOAK_ROOMS` override duration and rooms.
    pub fn from_env(duration: Duration) -> SoakSettings {
        let seconds = std::env::var("SOAK_SECONDS")
            .ok()
            .and_then(|text| text.parse::<u64>().ok());
        let rooms = std::env::var("SOAK_ROOMS")
            .ok()
            .and_then(|text| text.parse::<usize>().ok());
        SoakSettings {
            duration: seconds.map_or(duration, Duration::from_secs),
            rooms: rooms.unwrap_or(20).max(1),
            minute: Duration::from_secs(60),
            rate: 1.0,
            disconnect_every: Duration::from_secs(20),
            cut_every: Duration::from_secs(30),
            sample_every: Duration::from_secs(5),
        }
    }
}

/// What a soak found.
#[derive(Debug, Clone)]
pub struct SoakReport {
    /// How it ran.
    pub settings: SoakSettings,
    /// Memory of this process (the clients and the harness).
    pub client: Option<Growth>,
    /// Memory of the service process.
    pub server: Option<Growth>,
    /// Confirmed messages an observer never saw.
    pub lost: u64,
    /// Extra copies seen, over every receiver.
    pub duplicated: u64,
    /// Requests still pending at the end.
    pub pending: u64,
    /// Messages confirmed.
    pub confirmed: u64,
    /// Messages received, over every receiver.
    pub received: u64,
    /// Requests failed as delivery-unknown (disconnects under them).
    pub failed_unknown: u64,
    /// Requests failed for a definite reason (sent while disconnected).
    pub failed_definite: u64,
    /// Connections opened with a new token (connects, reconnects and rotations).
    pub sessions: u64,
    /// Disconnects caused on purpose (own and proxy cuts).
    pub disconnects: u64,
    /// What broke the rules, in words.
    pub problems: Vec<String>,
}

impl SoakReport {
    /// Whether nothing was lost, duplicated or left pending, and memory stayed flat.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Memory may grow by this fraction of the early steady state, plus [`FLAT_SLACK`].
pub const FLAT_FRACTION: f64 = 0.10;
/// Allocator and page noise allowed on top of [`FLAT_FRACTION`].
pub const FLAT_SLACK: u64 = 8 * 1024 * 1024;

/// Bound on every request settling once traffic stops.
const SETTLE: Duration = Duration::from_secs(30);

/// Runs a soak.
pub async fn run(settings: SoakSettings) -> Result<SoakReport, Error> {
    let stage = Stage::build(&settings).await?;
    stage.connect().await?;
    let disturbance = Disturbance::start(&stage.members, &stage.proxy, &settings);
    let memory = sample_memory(&settings, stage.service.pid()).await;
    let disconnects = disturbance.stop().await;
    let mut problems = stage.settle(SETTLE).await;
    // Frames already on their way reach the observers.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut report = count(&stage, settings, memory, disconnects);
    problems.append(&mut report.problems);
    report.problems = problems;
    judge(&mut report, &stage);
    stage.tear_down().await;
    Ok(report)
}

/// Memory of this process and of the service over the soak's duration.
struct Memory {
    client: Option<Growth>,
    server: Option<Growth>,
}

/// Samples memory every `sample_every` until the soak's duration is up.
async fn sample_memory(settings: &SoakSettings, service: Option<u32>) -> Memory {
    let started = Instant::now();
    let mut client = Vec::new();
    let mut server = Vec::new();
    loop {
        let at = started.elapsed();
        if let Some(rss) = rss_bytes(None) {
            client.push(Sample { at, rss });
        }
        if let Some(rss) = service.and_then(|pid| rss_bytes(Some(pid))) {
            server.push(Sample { at, rss });
        }
        let left = settings.duration.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        tokio::time::sleep(settings.sample_every.min(left)).await;
    }
    Memory {
        client: Growth::of(&client),
        server: Growth::of(&server),
    }
}

/// Adds up what every participant recorded; a confirmed message its room's observer never
/// saw is lost.
fn count(stage: &Stage, settings: SoakSettings, memory: Memory, disconnects: u64) -> SoakReport {
    let mut report = SoakReport {
        settings,
        client: memory.client,
        server: memory.server,
        lost: 0,
        duplicated: 0,
        pending: 0,
        confirmed: 0,
        received: 0,
        failed_unknown: 0,
        failed_definite: 0,
        sessions: 0,
        disconnects,
        problems: Vec::new(),
    };
    for member in &stage.members {
        member.participant.inspect(|tracker| {
            report.duplicated += tracker.duplicated;
            report.pending += tracker.open.len() as u64;
            report.received += tracker.received;
            report.failed_unknown += tracker.failed_unknown;
            report.failed_definite += tracker.failed_definite;
            report.sessions += tracker.sessions;
            report.confirmed += tracker.confirmed.iter().count() as u64;
        });
    }
    let mut lost_examples = Vec::new();
    for observer in stage.observers() {
        let seen = observer.participant.inspect(|tracker| tracker.seen.clone());
        for sender in stage
            .members
            .iter()
            .filter(|member| member.room() == observer.room())
        {
            let confirmed = sender
                .participant
                .inspect(|tracker| tracker.confirmed.clone());
            let received = seen.get(&sender.name);
            for seq in confirmed.iter() {
                if !received.is_some_and(|bits| bits.contains(seq)) {
                    report.lost += 1;
                    if lost_examples.len() < 3 {
                        lost_examples
                            .push(format!("{} never saw {}#{seq}", observer.name, sender.name));
                    }
                }
            }
        }
        let state = observer.participant.inspect(|tracker| tracker.state);
        if state != Some(ConnectionState::Connected) {
            report
                .problems
                .push(format!("observer {} ended {state:?}", observer.name));
        }
    }
    if report.lost > 0 {
        report.problems.push(format!(
            "{} lost: {}",
            report.lost,
            lost_examples.join("; ")
        ));
    }
    report
}

/// The rules beyond losses: no duplicate, nothing pending, memory flat, steady traffic.
fn judge(report: &mut SoakReport, stage: &Stage) {
    if report.duplicated > 0 {
        report
            .problems
            .push(format!("{} duplicated", report.duplicated));
    }
    if report.pending > 0 {
        report
            .problems
            .push(format!("{} requests still pending", report.pending));
    }
    for (who, growth) in [("client", report.client), ("server", report.server)] {
        match growth {
            Some(growth) if !growth.is_flat(FLAT_FRACTION, FLAT_SLACK) => {
                report.problems.push(format!(
                    "{who} memory grew in steady state: {} → {}",
                    crate::memory::mib(growth.early),
                    crate::memory::mib(growth.late)
                ));
            }
            Some(_) => {}
            None => report
                .problems
                .push(format!("no memory samples of the {who}")),
        }
    }
    let sent: u64 = stage
        .members
        .iter()
        .map(|member| member.sent.load(std::sync::atomic::Ordering::SeqCst))
        .sum();
    if report.confirmed * 2 < sent {
        report.problems.push(format!(
            "only {} of {sent} messages were confirmed: the soak did not exercise steady traffic",
            report.confirmed
        ));
    }
}
