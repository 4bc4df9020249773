//! Ignore and filters: per profile, the users whose lines are hidden and the words or
//! patterns that hide or mask a line.
//!
//! These are the settings only; the shell applies them (`src-tauri/app/filters.rs`) before a
//! line reaches any window, and marks the line with what it did ([`Filtered`]), so the main
//! list, the overlay and the mentions agree. They never touch this client's own messages or
//! anything but messages (moderation notices, events and gaps are always shown).
//!
//! Whether a regular expression compiles is checked by the shell on save (the UI does not
//! carry a regex engine for that); every other rule here is checked on both sides.

use serde::{Deserialize, Serialize};

use chatdeck_l10n::Words;

use super::{Problem, problem, text_problem};
use crate::id::TabId;

/// At most this many ignored users per profile.
pub const MAX_IGNORED_USERS: usize = 500;
/// At most this many word and pattern rules per profile.
pub const MAX_RULES: usize = 100;
/// A word or pattern is at most this many characters.
pub const MAX_PATTERN_CHARS: usize = 200;
/// A user id or remembered name is at most this many characters.
pub const MAX_USER_CHARS: usize = 128;

/// One profile's ignored users and filter rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChatFilters {
    /// Users whose messages (and the mentions in them) are hidden.
    pub ignored_users: Vec<IgnoredUser>,
    /// Words and patterns that hide or mask others' messages.
    pub rules: Vec<FilterRule>,
}

impl ChatFilters {
    /// Whether nothing is ignored or filtered.
    pub fn is_empty(&self) -> bool {
        self.ignored_users.is_empty() && self.rules.is_empty()
    }

    /// Whether `user_id` is ignored.
    pub fn ignores(&self, user_id: &str) -> bool {
        self.ignored_users
            .iter()
            .any(|user| user.user_id == user_id)
    }

    /// What is wrong with these filters, fields prefixed with `prefix`.
    pub fn problems(&self, prefix: &str) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.ignored_users.len() > MAX_IGNORED_USERS {
            problems.push(problem(
                format!("{prefix}.ignored_users"),
                Words::new("settings-problem-users")
                    .with("max", MAX_IGNORED_USERS)
                    .with("count", self.ignored_users.len()),
            ));
        }
        for (index, user) in self.ignored_users.iter().enumerate() {
            let field = format!("{prefix}.ignored_users[{index}]");
            if let Some(message) = text_problem(&user.user_id, MAX_USER_CHARS) {
                problems.push(problem(format!("{field}.user_id"), message));
            }
            if user.display_name.chars().count() > MAX_USER_CHARS {
                problems.push(problem(
                    format!("{field}.display_name"),
                    Words::new("settings-problem-characters-max").with("max", MAX_USER_CHARS),
                ));
            }
        }
        if self.rules.len() > MAX_RULES {
            problems.push(problem(
                format!("{prefix}.rules"),
                Words::new("settings-problem-rules")
                    .with("max", MAX_RULES)
                    .with("count", self.rules.len()),
            ));
        }
        for (index, rule) in self.rules.iter().enumerate() {
            if let Some(message) = text_problem(&rule.pattern, MAX_PATTERN_CHARS) {
                problems.push(problem(format!("{prefix}.rules[{index}].pattern"), message));
            }
        }
        problems
    }

    /// The same filters with patterns trimmed, and each user and rule once.
    pub fn normalized(mut self) -> Self {
        let mut users = std::collections::BTreeSet::new();
        self.ignored_users
            .retain(|user| users.insert(user.user_id.clone()));
        for rule in &mut self.rules {
            rule.pattern = rule.pattern.trim().to_owned();
        }
        let mut rules = Vec::with_capacity(self.rules.len());
        for rule in self.rules {
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        self.rules = rules;
        self
    }
}

/// A user whose messages are hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredUser {
    /// The chat user id (what is matched).
    pub user_id: String,
    /// Their display name when they were ignored, for the settings list.
    pub display_name: String,
}

/// How a rule's pattern matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternKind {
    /// A word or phrase, ignoring case, at word edges (as highlight words match).
    #[default]
    Word,
    /// A regular expression (Rust `regex` syntax), case-sensitive unless it says `(?i)`.
    Regex,
}

impl PatternKind {
    /// Both kinds, in the order a menu lists them.
    pub const ALL: [PatternKind; 2] = [PatternKind::Word, PatternKind::Regex];

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            PatternKind::Word => "word",
            PatternKind::Regex => "regex",
        }
    }

    /// The kind named `name` (as [`PatternKind::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// What a matching rule does to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterAction {
    /// The whole line is hidden (counted, and shown on request).
    #[default]
    Hide,
    /// The matching text is replaced by `***`; the rest of the line shows.
    Mask,
}

