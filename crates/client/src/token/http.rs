//! A token endpoint in the style of the AWS samples (reference §4): POST the CreateChatToken
//! input JSON, receive the CreateChatToken output JSON.

use std::time::Duration;

use ivs_chat_protocol::control::CreateChatTokenRequest;
use ivs_chat_protocol::{Capability, Secret};
use serde_json::Value;

use super::{ChatToken, TokenError, TokenFuture, TokenProvider};

/// How long one token request may take, end to end, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How much of an error body is kept in [`TokenError::Status`].
const MAX_ERROR_MESSAGE_CHARS: usize = 200;

/// Fetches tokens from an HTTP endpoint with an optional bearer secret.
#[derive(Debug, Clone)]
pub struct HttpTokenProvider {
    /// Shared connection pool.
    client: reqwest::Client,
    /// The endpoint, e.g. `http://127.0.0.1:8080/create_chat_token`.
    url: String,
    /// Sent as `Authorization: Bearer …` when set; never logged.
    bearer: Option<Secret>,
    /// The body of every POST.
    request: CreateChatTokenRequest,
    /// Bound on one request.
    timeout: Duration,
}

impl HttpTokenProvider {
    /// A provider that POSTs `request` to `url`.
    pub fn new(url: impl Into<String>, request: CreateChatTokenRequest) -> Self {
        Self {
            client: reqwest::Client::new(),
            url: url.into(),
            bearer: None,
            request,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Authenticates with `Authorization: Bearer <secret>`.
    pub fn with_bearer(mut self, secret: Secret) -> Self {
        self.bearer = Some(secret);
        self
    }

    /// Bounds each request by `timeout` instead of [`DEFAULT_TIMEOUT`] (10 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn fetch_once(&self) -> Result<ChatToken, TokenError> {
        let mut request = self
            .client
            .post(&self.url)
            .timeout(self.timeout)
            .json(&self.request);
        if let Some(bearer) = &self.bearer {
            request = request.bearer_auth(bearer.expose());
        }
        let response = request.send().await.map_err(classify)?;
        let status = response.status();
        let body = response.text().await.map_err(classify)?;
        if !status.is_success() {
            return Err(TokenError::Status {
                status: status.as_u16(),
                message: error_message(&body),
            });
        }
        let mut token = parse_token_body(&body)?;
        token.user_id = self.request.user_id.clone();
        Ok(token)
    }
}

impl TokenProvider for HttpTokenProvider {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(self.fetch_once())
    }
}

fn classify(error: reqwest::Error) -> TokenError {
    if error.is_timeout() {
        TokenError::Timeout
    } else if error.is_connect() {
        TokenError::Network(format!("cannot connect: {}", root_cause(&error)))
    } else {
        TokenError::Network(root_cause(&error))
    }
}

/// The innermost description of an error chain, without the URL reqwest prefixes.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// The text to show for an error body: its `message` / `error` / `__type` field when it is
/// JSON, else its first line, shortened.
fn error_message(body: &str) -> String {
    let from_json = serde_json::from_str::<Value>(body).ok().and_then(|value| {
        ["message", "Message", "error", "__type"]
            .iter()
            .find_map(|key| value.get(key).and_then(Value::as_str).map(str::to_owned))
    });
    let text = from_json.unwrap_or_else(|| body.trim().lines().next().unwrap_or("").to_owned());
    let text: String = text.chars().take(MAX_ERROR_MESSAGE_CHARS).collect();
    if text.is_empty() {
        "(empty body)".into()
    } else {
        text
    }
}

