//! Turning what the engine reports into lines the UI renders: pure functions, table-tested.

use chatdeck_ipc::badge::{BADGES_ATTRIBUTE, COLOR_ATTRIBUTE, is_color};
use chatdeck_ipc::model::{Badge, Line, LineKey, LineKind, SendState, Sender};
use chrono::{DateTime, Utc};
use ivs_chat_protocol::Attributes;
use ivs_chat_protocol::messaging::{ChatEvent, ChatMessage};

use crate::app::profiles::store::is_http_url;

/// Attribute names read for a display name, in order of preference.
const NAME_ATTRIBUTES: [&str; 2] = ["displayName", "username"];
/// Attribute names read for an avatar URL, in order of preference.
const AVATAR_ATTRIBUTES: [&str; 3] = ["avatar", "avatarUrl", "avatar_url"];

/// Bounds on what a line carries to the UI and the history store. The service never sends
/// more than 500 code points of text or 1 KB of attributes; these only bite when something
/// misbehaves, and then keep the list legible and the webview small.
pub mod bounds {
    /// Message text, in characters.
    pub const CONTENT: usize = 2000;
    /// A display name, in characters.
    pub const NAME: usize = 64;
    /// An attribute's key, in characters.
    pub const ATTRIBUTE_KEY: usize = 64;
    /// An attribute's value, in characters.
    pub const ATTRIBUTE_VALUE: usize = 300;
    /// Attributes kept per line.
    pub const ATTRIBUTES: usize = 32;
    /// A longer avatar URL is dropped (browsers cap URLs near here anyway).
    pub const AVATAR_URL: usize = 2048;
}

/// `text` cut to `max` characters, saying how much was left out.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((end, _)) => {
            let left = text[end..].chars().count();
            format!("{}… ({left} more characters)", &text[..end])
        }
    }
}

/// Unix milliseconds of a service timestamp.
pub fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    millis(Utc::now())
}

/// The sender as shown: display name from `displayName`, else `username`, else the user id;
/// an avatar only when its URL is http(s) (never `javascript:` or `data:`); the known badges
/// of `badges` and a `color` only when it is `#rrggbb` (chatdeck_ipc::badge).
pub fn sender(user_id: &str, attributes: &Attributes) -> Sender {
    let attribute = |names: &[&str]| {
        names.iter().find_map(|name| {
            attributes
                .get(*name)
                .map(|value| value.trim())
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        })
    };
    Sender {
        user_id: user_id.to_owned(),
        display_name: clip(
            &attribute(&NAME_ATTRIBUTES).unwrap_or_else(|| user_id.to_owned()),
            bounds::NAME,
        ),
        avatar_url: attribute(&AVATAR_ATTRIBUTES)
            .filter(|url| is_http_url(url) && url.len() <= bounds::AVATAR_URL),
        badges: attribute(&[BADGES_ATTRIBUTE])
            .map(|badges| Badge::parse_list(&badges))
            .unwrap_or_default(),
        color: attribute(&[COLOR_ATTRIBUTE]).filter(|color| is_color(color)),
    }
}

fn sorted(attributes: &Attributes) -> Vec<(String, String)> {
    let mut kept: Vec<(String, String)> = attributes
        .iter()
        .take(bounds::ATTRIBUTES)
        .map(|(key, value)| {
            (
                clip(key, bounds::ATTRIBUTE_KEY),
                clip(value, bounds::ATTRIBUTE_VALUE),
            )
        })
        .collect();
    if attributes.len() > bounds::ATTRIBUTES {
        kept.push((
            "…".into(),
            format!("{} more attributes", attributes.len() - bounds::ATTRIBUTES),
        ));
    }
    kept
}

/// A received message as a line under `key`.
pub fn message_line(message: &ChatMessage, key: LineKey, own: bool) -> Line {
    Line {
        key,
        position: 0,
        message_id: Some(message.id.clone()),
        kind: LineKind::Message,
        sender: Some(sender(&message.sender.user_id, &message.sender.attributes)),
        content: clip(&message.content, bounds::CONTENT),
        attributes: sorted(&message.attributes),
        time_ms: millis(message.send_time),
        own,
        send: SendState::Confirmed,
        deleted: None,
        history: false,
        filtered: None,
    }
}

