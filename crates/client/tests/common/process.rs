//! A child process that speaks JSON lines: the `ivs-chat` binary, or a Node script.

#![allow(clippy::unwrap_used, dead_code)]

use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::mpsc;

/// Bound on each wait for a line.
const LINE_WAIT: Duration = Duration::from_secs(20);

pub struct JsonProcess {
    pub name: String,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<Value>,
    pub seen: Vec<Value>,
}

impl JsonProcess {
    pub fn spawn(name: &str, mut command: Command) -> Self {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {name}: {error}"));
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (sender, lines) = mpsc::channel(1024);
        let label = name.to_owned();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                match serde_json::from_str::<Value>(&line) {
                    Ok(value) => {
                        if sender.send(value).await.is_err() {
                            return;
                        }
                    }
                    Err(_) => panic!("{label} wrote a line that is not JSON: {line}"),
                }
            }
        });
        Self {
            name: name.to_owned(),
            child,
            stdin,
            lines,
            seen: Vec::new(),
        }
    }

    pub async fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(line.as_bytes()).await.unwrap();
        stdin.write_all(b"\n").await.unwrap();
        stdin.flush().await.unwrap();
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// The first line (seen before or arriving now) that matches `pick`.
    pub async fn expect(&mut self, what: &str, pick: impl Fn(&Value) -> bool) -> Value {
        if let Some(found) = self.seen.iter().find(|value| pick(value)) {
            return found.clone();
        }
        loop {
            let line = tokio::time::timeout(LINE_WAIT, self.lines.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!("{}: no {what} in time; saw {:#?}", self.name, self.seen)
                })
                .unwrap_or_else(|| {
                    panic!("{}: ended before {what}; saw {:#?}", self.name, self.seen)
                });
            self.seen.push(line.clone());
            if pick(&line) {
                return line;
            }
        }
    }

    pub async fn wait(&mut self) -> ExitStatus {
        tokio::time::timeout(LINE_WAIT, self.child.wait())
            .await
            .unwrap_or_else(|_| panic!("{} did not exit in time", self.name))
            .unwrap()
    }

    /// Every line up to the end of stdout.
    pub async fn rest(&mut self) -> Vec<Value> {
        while let Ok(Some(line)) = tokio::time::timeout(LINE_WAIT, self.lines.recv()).await {
            self.seen.push(line);
        }
        self.seen.clone()
    }
}

/// Where the Node conformance scripts live.
pub fn node_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/node");
    assert!(
        dir.join("node_modules/amazon-ivs-chat-messaging").is_dir(),
        "the official SDK is not installed: run `npm ci` in tests/node (cargo xtask test does)"
    );
    dir
}

/// The `ivs-chat` binary with no arguments yet. `IVS_CHAT_TEST_BINARY` names another build to
/// run instead (the Windows one), through `TEST_BINARY_RUNNER` when that is set (Wine).
pub fn ivs_chat_binary() -> Command {
    let binary = std::env::var_os("IVS_CHAT_TEST_BINARY")
        .filter(|binary| !binary.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_ivs-chat").into());
    match std::env::var_os("TEST_BINARY_RUNNER").filter(|runner| !runner.is_empty()) {
        Some(runner) => {
            let mut command = Command::new(runner);
            command.arg(binary);
            command
        }
        None => Command::new(binary),
    }
}

/// The `ivs-chat` binary for `user` in `room`, tokens from the local token server.
pub fn ivs_chat(
    http: &str,
    ws: &str,
    room: &str,
    user: &str,
    capabilities: &[&str],
    extra: &[&str],
) -> Command {
    let mut command = ivs_chat_binary();
    command.args([
        "--endpoint",
        ws,
        "--token-url",
        &format!("{http}/create_chat_token"),
        "--room",
        room,
        "--user",
        user,
    ]);
    for capability in capabilities {
        command.args(["--capability", capability]);
    }
    command.args(extra);
    command
}
