//! Mentions: which parts of a message name the user or one of their highlight words.
//!
//! One matcher for both sides: the shell decides with it whether a line is a mention (and
//! notifies), the UI splits the same text into plain and highlighted spans. Matching ignores
//! case and wants word edges where a term starts or ends with a letter or digit, so "Host"
//! matches "hi host!" and "@Host" but not "hostname".

use serde::{Deserialize, Serialize};

use crate::model::{Line, TabId};

/// Terms shorter than this (in characters) are ignored: a one-letter name would match
/// nearly every message.
pub const MIN_TERM_CHARS: usize = 2;
/// Only this many characters of a message are searched; longer text (which a well-behaved
/// service never sends) is still shown, just not searched past here.
pub const MAX_SCAN_CHARS: usize = 8192;

/// Why a line is a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// It names the user (display name or user id).
    Name,
    /// It contains a highlight word.
    Word,
}

/// A match: byte offsets into the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Name or highlight word.
    pub kind: MentionKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// Lower-cased characters.
    folded: Vec<char>,
    /// Whether a word edge is needed before / after it.
    edge_before: bool,
    edge_after: bool,
    kind: MentionKind,
}

/// Finds names and highlight words in text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighter {
    /// Longest first, so "Dana B" wins over "Dana" where both match.
    terms: Vec<Term>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Highlighter {
    /// A matcher for the user's `names` (display name, user id) and highlight `words`.
    pub fn new<'a>(
        names: impl IntoIterator<Item = &'a str>,
        words: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut terms: Vec<Term> = Vec::new();
        let all = names
            .into_iter()
            .map(|name| (name, MentionKind::Name))
            .chain(words.into_iter().map(|word| (word, MentionKind::Word)));
        for (text, kind) in all {
            let text = text.trim();
            if text.chars().count() < MIN_TERM_CHARS {
                continue;
            }
            let folded: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
            if terms.iter().any(|term| term.folded == folded) {
                continue;
            }
            terms.push(Term {
                edge_before: text.chars().next().is_some_and(is_word),
                edge_after: text.chars().last().is_some_and(is_word),
                folded,
                kind,
            });
        }
        terms.sort_by_key(|term| std::cmp::Reverse(term.folded.len()));
        Self { terms }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every match in `text`, left to right, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        // Each original character, lower-cased (possibly into several), remembering the
        // original byte range, so matches map back to the text as written.
        let mut folded: Vec<(char, usize, usize)> = Vec::new();
        let mut originals: Vec<(usize, char)> = Vec::new();
        for (index, (start, c)) in text.char_indices().enumerate() {
            if index >= MAX_SCAN_CHARS {
                break;
            }
            originals.push((start, c));
            let end = start + c.len_utf8();
            for lower in c.to_lowercase() {
                folded.push((lower, start, end));
            }
        }
        let char_before = |byte: usize| -> Option<char> {
            let at = originals.partition_point(|(start, _)| *start < byte);
            at.checked_sub(1).map(|i| originals[i].1)
        };
        let char_at = |byte: usize| -> Option<char> {
            let at = originals.partition_point(|(start, _)| *start < byte);
            originals.get(at).map(|(_, c)| *c)
        };
        let mut matches = Vec::new();
        let mut i = 0;
        'scan: while i < folded.len() {
            let (_, start, _) = folded[i];
            // Only at the first folded character of an original one.
            if i > 0 && folded[i - 1].1 == start {
                i += 1;
                continue;
            }
            for term in &self.terms {
                let len = term.folded.len();
                if i + len > folded.len()
                    || !folded[i..i + len]
                        .iter()
                        .zip(&term.folded)
                        .all(|((c, _, _), t)| c == t)
                {
                    continue;
                }
                let end = folded[i + len - 1].2;
                // The match must end on a whole original character.
                if folded.get(i + len).is_some_and(|next| next.1 < end) {
                    continue;
                }
                if term.edge_before && char_before(start).is_some_and(is_word) {
                    continue;
                }
                if term.edge_after && char_at(end).is_some_and(is_word) {
                    continue;
                }
                matches.push(Match {
                    start,
                    end,
                    kind: term.kind,
                });
                i += len;
                continue 'scan;
            }
            i += 1;
        }
        matches
    }

    /// Why `text` is a mention, if it is: a name wins over a word.
    pub fn mention(&self, text: &str) -> Option<MentionKind> {
        let found = self.find(text);
        if found.iter().any(|m| m.kind == MentionKind::Name) {
            Some(MentionKind::Name)
        } else {
            found.first().map(|m| m.kind)
        }
    }
}

