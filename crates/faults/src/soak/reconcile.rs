//! The soak's ground truth: the service's own chat logs (one CloudWatch Logs logging
//! configuration on every soak room, written in the CloudWatch layout under the service's data
//! directory) set against what each receiver showed and what its tap saw on the wire.
//!
//! The rules:
//! - every logged MESSAGE reached, exactly once, every receiver of its room that was
//!   connected at its time: a socket of the receiver's was open (its 101 seen by the tap)
//!   before the record's `event_timestamp`, and stayed open the run's grace past it (see
//!   [`grace`]);
//! - every send confirmed to its sender is in the log, with the sender's text;
//! - nothing a receiver showed is absent from its room's log;
//! - no text is in the log twice (a send repeated behind the user's back).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use ivs_chat_protocol::chat_log::{ChatLogRecord, RecordType};

use super::tracker::{confirmed_file, shown_file};
use crate::ledger::wire::WireCount;
use crate::tap::WireEvent;

/// The least time past a message's time a socket must have stayed open for the message to
/// be owed to it: longer than any delivery takes on an idle machine (the soak stalls nothing).
pub const GRACE_MICROS: i64 = 1_000_000;
/// Examples of each finding kept for the report.
const EXAMPLES: usize = 3;

/// One receiver (and sender) of a soak room, as the reconciliation needs it.
#[derive(Debug, Clone)]
pub struct Party {
    /// Its name (`r3-a`), which its records are filed under.
    pub name: String,
    /// Its room's id.
    pub room_id: String,
    /// What its tap saw.
    pub wire: Vec<WireEvent>,
    /// The numbers of its sends that failed with the delivery unknown.
    pub unknown: Vec<u64>,
}

/// What the reconciliation found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// MESSAGE records in the service's logs.
    pub logged: u64,
    /// (logged message, receiver connected at its time) pairs: deliveries the log says were owed.
    pub owed: u64,
    /// Of those, shown exactly once.
    pub shown_once: u64,
    /// Owed and never shown: lost.
    pub missed: u64,
    /// Of the missed, never even on the receiver's wire (the service did not send it).
    pub missed_on_wire: u64,
    /// Extra copies a receiver showed (after the client's deduplication), owed or not.
    pub shown_twice: u64,
    /// Shown but absent from the room's log.
    pub absent_from_log: u64,
    /// Sends confirmed to their sender.
    pub confirmed: u64,
    /// Confirmed sends absent from the log (or logged with other text): lost.
    pub confirmed_not_logged: u64,
    /// Delivery-unknown sends.
    pub unknown: u64,
    /// Of those, found in the log: delivered after all.
    pub unknown_logged: u64,
    /// Texts logged more than once, under different ids.
    pub logged_twice: u64,
    /// The raw MESSAGE frames of every receiver, with their duplicates.
    pub wire: WireCount,
    /// How long past a message a socket had to stay open for it to be owed ([`grace`]).
    pub grace_micros: i64,
    /// A few examples of each problem, in words.
    pub examples: Vec<String>,
}

impl Reconciliation {
    /// Messages lost by the rules: owed and never shown, or confirmed and never logged.
    pub fn lost(&self) -> u64 {
        self.missed + self.confirmed_not_logged
    }

    /// Messages duplicated by the rules: shown twice, or logged twice.
    pub fn duplicated(&self) -> u64 {
        self.shown_twice + self.logged_twice
    }
}

/// How long past a message's time a socket must have stayed open for the message to be owed
/// to it in this run: [`GRACE_MICROS`], or twice the slowest delivery the taps saw (from a
/// record's `event_timestamp` to its frame on a receiver's wire) when that is longer. On a
/// machine starved of CPU a frame can spend seconds between the service and the client (in
/// the fault proxy's and the sockets' tasks); a socket cut while the frame was still there
/// has not been shown to lose anything, and one that stays open twice as long as any delivery
/// took has.
fn grace(logs: &HashMap<String, Vec<Logged>>, parties: &[Party]) -> i64 {
    let mut slowest = 0;
    for party in parties {
        let Some(room) = logs.get(&party.room_id) else {
            continue;
        };
        let logged: HashMap<&str, i64> = room.iter().map(|m| (m.id.as_str(), m.at)).collect();
        for event in &party.wire {
            if let WireEvent::Message { at, id, .. } = event
                && let Some(logged_at) = logged.get(id.as_str())
            {
                slowest = slowest.max(at - logged_at);
            }
        }
    }
    GRACE_MICROS.max(slowest.saturating_mul(2))
}

