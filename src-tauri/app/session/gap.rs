//! Gap markers: when a room's connection comes back after it was lost, a line saying that
//! nothing from the room reached this client in between. IVS Chat keeps no history to fetch
//! the missed messages from (reference §1), so the honest thing is to show where they are
//! missing instead of running the two sides of the outage together.

use chatdeck_ipc::model::{ConnectionState, Line, LineKind};
use chatdeck_l10n::{Language, Words};
use ivs_chat_client::Reason;

use super::lines::notice_line;
use super::reasons::gap_words;

/// Follows a room's connection states and says when a gap ends.
#[derive(Debug, Default)]
pub struct GapWatch {
    /// Whether the connection is up.
    connected: bool,
    /// Since when, and why, it has been down after being up.
    lost: Option<(i64, Words)>,
}

impl GapWatch {
    /// Takes the state the connection entered at `now_ms`, and why. Returns the gap's line,
    /// said in `language`, when a lost connection is up again. The first connection leaves no
    /// gap (there was nothing before it to be missing from), and neither does a token
    /// rotation, which never leaves `Connected`.
    pub fn state(
        &mut self,
        state: ConnectionState,
        reason: Option<&Reason>,
        now_ms: i64,
        language: Language,
    ) -> Option<Line> {
        let was_connected =
            std::mem::replace(&mut self.connected, state == ConnectionState::Connected);
        match state {
            ConnectionState::Connected => self
                .lost
                .take()
                .map(|(since_ms, why)| gap_line(since_ms, now_ms, why.say(language))),
            ConnectionState::Connecting | ConnectionState::Disconnected => {
                if was_connected {
                    self.lost = Some((now_ms, gap_words(reason)));
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
    type Step = (ConnectionState, Option<Reason>, i64);
    /// A gap expected: since, until, why.
    type Gap<'a> = (i64, i64, &'a str);

    /// Feeds `steps` and collects the gaps as (since, until, why), said in `language`.
    fn gaps(steps: &[Step], language: Language) -> Vec<(i64, i64, String)> {
        let mut watch = GapWatch::default();
        steps
            .iter()
            .filter_map(|(state, reason, now)| watch.state(*state, reason.as_ref(), *now, language))
            .map(|line| match line.kind {
                LineKind::Gap { since_ms } => (since_ms, line.time_ms, line.content),
                other => panic!("not a gap: {other:?}"),
            })
            .collect()
    }

    fn lost(message: &str) -> Option<Reason> {
        Some(Reason::ConnectionLost {
            message: message.into(),
        })
    }

    fn kicked(reason: &str) -> Option<Reason> {
        Some(Reason::Kicked {
            reason: Some(reason.into()),
        })
    }

    #[test]
    fn a_gap_runs_from_the_first_loss_to_the_return_with_the_first_reason() {
        let token_failed = Some(Reason::FetchTokenError(
            ivs_chat_client::token::TokenError::Timeout,
        ));
        let cases: Vec<(&str, Vec<Step>, Vec<Gap>)> = vec![
            (
                "first connection",
                vec![(Connecting, None, 0), (Connected, None, 5)],
                vec![],
            ),
            (
                "dropped and back",
                vec![
                    (Connecting, None, 0),
                    (Connected, None, 5),
                    (Connecting, lost("reset"), 100),
                    (Connecting, token_failed, 900),
                    (Connected, None, 1_500),
                ],
                vec![(100, 1_500, "connection lost (reset)")],
            ),
            (
                "kicked, reconnected by hand",
                vec![
                    (Connected, None, 5),
                    (Disconnected, kicked("spam"), 50),
                    (Connecting, None, 7_000),
                    (Connected, None, 7_020),
                ],
                vec![(50, 7_020, "kicked by a moderator: spam")],
            ),
            (
                "never came back",
                vec![(Connected, None, 5), (Disconnected, None, 50)],
                vec![],
            ),
            (
                "two outages",
                vec![
                    (Connected, None, 5),
                    (Connecting, None, 10),
                    (Connected, None, 20),
                    (Connecting, Some(Reason::SessionExpired), 30),
                    (Connected, None, 40),
                ],
                vec![
                    (10, 20, "the connection closed"),
                    (30, 40, "the chat session expired"),
                ],
            ),
            (
                "failed first connection, then up",
                vec![
                    (Connecting, Some(Reason::RoomNotFound), 0),
                    (Connected, None, 9),
                ],
                vec![],
            ),
        ];
        for (name, steps, expected) in cases {
            let expected: Vec<_> = expected
                .iter()
                .map(|&(since, until, why)| (since, until, why.to_owned()))
                .collect();
            assert_eq!(gaps(&steps, Language::English), expected, "{name}");
        }
    }

    #[test]
    fn a_gap_is_said_in_the_language_of_its_end() {
        let steps = [
            (Connected, None, 1),
            (Connecting, lost("reset"), 2),
            (Connected, None, 3),
        ];
        assert_eq!(
            gaps(&steps, Language::PortugueseBrazil),
            [(2, 3, "conexão perdida (reset)".to_owned())]
        );
    }

    #[test]
    fn a_gap_line_is_keyed_by_its_start_and_renders_as_a_system_line() {
        let mut watch = GapWatch::default();
        watch.state(Connected, None, 1, Language::English);
        watch.state(Connecting, lost("eof").as_ref(), 2, Language::English);
        let line = watch
            .state(Connected, None, 3, Language::English)
            .expect("a gap");
        assert_eq!(line.key, "gap-2");
        assert_eq!(line.sender, None);
        assert_eq!(line.message_id, None);
        assert!(!line.own);
    }
}
