//! Network faults: the subject reaches the service through the [`FaultProxy`]; an observer
//! connects directly and is never affected, so it must see every confirmed message.

use std::time::Duration;

use ivs_chat_client::ConnectionState;
use serde_json::json;
use tokio::time::Instant;

use super::{ATTEMPTS, Cast, ClientSetup, Form, REQUEST_TIMEOUT, Verdict};
use crate::ledger::Phase;
use crate::local::InProcess;
use crate::participant::Participant;
use crate::proxy::{Cut, FaultProxy};
use crate::{Error, Outcome};

/// The bytes per second of a trickle: a few messages' worth.
const TRICKLE_BYTES_PER_SECOND: u32 = 600;

/// A service, a proxy in front of it, a subject behind the proxy and a direct observer.
struct Stage {
    _service: InProcess,
    proxy: FaultProxy,
    cast: Cast,
}

async fn stage(attempts: u32) -> Result<Stage, Error> {
    let service = InProcess::start(ivs_chat_local::Config::default()).await?;
    let room_arn = service
        .control()
        .create_room(&json!({"maximumMessageRatePerSecond": 100}))
        .await?;
    let proxy = FaultProxy::start(service.addr()).await?;
    let token_url = format!("http://{}/create_chat_token", service.addr());
    let behind = ClientSetup {
        ws: format!("ws://{}", proxy.local_addr()),
        token_url: token_url.clone(),
        room_arn: room_arn.clone(),
        max_reconnect_attempts: attempts,
    };
    let direct = ClientSetup {
        ws: format!("ws://{}", service.addr()),
        ..behind.clone()
    };
    let cast = Cast::new(
        Participant::recording("subject", behind.config("subject")?).await?,
        vec![(
            Participant::recording("observer", direct.config("observer")?).await?,
            true,
        )],
    );
    Ok(Stage {
        _service: service,
        proxy,
        cast,
    })
}

/// Runs `fault` with traffic flowing, then `heal`, and judges recovery.
async fn with_recovery(
    form: Form,
    stage: &Stage,
    fault: impl FnOnce(&FaultProxy),
    heal: impl FnOnce(&FaultProxy),
    mut verdict: Verdict,
) -> Outcome {
    let cast = &stage.cast;
    verdict
        .problems
        .extend(cast.exchange(Phase::Before, form.messages, form.wait).await);
    let traffic = cast.traffic(form.rate);
    tokio::time::sleep(Duration::from_millis(200)).await;
    fault(&stage.proxy);
    tokio::time::sleep(form.fault).await;
    let healed = Instant::now();
    heal(&stage.proxy);
    traffic.stop().await;
    match cast.recover(healed, form.wait).await {
        Ok(time) => verdict.time_to_recover = Some(time),
        Err(error) => verdict.problems.push(format!("no recovery: {error}")),
    }
    verdict
        .problems
        .extend(cast.exchange(Phase::After, form.messages, form.wait).await);
    cast.conclude(verdict, form.wait).await
}

/// The proxy cuts every connection mid-traffic, with a reset or a bare FIN.
pub async fn cut(form: Form, how: Cut) -> Result<Outcome, Error> {
    let stage = stage(ATTEMPTS).await?;
    stage.cast.connect(form.wait).await?;
    let (name, detail) = match how {
        Cut::Reset => ("proxy resets the connection (RST) mid-traffic", "reset"),
        Cut::Close => (
            "proxy closes the connection (FIN, no close frame) mid-traffic",
            "FIN",
        ),
    };
    let verdict = Verdict {
        fault: name.into(),
        expected: format!(
            "the {detail} is a lost connection: reconnect with backoff and a fresh token; in-flight requests fail as delivery-unknown, queued ones go out after the reconnect"
        ),
        final_state: ConnectionState::Connected,
        words: vec!["connection lost"],
        time_to_recover: None,
        problems: Vec::new(),
    };
    Ok(with_recovery(form, &stage, |proxy| proxy.cut_all(how), |_| {}, verdict).await)
}

