//! What each soak participant keeps of its updates. Messages shown and sends confirmed go to
//! files (read back by the reconciliation with the service's chat logs); memory holds only
//! counters, one bit per message sender and number, and the requests not yet settled, so the
//! harness's own memory stays flat however long the soak runs.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::Path;

use ivs_chat_client::{ConnectionState, RequestId, RequestStatus, Update};
use tokio::time::Instant;

use crate::Error;
use crate::ledger::sends::{REFUSED_BY_HANDLE, Sends, reason};
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

    #[cfg(test)]
    fn contains(&self, index: u64) -> bool {
        let (word, bit) = ((index / 64) as usize, index % 64);
        self.0
            .get(word)
            .is_some_and(|value| value & (1 << bit) != 0)
    }

    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().enumerate().flat_map(|(word, value)| {
            (0..64)
                .filter(move |bit| value & (1 << bit) != 0)
                .map(move |bit| word as u64 * 64 + bit)
        })
    }
}

/// A send not yet settled: its number (once the send loop knows the request id) and its last
/// status (once the client reported one).
#[derive(Debug, Clone, Default)]
struct Open {
    seq: Option<u64>,
    status: Option<RequestStatus>,
}

/// The names of a participant's record files under the soak's records directory.
pub(super) fn shown_file(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(format!("shown-{name}"))
}

/// See [`shown_file`].
pub(super) fn confirmed_file(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(format!("confirmed-{name}"))
}

/// See [`shown_file`].
pub(super) fn wire_file(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(format!("wire-{name}"))
}

/// What one soak participant keeps.
#[derive(Debug)]
pub struct SoakTracker {
    /// `id content` of every message the client showed, in order.
    shown: BufWriter<File>,
    /// `seq id` of every own send the service confirmed.
    confirmed: BufWriter<File>,
    /// Sends not yet settled, by request id; a delivery-unknown failure stays here, since
    /// its MESSAGE may still confirm it.
    open: HashMap<RequestId, Open>,
    /// Settled sends (the open ones are added at the end).
    settled: Sends,
    /// Per sender, the message numbers shown: a duplicate shown by the client costs nothing
    /// to spot here, the files count them again by id.
    seen: HashMap<String, Bits>,
    /// Messages shown more than once, by their text.
    pub(super) duplicated: u64,
    /// Messages shown.
    pub(super) received: u64,
    /// Connections opened with a new token.
    pub(super) sessions: u64,
    /// The last connection state.
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

impl SoakTracker {
    /// A tracker writing `name`'s records under `dir`.
    pub(super) fn create(dir: &Path, name: &str) -> Result<Self, Error> {
        Ok(Self {
            shown: BufWriter::new(File::create(shown_file(dir, name))?),
            confirmed: BufWriter::new(File::create(confirmed_file(dir, name))?),
            open: HashMap::new(),
            settled: Sends::default(),
            seen: HashMap::new(),
            duplicated: 0,
            received: 0,
            sessions: 0,
            state: None,
        })
    }

    /// The send loop learned that message `seq` went out as `request`.
    pub(super) fn sent(&mut self, request: RequestId, seq: u64) {
        self.open.entry(request.clone()).or_default().seq = Some(seq);
        self.settle(&request);
    }

    /// The room handle refused a send outright.
    pub(super) fn refused(&mut self) {
        self.settled.fail(REFUSED_BY_HANDLE);
    }

    /// Whether no send is pending (delivery-unknown ones are settled as far as the client
    /// goes).
    pub(super) fn nothing_pending(&self) -> bool {
        self.open
            .values()
            .all(|open| !matches!(open.status, None | Some(RequestStatus::Pending)))
    }

    /// Moves a send whose number and final status are both known out of `open`.
    fn settle(&mut self, request: &RequestId) {
        let Some(Open {
            seq: Some(seq),
            status: Some(status),
        }) = self.open.get(request)
        else {
            return;
        };
        let seq = *seq;
        match status {
            RequestStatus::Confirmed { id } => {
                // A write that fails shows as a confirmed send absent from the log: reported.
                let _ = writeln!(self.confirmed, "{seq} {id}");
                self.settled.confirmed += 1;
            }
            RequestStatus::Failed(failure) if !failure.kind.delivery_unknown() => {
                self.settled.fail(reason(failure.kind));
            }
            // Pending, or delivery unknown: not settled yet.
            _ => return,
        }
        self.open.remove(request);
    }

