//! The WebSocket opening handshake (RFC 6455 §4), done here rather than by tungstenite:
//! tungstenite logs the whole upgrade request at TRACE, and the chat token travels in it as
//! the subprotocol (reference §1.2), so any app running with `RUST_LOG=trace` would write
//! every token to its logs. Everything after the handshake is tungstenite's.

use std::sync::Arc;

use ivs_chat_protocol::Secret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::HandshakeError;

/// Largest response head accepted; a service's 101 is a few hundred bytes.
const MAX_RESPONSE_HEAD: usize = 16 * 1024;

/// Where to connect, from a `ws://` or `wss://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    tls: bool,
    /// The host to resolve (an IPv6 literal without brackets).
    host: String,
    port: u16,
    /// The `Host` header: the URL's authority.
    authority: String,
    /// Path and query, at least `/`.
    resource: String,
}

fn target(url: &str) -> Result<Target, HandshakeError> {
    let invalid =
        |detail: &str| HandshakeError::InvalidRequest(format!("invalid endpoint URL: {detail}"));
    let request = url
        .into_client_request()
        .map_err(|error| invalid(&error.to_string()))?;
    let uri = request.uri();
    let tls = match uri.scheme_str() {
        Some("wss") => true,
        Some("ws") => false,
        _ => return Err(invalid("the scheme must be ws or wss")),
    };
    let host = uri.host().ok_or_else(|| invalid("no host"))?;
    let authority = uri
        .authority()
        .map(|authority| authority.as_str().to_owned())
        .ok_or_else(|| invalid("no host"))?;
    // A URL's authority may carry user info; the Host header must not.
    let authority = authority
        .rsplit_once('@')
        .map_or(authority.clone(), |(_, host)| host.to_owned());
    Ok(Target {
        tls,
        host: host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned(),
        port: uri.port_u16().unwrap_or(if tls { 443 } else { 80 }),
        authority,
        resource: uri
            .path_and_query()
            .map_or("/".to_owned(), |path| path.as_str().to_owned()),
    })
}

/// Connects to `url` (TLS through rustls with the webpki roots for `wss://`) and performs
/// the handshake presenting `token` as the subprotocol.
pub(super) async fn open(
    url: &str,
    token: &Secret,
    config: WebSocketConfig,
) -> Result<WebSocketStream<MaybeTlsStream<TcpStream>>, HandshakeError> {
    let target = target(url)?;
    // reference §1.2: a token is RFC 7230 token characters only; anything else cannot be a
    // header value (and is never echoed in the error).
    if HeaderValue::from_str(token.expose()).is_err() {
        return Err(HandshakeError::InvalidRequest(
            "the chat token contains characters a header cannot carry".into(),
        ));
    }
    let tcp = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|error| HandshakeError::Network(error.to_string()))?;
    let mut stream = if target.tls {
        MaybeTlsStream::Rustls(tls(tcp, &target.host).await?)
    } else {
        MaybeTlsStream::Plain(tcp)
    };
    let key = generate_key();
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: {}\r\n\r\n",
        target.resource,
        target.authority,
        token.expose()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|error| HandshakeError::Network(error.to_string()))?;
    let (head, rest) = read_head(&mut stream).await?;
    check_response(&head, &key)?;
    Ok(WebSocketStream::from_partially_read(stream, rest, Role::Client, Some(config)).await)
}

async fn tls(
    tcp: TcpStream,
    host: &str,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, HandshakeError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|_| {
        HandshakeError::InvalidRequest(format!("invalid endpoint URL: {host} is not a DNS name"))
    })?;
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|error| HandshakeError::Network(format!("TLS: {error}")))
}

