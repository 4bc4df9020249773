//! Settings: what the user chooses once and keeps: the look, highlight words, notifications,
//! the demo audience's pace, and the overlay of every pinned room.
//!
//! Both sides use the same rules: [`Settings::problems`] says what is wrong, field by field,
//! and [`parse_file`] reads an exported file, so an import is checked whole before anything
//! of it is applied.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use chatdeck_l10n::{Language, Words};

use crate::id::ProfileId;

mod density;
pub mod filters;
mod retention;

pub use density::Density;
pub use filters::ChatFilters;
pub use retention::{HistoryRetention, MAX_KEEP_DAYS, MAX_KEEP_MEGABYTES};

/// The `format` of an exported settings file.
pub const FORMAT: &str = "chatdeck-settings";
/// The newest settings file version this build reads and writes.
pub const VERSION: u32 = 1;

/// Font sizes of the chat text, in CSS pixels.
pub const FONT_SIZES: std::ops::RangeInclusive<u8> = 11..=24;
/// The whole window's zoom (Ctrl + / Ctrl − / Ctrl 0), in percent.
pub const ZOOMS: std::ops::RangeInclusive<u16> = 50..=200;
/// Lines kept per room in memory while following the newest (older ones page back in).
pub const SCROLLBACK: std::ops::RangeInclusive<u32> = 100..=2000;
/// Demo-audience messages per minute.
pub const DEMO_RATES: std::ops::RangeInclusive<u32> = 1..=600;
/// At most this many highlight words.
pub const MAX_WORDS: usize = 50;
/// A highlight word is at most this many characters.
pub const MAX_WORD_CHARS: usize = 64;
/// Overlay background opacity, in percent.
pub const OPACITY: std::ops::RangeInclusive<u8> = 0..=100;
/// Overlay font scale, in percent.
pub const FONT_SCALES: std::ops::RangeInclusive<u16> = 50..=300;
/// Longest overlay fade-out delay, in seconds (0 keeps lines).
pub const MAX_FADE_SECS: u32 = 3600;
/// At most this many rooms with overlay settings.
pub const MAX_OVERLAYS: usize = 200;

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// `system`, `light` or `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// How message times read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimestampFormat {
    /// `14:05`.
    #[default]
    Clock24,
    /// `14:05:09`.
    Clock24Seconds,
    /// `2:05 PM`.
    Clock12,
    /// No times in the list (they stay in tooltips).
    Hidden,
}

impl TimestampFormat {
    /// Every format, in the order a menu lists them.
    pub const ALL: [TimestampFormat; 4] = [
        TimestampFormat::Clock24,
        TimestampFormat::Clock24Seconds,
        TimestampFormat::Clock12,
        TimestampFormat::Hidden,
    ];

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::Clock24 => "clock24",
            TimestampFormat::Clock24Seconds => "clock24_seconds",
            TimestampFormat::Clock12 => "clock12",
            TimestampFormat::Hidden => "hidden",
        }
    }

    /// The format named `name` (as [`TimestampFormat::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.as_str() == name)
    }

    /// `hours:minutes[:seconds]` in this format; `None` when times are hidden.
    pub fn format(self, hours: u32, minutes: u32, seconds: u32) -> Option<String> {
        match self {
            TimestampFormat::Clock24 => Some(format!("{hours:02}:{minutes:02}")),
            TimestampFormat::Clock24Seconds => {
                Some(format!("{hours:02}:{minutes:02}:{seconds:02}"))
            }
            TimestampFormat::Clock12 => {
                let suffix = if hours < 12 { "AM" } else { "PM" };
                let twelve = match hours % 12 {
                    0 => 12,
                    other => other,
                };
                Some(format!("{twelve}:{minutes:02} {suffix}"))
            }
            TimestampFormat::Hidden => None,
        }
    }
}

/// Which events raise a desktop notification or a screen-reader announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Notifications {
    /// Someone wrote your display name while no Chatdeck window had focus.
    pub mentions: bool,
    /// Someone wrote one of your highlight words while no Chatdeck window had focus.
    pub highlight_words: bool,
    /// Mentions are announced to screen readers (at most one announcement every few
    /// seconds, summarizing the rest).
    pub announce: bool,
}

impl Default for Notifications {
    fn default() -> Self {
        Self {
            mentions: true,
            highlight_words: true,
            announce: true,
        }
    }
}

/// The pinned overlay window of one room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OverlaySettings {
    /// Whether the room's overlay window is open (it reopens after a restart).
    pub pinned: bool,
    /// Background opacity in percent; 0 is fully transparent where the desktop allows.
    pub opacity: u8,
    /// Text size in percent of the normal size.
    pub font_scale: u16,
    /// Whether the overlay shows a composer.
    pub show_composer: bool,
    /// Lines fade out this many seconds after they arrive; 0 keeps them.
    pub fade_after_secs: u32,
    /// Clicks pass through the window to what is beneath; the hotkey (or the main window's
    /// room menu) takes control back.
    pub click_through: bool,
    /// Keep the window above others (where the platform allows).
    pub always_on_top: bool,
}

