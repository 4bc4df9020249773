use super::*;

const ARN: &str = "arn:aws:ivschat:us-west-2:123456789012:room/AbCd1234";

fn invite() -> Invite {
    Invite {
        token_url: "https://tokens.example.com/create?room=main".into(),
        endpoint: "us-west-2".into(),
        room_arn: ARN.into(),
        name: Some("Ana & Zé 🎉".into()),
    }
}

fn refusal(link: &str) -> String {
    match Invite::parse(link) {
        Ok(invite) => panic!("{link} was accepted: {invite:?}"),
        Err(refused) => refused.to_string(),
    }
}

#[test]
fn a_link_parses_back_to_what_made_it() {
    let invite = invite();
    let link = invite.link();
    assert!(link.starts_with("chatdeck://join?token_url=https%3A%2F%2Ftokens.example.com"));
    assert_eq!(Invite::parse(&link), Ok(invite));
    let local = Invite {
        token_url: "http://127.0.0.1:4510/create_chat_token".into(),
        endpoint: "ws://127.0.0.1:4510".into(),
        room_arn: ARN.into(),
        name: None,
    };
    assert_eq!(Invite::parse(&local.link()), Ok(local));
}

#[test]
fn links_are_read_as_desktops_and_people_write_them() {
    let plain = format!(
        " CHATDECK://join/?room={ARN}&endpoint=wss://edge.ivschat.us-west-2.amazonaws.com\
         &token_url=https://t.example/token&name=Ana+Maria "
    );
    let invite = Invite::parse(&plain).expect("accepted");
    assert_eq!(invite.name.as_deref(), Some("Ana Maria"));
    assert_eq!(invite.host(), "t.example");
    assert_eq!(invite.room_id(), "AbCd1234");
    let blank_name = format!(
        "{}&name=%20",
        Invite {
            name: None,
            ..invite
        }
        .link()
    );
    assert_eq!(Invite::parse(&blank_name).map(|i| i.name), Ok(None));
}

#[test]
fn anything_unexpected_is_refused_in_words() {
    let good = Invite {
        name: None,
        ..invite()
    }
    .link();
    let with = |extra: &str| format!("{good}&{extra}");
    let replace = |from: &str, to: &str| good.replace(from, to);
    let cases: Vec<(String, &str)> = vec![
        ("https://example.com/join".into(), "not a chatdeck://join"),
        ("chatdeck://settings?x=1".into(), "only join rooms"),
        (with("secret=abc"), "looks like a secret"),
        (with("api_key=abc"), "looks like a secret"),
        (with("Authorization=Bearer%20x"), "looks like a secret"),
        (with("token=abc"), "looks like a secret"),
        (with("colour=red"), "unknown parameter \"colour\""),
        (with("room=x"), "room is given twice"),
        (
            with(&format!("name={}", "n".repeat(65))),
            "name is longer than 64",
        ),
        (with("name=a%0Ab"), "control character"),
        (with("name=%E2%28"), "name is not UTF-8"),
        (with("name=%G1"), "broken %-escape"),
        (good.replace("&room=", "&x=1&room="), "unknown parameter"),
        (
            replace("https%3A%2F%2F", "http%3A%2F%2F"),
            "not this machine",
        ),
        (
            replace("https%3A%2F%2F", "ftp%3A%2F%2F"),
            "must be a https:// URL",
        ),
        (
            replace("https%3A%2F%2Ftokens", "https%3A%2F%2Fme%3Apw%40tokens"),
            "user name or password",
        ),
        (
            replace("us-west-2&room", "ws%3A%2F%2Fchat.example.com&room"),
            "not this machine",
        ),
        (replace("us-west-2&room", "Mars&room"), "AWS region"),
        (
            replace("room%2FAbCd1234", "room%2F"),
            "not an IVS Chat room ARN",
        ),
        (replace("ivschat", "s3"), "not an IVS Chat room ARN"),
        (replace("123456789012", "1234"), "not an IVS Chat room ARN"),
        (
            good.replace(&format!("&room={}", encode(ARN)), ""),
            "room is missing",
        ),
        (format!("{good}#fragment"), "fragment"),
        (
            with(&format!("name={}", "a".repeat(MAX_LINK_BYTES))),
            "longer than 4096 bytes",
        ),
        (
            replace("create", &"c".repeat(MAX_URL_CHARS)),
            "token_url is longer than 1024",
        ),
    ];
    for (link, expected) in cases {
        let words = refusal(&link);
        assert!(
            words.starts_with("This invite link was refused: "),
            "{words}"
        );
        assert!(words.contains(expected), "{link}: {words}");
    }
}

#[test]
fn loopback_may_use_plain_http_and_ws() {
    for host in ["127.0.0.1:4510", "localhost", "[::1]:80", "127.9.9.9"] {
        let invite = Invite {
            token_url: format!("http://{host}/token"),
            endpoint: format!("ws://{host}"),
            room_arn: ARN.into(),
            name: None,
        };
        assert_eq!(invite.check(), Ok(()), "{host}");
    }
    for host in ["10.0.0.1", "localhost.evil.example", "127.0.0.1.nip.io"] {
        let invite = Invite {
            token_url: format!("http://{host}/token"),
            ..invite()
        };
        assert!(invite.check().is_err(), "{host}");
    }
}

#[test]
fn values_survive_encoding_whatever_they_hold() {
    for text in ["", "a b+c&d=e", "%41", "ç 🎉 \u{7f}", "~-._"] {
        assert_eq!(decode(&encode(text)).as_deref(), Ok(text));
    }
}
