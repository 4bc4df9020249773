//! What disturbs a soak while it runs: steady sends from every participant, the flaky
//! participants' own disconnects, and the proxy's cuts. Each is a task that stops as soon as
//! the soak's stop signal comes, in the middle of a wait too: the churn and the cuts wait up
//! to 15 s between moves, and a soak should not sit out those waits before settling.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use ivs_chat_protocol::Attributes;
use rand::Rng;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::SoakSettings;
use super::stage::Member;
use super::tracker::SoakTracker;
use crate::proxy::{Cut, FaultProxy};

/// The running traffic and disturbances of a soak.
#[derive(Debug)]
pub(super) struct Disturbance {
    stop: watch::Sender<bool>,
    /// Disconnects caused on purpose (own and proxy cuts).
    disconnects: Arc<AtomicU64>,
    tasks: Vec<JoinHandle<()>>,
}

impl Disturbance {
    /// Starts sending from every member, churning the flaky ones and cutting the proxy.
    pub(super) fn start(
        members: &[Arc<Member>],
        proxy: &Arc<FaultProxy>,
        settings: &SoakSettings,
    ) -> Self {
        let (stop, signal) = watch::channel(false);
        let stop_signal = StopSignal(signal);
        let disconnects = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for member in members {
            tasks.push(tokio::spawn(send_loop(
                member.clone(),
                settings.rate,
                stop_signal.clone(),
            )));
            if member.flaky {
                tasks.push(tokio::spawn(churn(
                    member.clone(),
                    settings.disconnect_every,
                    stop_signal.clone(),
                    disconnects.clone(),
                )));
            }
        }
        tasks.push(tokio::spawn(cuts(
            proxy.clone(),
            settings.cut_every,
            stop_signal,
            disconnects.clone(),
        )));
        Self {
            stop,
            disconnects,
            tasks,
        }
    }

    /// Stops every task (each ends within one of its waits) and says how many disconnects
    /// were caused.
    pub(super) async fn stop(self) -> u64 {
        self.stop.send_replace(true);
        for task in self.tasks {
            // A task stuck past this is abandoned; the counts say what it managed.
            let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
        }
        self.disconnects.load(Ordering::SeqCst)
    }
}

/// The stop signal as the tasks see it.
#[derive(Debug, Clone)]
struct StopSignal(watch::Receiver<bool>);

impl StopSignal {
    /// Whether the soak's traffic has stopped.
    fn is_set(&self) -> bool {
        *self.0.borrow()
    }

    /// Waits `duration`, or less when the signal comes first; whether it came.
    async fn wait(&mut self, duration: Duration) -> bool {
        let came = tokio::select! {
            () = tokio::time::sleep(duration) => false,
            _ = self.0.wait_for(|stopped| *stopped) => true,
        };
        came || self.is_set()
    }
}

async fn send_loop(member: Arc<Member>, rate: f64, stop: StopSignal) {
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate.max(0.01)));
    // Spread the rooms' sends over the interval rather than all at once.
    let offset = rand::rng().random_range(0.0..1.0 / rate.max(0.01));
    tokio::time::sleep(Duration::from_secs_f64(offset)).await;
    while !stop.is_set() {
        ticker.tick().await;
        let seq = member.sent.fetch_add(1, Ordering::SeqCst);
        let text = format!("soak|{}|{seq}", member.name);
        // Every attempt is in the account: a request id to follow, or a refusal.
        match member
            .participant
            .room()
            .send_message(text, Attributes::default())
            .await
        {
            Ok(request) => member
                .participant
                .update(|tracker| tracker.sent(request, seq)),
            Err(_) => member.participant.update(SoakTracker::refused),
        }
    }
}

async fn churn(
    member: Arc<Member>,
    every: Duration,
    mut stop: StopSignal,
    disconnects: Arc<AtomicU64>,
) {
    loop {
        let wait = every.mul_f64(rand::rng().random_range(0.5..1.5));
        if stop.wait(wait).await {
            return;
        }
        disconnects.fetch_add(1, Ordering::SeqCst);
        let _ = member.participant.room().disconnect().await;
        // Back on line even when the signal came meanwhile: the soak ends connected.
        let pause = Duration::from_millis(rand::rng().random_range(100..1000));
        tokio::time::sleep(pause).await;
        let _ = member.participant.room().connect().await;
    }
}

async fn cuts(
    proxy: Arc<FaultProxy>,
    every: Duration,
    mut stop: StopSignal,
    disconnects: Arc<AtomicU64>,
) {
    loop {
        if stop.wait(every).await {
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
