//! A room's history as JSON lines of chat-log records, as IVS chat logging writes them.

use std::path::{Path, PathBuf};

use chatdeck_ipc::badge::{BADGES_ATTRIBUTE, COLOR_ATTRIBUTE};
use chatdeck_ipc::model::{Badge, Line, LineKind, SendState};
use chatdeck_ipc::search::{ExportOutput, ExportRoom};
use chatdeck_l10n::Words;
use chrono::{DateTime, Utc};
use ivs_chat_protocol::Attributes;
use ivs_chat_protocol::chat_log::ChatLogRecord;
use ivs_chat_protocol::messaging::{ChatEvent, ChatMessage, Frame, Sender};
use tokio::io::AsyncWriteExt;

use super::{Search, arn_tail};
use crate::error::AppError;

/// Lines read from the history store per export page (the store is free between pages).
const EXPORT_PAGE: u32 = 2000;
/// The data directory's folder for exports.
pub const EXPORTS_DIR: &str = "exports";

impl Search {
    /// See [`ExportRoom`].
    pub async fn export_room(&self, request: ExportRoom) -> Result<ExportOutput, AppError> {
        let room = request.room_arn.trim().to_owned();
        if room.is_empty() {
            return Err(AppError::Invalid(Words::new("shell-error-export-room")));
        }
        let path = match request.path.filter(|path| !path.trim().is_empty()) {
            // A relative path is taken from the data directory, as the default is.
            Some(path) => self.data_dir.join(path.trim()),
            None => {
                let name = self
                    .history
                    .room_name(&room)
                    .await?
                    .filter(|name| !name.is_empty())
                    .unwrap_or_else(|| arn_tail(&room));
                default_export_path(&self.data_dir, &name, Utc::now())
            }
        };
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            tokio::fs::create_dir_all(parent).await?;
        }
        let mut file = tokio::fs::File::create(&path).await.map_err(|error| {
            AppError::Invalid(
                Words::new("shell-error-export-write")
                    .with("path", path.display().to_string())
                    .with("error", error.to_string()),
            )
        })?;
        let mut records = 0u64;
        let mut last = 0i64;
        loop {
            let page = self.history.after(&room, last, EXPORT_PAGE).await?;
            let Some(end) = page.last().map(|line| line.position) else {
                break;
            };
            last = end;
            let mut text = String::new();
            for record in page.iter().filter_map(record) {
                text.push_str(&record.to_line());
                text.push_str(EXPORT_LINE_END);
                records += 1;
            }
            file.write_all(text.as_bytes()).await?;
        }
        file.flush().await?;
        tracing::info!(room = %room, records, path = %path.display(), "history exported");
        Ok(ExportOutput {
            path: path.display().to_string(),
            records,
        })
    }
}

/// Lines end as the platform's text editors expect (Notepad before Windows 10 shows a bare
/// `\n` file as one line); JSON Lines readers accept either.
const EXPORT_LINE_END: &str = if cfg!(windows) { "\r\n" } else { "\n" };

/// `DATA/exports/<room>-<UTC time>.jsonl`, the room's name reduced to safe characters.
fn default_export_path(data_dir: &Path, room_name: &str, now: DateTime<Utc>) -> PathBuf {
    let safe: String = room_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    data_dir.join(EXPORTS_DIR).join(format!(
        "{}-{}.jsonl",
        if safe.is_empty() { "room" } else { &safe },
        now.format("%Y%m%d-%H%M%S")
    ))
}

