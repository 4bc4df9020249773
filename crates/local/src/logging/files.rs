//! The CloudWatch Logs and Firehose stand-ins: JSON lines appended to one file per log stream
//! or delivery stream.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use ivs_chat_protocol::chat_log::{ChatLogRecord, VERSION};

use super::safe_segment;

/// `ROOT/cloudwatch/<logGroupName>/aws/IVSChatLogs/1.0/room_<id>.log`: the log group as a
/// directory (its `/`-separated parts as nested directories), the guide's log stream name
/// `aws/IVSChatLogs/<version>/room_<resource_id>` as the file.
pub fn cloudwatch_path(root: &Path, log_group_name: &str, room_id: &str) -> PathBuf {
    let mut path = root.join("cloudwatch");
    for part in log_group_name.split('/').filter(|part| !part.is_empty()) {
        path.push(safe_segment(part));
    }
    path.join("aws")
        .join("IVSChatLogs")
        .join(VERSION)
        .join(format!("room_{}.log", safe_segment(room_id)))
}

/// `ROOT/firehose/<deliveryStreamName>.log`.
pub fn firehose_path(root: &Path, delivery_stream_name: &str) -> PathBuf {
    root.join("firehose")
        .join(format!("{}.log", safe_segment(delivery_stream_name)))
}

/// Appends one line per record, creating directories as needed.
pub fn append(path: &Path, records: &[ChatLogRecord]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut text = String::new();
    for record in records {
        text.push_str(&record.to_line());
        text.push('\n');
    }
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_guide_and_stay_under_the_root() {
        let root = Path::new("/data");
        assert_eq!(
            cloudwatch_path(root, "/aws/ivs/chat", "abc123DEF456"),
            Path::new("/data/cloudwatch/aws/ivs/chat/aws/IVSChatLogs/1.0/room_abc123DEF456.log")
        );
        assert_eq!(
            cloudwatch_path(root, "../../etc", "abc123DEF456"),
            Path::new(
                "/data/cloudwatch/%2E%2E_/%2E%2E_/etc/aws/IVSChatLogs/1.0/room_abc123DEF456.log"
            )
        );
        assert_eq!(
            firehose_path(root, "my-stream"),
            Path::new("/data/firehose/my-stream.log")
        );
        assert_eq!(
            firehose_path(root, ".."),
            Path::new("/data/firehose/%2E%2E_.log")
        );
    }
}