/// A logged MESSAGE.
#[derive(Debug, Clone)]
struct Logged {
    id: String,
    at: i64,
    content: String,
}

/// Reads every MESSAGE record under `data_dir/cloudwatch/`, by room id (from the log
/// stream's `room_<id>.log` name).
fn read_logs(data_dir: &Path) -> HashMap<String, Vec<Logged>> {
    let mut rooms: HashMap<String, Vec<Logged>> = HashMap::new();
    let mut stack = vec![data_dir.join("cloudwatch")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Some(room_id) = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_prefix("room_"))
                .and_then(|name| name.strip_suffix(".log"))
            else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let records = rooms.entry(room_id.to_owned()).or_default();
            for line in text.lines() {
                let Ok(record) = serde_json::from_str::<ChatLogRecord>(line) else {
                    continue;
                };
                if record.record_type != RecordType::Message {
                    continue;
                }
                let field = |name: &str| record.payload[name].as_str().map(str::to_owned);
                if let (Some(id), Some(content)) = (field("Id"), field("Content")) {
                    records.push(Logged {
                        id,
                        at: record.event_timestamp.timestamp_micros(),
                        content,
                    });
                }
            }
        }
    }
    rooms
}

/// Each socket's life from the tap: (opened, ended); a socket still open ends at `i64::MAX`.
fn spans(wire: &[WireEvent]) -> Vec<(i64, i64)> {
    let mut open: HashMap<u64, i64> = HashMap::new();
    let mut spans = Vec::new();
    for event in wire {
        match event {
            WireEvent::Opened { socket, at } => {
                open.insert(*socket, *at);
            }
            WireEvent::Closed { socket, at } => {
                if let Some(opened) = open.remove(socket) {
                    spans.push((opened, *at));
                }
            }
            WireEvent::Message { .. } => {}
        }
    }
    spans.extend(open.into_values().map(|opened| (opened, i64::MAX)));
    spans
}