/// An application event as a system line.
pub fn event_line(event: &ChatEvent) -> Line {
    Line {
        key: LineKey::from(event.id.as_str()),
        position: 0,
        message_id: Some(event.id.clone()),
        kind: LineKind::Event {
            name: clip(&event.event_name, bounds::ATTRIBUTE_KEY),
        },
        sender: None,
        content: String::new(),
        attributes: sorted(&event.attributes),
        time_ms: millis(event.send_time),
        own: false,
        send: SendState::Confirmed,
        deleted: None,
        history: false,
        filtered: None,
    }
}

/// A notice line (a user was disconnected) under the event's id.
pub fn notice_line(key: LineKey, text: String, time_ms: i64) -> Line {
    Line {
        key,
        position: 0,
        message_id: None,
        kind: LineKind::Notice,
        sender: None,
        content: text,
        attributes: Vec::new(),
        time_ms,
        own: false,
        send: SendState::Confirmed,
        deleted: None,
        history: false,
        filtered: None,
    }
}

/// This client's message while it waits for the service.
pub fn pending_line(key: LineKey, content: String, attributes: &Attributes, me: Sender) -> Line {
    Line {
        key,
        position: 0,
        message_id: None,
        kind: LineKind::Message,
        sender: Some(me),
        content,
        attributes: sorted(attributes),
        time_ms: now_ms(),
        own: true,
        send: SendState::Pending,
        deleted: None,
        history: false,
        filtered: None,
    }
}

/// "bob" or "bob (Bob Builder)", for the moderation log.
pub fn who(user_id: &str, display_name: Option<&str>) -> String {
    match display_name {
        Some(name) if name != user_id => format!("{name} ({user_id})"),
        _ => user_id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(pairs: &[(&str, &str)]) -> Attributes {
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn display_names_fall_back_to_username_then_user_id() {
        let cases = [
            (
                attributes(&[("displayName", "Ann"), ("username", "ann1")]),
                "Ann",
            ),
            (attributes(&[("username", "ann1")]), "ann1"),
            (attributes(&[("displayName", "  ")]), "u1"),
            (attributes(&[]), "u1"),
        ];
        for (attributes, expected) in cases {
            assert_eq!(sender("u1", &attributes).display_name, expected);
        }
    }

    #[test]
    fn oversized_values_are_clipped_saying_how_much() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("ééééé", 5), "ééééé");
        assert_eq!(clip("ééééé", 2), "éé… (3 more characters)");
        let huge = "x".repeat(1 << 20);
        let name = sender("u1", &attributes(&[("displayName", &huge)])).display_name;
        assert!(name.chars().count() < 100, "{}", name.len());
        let mut many = Attributes::new();
        for index in 0..100 {
            many.insert(format!("k{index:03}"), huge.clone());
        }
        let kept = sorted(&many);
        assert_eq!(kept.len(), bounds::ATTRIBUTES + 1);
        assert!(kept.iter().all(|(_, value)| value.len() < 400));
        assert_eq!(kept[bounds::ATTRIBUTES].1, "68 more attributes");
    }

    #[test]
    fn badges_and_a_color_are_kept_only_as_the_convention_writes_them() {
        let sender = sender(
            "u1",
            &attributes(&[("badges", " vip,admin, moderator "), ("color", "#A1B2C3")]),
        );
        assert_eq!(sender.badges, vec![Badge::Moderator, Badge::Vip]);
        assert_eq!(sender.color.as_deref(), Some("#A1B2C3"));
        let hostile = sender_of(&[
            ("badges", "<script>alert(1)</script>"),
            ("color", "#fff; background: url(x)"),
        ]);
        assert_eq!((hostile.badges, hostile.color), (Vec::new(), None));
        let none = sender_of(&[]);
        assert_eq!((none.badges, none.color), (Vec::new(), None));
    }

    fn sender_of(pairs: &[(&str, &str)]) -> Sender {
        sender("u1", &attributes(pairs))
    }

    #[test]
    fn avatars_are_kept_only_as_http_urls() {
        let cases = [
            ("https://example.com/a.png", true),
            ("http://example.com/a.png", true),
            ("javascript:alert(1)", false),
            ("data:image/png;base64,AAAA", false),
            ("//example.com/a.png", false),
            ("https://", false),
        ];
        for (url, kept) in cases {
            let sender = sender("u1", &attributes(&[("avatar", url)]));
            assert_eq!(sender.avatar_url.is_some(), kept, "{url}");
        }
    }
}