impl FilterAction {
    /// Both actions, in the order a menu lists them.
    pub const ALL: [FilterAction; 2] = [FilterAction::Hide, FilterAction::Mask];

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterAction::Hide => "hide",
            FilterAction::Mask => "mask",
        }
    }

    /// The action named `name` (as [`FilterAction::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }
}

/// A word or pattern, and what it does to the lines it matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterRule {
    /// The word, phrase or regular expression.
    pub pattern: String,
    /// How `pattern` matches.
    #[serde(default)]
    pub kind: PatternKind,
    /// Hide the line or mask the match.
    #[serde(default)]
    pub action: FilterAction,
}

/// Ignores a user for the profile of a tab (or stops ignoring them): their messages are
/// hidden in every room that profile opens, and the change is one of the settings (undone in
/// Settings or with `ignore: false`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoreUser {
    /// The tab whose profile ignores.
    pub tab_id: TabId,
    /// Who.
    pub user_id: String,
    /// Their display name, remembered for the settings list.
    pub display_name: String,
    /// Ignore (`true`) or stop ignoring (`false`).
    pub ignore: bool,
}

command!(IgnoreUser => "ignore_user", ());

/// What the shell's filters did to a line, for the UI to render (never set on this client's
/// own lines or on anything but messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filtered {
    /// Hidden: its sender is ignored.
    IgnoredUser,
    /// Hidden: a hide rule matched.
    Rule,
    /// Shown with the matches of mask rules replaced.
    Masked,
}

impl Filtered {
    /// Whether the line is hidden (not merely masked).
    pub fn hides(self) -> bool {
        matches!(self, Filtered::IgnoredUser | Filtered::Rule)
    }

    /// `ignored_user`, `rule` or `masked`: a row's `data-filtered`.
    pub fn as_str(self) -> &'static str {
        match self {
            Filtered::IgnoredUser => "ignored_user",
            Filtered::Rule => "rule",
            Filtered::Masked => "masked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pattern: &str, kind: PatternKind, action: FilterAction) -> FilterRule {
        FilterRule {
            pattern: pattern.into(),
            kind,
            action,
        }
    }

    #[test]
    fn normalizing_trims_patterns_and_keeps_each_user_and_rule_once() {
        let filters = ChatFilters {
            ignored_users: vec![
                IgnoredUser {
                    user_id: "troll".into(),
                    display_name: "Troll".into(),
                },
                IgnoredUser {
                    user_id: "troll".into(),
                    display_name: "Troll again".into(),
                },
            ],
            rules: vec![
                rule(" spam ", PatternKind::Word, FilterAction::Hide),
                rule("spam", PatternKind::Word, FilterAction::Hide),
                rule("spam", PatternKind::Word, FilterAction::Mask),
            ],
        }
        .normalized();
        assert_eq!(filters.ignored_users.len(), 1);
        assert_eq!(filters.ignored_users[0].display_name, "Troll");
        assert_eq!(
            filters.rules,
            [
                rule("spam", PatternKind::Word, FilterAction::Hide),
                rule("spam", PatternKind::Word, FilterAction::Mask),
            ]
        );
        assert!(filters.ignores("troll"));
        assert!(!filters.ignores("Troll"));
    }

    #[test]
    fn every_problem_names_its_field() {
        let filters = ChatFilters {
            ignored_users: vec![IgnoredUser {
                user_id: " ".into(),
                display_name: "x".repeat(MAX_USER_CHARS + 1),
            }],
            rules: vec![
                rule("", PatternKind::Word, FilterAction::Hide),
                rule(
                    &"a".repeat(MAX_PATTERN_CHARS + 1),
                    PatternKind::Regex,
                    FilterAction::Mask,
                ),
                rule("tab\there", PatternKind::Word, FilterAction::Hide),
            ],
        };
        let fields: Vec<String> = filters
            .problems("filters.p1")
            .into_iter()
            .map(|problem| problem.field)
            .collect();
        assert_eq!(
            fields,
            [
                "filters.p1.ignored_users[0].user_id",
                "filters.p1.ignored_users[0].display_name",
                "filters.p1.rules[0].pattern",
                "filters.p1.rules[1].pattern",
                "filters.p1.rules[2].pattern",
            ]
        );
    }

    #[test]
    fn names_round_trip_and_only_hiding_verdicts_hide() {
        for kind in PatternKind::ALL {
            assert_eq!(PatternKind::from_name(kind.as_str()), Some(kind));
        }
        for action in FilterAction::ALL {
            assert_eq!(FilterAction::from_name(action.as_str()), Some(action));
        }
        assert!(Filtered::IgnoredUser.hides());
        assert!(Filtered::Rule.hides());
        assert!(!Filtered::Masked.hides());
        let json = serde_json::to_string(&Filtered::IgnoredUser).unwrap_or_default();
        assert_eq!(json, "\"ignored_user\"");
    }
}
