//! A wire tap: a loopback relay in front of one client that records what the service really
//! sent it, independently of the client under test. It forwards every byte unchanged both
//! ways and reads a copy of the service's side: the HTTP 101 that opens a socket, each
//! MESSAGE frame's `Id`, and the socket's end. The client's own deduplication is after this
//! point, so the tap sees duplicates the client hides (the same frame on both sockets of a
//! rotation, or twice on one socket).
//!
//! Times are wall-clock microseconds, comparable with the `event_timestamp` of the service's
//! chat logs (same machine, same clock).

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::Error;

/// Largest frame payload the tap reassembles; the service never sends more (its own limit
/// on one WebSocket message is 1 MiB).
const MAX_PAYLOAD: usize = 1024 * 1024;

/// What the tap saw on one client's sockets, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireEvent {
    /// The service's 101 reached the client: the socket is open.
    Opened {
        /// The socket's number within this tap, from 0.
        socket: u64,
        /// When, in wall-clock microseconds.
        at: i64,
    },
    /// A MESSAGE frame with this `Id` reached the client on `socket`.
    Message {
        /// The socket.
        socket: u64,
        /// When.
        at: i64,
        /// The frame's `Id`.
        id: String,
    },
    /// The socket ended (either side closed or broke it).
    Closed {
        /// The socket.
        socket: u64,
        /// When.
        at: i64,
    },
}

/// Where a tap's records go: kept in memory (short scenarios) or appended to a file (the
/// soak, so that the harness's memory stays flat however long it runs).
#[derive(Debug)]
pub enum WireLog {
    /// Every event in memory.
    Memory(Mutex<Vec<WireEvent>>),
    /// One line per event in a file.
    File {
        /// The file's path, to read it back.
        path: PathBuf,
        /// The buffered writer.
        writer: Mutex<std::io::BufWriter<std::fs::File>>,
    },
}

impl WireLog {
    /// An in-memory log.
    pub fn memory() -> Self {
        WireLog::Memory(Mutex::default())
    }

    /// A log appended to a new file at `path`.
    pub fn file(path: &Path) -> Result<Self, Error> {
        let file = std::fs::File::create(path)?;
        Ok(WireLog::File {
            path: path.to_owned(),
            writer: Mutex::new(std::io::BufWriter::new(file)),
        })
    }

    fn record(&self, event: WireEvent) {
        match self {
            WireLog::Memory(events) => lock(events).push(event),
            WireLog::File { writer, .. } => {
                let line = match &event {
                    WireEvent::Opened { socket, at } => format!("o {socket} {at}"),
                    WireEvent::Message { socket, at, id } => format!("m {socket} {at} {id}"),
                    WireEvent::Closed { socket, at } => format!("c {socket} {at}"),
                };
                // A write that fails shows up as a missing frame in the ledger, which is
                // then reported; the tap itself must never disturb the traffic.
                let _ = writeln!(lock(writer), "{line}");
            }
        }
    }

    /// Everything recorded so far (a file is flushed and read back).
    pub fn events(&self) -> Vec<WireEvent> {
        match self {
            WireLog::Memory(events) => lock(events).clone(),
            WireLog::File { path, writer } => {
                let _ = lock(writer).flush();
                std::fs::read_to_string(path)
                    .unwrap_or_default()
                    .lines()
                    .filter_map(parse_line)
                    .collect()
            }
        }
    }
}

fn parse_line(line: &str) -> Option<WireEvent> {
    let mut parts = line.split(' ');
    let kind = parts.next()?;
    let socket = parts.next()?.parse().ok()?;
    let at = parts.next()?.parse().ok()?;
    match kind {
        "o" => Some(WireEvent::Opened { socket, at }),
        "c" => Some(WireEvent::Closed { socket, at }),
        "m" => Some(WireEvent::Message {
            socket,
            at,
            id: parts.next()?.to_owned(),
        }),
        _ => None,
    }
}

/// A std lock held for one push or one write, never across an `.await`.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Now, in wall-clock microseconds.
pub fn now_micros() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

