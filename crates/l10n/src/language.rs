//! The languages Chatdeck speaks, and the one to use for a system's preferences.

use serde::{Deserialize, Serialize};

/// A language with a complete catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    /// English.
    #[default]
    #[serde(rename = "en")]
    English,
    /// Brazilian Portuguese.
    #[serde(rename = "pt-BR")]
    PortugueseBrazil,
}

impl Language {
    /// Every language, in the order a chooser lists them.
    pub const ALL: [Language; 2] = [Language::English, Language::PortugueseBrazil];

    /// The BCP 47 tag: `en`, `pt-BR` (also the catalogue's folder and the page's `lang`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::PortugueseBrazil => "pt-BR",
        }
    }

    /// The language's name in itself, as a chooser shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::PortugueseBrazil => "Português (Brasil)",
        }
    }

    /// The language of `tag` (`pt-BR`, `pt_BR.UTF-8`, `en-GB`...), if Chatdeck speaks it.
    /// Any Portuguese reads Brazilian Portuguese, the nearest catalogue there is.
    pub fn of_tag(tag: &str) -> Option<Language> {
        // POSIX locales (`pt_BR.UTF-8@euro`) and BCP 47 tags (`pt-BR`) share the first part.
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::English),
            "pt" => Some(Language::PortugueseBrazil),
            _ => None,
        }
    }

    /// The first language Chatdeck speaks among the system's preferred ones, else English.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Language {
        tags.into_iter()
            .find_map(Language::of_tag)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_either_form_are_read() {
        assert_eq!(Language::of_tag("pt-BR"), Some(Language::PortugueseBrazil));
        assert_eq!(
            Language::of_tag("pt_BR.UTF-8"),
            Some(Language::PortugueseBrazil)
        );
        assert_eq!(Language::of_tag("PT"), Some(Language::PortugueseBrazil));
        assert_eq!(Language::of_tag("en-GB"), Some(Language::English));
        assert_eq!(Language::of_tag("C.UTF-8"), None);
        assert_eq!(Language::of_tag(""), None);
    }

    #[test]
    fn the_first_spoken_preference_wins_and_english_is_the_default() {
        assert_eq!(
            Language::preferred(["de-DE", "pt-BR", "en-US"]),
            Language::PortugueseBrazil
        );
        assert_eq!(Language::preferred(["fr", "en"]), Language::English);
        assert_eq!(Language::preferred(["fr"]), Language::English);
        assert_eq!(Language::preferred([]), Language::English);
    }

    #[test]
    fn languages_travel_as_their_tags() {
        let json =
            serde_json::to_string(&Language::PortugueseBrazil).expect("a language serializes");
        assert_eq!(json, "\"pt-BR\"");
        for language in Language::ALL {
            let tag = serde_json::to_string(&language).expect("a language serializes");
            assert_eq!(tag, format!("\"{}\"", language.tag()));
        }
    }
}
