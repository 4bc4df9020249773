//! Numbers as each language writes them: `12,345` in English, `12.345` in Portuguese.
//!
//! Fluent's own number formatting leaves out digit grouping, so the catalogues' bundles
//! format numbers here.

use crate::Language;

/// `value` with the language's digit grouping and decimal mark (at most two decimals).
pub fn format(language: Language, value: f64) -> String {
    let (group, decimal) = match language {
        Language::English => (',', '.'),
        Language::PortugueseBrazil => ('.', ','),
    };
    let negative = value < 0.0;
    let rounded = (value.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let cents = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if negative && (whole > 0 || cents > 0) {
        text.push('-');
    }
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            text.push(group);
        }
        text.push(digit);
    }
    if cents > 0 {
        text.push(decimal);
        if cents.is_multiple_of(10) {
            text.push_str(&(cents / 10).to_string());
        } else {
            text.push_str(&format!("{cents:02}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_language() {
        assert_eq!(format(Language::English, 12_345.0), "12,345");
        assert_eq!(format(Language::PortugueseBrazil, 12_345.0), "12.345");
        assert_eq!(format(Language::English, 1_234_567.0), "1,234,567");
        assert_eq!(format(Language::English, 999.0), "999");
        assert_eq!(format(Language::English, 0.0), "0");
    }

    #[test]
    fn decimals_use_the_language_mark() {
        assert_eq!(format(Language::English, 1.5), "1.5");
        assert_eq!(format(Language::PortugueseBrazil, 1.5), "1,5");
        assert_eq!(format(Language::PortugueseBrazil, 1234.05), "1.234,05");
        assert_eq!(format(Language::English, -2.25), "-2.25");
    }
}
