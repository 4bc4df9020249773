//! What is wrong with a field, in the page's language.
//!
//! The rules live in `chatdeck_ipc::settings`, shared with the shell, and say each problem in
//! English words of a few fixed shapes. Those shapes are read back here and said from the
//! catalogue; a problem of a shape not known here shows as it came.

use chatdeck_ipc::settings::Problem;

use crate::i18n::t;

/// `problem` as the form shows it under its field.
pub fn problem_text(problem: &Problem) -> String {
    say(&problem.message).unwrap_or_else(|| problem.message.clone())
}

fn say(message: &str) -> Option<String> {
    match message {
        "is empty" => return Some(t!("settings-problem-empty")),
        "contains a control character" => return Some(t!("settings-problem-control")),
        "a room ARN is empty" => return Some(t!("settings-problem-empty-arn")),
        _ => {}
    }
    if let Some(rest) = message.strip_prefix("must be from ") {
        // `{min} to {max} (is {value})`
        let (min, rest) = rest.split_once(" to ")?;
        let (max, rest) = rest.split_once(" (is ")?;
        let value = rest.strip_suffix(')')?;
        return Some(t!(
            "settings-problem-range",
            min = min,
            max = max,
            value = value
        ));
    }
    // `at most {max} {things}`, then ` (has {count})` for a count.
    let rest = message.strip_prefix("at most ")?;
    let (max, rest) = rest.split_once(' ')?;
    let Some((things, count)) = rest.split_once(" (has ") else {
        return (rest == "characters").then(|| t!("settings-problem-characters-max", max = max));
    };
    let count = count.strip_suffix(')')?;
    Some(match things {
        "words" => t!("settings-problem-words", max = max, count = count),
        "characters" => t!("settings-problem-characters", max = max, count = count),
        "rooms" => t!("settings-problem-rooms", max = max, count = count),
        "users" => t!("settings-problem-users", max = max, count = count),
        "rules" => t!("settings-problem-rules", max = max, count = count),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use chatdeck_ipc::settings::Settings;

    use super::*;

    fn problem(message: &str) -> Problem {
        Problem {
            field: "font_size".into(),
            message: message.into(),
        }
    }

    #[test]
    fn the_rules_problems_read_as_the_catalogue_says_them() {
        let settings = Settings {
            font_size: 40,
            highlight_words: vec!["ok".into(), "x".repeat(80)],
            ..Settings::default()
        };
        let said: Vec<String> = settings.problems().iter().map(problem_text).collect();
        assert_eq!(
            said,
            [
                "must be from 11 to 24 (is 40)",
                "at most 64 characters (has 80)"
            ]
        );
        for shape in [
            "is empty",
            "contains a control character",
            "at most 50 words (has 51)",
            "at most 128 characters",
            "at most 100 rules (has 101)",
        ] {
            // Read (not passed through), and said in English as the rules say it.
            assert_eq!(say(shape).as_deref(), Some(shape));
        }
        // A shape not known here shows as it came.
        assert_eq!(say("at most 3 wishes (has 4)"), None);
        assert_eq!(
            problem_text(&problem("at most 3 wishes (has 4)")),
            "at most 3 wishes (has 4)"
        );
    }
}
