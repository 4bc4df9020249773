//! What the engine reports, in words: why a connection changed (the badge), why it was down
//! (a gap marker) and why a message failed (its row). Mapped from the engine's enums, never
//! read back from its English; text from outside (a moderator's reason, the network's or the
//! service's message) goes in as an argument, untranslated.

use chatdeck_l10n::Words;
use ivs_chat_client::{Failure, FailureKind, Reason};

/// Why the connection changed, as the badge says it.
pub fn state_words(reason: &Reason) -> Words {
    match reason {
        Reason::ClientDisconnect => Words::new("shell-state-disconnected"),
        Reason::ServerDisconnect => Words::new("shell-state-server-closed"),
        Reason::Kicked {
            reason: Some(reason),
        } => Words::new("shell-state-kicked").with("reason", reason.as_str()),
        Reason::Kicked { reason: None } => Words::new("shell-state-kicked-silently"),
        Reason::RoomNotFound => Words::new("shell-state-room-not-found"),
        Reason::SocketError { message } => {
            Words::new("shell-state-cannot-connect").with("error", message.as_str())
        }
        Reason::FetchTokenError(error) => {
            Words::new("shell-state-no-token").with("error", error.to_string())
        }
        Reason::ConnectionLost { message } => {
            Words::new("shell-state-connection-lost").with("error", message.as_str())
        }
        Reason::SessionExpired => Words::new("shell-state-session-expired"),
        Reason::ServerGoingAway => Words::new("shell-state-server-restarting"),
    }
}

/// Why the connection was down, as a gap marker says it once it is back: the badge's words
/// without "reconnecting", which is stale by then.
pub fn gap_words(reason: Option<&Reason>) -> Words {
    match reason {
        None => Words::new("shell-gap-closed"),
        Some(Reason::ConnectionLost { message }) => {
            Words::new("shell-gap-connection-lost").with("error", message.as_str())
        }
        Some(Reason::SessionExpired) => Words::new("shell-gap-session-expired"),
        Some(Reason::ServerGoingAway) => Words::new("shell-gap-server-restarting"),
        Some(other) => state_words(other),
    }
}

