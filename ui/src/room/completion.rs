//! Completion in the composer: `@` and a few letters offer the room's recent chatters,
//! newest first, and complete to `@DisplayName `; `:` and two letters offer emoji by
//! shortcode (`:tada` → 🎉). Tab, Enter, Up and Down choose while the list shows (so Enter
//! picks instead of sending); Escape closes it.
//!
//! The word being completed and the choices are pure functions of the draft, the caret and
//! the room's lines; the component only draws the list and applies a choice.

use chatdeck_ipc::model::{Line, LineKind};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::emoji;
use super::ui::RoomUi;
use crate::i18n::t;
use crate::store::TabStateStoreFields;

/// At most this many names are offered.
const MAX_CHOICES: usize = 8;
/// How many of the newest lines are searched for chatters.
const RECENT_LINES: usize = 300;

/// Letters after `:` before emoji are offered (`:o` alone would match hundreds).
const MIN_SHORTCODE: usize = 2;

/// What is being completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `@name`.
    Mention,
    /// `:shortcode`.
    Emoji,
}

/// One choice: what the list shows and what goes into the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// `@Maya`, `🎉 :tada:`.
    pub label: String,
    /// `@Maya `, `🎉`.
    pub insert: String,
}

/// The completion list while it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Names or emoji.
    pub kind: Kind,
    /// Byte range of the draft that a choice replaces (`@` or `:` and the letters typed).
    pub range: std::ops::Range<usize>,
    /// What is offered, best first.
    pub choices: Vec<Choice>,
    /// The highlighted choice.
    pub selected: usize,
}

/// The word starting with `sigil` that ends at byte `caret` of `text`: its byte range and the
/// letters after the sigil. The sigil must start the text or follow whitespace (an e-mail
/// address is not a mention, a time is not a shortcode).
fn word_at(text: &str, caret: usize, sigil: char) -> Option<(std::ops::Range<usize>, &str)> {
    let before = text.get(..caret)?;
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &before[start..];
    let query = word.strip_prefix(sigil)?;
    (!query.is_empty() && !query.contains(sigil)).then_some((start..caret, query))
}

fn mention_at(text: &str, caret: usize) -> Option<(std::ops::Range<usize>, &str)> {
    word_at(text, caret, '@')
}

/// Who wrote the room's newest messages, newest first, each once, without this client's own.
fn chatters(lines: &[Line], own_user_id: Option<&str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    lines
        .iter()
        .rev()
        .take(RECENT_LINES)
        .filter(|line| line.kind == LineKind::Message && !line.own)
        .filter_map(|line| line.sender.as_ref())
        .filter(|sender| Some(sender.user_id.as_str()) != own_user_id)
        .filter(|sender| seen.insert(sender.user_id.clone()))
        .map(|sender| sender.display_name.clone())
        .collect()
}

/// The chatters whose name starts with `query` (ignoring case), then those whose name
/// contains it; each group keeps the newest first.
fn matching(chatters: Vec<String>, query: &str) -> Vec<String> {
    let query = query.to_lowercase();
    let (starts, rest): (Vec<_>, Vec<_>) = chatters
        .into_iter()
        .filter(|name| name.to_lowercase().contains(&query))
        .partition(|name| name.to_lowercase().starts_with(&query));
    starts.into_iter().chain(rest).take(MAX_CHOICES).collect()
}

