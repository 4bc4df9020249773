//! `chatdeck-faults`: proof that `ivs-chat-client` and `ivs-chat-local` keep working and lose
//! nothing under faults, load and hostile input. Development only; never published.
//!
//! Each scenario runs real clients against a real local service on loopback, breaks
//! something on purpose, heals it, and returns an [`Outcome`]: what was expected, what
//! happened, how many messages were lost or duplicated, how long recovery took, and the
//! rules that were broken. Tests assert on outcomes, never on timings; the `reliability`
//! bench runs the long forms and writes `target/reliability-report.md`.
//!
//! # Layout
//!
//! - [`proxy`]: a TCP proxy that cuts (RST / FIN), stalls, trickles or refuses connections.
//! - [`token_endpoint`]: a token endpoint that fails on command (500, hang, garbage, expired).
//! - [`review_handler`]: a message review handler that is slow, errors, or answers garbage.
//! - [`local`]: `ivs-chat-local` in this process or as a child process, and its control plane.
//! - [`participant`]: a client whose updates are drained into a record.
//! - [`tap`]: a relay in front of a client that records what the service really sent it.
//! - [`ledger`]: the rules — lost, duplicated, pending — applied to the records.
//! - [`scenario`]: the scenarios, in short and long forms.
//! - [`soak`]: many rooms, token rotation, random disconnects, memory over time.
//! - [`memory`]: resident set sizes from `/proc`.
//! - [`report`]: the markdown report.
//! - [`fuzz`]: proptest strategies for hostile frames, requests and JSON bodies.

pub mod fuzz;
pub mod ledger;
pub mod local;
pub mod memory;
pub mod participant;
pub mod proxy;
pub mod report;
pub mod review_handler;
pub mod scenario;
pub mod soak;
pub mod tap;
pub mod token_endpoint;

use std::time::Duration;

/// Why a scenario could not run at all (as opposed to running and finding a problem, which
/// is an [`Outcome`] with problems).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Socket or file failure in the harness.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The in-process service failed to start.
    #[error("the local service failed to start: {0}")]
    Service(#[from] ivs_chat_local::Error),
    /// The child service failed to start.
    #[error("ivs-chat-local did not start: {0}")]
    Start(String),
    /// Building the `ivs-chat-local` binary failed.
    #[error("building ivs-chat-local: {0}")]
    Build(String),
    /// A control-plane call failed.
    #[error("control plane: {0}")]
    Control(String),
    /// An HTTP call of the harness failed.
    #[error("http: {0}")]
    Http(#[from] reqwest::Error),
    /// A room handle failed (its actor stopped).
    #[error("room: {0}")]
    Room(#[from] ivs_chat_client::Error),
    /// The fault proxy failed to start.
    #[error(transparent)]
    Proxy(#[from] proxy::ProxyError),
    /// A wait of the harness ran out; says what it waited for.
    #[error("timed out waiting for {0}")]
    Timeout(String),
}

/// What one scenario found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The fault injected, in words.
    pub fault: String,
    /// What a correct client and service do about it.
    pub expected: String,
    /// What the clients reported, in words (their state reasons and failures).
    pub happened: String,
    /// Confirmed messages a receiver should have seen and did not.
    pub lost: u64,
    /// Extra copies of messages the clients showed (after their deduplication).
    pub duplicated: u64,
    /// Requests still pending at the end.
    pub pending: u64,
    /// Every send the harness attempted, by what became of it.
    pub sends: ledger::sends::Sends,
    /// The raw MESSAGE frames the receivers' taps saw, with their duplicates (before the
    /// clients' deduplication).
    pub wire: ledger::wire::WireCount,
    /// From the fault's end (heal, restart) to the first message confirmed and seen by
    /// every client after it; `None` when nothing is expected to recover.
    pub time_to_recover: Option<Duration>,
    /// The rules broken, in words; empty when the scenario passed.
    pub problems: Vec<String>,
}

impl Outcome {
    /// Whether every rule held.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    /// A scenario that could not run or did not finish: a failure, with `why` as its problem,
    /// so that a report counts it instead of leaving it out.
    pub fn not_run(fault: impl Into<String>, why: impl Into<String>) -> Outcome {
        let why = why.into();
        Outcome {
            fault: fault.into(),
            expected: "the scenario runs to its end".into(),
            happened: why.clone(),
            lost: 0,
            duplicated: 0,
            pending: 0,
            sends: ledger::sends::Sends::default(),
            wire: ledger::wire::WireCount::default(),
            time_to_recover: None,
            problems: vec![why],
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: expected {}; happened: {}; sent {}, confirmed {}, failed {}, delivery unknown {}; lost {}, duplicated {} shown / {} on the wire, pending {}",
            self.fault,
            self.expected,
            self.happened,
            self.sends.sent,
            self.sends.confirmed,
            self.sends.failed_in_words(),
            self.sends.delivery_unknown,
            self.lost,
            self.duplicated,
            self.wire.duplicated,
            self.pending
        )?;
        if let Some(time) = self.time_to_recover {
            write!(f, ", recovered in {:.2} s", time.as_secs_f64())?;
        }
        for problem in &self.problems {
            write!(f, "\n  PROBLEM: {problem}")?;
        }
        Ok(())
    }
}