/// The proxy forwards nothing either way for the fault's duration, then resumes.
pub async fn stall(form: Form) -> Result<Outcome, Error> {
    let stage = stage(ATTEMPTS).await?;
    stage.cast.connect(form.wait).await?;
    let verdict = Verdict {
        fault: format!(
            "proxy stalls both directions for {:.1} s mid-traffic",
            form.fault.as_secs_f64()
        ),
        expected: "nothing is lost: held frames arrive after the stall; requests unanswered past the timeout fail as delivery-unknown and are confirmed when their MESSAGE arrives".into(),
        final_state: ConnectionState::Connected,
        words: Vec::new(),
        time_to_recover: None,
        problems: Vec::new(),
    };
    Ok(with_recovery(form, &stage, FaultProxy::stall, FaultProxy::heal, verdict).await)
}

/// The proxy stalls for longer than the client tolerates silence after a request: the
/// connection is half-open, and only the client can notice.
pub async fn blackhole(form: Form) -> Result<Outcome, Error> {
    let stage = stage(ATTEMPTS).await?;
    stage.cast.connect(form.wait).await?;
    let lasting = form.fault.max(REQUEST_TIMEOUT * 2 + Duration::from_secs(3));
    let verdict = Verdict {
        fault: format!(
            "proxy stalls both directions for {:.1} s (a half-open connection: no close, no error)",
            lasting.as_secs_f64()
        ),
        expected: "the client notices the silence after its requests, says so, gives the connection up and reconnects once the network is back; in-flight requests fail as delivery-unknown".into(),
        final_state: ConnectionState::Connected,
        words: vec!["no answer from the chat service"],
        time_to_recover: None,
        problems: Vec::new(),
    };
    let form = Form {
        fault: lasting,
        ..form
    };
    Ok(with_recovery(form, &stage, FaultProxy::stall, FaultProxy::heal, verdict).await)
}

/// The proxy slows every connection to a trickle, then resumes.
pub async fn trickle(form: Form) -> Result<Outcome, Error> {
    let stage = stage(ATTEMPTS).await?;
    stage.cast.connect(form.wait).await?;
    let verdict = Verdict {
        fault: format!(
            "proxy slows the connection to {TRICKLE_BYTES_PER_SECOND} B/s for {:.1} s mid-traffic",
            form.fault.as_secs_f64()
        ),
        expected: "nothing is lost or doubled: frames arrive late, in order; late answers confirm their requests".into(),
        final_state: ConnectionState::Connected,
        words: Vec::new(),
        time_to_recover: None,
        problems: Vec::new(),
    };
    Ok(with_recovery(
        form,
        &stage,
        |proxy| proxy.trickle(TRICKLE_BYTES_PER_SECOND),
        FaultProxy::heal,
        verdict,
    )
    .await)
}

/// Open connections are reset and new ones refused for the fault's duration.
pub async fn refuse(form: Form) -> Result<Outcome, Error> {
    let stage = stage(ATTEMPTS).await?;
    stage.cast.connect(form.wait).await?;
    let verdict = Verdict {
        fault: format!(
            "proxy resets the connection and every new one for {:.1} s",
            form.fault.as_secs_f64()
        ),
        expected: "reconnect attempts back off until the proxy accepts again, then the room reconnects and the queued messages go out".into(),
        final_state: ConnectionState::Connected,
        words: vec!["connection lost"],
        time_to_recover: None,
        problems: Vec::new(),
    };
    Ok(with_recovery(
        form,
        &stage,
        |proxy| {
            proxy.refuse_new();
            proxy.cut_all(Cut::Reset);
        },
        FaultProxy::heal,
        verdict,
    )
    .await)
}

/// New connections are refused for longer than the client's attempt limit.
pub async fn refuse_forever(form: Form) -> Result<Outcome, Error> {
    let stage = stage(2).await?;
    let cast = &stage.cast;
    cast.connect(form.wait).await?;
    let mut verdict = Verdict {
        fault: "proxy resets the connection and refuses every new one, past the attempt limit"
            .into(),
        expected: "after the last attempt the room stops: disconnected, saying it cannot connect; every request ends failed, none pending".into(),
        final_state: ConnectionState::Disconnected,
        words: vec!["cannot connect"],
        time_to_recover: None,
        problems: Vec::new(),
    };
    verdict
        .problems
        .extend(cast.exchange(Phase::Before, form.messages, form.wait).await);
    let traffic = cast.traffic(form.rate);
    tokio::time::sleep(Duration::from_millis(200)).await;
    stage.proxy.refuse_new();
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