/// Why a message failed, as its row says it.
pub fn failure_words(failure: &Failure) -> Words {
    let detail = failure.message.trim();
    match failure.kind {
        FailureKind::Service(code) if code.as_u16() == 406 => {
            if detail.is_empty() {
                Words::new("shell-send-review")
            } else {
                Words::new("shell-send-review-because").with("reason", detail)
            }
        }
        FailureKind::Service(code) => Words::new("shell-send-refused")
            .with("code", code.to_string())
            .with("error", detail),
        // The engine's own check, said as the service would have.
        FailureKind::Rejected(_) => Words::new("shell-send-not-sent").with("error", detail),
        FailureKind::Timeout => Words::new("shell-send-timeout"),
        FailureKind::ConnectionLost => Words::new("shell-send-connection-lost"),
        FailureKind::NotConnected => Words::new("shell-send-not-connected"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_l10n::Language::{English, PortugueseBrazil};
    use ivs_chat_client::token::TokenError;
    use ivs_chat_protocol::messaging::ErrorCode;

    #[test]
    fn every_reason_reads_as_before_in_english_and_in_portuguese_too() {
        let lost = || Reason::ConnectionLost {
            message: "reset".into(),
        };
        let cases = [
            (Reason::ClientDisconnect, "disconnected", "desconectado"),
            (
                Reason::ServerDisconnect,
                "the chat service closed the connection",
                "o serviço de chat encerrou a conexão",
            ),
            (
                Reason::Kicked {
                    reason: Some("spam".into()),
                },
                "kicked by a moderator: spam",
                "removido por um moderador: spam",
            ),
            (
                Reason::Kicked { reason: None },
                "kicked by a moderator",
                "removido por um moderador",
            ),
            (
                Reason::RoomNotFound,
                "the room does not exist",
                "a sala não existe",
            ),
            (
                Reason::SocketError {
                    message: "refused".into(),
                },
                "cannot connect: refused",
                "não foi possível conectar: refused",
            ),
            (
                Reason::FetchTokenError(TokenError::Timeout),
                "cannot get a chat token: token endpoint timed out",
                "não foi possível obter um token de chat: token endpoint timed out",
            ),
            (
                lost(),
                "connection lost (reset); reconnecting",
                "conexão perdida (reset); reconectando",
            ),
            (
                Reason::SessionExpired,
                "the chat session expired; reconnecting",
                "a sessão de chat expirou; reconectando",
            ),
            (
                Reason::ServerGoingAway,
                "the chat service is restarting; reconnecting",
                "o serviço de chat está reiniciando; reconectando",
            ),
        ];
        for (reason, english, portuguese) in cases {
            let words = state_words(&reason);
            assert_eq!(words.say(English), reason.to_string(), "{reason:?}");
            assert_eq!(words.say(English), english, "{reason:?}");
            assert_eq!(words.say(PortugueseBrazil), portuguese, "{reason:?}");
        }
    }

    #[test]
    fn a_gap_says_why_without_reconnecting() {
        let cases = [
            (None, "the connection closed", "a conexão foi encerrada"),
            (
                Some(Reason::ConnectionLost {
                    message: "reset".into(),
                }),
                "connection lost (reset)",
                "conexão perdida (reset)",
            ),
            (
                Some(Reason::SessionExpired),
                "the chat session expired",
                "a sessão de chat expirou",
            ),
            (
                Some(Reason::ServerGoingAway),
                "the chat service is restarting",
                "o serviço de chat está reiniciando",
            ),
            (
                Some(Reason::Kicked {
                    reason: Some("spam".into()),
                }),
                "kicked by a moderator: spam",
                "removido por um moderador: spam",
            ),
        ];
        for (reason, english, portuguese) in cases {
            let words = gap_words(reason.as_ref());
            assert_eq!(words.say(English), english, "{reason:?}");
            assert_eq!(words.say(PortugueseBrazil), portuguese, "{reason:?}");
        }
    }

    #[test]
    fn failures_read_as_words() {
        let cases = [
            (
                FailureKind::Service(ErrorCode(406)),
                "no spam",
                "refused by the room's message review: no spam",
                "recusada pela revisão de mensagens da sala: no spam",
            ),
            (
                FailureKind::Service(ErrorCode(406)),
                " ",
                "refused by the room's message review",
                "recusada pela revisão de mensagens da sala",
            ),
            (
                FailureKind::Service(ErrorCode(400)),
                "too long",
                "the chat service refused it (400): too long",
                "o serviço de chat recusou a mensagem (400): too long",
            ),
            (
                FailureKind::Rejected(ErrorCode(400)),
                "the message is empty",
                "not sent: the message is empty",
                "não enviada: the message is empty",
            ),
            (
                FailureKind::Timeout,
                "no answer from the chat service in time; it may have been delivered",
                "no answer from the chat service; it may have been delivered",
                "sem resposta do serviço de chat; ela pode ter sido entregue",
            ),
            (
                FailureKind::ConnectionLost,
                "the connection closed before the chat service answered; it may have been \
                 delivered",
                "the connection closed before the chat service answered; it may have been \
                 delivered",
                "a conexão foi encerrada antes de o serviço de chat responder; ela pode ter sido \
                 entregue",
            ),
            (
                FailureKind::NotConnected,
                "not sent: the room is disconnected",
                "not sent: the room is disconnected",
                "não enviada: a sala está desconectada",
            ),
        ];
        for (kind, message, english, portuguese) in cases {
            let words = failure_words(&Failure::new(kind, message));
            assert_eq!(words.say(English), english, "{kind:?}");
            assert_eq!(words.say(PortugueseBrazil), portuguese, "{kind:?}");
        }
    }
}