/// The draft's byte offset of a UTF-16 offset (what a textarea's selection reports).
pub fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        if units >= utf16 as usize {
            return at;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Emoji for the `:shortcode` at the caret.
fn emoji_choices(query: &str) -> Vec<Choice> {
    if query.chars().count() < MIN_SHORTCODE {
        return Vec::new();
    }
    emoji::by_shortcode(query, MAX_CHOICES)
        .into_iter()
        .map(|found| Choice {
            label: format!("{} :{}:", found.emoji, found.shortcode.unwrap_or(query)),
            insert: found.emoji.to_owned(),
        })
        .collect()
}

/// The completion for `text` with the caret at byte `caret`, if something matches.
fn complete(
    text: &str,
    caret: usize,
    lines: &[Line],
    own_user_id: Option<&str>,
) -> Option<Completion> {
    let (kind, range, choices) = if let Some((range, query)) = mention_at(text, caret) {
        let choices = matching(chatters(lines, own_user_id), query)
            .into_iter()
            .map(|name| Choice {
                label: format!("@{name}"),
                insert: format!("@{name} "),
            })
            .collect();
        (Kind::Mention, range, choices)
    } else {
        let (range, query) = word_at(text, caret, ':')?;
        (Kind::Emoji, range, emoji_choices(query))
    };
    let choices: Vec<Choice> = choices;
    (!choices.is_empty()).then_some(Completion {
        kind,
        range,
        choices,
        selected: 0,
    })
}

/// The draft with `inserted` put in place of `range`, and the caret's UTF-16 offset after it.
fn apply(text: &str, range: std::ops::Range<usize>, inserted: &str) -> (String, u32) {
    let before = format!("{}{inserted}", &text[..range.start]);
    let caret = before.encode_utf16().count() as u32;
    (format!("{before}{}", &text[range.end..]), caret)
}

/// The composer's completion: the list's state and what the textarea's events do to it.
#[derive(Debug, Clone, Copy)]
pub struct Completer {
    /// The list, while it shows.
    pub open: RwSignal<Option<Completion>>,
    input: NodeRef<html::Textarea>,
    draft: RwSignal<String>,
}

impl Completer {
    /// A completer for the composer's `input`, which edits `draft`.
    pub fn new(input: NodeRef<html::Textarea>, draft: RwSignal<String>) -> Self {
        Self {
            open: RwSignal::new(None),
            input,
            draft,
        }
    }

    /// The text changed (or the caret moved): offer names for the word at the caret.
    pub fn refresh(self, ui: &RoomUi) {
        let Some(element) = self.input.get_untracked() else {
            return;
        };
        let text = element.value();
        let caret = element
            .selection_start()
            .ok()
            .flatten()
            .map_or(text.len(), |at| byte_offset(&text, at));
        let own = ui.tab.user_id().get_untracked();
        let found = ui
            .tab
            .lines()
            .try_with_untracked(|lines| complete(&text, caret, lines, own.as_deref()))
            .flatten();
        self.open.set(found);
    }

    /// Keys while the list shows; true when the key was the list's (the composer must not
    /// act on it: Enter chooses instead of sending, Escape closes instead of clearing).
    pub fn keys(self, event: &ev::KeyboardEvent) -> bool {
        let Some(open) = self.open.get_untracked() else {
            return false;
        };
        let count = open.choices.len();
        match event.key().as_str() {
            "ArrowDown" => self.select((open.selected + 1) % count),
            "ArrowUp" => self.select((open.selected + count - 1) % count),
            "Tab" | "Enter" if !event.shift_key() && !event.is_composing() => {
                self.choose(open.selected)
            }
            "Escape" => self.open.set(None),
            _ => return false,
        }
        event.prevent_default();
        true
    }

    fn select(self, index: usize) {
        self.open.update(|open| {
            if let Some(open) = open {
                open.selected = index;
            }
        });
    }

    /// Puts choice `index` in the draft and the caret after it.
    pub fn choose(self, index: usize) {
        let Some(open) = self.open.get_untracked() else {
            return;
        };
        let Some(choice) = open.choices.get(index) else {
            return;
        };
        self.open.set(None);
        let text = self.draft.get_untracked();
        if text.get(open.range.clone()).is_none() {
            return;
        }
        if open.kind == Kind::Emoji {
            emoji::remember(&choice.insert);
        }
        let (text, caret) = apply(&text, open.range, &choice.insert);
        if let Some(element) = self.input.get_untracked() {
            element.set_value(&text);
            // Focus or selection failing leaves the caret at the end, still usable.
            let _ = element.focus();
            let _ = element.set_selection_range(caret, caret);
        }
        self.draft.set(text);
    }
}

/// The id of the list, for the textarea's `aria-controls`.
pub const LIST_ID: &str = "composer-completion";

/// The id of choice `index`, for the textarea's `aria-activedescendant`.
pub fn option_id(index: usize) -> String {
    format!("{LIST_ID}-{index}")
}

/// The list above the composer.
#[component]
pub fn CompletionList(
    /// The composer's completer.
    completer: Completer,
) -> impl IntoView {
    let open = completer.open;
    move || {
        open.get().map(|completion| {
            let (list_id, item_id, label) = match completion.kind {
                Kind::Mention => ("mention-completion", "mention-completion-item", t!("room-completion-people")),
                Kind::Emoji => ("emoji-completion", "emoji-completion-item", t!("room-completion-emoji")),
            };
            let items = completion
                .choices
                .iter()
                .enumerate()
                .map(|(index, choice)| {
                    let selected = index == completion.selected;
                    view! {
                        <li role="option" id=option_id(index) data-testid=item_id
                            class:selected=selected aria-selected=selected.to_string()
                            // Keeps focus (and the caret) in the textarea.
                            on:mousedown=|event: ev::MouseEvent| event.prevent_default()
                            on:click=move |_| completer.choose(index)>
                            {choice.label.clone()}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="completion" role="listbox" id=LIST_ID aria-label=label data-testid=list_id>
                    {items}
                </ul>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_ipc::model::{SendState, Sender};

    fn said(user_id: &str, name: &str, own: bool) -> Line {
        Line {
            key: format!("k-{user_id}-{name}").as_str().into(),
            position: 1,
            message_id: Some("m".into()),
            kind: LineKind::Message,
            sender: Some(Sender {
                user_id: user_id.into(),
                display_name: name.into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
            }),
            content: "hi".into(),
            attributes: Vec::new(),
            time_ms: 0,
            own,
            send: SendState::Confirmed,
            deleted: None,
            history: false,
            filtered: None,
        }
    }

    #[test]
    fn the_word_at_the_caret_is_a_mention_only_after_a_space_or_at_the_start() {
        let cases = [
            ("@ma", 3, Some((0..3, "ma"))),
            ("hi @ma", 6, Some((3..6, "ma"))),
            ("hi @ma there", 6, Some((3..6, "ma"))),
            ("hi @", 4, None),
            ("mail me@ma", 10, None),
            ("hi @ma there", 12, None),
            ("héllo @Zoë", "héllo @Zoë".len(), Some((7..12, "Zoë"))),
        ];
        for (text, caret, expected) in cases {
            assert_eq!(mention_at(text, caret), expected, "{text}");
        }
    }

    #[test]
    fn a_shortcode_needs_two_letters_after_a_space_and_offers_emoji() {
        assert_eq!(word_at("at 12:30", 8, ':'), None);
        assert_eq!(word_at("yay :ta", 7, ':'), Some((4..7, "ta")));
        assert!(emoji_choices("t").is_empty());
        let tada = emoji_choices("tad");
        assert!(
            tada.iter()
                .any(|c| c.insert == "🎉" && c.label == "🎉 :tada:"),
            "{tada:?}"
        );
    }

    #[test]
    fn chatters_are_the_newest_first_once_each_without_oneself() {
        let lines = vec![
            said("maya", "Maya", false),
            said("marco", "Marco", false),
            said("me", "Host", true),
            said("maya", "Maya", false),
            said("bob", "Bob", false),
        ];
        assert_eq!(chatters(&lines, Some("me")), ["Bob", "Maya", "Marco"]);
        assert_eq!(
            matching(chatters(&lines, Some("me")), "MA"),
            ["Maya", "Marco"]
        );
        // Starting with the letters comes before containing them.
        assert_eq!(
            matching(vec!["Emma".into(), "Max".into()], "m"),
            ["Max", "Emma"]
        );
    }

    #[test]
    fn a_choice_replaces_the_word_and_the_caret_follows_it() {
        assert_eq!(apply("hi @ma!", 3..6, "@Maya "), ("hi @Maya !".into(), 9));
        assert_eq!(apply("😀 @z", 5..7, "@Zoë "), ("😀 @Zoë ".into(), 8));
        assert_eq!(apply("yay :ta", 4..7, "🎉"), ("yay 🎉".into(), 6));
        assert_eq!(byte_offset("😀 @z", 3), 5);
        assert_eq!(byte_offset("😀 @z", 99), "😀 @z".len());
    }
}
