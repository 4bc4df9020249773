//! Which parts of a message are links, and which links may be opened.
//!
//! Both sides use the same rules: the UI to show a link as one (and nothing else), the shell to
//! refuse opening anything the UI would not have shown as a link. A link is an `http://` or
//! `https://` URL written out in the text, up to the next whitespace, without the punctuation
//! that usually ends a sentence around it. Its text is what the user sees and what opens: a
//! chat message has no markup, so a link cannot say one thing and go elsewhere. A URL that
//! carries invisible or direction-changing characters (zero-width joiners, bidi overrides) is
//! not a link, since what it looks like is not where it goes.

use std::ops::Range;

/// Longer URLs are left as text (browsers cap URLs near here anyway).
pub const MAX_LINK_BYTES: usize = 2048;

/// The schemes that make a link, lowercase.
const SCHEMES: [&str; 2] = ["https://", "http://"];

/// Characters trimmed from a link's end: sentence punctuation and closing brackets or quotes
/// that wrap a URL in prose ("see (https://example.com).").
const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"', '>', '*',
];

/// The byte ranges of the links in `text`, in order.
pub fn find(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut links = Vec::new();
    let mut from = 0;
    while let Some(start) = next_scheme(&lower, from) {
        let end = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |offset| start + offset);
        let candidate = text[start..end].trim_end_matches(TRAILING);
        if is_openable(candidate) {
            links.push(start..start + candidate.len());
        }
        from = end;
    }
    links
}

/// Whether `url` is a link the app opens: http(s), a host after the scheme, no whitespace, no
/// control or invisible characters, at most [`MAX_LINK_BYTES`].
pub fn is_openable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = SCHEMES.iter().find_map(|scheme| lower.strip_prefix(scheme)) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    url.len() <= MAX_LINK_BYTES
        && !host.is_empty()
        && !url.chars().any(|c| c.is_whitespace() || hides_itself(c))
}

/// Characters that change how the text around them looks without being seen: controls,
/// zero-width characters, bidi embeddings, overrides and isolates, the BOM.
fn hides_itself(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Where the next `http://` or `https://` starts at or after `from` in the lowercased text.
fn next_scheme(lower: &str, from: usize) -> Option<usize> {
    SCHEMES
        .iter()
        .filter_map(|scheme| lower[from..].find(scheme).map(|at| from + at))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|range| &text[range]).collect()
    }

    #[test]
    fn links_are_urls_written_out_without_the_prose_around_them() {
        let cases: &[(&str, &[&str])] = &[
            ("no links here", &[]),
            ("see https://example.com", &["https://example.com"]),
            (
                "(https://example.com/a?b=1#c).",
                &["https://example.com/a?b=1#c"],
            ),
            (
                "two: http://a.example, HTTPS://B.example/x!",
                &["http://a.example", "HTTPS://B.example/x"],
            ),
            ("\"https://q.example/\"", &["https://q.example/"]),
            ("glued:https://g.example/path", &["https://g.example/path"]),
            ("only a scheme https:// here", &[]),
            ("https:///no-host", &[]),
            ("javascript:alert(1) and data:text/html,hi", &[]),
            ("ftp://files.example", &[]),
            (
                "émoji 🔥 https://x.example/🔥 ok",
                &["https://x.example/🔥"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(links(text), *expected, "{text}");
        }
    }

    #[test]
    fn urls_that_hide_characters_are_not_links() {
        for text in [
            "https://pay\u{200B}pal.example",
            "https://example.com/\u{202E}gnp.exe",
            "https://a.example/\u{2066}x\u{2069}",
            "https://bom\u{FEFF}.example",
            "https://soft\u{00AD}hyphen.example",
        ] {
            assert!(links(text).is_empty(), "{text:?}");
            assert!(!is_openable(text), "{text:?}");
        }
    }

    #[test]
    fn only_what_would_show_as_a_link_opens() {
        assert!(is_openable("https://example.com"));
        assert!(is_openable("http://127.0.0.1:4510/health"));
        assert!(!is_openable("https://example.com with space"));
        assert!(!is_openable("javascript:alert(1)"));
        assert!(!is_openable(&format!(
            "https://e.example/{}",
            "a".repeat(MAX_LINK_BYTES)
        )));
        // Every link `find` returns is openable, and nothing longer than it is.
        let text = "x https://a.example/b), y";
        for range in find(text) {
            assert!(is_openable(&text[range]));
        }
    }
}
