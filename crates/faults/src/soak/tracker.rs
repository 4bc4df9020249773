//! What each soak participant keeps of its updates: one bit per message sender and number,
//! counters, and its open requests, so the harness's memory stays flat over a long run.

use std::collections::{HashMap, HashSet};

use ivs_chat_client::{ConnectionState, RequestId, RequestStatus, Update};
use tokio::time::Instant;

use crate::participant::Tracker;

/// A growable set of small integers that says whether an insert was new.
#[derive(Debug, Clone, Default)]
pub(super) struct Bits(Vec<u64>);

impl Bits {
    fn insert(&mut self, index: u64) -> bool {
        let (word, bit) = ((index / 64) as usize, index % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        let new = self.0[word] & (1 << bit) == 0;
        self.0[word] |= 1 << bit;
        new
    }

    pub(super) fn contains(&self, index: u64) -> bool {
        let (word, bit) = ((index / 64) as usize, index % 64);
        self.0
            .get(word)
            .is_some_and(|value| value & (1 << bit) != 0)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().enumerate().flat_map(|(word, value)| {
            (0..64)
                .filter(move |bit| value & (1 << bit) != 0)
                .map(move |bit| word as u64 * 64 + bit)
        })
    }
}

/// What one soak participant keeps: bits, counters, and its open requests.
#[derive(Debug, Default)]
pub struct SoakTracker {
    /// This participant's sender name (`r3-a`).
    pub(super) me: String,
    /// Requests pending now.
    pub(super) open: HashSet<RequestId>,
    /// Own message ids seen, until their request confirms (id → seq).
    pub(super) own: HashMap<String, u64>,
    /// Seqs of own messages confirmed.
    pub(super) confirmed: Bits,
    /// Per sender, the seqs received.
    pub(super) seen: HashMap<String, Bits>,
    pub(super) duplicated: u64,
    pub(super) received: u64,
    pub(super) failed_unknown: u64,
    pub(super) failed_definite: u64,
    pub(super) sessions: u64,
    pub(super) state: Option<ConnectionState>,
}

/// `soak|<sender>|<seq>` → (sender, seq).
fn parse(content: &str) -> Option<(&str, u64)> {
    let mut parts = content.split('|');
    (parts.next()? == "soak").then_some(())?;
    let sender = parts.next()?;
    let seq = parts.next()?.parse().ok()?;
    Some((sender, seq))
}

impl Tracker for SoakTracker {
    fn on_update(&mut self, update: &Update, _at: Instant) {
        match update {
            Update::Message(message) => {
                self.received += 1;
                if let Some((sender, seq)) = parse(&message.content) {
                    if !self.seen.entry(sender.to_owned()).or_default().insert(seq) {
                        self.duplicated += 1;
                    }
                    if sender == self.me {
                        self.own.insert(message.id.clone(), seq);
                    }
                }
            }
            Update::Request {
                request_id, status, ..
            } => match status {
                RequestStatus::Pending => {
                    self.open.insert(request_id.clone());
                }
                RequestStatus::Confirmed { id } => {
                    self.open.remove(request_id);
                    if let Some(seq) = self.own.remove(id) {
                        self.confirmed.insert(seq);
                    }
                }
                RequestStatus::Failed(failure) => {
                    self.open.remove(request_id);
                    if failure.kind.delivery_unknown() {
                        self.failed_unknown += 1;
                    } else {
                        self.failed_definite += 1;
                    }
                }
            },
            Update::Session(_) => self.sessions += 1,
            Update::State { state, .. } => self.state = Some(*state),
            _ => {}
        }
        // Own messages whose request failed definitely never confirm; keep the map small.
        if self.own.len() > 4096 {
            self.own.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_say_whether_an_insert_was_new() {
        let mut bits = Bits::default();
        assert!(bits.insert(3));
        assert!(bits.insert(200));
        assert!(!bits.insert(3));
        assert!(bits.contains(200) && !bits.contains(4));
        assert_eq!(bits.iter().collect::<Vec<_>>(), vec![3, 200]);
    }

    #[test]
    fn parses_soak_texts_only() {
        assert_eq!(parse("soak|r1-a|42"), Some(("r1-a", 42)));
        assert_eq!(parse("before|x|1"), None);
        assert_eq!(parse("soak|r1-a|x"), None);
    }
}
