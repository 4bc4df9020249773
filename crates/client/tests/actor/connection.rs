//! The connection's life: clean closes and kicks, reconnects with backoff, silent sockets
//! given up, malformed frames ignored, disconnect and a vanished room.

use super::*;

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
