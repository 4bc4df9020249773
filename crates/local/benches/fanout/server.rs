//! The two servers under test as child processes, so that their CPU time and RSS are read
//! from `/proc/<pid>/`: ivs-chat-local (with `--no-quotas`: the bench goes past an account's
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
}

/// A room on either server: an ARN for ivs-chat-local, a query parameter for Node.
#[derive(Debug, Clone)]
pub struct Room(String);

/// A server under test.
pub struct Server {
    /// Which one.
    pub kind: Kind,
    child: Child,
    addr: SocketAddr,
    http: reqwest::Client,
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
            kind,
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            http: reqwest::Client::builder()
                // More than the connections opened at once, so token requests reuse their
                // connections instead of leaving thousands in TIME_WAIT.
                .pool_max_idle_per_host(512)
                .build()
                .expect("an HTTP client"),
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
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

    /// Opens a socket to `room` from `source` as `user`, able to send when `send`.
    pub async fn connect(&self, source: IpAddr, room: &Room, user: usize, send: bool) -> Socket {
        let (path, token) = match self.kind {
            Kind::Node => (format!("/?room={}", room.0), None),
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
                (
                    "/".to_owned(),
                    Some(token["token"].as_str().expect("a token").to_owned()),
                )
            }
        };
        Socket::connect(source, self.addr, &path, token.as_deref())
            .await
            .unwrap_or_else(|error| {
                panic!("{} refused connection {user}: {error}", self.kind.name())
            })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
