//! Security checks of the service that the local service's own tests leave out: tampered,
//! stale, misdirected and foreign SigV4 signatures are refused (reference §2.1); the binary
//! refuses a non-loopback bind without credentials and never prints the secret; secrets
//! are redacted in every `Debug` of the service's and the client's configuration.

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use chatdeck_faults::local::{InProcess, local_binary};
use ivs_chat_client::token::{AwsCredentials, AwsSettings, ChatToken, HttpTokenProvider};
use ivs_chat_client::{Config, Endpoint, Secret};
use ivs_chat_local::Credentials;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};

const KEY: &str = "AKIDSECURITYTEST";
const SECRET: &str = "aws-SECRET-d41d8cd98f00b204e980";

/// How a request is signed.
struct Signing<'a> {
    key: &'a str,
    secret: &'a str,
    region: &'a str,
    service: &'a str,
    time: SystemTime,
}

impl Default for Signing<'_> {
    fn default() -> Self {
        Self {
            key: KEY,
            secret: SECRET,
            region: "us-west-2",
            service: "ivschat",
            time: SystemTime::now(),
        }
    }
}

/// What is wrong, where it is sent, the body, the headers, the error type expected.
type Case<'a> = (
    &'a str,
    String,
    Vec<u8>,
    Vec<(String, String)>,
    Option<&'a str>,
);

/// SigV4 headers for POST `url` with `body`.
fn signed_headers(signing: &Signing<'_>, url: &str, body: &[u8]) -> Vec<(String, String)> {
    let credentials =
        aws_credential_types::Credentials::new(signing.key, signing.secret, None, None, "test");
    let identity = credentials.into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(signing.region)
        .name(signing.service)
        .time(signing.time)
        .settings(SigningSettings::default())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
        .into();
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let headers = [
        ("host", host.as_str()),
        ("content-type", "application/json"),
    ];
    let request = SignableRequest::new("POST", url, headers.into_iter(), SignableBody::Bytes(body))
        .unwrap_or_else(|e| panic!("{e}"));
    let (instructions, _) = sign(request, &params)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_parts();
    instructions
        .headers()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

async fn post(url: &str, body: &[u8], headers: &[(String, String)]) -> (u16, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_vec());
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

async fn signed_service() -> InProcess {
    InProcess::start(ivs_chat_local::Config {
        credentials: Some(Credentials {
            access_key_id: KEY.into(),
            secret_access_key: Secret::new(SECRET),
        }),
        ..ivs_chat_local::Config::default()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn bad_signatures_are_refused_with_the_modelled_errors() {
    let service = signed_service().await;
    let base = format!("http://{}", service.addr());
    let list = format!("{base}/ListRooms");
    let body = b"{}";

    let good = signed_headers(&Signing::default(), &list, body);
    assert_eq!(
        post(&list, body, &good).await.0,
        200,
        "a correct signature passes"
    );

    let invalid = Some("InvalidSignatureException");
    let unrecognized = Some("UnrecognizedClientException");
    let other_secret = Signing {
        secret: "guessed",
        ..Signing::default()
    };
    let other_service = Signing {
        service: "ivs",
        ..Signing::default()
    };
    let stale = Signing {
        time: SystemTime::now() - Duration::from_secs(20 * 60),
        ..Signing::default()
    };
    let from_the_future = Signing {
        time: SystemTime::now() + Duration::from_secs(20 * 60),
        ..Signing::default()
    };
    let other_key = Signing {
        key: "AKIDSOMEONEELSE",
        ..Signing::default()
    };
    let other_region = Signing {
        region: "eu-west-1",
        ..Signing::default()
    };
    let get_room = format!("{base}/GetRoom");
    let cases: Vec<Case<'_>> = vec![
        (
            "the body changed after signing",
            list.clone(),
            br#"{"maxResults":1}"#.to_vec(),
            good.clone(),
            invalid,
        ),
        (
            "replayed to another operation",
            get_room,
            body.to_vec(),
            good.clone(),
            invalid,
        ),
        (
            "signed with another secret",
            list.clone(),
            body.to_vec(),
            signed_headers(&other_secret, &list, body),
            invalid,
        ),
        (
            "signed for another service",
            list.clone(),
            body.to_vec(),
            signed_headers(&other_service, &list, body),
            invalid,
        ),
        (
            "signed 20 minutes ago",
            list.clone(),
            body.to_vec(),
            signed_headers(&stale, &list, body),
            invalid,
        ),
        (
            "signed 20 minutes ahead",
            list.clone(),
            body.to_vec(),
            signed_headers(&from_the_future, &list, body),
            invalid,
        ),
        (
            "signed for another region",
            list.clone(),
            body.to_vec(),
            signed_headers(&other_region, &list, body),
            invalid,
        ),
        (
            "an unknown access key",
            list.clone(),
            body.to_vec(),
            signed_headers(&other_key, &list, body),
            unrecognized,
        ),
        (
            "no signature at all",
            list.clone(),
            body.to_vec(),
            Vec::new(),
            unrecognized,
        ),
        (
            "a garbage Authorization header",
            list.clone(),
            body.to_vec(),
            vec![("authorization".into(), "AWS4-HMAC-SHA256 nonsense".into())],
            invalid,
        ),
    ];
    for (what, url, sent, headers, expected) in cases {
        let (status, answer) = post(&url, &sent, &headers).await;
        assert_eq!(status, 403, "{what}: {answer}");
        let kind = answer["__type"].as_str();
        assert!(
            kind.is_some() && (kind == expected || kind == invalid || kind == unrecognized),
            "{what}: {answer}"
        );
        assert_eq!(kind, expected, "{what}: {answer}");
        assert!(
            !answer.to_string().contains(SECRET),
            "{what}: the secret in an answer"
        );
    }
}

#[tokio::test]
async fn the_binary_refuses_a_public_bind_without_credentials_and_never_prints_the_secret() {
    let binary = local_binary().await.unwrap_or_else(|e| panic!("{e}"));
    let refused = tokio::time::timeout(
        Duration::from_secs(20),
        tokio::process::Command::new(&binary)
            .args(["--bind", "0.0.0.0:0", "--in-memory"])
            .stdin(Stdio::null())
            .output(),
    )
    .await
    .unwrap_or_else(|_| panic!("the refusal took too long"))
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !refused.status.success(),
        "a public bind without credentials started"
    );
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("refusing"), "{said}");

    let mut child = tokio::process::Command::new(&binary)
        .args(["--bind", "0.0.0.0:0", "--in-memory", "--access-key-id", KEY])
        .args(["--secret-access-key", SECRET])
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let ready = tokio::time::timeout(
        Duration::from_secs(20),
        BufReader::new(stdout).lines().next_line(),
    )
    .await
    .unwrap_or_else(|_| panic!("not ready in time"))
    .unwrap_or_else(|e| panic!("{e}"))
    .unwrap_or_default();
    assert!(ready.contains("listening on 0.0.0.0:"), "{ready}");
    assert!(!ready.contains(SECRET), "the ready line prints the secret");
    let _ = child.kill().await;
    let mut logs = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut logs).await;
    }
    assert!(!logs.contains(SECRET), "the secret in the service's logs");
}

