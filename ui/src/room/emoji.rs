//! Finding emoji for the picker and for `:shortcode:` completion, and remembering the ones
//! used last. The data (names, groups, GitHub shortcodes) is the `emojis` crate's, compiled
//! into the UI: no lookup leaves the window.

/// At most this many emoji are remembered as recently used.
pub const RECENT: usize = 24;
/// Where the recently used emoji are kept. A preference of this window's look, not a setting
/// worth a round trip to the shell on every pick; losing it costs nothing.
const RECENT_KEY: &str = "chatdeck.recent-emoji";

/// The newest emoji version the UI's color font (Twemoji 15.0) draws: newer emoji would show
/// as empty boxes or as their parts side by side, so they are not offered.
const DRAWN: emojis::EmojiVersion = emojis::EmojiVersion::new(15, 0);

/// Every emoji the UI can draw, in the standard order.
fn drawable() -> impl Iterator<Item = &'static emojis::Emoji> {
    emojis::iter().filter(|emoji| emoji.emoji_version() <= DRAWN)
}

/// One emoji offered: the character (sequence) and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The emoji itself, as inserted.
    pub emoji: &'static str,
    /// Its CLDR name ("grinning face").
    pub name: &'static str,
    /// Its first GitHub shortcode, without colons ("grinning"), if it has one.
    pub shortcode: Option<&'static str>,
}

impl Found {
    fn of(emoji: &'static emojis::Emoji) -> Self {
        Self {
            emoji: emoji.as_str(),
            name: emoji.name(),
            shortcode: emoji.shortcode(),
        }
    }
}

/// How well `emoji` answers `query` (lowercase): a shortcode or the name starting with it
/// beats one of the name's words starting with it, which beats containing it.
fn rank(emoji: &emojis::Emoji, query: &str) -> Option<u8> {
    let name = emoji.name();
    if emoji.shortcodes().any(|code| code.starts_with(query)) || name.starts_with(query) {
        Some(0)
    } else if name.split([' ', '-']).any(|word| word.starts_with(query)) {
        Some(1)
    } else if name.contains(query) || emoji.shortcodes().any(|code| code.contains(query)) {
        Some(2)
    } else {
        None
    }
}

/// Emoji matching `query` (ignoring case), best first, then in the standard order; every
/// emoji in that order for an empty query. At most `limit`.
pub fn search(query: &str, limit: usize) -> Vec<Found> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return drawable().take(limit).map(Found::of).collect();
    }
    let mut ranked: Vec<(u8, usize, &'static emojis::Emoji)> = drawable()
        .enumerate()
        .filter_map(|(order, emoji)| rank(emoji, &query).map(|rank| (rank, order, emoji)))
        .collect();
    ranked.sort_by_key(|(rank, order, _)| (*rank, *order));
    ranked
        .into_iter()
        .take(limit)
        .map(|(_, _, emoji)| Found::of(emoji))
        .collect()
}

/// Emoji whose shortcode starts with `prefix` (ignoring case), for `:shortcode:` completion.
pub fn by_shortcode(prefix: &str, limit: usize) -> Vec<Found> {
    let prefix = prefix.to_lowercase();
    drawable()
        .filter(|emoji| emoji.shortcodes().any(|code| code.starts_with(&prefix)))
        .take(limit)
        .map(Found::of)
        .collect()
}

/// `used` put first in `recent`, each once, at most [`RECENT`].
fn remembered(mut recent: Vec<String>, used: &str) -> Vec<String> {
    recent.retain(|emoji| emoji != used);
    recent.insert(0, used.to_owned());
    recent.truncate(RECENT);
    recent
}

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

/// The recently used emoji, newest first (only ones this build knows).
pub fn recent() -> Vec<Found> {
    storage()
        .and_then(|storage| storage.get_item(RECENT_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|emoji| emojis::get(emoji))
        .take(RECENT)
        .map(Found::of)
        .collect()
}

/// Notes that `emoji` was just used.
pub fn remember(emoji: &str) {
    let Some(storage) = storage() else {
        return;
    };
    let list = remembered(
        recent()
            .into_iter()
            .map(|found| found.emoji.to_owned())
            .collect(),
        emoji,
    );
    if let Ok(text) = serde_json::to_string(&list) {
        // Storage full or denied: the list is only a convenience.
        let _ = storage.set_item(RECENT_KEY, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_ranks_shortcodes_and_name_starts_first() {
        let thumbs = search("thumbs", 5);
        assert_eq!(thumbs.first().map(|found| found.emoji), Some("👍"));
        let wave = search("WAVE", 3);
        assert!(wave.iter().any(|found| found.emoji == "👋"), "{wave:?}");
        assert_eq!(search("", 3).len(), 3);
        assert!(search("no such emoji here", 5).is_empty());
        // Newer than the font: "shaking face" (Emoji 15.0) is drawn, "phoenix" (15.1) is not.
        assert!(
            search("shaking face", 3)
                .iter()
                .any(|found| found.emoji == "🫨")
        );
        assert!(search("phoenix", 3).is_empty());
    }

    #[test]
    fn shortcodes_complete_by_their_start() {
        assert!(
            by_shortcode("smil", 10)
                .iter()
                .any(|found| found.emoji == "😄")
        );
        assert_eq!(by_shortcode("TADA", 1)[0].emoji, "🎉");
        assert!(by_shortcode("not_a_code", 5).is_empty());
    }

    #[test]
    fn the_newest_use_comes_first_once_and_the_list_is_bounded() {
        let list = remembered(vec!["🎉".into(), "👍".into()], "👍");
        assert_eq!(list, ["👍", "🎉"]);
        let full: Vec<String> = (0..RECENT).map(|n| n.to_string()).collect();
        let list = remembered(full, "🎉");
        assert_eq!(list.len(), RECENT);
        assert_eq!(list[0], "🎉");
    }
}
