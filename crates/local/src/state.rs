//! The state every handler and connection actor shares: [`Shared`], behind one `Arc`.
//!
//! It sits in its own module so that the router (`server`), the control-plane handlers
//! (`control::*`) and the connection actors (`messaging::*`) all import it from here and none
//! of them imports another that imports it back.
//!
//! `Shared` itself is never locked: each field guards its own data with the narrowest tool
//! that fits, and no lock anywhere in it is held across an `.await`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, watch};

use crate::config::Credentials;
use crate::control::throttle::CallRates;
use crate::ids::IdGenerator;
use crate::logging::LogSink;
use crate::messaging::room_hub::Hub;
use crate::metrics::Metrics;
use crate::quota::AccountQuotas;
use crate::review::Reviewer;
use crate::store::Store;
use crate::token::TokenRegistry;

/// The settings the handlers need, taken from the service's `Config` once at start and never
/// changed, so they need no lock.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Region in ARNs.
    pub region: String,
    /// Account in ARNs.
    pub account_id: String,
    /// When set, control-plane requests must be signed with these.
    pub credentials: Option<Credentials>,
    /// Whether the listener is on a loopback address (the token server is unsigned there).
    pub loopback: bool,
    /// How long a minted token may be used to connect.
    pub token_lifetime: Duration,
    /// The length of one minute of `sessionDurationInMinutes`.
    pub minute: Duration,
}

/// Everything the handlers and connection actors share.
#[derive(Debug)]
pub(crate) struct Shared {
    /// Fixed at start: read by every handler, written by none, so plain data.
    pub config: Settings,
    /// Rooms and logging configurations. An `Arc` because the chat-log writer task reads it
    /// too; inside, a std `Mutex` around the SQLite connection, held for one statement.
    pub store: Arc<Store>,
    /// Minted, not yet redeemed chat tokens: a std `Mutex` around a map, held for one insert
    /// or remove (a token is redeemed exactly once, so the check and the removal must be one
    /// step).
    pub tokens: TokenRegistry,
    /// Who is connected to each room. Read-mostly (every fan-out reads the member list), so
    /// `RwLock`s: one over the room map, one over each room's members.
    pub hub: Hub,
    /// Issues the 12-character ids; a std `Mutex` around the recently issued set, so that
    /// checking for a repeat and recording the new id are one step.
    pub ids: IdGenerator,
    /// The CloudWatch-named counters: atomics, plus short `Mutex` sections for the series
    /// labelled by handler uri or logging configuration. An `Arc` because the chat-log writer
    /// counts destination errors too.
    pub metrics: Arc<Metrics>,
    /// Calls review handlers; holds a `reqwest::Client`, which is already shared-safe, and the
    /// read-only Lambda map, so no lock.
    pub reviewer: Reviewer,
    /// The chat-log writer's queue: a bounded channel, so recording never blocks a fan-out.
    pub logs: LogSink,
    /// The control plane's per-operation call rates, when enforced: a std `Mutex` around the
    /// buckets, because taking a token reads and writes one bucket in one step.
    pub call_rates: CallRates,
    /// The account's quotas (rooms, connections, account-wide message rates), shared by the
    /// REST API and the WebSocket: an atomic for the connection count, a std `Mutex` per rate
    /// bucket, each held for one take.
    pub quotas: AccountQuotas,
    /// `true` once shutdown begins; every actor watches it. A `watch` channel, so actors that
    /// start after it flipped see it too.
    pub shutdown: watch::Sender<bool>,
    /// Counts live connection actors so shutdown can wait for their closes: an atomic and a
    /// `Notify`, no lock.
    pub live: Live,
}

impl Shared {
    /// A receiver that turns `true` at shutdown.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

/// A count of running connection actors.
#[derive(Debug, Default)]
pub(crate) struct Live {
    /// Actors running now.
    count: AtomicUsize,
    /// Woken when the count drops to zero.
    idle: Notify,
}

/// Held by an actor while it runs.
#[derive(Debug)]
pub(crate) struct LiveGuard<'a>(&'a Live);

impl Live {
    /// Registers a running actor.
    pub fn enter(&self) -> LiveGuard<'_> {
        self.count.fetch_add(1, Ordering::SeqCst);
        LiveGuard(self)
    }

    /// Waits until no actor runs, or `limit` passes.
    pub async fn wait_idle(&self, limit: Duration) {
        let _ = tokio::time::timeout(limit, async {
            loop {
                let idle = self.idle.notified();
                if self.count.load(Ordering::SeqCst) == 0 {
                    return;
                }
                idle.await;
            }
        })
        .await;
    }
}

impl Drop for LiveGuard<'_> {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}
