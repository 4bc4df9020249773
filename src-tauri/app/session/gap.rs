//! Gap markers: when a room's connection comes back after it was lost, a line saying that
//! nothing from the room reached this client in between. IVS Chat keeps no history to fetch
//! the missed messages from (reference §1), so the honest thing is to show where they are
//! missing instead of running the two sides of the outage together.

use chatdeck_ipc::model::{ConnectionState, Line, LineKind};

use super::lines::notice_line;

/// Said when the engine gives no reason for leaving `Connected`.
const CLOSED: &str = "the connection closed";
/// What the badge adds to a reason while the engine retries; stale once the gap is over.
const RETRYING: &str = "; reconnecting";

/// Follows a room's connection states and says when a gap ends.
#[derive(Debug, Default)]
pub struct GapWatch {
    /// Whether the connection is up.
    connected: bool,
    /// Since when, and why, it has been down after being up.
    lost: Option<(i64, String)>,
}

impl GapWatch {
    /// Takes the state the connection entered at `now_ms`. Returns the gap's line when a lost
    /// connection is up again. The first connection leaves no gap (there was nothing before
    /// it to be missing from), and neither does a token rotation, which never leaves
    /// `Connected`.
    pub fn state(
        &mut self,
        state: ConnectionState,
        reason: Option<&str>,
        now_ms: i64,
    ) -> Option<Line> {
        let was_connected =
            std::mem::replace(&mut self.connected, state == ConnectionState::Connected);
        match state {
            ConnectionState::Connected => self
                .lost
                .take()
                .map(|(since_ms, why)| gap_line(since_ms, now_ms, why)),
            ConnectionState::Connecting | ConnectionState::Disconnected => {
                if was_connected {
                    let why = reason.unwrap_or(CLOSED);
                    self.lost = Some((now_ms, why.trim_end_matches(RETRYING).to_owned()));
                }
                None
            }
        }
    }
}

/// The marker for `since_ms` to `until_ms`, keyed by when the gap began; its text is why.
fn gap_line(since_ms: i64, until_ms: i64, why: String) -> Line {
    Line {
        kind: LineKind::Gap { since_ms },
        ..notice_line(format!("gap-{since_ms}").into(), why, until_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionState::{Connected, Connecting, Disconnected};

    /// A state the connection entered, with its reason, at a time.
    type Step<'a> = (ConnectionState, Option<&'a str>, i64);
    /// A gap expected: since, until, why.
    type Gap<'a> = (i64, i64, &'a str);

    /// Feeds `steps` and collects the gaps as (since, until, why).
    fn gaps(steps: &[Step]) -> Vec<(i64, i64, String)> {
        let mut watch = GapWatch::default();
        steps
            .iter()
            .filter_map(|&(state, reason, now)| watch.state(state, reason, now))
            .map(|line| match line.kind {
                LineKind::Gap { since_ms } => (since_ms, line.time_ms, line.content),
                other => panic!("not a gap: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_gap_runs_from_the_first_loss_to_the_return_with_the_first_reason() {
        let cases: &[(&str, &[Step], &[Gap])] = &[
            (
                "first connection",
                &[(Connecting, None, 0), (Connected, None, 5)],
                &[],
            ),
            (
                "dropped and back",
                &[
                    (Connecting, None, 0),
                    (Connected, None, 5),
                    (
                        Connecting,
                        Some("connection lost (reset); reconnecting"),
                        100,
                    ),
                    (Connecting, Some("token endpoint returned 500"), 900),
                    (Connected, None, 1_500),
                ],
                &[(100, 1_500, "connection lost (reset)")],
            ),
            (
                "kicked, reconnected by hand",
                &[
                    (Connected, None, 5),
                    (Disconnected, Some("kicked by a moderator: spam"), 50),
                    (Connecting, None, 7_000),
                    (Connected, None, 7_020),
                ],
                &[(50, 7_020, "kicked by a moderator: spam")],
            ),
            (
                "never came back",
                &[(Connected, None, 5), (Disconnected, None, 50)],
                &[],
            ),
            (
                "two outages",
                &[
                    (Connected, None, 5),
                    (Connecting, None, 10),
                    (Connected, None, 20),
                    (Connecting, Some("session expired"), 30),
                    (Connected, None, 40),
                ],
                &[(10, 20, CLOSED), (30, 40, "session expired")],
            ),
            (
                "failed first connection, then up",
                &[(Connecting, Some("refused"), 0), (Connected, None, 9)],
                &[],
            ),
        ];
        for (name, steps, expected) in cases {
            let expected: Vec<_> = expected
                .iter()
                .map(|&(since, until, why)| (since, until, why.to_owned()))
                .collect();
            assert_eq!(gaps(steps), expected, "{name}");
        }
    }

    #[test]
    fn a_gap_line_is_keyed_by_its_start_and_renders_as_a_system_line() {
        let mut watch = GapWatch::default();
        watch.state(Connected, None, 1);
        watch.state(Connecting, Some("connection lost"), 2);
        let line = watch.state(Connected, None, 3).expect("a gap");
        assert_eq!(line.key, "gap-2");
        assert_eq!(line.sender, None);
        assert_eq!(line.message_id, None);
        assert!(!line.own);
    }
}
