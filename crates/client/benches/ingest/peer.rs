//! A subscriber process, seen from the orchestrator: started, asked for its count at the
//! marks of the run while its CPU and memory are read from outside, and finished.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::usage::Usage;

/// A subscriber at one moment of the run.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub at: Instant,
    pub received: u64,
    pub usage: Usage,
}

/// A running subscriber.
pub struct Peer {
    pub name: &'static str,
    child: Child,
    /// Taken to end its input.
    stdin: Option<ChildStdin>,
    lines: tokio::io::Lines<BufReader<ChildStdout>>,
}

impl Peer {
    /// Starts `command` and waits until it has connected to its rooms.
    pub async fn start(name: &'static str, mut command: Command) -> Self {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {name}: {error}"));
        let stdin = child.stdin.take();
        let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut peer = Self {
            name,
            child,
            stdin,
            lines,
        };
        assert_eq!(peer.line().await["ready"], true, "{name} connected");
        peer
    }

    async fn line(&mut self) -> Value {
        let line = tokio::time::timeout(Duration::from_secs(30), self.lines.next_line())
            .await
            .unwrap_or_else(|_| panic!("{} is silent", self.name))
            .unwrap_or_else(|error| panic!("{}: {error}", self.name))
            .unwrap_or_else(|| panic!("{} ended", self.name));
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("{}: {line}", self.name))
    }

    /// Sends `command` (`probe`, `mark` or `quiet`), and reads the process from outside as it answers
    /// with its count.
    pub async fn sample(&mut self, command: &str) -> Sample {
        let pid = self.child.id().expect("still running");
        self.stdin
            .as_mut()
            .expect("input still open")
            .write_all(format!("{command}\n").as_bytes())
            .await
            .unwrap_or_else(|error| panic!("{}: {error}", self.name));
        let received = self.line().await["received"].as_u64().unwrap_or(0);
        Sample {
            at: Instant::now(),
            received,
            usage: Usage::of(pid),
        }
    }

    /// Ends its input; its totals.
    pub async fn finish(mut self) -> Value {
        drop(self.stdin.take());
        let totals = self.line().await;
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
        totals
    }
}
