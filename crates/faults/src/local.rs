//! `ivs-chat-local` under test: in this process ([`InProcess`], restartable on the same
//! address and data directory) or as a child process ([`ChildProcess`], killable with
//! SIGKILL, with its own RSS), plus a small control-plane client ([`ControlPlane`]).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};

use crate::Error;

/// Bound on a service starting (child: building is separate) or a port becoming free again.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// Bound on one control-plane call.
const CONTROL_TIMEOUT: Duration = Duration::from_secs(10);

/// A service running inside this process.
#[derive(Debug)]
pub struct InProcess {
    service: Option<ivs_chat_local::Service>,
    addr: SocketAddr,
    config: ivs_chat_local::Config,
    /// Holds the data directory of a service that keeps state across restarts.
    _data: Option<tempfile::TempDir>,
}

impl InProcess {
    /// Starts on `127.0.0.1:0` with `config`; without a data directory in `config`, one is
    /// made (and removed when this is dropped) so that rooms survive [`InProcess::restart`].
    pub async fn start(mut config: ivs_chat_local::Config) -> Result<InProcess, Error> {
        let data = match config.data_dir {
            Some(_) => None,
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("chatdeck-faults-")
                    .tempdir()?;
                config.data_dir = Some(dir.path().to_path_buf());
                Some(dir)
            }
        };
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let service = ivs_chat_local::Service::start(listener, config.clone()).await?;
        Ok(InProcess {
            service: Some(service),
            addr,
            config,
            _data: data,
        })
    }

    /// The address clients reach the service at.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The control plane.
    pub fn control(&self) -> ControlPlane {
        ControlPlane::new(self.addr)
    }

    /// Whether it is serving.
    pub fn is_running(&self) -> bool {
        self.service.is_some()
    }

    /// The data directory: `state.sqlite3` and the log destinations (`s3/`, ...).
    pub fn data_dir(&self) -> Option<&Path> {
        self.config.data_dir.as_deref()
    }

    /// Writes every chat-log record delivered so far to its destination now.
    pub async fn flush_logs(&self) {
        if let Some(service) = &self.service {
            service.flush_logs().await;
        }
    }

    /// Shuts down cleanly (every socket closed with 1001, state flushed).
    pub async fn stop(&mut self) {
        if let Some(service) = self.service.take() {
            service.shutdown().await;
        }
    }

    /// Starts again on the same address with the same data directory.
    pub async fn start_again(&mut self) -> Result<(), Error> {
        if self.service.is_some() {
            return Ok(());
        }
        let listener = bind_again(self.addr).await?;
        self.service = Some(ivs_chat_local::Service::start(listener, self.config.clone()).await?);
        Ok(())
    }

    /// Stops, then starts again on the same address.
    pub async fn restart(&mut self) -> Result<(), Error> {
        self.stop().await;
        self.start_again().await
    }
}

