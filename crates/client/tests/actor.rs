//! The room actor over the in-memory transport, with paused time: every timer (backoff,
//! rotation, request timeout, pacing) runs in virtual time, so these tests are exact and fast.

#![allow(clippy::unwrap_used)]

mod memory;

use std::time::Duration;

use ivs_chat_client::connection::HandshakeError;
use ivs_chat_client::connection::memory::ClientFrame;
use ivs_chat_client::decision::Backoff;
use ivs_chat_client::token::TokenError;
use ivs_chat_client::{
    Action, ConnectionState, FailureKind, Jitter, Limits, Reason, RequestStatus, Update,
};
use ivs_chat_protocol::messaging::{ErrorCode, Request};
use ivs_chat_protocol::{Attributes, Capability};
use memory::*;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn send_is_confirmed_by_its_message_and_failed_by_its_error() {
    let mut h = harness(Minter::new(), |_| {});
    let mut server = h.connected().await;
    let session = h
        .until(|u| match u {
            Update::Session(info) => Some(info.clone()),
            _ => None,
        })
        .await;
    assert_eq!(session.user_id.as_deref(), Some("me"));

    let first = h
        .room
        .send_message("hello", Attributes::new())
        .await
        .unwrap();
    let request = server.next_request().await.unwrap();
    assert_eq!(request_id_of(&request), first.as_str());
    assert_eq!(content_of(&request), "hello");
    assert!(
        server
            .send(&message("M00000000001", Some(first.as_str()), "hello"))
            .await
    );
    let seen = h
        .until(|u| match u {
            Update::Message(m) => Some(m.clone()),
            _ => None,
        })
        .await;
    assert_eq!(seen.content, "hello");
    assert_eq!(
        h.status(&first).await,
        RequestStatus::Confirmed {
            id: "M00000000001".into()
        }
    );

    let second = h
        .room
        .send_message("spam", Attributes::new())
        .await
        .unwrap();
    let request = server.next_request().await.unwrap();
    assert!(
        server
            .send(&error(
                "E00000000001",
                Some(&request_id_of(&request)),
                406,
                "denied"
            ))
            .await
    );
    match h.status(&second).await {
        RequestStatus::Failed(failure) => {
            assert_eq!(failure.kind, FailureKind::Service(ErrorCode(406)));
            assert_eq!(failure.message, "denied");
            assert!(!failure.retryable);
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn delete_and_kick_are_confirmed_by_their_events() {
    let mut h = harness(Minter::new(), |_| {});
    let mut server = h.connected().await;
    let delete = h
        .room
        .delete_message("M00000000001", Some("spam".into()))
        .await
        .unwrap();
    let kick = h
        .room
        .disconnect_user("bob", Some("rude".into()))
        .await
        .unwrap();
    let request = server.next_request().await.unwrap();
    assert!(
        matches!(&request, Request::DeleteMessage(d) if d.id == "M00000000001" && d.reason.as_deref() == Some("spam"))
    );
    server
        .send(&event(
            "V00000000001",
            request.request_id(),
            "aws:DELETE_MESSAGE",
            &[
                ("MessageId", "M00000000001"),
                ("MessageID", "M00000000001"),
                ("Reason", "spam"),
            ],
        ))
        .await;
    let deleted = h
        .until(|u| match u {
            Update::MessageDeleted {
                message_id, reason, ..
            } => Some((message_id.clone(), reason.clone())),
            _ => None,
        })
        .await;
    assert_eq!(deleted, ("M00000000001".into(), Some("spam".into())));
    assert_eq!(
        h.status(&delete).await,
        RequestStatus::Confirmed {
            id: "V00000000001".into()
        }
    );

    let request = server.next_request().await.unwrap();
    assert!(matches!(&request, Request::DisconnectUser(d) if d.user_id == "bob"));
    server
        .send(&event(
            "V00000000002",
            request.request_id(),
            "aws:DISCONNECT_USER",
            &[("UserId", "bob"), ("Reason", "rude")],
        ))
        .await;
    let kicked = h
        .until(|u| match u {
            Update::UserDisconnected { user_id, .. } => Some(user_id.clone()),
            _ => None,
        })
        .await;
    assert_eq!(kicked, "bob");
    assert_eq!(
        h.status(&kick).await,
        RequestStatus::Confirmed {
            id: "V00000000002".into()
        }
    );

    // An application event is an event; a frame of the wrong kind answers nothing.
    server
        .send(&event("V00000000003", None, "app:HELLO", &[("k", "v")]))
        .await;
    let name = h
        .until(|u| match u {
            Update::Event(e) => Some(e.event_name.clone()),
            _ => None,
        })
        .await;
    assert_eq!(name, "app:HELLO");
}

#[tokio::test(start_paused = true)]
async fn an_unanswered_request_times_out_and_a_late_answer_still_confirms_it() {
    let mut h = harness(Minter::new(), |config| {
        config.request_timeout = Duration::from_secs(10)
    });
    let mut server = h.connected().await;
    let started = Instant::now();
    let id = h
        .room
        .send_message("anyone?", Attributes::new())
        .await
        .unwrap();
    let request = server.next_request().await.unwrap();
    match h.status(&id).await {
        RequestStatus::Failed(failure) => {
            assert_eq!(failure.kind, FailureKind::Timeout);
            assert!(failure.retryable);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(10),
        "virtual time: exactly the request timeout"
    );
    server
        .send(&message("M00000000009", request.request_id(), "anyone?"))
        .await;
    assert_eq!(
        h.status(&id).await,
        RequestStatus::Confirmed {
            id: "M00000000009".into()
        }
    );
}

/// Regression: a connection that went silent without closing (a stalled network, a
/// half-open TCP connection) left the room "connected" forever; found by chatdeck-faults'
/// stall scenario. After two request timeouts of silence it is given up and replaced.
#[tokio::test(start_paused = true)]
async fn a_silent_connection_is_given_up_after_two_request_timeouts() {
    let mut h = harness(Minter::new(), |config| {
        config.request_timeout = Duration::from_secs(10);
        config.jitter = Jitter::fixed(0.0);
    });
    let mut server = h.connected().await;
    let started = Instant::now();
    let id = h
        .room
        .send_message("anyone?", Attributes::new())
        .await
        .unwrap();
    server.next_request().await.unwrap();
    assert!(matches!(h.status(&id).await, RequestStatus::Failed(_)));
    let (state, reason) = h.state().await;
    assert_eq!(state, ConnectionState::Connecting);
    assert_eq!(
        reason.map(|reason| reason.to_string()).as_deref(),
        Some("connection lost (no answer from the chat service for 20 s); reconnecting")
    );
    assert_eq!(started.elapsed(), Duration::from_secs(20));
    let dial = h.dial().await;
    assert_eq!(
        dial.token.expose(),
        "tok-1",
        "a fresh token for the new connection"
    );
}

/// Regression: requests paced correctly but bunched by the network (held during a stall,
/// then delivered at once) drew ERROR 429s that failed them; found by chatdeck-faults' long
/// stall. A 429 is a definite "not delivered": the request goes back in line and is sent
/// again, a few times, and the user sees it confirmed.
#[tokio::test(start_paused = true)]
async fn a_request_refused_with_429_is_sent_again_and_confirmed() {
    let mut h = harness(Minter::new(), |_| {});
    let mut server = h.connected().await;
    let id = h
        .room
        .send_message("bunched", Attributes::new())
        .await
        .unwrap();
    let first = server.next_request().await.unwrap();
    server
        .send(&error(
            "E00000000001",
            first.request_id(),
            429,
            "rate limit exceeded",
        ))
        .await;
    let again = server.next_request().await.unwrap();
    assert_eq!(
        again.request_id(),
        first.request_id(),
        "the same request, again"
    );
    server
        .send(&message("M00000000001", again.request_id(), "bunched"))
        .await;
    assert_eq!(
        h.status(&id).await,
        RequestStatus::Confirmed {
            id: "M00000000001".into()
        },
        "no failure reported in between"
    );
    // A service that keeps refusing: after the retries the 429 is reported.
    let id = h
        .room
        .send_message("refused", Attributes::new())
        .await
        .unwrap();
    for n in 0..=ivs_chat_client::outbox::RATE_LIMIT_RETRIES {
        let request = server.next_request().await.unwrap();
        server
            .send(&error(
                &format!("E0000000001{n}"),
                request.request_id(),
                429,
                "rate limit exceeded",
            ))
            .await;
    }
    match h.status(&id).await {
        RequestStatus::Failed(failure) => {
            assert_eq!(
                failure.kind,
                FailureKind::Service(ErrorCode::TOO_MANY_REQUESTS)
            );
            assert!(failure.retryable);
        }
        other => panic!("{other:?}"),
    }
}

/// Any frame proves the connection alive: silence is counted from the last one heard.
#[tokio::test(start_paused = true)]
async fn a_connection_that_answers_is_never_given_up() {
    let mut h = harness(Minter::new(), |config| {
        config.request_timeout = Duration::from_secs(10);
    });
    let mut server = h.connected().await;
    for n in 0..6 {
        h.room
            .send_message(format!("m{n}"), Attributes::new())
            .await
            .unwrap();
        let request = server.next_request().await.unwrap();
        tokio::time::sleep(Duration::from_secs(8)).await;
        server
            .send(&message(
                &format!("M0000000000{n}"),
                request.request_id(),
                "m",
            ))
            .await;
    }
    h.room.disconnect().await.unwrap();
    loop {
        match h.update().await {
            Update::State {
                state: ConnectionState::Disconnected,
                reason,
            } => {
                assert_eq!(reason, Some(Reason::ClientDisconnect));
                break;
            }
            Update::State { state, reason } => panic!("unexpected {state:?} {reason:?}"),
            _ => {}
        }
    }
}

#[tokio::test(start_paused = true)]
async fn requests_made_while_connecting_go_out_in_order_after_connect() {
    let mut h = harness(Minter::new(), |_| {});
    h.room.connect().await.unwrap();
    let dial = h.dial().await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(
            h.room
                .send_message(format!("m{n}"), Attributes::new())
                .await
                .unwrap(),
        );
    }
    let mut server = dial.accept();
    for (n, id) in ids.iter().enumerate() {
        let request = server.next_request().await.unwrap();
        assert_eq!(request_id_of(&request), id.as_str());
        assert_eq!(content_of(&request), format!("m{n}"));
    }
}

#[tokio::test(start_paused = true)]
async fn a_dead_socket_fails_in_flight_requests_as_unknown_and_never_resends_them() {
    let mut h = harness(Minter::new(), |config| config.jitter = Jitter::fixed(0.0));
    let mut server = h.connected().await;
    let lost = h
        .room
        .send_message("in flight", Attributes::new())
        .await
        .unwrap();
    server.next_request().await.unwrap();
    server.close(None, false).await;
    match h.status(&lost).await {
        RequestStatus::Failed(failure) => {
            assert_eq!(failure.kind, FailureKind::ConnectionLost);
            assert!(failure.retryable && failure.kind.delivery_unknown());
        }
        other => panic!("expected connection lost, got {other:?}"),
    }
    let (state, reason) = h.state().await;
    assert_eq!(state, ConnectionState::Connecting);
    assert!(
        matches!(reason, Some(Reason::ConnectionLost { .. })),
        "{reason:?}"
    );
    // Queued while reconnecting.
    let queued = h
        .room
        .send_message("queued", Attributes::new())
        .await
        .unwrap();
    let dial = h.dial().await;
    assert_eq!(
        dial.token.expose(),
        "tok-1",
        "a fresh token for every connection"
    );
    let mut server = dial.accept();
    assert_eq!(h.state().await, (ConnectionState::Connected, None));
    let request = server.next_request().await.unwrap();
    assert_eq!(
        request_id_of(&request),
        queued.as_str(),
        "the lost request was not re-sent"
    );
    // The user retries it explicitly, under the same id.
    h.room.retry(lost.clone()).await.unwrap();
    let request = server.next_request().await.unwrap();
    assert_eq!(request_id_of(&request), lost.as_str());
    assert_eq!(content_of(&request), "in flight");
    assert!(
        h.room.discard(lost).await.is_err(),
        "in flight again, not failed"
    );
}

#[tokio::test(start_paused = true)]
async fn a_clean_close_disconnects_and_a_kick_says_why() {
    let mut h = harness(Minter::new(), |_| {});
    let server = h.connected().await;
    server.close(Some(1000), true).await;
    assert_eq!(
        h.state().await,
        (
            ConnectionState::Disconnected,
            Some(Reason::ServerDisconnect)
        )
    );
    assert!(h.no_dial_pending());

    let server = h.connected().await;
    server
        .send(&event(
            "V00000000001",
            None,
            "aws:DISCONNECT_USER",
            &[("UserId", "me"), ("Reason", "spam")],
        ))
        .await;
    server.close(Some(1000), true).await;
    let reason = h.state().await;
    assert_eq!(
        reason,
        (
            ConnectionState::Disconnected,
            Some(Reason::Kicked {
                reason: Some("spam".into())
            })
        )
    );
    assert_eq!(
        reason.1.map(|r| r.to_string()).as_deref(),
        Some("kicked by a moderator: spam")
    );
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(h.no_dial_pending(), "a kicked room does not come back");
}

#[tokio::test(start_paused = true)]
async fn going_away_reconnects_and_session_expiry_reconnects_at_once() {
    let mut h = harness(Minter::new(), |_| {});
    let server = h.connected().await;
    server.close(Some(1001), true).await;
    assert_eq!(
        h.state().await,
        (ConnectionState::Connecting, Some(Reason::ServerGoingAway))
    );
    let server = h.dial().await.accept();
    assert_eq!(h.state().await, (ConnectionState::Connected, None));

    let before = Instant::now();
    server
        .send(&error("E00000000001", None, 401, "session expired"))
        .await;
    assert_eq!(
        h.state().await,
        (ConnectionState::Connecting, Some(Reason::SessionExpired))
    );
    h.dial().await.accept();
    assert_eq!(h.state().await, (ConnectionState::Connected, None));
    assert_eq!(
        before.elapsed(),
        Duration::ZERO,
        "no backoff after a session expiry"
    );
}

#[tokio::test(start_paused = true)]
async fn failed_attempts_back_off_exponentially_then_give_up() {
    let mut h = harness(Minter::new(), |config| {
        config.max_reconnect_attempts = 4;
        config.backoff = Backoff {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(3),
        };
    });
    h.room.connect().await.unwrap();
    let mut last = Instant::now();
    let mut delays = Vec::new();
    let mut tokens = Vec::new();
    for _ in 0..5 {
        let dial = h.dial().await;
        delays.push(last.elapsed());
        last = Instant::now();
        tokens.push(dial.token.expose().to_owned());
        dial.reject(HandshakeError::Network("refused".into()));
    }
    let ms = Duration::from_millis;
    // Jitter fixed at 1.0: the ceilings, doubling and capped.
    assert_eq!(delays, vec![ms(0), ms(500), ms(1000), ms(2000), ms(3000)]);
    assert_eq!(tokens, vec!["tok-0", "tok-1", "tok-2", "tok-3", "tok-4"]);
    // One `connecting` for the connect, one per retry saying why, then the end.
    let mut states = Vec::new();
    loop {
        let (state, reason) = h.state().await;
        states.push((state, reason.map(|reason| reason.to_string())));
        if state == ConnectionState::Disconnected {
            break;
        }
    }
    let refused = Some("cannot connect: cannot reach the chat service: refused".to_owned());
    assert_eq!(states.len(), 6, "{states:?}");
    assert_eq!(states[0], (ConnectionState::Connecting, None));
    for retry in &states[1..5] {
        assert_eq!(retry, &(ConnectionState::Connecting, refused.clone()));
    }
    assert_eq!(states[5], (ConnectionState::Disconnected, refused));
    assert!(h.no_dial_pending());
}

/// Regression: a token endpoint answering 500 while the room reconnects was invisible until
/// the last attempt; each retry now says why (found by the fault suite's token scenarios).
#[tokio::test(start_paused = true)]
async fn each_failed_attempt_says_why_while_retrying() {
    let mut minter = Minter::new();
    minter.fail_with = Some(TokenError::Status {
        status: 500,
        message: "token backend unavailable".into(),
    });
    let mut h = harness(minter, |config| config.max_reconnect_attempts = 3);
    h.room.connect().await.unwrap();
    assert_eq!(h.state().await, (ConnectionState::Connecting, None));
    let (state, reason) = h.state().await;
    assert_eq!(state, ConnectionState::Connecting, "still retrying");
    assert_eq!(
        reason.map(|reason| reason.to_string()).as_deref(),
        Some("cannot get a chat token: token endpoint returned 500: token backend unavailable")
    );
}

#[tokio::test(start_paused = true)]
async fn a_token_endpoint_that_refuses_stops_at_once() {
    let mut minter = Minter::new();
    minter.fail_with = Some(TokenError::Status {
        status: 403,
        message: "banned".into(),
    });
    let mut h = harness(minter, |_| {});
    h.room.connect().await.unwrap();
    assert_eq!(h.state().await.0, ConnectionState::Connecting);
    let (state, reason) = h.state().await;
    assert_eq!(state, ConnectionState::Disconnected);
    let reason = reason.unwrap();
    assert_eq!(reason.name(), "fetchTokenError");
    assert_eq!(
        reason.to_string(),
        "cannot get a chat token: token endpoint returned 403: banned"
    );
}

#[tokio::test(start_paused = true)]
async fn rotation_opens_the_next_connection_before_the_session_ends_without_gap_or_duplicate() {
    let mut minter = Minter::new();
    minter.session = Some(Duration::from_secs(8));
    let mut h = harness(minter, |_| {});
    let mut old = h.connected().await;
    let started = Instant::now();
    let dial = h.dial().await;
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(6),
        "three quarters of an 8 s session"
    );
    assert_eq!(dial.token.expose(), "tok-1");
    // Before the switch, a request goes out on the old socket.
    let early = h
        .room
        .send_message("early", Attributes::new())
        .await
        .unwrap();
    let early_request = old.next_request().await.unwrap();
    let mut new = dial.accept();
    h.until(|u| matches!(u, Update::Session(_)).then_some(()))
        .await;
    // The old socket stays open through the drain period (regression: it was closed at
    // once, so a frame fanned out before the service added the new socket to the room was
    // lost; found by chatdeck-faults under rapid rotation).
    assert!(
        tokio::time::timeout(Duration::from_secs(1), old.next_frame())
            .await
            .is_err(),
        "the old socket is not closed right after the switch"
    );
    // The same frames fan out to both sockets; the answer to the early request too.
    let both = [
        message("M00000000001", None, "one"),
        message(
            "M00000000002",
            Some(&request_id_of(&early_request)),
            "early",
        ),
        message("M00000000003", None, "three"),
    ];
    for frame in &both[..2] {
        old.send(frame).await;
        new.send(frame).await;
    }
    new.send(&both[2]).await;
    old.send(&both[2]).await;
    // A frame that reached only the old socket (the new one had not joined the room yet).
    old.send(&message("M00000000005", None, "old only")).await;
    let after = h
        .room
        .send_message("after", Attributes::new())
        .await
        .unwrap();
    let request = new.next_request().await.unwrap();
    assert_eq!(
        request_id_of(&request),
        after.as_str(),
        "requests use the new socket"
    );
    let mut contents = Vec::new();
    let mut early_status = None;
    while contents.len() < 3 || early_status.is_none() {
        match h.update().await {
            Update::Message(m) => contents.push(m.content),
            Update::Request {
                request_id, status, ..
            } if request_id == early && status != RequestStatus::Pending => {
                early_status = Some(status)
            }
            _ => {}
        }
    }
    while contents.len() < 4 {
        if let Update::Message(m) = h.update().await {
            contents.push(m.content);
        }
    }
    assert_eq!(contents, vec!["one", "early", "three", "old only"]);
    // The drain period over, the client closes the old socket.
    let mut saw_close = false;
    while let Some(frame) = old.next_frame().await {
        if frame == ClientFrame::Close {
            saw_close = true;
            break;
        }
    }
    assert!(saw_close);
    old.close(Some(1000), true).await;
    assert_eq!(
        early_status,
        Some(RequestStatus::Confirmed {
            id: "M00000000002".into()
        })
    );
    // No state change: the rotation was invisible.
    new.send(&message("M00000000004", None, "four")).await;
    loop {
        match h.update().await {
            Update::State { .. } => panic!("a rotation must not change the state"),
            Update::Message(m) => {
                assert_eq!(m.content, "four", "no duplicate of earlier frames");
                break;
            }
            _ => {}
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_burst_is_paced_at_the_room_rate_not_refused() {
    let mut h = harness(Minter::new(), |config| {
        config.limits = Limits {
            maximum_message_rate: 5,
            connection_request_rate: 100,
            ..Limits::default()
        };
    });
    let mut server = h.connected().await;
    let start = Instant::now();
    for n in 0..15 {
        h.room
            .send_message(format!("m{n}"), Attributes::new())
            .await
            .unwrap();
    }
    let mut arrivals = Vec::new();
    for n in 0..15 {
        let request = server.next_request().await.unwrap();
        assert_eq!(content_of(&request), format!("m{n}"));
        arrivals.push(start.elapsed());
    }
    // Five at once (the bucket's capacity), then one every 200 ms plus the 5 % pacing
    // headroom (rounded up to the timer's millisecond).
    assert_eq!(arrivals[4], Duration::ZERO);
    let ms = Duration::from_millis;
    assert!(
        arrivals[5] > ms(200) && arrivals[5] <= ms(212),
        "{:?}",
        arrivals[5]
    );
    assert!(
        arrivals[14] > ms(2000) && arrivals[14] <= ms(2120),
        "{:?}",
        arrivals[14]
    );
    for pair in arrivals[5..].windows(2) {
        assert!(
            pair[1] - pair[0] >= ms(210),
            "never faster than the rate: {arrivals:?}"
        );
    }
    // Raising the rate takes effect.
    h.room
        .set_limits(Limits {
            maximum_message_rate: 100,
            connection_request_rate: 100,
            ..Limits::default()
        })
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let start = Instant::now();
    for n in 0..50 {
        h.room
            .send_message(format!("fast{n}"), Attributes::new())
            .await
            .unwrap();
    }
    for _ in 0..50 {
        server.next_request().await.unwrap();
    }
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn local_checks_fail_requests_without_sending_them() {
    let mut minter = Minter::new();
    minter.capabilities = Some(vec![Capability::SendMessage]);
    let mut h = harness(minter, |config| {
        config.limits.maximum_message_length = 10;
    });
    let mut server = h.connected().await;
    let cases = [
        (
            h.room
                .send_message("x".repeat(11), Attributes::new())
                .await
                .unwrap(),
            400,
        ),
        (
            h.room.send_message("", Attributes::new()).await.unwrap(),
            400,
        ),
        (
            h.room.delete_message("M00000000001", None).await.unwrap(),
            403,
        ),
        (h.room.disconnect_user("bob", None).await.unwrap(), 403),
    ];
    for (id, code) in cases {
        match h.status(&id).await {
            RequestStatus::Failed(failure) => {
                assert_eq!(
                    failure.kind,
                    FailureKind::Rejected(ErrorCode(code)),
                    "{}",
                    failure.message
                )
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
    }
    let ok = h
        .room
        .send_message("0123456789", Attributes::new())
        .await
        .unwrap();
    let request = server.next_request().await.unwrap();
    assert_eq!(
        request_id_of(&request),
        ok.as_str(),
        "nothing rejected reached the service"
    );
}

#[tokio::test(start_paused = true)]
async fn malformed_and_unknown_frames_are_ignored_and_duplicates_dropped() {
    let mut h = harness(Minter::new(), |_| {});
    let server = h.connected().await;
    for text in [
        "not json",
        "[1,2,3]",
        r#"{"Type":"MESSAGE","Id":"x"}"#,
        r#"{"Type":"SURPRISE","Id":"S00000000001"}"#,
        r#"{"Type":"ERROR","Id":"E00000000001","ErrorCode":"400","ErrorMessage":"x"}"#,
    ] {
        assert!(server.send_text(text).await);
    }
    // Lower-case keys and unknown fields are read (reference §1.3).
    server
        .send_text(
            r#"{"type":"MESSAGE","id":"M00000000001","content":"tolerant","sender":{"userId":"u"},"sendTime":"2024-01-19T15:22:35Z","Extra":1,"RequestId":null}"#,
        )
        .await;
    server
        .send(&message("M00000000001", None, "tolerant"))
        .await;
    server.send(&message("M00000000002", None, "next")).await;
    let mut contents = Vec::new();
    while contents.len() < 2 {
        if let Update::Message(m) = h.update().await {
            contents.push(m.content);
        }
    }
    assert_eq!(contents, vec!["tolerant", "next"]);
}

#[tokio::test(start_paused = true)]
async fn disconnect_settles_everything_and_dropping_the_handles_stops_the_actor() {
    let mut h = harness(Minter::new(), |_| {});
    let mut server = h.connected().await;
    let in_flight = h.room.send_message("a", Attributes::new()).await.unwrap();
    server.next_request().await.unwrap();
    h.room.disconnect().await.unwrap();
    assert!(
        matches!(h.status(&in_flight).await, RequestStatus::Failed(f) if f.kind == FailureKind::ConnectionLost)
    );
    assert_eq!(
        h.state().await,
        (
            ConnectionState::Disconnected,
            Some(Reason::ClientDisconnect)
        )
    );
    assert_eq!(server.next_frame().await, Some(ClientFrame::Close));
    let refused = h
        .room
        .send_message("offline", Attributes::new())
        .await
        .unwrap();
    assert!(
        matches!(h.status(&refused).await, RequestStatus::Failed(f) if f.kind == FailureKind::NotConnected)
    );
    assert!(matches!(
        h.room.retry(refused.clone()).await,
        Err(ivs_chat_client::Error::Disconnected)
    ));
    h.room.discard(refused).await.unwrap();
    let Harness {
        room, mut updates, ..
    } = h;
    drop(room);
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), updates.recv())
            .await
            .unwrap(),
        None,
        "the actor ends when every handle is gone"
    );
}

#[tokio::test(start_paused = true)]
async fn requests_report_their_action() {
    let mut h = harness(Minter::new(), |_| {});
    let _server = h.connected().await;
    let id = h.room.disconnect_user("bob", None).await.unwrap();
    let action = h
        .until(|u| match u {
            Update::Request {
                request_id, action, ..
            } if *request_id == id => Some(*action),
            _ => None,
        })
        .await;
    assert_eq!(action, Action::Kick);
}

#[tokio::test(start_paused = true)]
async fn a_failed_rotation_keeps_the_healthy_connection() {
    let mut minter = Minter::new();
    minter.session = Some(Duration::from_secs(40));
    let mut h = harness(minter, |config| config.max_reconnect_attempts = 1);
    let mut server = h.connected().await;
    for _ in 0..2 {
        h.dial()
            .await
            .reject(HandshakeError::Network("refused".into()));
    }
    // The official SDK would tear the room down here (reference §3.5); this one carries on.
    let id = h
        .room
        .send_message("still fine", Attributes::new())
        .await
        .unwrap();
    let request = server.next_request().await.unwrap();
    server
        .send(&message("M00000000001", request.request_id(), "still fine"))
        .await;
    loop {
        match h.update().await {
            Update::State { .. } => panic!("a failed rotation must not change the state"),
            Update::Request {
                request_id,
                status: RequestStatus::Confirmed { .. },
                ..
            } if request_id == id => break,
            _ => {}
        }
    }
    // When the session does end, the room reconnects.
    server
        .send(&error("E00000000001", None, 401, "session expired"))
        .await;
    assert_eq!(
        h.state().await,
        (ConnectionState::Connecting, Some(Reason::SessionExpired))
    );
}

#[tokio::test(start_paused = true)]
async fn a_room_that_disappears_stops_the_client() {
    let mut h = harness(Minter::new(), |_| {});
    let server = h.connected().await;
    server
        .send(&error("E00000000001", None, 404, "room not found"))
        .await;
    assert_eq!(
        h.state().await,
        (ConnectionState::Disconnected, Some(Reason::RoomNotFound))
    );
    h.room.connect().await.unwrap();
    assert_eq!(h.state().await.0, ConnectionState::Connecting);
    h.dial()
        .await
        .reject(HandshakeError::Rejected { status: 404 });
    assert_eq!(
        h.state().await,
        (ConnectionState::Disconnected, Some(Reason::RoomNotFound))
    );
}
