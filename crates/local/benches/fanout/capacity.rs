//! The capacity run: the offered load raised step by step until the 99th percentile of
//! delivery latency passes the limit (or deliveries go missing). Rooms of 1,000 connections,
//! 10 of them sending; a room takes at most 100 messages a second (its
//! `maximumMessageRatePerSecond` cap, 10 per connection), so a step past 100,000 deliveries a
//! second adds rooms.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::crowd::{Crowd, Traffic};
use crate::server::{Kind, Server};
use crate::socket::Deliveries;

/// Connections per room.
pub const ROOM_SIZE: usize = 1_000;
/// Senders per room.
pub const SENDERS: usize = 10;
/// Messages per second one room takes.
const ROOM_RATE: u64 = 100;

/// How a capacity run goes.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Offered deliveries per second, step by step.
    pub steps: Vec<u64>,
    /// Sending before a step is measured.
    pub warm_up: Duration,
    /// How long a step is measured.
    pub measure: Duration,
    /// The p99 past which the server is over capacity.
    pub p99_limit: Duration,
}

/// One step's figures.
#[derive(Debug, Clone, Default)]
pub struct Step {
    /// Deliveries per second offered.
    pub offered: u64,
    /// Rooms sending.
    pub rooms: usize,
    /// Deliveries per second that arrived.
    pub achieved: f64,
    /// Deliveries that arrived of those owed.
    pub delivered_fraction: f64,
    /// Median latency, µs.
    pub p50: u64,
    /// 99th percentile latency, µs.
    pub p99: u64,
    /// Server CPU per 1,000 deliveries.
    pub cpu_per_1000: Duration,
    /// Server CPU, percent of one core.
    pub cpu_percent: f64,
    /// Sends refused (ERROR frames).
    pub refused: u64,
}

impl Step {
    /// Within the limit: p99 under it and (nearly) every delivery made.
    pub fn within(&self, plan: &Plan) -> bool {
        self.p99 <= plan.p99_limit.as_micros() as u64 && self.delivered_fraction >= 0.99
    }
}

/// One run on one server.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Every step made, the last one the first past the limit (unless all held).
    pub steps: Vec<Step>,
}

impl Run {
    /// The most deliveries per second achieved within the limit.
    pub fn capacity(&self, plan: &Plan) -> f64 {
        self.steps
            .iter()
            .filter(|step| step.within(plan))
            .map(|step| step.achieved)
            .fold(0.0, f64::max)
    }
}

/// Raises the load on a fresh `kind` server until it is past the limit, connecting from the
/// source addresses of `group`.
pub async fn run(kind: Kind, plan: &Plan, group: u8, epoch: Instant) -> Run {
    let server = Server::start(kind);
    let deliveries = Deliveries::new(epoch);
    let mut crowd = Crowd::new();
    let mut run = Run::default();
    for &offered in &plan.steps {
        let per_room = (ROOM_RATE * ROOM_SIZE as u64) as f64;
        let rooms = (offered as f64 / per_room).ceil().max(1.0) as usize;
        while crowd.senders.len() < rooms {
            let room = server
                .create_room(&format!("step{}", crowd.senders.len()))
                .await;
            crowd
                .join(
                    &server.endpoint,
                    &room,
                    group,
                    ROOM_SIZE,
                    SENDERS,
                    &deliveries,
                    |_| {},
                )
                .await;
        }
        let sender_rate = offered as f64 / rooms as f64 / ROOM_SIZE as f64 / SENDERS as f64;
        let senders: Vec<_> = crowd.senders[..rooms].iter().flatten().cloned().collect();
        let step = measure(
            &server,
            &senders,
            sender_rate,
            &deliveries,
            plan,
            offered,
            rooms,
        )
        .await;
        eprintln!(
            "fanout: {} at {offered}/s offered: {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, {:.0}% delivered",
            kind.name(),
            step.achieved,
            step.p50 as f64 / 1000.0,
            step.p99 as f64 / 1000.0,
            step.delivered_fraction * 100.0
        );
        let within = step.within(plan);
        run.steps.push(step);
        if !within {
            break;
        }
    }
    crowd.close().await;
    run
}

async fn measure(
    server: &Server,
    senders: &[Arc<tokio::sync::Mutex<tokio::net::tcp::OwnedWriteHalf>>],
    sender_rate: f64,
    deliveries: &Arc<Deliveries>,
    plan: &Plan,
    offered: u64,
    rooms: usize,
) -> Step {
    // Nothing is measured while the senders warm up.
    deliveries.open_window();
    deliveries.close_window();
    let traffic = Traffic::start(senders, sender_rate, deliveries);
    tokio::time::sleep(plan.warm_up).await;
    deliveries.open_window();
    let cpu = server.cpu();
    let started = Instant::now();
    tokio::time::sleep(plan.measure).await;
    deliveries.close_window();
    let window = started.elapsed();
    let cpu = server.cpu() - cpu;
    traffic.stop().await;
    // Frames sent at the window's end are on their way for at most the limit, if the
    // server keeps up.
    tokio::time::sleep(plan.p99_limit * 2).await;
    let delivered = deliveries.count.load(Ordering::Relaxed);
    let owed = deliveries.sent.load(Ordering::Relaxed) * ROOM_SIZE as u64;
    Step {
        offered,
        rooms,
        achieved: delivered as f64 / window.as_secs_f64(),
        delivered_fraction: if owed == 0 {
            0.0
        } else {
            delivered as f64 / owed as f64
        },
        p50: deliveries.latency.quantile(0.50),
        p99: deliveries.latency.quantile(0.99),
        cpu_per_1000: if delivered == 0 {
            Duration::ZERO
        } else {
            cpu.mul_f64(1000.0 / delivered as f64)
        },
        cpu_percent: cpu.as_secs_f64() / window.as_secs_f64() * 100.0,
        refused: deliveries.errors.load(Ordering::Relaxed),
    }
}