/// A running tap; stops accepting when dropped (open relays end with their sockets).
#[derive(Debug)]
pub struct Tap {
    addr: SocketAddr,
    log: Arc<WireLog>,
    accept: JoinHandle<()>,
}

impl Drop for Tap {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl Tap {
    /// Relays connections on a new loopback port to `upstream`, recording into `log`.
    pub async fn start(upstream: SocketAddr, log: WireLog) -> Result<Tap, Error> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let log = Arc::new(log);
        let sink = log.clone();
        let sockets = Arc::new(AtomicU64::new(0));
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let socket = sockets.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(relay(client, upstream, socket, sink.clone()));
            }
        });
        Ok(Tap { addr, log, accept })
    }

    /// The address the client dials instead of the service.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// What the tap saw so far.
    pub fn events(&self) -> Vec<WireEvent> {
        self.log.events()
    }
}

/// Forwards one connection both ways until either side ends, reading the service's side.
async fn relay(client: TcpStream, upstream: SocketAddr, socket: u64, log: Arc<WireLog>) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        // The client sees its connection refused by the relay closing; nothing opened.
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upward = async {
        // A plain copy: the client's requests are not the ledger's business.
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    };
    let downward = async {
        let mut reader = FrameReader::default();
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let read = match server_read.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => read,
            };
            if client_write.write_all(&buffer[..read]).await.is_err() {
                break;
            }
            let at = now_micros();
            for seen in reader.feed(&buffer[..read]) {
                log.record(match seen {
                    Seen::Opened => WireEvent::Opened { socket, at },
                    Seen::Message(id) => WireEvent::Message { socket, at, id },
                });
            }
        }
        let _ = client_write.shutdown().await;
    };
    // Whichever direction ends first ends the socket as far as the ledger goes: a client
    // that closed reads nothing more, a service that closed sends nothing more.
    tokio::select! {
        () = upward => {}
        () = downward => {}
    }
    log.record(WireEvent::Closed {
        socket,
        at: now_micros(),
    });
}

/// What the service's side of one socket showed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    /// The 101 Switching Protocols.
    Opened,
    /// A MESSAGE frame and its `Id`.
    Message(String),
}

/// Reads the service's side of one socket: the HTTP response, then WebSocket frames
/// (RFC 6455 §5.2; server frames are unmasked, but a mask is honoured anyway).
#[derive(Debug, Default)]
struct FrameReader {
    /// Bytes not yet parsed.
    pending: Vec<u8>,
    /// Past the HTTP response (and it was a 101).
    upgraded: bool,
    /// The response was not a 101: nothing more to read.
    refused: bool,
    /// The text of a fragmented message so far.
    fragments: Vec<u8>,
}

impl FrameReader {
    fn feed(&mut self, bytes: &[u8]) -> Vec<Seen> {
        if self.refused {
            return Vec::new();
        }
        self.pending.extend_from_slice(bytes);
        let mut seen = Vec::new();
        if !self.upgraded {
            let Some(end) = find(&self.pending, b"\r\n\r\n") else {
                return seen;
            };
            let head = String::from_utf8_lossy(&self.pending[..end]).into_owned();
            self.pending.drain(..end + 4);
            if head.split_whitespace().nth(1) != Some("101") {
                self.refused = true;
                self.pending.clear();
                return seen;
            }
            self.upgraded = true;
            seen.push(Seen::Opened);
        }
        while let Some((opcode, fin, payload, used)) = frame(&self.pending) {
            self.pending.drain(..used);
            match opcode {
                // Text, or a continuation of one.
                0x1 | 0x0 => {
                    if self.fragments.len() + payload.len() <= MAX_PAYLOAD {
                        self.fragments.extend_from_slice(&payload);
                    }
                    if fin {
                        let text = std::mem::take(&mut self.fragments);
                        if let Some(id) = message_id(&text) {
                            seen.push(Seen::Message(id));
                        }
                    }
                }
                // Close, ping, pong, binary: not messages.
                _ => {}
            }
        }
        seen
    }
}

