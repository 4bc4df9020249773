//! The catalogues are complete and used: both languages say the same messages, every message
//! is said somewhere, and the views say nothing past them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chatdeck_l10n::Language;
use chatdeck_l10n::catalogue::{AREAS, sources};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser;

/// A message's id with the variables it uses.
type Messages = BTreeSet<(String, BTreeSet<String>)>;

fn messages(source: &str, language: Language, area: &str) -> Messages {
    let resource = parser::parse(source).unwrap_or_else(|(_, errors)| {
        panic!("{}/{area}.ftl does not parse: {errors:?}", language.tag())
    });
    let mut found = Messages::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(pattern) = &message.value {
                pattern_variables(pattern, &mut variables);
            }
            found.insert((message.id.name.to_owned(), variables));
        }
    }
    found
}

fn pattern_variables(pattern: &Pattern<&str>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, variables);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, variables: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, variables);
            for variant in variants {
                pattern_variables(&variant.value, variables);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, variables),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, variables: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, variables),
        _ => {}
    }
}

fn catalogue(language: Language) -> Vec<(&'static str, Messages)> {
    AREAS
        .iter()
        .zip(sources(language))
        .map(|(area, source)| (*area, messages(source, language, area)))
        .collect()
}

#[test]
fn both_languages_say_the_same_messages_with_the_same_arguments() {
    let english = catalogue(Language::English);
    let portuguese = catalogue(Language::PortugueseBrazil);
    for ((area, en), (_, pt)) in english.iter().zip(&portuguese) {
        let only_en: Vec<_> = en.difference(pt).collect();
        let only_pt: Vec<_> = pt.difference(en).collect();
        assert!(
            only_en.is_empty() && only_pt.is_empty(),
            "{area}.ftl differs between en and pt-BR:\n only in en: {only_en:?}\n only in pt-BR: {only_pt:?}"
        );
    }
}

#[test]
fn ids_start_with_their_area_and_are_defined_once() {
    let mut seen = BTreeSet::new();
    for (area, messages) in catalogue(Language::English) {
        for (id, _) in messages {
            assert!(id.starts_with(&format!("{area}-")), "{id} is in {area}.ftl");
            assert!(seen.insert(id.clone()), "{id} is defined twice");
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Rust sources that say catalogue messages.
fn speaking_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for root in ["ui/src", "src-tauri", "crates/ipc/src", "crates/l10n/src"] {
        collect_rust(&workspace().join(root), &mut files);
    }
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a source reads");
            (path, text)
        })
        .collect()
}

fn collect_rust(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rust(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn every_message_is_said_somewhere() {
    let sources = speaking_sources();
    let unused: Vec<String> = catalogue(Language::English)
        .into_iter()
        .flat_map(|(_, messages)| messages)
        .map(|(id, _)| id)
        .filter(|id| {
            let quoted = format!("\"{id}\"");
            !sources.iter().any(|(_, text)| text.contains(&quoted))
        })
        .collect();
    assert!(unused.is_empty(), "messages no source says: {unused:?}");
}

/// Attributes whose values users read or hear.
const SPOKEN_ATTRIBUTES: [&str; 6] = [
    "title",
    "aria-label",
    "placeholder",
    "alt",
    "aria-description",
    "aria-roledescription",
];

/// String literals in `view!` blocks that users would read: text children, and values of
/// the attributes they read or hear. A literal counts as words when it starts with a capital
/// letter or holds a space between letters (class names, ids and test ids do neither).
fn view_words(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = rest.find("view! {") {
        let block_start = offset + start + "view! ".len();
        let block = block_of(&text[block_start..]);
        for (at, literal, attribute) in literals(block) {
            let spoken = match attribute {
                Some(name) => SPOKEN_ATTRIBUTES.contains(&name.as_str()),
                None => true,
            };
            if spoken && is_words(&literal) {
                let line = text[..block_start + at].lines().count();
                found.push((line, literal));
            }
        }
        offset = block_start + block.len();
        rest = &text[offset..];
    }
    found
}

/// The braced block at the start of `text`.
fn block_of(text: &str) -> &str {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=at];
                }
            }
            _ => {}
        }
    }
    text
}

/// Every string literal in `block`: where it starts, its text, and the attribute it is the
/// value of (`name="..."`), if any.
fn literals(block: &str) -> Vec<(usize, String, Option<String>)> {
    let bytes = block.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        // Skip character literals such as '"'.
        if bytes[at] == b'\'' && at + 2 < bytes.len() && bytes[at + 2] == b'\'' {
            at += 3;
            continue;
        }
        if bytes[at] != b'"' {
            at += 1;
            continue;
        }
        let start = at;
        at += 1;
        let mut escaped = false;
        while at < bytes.len() {
            match (escaped, bytes[at]) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => break,
                _ => {}
            }
            at += 1;
        }
        let literal = block[start + 1..at.min(block.len())].to_owned();
        at += 1;
        let before = block[..start].trim_end();
        let attribute = before.strip_suffix('=').map(|before| {
            before
                .rsplit(|c: char| c.is_whitespace() || c == '<')
                .next()
                .unwrap_or_default()
                .to_owned()
        });
        found.push((start, literal, attribute));
    }
    found
}

fn is_words(literal: &str) -> bool {
    let starts_capital = literal.chars().next().is_some_and(char::is_uppercase);
    let chars: Vec<char> = literal.chars().collect();
    let spaced = chars
        .windows(3)
        .any(|w| w[0].is_alphabetic() && w[1] == ' ' && w[2].is_alphabetic());
    starts_capital || spaced
}

#[test]
fn the_check_finds_words_in_views_and_leaves_the_rest() {
    let view = r#"let a = "Not a view"; view! { <div class="list-note" data-testid="note" title="Show more">"Loading older messages…"<span>{t("room-send")}</span>{if x { "active" } else { "Hidden" }}</div> }"#;
    let words: Vec<String> = view_words(view).into_iter().map(|(_, w)| w).collect();
    assert_eq!(words, ["Show more", "Loading older messages…", "Hidden"]);
}

#[test]
fn views_say_nothing_past_the_catalogue() {
    let mut files = Vec::new();
    collect_rust(&workspace().join("ui/src"), &mut files);
    let mut bypassing = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a source reads");
        for (line, words) in view_words(&text) {
            let shown = path
                .strip_prefix(workspace())
                .unwrap_or(&path)
                .display()
                .to_string();
            bypassing.push(format!("{shown}:{line}: {words:?}"));
        }
    }
    assert!(
        bypassing.is_empty(),
        "words in views that bypass the catalogue:\n{}",
        bypassing.join("\n")
    );
}

#[test]
fn messages_are_said_with_their_arguments_in_each_language() {
    use chatdeck_l10n::Words;
    let kicked = Words::new("shell-state-kicked").with("reason", "spam");
    assert_eq!(kicked.say(Language::English), "kicked by a moderator: spam");
    assert_eq!(
        kicked.say(Language::PortugueseBrazil),
        "removido por um moderador: spam"
    );
    let unknown = Words::new("shell-no-such-message");
    assert_eq!(unknown.say(Language::English), "shell-no-such-message");
}