/// The chat-log record of a stored line, as the service's logging wrote it when the line was
/// delivered: messages and application events the service delivered. Lines that never
/// reached the service (pending or failed) and notices (kept as words) have none.
///
/// The history keeps what the app shows: of the sender's token attributes, the display name,
/// the avatar, the badges and the color, so those are what the record's `Sender.Attributes`
/// carry.
pub fn record(line: &Line) -> Option<ChatLogRecord> {
    if line.send != SendState::Confirmed {
        return None;
    }
    let id = line.message_id.clone()?;
    let send_time = DateTime::<Utc>::from_timestamp_millis(line.time_ms)?;
    let attributes: Attributes = line.attributes.iter().cloned().collect();
    let frame = match &line.kind {
        LineKind::Message => {
            let sender = line.sender.as_ref()?;
            let mut sender_attributes = Attributes::new();
            if sender.display_name != sender.user_id {
                sender_attributes.insert("displayName".into(), sender.display_name.clone());
            }
            if let Some(avatar) = &sender.avatar_url {
                sender_attributes.insert("avatar".into(), avatar.clone());
            }
            if !sender.badges.is_empty() {
                sender_attributes.insert(BADGES_ATTRIBUTE.into(), Badge::join(&sender.badges));
            }
            if let Some(color) = &sender.color {
                sender_attributes.insert(COLOR_ATTRIBUTE.into(), color.clone());
            }
            Frame::Message(ChatMessage {
                id,
                request_id: None,
                content: line.content.clone(),
                attributes,
                sender: Sender {
                    user_id: sender.user_id.clone(),
                    attributes: sender_attributes,
                },
                send_time,
            })
        }
        LineKind::Event { name } => Frame::Event(ChatEvent {
            id,
            request_id: None,
            event_name: name.clone(),
            attributes,
            send_time,
        }),
        LineKind::Notice | LineKind::Gap { .. } => return None,
    };
    ChatLogRecord::of(&frame)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_ipc::model::{Deletion, Sender as LineSender};
    use ivs_chat_protocol::chat_log::RecordType;
    use ivs_chat_protocol::messaging::Incoming;

    fn line(kind: LineKind, send: SendState, message_id: Option<&str>) -> Line {
        Line {
            key: "k".into(),
            position: 3,
            message_id: message_id.map(str::to_owned),
            kind,
            sender: Some(LineSender {
                user_id: "ann".into(),
                display_name: "Ann".into(),
                avatar_url: None,
                badges: vec![Badge::Moderator],
                color: Some("#112233".into()),
            }),
            content: "hi \"there\"".into(),
            attributes: vec![("color".into(), "red".into())],
            time_ms: 1_665_492_401_723,
            own: false,
            send,
            deleted: None,
            history: false,
            filtered: None,
        }
    }

    #[test]
    fn delivered_lines_become_records_that_parse_back_to_their_frames() {
        let message = line(
            LineKind::Message,
            SendState::Confirmed,
            Some("5OPsDdX18qcJ"),
        );
        let made = record(&message).unwrap_or_else(|| panic!("a record"));
        assert_eq!(made.record_type, RecordType::Message);
        let text = made.to_line();
        assert!(
            text.starts_with(r#"{"event_timestamp":"2022-10-11T12:46:41.723Z","type":"MESSAGE","version":"1.0","payload":{"#),
            "{text}"
        );
        let back: ChatLogRecord = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let Ok(Incoming::Frame(Frame::Message(frame))) = Frame::parse(&back.payload.to_string())
        else {
            panic!("not a message: {}", back.payload);
        };
        assert_eq!(frame.id, "5OPsDdX18qcJ");
        assert_eq!(frame.content, "hi \"there\"");
        assert_eq!(frame.sender.user_id, "ann");
        assert_eq!(
            frame
                .sender
                .attributes
                .get("displayName")
                .map(String::as_str),
            Some("Ann")
        );
        let sender_attribute = |name: &str| frame.sender.attributes.get(name).map(String::as_str);
        assert_eq!(sender_attribute("badges"), Some("moderator"));
        assert_eq!(sender_attribute("color"), Some("#112233"));
        assert_eq!(
            frame.attributes.get("color").map(String::as_str),
            Some("red")
        );
        assert_eq!(frame.send_time.timestamp_millis(), message.time_ms);

        let deleted = Line {
            deleted: Some(Deletion { reason: None }),
            ..message.clone()
        };
        assert!(
            record(&deleted).is_some(),
            "a deleted message was delivered"
        );
        let event = Line {
            sender: None,
            ..line(
                LineKind::Event {
                    name: "app:RAISE_HAND".into(),
                },
                SendState::Confirmed,
                Some("AYk6xKitV4On"),
            )
        };
        assert_eq!(
            record(&event).map(|record| record.record_type),
            Some(RecordType::Event)
        );
    }

    #[test]
    fn undelivered_lines_notices_and_gaps_have_no_record() {
        for line in [
            line(LineKind::Message, SendState::Pending, None),
            line(
                LineKind::Message,
                SendState::Failed {
                    reason: Words::new("shell-send-timeout"),
                    retryable: true,
                },
                None,
            ),
            line(LineKind::Notice, SendState::Confirmed, None),
            line(LineKind::Gap { since_ms: 1 }, SendState::Confirmed, None),
        ] {
            assert_eq!(record(&line), None, "{line:?}");
        }
    }

    #[test]
    fn export_files_are_named_after_the_room_safely() {
        let now = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        assert_eq!(
            default_export_path(Path::new("/d"), "../lobby 1", now),
            Path::new("/d/exports/___lobby_1-20231114-221320.jsonl")
        );
    }
}
