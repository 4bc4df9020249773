//! The held run: as many connections as the account quota allows (50,000, or what the file
//! descriptor limit leaves) in one room of one server, their memory, then messages to all of
//! them at a measured rate and latency.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::crowd::{Crowd, Traffic};
use crate::server::{Kind, Server};
use crate::socket::Deliveries;

/// Messages sent to the held room, one a second.
const MESSAGES: u64 = 10;
/// The connection count whose memory is also reported on the way (the previous runs' size).
const CHECKPOINT: usize = 10_000;

/// What the held run measured on one server.
#[derive(Debug, Clone, Default)]
pub struct Held {
    /// Connections open at once (the sender included).
    pub connections: usize,
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

/// Holds `connections` in one room of `kind` and sends to them, from the source addresses of
/// `group` and `group + 1`.
pub async fn run(kind: Kind, connections: usize, group: u8, epoch: Instant) -> Held {
    let server = Server::start(kind);
    let baseline = settle_rss(&server);
    let room = server.create_room("held").await;
    let deliveries = Deliveries::new(epoch);
    let mut crowd = Crowd::new();
    let started = Instant::now();
    let mut at_checkpoint = None;
    // The receivers first, then the one sender, so the checkpoint counts idle connections.
    let receivers = connections.saturating_sub(1);
    let mut checkpoint = |reached: usize| {
        if reached >= CHECKPOINT && at_checkpoint.is_none() {
            at_checkpoint = Some((reached, server.rss()));
        }
    };
    crowd
        .join(
            &server,
            &room,
            group,
            receivers,
            0,
            &deliveries,
            &mut checkpoint,
        )
        .await;
    crowd
        .join(&server, &room, group + 1, 1, 1, &deliveries, |_| {})
        .await;
    let connect_time = started.elapsed();
    let idle = settle_rss(&server);
    eprintln!(
        "fanout: {} holds {} connections ({:.0} s to open)",
        kind.name(),
        crowd.len(),
        connect_time.as_secs_f64()
    );

    deliveries.open_window();
    let cpu = server.cpu();
    let sending = Instant::now();
    let traffic = Traffic::start(&crowd.senders[1], 1.0, &deliveries);
    while deliveries.sent.load(Ordering::Relaxed) < MESSAGES {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    deliveries.close_window();
    traffic.stop().await;
    let expected = deliveries.sent.load(Ordering::Relaxed) * crowd.len() as u64;
    // Every delivery, or no progress for two seconds.
    let mut last = (0, Instant::now());
    loop {
        let delivered = deliveries.count.load(Ordering::Relaxed);
        if delivered >= expected || last.1.elapsed() > Duration::from_secs(2) {
            break;
        }
        if delivered != last.0 {
            last = (delivered, Instant::now());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let took = sending.elapsed();
    let cpu = server.cpu() - cpu;
    let delivered = deliveries.count.load(Ordering::Relaxed);
    let after = settle_rss(&server);
    crowd.close().await;
    let per = |rss: u64, count: usize| rss.saturating_sub(baseline) as f64 / count.max(1) as f64;
    Held {
        connections,
        connect_time,
        rss_at_checkpoint: at_checkpoint.map_or(0.0, |(count, rss)| per(rss, count)),
        rss_idle: per(idle, connections),
        rss_after_traffic: per(after, connections),
        expected,
        delivered,
        deliveries_per_second: delivered as f64 / took.as_secs_f64(),
        p50: deliveries.latency.quantile(0.50),
        p99: deliveries.latency.quantile(0.99),
        cpu_per_1000: if delivered == 0 {
            Duration::ZERO
        } else {
            cpu.mul_f64(1000.0 / delivered as f64)
        },
    }
}
