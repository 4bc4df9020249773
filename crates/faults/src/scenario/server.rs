//! The service itself fails: killed with SIGKILL (a crash: no close frames, no flush) or
//! restarted cleanly (close 1001). Every client is affected, so no receiver is stable: what
//! was sent before the fault and after recovery must reach everyone exactly once, what was
//! sent during it at most once.

use std::time::Duration;

use ivs_chat_client::ConnectionState;
use serde_json::json;
use tokio::time::Instant;

use super::{ATTEMPTS, Cast, ClientSetup, Form, Verdict};
use crate::ledger::Phase;
use crate::local::{ChildOptions, ChildProcess, InProcess, local_binary};
use crate::participant::Participant;
use crate::{Error, Outcome};

async fn cast(addr: std::net::SocketAddr, room_arn: String) -> Result<Cast, Error> {
    let setup = ClientSetup {
        ws: format!("ws://{addr}"),
        token_url: format!("http://{addr}/create_chat_token"),
        room_arn,
        max_reconnect_attempts: ATTEMPTS,
    };
    Ok(Cast::new(
        Participant::recording("subject", setup.config("subject")?).await?,
        vec![(
            Participant::recording("other", setup.config("other")?).await?,
            false,
        )],
    ))
}

/// The `before` exchange.
async fn before(form: Form, cast: &Cast, mut verdict: Verdict) -> Verdict {
    verdict
        .problems
        .extend(cast.exchange(Phase::Before, form.messages, form.wait).await);
    verdict
}

/// `ivs-chat-local` (a child process) is killed with SIGKILL mid-traffic and started again
/// on the same port and data directory.
pub async fn kill(form: Form) -> Result<Outcome, Error> {
    let binary = local_binary().await?;
    let mut service = ChildProcess::start(binary, ChildOptions::default()).await?;
    let room_arn = service
        .control()
        .create_room(&json!({"maximumMessageRatePerSecond": 100}))
        .await?;
    let cast = cast(service.addr(), room_arn).await?;
    cast.connect(form.wait).await?;
    let verdict = Verdict {
        fault: format!(
            "ivs-chat-local killed (SIGKILL) mid-traffic, restarted {:.1} s later",
            form.fault.as_secs_f64()
        ),
        expected: "every client sees a lost connection, backs off while the service is down (token fetches fail too), reconnects once it is back; the room survives (SQLite); in-flight requests fail as delivery-unknown".into(),
        final_state: ConnectionState::Connected,
        words: vec!["connection lost"],
        time_to_recover: None,
        problems: Vec::new(),
    };
    let mut verdict = before(form, &cast, verdict).await;
    let traffic = cast.traffic(form.rate);
    tokio::time::sleep(Duration::from_millis(200)).await;
    service.kill().await;
    tokio::time::sleep(form.fault).await;
    let restarted = Instant::now();
    if let Err(error) = service.start_again().await {
        verdict
            .problems
            .push(format!("the service did not start again: {error}"));
    }
    traffic.stop().await;
    finish(form, &cast, restarted, verdict).await
}

/// The in-process service shuts down cleanly mid-traffic and starts again on the same
/// address and data directory.
pub async fn restart(form: Form) -> Result<Outcome, Error> {
    let mut service = InProcess::start(ivs_chat_local::Config::default()).await?;
    let room_arn = service
        .control()
        .create_room(&json!({"maximumMessageRatePerSecond": 100}))
        .await?;
    let cast = cast(service.addr(), room_arn).await?;
    cast.connect(form.wait).await?;
    let verdict = Verdict {
        fault: format!(
            "ivs-chat-local shuts down cleanly (close 1001) mid-traffic, back {:.1} s later",
            form.fault.as_secs_f64()
        ),
        expected: "1001 means the service is going away, not a kick: every client reconnects once it is back and says the service is restarting".into(),
        final_state: ConnectionState::Connected,
        words: vec!["restarting"],
        time_to_recover: None,
        problems: Vec::new(),
    };
    let mut verdict = before(form, &cast, verdict).await;
    let traffic = cast.traffic(form.rate);
    tokio::time::sleep(Duration::from_millis(200)).await;
    service.stop().await;
    tokio::time::sleep(form.fault).await;
    let restarted = Instant::now();
    if let Err(error) = service.start_again().await {
        verdict
            .problems
            .push(format!("the service did not start again: {error}"));
    }
    traffic.stop().await;
    finish(form, &cast, restarted, verdict).await
}

async fn finish(
    form: Form,
    cast: &Cast,
    restarted: Instant,
    mut verdict: Verdict,
) -> Result<Outcome, Error> {
    match cast.recover(restarted, form.wait).await {
        Ok(time) => verdict.time_to_recover = Some(time),
        Err(error) => verdict.problems.push(format!("no recovery: {error}")),
    }
    verdict
        .problems
        .extend(cast.exchange(Phase::After, form.messages, form.wait).await);
    Ok(cast.conclude(verdict, form.wait).await)
}
