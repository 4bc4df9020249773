//! Settings: edited in the dialog and applied at once (theme, font size, timestamps), checked
//! inline, exported to one file and imported back whole; a bad file changes nothing.

use chatdeck_ipc::command::{GetSettings, SaveSettings};
use chatdeck_ipc::settings::{Settings, Theme, TimestampFormat};

use super::*;

async fn type_into(client: &fantoccini::Client, id: &str, text: &str) {
    find(client, test_id(id))
        .await
        .send_keys(&format!("\u{E009}a\u{E000}{text}"))
        .await
        .unwrap_or_else(|error| panic!("type into {id}: {error}"));
}

async fn html_theme(client: &fantoccini::Client, theme: &str) {
    wait_js(
        client,
        "return document.documentElement.dataset.theme;",
        |value| value == theme,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_are_applied_exported_and_imported_whole_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().expect("data dir");
    let config = config(&dir);
    let export_dir = config.export_dir.clone();
    let bridge = Bridge::start(config).await;
    let arn = create_room(&bridge.app, "settings-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    let app = browser.bridge.app.clone();
    badge(client, "connected").await;
    send_from_composer(client, "what time is it?").await;
    row(client, "what time is it?", |row| {
        row["state"] == "confirmed"
    })
    .await;
    html_theme(client, "light").await;

    // Edited in the dialog (Ctrl+,) and applied on save.
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009},\u{E000}")
        .await
        .expect("Ctrl+,");
    find(client, test_id("settings-dialog")).await;
    click(client, "settings-theme-dark").await;
    type_into(client, "settings-font-size", "40").await;
    // Checked inline before saving: the field says why, and Save waits.
    let problem = wait_for_text(client, test_id("settings-problem"), |text| !text.is_empty()).await;
    assert_eq!(problem, "must be from 11 to 24 (is 40)");
    assert!(
        !find(client, test_id("settings-save"))
            .await
            .is_enabled()
            .await
            .unwrap_or(true)
    );
    type_into(client, "settings-font-size", "18").await;
    find(client, test_id("settings-timestamp"))
        .await
        .select_by_value("clock12")
        .await
        .expect("12-hour clock");
    type_into(client, "settings-scrollback", "800").await;
    type_into(client, "settings-highlight-words", "raid\ngg\nRaid").await;
    click(client, "settings-notify-words").await;
    type_into(client, "settings-demo-rate", "60").await;
    screenshot(client, "settings-dialog").await;
    click(client, "settings-save").await;
    html_theme(client, "dark").await;
    let look = wait_js(
        client,
        "const c = document.querySelector('[data-testid=message-content]');
         const t = document.querySelector('[data-testid=message] .meta time');
         return c && t ? [getComputedStyle(c).fontSize, t.textContent] : null;",
        |look| look[0] == "18px",
    )
    .await;
    let time = look[1].as_str().unwrap_or_default();
    assert!(time.ends_with(" AM") || time.ends_with(" PM"), "{time}");
    let saved = app
        .settings()
        .get_settings(GetSettings {})
        .await
        .expect("settings");
    assert_eq!(
        saved,
        Settings {
            theme: Theme::Dark,
            font_size: 18,
            timestamp_format: TimestampFormat::Clock12,
            scrollback: 800,
            highlight_words: vec!["raid".into(), "gg".into()],
            notifications: chatdeck_ipc::settings::Notifications {
                highlight_words: false,
                ..Default::default()
            },
            demo_audience_per_minute: 60,
            ..Settings::default()
        }
    );
    screenshot(client, "settings-applied-dark").await;

    // Exported to one file.
    find(client, Locator::Css("body"))
        .await
        .send_keys("\u{E009},\u{E000}")
        .await
        .expect("Ctrl+,");
    click(client, "settings-export").await;
    let result = wait_for_text(client, test_id("settings-backup-result"), |text| {
        text.starts_with("Saved to ")
    })
    .await;
    let path = export_dir.join("chatdeck-settings.json");
    assert_eq!(result, format!("Saved to {}", path.display()));
    let exported = std::fs::read_to_string(&path).expect("the exported file");
    assert_eq!(
        chatdeck_ipc::settings::parse_file(&exported),
        Ok(saved.clone())
    );

    // Changed since (elsewhere), then the file imported back.
    app.settings()
        .save_settings(SaveSettings {
            settings: Settings {
                font_size: 13,
                ..Settings::default()
            },
        })
        .await
        .expect("change");
    html_theme(client, "light").await;
    find(client, test_id("settings-import-file"))
        .await
        .send_keys(&path.display().to_string())
        .await
        .expect("choose the file");
    wait_for_text(client, test_id("settings-backup-result"), |text| {
        text == "Imported chatdeck-settings.json"
    })
    .await;
    html_theme(client, "dark").await;
    assert_eq!(
        app.settings()
            .get_settings(GetSettings {})
            .await
            .expect("settings"),
        saved
    );
    let words = find(client, test_id("settings-highlight-words"))
        .await
        .prop("value")
        .await
        .ok()
        .flatten();
    assert_eq!(words.as_deref(), Some("raid\ngg"));

    // A bad file: refused whole, with the field at fault; nothing changes.
    let bad = dir.path().join("bad-settings.json");
    std::fs::write(
        &bad,
        r#"{"format":"chatdeck-settings","version":1,"settings":{"theme":"light","font_size":99}}"#,
    )
    .expect("write");
    find(client, test_id("settings-import-file"))
        .await
        .send_keys(&bad.display().to_string())
        .await
        .expect("choose the bad file");
    let refused = wait_for_text(client, test_id("settings-backup-error"), |text| {
        !text.is_empty()
    })
    .await;
    assert_eq!(
        refused,
        "the settings file was not imported: font_size: must be from 11 to 24 (is 99)"
    );
    assert_eq!(
        app.settings()
            .get_settings(GetSettings {})
            .await
            .expect("settings"),
        saved
    );
    html_theme(client, "dark").await;
    let not_json = dir.path().join("notes.txt");
    std::fs::write(&not_json, "theme = dark").expect("write");
    find(client, test_id("settings-import-file"))
        .await
        .send_keys(&not_json.display().to_string())
        .await
        .expect("choose a text file");
    wait_for_text(client, test_id("settings-backup-error"), |text| {
        text.contains("not valid JSON")
    })
    .await;
    screenshot(client, "settings-import-refused").await;
    assert_eq!(
        app.settings()
            .get_settings(GetSettings {})
            .await
            .expect("settings"),
        saved
    );
    browser.close().await;
}
