//! The S3 stand-in: gzip objects under the guide's key layout, in a directory per bucket.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Datelike, Timelike, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use ivs_chat_protocol::chat_log::{ChatLogRecord, VERSION};

use super::{LogLayout, safe_segment};
use crate::ids::random_alphanumeric;

/// The object key of a batch whose records were received in the minute of `time`
/// (user guide, "Bucket do Amazon S3"):
/// `AWSLogs/<account>/IVSChatLogs/1.0/<region>/room_<id>/<yyyy>/<mm>/<dd>/<hh>/
/// <account>_IVSChatLogs_1.0_<region>_room_<id>_<yyyymmdd>T<hhmm>Z_<hash>.log.gz`.
pub fn object_key(layout: &LogLayout, room_id: &str, time: DateTime<Utc>, hash: &str) -> String {
    let (account, region) = (&layout.account_id, &layout.region);
    format!(
        "AWSLogs/{account}/IVSChatLogs/{VERSION}/{region}/room_{room_id}/{:04}/{:02}/{:02}/{:02}/\
         {account}_IVSChatLogs_{VERSION}_{region}_room_{room_id}_{:04}{:02}{:02}T{:02}{:02}Z_{hash}.log.gz",
        time.year(),
        time.month(),
        time.day(),
        time.hour(),
        time.year(),
        time.month(),
        time.day(),
        time.hour(),
        time.minute(),
    )
}

/// Writes the records as one new object per minute of receipt.
pub fn write(
    layout: &LogLayout,
    bucket: &str,
    room_id: &str,
    records: &[ChatLogRecord],
) -> std::io::Result<()> {
    let mut by_minute: BTreeMap<(i32, u32, u32, u32, u32), Vec<&ChatLogRecord>> = BTreeMap::new();
    for record in records {
        let t = record.event_timestamp;
        by_minute
            .entry((t.year(), t.month(), t.day(), t.hour(), t.minute()))
            .or_default()
            .push(record);
    }
    for group in by_minute.values() {
        let Some(first) = group.first() else { continue };
        // The guide's "<hash>": a system value that keeps object keys unique.
        let hash = random_alphanumeric(8).to_ascii_lowercase();
        let key = object_key(layout, &safe_segment(room_id), first.event_timestamp, &hash);
        let mut path: PathBuf = layout.root.join("s3").join(safe_segment(bucket));
        for part in key.split('/') {
            path.push(part);
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        for record in group {
            encoder.write_all(record.to_line().as_bytes())?;
            encoder.write_all(b"\n")?;
        }
        std::fs::write(&path, encoder.finish()?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_matches_the_guide_example() {
        let layout = LogLayout {
            root: PathBuf::from("/data"),
            account_id: "123456789012".into(),
            region: "us-west-2".into(),
        };
        let time = ivs_chat_protocol::time::parse("2022-10-14T17:40:12.345Z").unwrap_or_default();
        assert_eq!(
            object_key(&layout, "abc123DEF456", time, "1766dcbc"),
            "AWSLogs/123456789012/IVSChatLogs/1.0/us-west-2/room_abc123DEF456/2022/10/14/17/\
             123456789012_IVSChatLogs_1.0_us-west-2_room_abc123DEF456_20221014T1740Z_1766dcbc.log.gz"
        );
    }
}
