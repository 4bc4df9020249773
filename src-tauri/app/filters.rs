//! The user's ignore lists and filters, compiled once per profile and applied to every line
//! on its way to a window (the main list, the overlay, the mentions), never to what is
//! stored: the history keeps lines as they were sent, so undoing a filter brings them back.
//!
//! Only others' messages are filtered: this client's own lines, moderation notices, events
//! and gaps always show as they are. A hidden line still reaches the window, marked
//! [`Filtered::IgnoredUser`] or [`Filtered::Rule`], so the room can count it and show it on
//! request; a masked one arrives with the matches already replaced.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, RwLock};

use chatdeck_ipc::mention::{Highlighter, Match};
use chatdeck_ipc::model::{Line, LineKind, ProfileId};
use chatdeck_ipc::settings::filters::{ChatFilters, FilterAction, Filtered, PatternKind};
use chatdeck_ipc::settings::{Problem, Settings};
use chatdeck_l10n::Words;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::settings::Follower;

/// What a masked match reads as.
pub const MASK: &str = "***";
/// Bound on a compiled pattern (the `regex` crate's size limit), so a pattern written to
/// exhaust memory is refused instead of compiled; matching is linear in the text whatever
/// the pattern.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// One profile's filters, ready to apply.
#[derive(Debug, Default)]
pub struct LineFilter {
    ignored: HashSet<String>,
    hide_words: Highlighter,
    mask_words: Highlighter,
    hide_patterns: Option<RegexSet>,
    mask_patterns: Vec<Regex>,
}

impl LineFilter {
    /// Compiles `filters`; the problems name each pattern that is not a valid expression.
    pub fn compile(filters: &ChatFilters, prefix: &str) -> Result<Self, Vec<Problem>> {
        let words = |action: FilterAction| {
            let words = filters
                .rules
                .iter()
                .filter(move |rule| rule.kind == PatternKind::Word && rule.action == action)
                .map(|rule| rule.pattern.as_str());
            Highlighter::new([], words)
        };
        let mut problems = Vec::new();
        let mut hide = Vec::new();
        let mut mask_patterns = Vec::new();
        for (index, rule) in filters.rules.iter().enumerate() {
            if rule.kind != PatternKind::Regex {
                continue;
            }
            match RegexBuilder::new(&rule.pattern)
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
            {
                Ok(regex) if rule.action == FilterAction::Mask => mask_patterns.push(regex),
                Ok(_) => hide.push(rule.pattern.as_str()),
                Err(error) => problems.push(Problem::new(
                    format!("{prefix}.rules[{index}].pattern"),
                    Words::new("settings-problem-regex").with("error", summary(&error)),
                )),
            }
        }
        let hide_patterns = if hide.is_empty() {
            None
        } else {
            // Each compiled above, so only the set's own size can refuse it.
            match RegexSetBuilder::new(&hide)
                .size_limit(PATTERN_SIZE_LIMIT * 4)
                .build()
            {
                Ok(set) => Some(set),
                Err(error) => {
                    problems.push(Problem::new(
                        format!("{prefix}.rules"),
                        Words::new("settings-problem-regex-too-large")
                            .with("error", summary(&error)),
                    ));
                    None
                }
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            ignored: filters
                .ignored_users
                .iter()
                .map(|user| user.user_id.clone())
                .collect(),
            hide_words: words(FilterAction::Hide),
            mask_words: words(FilterAction::Mask),
            hide_patterns,
            mask_patterns,
        })
    }

    /// Whether this filter does nothing.
    pub fn is_empty(&self) -> bool {
        self.ignored.is_empty()
            && self.hide_words.is_empty()
            && self.mask_words.is_empty()
            && self.hide_patterns.is_none()
            && self.mask_patterns.is_empty()
    }

