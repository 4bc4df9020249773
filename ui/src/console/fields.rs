//! Form plumbing shared by the console's forms: problems per field (the API's own field
//! names), `key=value` lines, numbers, and the inline problem list under an input.

use chatdeck_ipc::console::{FieldError, Tags};
use leptos::prelude::*;

use super::rules;
use crate::i18n::t;

/// Problems of a form: the API's field names with the service's wording (said in the page's
/// language by `rules`), or with the form's own, already in the page's language.
pub type Problems = Vec<FieldError>;

/// The problems about `field` or one of its parts (`tags` covers `tags.k.key`).
pub fn about<'a>(
    problems: &'a [FieldError],
    field: &'a str,
) -> impl Iterator<Item = &'a FieldError> {
    problems.iter().filter(move |problem| {
        problem.name == field
            || problem
                .name
                .strip_prefix(field)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// An optional whole number typed in a box: empty is `None`; anything else must parse.
pub fn number(field: &str, text: &str, problems: &mut Problems) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i64>() {
        Ok(value) => Some(value),
        Err(_) => {
            problems.push(FieldError::new(field, t!("console-problem-whole-number")));
            None
        }
    }
}

/// `key=value` lines (blank lines skipped) as a map; a line without `=` or a repeated key is
/// a problem of `field`. Line numbers are said as text: a line number reads without digit
/// grouping.
pub fn pairs(field: &str, text: &str, problems: &mut Problems) -> Tags {
    let mut map = Tags::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            problems.push(FieldError::new(
                field,
                t!(
                    "console-problem-line-format",
                    line = (index + 1).to_string()
                ),
            ));
            continue;
        };
        let key = key.trim().to_owned();
        if map.insert(key.clone(), value.trim().to_owned()).is_some() {
            problems.push(FieldError::new(
                field,
                t!(
                    "console-problem-line-repeated",
                    line = (index + 1).to_string(),
                    key = key
                ),
            ));
        }
    }
    map
}

/// A map as `key=value` lines.
pub fn lines(map: &Tags) -> String {
    map.iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The problems of `field` under its input, from the checks and from the service.
#[component]
pub fn FieldProblems(
    /// The API's field name.
    field: &'static str,
    /// Every problem of the form.
    problems: Signal<Problems>,
) -> impl IntoView {
    move || {
        problems.with(|problems| {
            about(problems, field)
                .map(|problem| {
                    let text = if problem.name == field {
                        rules::say(problem)
                    } else {
                        format!("{}: {}", problem.name, rules::say(problem))
                    };
                    view! { <p class="field-error" data-testid="console-field-error" data-field=problem.name.clone()>{text}</p> }
                })
                .collect_view()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_parse_and_report_bad_lines() {
        let mut problems = Problems::new();
        let map = pairs("tags", "a=1\n\n b = two \nnope\na=3", &mut problems);
        assert_eq!(map.get("a").map(String::as_str), Some("3"));
        assert_eq!(map.get("b").map(String::as_str), Some("two"));
        let names: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            names,
            ["Line 4: write key=value", "Line 5: a appears twice"]
        );
        assert_eq!(lines(&map), "a=3\nb=two");
    }

    #[test]
    fn numbers_are_optional_but_whole() {
        let mut problems = Problems::new();
        assert_eq!(number("n", " 42 ", &mut problems), Some(42));
        assert_eq!(number("n", "", &mut problems), None);
        assert_eq!(number("n", "4.5", &mut problems), None);
        assert_eq!(problems.len(), 1);
        assert_eq!(about(&problems, "n").count(), 1);
        assert_eq!(about(&problems, "m").count(), 0);
    }

    #[test]
    fn a_field_covers_its_parts_only() {
        let problems = vec![
            FieldError::new("tags.a.key", "x"),
            FieldError::new("tagsOther", "y"),
            FieldError::new("tags", "z"),
        ];
        assert_eq!(about(&problems, "tags").count(), 2);
    }
}
