//! A TCP proxy on loopback that breaks connections on command: cut them (RST or FIN), stall
//! them, slow them to a trickle, or refuse new ones, at runtime, while traffic flows.
//!
//! Each connection holds at most [`BUFFER_BYTES`] per direction: a stalled or trickling
//! direction stops reading, so TCP flow control pushes back on the sender instead of the
//! proxy buffering without bound.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Bytes held per direction of one connection.
pub const BUFFER_BYTES: usize = 16 * 1024;
/// A trickle writes this many slices per second.
const TRICKLE_TICKS_PER_SECOND: u32 = 20;
/// Bound on connecting to the upstream.
const UPSTREAM_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How a connection is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Abort both sides with a TCP reset (`SO_LINGER` 0): the peer sees "connection reset".
    Reset,
    /// Close both sides with a FIN, without any WebSocket close frame: the peer sees the
    /// stream end in the middle of the protocol.
    Close,
}

/// What the proxy does with bytes and new connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Forward everything as fast as it comes.
    Pass,
    /// Forward nothing in either direction (and read nothing), until healed.
    Stall,
    /// Forward at most this many bytes per second per direction.
    Trickle {
        /// The rate, per direction and connection.
        bytes_per_second: u32,
    },
}

/// Why the proxy could not start.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// Binding the loopback listener failed.
    #[error("cannot bind the fault proxy: {0}")]
    Bind(#[from] std::io::Error),
}

/// State shared by the handle, the accept loop and every connection.
#[derive(Debug)]
struct Shared {
    /// Where connections go.
    upstream: Mutex<SocketAddr>,
    /// The forwarding mode every connection watches.
    mode: watch::Sender<Mode>,
    /// When set, new connections are reset on accept instead of being forwarded.
    refuse: watch::Sender<bool>,
    /// Each `cut_all` sends a new generation; connections opened before it obey it.
    cut: watch::Sender<(u64, Cut)>,
    /// Connections forwarded so far.
    accepted: AtomicU64,
    /// Connections reset on accept so far.
    refused: AtomicU64,
    /// Connections now open, by id, for `open_connections`.
    open: Mutex<HashMap<u64, SocketAddr>>,
}

/// A running fault proxy; stops when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept.abort();
        // Connections end with the listener's generation of cuts.
        self.cut_all(Cut::Reset);
    }
}

impl FaultProxy {
    /// Listens on `127.0.0.1:0` and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Result<FaultProxy, ProxyError> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            upstream: Mutex::new(upstream),
            mode: watch::channel(Mode::Pass).0,
            refuse: watch::channel(false).0,
            cut: watch::channel((0, Cut::Reset)).0,
            accepted: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
        });
        let accept = tokio::spawn(accept_loop(listener, shared.clone()));
        Ok(FaultProxy {
            addr,
            shared,
            accept,
        })
    }

    /// The proxy's own address, to give clients instead of the upstream's.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Points new connections at another upstream (a restarted service on a new port).
    pub fn set_upstream(&self, upstream: SocketAddr) {
        *lock(&self.shared.upstream) = upstream;
    }

    /// Cuts every open connection now.
    pub fn cut_all(&self, how: Cut) {
        self.shared.cut.send_modify(|(generation, cut)| {
            *generation += 1;
            *cut = how;
        });
    }

    /// Stops forwarding in both directions on every connection, open or new.
    pub fn stall(&self) {
        self.shared.mode.send_replace(Mode::Stall);
    }

    /// Forwards at most `bytes_per_second` per direction and connection.
    pub fn trickle(&self, bytes_per_second: u32) {
        self.shared.mode.send_replace(Mode::Trickle {
            bytes_per_second: bytes_per_second.max(1),
        });
    }

    /// Resets every new connection on accept (open ones are untouched).
    pub fn refuse_new(&self) {
        self.shared.refuse.send_replace(true);
    }

    /// Back to forwarding everything and accepting new connections.
    pub fn heal(&self) {
        self.shared.mode.send_replace(Mode::Pass);
        self.shared.refuse.send_replace(false);
    }

    /// The current forwarding mode.
    pub fn mode(&self) -> Mode {
        *self.shared.mode.borrow()
    }

    /// Connections forwarded since the start.
    pub fn accepted(&self) -> u64 {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Connections reset on accept since the start.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::SeqCst)
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        lock(&self.shared.open).len()
    }
}

/// A std lock held for a map operation only, never across an `.await`.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let next_id = AtomicU64::new(0);
    loop {
        let Ok((client, peer)) = listener.accept().await else {
            // Out of descriptors or similar: wait rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        if *shared.refuse.borrow() {
            shared.refused.fetch_add(1, Ordering::SeqCst);
            reset(&client);
            continue;
        }
        let id = next_id.fetch_add(1, Ordering::SeqCst);
        shared.accepted.fetch_add(1, Ordering::SeqCst);
        let shared = shared.clone();
        // Subscribe now: cuts sent after this instant apply to this connection.
        let cut = shared.cut.subscribe();
        tokio::spawn(async move {
            lock(&shared.open).insert(id, peer);
            serve(client, &shared, cut).await;
            lock(&shared.open).remove(&id);
        });
    }
}

