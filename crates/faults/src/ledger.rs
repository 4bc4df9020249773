//! Counting what was lost and what was duplicated, from what every participant recorded.
//!
//! Every message a scenario sends carries its phase in its text: `before|…` (sent and seen
//! by everyone before the fault), `during|…` (sent while the fault lasts) or `after|…`
//! (sent once the faulted client is back). The rules:
//!
//! - a message the service confirmed is seen exactly once by every receiver that was
//!   connected when it was delivered: in the `before` and `after` phases that is every
//!   receiver; in the `during` phase only the *stable* receivers (not behind the fault) are
//!   known to have been connected, the others must see it at most once;
//! - no receiver sees a message id twice, nor the same text under two ids (a request sent
//!   twice behind the user's back);
//! - every request ends confirmed or failed; a request failed for a definite reason (an
//!   ERROR, a local check) must not have been delivered;
//! - every send the harness attempted is accounted for ([`sends`]): sent = confirmed +
//!   failed + delivery unknown + pending;
//! - duplicates are counted twice: on what each receiver showed (after the client's
//!   deduplication) and on the raw frames its [tap](crate::tap) saw ([`wire`]); the service
//!   never sends one frame twice on one socket.

pub mod sends;
pub mod wire;

use std::collections::HashMap;

use ivs_chat_client::RequestStatus;

use crate::participant::Record;
use crate::tap::WireEvent;
use sends::{REFUSED_BY_HANDLE, Sends};
use wire::WireCount;

/// When a message was sent, relative to the fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Before the fault: everyone must see it.
    Before,
    /// While the fault lasts: the stable receivers must see it.
    During,
    /// After recovery: everyone must see it.
    After,
}

impl Phase {
    /// The prefix in message texts.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Before => "before",
            Phase::During => "during",
            Phase::After => "after",
        }
    }

    /// The text of message `seq` of `sender` in this phase.
    pub fn content(self, sender: &str, seq: u64) -> String {
        format!("{}|{sender}|{seq}", self.name())
    }

    /// The phase a text was sent in, if it is a scenario message.
    pub fn of(content: &str) -> Option<Phase> {
        match content.split('|').next()? {
            "before" => Some(Phase::Before),
            "during" => Some(Phase::During),
            "after" => Some(Phase::After),
            _ => None,
        }
    }
}

/// A receiver's record and whether it stayed out of the fault.
#[derive(Debug, Clone, Copy)]
pub struct Receiver<'a> {
    /// Its name, for problems.
    pub name: &'a str,
    /// What it recorded.
    pub record: &'a Record,
    /// Not behind the fault: connected throughout.
    pub stable: bool,
    /// What its tap saw on the wire.
    pub wire: &'a [WireEvent],
}

/// The counts of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Confirmed messages a receiver should have seen and did not (per receiver).
    pub lost: u64,
    /// Extra copies seen (per receiver), by id or by text.
    pub duplicated: u64,
    /// Requests still pending.
    pub pending: u64,
    /// Requests confirmed.
    pub confirmed: u64,
    /// Requests failed, delivery unknown (may have been delivered).
    pub failed_unknown: u64,
    /// Requests failed for a definite reason.
    pub failed_definite: u64,
    /// Messages received, over every receiver.
    pub received: u64,
    /// Every send attempted, by what became of it.
    pub sends: Sends,
    /// The raw frames the receivers' taps saw, and the duplicates among them.
    pub wire: WireCount,
    /// What broke the rules, in words (a few examples, not every instance).
    pub problems: Vec<String>,
}

/// At most this many examples of each kind of problem are kept.
const EXAMPLES: usize = 3;

