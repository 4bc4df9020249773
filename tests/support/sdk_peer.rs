//! The official IVS Chat messaging SDK (`amazon-ivs-chat-messaging`, unchanged, under Node:
//! `tests/node/interop-sdk-peer.mjs`) as a peer in a room of the app's local service, driven
//! one JSON command per line.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};

use super::fixture::WAIT;

/// A running SDK peer.
pub struct SdkPeer {
    input: ChildStdin,
    output: Lines<BufReader<ChildStdout>>,
    _process: Child,
}

impl SdkPeer {
    /// Starts the peer against `app`'s local service, for the room `arn`.
    pub async fn start(app: &chatdeck::app::App, arn: &str) -> SdkPeer {
        let root = super::webdriver::repository_root();
        let mut process = tokio::process::Command::new("node")
            .arg(root.join("tests/node/interop-sdk-peer.mjs"))
            .current_dir(root.join("tests/node"))
            .env("IVS_CHAT_WS", app.local().messaging_endpoint())
            .env("IVS_CHAT_HTTP", app.local().http_endpoint())
            .env("ROOM_ARN", arn)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the SDK peer (cargo xtask test installs tests/node)");
        let input = process.stdin.take().expect("stdin");
        let output = BufReader::new(process.stdout.take().expect("stdout")).lines();
        SdkPeer {
            input,
            output,
            _process: process,
        }
    }

    /// Sends one command (see the script's header for the commands).
    pub async fn command(&mut self, command: Value) {
        let mut line = command.to_string();
        line.push('\n');
        self.input
            .write_all(line.as_bytes())
            .await
            .expect("the peer takes a command");
    }

    /// The next report of type `kind`, skipping the others.
    pub async fn next(&mut self, kind: &str) -> Value {
        self.next_matching(kind, |_| true).await
    }

    /// The next report of type `kind` that `pick` accepts, skipping the others.
    pub async fn next_matching(&mut self, kind: &str, pick: impl Fn(&Value) -> bool) -> Value {
        tokio::time::timeout(WAIT, async {
            loop {
                let line = self
                    .output
                    .next_line()
                    .await
                    .expect("read")
                    .expect("the peer is running");
                let value: Value = serde_json::from_str(&line).unwrap_or_default();
                if value["type"] == kind && pick(&value) {
                    return value;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("the SDK peer never reported {kind}"))
    }

    /// Disconnects its rooms and ends it.
    pub async fn quit(mut self) {
        let _ = self.input.write_all(b"{\"cmd\":\"quit\"}\n").await;
    }
}
