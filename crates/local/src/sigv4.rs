//! AWS Signature Version 4 verification of control-plane requests (reference §2.1: signing
//! name `ivschat`). Only used when the service is configured with credentials.

use axum::http::HeaderMap;
use chrono::{DateTime, NaiveDateTime, Utc};
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::config::Credentials;

type HmacSha256 = Hmac<Sha256>;

/// The signing name of IVS Chat.
pub const SERVICE: &str = "ivschat";
/// How far a request's `X-Amz-Date` may be from the service clock.
pub const MAX_CLOCK_SKEW: chrono::TimeDelta = chrono::TimeDelta::minutes(15);

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// As [`STRICT`], keeping the path separators.
const PATH: &AsciiSet = &STRICT.remove(b'/');

/// Why a request's signature is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `Authorization` header, or not SigV4 (→ `UnrecognizedClientException`... or the
    /// caller's choice of missing-token error).
    #[error("the request carries no AWS Signature Version 4 authorization")]
    Missing,
    /// The access key id is not the configured one (→ `UnrecognizedClientException`).
    #[error("the security token included in the request is invalid")]
    UnknownAccessKey,
    /// The signature does not match, is malformed, or is for another service or time
    /// (→ `InvalidSignatureException`).
    #[error("{0}")]
    Invalid(String),
}

/// The parts of a request the signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The path as sent (still percent-encoded).
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, SignatureError> {
    let rest = value
        .strip_prefix("AWS4-HMAC-SHA256")
        .ok_or(SignatureError::Missing)?
        .trim_start();
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(value) = part.strip_prefix("Credential=") {
            credential = Some(value);
        } else if let Some(value) = part.strip_prefix("SignedHeaders=") {
            signed_headers = Some(value);
        } else if let Some(value) = part.strip_prefix("Signature=") {
            signature = Some(value);
        }
    }
    let malformed = || SignatureError::Invalid("Authorization header is malformed".into());
    let credential = credential.ok_or_else(malformed)?;
    let mut scope = credential.split('/');
    let (Some(access_key_id), Some(date), Some(region), Some(service), Some("aws4_request"), None) = (
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
    ) else {
        return Err(malformed());
    };
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: signed_headers.ok_or_else(malformed)?.split(';').collect(),
        signature: signature.ok_or_else(malformed)?,
    })
}

/// Verifies a request signed for `ivschat` in `region` with `credentials`, at `now`.
pub fn verify(
    request: &SignedRequest<'_>,
    credentials: &Credentials,
    region: &str,
    now: DateTime<Utc>,
) -> Result<(), SignatureError> {
    let header = request
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or(SignatureError::Missing)?;
    let authorization = parse_authorization(header)?;
    if authorization.access_key_id != credentials.access_key_id {
        return Err(SignatureError::UnknownAccessKey);
    }
    if authorization.service != SERVICE {
        return Err(SignatureError::Invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE}'"
        )));
    }
    // As AWS does: a signature scoped to another region is refused, even with the right key.
    if authorization.region != region {
        return Err(SignatureError::Invalid(format!(
            "Credential should be scoped to a valid region, not '{}'",
            authorization.region
        )));
    }
    let amz_date = request
        .headers
        .get("x-amz-date")
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| SignatureError::Invalid("X-Amz-Date header is missing".into()))?;
    let signed_at = NaiveDateTime::parse_from_str(amz_date, "%Y%m%dT%H%M%SZ")
        .map_err(|_| SignatureError::Invalid("X-Amz-Date is malformed".into()))?
        .and_utc();
    if (now - signed_at).abs() > MAX_CLOCK_SKEW {
        return Err(SignatureError::Invalid("Signature expired".into()));
    }
    if !amz_date.starts_with(authorization.date) || authorization.date.len() != 8 {
        return Err(SignatureError::Invalid(
            "Credential date does not match X-Amz-Date".into(),
        ));
    }
    if !authorization.signed_headers.contains(&"host") {
        return Err(SignatureError::Invalid(
            "the host header must be signed".into(),
        ));
    }
    let payload_hash = hex::encode(Sha256::digest(request.body));
    if let Some(claimed) = request
        .headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        && claimed != "UNSIGNED-PAYLOAD"
        && claimed != payload_hash
    {
        return Err(SignatureError::Invalid(
            "x-amz-content-sha256 does not match the body".into(),
        ));
    }
    let claimed_hash = request
        .headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        .filter(|claimed| {
            authorization
                .signed_headers
                .contains(&"x-amz-content-sha256")
                && *claimed == "UNSIGNED-PAYLOAD"
        })
        .map(str::to_owned)
        .unwrap_or(payload_hash);
    let string_to_sign = string_to_sign(request, &authorization, amz_date, &claimed_hash);
    let signature = hex::decode(authorization.signature)
        .map_err(|_| SignatureError::Invalid("Signature is not hexadecimal".into()))?;
    let mut mac = signing_mac(
        credentials.secret_access_key.expose(),
        authorization.date,
        authorization.region,
        authorization.service,
    );
    mac.update(string_to_sign.as_bytes());
    // Constant-time comparison.
    mac.verify_slice(&signature).map_err(|_| {
        SignatureError::Invalid(
            "The request signature we calculated does not match the signature you provided".into(),
        )
    })
}

