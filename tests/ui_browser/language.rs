//! The UI in Brazilian Portuguese: chosen in Settings, the page speaks it at once, and the
//! shell's words (a moderator's kick, with its reason) arrive as message ids the UI says in
//! Portuguese. Every expected text is read from the catalogues, so a translation can change
//! without this test, but English where Portuguese belongs cannot pass.

use chatdeck_ipc::l10n::{Args, Language, text, text_with};

use super::*;

const PORTUGUESE: Language = Language::PortugueseBrazil;

/// Opens the settings dialog (Ctrl+,).
async fn open_settings(client: &fantoccini::Client) {
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009},\u{E000}")
        .await
        .expect("Ctrl+,");
}

/// Chooses `tag` in the settings dialog, saves, and waits for the page to speak it.
async fn choose_language(client: &fantoccini::Client, tag: &str) {
    open_settings(client).await;
    find(client, test_id("settings-language"))
        .await
        .select_by_value(tag)
        .await
        .unwrap_or_else(|error| panic!("choose {tag}: {error}"));
    click(client, "settings-save").await;
    wait_js(client, "return document.documentElement.lang;", |lang| {
        lang == tag
    })
    .await;
}

/// The connection badge's words once its state is `state`.
async fn badge_words(client: &fantoccini::Client, state: &str) -> String {
    let text = badge(client, state).await;
    text.split_once('|')
        .map(|(_, words)| words.to_owned())
        .unwrap_or(text)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_room_in_portuguese_says_its_badge_composer_dialogs_and_a_kick_in_portuguese() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let arn = create_room(&app, "sala", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let english = badge_words(client, "connected").await;
    assert_eq!(english, text(Language::English, "room-state-connected"));

    choose_language(client, PORTUGUESE.tag()).await;

    // The badge and the composer.
    let connected = badge_words(client, "connected").await;
    assert_eq!(connected, text(PORTUGUESE, "room-state-connected"));
    assert_ne!(connected, english, "the catalogues must differ here");
    let placeholder = find(client, test_id("composer-input"))
        .await
        .attr("placeholder")
        .await
        .expect("placeholder")
        .unwrap_or_default();
    assert_eq!(
        placeholder,
        text_with(
            PORTUGUESE,
            "room-composer-placeholder",
            &Args::new().with("room", "sala")
        )
    );
    // A short conversation, for the README's picture of the room in Portuguese.
    let (viewer, _viewer_updates) =
        other_client(&app, &arn, "bea", "Bea", &[Capability::SendMessage]).await;
    for said in [
        "boa noite, chat!",
        "que partida 🎮 alguém viu aquele lance?",
    ] {
        viewer
            .send_message(said.to_owned(), Attributes::new())
            .await
            .expect("a viewer talks");
        row(client, said, |_| true).await;
    }
    send_from_composer(client, "olá, pessoal").await;
    row(client, "olá, pessoal", |row| row["state"] == "confirmed").await;
    screenshot(client, "language-pt-br-chat").await;

    // A dialog: the settings' heading, its language choice and its buttons.
    open_settings(client).await;
    let heading = wait_for_text(client, Locator::Css("#settings-title"), |text| {
        !text.is_empty()
    })
    .await;
    assert_eq!(heading, text(PORTUGUESE, "settings-title"));
    screenshot(client, "language-pt-br-settings").await;
    keys(client, "\u{E00C}").await;
    wait_js(
        client,
        "return document.querySelector('[data-testid=settings-dialog]') === null;",
        |gone| gone == true,
    )
    .await;

    // The other dialogs speak it too; their pictures are for looking at.
    for (open, dialog) in [
        ("console-open", "console-dialog"),
        ("profiles-open", "profiles-dialog"),
        ("search-open", "search-dialog"),
        ("mentions-open", "mentions-dialog"),
    ] {
        click(client, open).await;
        find(client, test_id(dialog)).await;
        screenshot(client, &format!("language-pt-br-{dialog}")).await;
        // Closed by a click on the dimmed page around it, as a pointer would.
        client
            .execute("document.querySelector('.scrim').click();", vec![])
            .await
            .expect("click the scrim");
        let gone = format!("return document.querySelector('[data-testid={dialog}]') === null;");
        wait_js(client, &gone, |gone| gone == true).await;
    }

    // A failure reason from the shell: a moderator removes the host, with a reason.
    let (moderator, _updates) = other_client(
        &app,
        &arn,
        "mod",
        "Moderadora",
        &[Capability::DisconnectUser],
    )
    .await;
    moderator
        .disconnect_user("host", Some("spam".into()))
        .await
        .expect("kick");
    let kicked = badge_words(client, "disconnected").await;
    let reason = text_with(
        PORTUGUESE,
        "shell-state-kicked",
        &Args::new().with("reason", "spam"),
    );
    assert_eq!(
        kicked,
        format!("{}{reason}", text(PORTUGUESE, "room-state-disconnected")),
        "the badge says its state and the shell's reason in Portuguese"
    );
    screenshot(client, "language-pt-br-room").await;

    // And back to English: the same reason, in English, with no restart.
    choose_language(client, Language::English.tag()).await;
    let kicked = badge_words(client, "disconnected").await;
    assert!(
        kicked.ends_with(&text_with(
            Language::English,
            "shell-state-kicked",
            &Args::new().with("reason", "spam")
        )),
        "{kicked}"
    );
    browser.close().await;
}