/// Forwards one connection until both directions end or it is cut.
async fn serve(mut client: TcpStream, shared: &Shared, mut cut: watch::Receiver<(u64, Cut)>) {
    let upstream_addr = *lock(&shared.upstream);
    let upstream =
        tokio::time::timeout(UPSTREAM_CONNECT_TIMEOUT, TcpStream::connect(upstream_addr)).await;
    let Ok(Ok(mut upstream)) = upstream else {
        // The upstream is down (a killed server): the client sees a reset, as it would
        // connecting to the dead port directly.
        reset(&client);
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    let how = {
        let (client_read, client_write) = client.split();
        let (upstream_read, upstream_write) = upstream.split();
        let forward = pump(client_read, upstream_write, shared.mode.subscribe());
        let backward = pump(upstream_read, client_write, shared.mode.subscribe());
        tokio::select! {
            how = cut_signal(&mut cut) => Some(how),
            _ = async { tokio::join!(forward, backward) } => None,
        }
    };
    match how {
        Some(Cut::Reset) => {
            reset(&client);
            reset(&upstream);
        }
        Some(Cut::Close) => {
            let _ = client.shutdown().await;
            let _ = upstream.shutdown().await;
        }
        None => {}
    }
}

/// Resolves with the next cut.
async fn cut_signal(cut: &mut watch::Receiver<(u64, Cut)>) -> Cut {
    match cut.changed().await {
        Ok(()) => cut.borrow_and_update().1,
        // The proxy is gone: nothing will cut this connection any more.
        Err(_) => std::future::pending().await,
    }
}

/// Arms a reset: the socket is aborted with RST when dropped.
fn reset(stream: &TcpStream) {
    let _ = stream.set_zero_linger();
}

/// Copies one direction, obeying the mode, through one bounded buffer.
async fn pump(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    mut mode: watch::Receiver<Mode>,
) {
    let mut buffer = vec![0u8; BUFFER_BYTES];
    loop {
        // A stalled direction reads nothing either, so the sender's TCP window fills.
        if wait_unstalled(&mut mode).await.is_err() {
            return;
        }
        let read = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => {
                let _ = to.shutdown().await;
                return;
            }
            Ok(read) => read,
        };
        let mut sent = 0;
        while sent < read {
            if wait_unstalled(&mut mode).await.is_err() {
                return;
            }
            let current = *mode.borrow();
            let slice = match current {
                Mode::Pass | Mode::Stall => read - sent,
                Mode::Trickle { bytes_per_second } => {
                    let per_tick = (bytes_per_second / TRICKLE_TICKS_PER_SECOND).max(1) as usize;
                    per_tick.min(read - sent)
                }
            };
            if to.write_all(&buffer[sent..sent + slice]).await.is_err() {
                return;
            }
            sent += slice;
            if matches!(current, Mode::Trickle { .. }) {
                let tick = Duration::from_secs(1) / TRICKLE_TICKS_PER_SECOND;
                // A heal ends the pause early.
                let _ = tokio::time::timeout(tick, mode.changed()).await;
            }
        }
    }
}

/// Waits while the mode is `Stall`; an error once the proxy is gone.
async fn wait_unstalled(mode: &mut watch::Receiver<Mode>) -> Result<(), ()> {
    while *mode.borrow_and_update() == Mode::Stall {
        mode.changed().await.map_err(|_| ())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// An echo server on loopback.
    async fn echo() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let (mut read, mut write) = stream.split();
                    let _ = tokio::io::copy(&mut read, &mut write).await;
                });
            }
        });
        addr
    }

    async fn round_trip(stream: &mut TcpStream, text: &[u8]) -> std::io::Result<Vec<u8>> {
        stream.write_all(text).await?;
        let mut back = vec![0u8; text.len()];
        stream.read_exact(&mut back).await?;
        Ok(back)
    }

    const WAIT: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn forwards_stalls_heals_and_cuts() {
        let proxy = FaultProxy::start(echo().await).await.unwrap();
        let mut stream = TcpStream::connect(proxy.local_addr()).await.unwrap();
        let back = tokio::time::timeout(WAIT, round_trip(&mut stream, b"hello"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back, b"hello");

        proxy.stall();
        let stalled =
            tokio::time::timeout(Duration::from_millis(300), round_trip(&mut stream, b"x")).await;
        assert!(stalled.is_err(), "nothing comes back while stalled");
        proxy.heal();
        let mut back = [0u8; 1];
        tokio::time::timeout(WAIT, stream.read_exact(&mut back))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&back, b"x", "the held byte arrives after the heal");

        proxy.cut_all(Cut::Reset);
        let after = tokio::time::timeout(WAIT, round_trip(&mut stream, b"y"))
            .await
            .unwrap();
        assert!(after.is_err(), "a cut connection is dead: {after:?}");
    }

    #[tokio::test]
    async fn a_fin_cut_ends_the_stream() {
        let proxy = FaultProxy::start(echo().await).await.unwrap();
        let mut stream = TcpStream::connect(proxy.local_addr()).await.unwrap();
        tokio::time::timeout(WAIT, round_trip(&mut stream, b"a"))
            .await
            .unwrap()
            .unwrap();
        proxy.cut_all(Cut::Close);
        let mut rest = Vec::new();
        let read = tokio::time::timeout(WAIT, stream.read_to_end(&mut rest))
            .await
            .unwrap();
        assert_eq!(read.unwrap(), 0, "EOF, not a reset");
    }

    #[tokio::test]
    async fn trickles_and_refuses_new_connections() {
        let proxy = FaultProxy::start(echo().await).await.unwrap();
        let mut stream = TcpStream::connect(proxy.local_addr()).await.unwrap();
        proxy.trickle(200);
        let back = tokio::time::timeout(WAIT, round_trip(&mut stream, b"slowly"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back, b"slowly", "a trickle still delivers every byte");
        proxy.heal();

        proxy.refuse_new();
        let mut refused = TcpStream::connect(proxy.local_addr()).await.unwrap();
        let outcome = tokio::time::timeout(WAIT, round_trip(&mut refused, b"z"))
            .await
            .unwrap();
        assert!(outcome.is_err(), "{outcome:?}");
        assert_eq!(proxy.refused(), 1);
        // The open connection still works.
        let back = tokio::time::timeout(WAIT, round_trip(&mut stream, b"ok"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back, b"ok");
    }
}
