//! The outbox's bookkeeping: request ids, answers, timeouts, retries and failures.

use super::*;
use std::time::Duration;

fn send(text: &str) -> Body {
    Body::Send {
        content: text.into(),
        attributes: Attributes::new(),
    }
}

fn id(n: u8) -> RequestId {
    RequestId(format!("r{n}"))
}

fn confirmed(frame: &str) -> RequestStatus {
    RequestStatus::Confirmed { id: frame.into() }
}

#[test]
fn queued_requests_go_out_in_order() {
    let now = Instant::now();
    let mut outbox = Outbox::new();
    for n in 1..=3 {
        outbox.push(id(n), send(&format!("m{n}")));
    }
    let mut order = Vec::new();
    while let Some((next, _)) = outbox.front() {
        let next = next.clone();
        assert_eq!(outbox.mark_sent(1, now), Some(next.clone()));
        order.push(next);
    }
    assert_eq!(order, vec![id(1), id(2), id(3)]);
    assert_eq!(outbox.unsettled(), 3);
    assert_eq!(outbox.queued(), 0);
}

#[test]
fn a_rate_limited_request_goes_back_in_its_place_a_few_times() {
    let now = Instant::now();
    let mut outbox = Outbox::new();
    for n in 1..=4 {
        outbox.push(id(n), send(&format!("m{n}")));
    }
    // r1 and r2 in flight; r3, r4 queued.
    outbox.mark_sent(1, now);
    outbox.mark_sent(1, now);
    // r2 refused, then r1: each goes back ahead of the later ones, in the original order.
    assert!(outbox.requeue_rate_limited("r2"));
    assert!(outbox.requeue_rate_limited("r1"));
    let mut order = Vec::new();
    while let Some((next, _)) = outbox.front() {
        order.push(next.clone());
        outbox.mark_sent(1, now);
    }
    assert_eq!(order, vec![id(1), id(2), id(3), id(4)]);
    // Queued or unknown requests are not requeued; the budget runs out.
    outbox.push(id(5), send("m5"));
    assert!(!outbox.requeue_rate_limited("r5"), "not in flight");
    assert!(!outbox.requeue_rate_limited("r9"), "unknown");
    for _ in 1..RATE_LIMIT_RETRIES {
        assert!(outbox.requeue_rate_limited("r1"));
        assert_eq!(outbox.front().map(|(next, _)| next.clone()), Some(id(1)));
        outbox.mark_sent(1, now);
    }
    assert!(
        !outbox.requeue_rate_limited("r1"),
        "after {RATE_LIMIT_RETRIES} requeues the 429 fails it"
    );
    assert_eq!(outbox.unsettled(), 5, "nothing was lost or settled");
}

#[test]
fn transition_table() {
    let now = Instant::now();
    let later = now + Duration::from_secs(10);
    let done = |action, frame: &str| Answer::Done {
        action,
        id: frame.into(),
    };
    let error = |code: u16| Answer::Error {
        code: ErrorCode(code),
        message: "m".into(),
    };
    // (state to reach, answer, expected report)
    enum Setup {
        Queued,
        InFlight,
        TimedOut,
        Lost,
        Rejected,
    }
    let cases: Vec<(Setup, Body, Answer, Option<RequestStatus>)> = vec![
        (
            Setup::InFlight,
            send("x"),
            done(Action::Send, "M1"),
            Some(confirmed("M1")),
        ),
        (
            Setup::InFlight,
            send("x"),
            error(429),
            Some(RequestStatus::Failed(Failure {
                kind: FailureKind::Service(ErrorCode(429)),
                message: "m".into(),
                retryable: true,
            })),
        ),
        (
            Setup::InFlight,
            send("x"),
            error(406),
            Some(RequestStatus::Failed(Failure {
                kind: FailureKind::Service(ErrorCode(406)),
                message: "m".into(),
                retryable: false,
            })),
        ),
        // The wrong kind of frame answers nothing.
        (Setup::InFlight, send("x"), done(Action::Delete, "E1"), None),
        (
            Setup::InFlight,
            Body::Kick {
                user_id: "bob".into(),
                reason: None,
            },
            done(Action::Kick, "E2"),
            Some(confirmed("E2")),
        ),
        // Nothing answers a request that never left.
        (Setup::Queued, send("x"), done(Action::Send, "M1"), None),
        // A late answer to a request whose fate was unknown confirms it.
        (
            Setup::TimedOut,
            send("x"),
            done(Action::Send, "M9"),
            Some(confirmed("M9")),
        ),
        (
            Setup::Lost,
            send("x"),
            done(Action::Send, "M9"),
            Some(confirmed("M9")),
        ),
        (Setup::TimedOut, send("x"), error(500), None),
        // A request refused by the service stays refused.
        (Setup::Rejected, send("x"), done(Action::Send, "M9"), None),
    ];
    for (index, (setup, body, answer, expected)) in cases.into_iter().enumerate() {
        let mut outbox = Outbox::new();
        outbox.push(id(1), body);
        match setup {
            Setup::Queued => {}
            Setup::InFlight => {
                outbox.mark_sent(1, later);
            }
            Setup::TimedOut => {
                outbox.mark_sent(1, now);
                assert_eq!(outbox.expire(now).len(), 1);
            }
            Setup::Lost => {
                outbox.mark_sent(1, later);
                assert_eq!(outbox.socket_lost(1).len(), 1);
            }
            Setup::Rejected => {
                outbox.mark_sent(1, later);
                assert!(outbox.settle("r1", error(406)).is_some());
            }
        }
        let report = outbox.settle("r1", answer).map(|settled| settled.status);
        assert_eq!(report, expected, "case {index}");
    }
}

