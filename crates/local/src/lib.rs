//! `ivs-chat-local`: a faithful local Amazon IVS Chat service.
//!
//! One port serves the control plane (`POST /<Operation>`, `/tags/{arn}`, SigV4-verified when
//! credentials are configured), the messaging WebSocket at `/` (the chat token as the
//! subprotocol), the tutorials' token server `POST /create_chat_token`, Prometheus text at
//! `GET /metrics` and `GET /health`. The official AWS SDKs and the official IVS chat messaging
//! SDK use it unchanged. The wire format is `ivs-chat-protocol`; comments cite the sections of
//! the project's wire reference (`ivs-chat-protocol.md`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), ivs_chat_local::Error> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let service = ivs_chat_local::Service::start(listener, ivs_chat_local::Config::default()).await?;
//! println!("control plane at {}, chat at {}", service.http_endpoint(), service.messaging_endpoint());
//! service.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Layout
//!
//! - [`Service`] (this file): start on a bound listener, shut down cleanly.
//! - `config`: [`Config`] and [`Credentials`], how the service runs.
//! - `state`: `Shared`, what every handler and connection actor shares (each field says how
//!   it is guarded). Handlers and actors import it from there; nothing imports the router.
//! - `server`: the router; the WebSocket handshake (token redeemed, 401 / 404 refusals) and
//!   the dispatch of every other path; SigV4 enforcement.
//! - [`control`]: the 17 operations: `room` (rooms and CreateChatToken), `logging` (logging
//!   configurations), `tags`, `events` (SendEvent, DeleteMessage, DisconnectUser), `throttle`
//!   (the call-rate quotas, when enforced); error responses and pagination.
//! - [`messaging`]: `connection` (one actor per socket: limits, review, bounded outbox,
//!   closes), `room_hub` (who is in each room, fan-out, the room-wide bucket).
//! - [`rate`]: the token bucket behind every rate.
//! - [`quota`]: the account's quotas (rooms, logging configurations, concurrent connections,
//!   the account-wide SendMessage / DeleteMessage / DisconnectUser rates).
//! - [`review`]: the message review handler call.
//! - [`logging`]: the chat-log writer and its S3 / CloudWatch Logs / Firehose stand-ins.
//! - [`metrics`]: the user guide's CloudWatch metrics as Prometheus series.
//! - [`store`]: rooms and logging configurations in SQLite.
//! - [`sigv4`], [`token`], [`ids`]: signatures, chat tokens, service ids.

mod config;
pub mod control;
pub mod ids;
pub mod logging;
pub mod messaging;
pub mod metrics;
pub mod quota;
pub mod rate;
pub mod review;
mod server;
pub mod sigv4;
mod state;
pub mod store;
pub mod token;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use crate::config::{Config, Credentials};
use crate::control::throttle::CallRates;
use crate::logging::{LogLayout, LogSink};
use crate::metrics::Metrics;
use crate::quota::AccountQuotas;
pub use crate::quota::{Quota, QuotaSettingError, Quotas};
use crate::review::Reviewer;
use crate::state::{Live, Settings, Shared};
use crate::store::{Store, StoreError};

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A non-loopback address without credentials would expose an unauthenticated API.
    #[error(
        "refusing to serve {addr} without credentials: bind a loopback address, or configure an access key id and secret access key"
    )]
    NonLoopbackWithoutCredentials {
        /// The address that was refused.
        addr: SocketAddr,
    },
    /// Socket or file-system failure.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The state database failed to open.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client for review handlers could not be built.
    #[error("review handler client: {0}")]
    HttpClient(#[from] reqwest::Error),
}

/// A running service. Dropping it without [`Service::shutdown`] leaves the server task
/// running until the runtime ends.
#[derive(Debug)]
pub struct Service {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
    log_writer: JoinHandle<()>,
    data_dir: PathBuf,
    /// Keeps the temporary log directory of an in-memory service alive.
    _temporary: Option<tempfile::TempDir>,
}

/// How long shutdown waits for connections to finish their closing handshakes.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

impl Service {
    /// Serves on an already-bound listener, spawning onto the current tokio runtime.
    pub async fn start(listener: TcpListener, config: Config) -> Result<Service, Error> {
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() && config.credentials.is_none() {
            return Err(Error::NonLoopbackWithoutCredentials { addr });
        }
        let (data_dir, temporary) = match &config.data_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                (dir.clone(), None)
            }
            None => {
                let temporary = tempfile::Builder::new()
                    .prefix("ivs-chat-local-")
                    .tempdir()?;
                (temporary.path().to_path_buf(), Some(temporary))
            }
        };
        let store = Arc::new(Store::open(config.data_dir.as_deref())?);
        let metrics = Arc::new(Metrics::default());
        let layout = LogLayout {
            root: data_dir.clone(),
            account_id: config.account_id.clone(),
            region: config.region.clone(),
        };
        let (logs, log_writer) =
            LogSink::spawn(store.clone(), layout, config.log_flush, metrics.clone());
        let (shutdown, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            config: Settings {
                region: config.region,
                account_id: config.account_id,
                credentials: config.credentials,
                loopback: addr.ip().is_loopback(),
                token_lifetime: config.token_lifetime,
                minute: config.minute,
            },
            store,
            tokens: Default::default(),
            hub: Default::default(),
            ids: Default::default(),
            metrics,
            call_rates: CallRates::new(config.api_rate_limits),
            quotas: AccountQuotas::new(config.quotas),
            reviewer: Reviewer::new(config.lambdas)?,
            logs,
            shutdown,
            live: Live::default(),
        });
        let app = server::router(shared.clone());
        let mut stop = shared.shutdown_signal();
        let server = tokio::spawn(async move {
            let serve = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|down| *down).await;
            });
            if let Err(error) = serve.await {
                tracing::error!(%error, "server failed");
            }
        });
        Ok(Service {
            addr,
            shared,
            server,
            log_writer,
            data_dir,
            _temporary: temporary,
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`: the control plane and `/create_chat_token`.
    pub fn http_endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://ADDR`: the messaging WebSocket.
    pub fn messaging_endpoint(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// The directory holding `state.sqlite3` (with a data dir) and the log destinations
    /// (`s3/`, `cloudwatch/`, `firehose/`).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// A handle to the chat-log writer, to flush it without holding the service.
    pub fn log_sink(&self) -> LogSink {
        self.shared.logs.clone()
    }

    /// Writes every chat-log record delivered so far to its destination now.
    pub async fn flush_logs(&self) {
        self.shared.logs.flush().await;
    }

    /// Closes every socket with 1001, stops serving, and flushes logs and state.
    pub async fn shutdown(self) {
        let _ = self.shared.shutdown.send(true);
        self.shared.live.wait_idle(SHUTDOWN_GRACE).await;
        if tokio::time::timeout(SHUTDOWN_GRACE, self.server)
            .await
            .is_err()
        {
            tracing::warn!("server did not stop in time");
        }
        self.shared.logs.flush().await;
        if let Err(error) = self.shared.store.checkpoint() {
            tracing::warn!(%error, "state checkpoint failed");
        }
        self.log_writer.abort();
    }
}
