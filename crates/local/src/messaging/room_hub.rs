//! The live side of rooms: who is connected, the room-wide message bucket, fan-out.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::ws::Utf8Bytes;
use ivs_chat_protocol::control::{MessageReviewHandler, Room};
use tokio::time::Instant;

use super::outbox::{Offer, Outbox, Outgoing};
use crate::rate::TokenBucket;

/// One connected socket, as the room sees it.
#[derive(Debug)]
pub struct Member {
    /// The token's user id (the target of DisconnectUser).
    pub user_id: String,
    /// The actor's bounded queue; when it overflows, the actor disconnects the slow client.
    pub outbox: Arc<Outbox>,
}

/// The room limits and handlers a connection applies, copied from the stored room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomSettings {
    /// The room ARN (review requests, logs).
    pub arn: String,
    /// Longest message in code points.
    pub maximum_message_length: u32,
    /// Room-wide SEND_MESSAGE rate.
    pub maximum_message_rate_per_second: u32,
    /// The review handler, when one is set.
    pub review_handler: Option<MessageReviewHandler>,
    /// Logging configuration ARNs to append every delivered frame to.
    pub logging_configuration_identifiers: Arc<[String]>,
}

impl From<&Room> for RoomSettings {
    fn from(room: &Room) -> Self {
        Self {
            arn: room.arn.clone(),
            maximum_message_length: room.maximum_message_length,
            maximum_message_rate_per_second: room.maximum_message_rate_per_second,
            review_handler: room
                .message_review_handler
                .clone()
                .filter(|handler| handler.uri.as_deref().is_some_and(|uri| !uri.is_empty())),
            logging_configuration_identifiers: room
                .logging_configuration_identifiers
                .clone()
                .into(),
        }
    }
}

/// One room's live state. Locks here are std locks held for map operations and `try_send`s
/// only, never across an `.await`.
#[derive(Debug)]
pub struct RoomHub {
    /// The room's 12-character id.
    pub id: String,
    settings: RwLock<Arc<RoomSettings>>,
    members: RwLock<HashMap<u64, Member>>,
    /// `maximumMessageRatePerSecond` across all clients (reference §1.10).
    bucket: Mutex<TokenBucket>,
}

impl RoomHub {
    fn new(room: &Room) -> Self {
        Self {
            id: room.id.clone(),
            settings: RwLock::new(Arc::new(RoomSettings::from(room))),
            members: RwLock::new(HashMap::new()),
            bucket: Mutex::new(TokenBucket::new(
                room.maximum_message_rate_per_second,
                Instant::now(),
            )),
        }
    }

    /// The current settings.
    pub fn settings(&self) -> Arc<RoomSettings> {
        self.settings
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn update(&self, room: &Room) {
        let settings = RoomSettings::from(room);
        self.bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .set_rate(settings.maximum_message_rate_per_second);
        *self
            .settings
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(settings);
    }

    /// Takes one message from the room-wide bucket.
    pub fn try_take_message(&self, now: Instant) -> bool {
        self.bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .try_take(now)
    }

    /// Adds a connection.
    pub fn join(&self, connection: u64, member: Member) {
        self.members
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(connection, member);
    }

    /// Removes a connection.
    pub fn leave(&self, connection: u64) {
        self.members
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(&connection);
    }

    /// How many connections the room has.
    pub fn member_count(&self) -> usize {
        self.members
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }

    /// Queues `frame` for every connection (reference §1.6: the sender included) and returns
    /// how many took it. A connection whose queue is full is told to disconnect instead of
    /// buffering without bound.
    pub fn broadcast(&self, frame: &Utf8Bytes) -> u64 {
        let members = self
            .members
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut delivered = 0;
        for member in members.values() {
            if offer(member, Outgoing::Frame(frame.clone())) {
                delivered += 1;
            }
        }
        delivered
    }

    /// Asks every connection of `user_id` to close cleanly after what is already queued
    /// (reference §1.9: the `aws:DISCONNECT_USER` event first, then the close). Returns how
    /// many connections were asked.
    pub fn disconnect_user(&self, user_id: &str, code: u16, reason: &'static str) -> usize {
        let members = self
            .members
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut count = 0;
        for member in members.values().filter(|member| member.user_id == user_id) {
            offer(member, Outgoing::Close { code, reason });
            count += 1;
        }
        count
    }
}

/// Queues without waiting; a full queue tells its actor instead.
fn offer(member: &Member, outgoing: Outgoing) -> bool {
    // Closed: the actor is gone and its `leave` is on the way.
    member.outbox.offer(outgoing) == Offer::Queued
}

/// Every room with live state, by id.
#[derive(Debug, Default)]
pub struct Hub {
    rooms: RwLock<HashMap<String, Arc<RoomHub>>>,
    next_connection: AtomicU64,
}

impl Hub {
    /// The live state of `room`, created on first use.
    pub fn room(&self, room: &Room) -> Arc<RoomHub> {
        if let Some(hub) = self.existing(&room.id) {
            return hub;
        }
        self.rooms
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(room.id.clone())
            .or_insert_with(|| Arc::new(RoomHub::new(room)))
            .clone()
    }

