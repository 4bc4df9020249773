//! The message review handler contract (reference §1.11; user guide, "Manipulador de revisão
//! de mensagem do Chat do IVS": "Sintaxe da resposta" and "Campos de resposta").

use serde::{Deserialize, Serialize};

use crate::messaging::{Attributes, MAX_ATTRIBUTES_BYTES, attributes_size, content_length};

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

    /// Reads a handler's answer and checks it against the guide's "Campos de resposta"; an
    /// answer that does not parse or breaks a constraint is invalid, and the room's
    /// `fallbackResult` decides instead (the guide: "As respostas que não correspondem à
    /// sintaxe abaixo ou não satisfazem as restrições de campo são inválidas").
    ///
    /// - `ReviewResult`: required, `ALLOW` or `DENY` exactly.
    /// - `Content`: required ("Obrigatório: Sim") whatever the result; for ALLOW at least 1
    ///   and at most `maximum_length` code points (the room's `maximumMessageLength`): the
    ///   guide applies the length "somente quando `ReviewResult` é ALLOW", not the
    ///   requirement, so a DENY without `Content` is invalid too and the fallback decides.
    /// - `Attributes`: optional, at most 1 KB (the same count as message attributes).
    pub fn parse_valid(body: &[u8], maximum_length: u32) -> Result<Self, InvalidResponse> {
        let response: ReviewResponse = serde_json::from_slice(body)
            .map_err(|error| InvalidResponse::Syntax(error.to_string()))?;
        response.check(maximum_length)?;
        Ok(response)
    }

    /// The field constraints of [`ReviewResponse::parse_valid`] on an answer already read.
    pub fn check(&self, maximum_length: u32) -> Result<(), InvalidResponse> {
        if let Some(attributes) = &self.attributes {
            let size = attributes_size(attributes);
            if size > MAX_ATTRIBUTES_BYTES {
                return Err(InvalidResponse::AttributesTooLarge(size));
            }
        }
        let Some(content) = self.content.as_deref() else {
            return Err(InvalidResponse::MissingContent);
        };
        if self.review_result == ReviewResult::Allow {
            let length = content_length(content);
            if length == 0 || length > maximum_length as usize {
                return Err(InvalidResponse::ContentLength {
                    length,
                    maximum: maximum_length,
                });
            }
        }
        Ok(())
    }
}

/// Why a handler's answer is invalid (it counts as `ResponseValidationErrors`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidResponse {
    /// Not JSON of the response's shape (e.g. no `ReviewResult`, or `ReviewResult: "MAYBE"`).
    #[error("the response does not match the syntax: {0}")]
    Syntax(String),
    /// No `Content` (it is required for ALLOW and DENY alike).
    #[error("no Content")]
    MissingContent,
    /// ALLOW with `Content` outside 1..=`maximumMessageLength` code points.
    #[error("Content of {length} code points is outside 1..={maximum}")]
    ContentLength {
        /// The content's length in code points.
        length: usize,
        /// The room's `maximumMessageLength`.
        maximum: u32,
    },
    /// `Attributes` over 1 KB.
    #[error("Attributes of {0} bytes exceed 1 KB")]
    AttributesTooLarge(usize),
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
    fn responses_are_checked_against_the_guide_response_fields() {
        let big = format!(
            r#"{{"ReviewResult":"DENY","Content":"x","Attributes":{{"Reason":"{}"}}}}"#,
            "x".repeat(1020)
        );
        let cases: &[(&str, u32, Result<(), &str>)] = &[
            (r#"{"ReviewResult":"ALLOW","Content":"hello"}"#, 5, Ok(())),
            (r#"{"ReviewResult":"ALLOW","Content":"😀😀"}"#, 2, Ok(())),
            // The length limits apply only to ALLOW; the requirement to both.
            (r#"{"ReviewResult":"DENY","Content":""}"#, 5, Ok(())),
            (r#"{"ReviewResult":"DENY","Content":"too long"}"#, 5, Ok(())),
            (r#"{"ReviewResult":"DENY"}"#, 5, Err("no Content")),
            (
                r#"{"ReviewResult":"DENY","Content":null,"Attributes":{"Reason":"r"}}"#,
                5,
                Err("no Content"),
            ),
            (r#"{"ReviewResult":"ALLOW"}"#, 5, Err("no Content")),
            (
                r#"{"ReviewResult":"ALLOW","Content":null}"#,
                5,
                Err("no Content"),
            ),
            (
                r#"{"ReviewResult":"ALLOW","Content":""}"#,
                5,
                Err("Content of 0"),
            ),
            (
                r#"{"ReviewResult":"ALLOW","Content":"hello!"}"#,
                5,
                Err("Content of 6"),
            ),
            (
                r#"{"ReviewResult":"allow","Content":"x"}"#,
                5,
                Err("syntax"),
            ),
            (r#"{"Content":"x"}"#, 5, Err("syntax")),
            (
                r#"{"ReviewResult":"ALLOW","Content":"x","Attributes":{"k":1}}"#,
                5,
                Err("syntax"),
            ),
            (&big, 5, Err("exceed 1 KB")),
            ("[]", 5, Err("syntax")),
        ];
        for (body, maximum, expected) in cases {
            let outcome = ReviewResponse::parse_valid(body.as_bytes(), *maximum)
                .map(|_| ())
                .map_err(|error| error.to_string());
            match (expected, &outcome) {
                (Ok(()), Ok(())) => {}
                (Err(words), Err(error)) => assert!(error.contains(words), "{body}: {error}"),
                _ => panic!("{body}: expected {expected:?}, got {outcome:?}"),
            }
        }
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
