//! One search hit: room, sender, time, and the text with the searched words marked. The text
//! is split into plain text nodes and `<mark>` elements holding text nodes: never markup.

use chatdeck_ipc::model::LineKind;
use chatdeck_ipc::search::SearchHit;
use leptos::prelude::*;

use crate::i18n::t;
use crate::time;

/// A hit; clicking it (or Enter on it) opens its room at the line.
#[component]
pub fn SearchResult(
    /// The hit.
    hit: SearchHit,
    /// Lowercased words to mark.
    words: Vec<String>,
    /// Opens the hit.
    on_pick: impl Fn(SearchHit) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let line = &hit.line;
    let sender = line
        .sender
        .as_ref()
        .map(|sender| sender.display_name.clone())
        .unwrap_or_else(|| match &line.kind {
            LineKind::Event { name } => name.clone(),
            _ => t!("search-result-room"),
        });
    let deleted = line.deleted.is_some();
    let parts = marked(&line.content, &words);
    let when = format!("{} {}", date(line.time_ms), time::clock(line.time_ms));
    let title = time::full(line.time_ms);
    let (arn, key, position) = (hit.room_arn.clone(), line.key.clone(), line.position);
    let room = hit.room_name.clone();
    let picked = hit.clone();
    view! {
        <button class="search-result" role="listitem" data-testid="search-result" data-room-arn=arn
            data-key=key.to_string() data-position=position.to_string() data-deleted=deleted.to_string()
            on:click=move |_| on_pick(picked.clone())>
            <span class="search-result-meta">
                <span class="chip">"# " {room}</span>
                <strong class="search-result-sender">{sender}</strong>
                <time title=title>{when}</time>
                {deleted.then(|| view! { <span class="tag deleted-tag">{t!("search-result-deleted")}</span> })}
            </span>
            <span class="search-result-text" data-testid="search-result-text">
                {parts.into_iter().map(|(text, mark)| if mark {
                    view! { <mark>{text}</mark> }.into_any()
                } else {
                    text.into_any()
                }).collect_view()}
            </span>
        </button>
    }
}

/// The day in the user's time zone, as the page's language writes a short date (`Mar 5,
/// 2025`, `5 de mar. de 2025`): the month named, so the day and month never swap.
fn date(time_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(time_ms as f64));
    let options = js_sys::Object::new();
    for (key, value) in [("year", "numeric"), ("month", "short"), ("day", "numeric")] {
        // Setting a key on a plain new object does not fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_date_string(crate::i18n::language().tag(), &options)
        .as_string()
        .unwrap_or_default()
}

/// `text` cut into runs, each marked when it starts one of `words` (case-insensitively), as
/// the search matched word prefixes.
pub fn marked(text: &str, words: &[String]) -> Vec<(String, bool)> {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let push = |parts: &mut Vec<(String, bool)>, run: &str, mark: bool| {
        if run.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some((last, last_mark)) if *last_mark == mark => last.push_str(run),
            _ => parts.push((run.to_owned(), mark)),
        }
    };
    let mut rest = text;
    'outer: while !rest.is_empty() {
        let lower = rest.to_lowercase();
        // Only a match at a word start counts, as in the full-text index.
        for (index, _) in rest.char_indices() {
            let at_word_start = rest[..index]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if !at_word_start || lower.len() != rest.len() {
                continue;
            }
            if let Some(word) = words
                .iter()
                .filter(|word| !word.is_empty())
                .find(|word| lower[index..].starts_with(word.as_str()))
            {
                push(&mut parts, &rest[..index], false);
                push(&mut parts, &rest[index..index + word.len()], true);
                rest = &rest[index + word.len()..];
                continue 'outer;
            }
        }
        push(&mut parts, rest, false);
        break;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_marked_at_word_starts_only() {
        let words = vec!["hel".to_owned(), "bob".to_owned()];
        assert_eq!(
            marked("Hello bob, shell", &words),
            [
                ("Hel".to_owned(), true),
                ("lo ".to_owned(), false),
                ("bob".to_owned(), true),
                (", shell".to_owned(), false),
            ]
        );
        assert_eq!(marked("<b>x</b>", &words), [("<b>x</b>".to_owned(), false)]);
        assert_eq!(marked("", &words), []);
    }
}
