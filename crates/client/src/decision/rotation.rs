//! When to open the next connection, so a session never ends under the user.
//!
//! The official SDK rotates 60 s before `tokenExpirationTime` and ignores
//! `sessionExpirationTime` (reference §3.5), so a session shorter than the token's life ends
//! with an ERROR 401 and a visible reconnect. Here the next connection opens before the
//! earlier of the two instants (reference §2.7), with a lead that shrinks for short sessions
//! so that a session of a few seconds (as in tests) still rotates and does not spin.

use std::time::Duration;

use tokio::time::Instant;

/// The default lead: how long before expiry the next connection starts opening.
pub const DEFAULT_LEAD: Duration = Duration::from_secs(60);

/// The lead never exceeds this fraction of the connection's lifetime (1/4), so short sessions
/// rotate at three quarters of their life rather than immediately.
const LEAD_DIVISOR: u32 = 4;

/// The instant at which to start the next connection, or `None` when the token carried no
/// expiry at all (then only a close or an ERROR 401 triggers a reconnect).
///
/// `connected_at` is when the current connection opened; `token_expires` and
/// `session_expires` are the token's two instants converted to the monotonic clock. The
/// result is never before `connected_at`.
pub fn rotation_deadline(
    connected_at: Instant,
    token_expires: Option<Instant>,
    session_expires: Option<Instant>,
    lead: Duration,
) -> Option<Instant> {
    let expires = match (token_expires, session_expires) {
        (Some(token), Some(session)) => token.min(session),
        (Some(only), None) | (None, Some(only)) => only,
        (None, None) => return None,
    };
    let lifetime = expires.saturating_duration_since(connected_at);
    let lead = lead.min(lifetime / LEAD_DIVISOR);
    let deadline = expires.checked_sub(lead).unwrap_or(connected_at);
    Some(deadline.max(connected_at))
}

#[cfg(test)]
#[allow(clippy::type_complexity)]
mod tests {
    use super::*;

    #[test]
    fn rotation_table() {
        let now = Instant::now();
        let s = Duration::from_secs;
        let ms = Duration::from_millis;
        let at = |d: Duration| Some(now + d);
        // (token expires in, session expires in, lead, expected rotation after connect)
        let cases: [(
            Option<Duration>,
            Option<Duration>,
            Duration,
            Option<Duration>,
        ); 9] = [
            (None, None, DEFAULT_LEAD, None),
            // An hour-long token and session: one minute ahead, like the SDK.
            (Some(s(3600)), Some(s(3600)), DEFAULT_LEAD, Some(s(3540))),
            // The session ends first: rotate before it, which the SDK never does.
            (Some(s(3600)), Some(s(600)), DEFAULT_LEAD, Some(s(540))),
            // The token expires first.
            (Some(s(600)), Some(s(3600)), DEFAULT_LEAD, Some(s(540))),
            (None, Some(s(600)), DEFAULT_LEAD, Some(s(540))),
            (Some(s(600)), None, DEFAULT_LEAD, Some(s(540))),
            // Short test sessions: three quarters of the lifetime.
            (Some(s(3600)), Some(s(2)), DEFAULT_LEAD, Some(ms(1500))),
            (None, Some(s(120)), DEFAULT_LEAD, Some(s(90))),
            // Already expired: rotate at once, never in the past.
            (
                Some(Duration::ZERO),
                Some(s(10)),
                DEFAULT_LEAD,
                Some(Duration::ZERO),
            ),
        ];
        for (token, session, lead, expected) in cases {
            let deadline = rotation_deadline(now, token.and_then(at), session.and_then(at), lead);
            assert_eq!(
                deadline.map(|d| d - now),
                expected,
                "token {token:?}, session {session:?}"
            );
        }
    }

    #[test]
    fn an_expiry_before_the_connect_rotates_at_once() {
        let now = Instant::now() + Duration::from_secs(100);
        let past = now - Duration::from_secs(50);
        assert_eq!(
            rotation_deadline(now, Some(past), None, DEFAULT_LEAD),
            Some(now)
        );
    }
}
