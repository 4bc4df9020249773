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

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use ivs_chat_client::{ConnectionState, RequestId, RequestStatus, Update};
use ivs_chat_protocol::Attributes;
use rand::Rng;
use serde_json::json;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::Error;
use crate::local::{ChildOptions, ChildProcess, local_binary};
use crate::memory::{Growth, Sample, rss_bytes};
use crate::participant::{Participant, Tracker};
use crate::proxy::{Cut, FaultProxy};
use crate::scenario::ClientSetup;

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

/// A growable set of small integers that says whether an insert was new.
#[derive(Debug, Clone, Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn insert(&mut self, index: u64) -> bool {
        let (word, bit) = ((index / 64) as usize, index % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        let new = self.0[word] & (1 << bit) == 0;
        self.0[word] |= 1 << bit;
        new
    }

    fn contains(&self, index: u64) -> bool {
        let (word, bit) = ((index / 64) as usize, index % 64);
        self.0
            .get(word)
            .is_some_and(|value| value & (1 << bit) != 0)
    }

    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().enumerate().flat_map(|(word, value)| {
            (0..64)
                .filter(move |bit| value & (1 << bit) != 0)
                .map(move |bit| word as u64 * 64 + bit)
        })
    }
}

/// What one soak participant keeps: bits, counters, and its open requests.
#[derive(Debug, Default)]
pub struct SoakTracker {
    /// This participant's sender name (`r3-a`).
    me: String,
    /// Requests pending now.
    open: HashSet<RequestId>,
    /// Own message ids seen, until their request confirms (id → seq).
    own: HashMap<String, u64>,
    /// Seqs of own messages confirmed.
    confirmed: Bits,
    /// Per sender, the seqs received.
    seen: HashMap<String, Bits>,
    duplicated: u64,
    received: u64,
    failed_unknown: u64,
    failed_definite: u64,
    sessions: u64,
    state: Option<ConnectionState>,
}

/// `soak|<sender>|<seq>` → (sender, seq).
fn parse(content: &str) -> Option<(&str, u64)> {
    let mut parts = content.split('|');
    (parts.next()? == "soak").then_some(())?;
    let sender = parts.next()?;
    let seq = parts.next()?.parse().ok()?;
    Some((sender, seq))
}

