//! The load generator's WebSocket client, written out to cost little per connection: a
//! handshake by hand from a chosen loopback source address, frames read straight from the
//! socket into a per-thread buffer (nothing is held per idle connection but the socket and its
//! task), and only the numbers a benchmark needs taken from each frame: its send time (carried
//! in the content as `t=<micros>`) and whether it is an ERROR.

use std::cell::RefCell;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::watch;

use crate::histogram::Histogram;

/// Bytes read per `read` call; one buffer per runtime thread, not per connection.
const READ_BUFFER: usize = 64 * 1024;

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = RefCell::new(vec![0; READ_BUFFER]);
}

/// Microseconds since the bench's epoch: the send time in every message's content.
pub fn micros_since(epoch: Instant) -> u64 {
    epoch.elapsed().as_micros() as u64
}

/// The epoch as microseconds since 1970, to hand it to another process.
pub fn epoch_to_unix(epoch: Instant) -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    now.saturating_sub(epoch.elapsed()).as_micros() as u64
}

/// The epoch another process handed over ([`epoch_to_unix`]), as an `Instant` of this one:
/// one wall-clock reading maps it, then the monotonic clock (shared by every process of the
/// machine) measures from it.
pub fn epoch_from_unix(unix_micros: u64) -> Instant {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let ago = now.saturating_sub(Duration::from_micros(unix_micros));
    Instant::now().checked_sub(ago).unwrap_or_else(Instant::now)
}

/// What every receiver adds to.
#[derive(Debug)]
pub struct Deliveries {
    /// The bench's epoch.
    pub epoch: Instant,
    /// Messages sent in `[from, until)` (µs since the epoch) are the ones measured.
    pub from: AtomicU64,
    /// See `from`.
    pub until: AtomicU64,
    /// Measured deliveries.
    pub count: AtomicU64,
    /// ERROR frames received (a refused send).
    pub errors: AtomicU64,
    /// Messages sent inside the window.
    pub sent: AtomicU64,
    /// Latencies of the measured deliveries.
    pub latency: Histogram,
}

impl Deliveries {
    /// Nothing measured yet.
    pub fn new(epoch: Instant) -> Arc<Self> {
        Arc::new(Self {
            epoch,
            from: AtomicU64::new(u64::MAX),
            until: AtomicU64::new(u64::MAX),
            count: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            sent: AtomicU64::new(0),
            latency: Histogram::default(),
        })
    }

    /// Measures the messages sent from now until [`Deliveries::close_window`].
    pub fn open_window(&self) {
        self.open_window_at(micros_since(self.epoch));
    }

    /// Measures the messages sent from `from` (µs since the epoch) on, counting afresh.
    pub fn open_window_at(&self, from: u64) {
        self.count.store(0, Ordering::SeqCst);
        self.errors.store(0, Ordering::SeqCst);
        self.sent.store(0, Ordering::SeqCst);
        self.latency.clear();
        self.until.store(u64::MAX, Ordering::SeqCst);
        self.from.store(from, Ordering::SeqCst);
    }

    /// Ends the window; messages sent later are not measured.
    pub fn close_window(&self) {
        self.close_window_at(micros_since(self.epoch));
    }

    /// Ends the window at `until` (µs since the epoch).
    pub fn close_window_at(&self, until: u64) {
        self.until.store(until, Ordering::SeqCst);
    }

