//! The token endpoint fails while the subject needs a new token: the proxy cuts the
//! subject's connection, and every reconnect attempt asks the misbehaving endpoint. An
//! observer with its own direct token source is never affected.

use std::time::Duration;

use ivs_chat_client::ConnectionState;
use serde_json::json;
use tokio::time::Instant;

use super::{ATTEMPTS, Cast, ClientSetup, Form, Verdict};
use crate::ledger::Phase;
use crate::local::InProcess;
use crate::participant::Participant;
use crate::proxy::{Cut, FaultProxy};
use crate::token_endpoint::{TokenEndpoint, TokenMode};
use crate::{Error, Outcome};

/// Token lifetime of the service in the expired-token scenario: short, so the stock of
/// tokens minted at the start has expired by the time it is served.
const SHORT_TOKEN_LIFETIME: Duration = Duration::from_secs(1);
/// Expired tokens kept for the scenario; more than the attempts a fault can use up.
const EXPIRED_STOCK: usize = 60;

struct Stage {
    _service: InProcess,
    proxy: FaultProxy,
    endpoint: TokenEndpoint,
    cast: Cast,
}

async fn stage(mode: TokenMode, attempts: u32) -> Result<Stage, Error> {
    let mut config = ivs_chat_local::Config::default();
    if mode == TokenMode::Expired {
        config.token_lifetime = SHORT_TOKEN_LIFETIME;
    }
    let service = InProcess::start(config).await?;
    let room_arn = service
        .control()
        .create_room(&json!({"maximumMessageRatePerSecond": 100}))
        .await?;
    let http = format!("http://{}", service.addr());
    let endpoint = TokenEndpoint::start(&http).await?;
    if mode == TokenMode::Expired {
        let body = json!({"roomIdentifier": room_arn, "userId": "subject", "capabilities": ["SEND_MESSAGE"]});
        endpoint.stock_expired(&body, EXPIRED_STOCK).await?;
        // Served only once the service itself considers them expired.
        tokio::time::sleep(SHORT_TOKEN_LIFETIME + Duration::from_millis(300)).await;
    }
    let proxy = FaultProxy::start(service.addr()).await?;
    let behind = ClientSetup {
        ws: format!("ws://{}", proxy.local_addr()),
        token_url: endpoint.url(),
        room_arn: room_arn.clone(),
        max_reconnect_attempts: attempts,
    };
    let direct = ClientSetup {
        ws: format!("ws://{}", service.addr()),
        token_url: format!("{http}/create_chat_token"),
        room_arn,
        max_reconnect_attempts: ATTEMPTS,
    };
    let cast = Cast::new(
        Participant::recording("subject", behind.config("subject")?).await?,
        vec![(
            Participant::recording("observer", direct.config("observer")?).await?,
            true,
        )],
    );
    cast.connect(Duration::from_secs(20)).await?;
    Ok(Stage {
        _service: service,
        proxy,
        endpoint,
        cast,
    })
}

fn describe(mode: TokenMode) -> (&'static str, &'static str, Vec<&'static str>) {
    match mode {
        TokenMode::ServerError => (
            "token endpoint answers 500 while the client must reconnect",
            "each attempt fails with the endpoint's 500, the client backs off and says so; once the endpoint heals it reconnects and the queue goes out",
            vec!["token endpoint returned 500"],
        ),
        TokenMode::Hang => (
            "token endpoint hangs past the client's timeout while the client must reconnect",
            "each token fetch is given up after the connect timeout, the client backs off and says the endpoint timed out; it reconnects once the endpoint answers",
            vec!["token endpoint timed out"],
        ),
        TokenMode::Garbage => (
            "token endpoint answers 200 with garbage JSON while the client must reconnect",
            "the answer is refused as invalid, the client backs off and says so; it reconnects once the endpoint heals",
            vec!["invalid response"],
        ),
        TokenMode::Expired => (
            "token endpoint hands out already-expired tokens while the client must reconnect",
            "the service refuses each expired token (401); the client backs off, fetching a fresh token each time, and says why; it reconnects once the endpoint heals",
            vec!["expired", "401"],
        ),
        TokenMode::Healthy => ("none", "nothing happens", Vec::new()),
    }
}

/// The endpoint fails in `mode` for the fault's duration, then heals.
pub async fn failing(form: Form, mode: TokenMode) -> Result<Outcome, Error> {
    let stage = stage(mode, ATTEMPTS).await?;
    let cast = &stage.cast;
    let (fault, expected, words) = describe(mode);
    let mut verdict = Verdict {
        fault: fault.into(),
        expected: expected.into(),
        final_state: ConnectionState::Connected,
        words,
        time_to_recover: None,
        problems: Vec::new(),
    };
    verdict
        .problems
        .extend(cast.exchange(Phase::Before, form.messages, form.wait).await);
    let traffic = cast.traffic(form.rate);
    tokio::time::sleep(Duration::from_millis(200)).await;
    stage.endpoint.set_mode(mode);
    stage.proxy.cut_all(Cut::Reset);
    // At least a couple of attempts must meet the fault, whatever the form.
    tokio::time::sleep(form.fault.max(super::CONNECT_TIMEOUT * 2)).await;
    let healed = Instant::now();
    stage.endpoint.heal();
    traffic.stop().await;
    match cast.recover(healed, form.wait).await {
        Ok(time) => verdict.time_to_recover = Some(time),
        Err(error) => verdict.problems.push(format!("no recovery: {error}")),
    }
    verdict
        .problems
        .extend(cast.exchange(Phase::After, form.messages, form.wait).await);
    Ok(cast.conclude(verdict, form.wait).await)
}

/// The endpoint answers 500 for longer than the client's attempt limit.
pub async fn failing_forever(form: Form) -> Result<Outcome, Error> {
    let stage = stage(TokenMode::ServerError, 2).await?;
    let cast = &stage.cast;
    let mut verdict = Verdict {
        fault: "token endpoint answers 500 past the client's attempt limit".into(),
        expected: "after the last attempt the room stops: disconnected with the fetch-token error in words; every request ends failed".into(),
        final_state: ConnectionState::Disconnected,
        words: vec!["cannot get a chat token: token endpoint returned 500"],
        time_to_recover: None,
        problems: Vec::new(),
    };
    verdict
        .problems
        .extend(cast.exchange(Phase::Before, form.messages, form.wait).await);
    let traffic = cast.traffic(form.rate);
    tokio::time::sleep(Duration::from_millis(200)).await;
    stage.endpoint.set_mode(TokenMode::ServerError);
    stage.proxy.cut_all(Cut::Reset);
    if let Err(error) = cast
        .subject
        .wait_state(ConnectionState::Disconnected, form.wait)
        .await
    {
        verdict.problems.push(format!("never gave up: {error}"));
    }
    traffic.stop().await;
    Ok(cast.conclude(verdict, form.wait).await)
}
