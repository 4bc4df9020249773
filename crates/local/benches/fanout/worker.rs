//! Load-generating worker processes: the held run's receivers live in children of the bench
//! (this same executable, started with `FANOUT_WORKER` set), so that the count of connections
//! is bounded by the server's own file-descriptor limit and not by the load generator's: a
//! process holds one descriptor per socket, on either end.
//!
//! A worker opens its connections (all their tokens first, then its HTTP connections closed,
//! so they hold no descriptor of the server's), says `ready N`, then answers one line per
//! command on its stdin: `open FROM` / `close UNTIL` (the measuring window, µs since the
//! shared epoch), `count` (deliveries so far) and `report` (deliveries, ERROR frames and the
//! latency histogram). At the end of its stdin it closes everything and exits.

use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::Instant;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::crowd::Crowd;
use crate::server::{Endpoint, Kind, Room};
use crate::socket::{Deliveries, epoch_from_unix, epoch_to_unix};

/// The environment variable that makes the bench executable a worker; its value is the
/// worker's [`Spec`].
const WORKER: &str = "FANOUT_WORKER";

/// What a worker is to hold, as one line of text.
#[derive(Debug, Clone)]
struct Spec {
    kind: Kind,
    addr: SocketAddr,
    room: String,
    group: u8,
    base: usize,
    count: usize,
    epoch_unix: u64,
}

impl Spec {
    fn to_text(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}|{}",
            self.kind.name(),
            self.addr,
            self.room,
            self.group,
            self.base,
            self.count,
            self.epoch_unix
        )
    }

    fn parse(text: &str) -> Option<Spec> {
        let fields: Vec<&str> = text.split('|').collect();
        let [kind, addr, room, group, base, count, epoch_unix] = fields[..] else {
            return None;
        };
        Some(Spec {
            kind: Kind::parse(kind)?,
            addr: addr.parse().ok()?,
            room: room.to_owned(),
            group: group.parse().ok()?,
            base: base.parse().ok()?,
            count: count.parse().ok()?,
            epoch_unix: epoch_unix.parse().ok()?,
        })
    }
}

/// When this process was started as a worker, serves as one and returns `true`.
pub fn serve_if_worker() -> bool {
    let Ok(text) = std::env::var(WORKER) else {
        return false;
    };
    let spec = Spec::parse(&text).unwrap_or_else(|| panic!("a bad worker spec: {text:?}"));
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(serve(spec));
    true
}

async fn serve(spec: Spec) {
    let deliveries = Deliveries::new(epoch_from_unix(spec.epoch_unix));
    let mut endpoint = Endpoint::new(spec.kind, spec.addr);
    let room = Room(spec.room.clone());
    let mut crowd = Crowd::starting_at(spec.base);
    let tickets = crowd.tickets(&endpoint, &room, spec.count, 0).await;
    endpoint.close_http();
    crowd
        .open(&endpoint, spec.group, tickets, 0, &deliveries, |_| {})
        .await;
    println!("ready {}", crowd.len());
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let mut words = line.split_whitespace();
        let command = words.next().unwrap_or_default();
        let value = words.next().and_then(|word| word.parse::<u64>().ok());
        match (command, value) {
            ("open", Some(from)) => deliveries.open_window_at(from),
            ("close", Some(until)) => deliveries.close_window_at(until),
            ("count", _) => {}
            ("report", _) => {
                println!(
                    "report {} {} {}",
                    deliveries.count.load(Ordering::Relaxed),
                    deliveries.errors.load(Ordering::Relaxed),
                    deliveries.latency.to_text()
                );
                continue;
            }
            _ => break,
        }
        println!("count {}", deliveries.count.load(Ordering::Relaxed));
    }
    crowd.close().await;
}

/// A worker process, seen from the bench.
pub struct Worker {
    child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    /// Connections it holds.
    pub connections: usize,
}

impl Worker {
    /// Starts a worker that holds `count` receivers in `room` of `endpoint`, the run's
    /// connections `base..base + count` (their user ids and source addresses of `group`), and
    /// waits until they are open.
    pub async fn start(
        endpoint: &Endpoint,
        room: &Room,
        group: u8,
        base: usize,
        count: usize,
        epoch: Instant,
    ) -> Worker {
        let spec = Spec {
            kind: endpoint.kind,
            addr: endpoint.addr,
            room: room.0.clone(),
            group,
            base,
            count,
            epoch_unix: epoch_to_unix(epoch),
        };
        let mut child = Command::new(std::env::current_exe().expect("the bench executable"))
            .env(WORKER, spec.to_text())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("a worker process");
        let stdin = child.stdin.take().expect("stdin");
        let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut worker = Worker {
            child,
            stdin,
            lines,
            connections: 0,
        };
        let ready = worker.line().await;
        worker.connections = ready
            .strip_prefix("ready ")
            .and_then(|count| count.parse().ok())
            .unwrap_or_else(|| panic!("a worker said {ready:?} instead of ready"));
        worker
    }

    async fn line(&mut self) -> String {
        self.lines
            .next_line()
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("a worker ended early (its connections were refused?)"))
    }

    async fn ask(&mut self, command: &str) -> String {
        self.stdin
            .write_all(format!("{command}\n").as_bytes())
            .await
            .expect("a worker takes commands");
        self.line().await
    }

    async fn count_answer(&mut self, command: &str) -> u64 {
        let answer = self.ask(command).await;
        answer
            .strip_prefix("count ")
            .and_then(|count| count.parse().ok())
            .unwrap_or_else(|| panic!("a worker answered {answer:?} to {command}"))
    }

    /// Opens the measuring window at `from` (µs since the epoch).
    pub async fn open_window(&mut self, from: u64) {
        self.count_answer(&format!("open {from}")).await;
    }

    /// Closes it at `until`.
    pub async fn close_window(&mut self, until: u64) {
        self.count_answer(&format!("close {until}")).await;
    }

    /// Deliveries measured so far.
    pub async fn count(&mut self) -> u64 {
        self.count_answer("count").await
    }

    /// Adds what the worker measured to `into`: deliveries, ERROR frames, latencies.
    pub async fn report_into(&mut self, into: &Deliveries) {
        let answer = self.ask("report").await;
        let mut words = answer.split(' ');
        let (Some("report"), Some(count), Some(errors)) =
            (words.next(), words.next(), words.next())
        else {
            panic!("a worker answered {answer:?} to report");
        };
        into.count
            .fetch_add(count.parse().unwrap_or(0), Ordering::Relaxed);
        into.errors
            .fetch_add(errors.parse().unwrap_or(0), Ordering::Relaxed);
        into.latency.add_text(words.next().unwrap_or_default());
    }

    /// Closes its connections and waits for it to end.
    pub async fn stop(self) {
        let Worker {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = child.wait().await;
    }
}
