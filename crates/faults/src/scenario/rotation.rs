//! Rapid token rotation: the subject's sessions last one (one-second) minute, so it opens a
//! new connection every ~0.75 s and switches over while messages flow. Rotation must be
//! invisible: every message sent while it rotates reaches it exactly once.

use std::time::Duration;

use ivs_chat_client::ConnectionState;
use ivs_chat_client::token::HttpTokenProvider;
use ivs_chat_protocol::Capability;
use ivs_chat_protocol::control::CreateChatTokenRequest;
use serde_json::json;
use std::sync::Arc;
use tokio::time::Instant;

use super::{ATTEMPTS, CONNECT_TIMEOUT, Cast, ClientSetup, Form, Verdict};
use crate::ledger::Phase;
use crate::local::InProcess;
use crate::participant::Participant;
use crate::{Error, Outcome};

/// The service's minute: sessions of `sessionDurationInMinutes: 1` last this long.
const MINUTE: Duration = Duration::from_secs(1);

/// The subject rotates every ~0.75 s for the fault's duration (at least 5 s) under traffic.
pub async fn rapid(form: Form) -> Result<Outcome, Error> {
    let service = InProcess::start(ivs_chat_local::Config {
        minute: MINUTE,
        ..ivs_chat_local::Config::default()
    })
    .await?;
    let room_arn = service
        .control()
        .create_room(&json!({"maximumMessageRatePerSecond": 100}))
        .await?;
    let setup = ClientSetup {
        ws: format!("ws://{}", service.addr()),
        token_url: format!("http://{}/create_chat_token", service.addr()),
        room_arn: room_arn.clone(),
        max_reconnect_attempts: ATTEMPTS,
    };
    let mut subject = setup.config("subject")?;
    subject.tokens = Arc::new(
        HttpTokenProvider::new(
            setup.token_url.clone(),
            CreateChatTokenRequest {
                room_identifier: Some(room_arn),
                user_id: Some("subject".into()),
                capabilities: Some(Capability::ALL.to_vec()),
                session_duration_in_minutes: Some(1),
                ..Default::default()
            },
        )
        .with_timeout(CONNECT_TIMEOUT),
    );
    // The observer's sessions last 60 of these minutes: it does not rotate during the run.
    let cast = Cast::new(
        Participant::recording("subject", subject).await?,
        vec![(
            Participant::recording("observer", setup.config("observer")?).await?,
            true,
        )],
    );
    cast.connect(form.wait).await?;
    let mut verdict = Verdict {
        fault: format!(
            "sessions of {:.0} s: the client rotates to a new connection every ~{:.2} s under traffic",
            MINUTE.as_secs_f64(),
            MINUTE.as_secs_f64() * 0.75
        ),
        expected: "each rotation opens the next connection before the session ends and switches over invisibly: no state change, every message exactly once, nothing failed".into(),
        final_state: ConnectionState::Connected,
        words: Vec::new(),
        time_to_recover: None,
        problems: Vec::new(),
    };
    verdict
        .problems
        .extend(cast.exchange(Phase::Before, form.messages, form.wait).await);
    // Every message of the rotating period must reach everyone: it is sent as `after`.
    let started = Instant::now();
    let lasting = form.fault.max(Duration::from_secs(5));
    while started.elapsed() < lasting {
        verdict
            .problems
            .extend(cast.exchange(Phase::After, 1, form.wait).await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sessions = cast.subject.inspect(|record| record.sessions);
    if sessions < 4 {
        verdict.problems.push(format!(
            "only {sessions} sessions: the subject did not rotate"
        ));
    }
    let state_changes = cast.subject.inspect(|record| record.states.len());
    if state_changes != 2 {
        verdict.problems.push(format!(
            "the rotations were visible: {state_changes} state changes instead of connecting, connected"
        ));
    }
    let failures = cast.subject.snapshot().failures();
    if !failures.is_empty() {
        verdict.problems.push(format!(
            "{} requests failed across rotations: {:?}",
            failures.len(),
            failures.first()
        ));
    }
    Ok(cast.conclude(verdict, form.wait).await)
}