    /// The live state of the room with this id, if it has any.
    pub fn existing(&self, id: &str) -> Option<Arc<RoomHub>> {
        self.rooms
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(id)
            .cloned()
    }

    /// Applies an UpdateRoom to live state.
    pub fn update(&self, room: &Room) {
        if let Some(hub) = self.existing(&room.id) {
            hub.update(room);
        }
    }

    /// Forgets a deleted room's live state unless connections remain (reference §1.9 as the
    /// guide has it: deleting a room does not disconnect them).
    pub fn forget(&self, id: &str) {
        let mut rooms = self
            .rooms
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if rooms.get(id).is_some_and(|hub| hub.member_count() == 0) {
            rooms.remove(id);
        }
    }

    /// A process-unique connection number.
    pub fn next_connection_id(&self) -> u64 {
        self.next_connection.fetch_add(1, Ordering::Relaxed)
    }

    /// Every room with live state.
    pub fn all(&self) -> Vec<Arc<RoomHub>> {
        self.rooms
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .values()
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivs_chat_protocol::control::Tags;

    fn room() -> Room {
        Room {
            arn: "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6".into(),
            id: "g1H2I3j4k5L6".into(),
            name: String::new(),
            create_time: chrono::Utc::now(),
            update_time: chrono::Utc::now(),
            maximum_message_rate_per_second: 10,
            maximum_message_length: 500,
            message_review_handler: None,
            tags: Tags::new(),
            logging_configuration_identifiers: vec![],
        }
    }

    fn member(user: &str, capacity: usize) -> (Member, Arc<Outbox>, Arc<Outbox>) {
        let outbox = Arc::new(Outbox::new(capacity));
        let member = Member {
            user_id: user.into(),
            outbox: outbox.clone(),
        };
        (member, outbox.clone(), outbox)
    }

    #[tokio::test]
    async fn broadcast_reaches_everyone_and_a_full_queue_signals_overflow() {
        let hub = Hub::default();
        let room = hub.room(&room());
        let (alice, alice_rx, _) = member("alice", 8);
        let (slow, _slow_rx, slow_overflow) = member("bob", 1);
        room.join(1, alice);
        room.join(2, slow);
        assert_eq!(room.broadcast(&Utf8Bytes::from_static("one")), 2);
        assert_eq!(
            room.broadcast(&Utf8Bytes::from_static("two")),
            1,
            "bob's queue is full"
        );
        tokio::time::timeout(
            std::time::Duration::from_secs(1),
            slow_overflow.overflowed(),
        )
        .await
        .unwrap_or_else(|_| panic!("overflow not signalled"));
        assert!(
            matches!(alice_rx.next().await, Some(Outgoing::Frame(text)) if text.as_str() == "one")
        );
        assert_eq!(room.disconnect_user("alice", 1000, "kicked"), 1);
        assert!(matches!(alice_rx.next().await, Some(Outgoing::Frame(_))));
        assert!(matches!(
            alice_rx.next().await,
            Some(Outgoing::Close { code: 1000, .. })
        ));
        room.leave(1);
        room.leave(2);
        hub.forget(&room.id);
        assert!(hub.existing("g1H2I3j4k5L6").is_none());
    }
}
