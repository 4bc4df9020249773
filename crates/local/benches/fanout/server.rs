//! The two servers under test as child processes, so that their CPU time, RSS and
//! descriptors are read from `/proc/<pid>/`: ivs-chat-local (with `--no-quotas`: the bench goes past an account's
//! limits on purpose) and the plain Node `ws` broadcast server of `tests/node/bench`.

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::socket::Socket;

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// ivs-chat-local.
    Local,
    /// Node `ws`.
    Node,
}

impl Kind {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Local => "ivs-chat-local",
            Kind::Node => "node ws",
        }
    }

    /// The kind [`Kind::name`] names.
    pub fn parse(name: &str) -> Option<Kind> {
        [Kind::Local, Kind::Node]
            .into_iter()
            .find(|kind| kind.name() == name)
    }
}

/// A room on either server: an ARN for ivs-chat-local, a query parameter for Node.
#[derive(Debug, Clone)]
pub struct Room(pub String);

/// Where a server listens and how to ask it for rooms and tokens: all a load-generating
/// process needs, whether it started the server or was handed its address.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Which server.
    pub kind: Kind,
    /// Its address.
    pub addr: SocketAddr,
    http: reqwest::Client,
}

/// A server under test.
pub struct Server {
    child: Child,
    /// Its address.
    pub endpoint: Endpoint,
}

/// A process's open-file limit and the descriptors it has open, from `/proc/<pid>/`.
#[derive(Debug, Clone, Copy)]
pub struct Descriptors {
    /// The soft `RLIMIT_NOFILE` ("Max open files").
    pub limit: u64,
    /// Descriptors open now.
    pub open: u64,
}

impl Descriptors {
    /// Those of process `pid`.
    pub fn of(pid: u32) -> Descriptors {
        let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap_or_default();
        let limit = limits
            .lines()
            .find(|line| line.starts_with("Max open files"))
            .and_then(|line| line.split_whitespace().nth(3))
            .and_then(|soft| soft.parse().ok())
            .unwrap_or(0);
        let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .map(|entries| entries.count() as u64)
            .unwrap_or(0);
        Descriptors { limit, open }
    }

    /// Connections the process can still open: one descriptor each.
    pub fn free(self) -> u64 {
        self.limit.saturating_sub(self.open)
    }
}

impl Server {
    /// Starts `kind`.
    pub fn start(kind: Kind) -> Server {
        let mut child = match kind {
            Kind::Local => Command::new(env!("CARGO_BIN_EXE_ivs-chat-local"))
                .args(["--bind", "127.0.0.1:0", "--in-memory", "--no-quotas"])
                .stdout(Stdio::piped())
                .spawn()
                .expect("ivs-chat-local starts"),
            Kind::Node => {
                let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/node");
                if !dir.join("node_modules/ws").exists() {
                    let status = Command::new("npm")
                        .args(["ci", "--no-audit", "--no-fund"])
                        .current_dir(&dir)
                        .status();
                    assert!(
                        status.is_ok_and(|s| s.success()),
                        "npm ci in tests/node failed (Node.js and npm are needed)"
                    );
                }
                Command::new("node")
                    .arg("bench/ws-broadcast-server.mjs")
                    .current_dir(&dir)
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("Node.js is needed for the baseline server")
            }
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("a ready line");
        // "ivs-chat-local listening on 127.0.0.1:PORT (...)" or "listening PORT".
        let port: u16 = match kind {
            Kind::Local => line
                .split_whitespace()
                .nth(3)
                .and_then(|addr| addr.rsplit(':').next())
                .and_then(|port| port.parse().ok()),
            Kind::Node => line
                .trim()
                .strip_prefix("listening ")
                .and_then(|port| port.parse().ok()),
        }
        .unwrap_or_else(|| panic!("unexpected ready line {line:?}"));
        Server {
            child,
            endpoint: Endpoint::new(kind, SocketAddr::from(([127, 0, 0, 1], port))),
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server process's descriptor limit and the descriptors it has open.
    pub fn descriptors(&self) -> Descriptors {
        Descriptors::of(self.pid())
    }

    /// User + system CPU time of the process so far.
    pub fn cpu(&self) -> Duration {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap_or_default();
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
        let rest = stat.rfind(')').map_or("", |at| &stat[at + 2..]);
        let fields: Vec<u64> = rest
            .split_whitespace()
            .map(|field| field.parse().unwrap_or(0))
            .collect();
        let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
        // USER_HZ is 100 on Linux.
        Duration::from_millis(ticks * 10)
    }

    /// Resident set size in bytes.
    pub fn rss(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.split_whitespace().next())
            .and_then(|kb| kb.parse::<u64>().ok())
            .unwrap_or(0)
            * 1024
    }

    /// A new room.
    pub async fn create_room(&self, name: &str) -> Room {
        self.endpoint.create_room(name).await
    }
}

impl Endpoint {
    /// The server `kind` at `addr`.
    pub fn new(kind: Kind, addr: SocketAddr) -> Endpoint {
        Endpoint {
            kind,
            addr,
            http: reqwest::Client::builder()
                // More than the connections opened at once, so token requests reuse their
                // connections instead of leaving thousands in TIME_WAIT.
                .pool_max_idle_per_host(512)
                .build()
                .expect("an HTTP client"),
        }
    }

    /// Closes the HTTP connections kept for token requests: each holds a descriptor in the
    /// server, which the held run wants for its WebSockets.
    pub fn close_http(&mut self) {
        *self = Endpoint::new(self.kind, self.addr);
    }

    /// A new room.
    pub async fn create_room(&self, name: &str) -> Room {
        match self.kind {
            Kind::Node => Room(name.to_owned()),
            Kind::Local => {
                let room: Value = self
                    .http
                    .post(format!("http://{}/CreateRoom", self.addr))
                    .json(&json!({"name": name, "maximumMessageRatePerSecond": 100}))
                    .send()
                    .await
                    .expect("CreateRoom")
                    .json()
                    .await
                    .expect("a room");
                Room(room["arn"].as_str().expect("an ARN").to_owned())
            }
        }
    }

    /// What opening a socket to `room` as `user` takes: the path, and the chat token (able to
    /// send when `send`) for ivs-chat-local.
    pub async fn ticket(&self, room: &Room, user: usize, send: bool) -> Ticket {
        match self.kind {
            Kind::Node => Ticket {
                path: format!("/?room={}", room.0),
                token: None,
                user,
            },
            Kind::Local => {
                let capabilities: &[&str] = if send { &["SEND_MESSAGE"] } else { &[] };
                let token: Value = self
                    .http
                    .post(format!("http://{}/CreateChatToken", self.addr))
                    .json(&json!({"roomIdentifier": room.0, "userId": format!("user{user}"), "capabilities": capabilities, "sessionDurationInMinutes": 180}))
                    .send()
                    .await
                    .expect("CreateChatToken")
                    .json()
                    .await
                    .expect("a token");
                Ticket {
                    path: "/".to_owned(),
                    token: Some(token["token"].as_str().expect("a token").to_owned()),
                    user,
                }
            }
        }
    }

    /// Opens a socket with `ticket` from `source`.
    pub async fn open(&self, source: IpAddr, ticket: &Ticket) -> Socket {
        Socket::connect(source, self.addr, &ticket.path, ticket.token.as_deref())
            .await
            .unwrap_or_else(|error| {
                panic!(
                    "{} refused connection {}: {error}",
                    self.kind.name(),
                    ticket.user
                )
            })
    }
}

/// What one socket needs to open.
#[derive(Debug, Clone)]
pub struct Ticket {
    path: String,
    token: Option<String>,
    user: usize,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
