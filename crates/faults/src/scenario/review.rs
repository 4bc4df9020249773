//! The room's message review handler misbehaves (reference §1.11): slower than the 200 ms
//! budget, erroring, or answering something that is not a review response. The service must
//! apply the room's `fallbackResult` to every message, never hang a request, never crash.

use std::time::Duration;

use ivs_chat_client::ConnectionState;
use ivs_chat_protocol::control::FallbackResult;
use serde_json::json;
use tokio::time::Instant;

use super::{ATTEMPTS, Cast, ClientSetup, Form, Verdict};
use crate::ledger::Phase;
use crate::local::InProcess;
use crate::participant::Participant;
use crate::review_handler::{ReviewHandler, ReviewMode};
use crate::{Error, Outcome};

/// Messages per second per client while the handler is slow: under 1 / 200 ms.
const MAX_REVIEWED_RATE: f64 = 4.0;

/// The handler misbehaves in `mode` while traffic flows, then heals; the room's fallback
/// is `fallback`.
pub async fn misbehaving(
    form: Form,
    mode: ReviewMode,
    fallback: FallbackResult,
) -> Result<Outcome, Error> {
    let handler = ReviewHandler::start(ReviewMode::Allow).await?;
    let service = InProcess::start(ivs_chat_local::Config::default()).await?;
    let fallback_name = match fallback {
        FallbackResult::Allow => "ALLOW",
        FallbackResult::Deny => "DENY",
    };
    let room_arn = service
        .control()
        .create_room(&json!({
            "maximumMessageRatePerSecond": 100,
            "messageReviewHandler": {"uri": handler.url(), "fallbackResult": fallback_name},
        }))
        .await?;
    let setup = ClientSetup {
        ws: format!("ws://{}", service.addr()),
        token_url: format!("http://{}/create_chat_token", service.addr()),
        room_arn,
        max_reconnect_attempts: ATTEMPTS,
    };
    let cast = Cast::new(
        Participant::recording("subject", setup.config("subject")?).await?,
        vec![(
            Participant::recording("observer", setup.config("observer")?).await?,
            true,
        )],
    );
    cast.connect(form.wait).await?;
    let what = match mode {
        ReviewMode::Slow => "slower than 200 ms",
        ReviewMode::Erroring => "answering HTTP 500",
        ReviewMode::Invalid => "answering an invalid review response",
        ReviewMode::Allow => "healthy",
    };
    let (expected, words) = match fallback {
        FallbackResult::Allow => (
            "fallback ALLOW: every message is delivered unchanged, without waiting past the 200 ms budget; nothing is rejected",
            Vec::new(),
        ),
        FallbackResult::Deny => (
            "fallback DENY: every message is refused with ERROR 406, which the client reports in words; the connection stays up",
            vec!["rejected by the message review handler"],
        ),
    };
    let mut verdict = Verdict {
        fault: format!("review handler {what}, fallback {fallback_name}"),
        expected: expected.into(),
        final_state: ConnectionState::Connected,
        words,
        time_to_recover: None,
        problems: Vec::new(),
    };
    verdict
        .problems
        .extend(cast.exchange(Phase::Before, form.messages, form.wait).await);
    handler.set_mode(mode);
    // The service reviews each connection's messages in order, and a handler that uses its
    // whole 200 ms budget allows at most 5 a second per connection: stay under that, as a
    // room with a review handler must.
    let traffic = cast.traffic(form.rate.min(MAX_REVIEWED_RATE));
    tokio::time::sleep(form.fault).await;
    // Stop sending first: a message sent after the heal would be reviewed by a healthy
    // handler, which is not what the fault phase is about.
    traffic.stop().await;
    // And let what the clients still hold (pacing) go out and be reviewed under the fault.
    for participant in [&cast.subject] {
        if let Err(error) = participant.wait_settled(form.wait).await {
            verdict.problems.push(error.to_string());
        }
    }
    for (participant, _) in &cast.others {
        if let Err(error) = participant.wait_settled(form.wait).await {
            verdict.problems.push(error.to_string());
        }
    }
    let healed = Instant::now();
    handler.set_mode(ReviewMode::Allow);
    // Wait out answers to requests reviewed under the fault before measuring recovery.
    tokio::time::sleep(Duration::from_millis(100)).await;
    match cast.recover(healed, form.wait).await {
        Ok(time) => verdict.time_to_recover = Some(time),
        Err(error) => verdict.problems.push(format!("no recovery: {error}")),
    }
    verdict
        .problems
        .extend(cast.exchange(Phase::After, form.messages, form.wait).await);
    if fallback == FallbackResult::Allow {
        let failed = cast.subject.snapshot().failures();
        if !failed.is_empty() {
            verdict.problems.push(format!(
                "with fallback ALLOW nothing should fail, yet {} requests did: {:?}",
                failed.len(),
                failed.first()
            ));
        }
    } else {
        let confirmed_during = cast.subject.inspect(|record| {
            record
                .requests
                .values()
                .filter(|request| {
                    request.content.as_deref().and_then(Phase::of) == Some(Phase::During)
                        && matches!(
                            request.status,
                            ivs_chat_client::RequestStatus::Confirmed { .. }
                        )
                })
                .count()
        });
        if confirmed_during > 0 {
            verdict.problems.push(format!(
                "with fallback DENY and a failing handler, {confirmed_during} messages were delivered"
            ));
        }
    }
    Ok(cast.conclude(verdict, form.wait).await)
}
