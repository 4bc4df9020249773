use chatdeck_ipc::model::{LineKey, SendState, Sender};
use chatdeck_ipc::settings::filters::{FilterRule, IgnoredUser};

use super::*;

fn message(user: &str, content: &str) -> Line {
    Line {
        key: LineKey::from(format!("{user}-{content}")),
        position: 1,
        message_id: Some("m".into()),
        kind: LineKind::Message,
        sender: Some(Sender {
            user_id: user.into(),
            display_name: user.into(),
            avatar_url: None,
            badges: Vec::new(),
            color: None,
        }),
        content: content.into(),
        attributes: Vec::new(),
        time_ms: 0,
        own: false,
        send: SendState::Confirmed,
        deleted: None,
        history: false,
        filtered: None,
    }
}

fn rule(pattern: &str, kind: PatternKind, action: FilterAction) -> FilterRule {
    FilterRule {
        pattern: pattern.into(),
        kind,
        action,
    }
}

fn filter() -> LineFilter {
    let filters = ChatFilters {
        ignored_users: vec![IgnoredUser {
            user_id: "troll".into(),
            display_name: "Troll".into(),
        }],
        rules: vec![
            rule("buy followers", PatternKind::Word, FilterAction::Hide),
            rule(
                r"https?://\S*\.example\b",
                PatternKind::Regex,
                FilterAction::Hide,
            ),
            rule("darn", PatternKind::Word, FilterAction::Mask),
            rule(
                r"(?i)\bs+p+o+i+l+e+r+\w*",
                PatternKind::Regex,
                FilterAction::Mask,
            ),
        ],
    };
    LineFilter::compile(&filters, "filters.p").unwrap_or_default()
}

fn shown(line: &Line) -> (Option<Filtered>, &str) {
    (line.filtered, line.content.as_str())
}

#[test]
fn ignored_users_and_hide_rules_hide_mask_rules_replace_only_the_match() {
    let filter = filter();
    let cases = [
        (
            "troll",
            "hello there",
            Some(Filtered::IgnoredUser),
            "hello there",
        ),
        (
            "maya",
            "Buy Followers now!",
            Some(Filtered::Rule),
            "Buy Followers now!",
        ),
        (
            "maya",
            "go to http://cheap.example now",
            Some(Filtered::Rule),
            "go to http://cheap.example now",
        ),
        (
            "maya",
            "darn it, DARN",
            Some(Filtered::Masked),
            "*** it, ***",
        ),
        (
            "maya",
            "SPOILERS: he dies, spoiler",
            Some(Filtered::Masked),
            "***: he dies, ***",
        ),
        // Words match at word edges only, as highlight words do.
        ("maya", "darning socks", None, "darning socks"),
        ("maya", "olá, tudo bem?", None, "olá, tudo bem?"),
    ];
    for (user, content, filtered, text) in cases {
        let mut line = message(user, content);
        filter.apply(&mut line);
        assert_eq!(shown(&line), (filtered, text), "{user}: {content}");
    }
}

#[test]
fn own_lines_and_everything_but_messages_are_never_filtered() {
    let filter = filter();
    let mut own = message("troll", "buy followers, darn");
    own.own = true;
    let mut notice = message("troll", "troll was disconnected by a moderator: darn");
    notice.kind = LineKind::Notice;
    let mut event = message("troll", "darn");
    event.kind = LineKind::Event {
        name: "app:RAISE_HAND".into(),
    };
    for mut line in [own, notice, event] {
        let before = line.clone();
        filter.apply(&mut line);
        assert_eq!(line, before);
    }
}

#[test]
fn overlapping_matches_read_as_one_mask_and_hostile_text_is_only_text() {
    let filters = ChatFilters {
        ignored_users: Vec::new(),
        rules: vec![
            rule("bad word", PatternKind::Word, FilterAction::Mask),
            rule("word here", PatternKind::Regex, FilterAction::Mask),
            rule("x*", PatternKind::Regex, FilterAction::Mask),
        ],
    };
    let filter = LineFilter::compile(&filters, "").unwrap_or_default();
    let mut line = message("maya", "a bad word here <b>ok</b> 👋");
    filter.apply(&mut line);
    // `x*` matches the empty string everywhere: empty matches mask nothing.
    assert_eq!(shown(&line), (Some(Filtered::Masked), "a *** <b>ok</b> 👋"));
}

#[test]
fn invalid_and_oversized_patterns_are_problems_naming_their_rule() {
    let mut settings = Settings::default();
    settings.filters.insert(
        ProfileId::new("p1"),
        ChatFilters {
            ignored_users: Vec::new(),
            rules: vec![
                rule("fine", PatternKind::Regex, FilterAction::Hide),
                rule("(unclosed", PatternKind::Regex, FilterAction::Hide),
                rule("(unclosed", PatternKind::Word, FilterAction::Hide),
                rule(r"\w{1000}{1000}", PatternKind::Regex, FilterAction::Mask),
            ],
        },
    );
    let problems = problems(&settings);
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["filters.p1.rules[1].pattern", "filters.p1.rules[3].pattern"]
    );
    assert!(
        problems[0]
            .message
            .starts_with("is not a valid regular expression (")
    );
    assert!(!problems[0].message.contains('\n'));
}

#[test]
fn filters_follow_the_settings_per_profile_and_the_mentions_view_takes_them_all() {
    let mut settings = Settings::default();
    let filters = Filters::new(&settings);
    let p1 = ProfileId::new("p1");
    let p2 = ProfileId::new("p2");
    assert!(filters.of(&p1).is_empty());
    let before = settings.clone();
    settings.filters.insert(
        p1.clone(),
        ChatFilters {
            ignored_users: vec![IgnoredUser {
                user_id: "troll".into(),
                display_name: "Troll".into(),
            }],
            rules: Vec::new(),
        },
    );
    settings.filters.insert(
        p2.clone(),
        ChatFilters {
            ignored_users: Vec::new(),
            rules: vec![rule("darn", PatternKind::Word, FilterAction::Mask)],
        },
    );
    filters.settings_changed(&before, &settings);
    let mut line = message("troll", "darn");
    filters.of(&p2).apply(&mut line);
    assert_eq!(shown(&line), (Some(Filtered::Masked), "***"));
    let mut line = message("troll", "darn");
    filters.apply_all(&mut line);
    assert_eq!(line.filtered, Some(Filtered::IgnoredUser));
    let mut line = message("maya", "darn");
    filters.apply_all(&mut line);
    assert_eq!(shown(&line), (Some(Filtered::Masked), "***"));
    // Undone: nothing filters any more.
    filters.settings_changed(&settings, &Settings::default());
    let mut line = message("troll", "darn");
    filters.apply_all(&mut line);
    assert_eq!(shown(&line), (None, "darn"));
}