/// Reads a CreateChatToken output (reference §2.7), plus the optional `capabilities` list
/// some backends add (reference §4.5), or the bare token text the first AWS demo answered
/// with (reference §4.1).
pub(crate) fn parse_token_body(body: &str) -> Result<ChatToken, TokenError> {
    let invalid = |what: &str| TokenError::InvalidResponse(what.to_owned());
    let value = match serde_json::from_str::<Value>(body) {
        Ok(value) => value,
        Err(_) => {
            let text = body.trim();
            return if !text.is_empty() && text.bytes().all(is_tchar) {
                Ok(ChatToken::new(text))
            } else {
                Err(invalid("not JSON and not a bare token"))
            };
        }
    };
    let object = match value {
        Value::String(token) if !token.is_empty() => return Ok(ChatToken::new(token)),
        Value::Object(object) => object,
        _ => return Err(invalid("expected a JSON object with a string `token`")),
    };
    let token = match object.get("token") {
        Some(Value::String(token)) if !token.is_empty() => Secret::new(token.clone()),
        Some(_) => return Err(invalid("`token` is not a non-empty string")),
        None => return Err(invalid("no `token` field")),
    };
    let time = |key: &str| -> Result<_, TokenError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => ivs_chat_protocol::time::parse(text)
                .map(Some)
                .ok_or_else(|| invalid(&format!("`{key}` is not an ISO 8601 timestamp"))),
            Some(_) => Err(invalid(&format!("`{key}` is not a string"))),
        }
    };
    let capabilities = object
        .get("capabilities")
        .and_then(Value::as_array)
        .map(|list| {
            // Unknown names such as the UGC demo's VIEW_MESSAGE are not capabilities (§1.8).
            list.iter()
                .filter_map(Value::as_str)
                .filter_map(Capability::parse)
                .collect()
        });
    Ok(ChatToken {
        token,
        token_expiration_time: time("tokenExpirationTime")?,
        session_expiration_time: time("sessionExpirationTime")?,
        capabilities,
        user_id: None,
    })
}

