//! The live region that tells screen readers about mentions: at most one announcement every
//! [`GAP_MS`], the ones in between summarized ("3 new mentions in 2 rooms"), and never a
//! plain message.

use std::time::Duration;

use chatdeck_ipc::mention::{Mention, MentionKind};
use leptos::prelude::*;

use crate::context::chat;
use crate::i18n::t;
use crate::store::ChatStoreFields;

/// The shortest time between two announcements.
pub const GAP_MS: f64 = 4000.0;
/// Longest message excerpt announced, in characters.
const EXCERPT_CHARS: usize = 120;

/// What to do after a mention arrived.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Announce this now.
    Announce(String),
    /// Wait this long, then call [`Throttle::flush`].
    Wait(f64),
    /// A flush is already due.
    Nothing,
}

/// The announcer's memory: when it last spoke and what waits.
#[derive(Debug, Default)]
pub struct Throttle {
    last_ms: Option<f64>,
    waiting: Vec<(String, String, String, MentionKind)>,
    flush_due: bool,
}

fn one(room: &str, sender: &str, text: &str, kind: MentionKind) -> String {
    let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        excerpt.push('…');
    }
    match kind {
        MentionKind::Name => t!(
            "mentions-announce-name",
            sender = sender,
            room = room,
            text = excerpt
        ),
        MentionKind::Word => t!(
            "mentions-announce-word",
            sender = sender,
            room = room,
            text = excerpt
        ),
    }
}

impl Throttle {
    /// A mention arrived at `now_ms`.
    pub fn push(
        &mut self,
        room: &str,
        sender: &str,
        text: &str,
        kind: MentionKind,
        now_ms: f64,
    ) -> Next {
        let quiet = self.last_ms.is_none_or(|last| now_ms - last >= GAP_MS);
        if quiet && self.waiting.is_empty() {
            self.last_ms = Some(now_ms);
            return Next::Announce(one(room, sender, text, kind));
        }
        self.waiting
            .push((room.to_owned(), sender.to_owned(), text.to_owned(), kind));
        if self.flush_due {
            return Next::Nothing;
        }
        self.flush_due = true;
        let since = self.last_ms.map_or(GAP_MS, |last| now_ms - last);
        Next::Wait((GAP_MS - since).max(0.0))
    }

    /// The summary of what waited, at `now_ms`.
    pub fn flush(&mut self, now_ms: f64) -> Option<String> {
        self.flush_due = false;
        let waiting = std::mem::take(&mut self.waiting);
        let (first_room, _, _, _) = waiting.first()?;
        self.last_ms = Some(now_ms);
        if let [(room, sender, text, kind)] = waiting.as_slice() {
            return Some(one(room, sender, text, *kind));
        }
        let mut rooms: Vec<&str> = waiting
            .iter()
            .map(|(room, _, _, _)| room.as_str())
            .collect();
        rooms.sort_unstable();
        rooms.dedup();
        Some(if rooms.len() == 1 {
            t!(
                "mentions-announce-summary-room",
                count = waiting.len(),
                room = first_room
            )
        } else {
            t!(
                "mentions-announce-summary-rooms",
                count = waiting.len(),
                rooms = rooms.len()
            )
        })
    }
}

fn describe(mention: &Mention) -> (String, String, String, MentionKind) {
    let sender = mention
        .line
        .sender
        .as_ref()
        .map(|sender| sender.display_name.clone())
        .unwrap_or_default();
    (
        format!("#{}", mention.room_name),
        sender,
        mention.line.content.clone(),
        mention.kind,
    )
}

/// The live region. Announcements follow the store's mention feed.
#[component]
pub fn Announcer() -> impl IntoView {
    let store = chat();
    let text = RwSignal::new(String::new());
    let spoken = RwSignal::new(0_u32);
    let throttle = StoredValue::new(Throttle::default());
    let seen = StoredValue::new(store.mention_seq().get_untracked());
    let say = move |message: String| {
        text.set(message);
        spoken.update(|count| *count += 1);
    };
    Effect::new(move |_| {
        let seq = store.mention_seq().get();
        let fresh = seq.saturating_sub(seen.get_value());
        seen.set_value(seq);
        if fresh == 0
            || !store
                .settings()
                .with_untracked(|s| s.notifications.announce)
        {
            return;
        }
        let mentions: Vec<Mention> = store.mention_feed().with_untracked(|feed| {
            let skip = feed.len().saturating_sub(fresh as usize);
            feed[skip..].to_vec()
        });
        for mention in mentions {
            let (room, sender, content, kind) = describe(&mention);
            let now = js_sys::Date::now();
            match throttle.try_update_value(|t| t.push(&room, &sender, &content, kind, now)) {
                Some(Next::Announce(message)) => say(message),
                Some(Next::Wait(delay)) => set_timeout(
                    move || {
                        if let Some(Some(message)) =
                            throttle.try_update_value(|t| t.flush(js_sys::Date::now()))
                        {
                            say(message);
                        }
                    },
                    Duration::from_millis(delay as u64),
                ),
                Some(Next::Nothing) | None => {}
            }
        }
    });
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"
            data-testid="mention-announcer" data-announcements=move || spoken.get().to_string()>
            {move || text.get()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_mention_is_said_at_once_and_a_burst_is_summarized_after_the_gap() {
        let mut throttle = Throttle::default();
        assert_eq!(
            throttle.push("#demo", "Maya", "hi host", MentionKind::Name, 0.0),
            Next::Announce("Maya mentioned you in #demo: hi host".into())
        );
        assert_eq!(
            throttle.push("#demo", "Theo", "host?", MentionKind::Name, 1000.0),
            Next::Wait(3000.0)
        );
        assert_eq!(
            throttle.push("#other", "Jun", "host!", MentionKind::Name, 1500.0),
            Next::Nothing
        );
        assert_eq!(
            throttle.flush(4000.0).as_deref(),
            Some("2 new mentions in 2 rooms")
        );
        assert_eq!(throttle.flush(4001.0), None);
        // Within the gap after the summary: waits again.
        assert_eq!(
            throttle.push("#demo", "Maya", "again", MentionKind::Word, 5000.0),
            Next::Wait(3000.0)
        );
        assert_eq!(
            throttle.flush(8000.0).as_deref(),
            Some("Highlight from Maya in #demo: again")
        );
        // Long after: at once.
        assert!(matches!(
            throttle.push("#demo", "Priya", "x", MentionKind::Word, 20000.0),
            Next::Announce(message) if message == "Highlight from Priya in #demo: x"
        ));
    }

    #[test]
    fn long_messages_are_cut_in_announcements() {
        let text = "a".repeat(500);
        let Next::Announce(message) =
            Throttle::default().push("#r", "S", &text, MentionKind::Name, 0.0)
        else {
            panic!("announced");
        };
        assert!(message.ends_with('…'));
        assert!(message.chars().count() < 200);
    }
}
