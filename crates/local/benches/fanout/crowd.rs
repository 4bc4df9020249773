//! Connections opened in bulk: receivers whose frames go into the shared [`Deliveries`], and
//! among them the senders, whose write halves a [`Traffic`] drives.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::{Mutex, watch};
use tokio::task::JoinHandle;

use crate::server::{Endpoint, Room, Ticket};
use crate::socket::{Deliveries, micros_since, text_frame};

/// Connections opened at once while a crowd forms.
const CONNECT_BATCH: usize = 200;
/// Connections per loopback source address: under the ~28,000 ephemeral ports one address
/// has (Linux routes all of 127/8 to `lo`, so any 127.x.y.z is a source of its own).
pub const PER_SOURCE: usize = 15_000;

/// The source address of connection `index` of group `group`: `127.<group>.<n>.1`.
pub fn source(group: u8, index: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, group, (index / PER_SOURCE) as u8 + 1, 1))
}

/// Open connections and their readers.
pub struct Crowd {
    /// The index of this crowd's first connection among all the run's, for user ids and
    /// source addresses (a run may spread its connections over several processes).
    base: usize,
    /// Every connection's write half, kept so that the socket stays open (a dropped one would
    /// half-close it); the senders' are shared with their traffic.
    writers: Vec<Arc<Mutex<OwnedWriteHalf>>>,
    /// The write halves that may send, by room.
    pub senders: Vec<Vec<Arc<Mutex<OwnedWriteHalf>>>>,
    stop: watch::Sender<bool>,
    readers: Vec<JoinHandle<()>>,
}

impl Crowd {
    /// No connections yet.
    pub fn new() -> Self {
        Self::starting_at(0)
    }

    /// No connections yet; the first will be the run's connection `base`.
    pub fn starting_at(base: usize) -> Self {
        Self {
            base,
            writers: Vec::new(),
            senders: Vec::new(),
            stop: watch::channel(false).0,
            readers: Vec::new(),
        }
    }

    /// Connections open.
    pub fn len(&self) -> usize {
        self.writers.len()
    }

    /// Adds `count` connections to `room` (the first `senders` of them may send), from the
    /// source addresses of `group`, reading into `deliveries`. Calls `at` with the count
    /// reached after every batch.
    #[allow(clippy::too_many_arguments)]
    pub async fn join(
        &mut self,
        endpoint: &Endpoint,
        room: &Room,
        group: u8,
        count: usize,
        senders: usize,
        deliveries: &Arc<Deliveries>,
        at: impl FnMut(usize),
    ) {
        let tickets = self.tickets(endpoint, room, count, senders).await;
        self.open(endpoint, group, tickets, senders, deliveries, at)
            .await;
    }

    /// What `count` more connections to `room` need (tokens for ivs-chat-local), fetched
    /// `CONNECT_BATCH` at a time; the first `senders` may send.
    pub async fn tickets(
        &self,
        endpoint: &Endpoint,
        room: &Room,
        count: usize,
        senders: usize,
    ) -> Vec<Ticket> {
        let first = self.base + self.len();
        let mut tickets = Vec::with_capacity(count);
        while tickets.len() < count {
            let from = tickets.len();
            let batch = (count - from).min(CONNECT_BATCH);
            tickets.extend(
                futures_util::future::join_all(
                    (from..from + batch).map(|n| endpoint.ticket(room, first + n, n < senders)),
                )
                .await,
            );
        }
        tickets
    }

    /// Opens a connection for each of `tickets` (the first `senders` may send), from the
    /// source addresses of `group`, reading into `deliveries`. Calls `at` with the count
    /// reached after every batch.
    pub async fn open(
        &mut self,
        endpoint: &Endpoint,
        group: u8,
        tickets: Vec<Ticket>,
        senders: usize,
        deliveries: &Arc<Deliveries>,
        mut at: impl FnMut(usize),
    ) {
        let first = self.base + self.len();
        let mut room_senders = Vec::new();
        for (batch_index, batch) in tickets.chunks(CONNECT_BATCH).enumerate() {
            let index = batch_index * CONNECT_BATCH;
            let sockets = futures_util::future::join_all(
                batch
                    .iter()
                    .enumerate()
                    .map(|(n, ticket)| endpoint.open(source(group, first + index + n), ticket)),
            )
            .await;
            for (offset, socket) in sockets.into_iter().enumerate() {
                let (write, reader) = socket.receive(deliveries.clone(), self.stop.subscribe());
                self.readers.push(tokio::spawn(reader));
                let write = Arc::new(Mutex::new(write));
                if index + offset < senders {
                    room_senders.push(write.clone());
                }
                self.writers.push(write);
            }
            at(self.len());
        }
        self.senders.push(room_senders);
    }

    /// Stops the readers and closes every connection.
    pub async fn close(self) {
        let _ = self.stop.send(true);
        for reader in self.readers {
            let _ = reader.await;
        }
        drop(self.writers);
    }
}

/// Senders sending at a steady rate until stopped.
pub struct Traffic {
    stop: Arc<AtomicBool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Traffic {
    /// Every writer of `senders` sends `rate` messages per second, each carrying its send
    /// time; the ones sent inside `deliveries`' window are counted as offered.
    pub fn start(
        senders: &[Arc<Mutex<OwnedWriteHalf>>],
        rate: f64,
        deliveries: &Arc<Deliveries>,
    ) -> Traffic {
        let stop = Arc::new(AtomicBool::new(false));
        let period = Duration::from_secs_f64(1.0 / rate.max(0.01));
        let tasks = senders
            .iter()
            .enumerate()
            .map(|(index, writer)| {
                let (writer, stop, deliveries) = (writer.clone(), stop.clone(), deliveries.clone());
                // Spread the senders over the period rather than all at once.
                let offset = period.mul_f64(index as f64 / senders.len().max(1) as f64);
                tokio::spawn(async move {
                    tokio::time::sleep(offset).await;
                    let mut writer = writer.lock().await;
                    let mut ticker = tokio::time::interval(period);
                    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                    while !stop.load(Ordering::Relaxed) {
                        ticker.tick().await;
                        let sent = micros_since(deliveries.epoch);
                        let text = format!(r#"{{"Action":"SEND_MESSAGE","Content":"t={sent}"}}"#);
                        if writer.write_all(&text_frame(&text)).await.is_err() {
                            return;
                        }
                        deliveries.offered(sent);
                    }
                })
            })
            .collect();
        Traffic { stop, tasks }
    }

    /// Stops sending.
    pub async fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}