/// A piece of text: highlighted or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'a> {
    /// The text, as written.
    pub text: &'a str,
    /// `Some` for a match.
    pub kind: Option<MentionKind>,
}

/// `text` cut into plain and highlighted spans, in order; joined they are `text` again.
pub fn spans<'a>(text: &'a str, matches: &[Match]) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for found in matches {
        if found.start > at {
            spans.push(Span {
                text: &text[at..found.start],
                kind: None,
            });
        }
        spans.push(Span {
            text: &text[found.start..found.end],
            kind: Some(found.kind),
        });
        at = found.end;
    }
    if at < text.len() {
        spans.push(Span {
            text: &text[at..],
            kind: None,
        });
    }
    spans
}

/// A line that mentions the user, with the room it was said in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The open tab of that room, if any.
    pub tab_id: Option<TabId>,
    /// The room's ARN.
    pub room_arn: String,
    /// The room's name, or the end of its ARN.
    pub room_name: String,
    /// Name or highlight word.
    pub kind: MentionKind,
    /// The line.
    pub line: Line,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(highlighter: &Highlighter, text: &str) -> Vec<String> {
        highlighter
            .find(text)
            .into_iter()
            .map(|m| text[m.start..m.end].to_owned())
            .collect()
    }

    #[test]
    fn names_and_words_match_whole_words_ignoring_case() {
        let highlighter = Highlighter::new(["Host", "host"], ["raid", "c++", "a"]);
        let cases: [(&str, &[&str]); 10] = [
            ("hi host!", &["host"]),
            ("HOST, look", &["HOST"]),
            ("@Host hello", &["Host"]),
            ("hostname is wrong", &[]),
            ("ghost", &[]),
            ("raid incoming, RAID", &["raid", "RAID"]),
            ("raiders", &[]),
            ("I like c++ a lot", &["c++"]),
            ("host_1 is not host", &["host"]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(found(&highlighter, text), expected, "{text:?}");
        }
    }

    #[test]
    fn longer_terms_win_and_matches_do_not_overlap() {
        let highlighter = Highlighter::new(["Dana", "Dana B"], []);
        assert_eq!(found(&highlighter, "thanks dana b!"), ["dana b"]);
        assert_eq!(found(&highlighter, "dana dana"), ["dana", "dana"]);
    }

    #[test]
    fn offsets_stay_right_when_case_folding_changes_lengths() {
        // 'İ' lower-cases to two characters; the match after it must still land right.
        let highlighter = Highlighter::new(["Ünal"], []);
        let text = "İİ ünal İ";
        assert_eq!(found(&highlighter, text), ["ünal"]);
        let highlighter = Highlighter::new(["i̇stanbul"], []);
        assert_eq!(found(&highlighter, "İstanbul"), ["İstanbul"]);
    }

    #[test]
    fn a_name_wins_over_a_word_and_spans_rebuild_the_text() {
        let highlighter = Highlighter::new(["Host"], ["gg"]);
        assert_eq!(highlighter.mention("gg host"), Some(MentionKind::Name));
        assert_eq!(highlighter.mention("gg all"), Some(MentionKind::Word));
        assert_eq!(highlighter.mention("nothing"), None);
        let text = "gg <b>host</b>";
        let cut = spans(text, &highlighter.find(text));
        assert_eq!(cut.iter().map(|s| s.text).collect::<String>(), text);
        assert_eq!(
            cut.iter().filter(|s| s.kind.is_some()).count(),
            2,
            "{cut:?}"
        );
    }

    #[test]
    fn hostile_text_is_searched_within_bounds() {
        let highlighter = Highlighter::new(["Host"], []);
        let long = format!("{} host", "x ".repeat(MAX_SCAN_CHARS));
        assert!(highlighter.find(&long).is_empty(), "past the scan bound");
        let bidi = "\u{202E}tsoh host\u{202C}";
        assert_eq!(found(&highlighter, bidi), ["host"]);
        assert!(Highlighter::new([" ", "x"], ["", "y"]).is_empty());
    }
}
