//! One connection's queue of frames to write: bounded, filled by fan-outs without waiting,
//! emptied by the connection's actor.
//!
//! A queue rather than a bounded `mpsc` channel because of what an idle connection costs: a
//! tokio channel allocates its first block of 32 slots and its cache-padded state up front,
//! about 1.5 KiB per connection whether a frame ever comes or not. This queue allocates
//! nothing until a frame is queued, and gives back what a burst made it grow once it is empty
//! again.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use futures_util::task::AtomicWaker;

use axum::extract::ws::Utf8Bytes;

/// What a connection's actor is asked to do, in order.
#[derive(Debug)]
pub enum Outgoing {
    /// Write this frame (JSON text, serialized once for the whole room).
    Frame(Utf8Bytes),
    /// Close the socket with this code once everything queued before has been written.
    Close {
        /// WebSocket close code.
        code: u16,
        /// Close reason.
        reason: &'static str,
    },
}

/// Once empty, a queue that grew past this many slots gives its memory back.
const KEEP_SLOTS: usize = 8;

/// What became of an offered frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Queued.
    Queued,
    /// The queue is full: the client is not keeping up; the actor is told.
    Full,
    /// The connection is ending; nothing is queued any more.
    Closed,
}

#[derive(Debug, Default)]
struct Queue {
    items: VecDeque<Outgoing>,
    closed: bool,
}

/// A connection's outbox, shared by its room (which offers) and its actor (which takes).
#[derive(Debug)]
pub struct Outbox {
    capacity: usize,
    /// A std `Mutex`: held for one push or one pop, never across an `.await`.
    queue: Mutex<Queue>,
    /// Set when a frame did not fit: the actor disconnects the slow client.
    overflowed: AtomicBool,
    /// The actor's task, woken when a frame is queued or one did not fit. One consumer, so
    /// one waker slot and no list of waiters to lock on every fan-out.
    actor: AtomicWaker,
}

impl Outbox {
    /// An empty outbox holding at most `capacity` frames.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            queue: Mutex::default(),
            overflowed: AtomicBool::new(false),
            actor: AtomicWaker::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Queues `outgoing` without waiting.
    pub fn offer(&self, outgoing: Outgoing) -> Offer {
        let mut queue = self.lock();
        if queue.closed {
            return Offer::Closed;
        }
        if queue.items.len() >= self.capacity {
            drop(queue);
            self.overflowed.store(true, Ordering::Release);
            self.actor.wake();
            return Offer::Full;
        }
        queue.items.push_back(outgoing);
        drop(queue);
        self.actor.wake();
        Offer::Queued
    }

    /// The next frame, if one is queued.
    pub fn try_next(&self) -> Option<Outgoing> {
        let mut queue = self.lock();
        let next = queue.items.pop_front();
        if queue.items.is_empty() && queue.items.capacity() > KEEP_SLOTS {
            queue.items = VecDeque::new();
        }
        next
    }

    /// Waits for the next frame; `None` once closed and empty. Only the actor waits.
    pub async fn next(&self) -> Option<Outgoing> {
        std::future::poll_fn(|context| self.poll_next(context)).await
    }

    fn poll_next(&self, context: &mut Context<'_>) -> Poll<Option<Outgoing>> {
        let look = || {
            let mut queue = self.lock();
            match queue.items.pop_front() {
                Some(next) => {
                    if queue.items.is_empty() && queue.items.capacity() > KEEP_SLOTS {
                        queue.items = VecDeque::new();
                    }
                    Some(Some(next))
                }
                None if queue.closed => Some(None),
                None => None,
            }
        };
        if let Some(next) = look() {
            return Poll::Ready(next);
        }
        // Registered, then looked at again: a frame queued in between is not missed.
        self.actor.register(context.waker());
        look().map_or(Poll::Pending, Poll::Ready)
    }

    /// Resolves once a frame did not fit (and at once ever after).
    pub async fn overflowed(&self) {
        std::future::poll_fn(|context| {
            if self.overflowed.load(Ordering::Acquire) {
                return Poll::Ready(());
            }
            self.actor.register(context.waker());
            if self.overflowed.load(Ordering::Acquire) {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
    }

    /// Refuses every later offer and drops what is queued.
    pub fn close(&self) {
        let mut queue = self.lock();
        queue.closed = true;
        queue.items = VecDeque::new();
        drop(queue);
        self.actor.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(text: &'static str) -> Outgoing {
        Outgoing::Frame(Utf8Bytes::from_static(text))
    }

    #[tokio::test]
    async fn frames_come_out_in_order_up_to_the_capacity() {
        let outbox = Outbox::new(2);
        assert_eq!(outbox.offer(frame("a")), Offer::Queued);
        assert_eq!(outbox.offer(frame("b")), Offer::Queued);
        assert_eq!(outbox.offer(frame("c")), Offer::Full);
        tokio::time::timeout(std::time::Duration::from_secs(1), outbox.overflowed())
            .await
            .unwrap_or_else(|_| panic!("overflow not signalled"));
        assert!(matches!(outbox.next().await, Some(Outgoing::Frame(text)) if text.as_str() == "a"));
        assert!(matches!(outbox.try_next(), Some(Outgoing::Frame(text)) if text.as_str() == "b"));
        assert!(outbox.try_next().is_none());
        outbox.close();
        assert_eq!(outbox.offer(frame("d")), Offer::Closed);
        assert!(outbox.next().await.is_none());
    }

    #[tokio::test]
    async fn a_waiting_actor_wakes_for_a_frame_and_memory_is_given_back() {
        let outbox = std::sync::Arc::new(Outbox::new(512));
        let taker = tokio::spawn({
            let outbox = outbox.clone();
            async move { outbox.next().await }
        });
        tokio::task::yield_now().await;
        assert_eq!(outbox.offer(frame("x")), Offer::Queued);
        let taken = tokio::time::timeout(std::time::Duration::from_secs(1), taker)
            .await
            .unwrap_or_else(|_| panic!("the actor did not wake"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(taken, Some(Outgoing::Frame(text)) if text.as_str() == "x"));
        for _ in 0..100 {
            outbox.offer(frame("y"));
        }
        while outbox.try_next().is_some() {}
        assert_eq!(outbox.lock().items.capacity(), 0);
    }
}
