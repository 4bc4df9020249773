//! What a closed socket or a failed connection attempt means.
//!
//! Reference §1.9 and §3.4: the official SDK treats a clean close as an orderly server
//! disconnect (a kick; no reconnect) and anything else as a broken connection (reconnect with a
//! fresh token). Here the same split holds, refined by what was seen on the socket before it
//! closed: our own `aws:DISCONNECT_USER` (kicked, with the moderator's reason), an ERROR 401
//! (session expired: reconnect), an ERROR 404 (room deleted: stop).

use crate::connection::{DialError, HandshakeError};
use crate::room::Reason;

/// Close code of a server going away (shutdown or restart).
const GOING_AWAY: u16 = 1001;

/// How a socket ended, as the transport saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Close {
    /// The close code of the close frame, if one arrived.
    pub code: Option<u16>,
    /// The close frame's reason text, or the transport error's description.
    pub reason: String,
    /// Whether the server closed with a close frame (a close handshake) rather than the
    /// connection dying under us.
    pub clean: bool,
}

/// Our own user was disconnected by a moderator (`aws:DISCONNECT_USER` naming us).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kick {
    /// The moderator's reason, when one was given.
    pub reason: Option<String>,
}

/// What was seen on one connection that changes what its close means.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Watch {
    /// An `aws:DISCONNECT_USER` for our own user arrived, with the moderator's reason.
    pub kicked: Option<Kick>,
    /// An ERROR 401 arrived: the session expired (reference §1.7).
    pub session_expired: bool,
    /// An ERROR 404 arrived outside any request: the room is gone (reference §1.7).
    pub room_gone: bool,
}

/// What to do after the live socket closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterClose {
    /// Open a new connection with a fresh token; the room shows `connecting` with this reason.
    Reconnect(Reason),
    /// Stop; the room shows `disconnected` with this reason.
    Disconnect(Reason),
}

/// Classifies the close of the live socket.
///
/// A clean close with 1001 ("going away") and no kick before it reconnects: that is a server
/// shutting down or restarting, and the room should come back when it does. The official SDK
/// stops on any clean close; a kick is always announced by its event first (reference §1.6),
/// so nothing is lost by telling the two apart.
pub fn after_close(close: &Close, watch: &Watch) -> AfterClose {
    if let Some(kick) = &watch.kicked {
        return AfterClose::Disconnect(Reason::Kicked {
            reason: kick.reason.clone(),
        });
    }
    if watch.room_gone {
        return AfterClose::Disconnect(Reason::RoomNotFound);
    }
    if watch.session_expired {
        return AfterClose::Reconnect(Reason::SessionExpired);
    }
    match (close.clean, close.code) {
        (true, Some(GOING_AWAY)) => AfterClose::Reconnect(Reason::ServerGoingAway),
        (true, _) => AfterClose::Disconnect(Reason::ServerDisconnect),
        (false, _) => AfterClose::Reconnect(Reason::ConnectionLost {
            message: if close.reason.is_empty() {
                "the connection closed without a close frame".into()
            } else {
                close.reason.clone()
            },
        }),
    }
}

/// What to do after a connection attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again, as attempt number `attempt` (also the backoff exponent).
    Retry {
        /// The next attempt's number; retries so far.
        attempt: u32,
    },
    /// Stop; the room shows `disconnected` with this reason.
    GiveUp(Reason),
}

/// Decides after attempt number `attempt` (0 for the first) failed, allowing at most
/// `max_retries` retries after the first attempt (the SDK's `maxReconnectAttempts`,
/// reference §3.5). Failures no retry can fix stop at once: a token endpoint that answers
/// 4xx, a room that does not exist, a service that forbids the connection.
pub fn after_failed_attempt(failure: &DialError, attempt: u32, max_retries: u32) -> AfterFailure {
    let give_up_at_once = match failure {
        DialError::Token(error) => !error.is_retryable(),
        DialError::Handshake(HandshakeError::Rejected { status, .. }) => {
            *status == 404 || *status == 403
        }
        DialError::Handshake(HandshakeError::InvalidRequest(_)) => true,
        DialError::Handshake(_) => false,
    };
    if !give_up_at_once && attempt < max_retries {
        AfterFailure::Retry {
            attempt: attempt + 1,
        }
    } else {
        AfterFailure::GiveUp(failure_reason(failure))
    }
}

