//! Chat logging (user guide "Registro em log do chat"): every delivered MESSAGE and EVENT is
//! appended to each logging configuration of its room, batched and flushed every
//! `log_flush` to local stand-ins of the three destinations (see [`s3`], [`files`]).

pub mod files;
pub mod s3;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ivs_chat_protocol::chat_log::ChatLogRecord;
use ivs_chat_protocol::control::{Arn, Destination, ResourceType};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::metrics::{LogFailure, Metrics};
use crate::store::Store;

/// Records waiting for the writer before new ones are dropped (and counted as destination
/// errors) rather than buffered without bound.
pub const LOG_QUEUE_CAPACITY: usize = 16 * 1024;

/// Where the writer puts destinations and whose names go in the S3 keys.
#[derive(Debug, Clone)]
pub struct LogLayout {
    /// Root directory: `s3/`, `cloudwatch/` and `firehose/` go under it.
    pub root: PathBuf,
    /// Account id in S3 keys.
    pub account_id: String,
    /// Region in S3 keys.
    pub region: String,
}

enum Command {
    Record {
        room_id: String,
        configurations: Arc<[String]>,
        record: ChatLogRecord,
    },
    Flush(oneshot::Sender<()>),
}

/// The cheap handle through which connections hand records to the writer.
#[derive(Debug, Clone)]
pub struct LogSink {
    commands: mpsc::Sender<Command>,
    metrics: Arc<Metrics>,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Command::Record { room_id, .. } => write!(f, "Record({room_id})"),
            Command::Flush(_) => f.write_str("Flush"),
        }
    }
}

impl LogSink {
    /// Starts the writer task on the current runtime.
    pub fn spawn(
        store: Arc<Store>,
        layout: LogLayout,
        flush_every: Duration,
        metrics: Arc<Metrics>,
    ) -> (LogSink, JoinHandle<()>) {
        let (commands, receiver) = mpsc::channel(LOG_QUEUE_CAPACITY);
        let writer = Writer {
            store,
            layout,
            metrics: metrics.clone(),
            pending: BTreeMap::new(),
        };
        let task = tokio::spawn(writer.run(receiver, flush_every));
        (LogSink { commands, metrics }, task)
    }

    /// Queues a record for each of `configurations`.
    pub fn record(&self, room_id: &str, configurations: Arc<[String]>, record: ChatLogRecord) {
        let command = Command::Record {
            room_id: room_id.to_owned(),
            configurations: configurations.clone(),
            record,
        };
        if self.commands.try_send(command).is_err() {
            for arn in configurations.iter() {
                self.metrics.log_destination_error(arn, LogFailure::Other);
            }
        }
    }

    /// Writes everything queued so far and waits until it is on disk.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.commands.send(Command::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

struct Writer {
    store: Arc<Store>,
    layout: LogLayout,
    metrics: Arc<Metrics>,
    /// (logging configuration ARN, room id) → lines waiting.
    pending: BTreeMap<(String, String), Vec<ChatLogRecord>>,
}

impl Writer {
    async fn run(mut self, mut commands: mpsc::Receiver<Command>, flush_every: Duration) {
        let mut ticker = tokio::time::interval(flush_every.max(Duration::from_millis(10)));
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    Some(Command::Record { room_id, configurations, record }) => {
                        for arn in configurations.iter() {
                            self.pending.entry((arn.clone(), room_id.clone())).or_default().push(record.clone());
                        }
                    }
                    Some(Command::Flush(done)) => {
                        self = self.flush().await;
                        // The caller may have given up waiting; nothing to do then.
                        let _ = done.send(());
                    }
                    None => {
                        self.flush().await;
                        return;
                    }
                },
                _ = ticker.tick() => self = self.flush().await,
            }
        }
    }

    /// Writes every pending batch on the blocking pool (file and gzip I/O).
    async fn flush(mut self) -> Self {
        if self.pending.is_empty() {
            return self;
        }
        let batches = std::mem::take(&mut self.pending);
        let store = self.store.clone();
        let layout = self.layout.clone();
        let metrics = self.metrics.clone();
        let written = tokio::task::spawn_blocking(move || {
            for ((arn, room_id), records) in batches {
                if let Err(failure) = write_batch(&store, &layout, &arn, &room_id, &records) {
                    tracing::warn!(logging_configuration = %arn, ?failure, "chat log destination failed");
                    metrics.log_destination_error(&arn, failure);
                }
            }
        })
        .await;
        if written.is_err() {
            tracing::error!("chat log writer panicked");
        }
        self
    }
}

/// Writes one room's records to one logging configuration's destination.
fn write_batch(
    store: &Store,
    layout: &LogLayout,
    arn: &str,
    room_id: &str,
    records: &[ChatLogRecord],
) -> Result<(), LogFailure> {
    let id = Arn::parse(arn, ResourceType::LoggingConfiguration)
        .map(|arn| arn.id)
        .ok_or(LogFailure::ResourceNotFound)?;
    let configuration = store
        .logging_configuration(&id)
        .map_err(|_| LogFailure::Other)?
        .ok_or(LogFailure::ResourceNotFound)?;
    let outcome = match configuration.destination_configuration.destination() {
        Some(Destination::S3(bucket)) => s3::write(layout, bucket, room_id, records),
        Some(Destination::CloudWatchLogs(group)) => files::append(
            &files::cloudwatch_path(&layout.root, group, room_id),
            records,
        ),
        Some(Destination::Firehose(stream)) => {
            files::append(&files::firehose_path(&layout.root, stream), records)
        }
        None => return Err(LogFailure::ResourceNotFound),
    };
    outcome.map_err(|error| match error.kind() {
        std::io::ErrorKind::PermissionDenied => LogFailure::AccessDenied,
        std::io::ErrorKind::NotFound => LogFailure::ResourceNotFound,
        _ => LogFailure::Other,
    })
}

/// A path segment safe to join under a root: no separators, no `.`/`..`.
pub(crate) fn safe_segment(name: &str) -> String {
    match name {
        "" => "_".to_owned(),
        "." | ".." => format!("{}_", name.replace('.', "%2E")),
        _ => name.replace(['/', '\\'], "_"),
    }
}
