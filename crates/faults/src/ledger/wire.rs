//! Duplicates on the wire: what the tap saw the service send a receiver, before the client's
//! own deduplication by `Id`.

use std::collections::HashMap;

use crate::tap::WireEvent;

/// A receiver's MESSAGE frames as they arrived, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WireCount {
    /// MESSAGE frames received, over every socket.
    pub frames: u64,
    /// Extra copies of an `Id` over all the receiver's sockets (expected while a rotation's
    /// two sockets overlap: the client must drop them).
    pub duplicated: u64,
    /// Extra copies of an `Id` on one and the same socket (the service sent a frame twice).
    pub same_socket: u64,
}

impl WireCount {
    /// Counts one receiver's tap records.
    pub fn of(events: &[WireEvent]) -> Self {
        let mut by_id: HashMap<&str, u64> = HashMap::new();
        let mut by_socket: HashMap<(u64, &str), u64> = HashMap::new();
        let mut count = WireCount::default();
        for event in events {
            if let WireEvent::Message { socket, id, .. } = event {
                count.frames += 1;
                let seen = by_id.entry(id).or_default();
                *seen += 1;
                if *seen > 1 {
                    count.duplicated += 1;
                }
                let on_socket = by_socket.entry((*socket, id)).or_default();
                *on_socket += 1;
                if *on_socket > 1 {
                    count.same_socket += 1;
                }
            }
        }
        count
    }

    /// Adds another receiver's counts.
    pub fn add(&mut self, other: WireCount) {
        self.frames += other.frames;
        self.duplicated += other.duplicated;
        self.same_socket += other.same_socket;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_copies_across_sockets_and_on_one_socket() {
        let message = |socket, id: &str| WireEvent::Message {
            socket,
            at: 0,
            id: id.into(),
        };
        let events = [
            WireEvent::Opened { socket: 0, at: 0 },
            message(0, "a"),
            message(0, "b"),
            WireEvent::Opened { socket: 1, at: 0 },
            message(1, "b"),
            message(1, "c"),
            message(1, "c"),
            WireEvent::Closed { socket: 0, at: 0 },
        ];
        assert_eq!(
            WireCount::of(&events),
            WireCount {
                frames: 5,
                duplicated: 2,
                same_socket: 1
            }
        );
    }
}