/// RFC 7230 `tchar`: the characters a token may have to travel as a sub-protocol (§1.2).
fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Serves one canned HTTP response per connection and reports each raw request.
    async fn serve(
        status: u16,
        body: &'static str,
        delay: Duration,
    ) -> (String, tokio::sync::mpsc::Receiver<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let (seen, requests) = tokio::sync::mpsc::channel(8);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut raw = Vec::new();
                let mut buffer = [0u8; 4096];
                while let Ok(n) = stream.read(&mut buffer).await {
                    if n == 0 {
                        break;
                    }
                    raw.extend_from_slice(&buffer[..n]);
                    if request_complete(&raw) {
                        break;
                    }
                }
                let _ = seen.send(String::from_utf8_lossy(&raw).to_string()).await;
                tokio::time::sleep(delay).await;
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            }
        });
        (format!("http://{address}/create_chat_token"), requests)
    }

    /// Whether `raw` holds the headers and the whole body (per `content-length`).
    fn request_complete(raw: &[u8]) -> bool {
        let text = String::from_utf8_lossy(raw);
        let Some(end) = text.find("\r\n\r\n") else {
            return false;
        };
        let length = text
            .lines()
            .find_map(|line| {
                line.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
            })
            .unwrap_or(0);
        raw.len() >= end + 4 + length
    }

    fn request() -> CreateChatTokenRequest {
        CreateChatTokenRequest {
            room_identifier: Some(
                "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6".into(),
            ),
            user_id: Some("alice".into()),
            capabilities: Some(vec![Capability::SendMessage]),
            session_duration_in_minutes: Some(30),
            attributes: None,
        }
    }

    #[tokio::test]
    async fn posts_the_create_chat_token_input_with_the_bearer() {
        let (url, mut requests) = serve(
            200,
            r#"{"token":"tok-123","tokenExpirationTime":"2024-01-19T16:22:35.000Z","sessionExpirationTime":"2024-01-19T18:22:35.000Z"}"#,
            Duration::ZERO,
        )
        .await;
        let provider = HttpTokenProvider::new(url, request()).with_bearer(Secret::new("s3cret"));
        let token = provider.fetch().await.expect("token");
        assert_eq!(token.token.expose(), "tok-123");
        assert_eq!(token.user_id.as_deref(), Some("alice"));
        assert_eq!(
            token.capabilities, None,
            "an HTTP backend decides capabilities itself"
        );
        assert_eq!(
            token
                .session_expiration_time
                .map(ivs_chat_protocol::time::format)
                .as_deref(),
            Some("2024-01-19T18:22:35.000Z")
        );
        let raw = requests.recv().await.expect("request");
        assert!(raw.starts_with("POST /create_chat_token"), "{raw}");
        assert!(
            raw.to_ascii_lowercase()
                .contains("authorization: bearer s3cret"),
            "{raw}"
        );
        let body = raw.split("\r\n\r\n").nth(1).expect("body");
        let sent: CreateChatTokenRequest = serde_json::from_str(body).expect("json body");
        assert_eq!(sent, request());
        assert!(
            body.contains(r#""roomIdentifier""#)
                && body.contains(r#""sessionDurationInMinutes":30"#),
            "{body}"
        );
        assert!(!format!("{provider:?}").contains("s3cret"));
    }

    #[tokio::test]
    async fn classifies_failures() {
        let (url, _r) = serve(500, "internal failure\nstack trace", Duration::ZERO).await;
        let error = HttpTokenProvider::new(url, request())
            .fetch()
            .await
            .expect_err("500");
        assert_eq!(
            error,
            TokenError::Status {
                status: 500,
                message: "internal failure".into()
            }
        );
        assert_eq!(
            error.to_string(),
            "token endpoint returned 500: internal failure"
        );

        let (url, _r) = serve(
            403,
            r#"{"__type":"AccessDeniedException","message":"banned"}"#,
            Duration::ZERO,
        )
        .await;
        let error = HttpTokenProvider::new(url, request())
            .fetch()
            .await
            .expect_err("403");
        assert_eq!(
            error,
            TokenError::Status {
                status: 403,
                message: "banned".into()
            }
        );
        assert!(!error.is_retryable());

        let (url, _r) = serve(200, "<html>oops</html>", Duration::ZERO).await;
        let error = HttpTokenProvider::new(url, request())
            .fetch()
            .await
            .expect_err("garbage");
        assert!(matches!(error, TokenError::InvalidResponse(_)), "{error:?}");

        let (url, _r) = serve(200, r#"{"tokn":"x"}"#, Duration::ZERO).await;
        let error = HttpTokenProvider::new(url, request())
            .fetch()
            .await
            .expect_err("no token");
        assert_eq!(
            error,
            TokenError::InvalidResponse("no `token` field".into())
        );

        let (url, _r) = serve(200, "{}", Duration::from_secs(5)).await;
        let error = HttpTokenProvider::new(url, request())
            .with_timeout(Duration::from_millis(200))
            .fetch()
            .await
            .expect_err("timeout");
        assert_eq!(error, TokenError::Timeout);

        let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = closed.local_addr().expect("address");
        drop(closed);
        let error = HttpTokenProvider::new(format!("http://{address}/"), request())
            .fetch()
            .await
            .expect_err("refused");
        assert!(matches!(error, TokenError::Network(_)), "{error:?}");
    }

    #[test]
    fn body_table() {
        let ok = |body: &str| {
            parse_token_body(body).map(|t| (t.token.expose().to_owned(), t.capabilities))
        };
        assert_eq!(ok(r#"{"token":"abc"}"#), Ok(("abc".into(), None)));
        assert_eq!(
            ok("AQICAH-bare.token~"),
            Ok(("AQICAH-bare.token~".into(), None)),
            "2022 demo"
        );
        assert_eq!(ok(r#""quoted""#), Ok(("quoted".into(), None)));
        assert_eq!(
            ok(r#"{"token":"t","capabilities":["SEND_MESSAGE","VIEW_MESSAGE"]}"#),
            Ok(("t".into(), Some(vec![Capability::SendMessage])))
        );
        for bad in [
            "",
            "not a token",
            "[1]",
            r#"{"token":7}"#,
            r#"{"token":""}"#,
            r#"{"token":"t","tokenExpirationTime":"soon"}"#,
            r#"{"token":"t","sessionExpirationTime":5}"#,
        ] {
            assert!(
                matches!(parse_token_body(bad), Err(TokenError::InvalidResponse(_))),
                "{bad}"
            );
        }
    }
}