impl Default for OverlaySettings {
    fn default() -> Self {
        Self {
            pinned: false,
            opacity: 70,
            font_scale: 100,
            show_composer: false,
            fade_after_secs: 0,
            click_through: false,
            always_on_top: true,
        }
    }
}

/// Everything the settings dialog edits, plus the overlays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Light, dark or system.
    pub theme: Theme,
    /// Chat text size in CSS pixels.
    pub font_size: u8,
    /// How message times read.
    pub timestamp_format: TimestampFormat,
    /// Lines kept per room in memory while following the newest.
    pub scrollback: u32,
    /// Words highlighted (and notified, if chosen) besides your display name.
    pub highlight_words: Vec<String>,
    /// Desktop notifications and announcements.
    pub notifications: Notifications,
    /// How many messages a minute the demo audience writes, all viewers together.
    pub demo_audience_per_minute: u32,
    /// Overlay settings by room ARN.
    pub overlays: BTreeMap<String, OverlaySettings>,
    /// The main window's zoom in percent (files written before it existed read as 100).
    pub zoom: u16,
    /// How much chat history is kept on disk.
    pub history: HistoryRetention,
    /// Closing the main window keeps Chatdeck running in the tray (overlays and mention
    /// notifications go on); quitting is the tray's *Quit*.
    pub close_to_tray: bool,
    /// How the message list sets its rows (files written before it existed read as cozy).
    pub density: Density,
    /// Whether rooms show their health strip (message rate, latency, reconnects, session).
    pub show_health: bool,
    /// Ignored users and filter rules, by profile.
    pub filters: BTreeMap<ProfileId, ChatFilters>,
    /// The language the app speaks; none follows the system's preferences.
    pub language: Option<Language>,
}

impl Settings {
    /// The language to speak: the chosen one, else the first of the system's preferred
    /// `tags` Chatdeck speaks, else English.
    pub fn language_for<'a>(&self, tags: impl IntoIterator<Item = &'a str>) -> Language {
        self.language.unwrap_or_else(|| Language::preferred(tags))
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            font_size: 14,
            timestamp_format: TimestampFormat::Clock24,
            scrollback: 400,
            highlight_words: Vec::new(),
            notifications: Notifications::default(),
            demo_audience_per_minute: 24,
            overlays: BTreeMap::new(),
            zoom: 100,
            history: HistoryRetention::default(),
            close_to_tray: true,
            density: Density::Cozy,
            show_health: true,
            filters: BTreeMap::new(),
            language: None,
        }
    }
}

/// One thing wrong with settings: the field at fault and why, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The field, as a path: `font_size`, `highlight_words[2]`, `overlays.<arn>.opacity`.
    pub field: String,
    /// What is wrong with it, in English (logs).
    pub message: String,
    /// What is wrong with it, as a catalogue message: said in the user's language.
    pub words: Words,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// The problems as one sentence each, joined, in English (for logs).
pub fn describe(problems: &[Problem]) -> String {
    describe_in(Language::English, problems)
}

