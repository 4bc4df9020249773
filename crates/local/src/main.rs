//! `ivs-chat-local`: runs the local Amazon IVS Chat service until SIGINT or SIGTERM.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use ivs_chat_local::{Config, Credentials, Quotas, Service};
use ivs_chat_protocol::Secret;

/// A faithful local Amazon IVS Chat service: control plane, messaging WebSocket, token server,
/// review handlers, chat logging and metrics on one port.
#[derive(Debug, Parser)]
#[command(name = "ivs-chat-local", version)]
struct Args {
    /// Address to serve on. Non-loopback addresses need --access-key-id/--secret-access-key.
    #[arg(long, default_value = "127.0.0.1:4510")]
    bind: SocketAddr,
    /// Keep rooms and logging configurations in DIR/state.sqlite3 and log destinations under
    /// DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "in_memory")]
    data_dir: Option<PathBuf>,
    /// Keep state in memory and log destinations in a temporary directory (the default).
    #[arg(long)]
    in_memory: bool,
    /// Region in ARNs.
    #[arg(long, default_value = "us-west-2")]
    region: String,
    /// Account id in ARNs.
    #[arg(long, default_value = "123456789012")]
    account_id: String,
    /// Require control-plane requests signed (SigV4) with this access key id.
    #[arg(long, requires = "secret_access_key")]
    access_key_id: Option<String>,
    /// The secret key matching --access-key-id.
    #[arg(long, requires = "access_key_id", hide_env_values = true)]
    secret_access_key: Option<String>,
    /// A review-handler Lambda ARN and the http(s) URL standing in for it (repeatable).
    #[arg(long = "lambda", value_name = "ARN=URL")]
    lambdas: Vec<String>,
    /// Flush chat logs to their destinations at least this often.
    #[arg(long, default_value_t = 5)]
    log_flush_seconds: u64,
    /// How long a minted chat token may be used to connect (default 3600). For tests and
    /// soaks that need tokens to expire quickly.
    #[arg(long, value_name = "SECONDS")]
    token_lifetime_seconds: Option<u64>,
    /// The length of one minute of `sessionDurationInMinutes` (default 60). For tests and
    /// soaks that need sessions to end, and tokens to rotate, quickly.
    #[arg(long, value_name = "SECONDS")]
    minute_seconds: Option<u64>,
    /// Refuse control-plane calls over AWS's per-operation rates (CreateRoom 5/s, SendEvent
    /// 100/s, …) with ThrottlingException, as the real service does.
    #[arg(long)]
    api_rate_limits: bool,
    /// Change one of the account's quotas, enforced by default with the user guide's numbers:
    /// NAME=N or NAME=off (repeatable). NAME is rooms (50000), logging-configurations (10),
    /// concurrent-connections (50000), send-message-rate (1000 per second across all rooms),
    /// delete-message-rate (100), disconnect-user-rate (100).
    #[arg(long = "quota", value_name = "NAME=N")]
    quotas: Vec<String>,
    /// Lift every account quota (load tests); --quota settings still apply after it.
    #[arg(long)]
    no_quotas: bool,
}

fn parse_lambdas(pairs: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    let mut lambdas = BTreeMap::new();
    for pair in pairs {
        let Some((arn, url)) = pair.split_once('=') else {
            bail!("--lambda takes ARN=URL, got {pair:?}");
        };
        if !url.starts_with("http://") && !url.starts_with("https://") {
            bail!("--lambda {arn}: the URL must be http:// or https://");
        }
        lambdas.insert(arn.to_owned(), url.to_owned());
    }
    Ok(lambdas)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let credentials = match (args.access_key_id, args.secret_access_key) {
        (Some(access_key_id), Some(secret)) => Some(Credentials {
            access_key_id,
            secret_access_key: Secret::new(secret),
        }),
        _ => None,
    };
    if !args.bind.ip().is_loopback() && credentials.is_none() {
        bail!(
            "refusing to bind {} without --access-key-id/--secret-access-key: the control plane would be open to the network",
            args.bind
        );
    }
    let mut quotas = if args.no_quotas {
        Quotas::none()
    } else {
        Quotas::default()
    };
    for setting in &args.quotas {
        quotas.apply(setting).context("--quota")?;
    }
    let config = Config {
        region: args.region.clone(),
        account_id: args.account_id.clone(),
        data_dir: args.data_dir.clone(),
        credentials,
        lambdas: parse_lambdas(&args.lambdas)?,
        log_flush: Duration::from_secs(args.log_flush_seconds.max(1)),
        api_rate_limits: args.api_rate_limits,
        quotas,
        ..Config::default()
    };
    let config = Config {
        token_lifetime: args
            .token_lifetime_seconds
            .map_or(config.token_lifetime, |seconds| {
                Duration::from_secs(seconds.max(1))
            }),
        minute: args
            .minute_seconds
            .map_or(config.minute, |seconds| Duration::from_secs(seconds.max(1))),
        ..config
    };
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("binding {}", args.bind))?;
    let service = Service::start(listener, config).await?;
    let data = match &args.data_dir {
        Some(dir) => dir.display().to_string(),
        None => format!("in memory, logs in {}", service.data_dir().display()),
    };
    println!(
        "ivs-chat-local listening on {} (region {}, account {}, data {data})",
        service.local_addr(),
        args.region,
        args.account_id
    );
    wait_for_signal().await?;
    service.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn wait_for_signal() -> anyhow::Result<()> {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("installing the SIGTERM handler")?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result.context("waiting for SIGINT")?,
        _ = terminate.recv() => {}
    }
    Ok(())
}

/// Windows has no SIGTERM: Ctrl+C, or the console closing, ends the service.
#[cfg(windows)]
async fn wait_for_signal() -> anyhow::Result<()> {
    let mut close = tokio::signal::windows::ctrl_close().context("installing the close handler")?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result.context("waiting for Ctrl+C")?,
        _ = close.recv() => {}
    }
    Ok(())
}