    /// The account of every send, given how many were attempted, with the numbers of the
    /// delivery-unknown ones (the log says whether they were delivered after all).
    pub(super) fn account(&mut self, attempted: u64) -> (Sends, Vec<u64>) {
        let _ = self.shown.flush();
        let _ = self.confirmed.flush();
        let mut sends = self.settled.clone();
        sends.sent = attempted;
        let mut unknown = Vec::new();
        for open in self.open.values() {
            match &open.status {
                Some(RequestStatus::Failed(failure)) if failure.kind.delivery_unknown() => {
                    sends.delivery_unknown += 1;
                    unknown.extend(open.seq);
                }
                // Never reported, or still pending: pending.
                _ => sends.pending += 1,
            }
        }
        (sends, unknown)
    }
}

impl Tracker for SoakTracker {
    fn on_update(&mut self, update: &Update, _at: Instant) {
        match update {
            Update::Message(message) => {
                self.received += 1;
                let _ = writeln!(self.shown, "{} {}", message.id, message.content);
                if let Some((sender, seq)) = parse(&message.content)
                    && !self.seen.entry(sender.to_owned()).or_default().insert(seq)
                {
                    self.duplicated += 1;
                }
            }
            Update::Request {
                request_id, status, ..
            } => {
                self.open.entry(request_id.clone()).or_default().status = Some(status.clone());
                self.settle(request_id);
            }
            Update::Session(_) => self.sessions += 1,
            Update::State { state, .. } => self.state = Some(*state),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ivs_chat_client::{Failure, FailureKind};

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

    #[test]
    fn sends_settle_whichever_comes_first_the_id_or_the_status() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let mut tracker =
            SoakTracker::create(dir.path(), "r0-a").unwrap_or_else(|error| panic!("{error}"));
        let at = Instant::now();
        // The confirmation first, then the send loop's bookkeeping.
        let early = RequestId::new();
        tracker.on_update(
            &Update::Request {
                request_id: early.clone(),
                action: ivs_chat_client::Action::Send,
                status: RequestStatus::Confirmed { id: "m1".into() },
            },
            at,
        );
        tracker.sent(early, 1);
        // The bookkeeping first, then a timeout that a late MESSAGE then confirms.
        let late = RequestId::new();
        tracker.sent(late.clone(), 2);
        for status in [
            RequestStatus::Pending,
            RequestStatus::Failed(Failure::new(FailureKind::Timeout, "t")),
        ] {
            tracker.on_update(
                &Update::Request {
                    request_id: late.clone(),
                    action: ivs_chat_client::Action::Send,
                    status,
                },
                at,
            );
        }
        assert!(tracker.nothing_pending());
        // A timeout that stays unknown, and a send that never got any answer.
        let unknown = RequestId::new();
        tracker.sent(unknown.clone(), 3);
        tracker.on_update(
            &Update::Request {
                request_id: unknown,
                action: ivs_chat_client::Action::Send,
                status: RequestStatus::Failed(Failure::new(FailureKind::ConnectionLost, "c")),
            },
            at,
        );
        tracker.sent(RequestId::new(), 4);
        assert!(!tracker.nothing_pending());
        tracker.on_update(
            &Update::Request {
                request_id: late,
                action: ivs_chat_client::Action::Send,
                status: RequestStatus::Confirmed { id: "m2".into() },
            },
            at,
        );
        tracker.refused();
        let (sends, unknown) = tracker.account(5);
        assert_eq!(
            (
                sends.confirmed,
                sends.delivery_unknown,
                sends.pending,
                sends.failed_total()
            ),
            (2, 1, 1, 1)
        );
        assert!(sends.adds_up(), "{:?}", sends.discrepancy());
        assert_eq!(unknown, [3]);
        let confirmed = std::fs::read_to_string(confirmed_file(dir.path(), "r0-a"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(confirmed, "1 m1\n2 m2\n");
    }
}