/// `id content` lines of a receiver's shown file: how many times each id was shown.
fn shown(records: &Path, name: &str) -> HashMap<String, u64> {
    let text = std::fs::read_to_string(shown_file(records, name)).unwrap_or_default();
    let mut counts = HashMap::new();
    for line in text.lines() {
        if let Some((id, _)) = line.split_once(' ') {
            *counts.entry(id.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// `seq id` lines of a sender's confirmed file.
fn confirmed(records: &Path, name: &str) -> Vec<(u64, String)> {
    std::fs::read_to_string(confirmed_file(records, name))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (seq, id) = line.split_once(' ')?;
            Some((seq.parse().ok()?, id.to_owned()))
        })
        .collect()
}

/// Sets the service's logs under `data_dir` against the parties' records under `records`.
pub fn reconcile(data_dir: &Path, records: &Path, parties: &[Party]) -> Reconciliation {
    let logs = read_logs(data_dir);
    let grace = grace(&logs, parties);
    let mut found = Reconciliation {
        grace_micros: grace,
        ..Reconciliation::default()
    };
    let example = |found: &mut Reconciliation, text: String| {
        if found.examples.len() < EXAMPLES * 4 {
            found.examples.push(text);
        }
    };
    for messages in logs.values() {
        found.logged += messages.len() as u64;
        let mut texts: HashMap<&str, u64> = HashMap::new();
        for message in messages {
            *texts.entry(&message.content).or_default() += 1;
        }
        for (text, count) in texts.into_iter().filter(|(_, count)| *count > 1) {
            found.logged_twice += count - 1;
            example(&mut found, format!("{text:?} is logged {count} times"));
        }
    }
    for party in parties {
        let empty = Vec::new();
        let room = logs.get(&party.room_id).unwrap_or(&empty);
        let by_id: HashMap<&str, &Logged> = room.iter().map(|m| (m.id.as_str(), m)).collect();
        let by_text: HashSet<&str> = room.iter().map(|m| m.content.as_str()).collect();
        let shown = shown(records, &party.name);
        let spans = spans(&party.wire);
        let on_wire: HashSet<&str> = party
            .wire
            .iter()
            .filter_map(|event| match event {
                WireEvent::Message { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        found.wire.add(WireCount::of(&party.wire));
        for message in room {
            let owed = spans
                .iter()
                .any(|&(opened, ended)| opened < message.at && ended > message.at + grace);
            if !owed {
                continue;
            }
            found.owed += 1;
            match shown.get(&message.id).copied().unwrap_or(0) {
                0 => {
                    found.missed += 1;
                    let wire = on_wire.contains(message.id.as_str());
                    if !wire {
                        found.missed_on_wire += 1;
                    }
                    example(
                        &mut found,
                        format!(
                            "{} never showed {} ({:?}){}",
                            party.name,
                            message.id,
                            message.content,
                            if wire {
                                ", though it was on its wire"
                            } else {
                                ""
                            }
                        ),
                    );
                }
                1 => found.shown_once += 1,
                _ => {}
            }
        }
        for (id, count) in &shown {
            if *count > 1 {
                found.shown_twice += count - 1;
                example(
                    &mut found,
                    format!("{} showed {id} {count} times", party.name),
                );
            }
            if !by_id.contains_key(id.as_str()) {
                found.absent_from_log += 1;
                example(
                    &mut found,
                    format!("{} showed {id}, which is not in the log", party.name),
                );
            }
        }
        for (seq, id) in confirmed(records, &party.name) {
            found.confirmed += 1;
            let text = format!("soak|{}|{seq}", party.name);
            if by_id
                .get(id.as_str())
                .is_none_or(|logged| logged.content != text)
            {
                found.confirmed_not_logged += 1;
                example(
                    &mut found,
                    format!(
                        "{}'s confirmed {id} ({text:?}) is not in the log",
                        party.name
                    ),
                );
            }
        }
        for seq in &party.unknown {
            found.unknown += 1;
            if by_text.contains(format!("soak|{}|{seq}", party.name).as_str()) {
                found.unknown_logged += 1;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn write(path: &Path, text: &str) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|error| panic!("{error}"));
        }
        let mut file = std::fs::File::create(path).unwrap_or_else(|error| panic!("{error}"));
        file.write_all(text.as_bytes())
            .unwrap_or_else(|error| panic!("{error}"));
    }

    /// Writes room R1's chat log, in the CloudWatch layout, under `data`.
    fn write_log(data: &Path, records: &[String]) {
        let log = data.join("cloudwatch/soak/aws/IVSChatLogs/1.0/room_R1.log");
        write(&log, &records.concat());
    }

    fn record(id: &str, at_ms: i64, content: &str) -> String {
        let at = chrono::DateTime::from_timestamp_millis(at_ms).unwrap_or_default();
        format!(
            "{{\"event_timestamp\":\"{}\",\"type\":\"MESSAGE\",\"version\":\"1.0\",\"payload\":{{\"Type\":\"MESSAGE\",\"Id\":\"{id}\",\"Content\":\"{content}\"}}}}\n",
            ivs_chat_protocol::time::format(at)
        )
    }

    #[test]
    fn owed_deliveries_follow_the_sockets_open_at_each_message() {
        let data = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let records = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        // a's m1 at 10 s, m2 at 20 s, m3 at 30 s; m4 repeats m3's text under another id.
        write_log(
            data.path(),
            &[
                record("m1", 10_000, "soak|r0-a|0"),
                record("m2", 20_000, "soak|r0-a|1"),
                record("m3", 30_000, "soak|r0-a|2"),
                record("m4", 30_500, "soak|r0-a|2"),
            ],
        );
        write(
            &confirmed_file(records.path(), "r0-a"),
            "0 m1\n1 m2\n2 m3\n3 m9\n",
        );
        // a showed everything once and something the log never had.
        write(
            &shown_file(records.path(), "r0-a"),
            "m1 soak|r0-a|0\nm2 soak|r0-a|1\nm3 soak|r0-a|2\nm4 soak|r0-a|2\nmX soak|r0-a|9\n",
        );
        // o was connected from 5 s to 25 s and again from 29 s on; it showed m1 twice and
        // missed m2 (on its wire) and m3 (not on its wire); m4 came too close to nothing.
        write(&shown_file(records.path(), "r0-o"), "m1 x\nm1 x\nm4 x\n");
        let micros = |seconds: i64| seconds * 1_000_000;
        let o_wire = vec![
            WireEvent::Opened {
                socket: 0,
                at: micros(5),
            },
            WireEvent::Message {
                socket: 0,
                at: micros(10),
                id: "m1".into(),
            },
            WireEvent::Message {
                socket: 0,
                at: micros(20),
                id: "m2".into(),
            },
            WireEvent::Closed {
                socket: 0,
                at: micros(25),
            },
            WireEvent::Opened {
                socket: 1,
                at: micros(29),
            },
        ];
        let a_wire = vec![WireEvent::Opened { socket: 0, at: 0 }];
        let parties = [
            Party {
                name: "r0-a".into(),
                room_id: "R1".into(),
                wire: a_wire,
                unknown: vec![2, 7],
            },
            Party {
                name: "r0-o".into(),
                room_id: "R1".into(),
                wire: o_wire,
                unknown: vec![],
            },
        ];
        let found = reconcile(data.path(), records.path(), &parties);
        assert_eq!(found.logged, 4);
        assert_eq!(found.owed, 4 + 4, "{:?}", found.examples);
        assert_eq!(found.missed, 2);
        assert_eq!(found.missed_on_wire, 1);
        assert_eq!(found.shown_twice, 1);
        assert_eq!(found.absent_from_log, 1);
        assert_eq!(found.confirmed, 4);
        assert_eq!(found.confirmed_not_logged, 1);
        assert_eq!(found.logged_twice, 1);
        assert_eq!((found.unknown, found.unknown_logged), (2, 1));
        assert_eq!(found.lost(), 3);
        assert_eq!(found.duplicated(), 2);
        assert_eq!(
            found.grace_micros, GRACE_MICROS,
            "every delivery was instant"
        );
    }

    #[test]
    fn a_starved_run_owes_what_sockets_outlived_by_twice_its_slowest_delivery() {
        let data = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let records = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        write_log(
            data.path(),
            &[
                record("m1", 10_000, "soak|r0-a|0"),
                record("m2", 20_000, "soak|r0-a|1"),
                record("m3", 30_000, "soak|r0-a|2"),
            ],
        );
        write(&shown_file(records.path(), "r0-o"), "m1 x\n");
        let micros = |ms: i64| ms * 1_000;
        // m1 took 1.5 s to arrive; the socket was cut 2.5 s after m2 (never delivered) and a
        // new one stayed open 4 s after m3 (never delivered either).
        let wire = vec![
            WireEvent::Opened { socket: 0, at: 0 },
            WireEvent::Message {
                socket: 0,
                at: micros(11_500),
                id: "m1".into(),
            },
            WireEvent::Closed {
                socket: 0,
                at: micros(22_500),
            },
            WireEvent::Opened {
                socket: 1,
                at: micros(25_000),
            },
            WireEvent::Closed {
                socket: 1,
                at: micros(34_000),
            },
        ];
        let parties = [Party {
            name: "r0-o".into(),
            room_id: "R1".into(),
            wire,
            unknown: vec![],
        }];
        let found = reconcile(data.path(), records.path(), &parties);
        assert_eq!(found.grace_micros, micros(3_000));
        assert_eq!(
            found.owed, 2,
            "m1 and m3; m2 may still have been on its way"
        );
        assert_eq!((found.missed, found.shown_once), (1, 1));
    }
}
