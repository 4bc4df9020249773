//! The message review handler (reference §1.11): the Lambda request JSON POSTed to an HTTP URL.

use std::collections::BTreeMap;
use std::time::Duration;

use ivs_chat_protocol::Attributes;
use ivs_chat_protocol::control::{FallbackResult, MessageReviewHandler};
use ivs_chat_protocol::review::{ReviewRequest, ReviewResponse, ReviewResult};

use crate::metrics::Metrics;

/// How long the handler may take (reference §1.10: 200 ms, not adjustable).
pub const REVIEW_TIMEOUT: Duration = Duration::from_millis(200);

/// What happens to a message after review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Deliver it, with the content and attributes to deliver.
    Allow {
        /// Possibly rewritten content.
        content: String,
        /// Possibly rewritten attributes.
        attributes: Attributes,
    },
    /// Reject it with ERROR 406.
    Deny {
        /// The handler's `Attributes.Reason`, when it gave one.
        reason: Option<String>,
    },
}

/// Calls review handlers.
#[derive(Debug, Clone)]
pub struct Reviewer {
    client: reqwest::Client,
    /// Lambda ARN → the HTTP URL standing in for the function.
    lambdas: BTreeMap<String, String>,
}

/// Why a handler call produced no usable answer.
enum Failure {
    /// Counted as `InvocationErrors`.
    Invocation,
    /// Counted as `ResponseValidationErrors`.
    ResponseValidation,
}

impl Reviewer {
    /// A reviewer resolving Lambda ARNs through `lambdas`.
    pub fn new(lambdas: BTreeMap<String, String>) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(REVIEW_TIMEOUT)
            .no_proxy()
            .build()?;
        Ok(Self { client, lambdas })
    }

    /// Reviews one message for a room whose messages may be `maximum_length` code points
    /// long. Errors, timeouts and invalid answers yield the handler's `fallbackResult`
    /// (default ALLOW, which delivers the original content and attributes) and are counted by
    /// uri; the sender sees only the outcome, never an error about the handler.
    pub async fn review(
        &self,
        handler: &MessageReviewHandler,
        request: &ReviewRequest,
        maximum_length: u32,
        metrics: &Metrics,
    ) -> Verdict {
        let uri = handler.uri.as_deref().unwrap_or_default();
        match self.call(uri, request, maximum_length).await {
            Ok(response) => verdict(response, request),
            Err(failure) => {
                match failure {
                    Failure::Invocation => metrics.invocation_error(uri),
                    Failure::ResponseValidation => metrics.response_validation_error(uri),
                }
                fallback(handler.fallback_result.unwrap_or_default(), request)
            }
        }
    }

    async fn call(
        &self,
        uri: &str,
        request: &ReviewRequest,
        maximum_length: u32,
    ) -> Result<ReviewResponse, Failure> {
        let url = if uri.starts_with("http://") || uri.starts_with("https://") {
            uri
        } else {
            // An ARN with no local stand-in is a function that does not exist.
            self.lambdas
                .get(uri)
                .map(String::as_str)
                .ok_or(Failure::Invocation)?
        };
        let response = self
            .client
            .post(url)
            .json(request)
            .send()
            .await
            .map_err(|_| Failure::Invocation)?;
        if !response.status().is_success() {
            // A Lambda that throws is an invocation error, not a bad answer.
            return Err(Failure::Invocation);
        }
        let body = response.bytes().await.map_err(|_| Failure::Invocation)?;
        // The guide's "Campos de resposta": an answer that breaks them is invalid, and the
        // fallback decides (user guide, message review handler, "Sintaxe da resposta").
        ReviewResponse::parse_valid(&body, maximum_length).map_err(|invalid| {
            tracing::debug!(%invalid, uri, "invalid review handler response");
            Failure::ResponseValidation
        })
    }
}

/// The verdict of a handler answer that passed [`ReviewResponse::parse_valid`].
pub fn verdict(response: ReviewResponse, request: &ReviewRequest) -> Verdict {
    match response.review_result {
        ReviewResult::Allow => Verdict::Allow {
            content: response.content.unwrap_or_else(|| request.content.clone()),
            attributes: response
                .attributes
                .unwrap_or_else(|| request.attributes.clone()),
        },
        ReviewResult::Deny => Verdict::Deny {
            reason: response.reason().map(str::to_owned),
        },
    }
}

/// The verdict when the handler gave no usable answer.
pub fn fallback(result: FallbackResult, request: &ReviewRequest) -> Verdict {
    match result {
        FallbackResult::Allow => Verdict::Allow {
            content: request.content.clone(),
            attributes: request.attributes.clone(),
        },
        FallbackResult::Deny => Verdict::Deny { reason: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivs_chat_protocol::review::ReviewSender;

    fn request() -> ReviewRequest {
        ReviewRequest {
            content: "hello".into(),
            message_id: "5OPsDdX18qcJ".into(),
            room_arn: "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6".into(),
            attributes: Attributes::from([("k".to_owned(), "v".to_owned())]),
            sender: ReviewSender {
                attributes: Attributes::new(),
                user_id: "alice".into(),
                ip: "127.0.0.1".into(),
            },
        }
    }

    #[test]
    fn verdicts_follow_the_handler_answer_or_the_fallback() {
        let original = Verdict::Allow {
            content: "hello".into(),
            attributes: Attributes::from([("k".to_owned(), "v".to_owned())]),
        };
        let cases: Vec<(&str, Verdict)> = vec![
            (r#"{"ReviewResult":"ALLOW"}"#, original.clone()),
            (
                r#"{"ReviewResult":"ALLOW","Content":"h***o","Attributes":{}}"#,
                Verdict::Allow {
                    content: "h***o".into(),
                    attributes: Attributes::new(),
                },
            ),
            (
                r#"{"ReviewResult":"DENY","Attributes":{"Reason":"profanity"}}"#,
                Verdict::Deny {
                    reason: Some("profanity".into()),
                },
            ),
            (r#"{"ReviewResult":"DENY"}"#, Verdict::Deny { reason: None }),
        ];
        for (json, expected) in cases {
            let response: ReviewResponse =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(verdict(response, &request()), expected, "{json}");
        }
        assert_eq!(fallback(FallbackResult::Allow, &request()), original);
        assert_eq!(
            fallback(FallbackResult::Deny, &request()),
            Verdict::Deny { reason: None }
        );
    }
}