#[tokio::test]
async fn secrets_are_redacted_in_debug_output() {
    let service_config = ivs_chat_local::Config {
        credentials: Some(Credentials {
            access_key_id: KEY.into(),
            secret_access_key: Secret::new(SECRET),
        }),
        ..ivs_chat_local::Config::default()
    };
    let token = "tok-SECRET-0a1b2c3d";
    let bearer = "bearer-SECRET-9z8y7x";
    let provider =
        HttpTokenProvider::new("http://127.0.0.1:1/create_chat_token", Default::default())
            .with_bearer(Secret::new(bearer));
    let mut client_config = Config::new(
        Endpoint::parse("ws://127.0.0.1:1").unwrap_or_else(|e| panic!("{e}")),
        Arc::new(provider.clone()),
    );
    client_config.max_reconnect_attempts = 1;
    let aws = AwsSettings {
        credentials: Some(AwsCredentials {
            access_key_id: KEY.into(),
            secret_access_key: Secret::new(SECRET),
            session_token: Some(Secret::new("session-SECRET-token")),
        }),
        ..AwsSettings::default()
    };
    let aws_provider =
        ivs_chat_client::token::AwsTokenProvider::new(&aws, Default::default()).await;
    let service = signed_service().await;
    let printed = [
        format!("{service_config:?}"),
        format!("{:?}", service_config.credentials),
        format!("{service:?}"),
        format!("{client_config:?}"),
        format!("{provider:?}"),
        format!("{:?}", ChatToken::new(token)),
        format!("{aws:?}"),
        format!("{aws_provider:?}"),
    ];
    for text in printed {
        for secret in [SECRET, token, bearer, "session-SECRET-token"] {
            assert!(!text.contains(secret), "{secret} printed in {text}");
        }
    }
}
