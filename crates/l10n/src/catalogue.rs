//! The compiled catalogues, and saying a message in a language.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::{Language, Word, number};

/// The catalogue's areas: `locales/<language>/<area>.ftl`. Message ids start with their area
/// (`room-send`), so two areas never define the same id.
pub const AREAS: [&str; 10] = [
    "app", "tabs", "room", "console", "profiles", "settings", "mentions", "search", "overlay",
    "shell",
];

macro_rules! sources {
    ($language:literal) => {
        [
            include_str!(concat!("../locales/", $language, "/app.ftl")),
            include_str!(concat!("../locales/", $language, "/tabs.ftl")),
            include_str!(concat!("../locales/", $language, "/room.ftl")),
            include_str!(concat!("../locales/", $language, "/console.ftl")),
            include_str!(concat!("../locales/", $language, "/profiles.ftl")),
            include_str!(concat!("../locales/", $language, "/settings.ftl")),
            include_str!(concat!("../locales/", $language, "/mentions.ftl")),
            include_str!(concat!("../locales/", $language, "/search.ftl")),
            include_str!(concat!("../locales/", $language, "/overlay.ftl")),
            include_str!(concat!("../locales/", $language, "/shell.ftl")),
        ]
    };
}

/// The Fluent sources of `language`, in the order of [`AREAS`].
pub fn sources(language: Language) -> [&'static str; AREAS.len()] {
    match language {
        Language::English => sources!("en"),
        Language::PortugueseBrazil => sources!("pt-BR"),
    }
}

/// A message's arguments.
#[derive(Debug, Default)]
pub struct Args(FluentArgs<'static>);

impl Args {
    /// No arguments yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// With the argument `name`: text is said as it is; a number chooses plural forms and
    /// reads as the language writes numbers.
    pub fn with(mut self, name: &str, value: impl Into<Word>) -> Self {
        let value = match value.into() {
            Word::Number(number) => FluentValue::from(number),
            Word::Text(text) => FluentValue::String(Cow::Owned(text)),
        };
        self.0.set(name.to_owned(), value);
        self
    }
}

type Bundle = FluentBundle<FluentResource>;

struct Catalogues {
    english: Bundle,
    portuguese: Bundle,
}

fn catalogues() -> &'static Catalogues {
    static CATALOGUES: OnceLock<Catalogues> = OnceLock::new();
    CATALOGUES.get_or_init(|| Catalogues {
        english: bundle(Language::English),
        portuguese: bundle(Language::PortugueseBrazil),
    })
}

fn bundle(language: Language) -> Bundle {
    let tag = language
        .tag()
        .parse()
        .expect("the languages' tags are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Unicode isolation marks around arguments would reach text nodes, copies and tests.
    bundle.set_use_isolating(false);
    match language {
        Language::English => bundle.set_formatter(Some(english_number)),
        Language::PortugueseBrazil => bundle.set_formatter(Some(portuguese_number)),
    }
    for source in sources(language) {
        // A source that does not parse is refused by the catalogue tests; at run time its
        // good messages are still used.
        let resource =
            FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        // Ids are unique across areas (the catalogue tests hold it); a duplicate keeps the first.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

fn english_number<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(number::format(Language::English, n.value)),
        _ => None,
    }
}

fn portuguese_number<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(number::format(Language::PortugueseBrazil, n.value)),
        _ => None,
    }
}

/// Message `id` in `language`, without arguments.
pub fn text(language: Language, id: &str) -> String {
    say(language, id, None)
}

/// Message `id` in `language`, with `args`.
pub fn text_with(language: Language, id: &str, args: &Args) -> String {
    say(language, id, Some(&args.0))
}

fn say(language: Language, id: &str, args: Option<&FluentArgs<'static>>) -> String {
    let catalogues = catalogues();
    let bundle = match language {
        Language::English => &catalogues.english,
        Language::PortugueseBrazil => &catalogues.portuguese,
    };
    // An unknown id shows as itself: visible, and found by the catalogue tests first.
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        return id.to_owned();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

/// Whether `language`'s catalogue has message `id`.
pub fn has(language: Language, id: &str) -> bool {
    let catalogues = catalogues();
    let bundle = match language {
        Language::English => &catalogues.english,
        Language::PortugueseBrazil => &catalogues.portuguese,
    };
    bundle.has_message(id)
}