/// What a failed connection attempt means for the user, in the room's vocabulary: the
/// reason shown while the room retries, and when it gives up.
pub fn failure_reason(failure: &DialError) -> Reason {
    match failure {
        DialError::Token(error) => Reason::FetchTokenError(error.clone()),
        DialError::Handshake(HandshakeError::Rejected { status: 404, .. }) => Reason::RoomNotFound,
        DialError::Handshake(HandshakeError::InvalidRequest(message)) => Reason::SocketError {
            message: message.clone(),
        },
        DialError::Handshake(_) => Reason::SocketError {
            message: failure.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::TokenError;

    fn close(code: Option<u16>, clean: bool) -> Close {
        Close {
            code,
            reason: String::new(),
            clean,
        }
    }

    #[test]
    fn close_table() {
        let kicked = Watch {
            kicked: Some(Kick {
                reason: Some("spam".into()),
            }),
            ..Watch::default()
        };
        let expired = Watch {
            session_expired: true,
            ..Watch::default()
        };
        let gone = Watch {
            room_gone: true,
            ..Watch::default()
        };
        let quiet = Watch::default();
        let lost = |message: &str| {
            AfterClose::Reconnect(Reason::ConnectionLost {
                message: message.into(),
            })
        };
        let cases = [
            (
                close(Some(1000), true),
                &quiet,
                AfterClose::Disconnect(Reason::ServerDisconnect),
            ),
            (
                close(Some(4000), true),
                &quiet,
                AfterClose::Disconnect(Reason::ServerDisconnect),
            ),
            (
                close(None, true),
                &quiet,
                AfterClose::Disconnect(Reason::ServerDisconnect),
            ),
            (
                close(Some(1001), true),
                &quiet,
                AfterClose::Reconnect(Reason::ServerGoingAway),
            ),
            (
                close(None, false),
                &quiet,
                lost("the connection closed without a close frame"),
            ),
            (
                close(Some(1006), false),
                &quiet,
                lost("the connection closed without a close frame"),
            ),
            (
                close(Some(1000), true),
                &kicked,
                AfterClose::Disconnect(Reason::Kicked {
                    reason: Some("spam".into()),
                }),
            ),
            (
                close(Some(1001), true),
                &kicked,
                AfterClose::Disconnect(Reason::Kicked {
                    reason: Some("spam".into()),
                }),
            ),
            // A kick followed by a reset is still a kick: do not come back.
            (
                close(None, false),
                &kicked,
                AfterClose::Disconnect(Reason::Kicked {
                    reason: Some("spam".into()),
                }),
            ),
            (
                close(Some(1000), true),
                &expired,
                AfterClose::Reconnect(Reason::SessionExpired),
            ),
            (
                close(None, false),
                &expired,
                AfterClose::Reconnect(Reason::SessionExpired),
            ),
            (
                close(Some(1000), true),
                &gone,
                AfterClose::Disconnect(Reason::RoomNotFound),
            ),
        ];
        for (close, watch, expected) in cases {
            assert_eq!(after_close(&close, watch), expected, "{close:?} {watch:?}");
        }
        let with_reason = Close {
            code: None,
            reason: "connection reset".into(),
            clean: false,
        };
        assert_eq!(after_close(&with_reason, &quiet), lost("connection reset"));
    }

    #[test]
    fn failed_attempt_table() {
        let status = |status: u16| {
            DialError::Token(TokenError::Status {
                status,
                message: "nope".into(),
            })
        };
        let rejected = |status: u16| DialError::Handshake(HandshakeError::Rejected { status });
        let network = DialError::Handshake(HandshakeError::Network("refused".into()));
        let timeout = DialError::Handshake(HandshakeError::Timeout);
        let retry = |attempt| AfterFailure::Retry { attempt };
        let cases: Vec<(DialError, u32, u32, AfterFailure)> = vec![
            (network.clone(), 0, 3, retry(1)),
            (network.clone(), 2, 3, retry(3)),
            (timeout.clone(), 1, 3, retry(2)),
            (rejected(401), 0, 3, retry(1)),
            (rejected(500), 0, 3, retry(1)),
            (status(500), 0, 3, retry(1)),
            (status(429), 0, 3, retry(1)),
            (status(408), 0, 3, retry(1)),
            (DialError::Token(TokenError::Timeout), 0, 3, retry(1)),
            (
                rejected(404),
                0,
                3,
                AfterFailure::GiveUp(Reason::RoomNotFound),
            ),
            (
                status(403),
                0,
                3,
                AfterFailure::GiveUp(Reason::FetchTokenError(TokenError::Status {
                    status: 403,
                    message: "nope".into(),
                })),
            ),
            (
                status(500),
                3,
                3,
                AfterFailure::GiveUp(Reason::FetchTokenError(TokenError::Status {
                    status: 500,
                    message: "nope".into(),
                })),
            ),
            (
                network.clone(),
                3,
                3,
                AfterFailure::GiveUp(Reason::SocketError {
                    message: network.to_string(),
                }),
            ),
            (
                timeout.clone(),
                0,
                0,
                AfterFailure::GiveUp(Reason::SocketError {
                    message: timeout.to_string(),
                }),
            ),
            (
                rejected(403),
                0,
                3,
                AfterFailure::GiveUp(Reason::SocketError {
                    message: rejected(403).to_string(),
                }),
            ),
        ];
        for (failure, attempt, max, expected) in cases {
            assert_eq!(
                after_failed_attempt(&failure, attempt, max),
                expected,
                "{failure:?} after attempt {attempt} of {max}"
            );
        }
    }
}