/// The problems as one sentence each, joined, in `language` (for an error message).
pub fn describe_in(language: Language, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| {
            let said = problem.words.say(language);
            if problem.field.is_empty() {
                said
            } else {
                format!("{}: {said}", problem.field)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Problem {
    /// `field` is at fault, for the reason `words` say.
    pub fn new(field: impl Into<String>, words: Words) -> Self {
        Self {
            field: field.into(),
            message: words.say(Language::English),
            words,
        }
    }
}

pub(crate) fn problem(field: impl Into<String>, words: Words) -> Problem {
    Problem::new(field, words)
}

/// What is wrong with a piece of text the user typed (a word, a user id, a pattern): empty,
/// longer than `max_chars`, or holding a control character.
pub(crate) fn text_problem(text: &str, max_chars: usize) -> Option<Words> {
    let chars = text.chars().count();
    if text.trim().is_empty() {
        Some(Words::new("settings-problem-empty"))
    } else if chars > max_chars {
        Some(
            Words::new("settings-problem-characters")
                .with("max", max_chars)
                .with("count", chars),
        )
    } else if text.chars().any(char::is_control) {
        Some(Words::new("settings-problem-control"))
    } else {
        None
    }
}

pub(crate) fn out_of_range<T: std::fmt::Display + PartialOrd>(
    field: &str,
    value: T,
    range: &std::ops::RangeInclusive<T>,
    problems: &mut Vec<Problem>,
) {
    if !range.contains(&value) {
        // As written (`0.2`, not a number formatted per language): what the field holds.
        problems.push(problem(
            field,
            Words::new("settings-problem-range")
                .with("min", range.start().to_string())
                .with("max", range.end().to_string())
                .with("value", value.to_string()),
        ));
    }
}

impl OverlaySettings {
    /// What is wrong with these overlay settings, fields prefixed with `prefix`.
    pub fn problems(&self, prefix: &str) -> Vec<Problem> {
        let mut problems = Vec::new();
        let field = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            }
        };
        out_of_range(&field("opacity"), self.opacity, &OPACITY, &mut problems);
        out_of_range(
            &field("font_scale"),
            self.font_scale,
            &FONT_SCALES,
            &mut problems,
        );
        out_of_range(
            &field("fade_after_secs"),
            self.fade_after_secs,
            &(0..=MAX_FADE_SECS),
            &mut problems,
        );
        problems
    }
}

impl Settings {
    /// The same settings with highlight words trimmed, emptied ones dropped and duplicates
    /// (ignoring case) removed.
    pub fn normalized(mut self) -> Self {
        let mut seen = std::collections::BTreeSet::new();
        self.highlight_words = self
            .highlight_words
            .into_iter()
            .map(|word| word.trim().to_owned())
            .filter(|word| !word.is_empty() && seen.insert(word.to_lowercase()))
            .collect();
        self.filters = std::mem::take(&mut self.filters)
            .into_iter()
            .map(|(profile, filters)| (profile, filters.normalized()))
            .filter(|(_, filters)| !filters.is_empty())
            .collect();
        self
    }

    /// Everything wrong with these settings; empty when they can be applied.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        out_of_range("font_size", self.font_size, &FONT_SIZES, &mut problems);
        out_of_range("scrollback", self.scrollback, &SCROLLBACK, &mut problems);
        out_of_range("zoom", self.zoom, &ZOOMS, &mut problems);
        out_of_range(
            "demo_audience_per_minute",
            self.demo_audience_per_minute,
            &DEMO_RATES,
            &mut problems,
        );
        if self.highlight_words.len() > MAX_WORDS {
            problems.push(problem(
                "highlight_words",
                Words::new("settings-problem-words")
                    .with("max", MAX_WORDS)
                    .with("count", self.highlight_words.len()),
            ));
        }
        for (index, word) in self.highlight_words.iter().enumerate() {
            if let Some(words) = text_problem(word, MAX_WORD_CHARS) {
                problems.push(problem(format!("highlight_words[{index}]"), words));
            }
        }
        if self.overlays.len() > MAX_OVERLAYS {
            problems.push(problem(
                "overlays",
                Words::new("settings-problem-rooms")
                    .with("max", MAX_OVERLAYS)
                    .with("count", self.overlays.len()),
            ));
        }
        for (room, overlay) in &self.overlays {
            if room.trim().is_empty() {
                problems.push(problem(
                    "overlays",
                    Words::new("settings-problem-empty-arn"),
                ));
            }
            problems.extend(overlay.problems(&format!("overlays.{room}")));
        }
        problems.extend(self.history.problems());
        for (profile, filters) in &self.filters {
            problems.extend(filters.problems(&format!("filters.{profile}")));
        }
        problems
    }

    /// The filters of `profile_id` (none when it has none yet).
    pub fn filters_of(&self, profile_id: &ProfileId) -> ChatFilters {
        self.filters.get(profile_id).cloned().unwrap_or_default()
    }

    /// The overlay settings of `room_arn` (the defaults when it has none yet).
    pub fn overlay(&self, room_arn: &str) -> OverlaySettings {
        self.overlays.get(room_arn).copied().unwrap_or_default()
    }
}

/// An exported settings file: a format marker and version around the settings, so an import
/// can tell a settings file from any other JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The version that wrote it.
    pub version: u32,
    /// The settings.
    pub settings: Settings,
}

impl SettingsFile {
    /// The file for `settings`, at this build's version.
    pub fn new(settings: Settings) -> Self {
        Self {
            format: FORMAT.into(),
            version: VERSION,
            settings,
        }
    }
}

/// Reads an exported settings file: whole and valid, or every problem found, never half.
pub fn parse_file(text: &str) -> Result<Settings, Vec<Problem>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        vec![problem(
            "",
            Words::new("settings-problem-not-json").with("error", error.to_string()),
        )]
    })?;
    let format = value.get("format").and_then(serde_json::Value::as_str);
    if format != Some(FORMAT) {
        return Err(vec![problem(
            "format",
            Words::new("settings-problem-not-settings").with("format", FORMAT),
        )]);
    }
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(version) if version >= 1 && version <= u64::from(VERSION) => {}
        Some(version) => {
            return Err(vec![problem(
                "version",
                Words::new("settings-problem-version")
                    .with("version", version)
                    .with("newest", VERSION),
            )]);
        }
        None => {
            return Err(vec![problem(
                "version",
                Words::new("settings-problem-missing"),
            )]);
        }
    }
    let settings = value
        .get("settings")
        .cloned()
        .ok_or_else(|| vec![problem("settings", Words::new("settings-problem-missing"))])?;
    let settings: Settings = serde_json::from_value(settings).map_err(|error| {
        vec![problem(
            "settings",
            Words::new("settings-problem-unreadable").with("error", error.to_string()),
        )]
    })?;
    let settings = settings.normalized();
    let problems = settings.problems();
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests;
