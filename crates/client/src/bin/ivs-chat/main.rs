//! `ivs-chat`: a headless IVS Chat client for scripts, bots and tests, built on
//! `ivs_chat_client::Room`.
//!
//! stdin: one JSON object per line (`{"send":…}`, `{"delete":…}`, `{"kick":…}`,
//! `{"disconnect":true}`); a line that is not a JSON object is sent as text. EOF waits for every
//! request to settle, then disconnects and exits 0. stdout: one JSON object per line with a
//! `"type"`. Logs go to stderr (`RUST_LOG`).

mod args;
mod input;
mod output;

use std::collections::HashSet;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use ivs_chat_client::token::{AwsSettings, AwsTokenProvider, HttpTokenProvider, TokenProvider};
use ivs_chat_client::{
    Config, ConnectionState, Endpoint, Reason, RequestId, RequestStatus, Room, Secret, Update,
};
use ivs_chat_protocol::control::CreateChatTokenRequest;
use tokio::io::AsyncBufReadExt;
use tokio::sync::mpsc;

use args::Args;
use input::Input;

/// Lines read ahead of the room.
const INPUT_CAPACITY: usize = 64;

/// Exit status for a run that ended because the room could not be reached or used.
const EXIT_FAILURE: u8 = 1;
/// Exit status for bad arguments, or for a run during which some stdin lines were rejected.
const EXIT_BAD_INPUT: u8 = 2;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) if !error.use_stderr() => error.exit(),
        Err(error) => {
            let rendered = error.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            eprintln!("ivs-chat: {}", first.trim_start_matches("error: "));
            std::process::exit(i32::from(EXIT_BAD_INPUT));
        }
    };
    let code = match run(args).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("ivs-chat: {error:#}");
            EXIT_FAILURE
        }
    };
    // Exit here rather than by returning: the runtime's shutdown would wait for the blocking
    // stdin read, which never ends while stdin stays open.
    std::process::exit(i32::from(code))
}

async fn token_provider(args: &Args) -> anyhow::Result<Arc<dyn TokenProvider>> {
    let request = CreateChatTokenRequest {
        room_identifier: Some(args.room.clone()),
        user_id: Some(args.user.clone()),
        capabilities: Some(args.capabilities.iter().map(|&c| c.into()).collect()),
        session_duration_in_minutes: args.session_minutes,
        attributes: (!args.attributes.is_empty())
            .then(|| args.attributes.iter().cloned().collect()),
    };
    if let Some(url) = &args.token_url {
        let mut provider = HttpTokenProvider::new(url, request);
        if let Some(variable) = &args.token_bearer_env {
            let secret = std::env::var(variable).with_context(|| {
                format!("the environment variable {variable} (--token-bearer-env) is not set")
            })?;
            provider = provider.with_bearer(Secret::new(secret));
        }
        return Ok(Arc::new(provider));
    }
    let region = args::arn_region(&args.room).map(str::to_owned);
    if region.is_none() {
        bail!("--room {:?} is not an IVS Chat room ARN", args.room);
    }
    let settings = AwsSettings {
        region,
        endpoint_url: args.control_endpoint.clone(),
        ..AwsSettings::default()
    };
    Ok(Arc::new(AwsTokenProvider::new(&settings, request).await))
}

async fn run(args: Args) -> anyhow::Result<u8> {
    let endpoint = Endpoint::parse(&args.endpoint)?;
    let tokens = token_provider(&args).await?;
    let mut config = Config::new(endpoint, tokens);
    if let Some(attempts) = args.max_reconnect_attempts {
        config.max_reconnect_attempts = attempts;
    }
    if let Some(timeout) = args.request_timeout_ms {
        config.request_timeout = Duration::from_millis(timeout);
    }
    let (room, mut updates, actor) = Room::new(config);
    tokio::spawn(actor);
    room.connect().await?;

    let (lines, mut inputs) = mpsc::channel(INPUT_CAPACITY);
    tokio::spawn(read_stdin(lines));

    let mut pending: HashSet<RequestId> = HashSet::new();
    let mut rejected_lines = 0u32;
    let mut stdin_open = true;
    let mut disconnecting = false;
    // EOF before the first connect waits for its outcome, so an unreachable endpoint is
    // reported even when there was nothing to send.
    let mut connected_once = false;
    loop {
        tokio::select! {
            update = updates.recv() => {
                let Some(update) = update else { bail!("the room stopped unexpectedly") };
                print(&update)?;
                match &update {
                    Update::Request { request_id, status, .. } if *status != RequestStatus::Pending => {
                        pending.remove(request_id);
                    }
                    Update::State { state: ConnectionState::Disconnected, reason } => {
                        return Ok(exit_code(reason.as_ref(), rejected_lines));
                    }
                    Update::State { state: ConnectionState::Connected, .. } => connected_once = true,
                    _ => {}
                }
            }
            line = inputs.recv(), if stdin_open => match line {
                Some(Ok(Some(input))) => {
                    let id = match input {
                        Input::Request(body) => Some(room.request(body).await?),
                        Input::Disconnect => {
                            stdin_open = false;
                            disconnecting = true;
                            room.disconnect().await?;
                            None
                        }
                    };
                    pending.extend(id);
                }
                Some(Ok(None)) => {}
                Some(Err(problem)) => {
                    rejected_lines += 1;
                    eprintln!("ivs-chat: ignoring an input line: {problem}");
                }
                None => stdin_open = false,
            },
        }
        if !stdin_open && !disconnecting && pending.is_empty() && connected_once {
            disconnecting = true;
            room.disconnect().await?;
        }
    }
}

/// Reads stdin line by line into `lines`; closes the channel at EOF.
async fn read_stdin(lines: mpsc::Sender<Result<Option<Input>, String>>) {
    let mut reader = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    loop {
        let line = match reader.next_line().await {
            Ok(Some(line)) => input::parse_line(&line),
            Ok(None) => return,
            Err(error) => Err(format!("stdin is not readable text: {error}")),
        };
        if lines.send(line).await.is_err() {
            return;
        }
    }
}

fn print(update: &Update) -> anyhow::Result<()> {
    if let Update::Session(session) = update {
        tracing::info!(
            user_id = ?session.user_id,
            capabilities = ?session.capabilities,
            session_expiration_time = ?session.session_expiration_time,
            "session"
        );
    }
    if let Some(value) = output::line(update) {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{value}").context("writing stdout")?;
        stdout.flush().context("writing stdout")?;
    }
    Ok(())
}

/// 0 after a disconnect the user asked for (or a kick / server close, which are the room's
/// normal life), 1 when the room could not be reached, 2 if input lines were rejected.
fn exit_code(reason: Option<&Reason>, rejected_lines: u32) -> u8 {
    match reason {
        Some(
            reason @ (Reason::SocketError { .. }
            | Reason::FetchTokenError(_)
            | Reason::RoomNotFound),
        ) => {
            eprintln!("ivs-chat: {reason}");
            EXIT_FAILURE
        }
        _ if rejected_lines > 0 => EXIT_BAD_INPUT,
        _ => 0,
    }
}