#[test]
fn a_dead_socket_fails_only_its_own_requests_as_unknown() {
    let now = Instant::now();
    let deadline = now + Duration::from_secs(10);
    let mut outbox = Outbox::new();
    for n in 1..=4 {
        outbox.push(id(n), send("x"));
    }
    outbox.mark_sent(1, deadline);
    outbox.mark_sent(2, deadline);
    outbox.mark_sent(2, deadline);
    let failed = outbox.socket_lost(2);
    assert_eq!(
        failed
            .iter()
            .map(|failed| failed.id.clone())
            .collect::<Vec<_>>(),
        vec![id(2), id(3)]
    );
    for FailedRequest { failure, .. } in &failed {
        assert_eq!(failure.kind, FailureKind::ConnectionLost);
        assert!(failure.retryable && failure.kind.delivery_unknown());
    }
    assert_eq!(outbox.unsettled(), 2, "r1 in flight, r4 queued");
    // Nothing was queued again behind the caller's back.
    assert_eq!(outbox.front().map(|(id, _)| id.clone()), Some(id(4)));
}

#[test]
fn timeouts_abandon_retry_and_discard() {
    let now = Instant::now();
    let mut outbox = Outbox::new();
    outbox.push(id(1), send("a"));
    outbox.push(id(2), send("b"));
    outbox.push(id(3), send("c"));
    outbox.mark_sent(1, now + Duration::from_secs(1));
    outbox.mark_sent(1, now + Duration::from_secs(5));
    assert_eq!(outbox.next_deadline(), Some(now + Duration::from_secs(1)));
    let expired = outbox.expire(now + Duration::from_secs(2));
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].id, id(1));
    assert_eq!(expired[0].failure.kind, FailureKind::Timeout);
    assert_eq!(outbox.next_deadline(), Some(now + Duration::from_secs(5)));

    let abandoned = outbox.abandon();
    let kinds: Vec<_> = abandoned
        .iter()
        .map(|failed| (failed.id.clone(), failed.failure.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (id(2), FailureKind::ConnectionLost),
            (id(3), FailureKind::NotConnected)
        ]
    );
    assert_eq!(outbox.unsettled(), 0);
    assert_eq!(outbox.next_deadline(), None);

    assert_eq!(outbox.retry(&id(3)), Ok(()));
    assert_eq!(
        outbox.retry(&id(3)),
        Err(RetryError::NotFailed),
        "already queued"
    );
    assert_eq!(outbox.retry(&id(1)), Ok(()));
    let order: Vec<_> = std::iter::from_fn(|| outbox.mark_sent(1, now)).collect();
    assert_eq!(
        order,
        vec![id(3), id(1)],
        "retries queue at the back, in retry order"
    );
    assert!(outbox.discard(&id(2)));
    assert!(!outbox.discard(&id(2)));
    assert!(!outbox.discard(&id(3)), "in flight, not failed");
    assert_eq!(outbox.retry(&id(9)), Err(RetryError::NotFailed));
}

#[test]
fn wire_requests_carry_the_request_id() {
    let request = Body::Delete {
        message_id: "R1BLTDN84zEO".into(),
        reason: Some("Spam".into()),
    }
    .to_request(&id(7));
    assert_eq!(
        request.to_json(),
        r#"{"Action":"DELETE_MESSAGE","RequestId":"r7","Id":"R1BLTDN84zEO","Reason":"Spam"}"#
    );
}