impl Tracker for SoakTracker {
    fn on_update(&mut self, update: &Update, _at: Instant) {
        match update {
            Update::Message(message) => {
                self.received += 1;
                if let Some((sender, seq)) = parse(&message.content) {
                    if !self.seen.entry(sender.to_owned()).or_default().insert(seq) {
                        self.duplicated += 1;
                    }
                    if sender == self.me {
                        self.own.insert(message.id.clone(), seq);
                    }
                }
            }
            Update::Request {
                request_id, status, ..
            } => match status {
                RequestStatus::Pending => {
                    self.open.insert(request_id.clone());
                }
                RequestStatus::Confirmed { id } => {
                    self.open.remove(request_id);
                    if let Some(seq) = self.own.remove(id) {
                        self.confirmed.insert(seq);
                    }
                }
                RequestStatus::Failed(failure) => {
                    self.open.remove(request_id);
                    if failure.kind.delivery_unknown() {
                        self.failed_unknown += 1;
                    } else {
                        self.failed_definite += 1;
                    }
                }
            },
            Update::Session(_) => self.sessions += 1,
            Update::State { state, .. } => self.state = Some(*state),
            _ => {}
        }
        // Own messages whose request failed definitely never confirm; keep the map small.
        if self.own.len() > 4096 {
            self.own.clear();
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

struct Member {
    participant: Participant<SoakTracker>,
    name: String,
    sent: AtomicU64,
}

/// Runs a soak.
pub async fn run(settings: SoakSettings) -> Result<SoakReport, Error> {
    let binary = local_binary().await?;
    let minute = settings.minute.as_secs().max(1);
    let mut service = ChildProcess::start(
        binary,
        ChildOptions {
            minute_seconds: Some(minute),
            ..ChildOptions::default()
        },
    )
    .await?;
    let proxy = Arc::new(FaultProxy::start(service.addr()).await?);
    let control = service.control();
    let mut members: Vec<Arc<Member>> = Vec::new();
    let mut observers = Vec::new();
    for room in 0..settings.rooms {
        let room_arn = control
            .create_room(
                &json!({"name": format!("soak-{room}"), "maximumMessageRatePerSecond": 100}),
            )
            .await?;
        for (role, through_proxy) in [("o", false), ("a", true), ("b", true)] {
            let name = format!("r{room}-{role}");
            let ws = if through_proxy {
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
            let tracker = SoakTracker {
                me: name.clone(),
                ..SoakTracker::default()
            };
            let participant = Participant::spawn(name.clone(), config, tracker);
            let member = Arc::new(Member {
                participant,
                name,
                sent: AtomicU64::new(0),
            });
            if !through_proxy {
                observers.push(members.len());
            }
            members.push(member);
        }
    }
    for member in &members {
        member.participant.connect().await?;
    }
    for member in &members {
        member
            .participant
            .wait_until("connected", Duration::from_secs(30), |tracker| {
                tracker.state == Some(ConnectionState::Connected)
            })
            .await?;
    }

    let started = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let disconnects = Arc::new(AtomicU64::new(0));
    let mut tasks: Vec<JoinHandle<()>> = Vec::new();
    for member in &members {
        tasks.push(tokio::spawn(send_loop(
            member.clone(),
            settings.rate,
            stop.clone(),
        )));
        if member.name.ends_with("-a") || member.name.ends_with("-b") {
            tasks.push(tokio::spawn(churn(
                member.clone(),
                settings.disconnect_every,
                stop.clone(),
                disconnects.clone(),
            )));
        }
    }
    tasks.push(tokio::spawn(cuts(
        proxy.clone(),
        settings.cut_every,
        stop.clone(),
        disconnects.clone(),
    )));

    let mut client_samples = Vec::new();
    let mut server_samples = Vec::new();
    let sample = |client: &mut Vec<Sample>, server: &mut Vec<Sample>, pid: Option<u32>| {
        let at = started.elapsed();
        if let Some(rss) = rss_bytes(None) {
            client.push(Sample { at, rss });
        }
        if let Some(rss) = pid.and_then(|pid| rss_bytes(Some(pid))) {
            server.push(Sample { at, rss });
        }
    };
    while started.elapsed() < settings.duration {
        sample(&mut client_samples, &mut server_samples, service.pid());
        let left = settings.duration.saturating_sub(started.elapsed());
        tokio::time::sleep(settings.sample_every.min(left)).await;
    }
    sample(&mut client_samples, &mut server_samples, service.pid());
    stop.store(true, Ordering::SeqCst);
    for task in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
    }

    let mut problems = Vec::new();
    // Everyone back and settled before counting.
    for member in &members {
        let _ = member.participant.connect().await;
    }
    let settle = Duration::from_secs(30);
    for member in &members {
        if let Err(error) = member
            .participant
            .wait_until("settled", settle, |tracker| tracker.open.is_empty())
            .await
        {
            problems.push(error.to_string());
        }
    }
    // Frames already on their way reach the observers.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut report = SoakReport {
        settings,
        client: Growth::of(&client_samples),
        server: Growth::of(&server_samples),
        lost: 0,
        duplicated: 0,
        pending: 0,
        confirmed: 0,
        received: 0,
        failed_unknown: 0,
        failed_definite: 0,
        sessions: 0,
        disconnects: disconnects.load(Ordering::SeqCst),
        problems,
    };
    let mut lost_examples = Vec::new();
    for member in &members {
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
    for &index in &observers {
        let observer = &members[index];
        let room = observer.name.trim_end_matches("-o");
        let seen = observer.participant.inspect(|tracker| tracker.seen.clone());
        for sender in members
            .iter()
            .filter(|member| member.name.rsplit_once('-').map(|(r, _)| r) == Some(room))
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
    let sent: u64 = members.iter().map(|m| m.sent.load(Ordering::SeqCst)).sum();
    if report.confirmed * 2 < sent {
        report.problems.push(format!(
            "only {} of {sent} messages were confirmed: the soak did not exercise steady traffic",
            report.confirmed
        ));
    }
    for member in &members {
        let _ = member.participant.room().disconnect().await;
    }
    service.terminate().await;
    Ok(report)
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

async fn send_loop(member: Arc<Member>, rate: f64, stop: Arc<AtomicBool>) {
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate.max(0.01)));
    // Spread the rooms' sends over the interval rather than all at once.
    let offset = rand::rng().random_range(0.0..1.0 / rate.max(0.01));
    tokio::time::sleep(Duration::from_secs_f64(offset)).await;
    while !stop.load(Ordering::SeqCst) {
        ticker.tick().await;
        let seq = member.sent.fetch_add(1, Ordering::SeqCst);
        let text = format!("soak|{}|{seq}", member.name);
        // A stopped room cannot take requests; the counts say what was confirmed.
        let _ = member
            .participant
            .room()
            .send_message(text, Attributes::default())
            .await;
    }
}

async fn churn(
    member: Arc<Member>,
    every: Duration,
    stop: Arc<AtomicBool>,
    disconnects: Arc<AtomicU64>,
) {
    while !stop.load(Ordering::SeqCst) {
        let wait = every.mul_f64(rand::rng().random_range(0.5..1.5));
        tokio::time::sleep(wait).await;
        if stop.load(Ordering::SeqCst) {
            return;
        }
        disconnects.fetch_add(1, Ordering::SeqCst);
        let _ = member.participant.room().disconnect().await;
        let pause = Duration::from_millis(rand::rng().random_range(100..1000));
        tokio::time::sleep(pause).await;
        let _ = member.participant.room().connect().await;
    }
}

async fn cuts(
    proxy: Arc<FaultProxy>,
    every: Duration,
    stop: Arc<AtomicBool>,
    disconnects: Arc<AtomicU64>,
) {
    while !stop.load(Ordering::SeqCst) {
        tokio::time::sleep(every).await;
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let how = if rand::rng().random_bool(0.5) {
            Cut::Reset
        } else {
            Cut::Close
        };
        disconnects.fetch_add(proxy.open_connections() as u64, Ordering::SeqCst);
        proxy.cut_all(how);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_say_whether_an_insert_was_new() {
        let mut bits = Bits::default();
        assert!(bits.insert(3));
        assert!(bits.insert(200));
        assert!(!bits.insert(3));
        assert!(bits.contains(200) && !bits.contains(4));
        assert_eq!(bits.iter().collect::<Vec<_>>(), vec![3, 200]);
    }

    #[test]
    fn parses_soak_texts_only() {
        assert_eq!(parse("soak|r1-a|42"), Some(("r1-a", 42)));
        assert_eq!(parse("before|x|1"), None);
        assert_eq!(parse("soak|r1-a|x"), None);
    }
}
