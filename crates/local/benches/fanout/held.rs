//! The held run: as many connections as the account quota allows (50,000, or what the
//! server's file-descriptor limit leaves) in one room of one server, their memory, then
//! messages to all of them at a measured rate and latency.
//!
//! The receivers are held by [worker processes](crate::worker) of [`CHECKPOINT`] connections
//! each, so that the count is bounded by the server's own descriptors, not by the load
//! generator's; the one sender is in this process.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::crowd::{Crowd, Traffic};
use crate::server::{Descriptors, Kind, Server};
use crate::socket::{Deliveries, micros_since};
use crate::worker::Worker;

/// Messages sent to the held room, one a second.
const MESSAGES: u64 = 10;
/// The connection count whose memory is also reported on the way (the previous runs' size),
/// and the connections each worker process holds.
pub const CHECKPOINT: usize = 10_000;

/// What the held run measured on one server.
#[derive(Debug, Clone, Default)]
pub struct Held {
    /// Connections open at once (the sender included).
    pub connections: usize,
    /// Load-generating processes that held them.
    pub processes: usize,
    /// The server's descriptors with all of them open, and its limit.
    pub descriptors: Option<Descriptors>,
    /// How long opening them took.
    pub connect_time: Duration,
    /// Server RSS per connection at [`CHECKPOINT`] connections, in bytes.
    pub rss_at_checkpoint: f64,
    /// Server RSS per connection with all of them open and idle.
    pub rss_idle: f64,
    /// Server RSS per connection after the messages.
    pub rss_after_traffic: f64,
    /// Deliveries owed: messages × connections.
    pub expected: u64,
    /// Deliveries that arrived.
    pub delivered: u64,
    /// Deliveries per second, averaged from the first send to the last delivery.
    pub deliveries_per_second: f64,
    /// Median delivery latency, µs.
    pub p50: u64,
    /// 99th percentile delivery latency, µs.
    pub p99: u64,
    /// Server CPU per 1,000 deliveries.
    pub cpu_per_1000: Duration,
}

fn settle_rss(server: &Server) -> u64 {
    std::thread::sleep(Duration::from_millis(500));
    server.rss()
}

/// Deliveries so far: this process's and every worker's.
async fn delivered(deliveries: &Deliveries, workers: &mut [Worker]) -> u64 {
    let mut total = deliveries.count.load(Ordering::Relaxed);
    for worker in workers {
        total += worker.count().await;
    }
    total
}

/// Holds `connections` in one room of `kind` and sends to them, from the source addresses of
/// `group` (the receivers) and `group + 1` (the sender).
pub async fn run(kind: Kind, connections: usize, group: u8, epoch: Instant) -> Held {
    let server = Server::start(kind);
    let baseline = settle_rss(&server);
    let room = server.create_room("held").await;
    let deliveries = Deliveries::new(epoch);
    let started = Instant::now();
    let mut at_checkpoint = None;
    // The receivers first, then the one sender, so the checkpoint counts idle connections.
    let receivers = connections.saturating_sub(1);
    let mut workers = Vec::new();
    let mut base = 0;
    while base < receivers {
        let count = (receivers - base).min(CHECKPOINT);
        let worker = Worker::start(&server.endpoint, &room, group, base, count, epoch).await;
        base += worker.connections;
        workers.push(worker);
        if at_checkpoint.is_none() && base >= CHECKPOINT {
            at_checkpoint = Some((base, settle_rss(&server)));
        }
    }
    let mut crowd = Crowd::starting_at(base);
    crowd
        .join(
            &server.endpoint,
            &room,
            group + 1,
            1,
            1,
            &deliveries,
            |_| {},
        )
        .await;
    let connect_time = started.elapsed();
    let held = base + crowd.len();
    let descriptors = server.descriptors();
    let idle = settle_rss(&server);
    eprintln!(
        "fanout: {} holds {held} connections from {} processes ({:.0} s to open; {} of its {} descriptors open)",
        kind.name(),
        workers.len() + 1,
        connect_time.as_secs_f64(),
        descriptors.open,
        descriptors.limit
    );

    // One window for every process, in µs of the shared epoch.
    let from = micros_since(epoch);
    for worker in &mut workers {
        worker.open_window(from).await;
    }
    deliveries.open_window_at(from);
    let cpu = server.cpu();
    let sending = Instant::now();
    let traffic = Traffic::start(&crowd.senders[0], 1.0, &deliveries);
    while deliveries.sent.load(Ordering::Relaxed) < MESSAGES {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let until = micros_since(epoch);
    deliveries.close_window_at(until);
    for worker in &mut workers {
        worker.close_window(until).await;
    }
    traffic.stop().await;
    let expected = deliveries.sent.load(Ordering::Relaxed) * held as u64;
    // Every delivery, or no progress for two seconds.
    let mut last = (0, Instant::now());
    let mut last_delivery = Instant::now();
    loop {
        let delivered = delivered(&deliveries, &mut workers).await;
        if delivered != last.0 {
            last = (delivered, Instant::now());
            last_delivery = last.1;
        }
        if delivered >= expected || last.1.elapsed() > Duration::from_secs(2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let took = last_delivery.duration_since(sending);
    let cpu = server.cpu() - cpu;
    for worker in &mut workers {
        worker.report_into(&deliveries).await;
    }
    let delivered = deliveries.count.load(Ordering::Relaxed);
    let after = settle_rss(&server);
    let processes = workers.len() + 1;
    crowd.close().await;
    for worker in workers {
        worker.stop().await;
    }
    let per = |rss: u64, count: usize| rss.saturating_sub(baseline) as f64 / count.max(1) as f64;
    Held {
        connections: held,
        processes,
        descriptors: Some(descriptors),
        connect_time,
        rss_at_checkpoint: at_checkpoint.map_or(0.0, |(count, rss)| per(rss, count)),
        rss_idle: per(idle, held),
        rss_after_traffic: per(after, held),
        expected,
        delivered,
        deliveries_per_second: delivered as f64 / took.as_secs_f64().max(f64::EPSILON),
        p50: deliveries.latency.quantile(0.50),
        p99: deliveries.latency.quantile(0.99),
        cpu_per_1000: if delivered == 0 {
            Duration::ZERO
        } else {
            cpu.mul_f64(1000.0 / delivered as f64)
        },
    }
}
