//! Requests: confirmed by their answers, failed by errors, timeouts and dead sockets, paced at
//! the room rate, refused locally before sending.

use super::*;

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
