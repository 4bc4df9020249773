use super::*;

#[test]
fn defaults_are_valid_and_round_trip_through_a_file() {
    let settings = Settings::default();
    assert!(settings.problems().is_empty());
    let text = serde_json::to_string(&SettingsFile::new(settings.clone())).unwrap_or_default();
    assert_eq!(parse_file(&text), Ok(settings));
}

#[test]
fn a_file_without_zoom_reads_as_100_and_a_zoom_out_of_range_is_refused() {
    let text = r#"{"format":"chatdeck-settings","version":1,"settings":{"font_size":15}}"#;
    assert_eq!(parse_file(text).map(|settings| settings.zoom), Ok(100));
    let problems = Settings {
        zoom: 400,
        ..Settings::default()
    }
    .problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "zoom");
}

#[test]
fn words_are_trimmed_and_deduplicated_ignoring_case() {
    let settings = Settings {
        highlight_words: vec![" Raid ".into(), "raid".into(), "".into(), "gg".into()],
        ..Settings::default()
    }
    .normalized();
    assert_eq!(settings.highlight_words, ["Raid", "gg"]);
}

#[test]
fn every_problem_names_its_field() {
    let mut settings = Settings {
        font_size: 40,
        scrollback: 5,
        demo_audience_per_minute: 0,
        highlight_words: vec!["x".repeat(65), "tab\there".into()],
        ..Settings::default()
    };
    settings.overlays.insert(
        "arn:room/a".into(),
        OverlaySettings {
            opacity: 120,
            font_scale: 10,
            fade_after_secs: 4000,
            ..OverlaySettings::default()
        },
    );
    let fields: Vec<String> = settings
        .problems()
        .into_iter()
        .map(|problem| problem.field)
        .collect();
    assert_eq!(
        fields,
        [
            "font_size",
            "scrollback",
            "demo_audience_per_minute",
            "highlight_words[0]",
            "highlight_words[1]",
            "overlays.arn:room/a.opacity",
            "overlays.arn:room/a.font_scale",
            "overlays.arn:room/a.fade_after_secs",
        ]
    );
}

#[test]
fn files_are_refused_whole_with_the_reason() {
    let cases = [
        ("not json", ""),
        (r#"{"theme":"dark"}"#, "format"),
        (r#"{"format":"chatdeck-settings","settings":{}}"#, "version"),
        (
            r#"{"format":"chatdeck-settings","version":9,"settings":{}}"#,
            "version",
        ),
        (
            r#"{"format":"chatdeck-settings","version":1,"settings":{"theme":"purple"}}"#,
            "settings",
        ),
        (
            r#"{"format":"chatdeck-settings","version":1,"settings":{"colour":1}}"#,
            "settings",
        ),
        (
            r#"{"format":"chatdeck-settings","version":1,"settings":{"font_size":99}}"#,
            "font_size",
        ),
        (
            r#"{"format":"chatdeck-settings","version":1,"settings":{"history":{"keep_days":9999}}}"#,
            "history.keep_days",
        ),
        (
            r#"{"format":"chatdeck-settings","version":1,"settings":{"density":"roomy"}}"#,
            "settings",
        ),
    ];
    for (text, field) in cases {
        let problems = parse_file(text).expect_err(text);
        assert_eq!(problems[0].field, field, "{text}: {problems:?}");
        assert!(!problems[0].message.is_empty());
    }
}

#[test]
fn a_partial_file_takes_defaults_for_what_it_lacks() {
    let settings =
        parse_file(r#"{"format":"chatdeck-settings","version":1,"settings":{"theme":"dark"}}"#);
    assert_eq!(
        settings,
        Ok(Settings {
            theme: Theme::Dark,
            ..Settings::default()
        })
    );
}

#[test]
fn timestamps_read_in_each_format() {
    let cases = [
        (TimestampFormat::Clock24, 14, 5, 9, Some("14:05")),
        (TimestampFormat::Clock24Seconds, 14, 5, 9, Some("14:05:09")),
        (TimestampFormat::Clock12, 14, 5, 9, Some("2:05 PM")),
        (TimestampFormat::Clock12, 0, 30, 0, Some("12:30 AM")),
        (TimestampFormat::Clock12, 12, 0, 0, Some("12:00 PM")),
        (TimestampFormat::Hidden, 14, 5, 9, None),
    ];
    for (format, h, m, s, expected) in cases {
        assert_eq!(format.format(h, m, s).as_deref(), expected);
    }
    for format in TimestampFormat::ALL {
        assert_eq!(TimestampFormat::from_name(format.as_str()), Some(format));
    }
}

#[test]
fn problems_are_said_from_the_catalogue_in_each_language() {
    let settings = Settings {
        font_size: 40,
        highlight_words: vec!["ok".into(), "x".repeat(80), " ".into()],
        ..Settings::default()
    };
    let problems = settings.problems();
    let english: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        english,
        [
            "must be from 11 to 24 (is 40)",
            "at most 64 characters (has 80)",
            "is empty"
        ]
    );
    let portuguese: Vec<String> = problems
        .iter()
        .map(|p| p.words.say(Language::PortugueseBrazil))
        .collect();
    assert_eq!(
        portuguese,
        [
            "deve ser de 11 a 24 (é 40)",
            "no máximo 64 caracteres (tem 80)",
            "está vazio"
        ]
    );
    assert_eq!(
        describe_in(Language::PortugueseBrazil, &problems[..1]),
        "font_size: deve ser de 11 a 24 (é 40)"
    );
    let refused = parse_file(r#"{"format":"chatdeck-settings","version":99}"#)
        .expect_err("a version from the future");
    assert_eq!(
        refused[0].message,
        format!("version 99 is not one this Chatdeck reads (it reads 1 to {VERSION})")
    );
}
