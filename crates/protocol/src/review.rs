//! The message review handler contract (reference §1.11).

use serde::{Deserialize, Serialize};

use crate::messaging::Attributes;

/// Who sent the message under review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReviewSender {
    /// The sender's token attributes.
    pub attributes: Attributes,
    /// The sender's user id.
    pub user_id: String,
    /// The sender's IP address.
    pub ip: String,
}

/// What the service POSTs to the handler for each SEND_MESSAGE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReviewRequest {
    /// The message text.
    pub content: String,
    /// The id the message will carry if delivered.
    pub message_id: String,
    /// The room's ARN.
    pub room_arn: String,
    /// The message attributes.
    pub attributes: Attributes,
    /// The sender.
    pub sender: ReviewSender,
}

/// The handler's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ReviewResult {
    /// Deliver, possibly with rewritten content and attributes.
    Allow,
    /// Drop; the sender gets ERROR 406.
    Deny,
}

/// What the handler answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReviewResponse {
    /// ALLOW or DENY.
    pub review_result: ReviewResult,
    /// Replacement content for ALLOW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Replacement attributes for ALLOW; for DENY, `Reason` is shown to the sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

impl ReviewResponse {
    /// The handler's reason for a DENY, from `Attributes.Reason`.
    pub fn reason(&self) -> Option<&str> {
        self.attributes.as_ref()?.get("Reason").map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_response() {
        let response: ReviewResponse = serde_json::from_str(
            r#"{"ReviewResult":"DENY","Content":"x","Attributes":{"Reason":"profanity"}}"#,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(response.review_result, ReviewResult::Deny);
        assert_eq!(response.reason(), Some("profanity"));
        assert!(serde_json::from_str::<ReviewResponse>(r#"{"ReviewResult":"MAYBE"}"#).is_err());
    }

    #[test]
    fn request_has_the_documented_keys() {
        let request = ReviewRequest {
            content: "hi".into(),
            message_id: "5OPsDdX18qcJ".into(),
            room_arn: "arn:aws:ivschat:us-west-2:1:room/a".into(),
            attributes: Attributes::new(),
            sender: ReviewSender {
                attributes: Attributes::new(),
                user_id: "u".into(),
                ip: "127.0.0.1".into(),
            },
        };
        let json = serde_json::to_value(&request).unwrap_or_default();
        for key in ["Content", "MessageId", "RoomArn", "Attributes", "Sender"] {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert_eq!(json["Sender"]["Ip"], "127.0.0.1");
    }
}