fn string_to_sign(
    request: &SignedRequest<'_>,
    authorization: &Authorization<'_>,
    amz_date: &str,
    payload_hash: &str,
) -> String {
    let canonical = canonical_request(request, &authorization.signed_headers, payload_hash);
    format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{}/{}/{}/aws4_request\n{}",
        authorization.date,
        authorization.region,
        authorization.service,
        hex::encode(Sha256::digest(canonical.as_bytes()))
    )
}

/// The canonical request. The path is encoded once more as sent (the SDKs' "double
/// encoding" for every service but S3), so `/tags/arn%3A…` is signed as `/tags/arn%253A…`.
fn canonical_request(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
    payload_hash: &str,
) -> String {
    let path = if request.path.is_empty() {
        "/"
    } else {
        request.path
    };
    let canonical_path = utf8_percent_encode(path, PATH).to_string();
    let mut query: Vec<(String, String)> = request
        .query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
            (
                utf8_percent_encode(&decode(key), STRICT).to_string(),
                utf8_percent_encode(&decode(value), STRICT).to_string(),
            )
        })
        .collect();
    query.sort();
    let canonical_query = query
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = String::new();
    for name in signed_headers {
        let values: Vec<String> = request
            .headers
            .get_all(*name)
            .iter()
            .map(|value| {
                String::from_utf8_lossy(value.as_bytes())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        headers.push_str(name);
        headers.push(':');
        headers.push_str(&values.join(","));
        headers.push('\n');
    }
    format!(
        "{}\n{canonical_path}\n{canonical_query}\n{headers}\n{}\n{payload_hash}",
        request.method,
        signed_headers.join(";")
    )
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable_hmac());
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn signing_mac(secret: &str, date: &str, region: &str, service: &str) -> HmacSha256 {
    let key = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let key = hmac(&key, region.as_bytes());
    let key = hmac(&key, service.as_bytes());
    let key = hmac(&key, b"aws4_request");
    <HmacSha256 as Mac>::new_from_slice(&key).unwrap_or_else(|_| unreachable_hmac())
}

/// HMAC accepts keys of any length, so construction cannot fail.
fn unreachable_hmac() -> HmacSha256 {
    unreachable!("HMAC-SHA256 takes keys of any length")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivs_chat_protocol::Secret;

    /// The `get-vanilla` case of the AWS SigV4 test suite.
    #[test]
    fn matches_the_aws_test_suite_vanilla_get() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "host",
            "example.amazonaws.com".parse().unwrap_or_else(|_| panic!()),
        );
        headers.insert(
            "x-amz-date",
            "20150830T123600Z".parse().unwrap_or_else(|_| panic!()),
        );
        let request = SignedRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &headers,
            body: b"",
        };
        let authorization = Authorization {
            access_key_id: "AKIDEXAMPLE",
            date: "20150830",
            region: "us-east-1",
            service: "service",
            signed_headers: vec!["host", "x-amz-date"],
            signature: "",
        };
        let payload = hex::encode(Sha256::digest(b""));
        let to_sign = string_to_sign(&request, &authorization, "20150830T123600Z", &payload);
        let mut mac = signing_mac(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20150830",
            "us-east-1",
            "service",
        );
        mac.update(to_sign.as_bytes());
        assert_eq!(
            hex::encode(mac.finalize().into_bytes()),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn refuses_missing_foreign_and_stale_signatures() {
        let credentials = Credentials {
            access_key_id: "AKIDLOCAL".into(),
            secret_access_key: Secret::new("secret"),
        };
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        let request = |headers: &HeaderMap| {
            verify(
                &SignedRequest {
                    method: "POST",
                    path: "/GetRoom",
                    query: "",
                    headers,
                    body: b"{}",
                },
                &credentials,
                "us-west-2",
                now,
            )
        };
        assert_eq!(request(&headers), Err(SignatureError::Missing));
        headers.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=OTHER/20150830/us-west-2/ivschat/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
                .parse()
                .unwrap_or_else(|_| panic!()),
        );
        assert_eq!(request(&headers), Err(SignatureError::UnknownAccessKey));
        headers.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20150830/us-west-2/ivschat/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
                .parse()
                .unwrap_or_else(|_| panic!()),
        );
        headers.insert(
            "x-amz-date",
            "20150830T123600Z".parse().unwrap_or_else(|_| panic!()),
        );
        assert_eq!(
            request(&headers),
            Err(SignatureError::Invalid("Signature expired".into()))
        );
        // Regression: a signature scoped to another region was accepted.
        headers.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20150830/eu-west-1/ivschat/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
                .parse()
                .unwrap_or_else(|_| panic!()),
        );
        assert_eq!(
            request(&headers),
            Err(SignatureError::Invalid(
                "Credential should be scoped to a valid region, not 'eu-west-1'".into()
            ))
        );
    }
}
