//! Writing stdout: one JSON object per line, each with a `"type"`.

use ivs_chat_client::{RequestStatus, Update};
use serde_json::{Value, json};

/// The stdout line for an update, if it has one (session metadata goes to the log only).
pub fn line(update: &Update) -> Option<Value> {
    let value = match update {
        Update::State { state, reason } => json!({
            "type": "state",
            "state": state.name(),
            "reason": reason.as_ref().map(|reason| reason.name()),
            "detail": reason.as_ref().map(ToString::to_string),
        }),
        Update::Session(_) => return None,
        Update::Message(message) => json!({
            "type": "message",
            "id": message.id,
            "requestId": message.request_id,
            "content": message.content,
            "attributes": message.attributes,
            "sender": {
                "userId": message.sender.user_id,
                "attributes": message.sender.attributes,
            },
            "sendTime": ivs_chat_protocol::time::format(message.send_time),
        }),
        Update::Event(event) => json!({
            "type": "event",
            "id": event.id,
            "name": event.event_name,
            "attributes": event.attributes,
            "sendTime": ivs_chat_protocol::time::format(event.send_time),
        }),
        Update::MessageDeleted {
            id,
            message_id,
            reason,
            ..
        } => json!({
            "type": "messageDeleted",
            "id": id,
            "messageId": message_id,
            "reason": reason,
        }),
        Update::UserDisconnected {
            id,
            user_id,
            reason,
            ..
        } => json!({
            "type": "userDisconnected",
            "id": id,
            "userId": user_id,
            "reason": reason,
        }),
        Update::Request {
            request_id,
            action,
            status,
        } => {
            let mut value = json!({
                "type": "request",
                "requestId": request_id.as_str(),
                "action": action.name(),
            });
            match status {
                RequestStatus::Pending => value["status"] = "pending".into(),
                RequestStatus::Confirmed { id } => {
                    value["status"] = "confirmed".into();
                    value["id"] = id.clone().into();
                }
                RequestStatus::Failed(failure) => {
                    value["status"] = "failed".into();
                    value["error"] = json!({
                        "code": failure.kind.code(),
                        "message": failure.message,
                        "retryable": failure.retryable,
                    });
                }
            }
            value
        }
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivs_chat_client::{Action, ConnectionState, Failure, FailureKind, Reason, RequestId};
    use ivs_chat_protocol::messaging::ErrorCode;

    #[test]
    fn lines() {
        let state = line(&Update::State {
            state: ConnectionState::Disconnected,
            reason: Some(Reason::Kicked {
                reason: Some("spam".into()),
            }),
        });
        assert_eq!(
            state,
            Some(
                json!({"type":"state","state":"disconnected","reason":"kicked","detail":"kicked by a moderator: spam"})
            )
        );
        let id = RequestId::new();
        let failed = line(&Update::Request {
            request_id: id.clone(),
            action: Action::Send,
            status: RequestStatus::Failed(Failure::new(
                FailureKind::Service(ErrorCode(429)),
                "rate limit exceeded",
            )),
        });
        assert_eq!(
            failed,
            Some(
                json!({"type":"request","requestId":id.as_str(),"action":"send","status":"failed",
                "error":{"code":429,"message":"rate limit exceeded","retryable":true}})
            )
        );
    }
}
