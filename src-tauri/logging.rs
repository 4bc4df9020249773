//! Tracing to a daily-rotated log file in the app's log directory (and to stderr).
//!
//! Nothing secret is ever passed to a tracing macro: tokens and secrets travel as
//! `ivs_chat_protocol::Secret`, whose `Debug` is redacted, and a test greps the log of an
//! end-to-end run for them.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Log files kept (one a day).
const KEPT_FILES: usize = 7;
/// The filter when `RUST_LOG` is unset. Dependencies stay at `warn`: some of them log
/// request details at debug level.
pub const DEFAULT_FILTER: &str = "warn,chatdeck=info,ivs_chat_client=info,ivs_chat_local=info";

/// Why logging could not start.
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    /// The log directory or file could not be created.
    #[error("cannot open the log directory: {0}")]
    Appender(#[from] tracing_appender::rolling::InitError),
    /// A global subscriber was already set.
    #[error("logging was already initialized: {0}")]
    AlreadySet(#[from] tracing_subscriber::util::TryInitError),
}

/// Installs the global subscriber writing to `log_dir/chatdeck.<date>.log` and stderr. Keep
/// the guard alive for the life of the process: dropping it flushes and stops the writer.
pub fn init(log_dir: &Path) -> Result<WorkerGuard, LoggingError> {
    std::fs::create_dir_all(log_dir).ok();
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("chatdeck")
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(log_dir)?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer),
        )
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .try_init()?;
    Ok(guard)
}