/// Binds `addr` again once the previous listener has let go of it.
async fn bind_again(addr: SocketAddr) -> Result<TcpListener, Error> {
    let deadline = tokio::time::Instant::now() + START_TIMEOUT;
    loop {
        match TcpListener::bind(addr).await {
            Ok(listener) => return Ok(listener),
            Err(error) if tokio::time::Instant::now() >= deadline => return Err(error.into()),
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// The `ivs-chat-local` binary, built by cargo with this crate's profile on first use in
/// this process (later calls return the same path at once).
///
/// `IVS_CHAT_LOCAL_BIN` overrides the path (a prebuilt binary); otherwise
/// `cargo build -p ivs-chat-local --bin ivs-chat-local` runs in the workspace and the path
/// cargo reports is used, so the binary is never stale. Building can take minutes on a
/// busy machine: callers that bound a scenario's time should call this first.
pub async fn local_binary() -> Result<PathBuf, Error> {
    static BINARY: tokio::sync::OnceCell<PathBuf> = tokio::sync::OnceCell::const_new();
    BINARY.get_or_try_init(build_local_binary).await.cloned()
}

async fn build_local_binary() -> Result<PathBuf, Error> {
    if let Some(path) = std::env::var_os("IVS_CHAT_LOCAL_BIN") {
        return Ok(PathBuf::from(path));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut command = Command::new(cargo);
    command
        .current_dir(&workspace)
        .args([
            "build",
            "--quiet",
            "--package",
            "ivs-chat-local",
            "--bin",
            "ivs-chat-local",
            "--message-format=json-render-diagnostics",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    let output = command.output().await?;
    if !output.status.success() {
        return Err(Error::Build(format!(
            "cargo build -p ivs-chat-local exited with {}",
            output.status
        )));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| Error::Build("cargo reported no ivs-chat-local executable".into()))
}

/// Extra flags of a child service.
#[derive(Debug, Clone, Default)]
pub struct ChildOptions {
    /// `--minute-seconds`: the length of a session minute.
    pub minute_seconds: Option<u64>,
    /// `--token-lifetime-seconds`.
    pub token_lifetime_seconds: Option<u64>,
    /// `--lambda ARN=URL` pairs.
    pub lambdas: Vec<(String, String)>,
}

/// The service as a child process with a data directory, so it can be killed and started
/// again on the same port and state.
#[derive(Debug)]
pub struct ChildProcess {
    binary: PathBuf,
    child: Option<Child>,
    addr: SocketAddr,
    options: ChildOptions,
    data: tempfile::TempDir,
}

impl ChildProcess {
    /// Starts `binary` on a free loopback port.
    pub async fn start(binary: PathBuf, options: ChildOptions) -> Result<ChildProcess, Error> {
        let data = tempfile::Builder::new()
            .prefix("chatdeck-faults-")
            .tempdir()?;
        let mut process = ChildProcess {
            binary,
            child: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            options,
            data,
        };
        process.spawn().await?;
        Ok(process)
    }

    async fn spawn(&mut self) -> Result<(), Error> {
        let deadline = tokio::time::Instant::now() + START_TIMEOUT;
        loop {
            match self.spawn_once().await {
                Ok(()) => return Ok(()),
                // The port of a killed process may linger briefly; try again.
                Err(_) if tokio::time::Instant::now() < deadline && self.addr.port() != 0 => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => return Err(error),
            }
        }
    }

    async fn spawn_once(&mut self) -> Result<(), Error> {
        let mut command = Command::new(&self.binary);
        command
            .arg("--bind")
            .arg(self.addr.to_string())
            .arg("--data-dir")
            .arg(self.data.path())
            .arg("--log-flush-seconds")
            .arg("1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if let Some(seconds) = self.options.minute_seconds {
            command.arg("--minute-seconds").arg(seconds.to_string());
        }
        if let Some(seconds) = self.options.token_lifetime_seconds {
            command
                .arg("--token-lifetime-seconds")
                .arg(seconds.to_string());
        }
        for (arn, url) in &self.options.lambdas {
            command.arg("--lambda").arg(format!("{arn}={url}"));
        }
        let mut child = command.spawn()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| Error::Start("no stdout".into()))?;
        let mut lines = BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(START_TIMEOUT, lines.next_line()).await;
        let line = match ready {
            Ok(Ok(Some(line))) => line,
            _ => {
                let _ = child.kill().await;
                return Err(Error::Start("ivs-chat-local exited or said nothing".into()));
            }
        };
        // "ivs-chat-local listening on ADDR (region …"
        let addr = line
            .split_whitespace()
            .nth(3)
            .and_then(|text| text.parse::<SocketAddr>().ok())
            .ok_or_else(|| Error::Start(format!("unexpected ready line: {line}")))?;
        // Keep draining stdout so the child never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        self.addr = addr;
        self.child = Some(child);
        Ok(())
    }

    /// The address clients reach the service at (the same across restarts).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The control plane.
    pub fn control(&self) -> ControlPlane {
        ControlPlane::new(self.addr)
    }

    /// The data directory: `state.sqlite3` and the log destinations (`cloudwatch/`, ...),
    /// kept across restarts and after the process ends.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// The child's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    /// SIGKILL: no close frames, no flush; sockets die with the process.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// SIGTERM and wait: the clean shutdown (close 1001, state flushed).
    pub async fn terminate(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id() {
                // `kill -TERM` rather than a signal crate: this crate forbids unsafe code.
                let _ = Command::new("kill")
                    .arg("-TERM")
                    .arg(pid.to_string())
                    .status()
                    .await;
            }
            if tokio::time::timeout(START_TIMEOUT, child.wait())
                .await
                .is_err()
            {
                let _ = child.kill().await;
            }
        }
    }

    /// Starts again on the same port and data directory.
    pub async fn start_again(&mut self) -> Result<(), Error> {
        if self.child.is_none() {
            self.spawn().await?;
        }
        Ok(())
    }
}

/// A minimal control-plane client (unsigned: the service runs on loopback without
/// credentials).
#[derive(Debug, Clone)]
pub struct ControlPlane {
    http: reqwest::Client,
    base: String,
}

impl ControlPlane {
    /// The control plane at `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: format!("http://{addr}"),
        }
    }

    /// `http://ADDR`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// POSTs `operation` with `body`; the status and the parsed body (`Null` if not JSON).
    pub async fn call(&self, operation: &str, body: &Value) -> Result<(u16, Value), Error> {
        self.call_raw(operation, body.to_string().into_bytes())
            .await
    }

    /// POSTs `operation` with raw bytes.
    pub async fn call_raw(&self, operation: &str, body: Vec<u8>) -> Result<(u16, Value), Error> {
        let response = self
            .http
            .post(format!("{}/{operation}", self.base))
            .header("content-type", "application/json")
            .body(body)
            .timeout(CONTROL_TIMEOUT)
            .send()
            .await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// Creates a room; its ARN.
    pub async fn create_room(&self, body: &Value) -> Result<String, Error> {
        let (status, room) = self.call("CreateRoom", body).await?;
        room["arn"]
            .as_str()
            .filter(|_| status == 200)
            .map(str::to_owned)
            .ok_or_else(|| Error::Control(format!("CreateRoom → {status}: {room}")))
    }
}
