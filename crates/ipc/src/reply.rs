//! Replies: a message that answers another carries the other's id in its `messageReplyId`
//! attribute, the convention the IVS Chat user guide's SDK section shows for threads. The
//! service relays attributes untouched, so any client that knows the convention (the official
//! SDKs included) sees the same thread.

use serde::{Deserialize, Serialize};

use crate::id::TabId;
use crate::model::{Line, LineKind};

/// The message attribute that names the message a reply answers.
pub const REPLY_ATTRIBUTE: &str = "messageReplyId";

/// The longest message id accepted as a reply target. The service's ids are 12 characters;
/// the bound keeps a hostile attribute from being looked up or echoed at any length.
pub const MAX_REPLY_ID: usize = 128;

/// Whether `id` can name a message: non-empty, bounded, and plain ASCII letters, digits, `-`
/// and `_` (no spaces, markup or invisible characters).
pub fn is_message_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REPLY_ID
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

impl Line {
    /// The id of the message this message answers, when it is a reply with a well-formed id.
    pub fn reply_to(&self) -> Option<&str> {
        if self.kind != LineKind::Message {
            return None;
        }
        self.attributes
            .iter()
            .find(|(key, _)| key == REPLY_ATTRIBUTE)
            .map(|(_, value)| value.as_str())
            .filter(|id| is_message_id(id))
    }
}

/// The message a reply answers, from the history store, for a reply whose original is not
/// among the lines the UI holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyOriginal {
    /// The tab.
    pub tab_id: TabId,
    /// The original's message id (the reply's `messageReplyId`).
    pub message_id: String,
}

command!(ReplyOriginal => "reply_original", Option<Line>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SendState;

    fn line(kind: LineKind, attributes: &[(&str, &str)]) -> Line {
        Line {
            key: "k".into(),
            position: 1,
            message_id: Some("m".into()),
            kind,
            sender: None,
            content: "hi".into(),
            attributes: attributes
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect(),
            time_ms: 0,
            own: false,
            send: SendState::Confirmed,
            deleted: None,
            history: false,
            filtered: None,
        }
    }

    #[test]
    fn a_message_with_a_well_formed_reply_id_is_a_reply() {
        type Case = (
            LineKind,
            &'static [(&'static str, &'static str)],
            Option<&'static str>,
        );
        let cases: [Case; 7] = [
            (
                LineKind::Message,
                &[(REPLY_ATTRIBUTE, "Ab3_-x")],
                Some("Ab3_-x"),
            ),
            (LineKind::Message, &[("other", "x")], None),
            (LineKind::Message, &[(REPLY_ATTRIBUTE, "")], None),
            (LineKind::Message, &[(REPLY_ATTRIBUTE, "a b")], None),
            (LineKind::Message, &[(REPLY_ATTRIBUTE, "<b>x</b>")], None),
            (LineKind::Message, &[(REPLY_ATTRIBUTE, "x\u{200b}")], None),
            (LineKind::Notice, &[(REPLY_ATTRIBUTE, "abc")], None),
        ];
        for (kind, attributes, expected) in cases {
            assert_eq!(
                line(kind, attributes).reply_to(),
                expected,
                "{attributes:?}"
            );
        }
        let long = "a".repeat(MAX_REPLY_ID + 1);
        assert_eq!(
            line(LineKind::Message, &[(REPLY_ATTRIBUTE, &long)]).reply_to(),
            None
        );
    }
}