/// One complete frame at the start of `bytes`: opcode, FIN, the unmasked payload and the
/// bytes it took; `None` until it is all there.
fn frame(bytes: &[u8]) -> Option<(u8, bool, Vec<u8>, usize)> {
    let (&first, rest) = bytes.split_first()?;
    let (&second, _) = rest.split_first()?;
    let fin = first & 0x80 != 0;
    let opcode = first & 0x0f;
    let masked = second & 0x80 != 0;
    let (length, mut used) = match second & 0x7f {
        126 => (
            u64::from(u16::from_be_bytes(bytes.get(2..4)?.try_into().ok()?)),
            4,
        ),
        127 => (u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?), 10),
        short => (u64::from(short), 2),
    };
    let mask: Option<[u8; 4]> = if masked {
        let key = bytes.get(used..used + 4)?.try_into().ok()?;
        used += 4;
        Some(key)
    } else {
        None
    };
    let length = usize::try_from(length).ok()?;
    let mut payload = bytes.get(used..used.checked_add(length)?)?.to_vec();
    if let Some(key) = mask {
        for (index, byte) in payload.iter_mut().enumerate() {
            *byte ^= key[index % 4];
        }
    }
    Some((opcode, fin, payload, used + length))
}

/// The `Id` of a MESSAGE frame's JSON (keys read case-insensitively, as clients do).
fn message_id(text: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(text).ok()?;
    let object = value.as_object()?;
    let field = |name: &str| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| value.as_str())
    };
    (field("Type")? == "MESSAGE").then(|| field("Id").map(str::to_owned))?
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_frame(text: &str, fin: bool, opcode: u8) -> Vec<u8> {
        let mut frame = vec![(if fin { 0x80 } else { 0 }) | opcode];
        let length = text.len();
        if length < 126 {
            frame.push(length as u8);
        } else {
            frame.push(126);
            frame.extend_from_slice(&(length as u16).to_be_bytes());
        }
        frame.extend_from_slice(text.as_bytes());
        frame
    }

    #[test]
    fn reads_the_101_then_message_ids_across_reads_and_fragments() {
        let message = r#"{"Type":"MESSAGE","Id":"AAAAAAAAAAAA","Content":"x"}"#;
        let event = r#"{"Type":"EVENT","Id":"BBBBBBBBBBBB","EventName":"e"}"#;
        let long = format!(
            r#"{{"type":"MESSAGE","id":"CCCCCCCCCCCC","Content":"{}"}}"#,
            "y".repeat(300)
        );
        let mut stream = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".to_vec();
        stream.extend(text_frame(message, true, 1));
        stream.extend(text_frame(event, true, 1));
        stream.extend(text_frame(&long[..100], false, 1));
        stream.extend(vec![0x89, 0]); // a ping between fragments
        stream.extend(text_frame(&long[100..], true, 0));
        let mut reader = FrameReader::default();
        let mut seen = Vec::new();
        // Byte by byte: every boundary is a read boundary somewhere.
        for byte in &stream {
            seen.extend(reader.feed(std::slice::from_ref(byte)));
        }
        assert_eq!(
            seen,
            [
                Seen::Opened,
                Seen::Message("AAAAAAAAAAAA".into()),
                Seen::Message("CCCCCCCCCCCC".into()),
            ]
        );
    }

    #[test]
    fn a_refused_handshake_opens_nothing() {
        let mut reader = FrameReader::default();
        let mut stream = b"HTTP/1.1 401 Unauthorized\r\n\r\n".to_vec();
        stream.extend(text_frame(r#"{"Type":"MESSAGE","Id":"A"}"#, true, 1));
        assert!(reader.feed(&stream).is_empty());
    }

    #[test]
    fn file_logs_read_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let log = WireLog::file(&dir.path().join("wire")).unwrap_or_else(|error| panic!("{error}"));
        let events = vec![
            WireEvent::Opened { socket: 0, at: 1 },
            WireEvent::Message {
                socket: 0,
                at: 2,
                id: "AAAAAAAAAAAA".into(),
            },
            WireEvent::Closed { socket: 0, at: 3 },
        ];
        for event in events.clone() {
            log.record(event);
        }
        assert_eq!(log.events(), events);
    }
}
