//! The soak: many rooms on one `ivs-chat-local` child process, steady traffic, tokens
//! rotating every (session) minute, random disconnects, memory of the client (this process)
//! and of the service sampled throughout.
//!
//! Each room has one *observer* connected directly, which is never disconnected on
//! purpose (its rotations must lose nothing), and two *flaky* participants behind a shared
//! fault proxy, which disconnect at random and are cut by the proxy now and then.
//!
//! What is lost or duplicated is decided from records independent of the client under test
//! ([`reconcile`]): the service's own chat logs (every room logs to one CloudWatch Logs
//! configuration), what a tap in front of each client saw on the wire, and every send the
//! harness attempted. Those records go to files as the soak runs, so the harness's memory
//! stays flat however long it lasts.

pub mod reconcile;
mod stage;
mod tracker;
mod traffic;

use std::time::Duration;

use ivs_chat_client::ConnectionState;
use tokio::time::Instant;

use crate::Error;
use crate::ledger::sends::Sends;
use crate::memory::{Growth, Sample, rss_bytes};
use reconcile::{Party, Reconciliation, reconcile};
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
    /// Messages lost by the service's logs: owed to a connected receiver and never shown,
    /// or confirmed and never logged.
    pub lost: u64,
    /// Extra copies shown (after the clients' deduplication) or logged.
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
    /// Every send attempted, by what became of it.
    pub sends: Sends,
    /// The service's logs set against what the receivers showed and their taps saw.
    pub ground_truth: Reconciliation,
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
/// After the last send settles, how long frames on their way get to arrive before the
/// sockets close: past the reconciliation's grace, so the last messages are owed too.
const LAST_FRAMES: Duration = Duration::from_millis(2 * reconcile::GRACE_MICROS as u64 / 1000);

/// Runs a soak.
pub async fn run(settings: SoakSettings) -> Result<SoakReport, Error> {
    let mut stage = Stage::build(&settings).await?;
    stage.connect().await?;
    let disturbance = Disturbance::start(&stage.members, &stage.proxy, &settings);
    let memory = sample_memory(&settings, stage.service.pid()).await;
    let disconnects = disturbance.stop().await;
    let mut problems = stage.settle(SETTLE).await;
    tokio::time::sleep(LAST_FRAMES).await;
    for observer in stage.observers() {
        let state = observer.participant.inspect(|tracker| tracker.state);
        if state != Some(ConnectionState::Connected) {
            problems.push(format!("observer {} ended {state:?}", observer.name));
        }
    }
    // Stopped cleanly, the service writes its last log records.
    stage.stop().await;
    let mut report = count(&stage, settings, memory, disconnects);
    problems.append(&mut report.problems);
    report.problems = problems;
    judge(&mut report);
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

/// Adds up every participant's account and reconciles the records with the service's logs.
fn count(stage: &Stage, settings: SoakSettings, memory: Memory, disconnects: u64) -> SoakReport {
    let mut sends = Sends::default();
    let mut parties = Vec::new();
    let (mut received, mut shown_twice_by_text, mut sessions) = (0, 0, 0);
    for member in &stage.members {
        let attempted = member.sent.load(std::sync::atomic::Ordering::SeqCst);
        let (account, unknown) = member.participant.update(|tracker| {
            received += tracker.received;
            shown_twice_by_text += tracker.duplicated;
            sessions += tracker.sessions;
            tracker.account(attempted)
        });
        sends.add(&account);
        parties.push(Party {
            name: member.name.clone(),
            room_id: member.room_id.clone(),
            wire: member.participant.wire(),
            unknown,
        });
    }
    let ground_truth = reconcile(stage.service.data_dir(), stage.records.path(), &parties);
    SoakReport {
        settings,
        client: memory.client,
        server: memory.server,
        lost: ground_truth.lost(),
        // The files count by id, the tracker by text: a text shown under two ids (a resend)
        // is a duplicate too.
        duplicated: ground_truth.duplicated().max(shown_twice_by_text),
        pending: sends.pending,
        confirmed: sends.confirmed,
        received,
        failed_unknown: sends.delivery_unknown,
        failed_definite: sends.failed_total(),
        sessions,
        disconnects,
        sends,
        ground_truth,
        problems: Vec::new(),
    }
}

/// The rules: nothing lost, duplicated, pending or unaccounted for by the ground truth;
/// memory flat; steady traffic.
fn judge(report: &mut SoakReport) {
    let truth = &report.ground_truth;
    let examples = truth.examples.join("; ");
    if truth.logged == 0 {
        report
            .problems
            .push("the service logged no message: nothing to reconcile".into());
    }
    if report.lost > 0 {
        report.problems.push(format!(
            "{} lost ({} owed deliveries never shown, {} of them never on the wire; {} confirmed sends not in the log): {examples}",
            report.lost, truth.missed, truth.missed_on_wire, truth.confirmed_not_logged
        ));
    }
    if report.duplicated > 0 {
        report.problems.push(format!(
            "{} duplicated ({} shown twice, {} logged twice): {examples}",
            report.duplicated, truth.shown_twice, truth.logged_twice
        ));
    }
    if truth.absent_from_log > 0 {
        report.problems.push(format!(
            "{} messages shown that the service never logged: {examples}",
            truth.absent_from_log
        ));
    }
    if truth.wire.same_socket > 0 {
        report.problems.push(format!(
            "the service sent {} frames twice on one socket",
            truth.wire.same_socket
        ));
    }
    if let Some(discrepancy) = report.sends.discrepancy() {
        report.problems.push(discrepancy);
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
    let sent = report.sends.sent;
    if report.confirmed * 2 < sent {
        report.problems.push(format!(
            "only {} of {sent} messages were confirmed: the soak did not exercise steady traffic",
            report.confirmed
        ));
    }
}
