//! The messaging endpoint: an AWS region or a WebSocket URL (reference §1.1).

use crate::Error;

/// Where the room's WebSocket connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL dialled, `wss://edge.ivschat.<region>.amazonaws.com` or a given URL.
    url: String,
}

impl Endpoint {
    /// Reads a region or a URL the way the official SDKs do (reference §1.1): a value that
    /// starts with `ws://` or `wss://` is used verbatim (any path allowed); anything else must
    /// be a region name of `[a-zA-Z0-9-._~]` and becomes `wss://edge.ivschat.<region>.amazonaws.com`.
    pub fn parse(region_or_url: &str) -> Result<Self, Error> {
        let value = region_or_url.trim();
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("ws://") || lower.starts_with("wss://") {
            let rest = value.split_once("://").map_or("", |(_, rest)| rest);
            if rest.is_empty() || rest.starts_with('/') {
                return Err(Error::InvalidEndpoint {
                    input: region_or_url.to_owned(),
                    problem: "the URL has no host",
                });
            }
            return Ok(Self {
                url: value.to_owned(),
            });
        }
        if value.contains("://") {
            return Err(Error::InvalidEndpoint {
                input: region_or_url.to_owned(),
                problem: "only ws:// and wss:// URLs are WebSocket endpoints",
            });
        }
        let valid = !value.is_empty()
            && value
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte));
        if !valid {
            return Err(Error::InvalidEndpoint {
                input: region_or_url.to_owned(),
                problem: "region contains invalid characters",
            });
        }
        Ok(Self::region(value))
    }

    /// The AWS messaging endpoint of `region`, unchecked.
    pub fn region(region: &str) -> Self {
        Self {
            url: format!("wss://edge.ivschat.{region}.amazonaws.com"),
        }
    }

    /// The URL to dial.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.url)
    }
}

impl std::str::FromStr for Endpoint {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::parse(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_table() {
        let cases: [(&str, Option<&str>); 10] = [
            (
                "us-west-2",
                Some("wss://edge.ivschat.us-west-2.amazonaws.com"),
            ),
            (
                " eu-central-1 ",
                Some("wss://edge.ivschat.eu-central-1.amazonaws.com"),
            ),
            ("ws://localhost:8081/ws", Some("ws://localhost:8081/ws")),
            ("wss://chat.example.com", Some("wss://chat.example.com")),
            ("WSS://Chat.example.com/x", Some("WSS://Chat.example.com/x")),
            ("us west", None),
            ("", None),
            ("https://edge.ivschat.us-west-2.amazonaws.com", None),
            ("ws://", None),
            ("us-west-2/evil", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                Endpoint::parse(input).ok().as_ref().map(Endpoint::url),
                expected,
                "{input:?}"
            );
        }
        let error = Endpoint::parse("us west").expect_err("invalid");
        assert_eq!(
            error.to_string(),
            "invalid endpoint \"us west\": region contains invalid characters"
        );
    }
}