/// Applies the rules to the senders' requests and the receivers' messages. Every sender
/// should also be listed as a receiver.
pub fn tally(receivers: &[Receiver<'_>]) -> Tally {
    let mut tally = Tally::default();
    // Text → (message id, sent by) of every confirmed send.
    let mut confirmed: HashMap<&str, (&str, &str)> = HashMap::new();
    let mut definite: Vec<(&str, &str)> = Vec::new();
    for sender in receivers {
        tally.sends.sent += sender.record.attempts;
        for _ in &sender.record.refused {
            tally.sends.fail(REFUSED_BY_HANDLE);
        }
        for request in sender.record.requests.values() {
            tally.sends.count(&request.status);
            match &request.status {
                RequestStatus::Pending => tally.pending += 1,
                RequestStatus::Confirmed { id } => {
                    tally.confirmed += 1;
                    if let Some(content) = &request.content {
                        confirmed.insert(content, (id, sender.name));
                    }
                }
                RequestStatus::Failed(failure) if failure.kind.delivery_unknown() => {
                    tally.failed_unknown += 1;
                }
                RequestStatus::Failed(_) => {
                    tally.failed_definite += 1;
                    if let Some(content) = &request.content {
                        definite.push((content, sender.name));
                    }
                }
            }
        }
    }
    if tally.pending > 0 {
        tally
            .problems
            .push(format!("{} requests still pending", tally.pending));
    }
    if let Some(discrepancy) = tally.sends.discrepancy() {
        tally.problems.push(discrepancy);
    }
    for receiver in receivers {
        let count = WireCount::of(receiver.wire);
        if count.same_socket > 0 {
            tally.problems.push(format!(
                "the service sent {} frames twice on one of {}'s sockets",
                count.same_socket, receiver.name
            ));
        }
        tally.wire.add(count);
    }
    let mut lost_examples = Vec::new();
    let mut duplicate_examples = Vec::new();
    for receiver in receivers {
        let mut by_id: HashMap<&str, u64> = HashMap::new();
        let mut ids_by_text: HashMap<&str, Vec<&str>> = HashMap::new();
        for seen in &receiver.record.seen {
            tally.received += 1;
            *by_id.entry(&seen.id).or_default() += 1;
            let ids = ids_by_text.entry(&seen.content).or_default();
            if !ids.contains(&seen.id.as_str()) {
                ids.push(&seen.id);
            }
        }
        for (id, count) in &by_id {
            if *count > 1 {
                tally.duplicated += count - 1;
                duplicate_examples
                    .push(format!("{} saw message {id} {count} times", receiver.name));
            }
        }
        for (text, ids) in &ids_by_text {
            if ids.len() > 1 {
                tally.duplicated += ids.len() as u64 - 1;
                duplicate_examples.push(format!(
                    "{} saw {text:?} under {} ids",
                    receiver.name,
                    ids.len()
                ));
            }
        }
        for (text, (id, sender)) in &confirmed {
            let must_see = match Phase::of(text) {
                Some(Phase::During) => receiver.stable,
                Some(Phase::Before | Phase::After) => true,
                None => false,
            };
            if must_see && !by_id.contains_key(id) {
                tally.lost += 1;
                lost_examples.push(format!(
                    "{} never saw {text:?} ({id}) confirmed to {sender}",
                    receiver.name
                ));
            }
        }
    }
    for (text, sender) in definite {
        if receivers.iter().any(|r| r.record.has_seen(text)) {
            tally.problems.push(format!(
                "{sender}'s {text:?} was reported failed for a definite reason yet delivered"
            ));
        }
    }
    lost_examples.sort();
    duplicate_examples.sort();
    if tally.lost > 0 {
        tally.problems.push(format!(
            "{} lost: {}",
            tally.lost,
            lost_examples[..lost_examples.len().min(EXAMPLES)].join("; ")
        ));
    }
    if tally.duplicated > 0 {
        tally.problems.push(format!(
            "{} duplicated: {}",
            tally.duplicated,
            duplicate_examples[..duplicate_examples.len().min(EXAMPLES)].join("; ")
        ));
    }
    tally
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::participant::{RequestRecord, Seen};
    use ivs_chat_client::{Failure, FailureKind, RequestId};
    use tokio::time::Instant;

    fn sent(record: &mut Record, content: &str, status: RequestStatus) {
        record.attempts += 1;
        record.requests.insert(
            RequestId::new(),
            RequestRecord {
                content: Some(content.into()),
                status,
                at: Instant::now(),
            },
        );
    }

    fn saw(record: &mut Record, id: &str, content: &str) {
        record.seen.push(Seen {
            id: id.into(),
            content: content.into(),
            at: Instant::now(),
        });
    }

    fn confirmed(id: &str) -> RequestStatus {
        RequestStatus::Confirmed { id: id.into() }
    }

    #[test]
    fn counts_losses_by_phase_and_stability() {
        let before = Phase::Before.content("a", 0);
        let during = Phase::During.content("a", 1);
        let mut sender = Record::default();
        sent(&mut sender, &before, confirmed("m0"));
        sent(&mut sender, &during, confirmed("m1"));
        saw(&mut sender, "m0", &before);
        saw(&mut sender, "m1", &during);
        let mut stable = Record::default();
        saw(&mut stable, "m0", &before);
        let faulted = Record::default();
        let tally = tally(&[
            Receiver {
                name: "a",
                record: &sender,
                stable: false,
                wire: &[],
            },
            Receiver {
                name: "stable",
                record: &stable,
                stable: true,
                wire: &[],
            },
            Receiver {
                name: "faulted",
                record: &faulted,
                stable: false,
                wire: &[],
            },
        ]);
        // stable misses m1 (during, must see); faulted misses m0 (before) but not m1.
        assert_eq!(tally.lost, 2, "{:?}", tally.problems);
        assert_eq!(tally.duplicated, 0);
        assert_eq!(tally.confirmed, 2);
    }

    #[test]
    fn counts_duplicates_by_id_and_by_text_and_pending_requests() {
        let text = Phase::After.content("a", 0);
        let mut sender = Record::default();
        sent(&mut sender, &text, confirmed("m0"));
        sent(&mut sender, "after|a|1", RequestStatus::Pending);
        saw(&mut sender, "m0", &text);
        saw(&mut sender, "m0", &text);
        saw(&mut sender, "m9", &text);
        let tally = tally(&[Receiver {
            name: "a",
            record: &sender,
            stable: true,
            wire: &[],
        }]);
        assert_eq!(tally.duplicated, 2);
        assert_eq!(tally.pending, 1);
        assert_eq!(tally.problems.len(), 2, "{:?}", tally.problems);
    }

    #[test]
    fn a_definite_failure_that_was_delivered_is_a_problem() {
        let text = Phase::During.content("a", 0);
        let mut sender = Record::default();
        sent(
            &mut sender,
            &text,
            RequestStatus::Failed(Failure::new(FailureKind::NotConnected, "not sent")),
        );
        let mut other = Record::default();
        saw(&mut other, "m0", &text);
        let tally = tally(&[
            Receiver {
                name: "a",
                record: &sender,
                stable: false,
                wire: &[],
            },
            Receiver {
                name: "b",
                record: &other,
                stable: true,
                wire: &[],
            },
        ]);
        assert_eq!(tally.problems.len(), 1, "{:?}", tally.problems);
        assert_eq!(tally.failed_definite, 1);
    }

    #[test]
    fn unaccounted_sends_and_frames_sent_twice_on_one_socket_are_problems() {
        let text = Phase::After.content("a", 0);
        let mut sender = Record::default();
        sent(&mut sender, &text, confirmed("m0"));
        saw(&mut sender, "m0", &text);
        // One attempt the handle refused, and one never accounted for.
        sender.attempts += 2;
        sender.refused.push("the room stopped".into());
        let wire = [
            WireEvent::Opened { socket: 0, at: 0 },
            WireEvent::Message {
                socket: 0,
                at: 1,
                id: "m0".into(),
            },
            WireEvent::Message {
                socket: 0,
                at: 2,
                id: "m0".into(),
            },
        ];
        let tally = tally(&[Receiver {
            name: "a",
            record: &sender,
            stable: true,
            wire: &wire,
        }]);
        assert_eq!(tally.sends.sent, 3);
        assert_eq!(tally.sends.failed_total(), 1);
        assert_eq!(tally.wire.duplicated, 1);
        assert_eq!(tally.wire.same_socket, 1);
        assert_eq!(tally.duplicated, 0, "the client showed it once");
        assert_eq!(tally.problems.len(), 2, "{:?}", tally.problems);
    }
}