    /// A sender sent a message at `sent` (µs since the epoch).
    pub fn offered(&self, sent: u64) {
        if self.in_window(sent) {
            self.sent.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn in_window(&self, sent: u64) -> bool {
        sent >= self.from.load(Ordering::Relaxed) && sent < self.until.load(Ordering::Relaxed)
    }

    fn frame(&self, payload: &[u8]) {
        if find(payload, b"\"ERROR\"").is_some() {
            self.errors.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let Some(at) = find(payload, b"\"t=") else {
            return;
        };
        let digits = &payload[at + 3..];
        let end = digits
            .iter()
            .position(|byte| !byte.is_ascii_digit())
            .unwrap_or(digits.len());
        let Some(sent) = std::str::from_utf8(&digits[..end])
            .ok()
            .and_then(|text| text.parse::<u64>().ok())
        else {
            return;
        };
        if self.in_window(sent) {
            self.count.fetch_add(1, Ordering::Relaxed);
            self.latency
                .record(micros_since(self.epoch).saturating_sub(sent));
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// An open WebSocket.
pub struct Socket {
    read: OwnedReadHalf,
    /// The write half, for a sender.
    pub write: OwnedWriteHalf,
    /// Bytes that came with the handshake's answer.
    leftover: Vec<u8>,
}

impl Socket {
    /// Opens `ws://server{path}` from `source`, offering `protocol` (the chat token) when given.
    pub async fn connect(
        source: IpAddr,
        server: SocketAddr,
        path: &str,
        protocol: Option<&str>,
    ) -> io::Result<Socket> {
        let socket = TcpSocket::new_v4()?;
        // Ports of an earlier run's connections may still be in TIME_WAIT; a new connection
        // to another server port is a different 4-tuple, so they may be bound again.
        socket.set_reuseaddr(true)?;
        socket.bind(SocketAddr::new(source, 0))?;
        let stream = socket.connect(server).await?;
        stream.set_nodelay(true)?;
        let (mut read, mut write) = stream.into_split();
        let mut request = format!(
            "GET {path} HTTP/1.1\r\nHost: {server}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        );
        if let Some(protocol) = protocol {
            request.push_str(&format!("Sec-WebSocket-Protocol: {protocol}\r\n"));
        }
        request.push_str("\r\n");
        write.write_all(request.as_bytes()).await?;
        let mut answer = Vec::with_capacity(512);
        let end = loop {
            let mut chunk = [0u8; 512];
            let read = read.read(&mut chunk).await?;
            if read == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "closed during the handshake",
                ));
            }
            answer.extend_from_slice(&chunk[..read]);
            if let Some(end) = find(&answer, b"\r\n\r\n") {
                break end;
            }
        };
        if !answer.starts_with(b"HTTP/1.1 101") {
            let head = String::from_utf8_lossy(&answer[..end]).into_owned();
            return Err(io::Error::other(format!("handshake refused: {head}")));
        }
        Ok(Socket {
            read,
            write,
            leftover: answer[end + 4..].to_vec(),
        })
    }

    /// The write half, and the future that reads frames into `deliveries` until the socket
    /// ends or `stop` turns true.
    pub fn receive(
        self,
        deliveries: Arc<Deliveries>,
        stop: watch::Receiver<bool>,
    ) -> (OwnedWriteHalf, impl Future<Output = ()>) {
        let Socket {
            read,
            write,
            leftover,
        } = self;
        (write, receive(read, leftover, deliveries, stop))
    }
}

async fn receive(
    read: OwnedReadHalf,
    mut pending: Vec<u8>,
    deliveries: Arc<Deliveries>,
    mut stop: watch::Receiver<bool>,
) {
    drain(&mut pending, &[], &deliveries);
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            ready = read.readable() => if ready.is_err() { return },
        }
        let ended = BUFFER.with_borrow_mut(|buffer| {
            loop {
                match read.try_read(buffer) {
                    Ok(0) => return true,
                    Ok(read) => drain(&mut pending, &buffer[..read], &deliveries),
                    Err(error) if error.kind() == io::ErrorKind::WouldBlock => return false,
                    Err(_) => return true,
                }
            }
        });
        if ended {
            return;
        }
    }
}

/// Handles every whole frame of `pending` + `bytes`, keeping a partial one in `pending`.
fn drain(pending: &mut Vec<u8>, bytes: &[u8], deliveries: &Deliveries) {
    if pending.is_empty() {
        let used = frames(bytes, deliveries);
        pending.extend_from_slice(&bytes[used..]);
    } else {
        pending.extend_from_slice(bytes);
        let used = frames(pending, deliveries);
        pending.drain(..used);
    }
    if pending.is_empty() {
        // A partial frame's buffer is not kept once it is done.
        *pending = Vec::new();
    }
}

/// Handles the whole frames at the start of `bytes`; how many bytes they took.
fn frames(bytes: &[u8], deliveries: &Deliveries) -> usize {
    let mut used = 0;
    while let Some((opcode, payload, length)) = frame(&bytes[used..]) {
        if opcode == 0x1 {
            deliveries.frame(payload);
        }
        used += length;
    }
    used
}

/// One unmasked server frame: opcode, payload, bytes taken.
fn frame(bytes: &[u8]) -> Option<(u8, &[u8], usize)> {
    let opcode = bytes.first()? & 0x0f;
    let (length, header) = match bytes.get(1)? & 0x7f {
        126 => (
            usize::from(u16::from_be_bytes(bytes.get(2..4)?.try_into().ok()?)),
            4,
        ),
        127 => (
            usize::try_from(u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?)).ok()?,
            10,
        ),
        short => (usize::from(short), 2),
    };
    let payload = bytes.get(header..header + length)?;
    Some((opcode, payload, header + length))
}

/// A masked text frame, as a client must send it (RFC 6455 §5.3).
pub fn text_frame(text: &str) -> Vec<u8> {
    let payload = text.as_bytes();
    let mut frame = vec![0x81];
    if payload.len() < 126 {
        frame.push(0x80 | payload.len() as u8);
    } else {
        frame.push(0x80 | 126);
        frame.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    }
    let mask: [u8; 4] = rand::random();
    frame.extend_from_slice(&mask);
    frame.extend(
        payload
            .iter()
            .enumerate()
            .map(|(index, byte)| byte ^ mask[index % 4]),
    );
    frame
}