/// Reads up to the blank line ending the response head; returns the head and whatever of
/// the first frames was read past it.
async fn read_head(
    stream: &mut MaybeTlsStream<TcpStream>,
) -> Result<(String, Vec<u8>), HandshakeError> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            return Ok((String::from_utf8_lossy(&buffer).into_owned(), rest));
        }
        if buffer.len() > MAX_RESPONSE_HEAD {
            return Err(HandshakeError::Network(
                "the chat service sent an oversized handshake response".into(),
            ));
        }
        let read = stream
            .read(&mut chunk)
            .await
            .map_err(|error| HandshakeError::Network(error.to_string()))?;
        if read == 0 {
            return Err(HandshakeError::Network(
                "the connection closed during the handshake".into(),
            ));
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// Checks the response head: status 101, the upgrade headers, the accept key.
fn check_response(head: &str, key: &str) -> Result<(), HandshakeError> {
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| {
            HandshakeError::Network("the chat service answered something that is not HTTP".into())
        })?;
    if status != 101 {
        return Err(HandshakeError::Rejected { status });
    }
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let upgrade = header("upgrade").is_some_and(|value| value.eq_ignore_ascii_case("websocket"));
    let connection = header("connection").is_some_and(|value| {
        value
            .split(',')
            .any(|part| part.trim().eq_ignore_ascii_case("upgrade"))
    });
    let accepted = header("sec-websocket-accept") == Some(derive_accept_key(key.as_bytes()));
    if upgrade && connection && accepted {
        Ok(())
    } else {
        Err(HandshakeError::Network(
            "the chat service answered the upgrade without valid WebSocket headers".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_of_endpoint_urls() {
        let cases = [
            (
                "ws://127.0.0.1:4510",
                false,
                "127.0.0.1",
                4510,
                "127.0.0.1:4510",
                "/",
            ),
            (
                "wss://edge.ivschat.us-west-2.amazonaws.com",
                true,
                "edge.ivschat.us-west-2.amazonaws.com",
                443,
                "edge.ivschat.us-west-2.amazonaws.com",
                "/",
            ),
            (
                "ws://localhost:8081/ws?x=1",
                false,
                "localhost",
                8081,
                "localhost:8081",
                "/ws?x=1",
            ),
            ("ws://[::1]:9/", false, "::1", 9, "[::1]:9", "/"),
        ];
        for (url, tls, host, port, authority, resource) in cases {
            let target = target(url).unwrap_or_else(|error| panic!("{url}: {error}"));
            assert_eq!(
                target,
                Target {
                    tls,
                    host: host.into(),
                    port,
                    authority: authority.into(),
                    resource: resource.into(),
                },
                "{url}"
            );
        }
        assert!(target("http://example.com").is_err());
    }

    #[tokio::test]
    async fn the_token_is_the_subprotocol_header_and_never_in_errors() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|error| panic!("{error}"));
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener
                .accept()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let _ = stream
                .write_all(b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n")
                .await;
            String::from_utf8_lossy(&head).into_owned()
        });
        let url = format!("ws://{address}/");
        let error = open(&url, &Secret::new("tok-abc"), WebSocketConfig::default())
            .await
            .err();
        assert_eq!(error, Some(HandshakeError::Rejected { status: 401 }));
        let head = server.await.unwrap_or_else(|error| panic!("{error}"));
        assert!(
            head.contains("\r\nSec-WebSocket-Protocol: tok-abc\r\n"),
            "{head}"
        );
        assert!(head.starts_with("GET / HTTP/1.1\r\n"), "{head}");

        let error = open(&url, &Secret::new("bad\ntoken"), WebSocketConfig::default())
            .await
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(!error.is_empty() && !error.contains("bad"), "{error}");
    }

    #[test]
    fn responses_are_checked() {
        let key = "dGhlIHNhbXBsZSBub25jZQ==";
        let accept = derive_accept_key(key.as_bytes());
        let good = format!(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: tok"
        );
        assert_eq!(check_response(&good, key), Ok(()));
        assert_eq!(
            check_response("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0", key),
            Err(HandshakeError::Rejected { status: 401 })
        );
        let wrong_accept = good.replace(&accept, "bm90IHRoZSBrZXk=");
        assert!(matches!(
            check_response(&wrong_accept, key),
            Err(HandshakeError::Network(_))
        ));
        assert!(matches!(
            check_response("garbage", key),
            Err(HandshakeError::Network(_))
        ));
    }
}