    /// What this filter does to `line` (see the module docs for what is never filtered).
    pub fn verdict(&self, line: &Line) -> Option<Verdict> {
        if line.own || line.kind != LineKind::Message || self.is_empty() {
            return None;
        }
        let ignored = line
            .sender
            .as_ref()
            .is_some_and(|sender| self.ignored.contains(&sender.user_id));
        if ignored {
            return Some(Verdict::Hide(Filtered::IgnoredUser));
        }
        let text = line.content.as_str();
        let hidden = !self.hide_words.find(text).is_empty()
            || self
                .hide_patterns
                .as_ref()
                .is_some_and(|set| set.is_match(text));
        if hidden {
            return Some(Verdict::Hide(Filtered::Rule));
        }
        let mut spans: Vec<(usize, usize)> = self
            .mask_words
            .find(text)
            .iter()
            .map(|Match { start, end, .. }| (*start, *end))
            .collect();
        for regex in &self.mask_patterns {
            spans.extend(
                regex
                    .find_iter(text)
                    .filter(|found| !found.is_empty())
                    .map(|found| (found.start(), found.end())),
            );
        }
        (!spans.is_empty()).then(|| Verdict::Mask(masked(text, spans)))
    }

    /// Applies the verdict to `line`: marks it hidden, or masks its text.
    pub fn apply(&self, line: &mut Line) {
        match self.verdict(line) {
            Some(Verdict::Hide(why)) => line.filtered = Some(why),
            Some(Verdict::Mask(text)) => {
                line.content = text;
                line.filtered = Some(Filtered::Masked);
            }
            None => {}
        }
    }
}

/// What a filter does to a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Hidden, and why.
    Hide(Filtered),
    /// Shown with this text (the matches masked).
    Mask(String),
}

/// The gist of an error whose text spans lines (the regex crate's shows the pattern with a
/// caret above the reason): its last line.
fn summary(error: &impl std::fmt::Display) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .trim_start_matches("error: ")
        .to_owned()
}

/// `text` with each of `spans` (byte ranges, in any order, possibly overlapping) replaced by
/// one [`MASK`].
fn masked(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        if start < at {
            // Overlaps the mask before: one mask covers both.
            at = at.max(end);
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(MASK);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Every profile's compiled filters, kept in step with the settings (a [`Follower`] told
/// before the tabs, which show their lines again under the new filters).
#[derive(Debug, Default)]
pub struct Filters {
    /// A std RwLock: read for every batch of lines, written only when the settings change.
    compiled: RwLock<BTreeMap<ProfileId, Arc<LineFilter>>>,
}

impl Filters {
    /// The filters of `settings` (already checked by [`problems`]).
    pub fn new(settings: &Settings) -> Self {
        let filters = Self::default();
        filters.load(settings);
        filters
    }

    fn load(&self, settings: &Settings) {
        let compiled = settings
            .filters
            .iter()
            .filter_map(|(profile, filters)| match LineFilter::compile(filters, "") {
                Ok(compiled) => Some((profile.clone(), Arc::new(compiled))),
                // Saved settings were checked; only a hand-edited file gets here.
                Err(problems) => {
                    tracing::warn!(%profile, problems = %chatdeck_ipc::settings::describe(&problems), "a profile's filters are not applied");
                    None
                }
            })
            .collect();
        *self
            .compiled
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = compiled;
    }

    /// The filter of `profile_id` (one that does nothing when it has none).
    pub fn of(&self, profile_id: &ProfileId) -> Arc<LineFilter> {
        self.compiled
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(profile_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Applies every profile's filters to `line`, for views that span profiles (the
    /// Mentions view): hidden if any profile hides it, masked by all of them.
    pub fn apply_all(&self, line: &mut Line) {
        let compiled = self
            .compiled
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for filter in compiled.values() {
            filter.apply(line);
            if line.filtered.is_some_and(Filtered::hides) {
                return;
            }
        }
    }
}

impl Follower for Filters {
    fn settings_changed(&self, before: &Settings, after: &Settings) {
        if before.filters != after.filters {
            self.load(after);
        }
    }
}

/// The settings' patterns that do not compile, by field: checked with the rest of the
/// settings before they are saved.
pub fn problems(settings: &Settings) -> Vec<Problem> {
    settings
        .filters
        .iter()
        .filter_map(|(profile, filters)| {
            LineFilter::compile(filters, &format!("filters.{profile}")).err()
        })
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests;
