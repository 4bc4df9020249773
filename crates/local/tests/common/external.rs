//! The service as a separate process: an `ivs-chat-local` executable named by
//! `IVS_CHAT_LOCAL_TEST_BINARY`, started through `TEST_BINARY_RUNNER` when that is set (Wine,
//! for the Windows build). The conformance tests then check that build, over loopback, instead
//! of the library in the test process. Unset, nothing changes.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;

use ivs_chat_local::Config;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Names the executable to test instead of the library.
pub const BINARY_VARIABLE: &str = "IVS_CHAT_LOCAL_TEST_BINARY";
/// A program that runs the executable (its path is its first argument), e.g. `wine64`.
pub const RUNNER_VARIABLE: &str = "TEST_BINARY_RUNNER";

/// Starting under Wine takes a few seconds the first time; this bounds it.
const START_WAIT: Duration = Duration::from_secs(60);

/// A running `ivs-chat-local` process.
pub struct External {
    child: Child,
    addr: SocketAddr,
}

impl External {
    /// The executable to test, when one is named.
    pub fn binary() -> Option<OsString> {
        std::env::var_os(BINARY_VARIABLE).filter(|binary| !binary.is_empty())
    }

    /// Starts `binary` on a free loopback port with the command-line form of `config`, and
    /// waits for its "listening on" line.
    pub async fn start(binary: OsString, config: &Config) -> Self {
        let mut command = match std::env::var_os(RUNNER_VARIABLE).filter(|r| !r.is_empty()) {
            Some(runner) => {
                let mut command = Command::new(runner);
                command.arg(&binary);
                command
            }
            None => Command::new(&binary),
        };
        command
            .args(arguments(config))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {binary:?}: {error}"));
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let first = tokio::time::timeout(START_WAIT, lines.next_line())
            .await
            .unwrap_or_else(|_| panic!("{binary:?} said nothing in {START_WAIT:?}"))
            .expect("reading its stdout")
            .unwrap_or_else(|| panic!("{binary:?} exited before listening"));
        let addr = first
            .split_once("listening on ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        // Keep reading so that the process never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self { child, addr }
    }

    pub fn http_endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn messaging_endpoint(&self) -> String {
        format!("ws://{}", self.addr)
    }

    pub async fn shutdown(mut self) {
        let _ = self.child.kill().await;
    }
}

/// The command-line flags that give the binary the same configuration as `config`.
fn arguments(config: &Config) -> Vec<String> {
    let seconds = |what: &str, duration: Duration| -> String {
        assert!(
            duration.subsec_nanos() == 0 && duration.as_secs() > 0,
            "{what} must be whole seconds to pass to the binary, got {duration:?}"
        );
        duration.as_secs().to_string()
    };
    let mut args = vec![
        "--bind".to_owned(),
        "127.0.0.1:0".to_owned(),
        "--region".to_owned(),
        config.region.clone(),
        "--account-id".to_owned(),
        config.account_id.clone(),
        "--log-flush-seconds".to_owned(),
        seconds("log_flush", config.log_flush),
        "--token-lifetime-seconds".to_owned(),
        seconds("token_lifetime", config.token_lifetime),
        "--minute-seconds".to_owned(),
        seconds("minute", config.minute),
    ];
    if let Some(dir) = &config.data_dir {
        args.extend(["--data-dir".to_owned(), dir.to_string_lossy().into_owned()]);
    }
    if let Some(credentials) = &config.credentials {
        args.extend([
            "--access-key-id".to_owned(),
            credentials.access_key_id.clone(),
            "--secret-access-key".to_owned(),
            credentials.secret_access_key.expose().to_owned(),
        ]);
    }
    for (arn, url) in &config.lambdas {
        args.extend(["--lambda".to_owned(), format!("{arn}={url}")]);
    }
    if config.api_rate_limits {
        args.push("--api-rate-limits".to_owned());
    }
    args
}
