//! The room console over the local service's control plane: a room made with a review
//! handler and a logging configuration that then works, inline validation that sends
//! nothing, and a refusal that names its field.

use super::*;

/// Types into the input with this test id, replacing what was there.
async fn fill(client: &fantoccini::Client, id: &str, text: &str) {
    let input = find(client, test_id(id)).await;
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("type");
}

/// The rooms the local service has, by name.
async fn room_names(app: &chatdeck::app::App) -> Vec<String> {
    let rooms = app
        .local()
        .control()
        .list_rooms()
        .send()
        .await
        .expect("ListRooms");
    rooms
        .rooms()
        .iter()
        .map(|room| room.name().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_creates_a_room_with_a_review_handler_and_logging_that_works() {
    use ivs_chat_protocol::chat_log::ChatLogRecord;

    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let handler = ReviewHandler::start().await;
    let app = bridge.app.clone();
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    find(client, Locator::Css("[data-testid=app][data-ready=true]")).await;
    click(client, "console-open").await;
    find(client, test_id("console-dialog")).await;

    // A CloudWatch Logs configuration.
    click(client, "console-section-logging").await;
    click(client, "logging-new").await;
    fill(client, "logging-form-name", "chat-logs").await;
    find(client, test_id("logging-form-kind"))
        .await
        .select_by_value("cloudwatch")
        .await
        .expect("pick CloudWatch Logs");
    fill(client, "logging-form-target", "/chatdeck/console-test").await;
    click(client, "logging-form-submit").await;
    let logging = find(
        client,
        Locator::Css("[data-testid=logging-row][data-name=chat-logs]"),
    )
    .await;
    let logging_arn = logging
        .attr("data-arn")
        .await
        .ok()
        .flatten()
        .expect("the configuration's ARN");
    screenshot(client, "console-logging").await;

    // The room: limits, the review handler with fallback DENY, the logging configuration, tags.
    click(client, "console-section-rooms").await;
    click(client, "console-room-new").await;
    fill(client, "room-form-name", "streamer-room").await;
    fill(client, "room-form-max-length", "200").await;
    fill(client, "room-form-max-rate", "5").await;
    fill(client, "room-form-review-uri", &handler.url).await;
    click(client, "room-form-fallback-deny").await;
    click_on(
        client,
        Locator::Css(&format!(
            "[data-testid=room-form-logging-option][data-arn=\"{logging_arn}\"]"
        )),
    )
    .await;
    fill(client, "room-form-tags", "team=stream\nenv=test").await;
    let problems = client
        .execute(
            "return document.querySelectorAll('[data-testid=console-field-error]').length;",
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(problems, 0, "a valid room shows no problem");
    // docs/console.png is this screenshot, copied from target/ui-screenshots/.
    screenshot(client, "console").await;
    click(client, "room-form-submit").await;
    wait_for_text(client, test_id("console-notice"), |text| {
        text.contains("Created room streamer-room")
    })
    .await;
    let created = find(
        client,
        Locator::Css("[data-testid=console-room-row][data-name=streamer-room]"),
    )
    .await;
    let arn = created
        .attr("data-arn")
        .await
        .ok()
        .flatten()
        .expect("an ARN");
    screenshot(client, "console-room-created").await;
    // The service holds what the form said.
    let room = app
        .local()
        .control()
        .get_room()
        .identifier(&arn)
        .send()
        .await
        .expect("GetRoom");
    assert_eq!(room.maximum_message_length(), Some(200));
    assert_eq!(room.maximum_message_rate_per_second(), Some(5));
    let review = room.message_review_handler().expect("a review handler");
    assert_eq!(review.uri(), Some(handler.url.as_str()));
    assert_eq!(
        review.fallback_result(),
        Some(&aws_sdk_ivschat::types::FallbackResult::Deny)
    );
    assert_eq!(room.logging_configuration_identifiers(), [logging_arn]);
    assert_eq!(
        room.tags()
            .and_then(|tags| tags.get("team"))
            .map(String::as_str),
        Some("stream")
    );

    // Open it from the console: the review handler's verdict, then a message that is logged.
    let open = format!(
        "[data-testid=console-room-row][data-arn=\"{arn}\"] [data-testid=console-room-open]"
    );
    click_on(client, Locator::Css(&open)).await;
    wait_for_text(client, test_id("room-name"), |text| {
        text.contains("streamer-room")
    })
    .await;
    badge(client, "connected").await;
    send_from_composer(client, "buy spam now").await;
    let denied = row(client, "buy spam now", |row| row["state"] == "failed").await;
    assert_eq!(
        denied["failure"],
        "⚠ refused by the room's message review: no spam here"
    );
    send_from_composer(client, "hello logged world").await;
    row(client, "hello logged world", |row| {
        row["state"] == "confirmed"
    })
    .await;
    screenshot(client, "console-room-in-use").await;
    app.local().flush_logs().await;
    let id = arn.rsplit('/').next().unwrap_or_default();
    let log = app
        .local()
        .data_dir()
        .join("cloudwatch/chatdeck/console-test/aws/IVSChatLogs/1.0")
        .join(format!("room_{id}.log"));
    let text = std::fs::read_to_string(&log)
        .unwrap_or_else(|error| panic!("no chat log at {}: {error}", log.display()));
    let contents: Vec<String> = text
        .lines()
        .map(|line| {
            let record: ChatLogRecord =
                serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"));
            record.payload["Content"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        contents,
        ["hello logged world"],
        "the denied message is not logged"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_validation_error_shows_inline_without_a_call_and_a_refusal_names_its_field() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    // A room with 45 tags, edited below while someone else adds five more.
    let tags: Vec<(String, String)> = (0..45)
        .map(|n| (format!("k{n:02}"), format!("v{n}")))
        .collect();
    let mut create = app.local().control().create_room().name("tagged-room");
    for (key, value) in &tags {
        create = create.tags(key, value);
    }
    let tagged = create.send().await.expect("CreateRoom");
    let tagged_arn = tagged.arn().expect("an ARN").to_owned();
    let before = room_names(&app).await;

    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    find(client, Locator::Css("[data-testid=app][data-ready=true]")).await;
    click(client, "console-open").await;
    click(client, "console-room-new").await;
    fill(client, "room-form-name", "too long").await;
    fill(client, "room-form-max-length", "501").await;
    let length = wait_for_text(
        client,
        Locator::Css("[data-testid=console-field-error][data-field=maximumMessageLength]"),
        |text| !text.is_empty(),
    )
    .await;
    assert_eq!(length, "Member must have value less than or equal to 500");
    let name = find(
        client,
        Locator::Css("[data-testid=console-field-error][data-field=name]"),
    )
    .await;
    assert_eq!(
        name.text().await.unwrap_or_default(),
        "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*"
    );
    let submit = find(client, test_id("room-form-submit")).await;
    assert!(!submit.is_enabled().await.unwrap_or(true), "submit is off");
    // Enter in a field submits the form: still nothing goes out.
    find(client, test_id("room-form-name"))
        .await
        .send_keys("\u{E007}")
        .await
        .expect("Enter");
    screenshot(client, "console-validation").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(browser.bridge.invocations("console_create_room"), 0);
    assert_eq!(room_names(&app).await, before, "no room was made");
    // Fixed, the problems go.
    fill(client, "room-form-max-length", "500").await;
    fill(client, "room-form-name", "fine-name").await;
    wait_js(
        client,
        "return document.querySelectorAll('[data-testid=console-field-error]').length;",
        |count| count == 0,
    )
    .await;
    assert!(submit.is_enabled().await.unwrap_or(false));

    // Edit the tagged room; meanwhile five more tags arrive from elsewhere (50 in all).
    click(client, "room-form-submit").await;
    wait_for_text(client, test_id("console-notice"), |text| {
        text.contains("Created room fine-name")
    })
    .await;
    let edit = format!(
        "[data-testid=console-room-row][data-arn=\"{tagged_arn}\"] [data-testid=console-room-edit]"
    );
    // The list reloads after the create; the click lands on the row as it is then.
    click_on(client, Locator::Css(&edit)).await;
    let textarea = find(client, test_id("room-form-tags")).await;
    let mut more = app
        .local()
        .control()
        .tag_resource()
        .resource_arn(&tagged_arn);
    for n in 45..50 {
        more = more.tags(format!("k{n:02}"), format!("v{n}"));
    }
    more.send().await.expect("TagResource");
    textarea.send_keys("\nadded=1").await.expect("type a tag");
    let problems = client
        .execute(
            "return document.querySelectorAll('[data-testid=console-field-error]').length;",
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(problems, 0, "46 tags pass the check in the form");
    click(client, "room-form-submit").await;
    let refusal = find(
        client,
        Locator::Css("[data-testid=console-api-field][data-field=tags]"),
    )
    .await;
    assert!(
        refusal
            .text()
            .await
            .unwrap_or_default()
            .contains("Member must have length less than or equal to 50"),
        "the refusal names the field and the rule"
    );
    let marked = find(
        client,
        Locator::Css("[data-testid=console-field-error][data-field=tags]"),
    )
    .await;
    assert!(
        marked
            .text()
            .await
            .unwrap_or_default()
            .contains("less than or equal to 50")
    );
    assert!(
        find(client, test_id("console-api-error"))
            .await
            .text()
            .await
            .unwrap_or_default()
            .contains("ValidationException")
    );
    assert_eq!(browser.bridge.invocations("console_update_room"), 1);
    client
        .execute(
            "document.querySelector('[data-testid=console-api-error]').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .expect("scroll to the refusal");
    screenshot(client, "console-api-error").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_filters_rooms_acts_on_a_room_and_edits_and_deletes() {
    use aws_sdk_ivschat::types::{
        CloudWatchLogsDestinationConfiguration, DestinationConfiguration, MessageReviewHandler,
    };

    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let app = bridge.app.clone();
    let control = app.local().control().clone();
    let destination = |group: &str| {
        DestinationConfiguration::CloudWatchLogs(
            CloudWatchLogsDestinationConfiguration::builder()
                .log_group_name(group)
                .build()
                .expect("a destination"),
        )
    };
    let used = control
        .create_logging_configuration()
        .name("used-logs")
        .destination_configuration(destination("/used"))
        .send()
        .await
        .expect("CreateLoggingConfiguration");
    let used_arn = used.arn().expect("an ARN").to_owned();
    let spare = control
        .create_logging_configuration()
        .name("spare-logs")
        .destination_configuration(destination("/spare"))
        .send()
        .await
        .expect("CreateLoggingConfiguration");
    let spare_arn = spare.arn().expect("an ARN").to_owned();
    let alpha = control
        .create_room()
        .name("alpha")
        .logging_configuration_identifiers(&used_arn)
        .send()
        .await
        .expect("CreateRoom");
    let alpha_arn = alpha.arn().expect("an ARN").to_owned();
    create_room(&app, "beta", None, None, None).await;
    control
        .create_room()
        .name("gamma")
        .message_review_handler(
            MessageReviewHandler::builder()
                .uri("http://127.0.0.1:9/review")
                .build(),
        )
        .send()
        .await
        .expect("CreateRoom");
    open_tab(&bridge, &alpha_arn).await;
    let (viewer, mut viewer_updates) = other_client(
        &app,
        &alpha_arn,
        "viewer",
        "Viewer",
        &[Capability::SendMessage],
    )
    .await;
    viewer
        .send_message("to be removed", Attributes::new())
        .await
        .expect("send");
    let Update::Message(message) = wait_for(
        &mut viewer_updates,
        |update| matches!(update, Update::Message(message) if message.content == "to be removed"),
    )
    .await
    else {
        unreachable!("picked a message");
    };
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    row(client, "to be removed", |_| true).await;
    click(client, "console-open").await;
    let names = "return [...document.querySelectorAll('[data-testid=console-room-row]')].map(r => r.dataset.name).sort().join(',');";
    wait_js(client, names, |names| names == "alpha,beta,gamma").await;

    // ListRooms' filters, one at a time.
    fill(client, "console-room-filter-name", "beta\u{E007}").await;
    find(client, test_id("console-room-filter-name"))
        .await
        .send_keys("\u{E004}")
        .await
        .expect("Tab out");
    wait_js(client, names, |names| names == "beta").await;
    fill(client, "console-room-filter-name", "").await;
    find(client, test_id("console-room-filter-handler"))
        .await
        .send_keys("http://127.0.0.1:9/review\u{E004}")
        .await
        .expect("type");
    wait_js(client, names, |names| names == "gamma").await;
    fill(client, "console-room-filter-handler", "").await;
    find(client, test_id("console-room-filter-logging"))
        .await
        .select_by_value(&used_arn)
        .await
        .expect("pick a configuration");
    wait_js(client, names, |names| names == "alpha").await;
    screenshot(client, "console-filtered").await;
    find(client, test_id("console-room-filter-logging"))
        .await
        .select_by_value("")
        .await
        .expect("any configuration");
    wait_js(client, names, |names| names == "alpha,beta,gamma").await;

    // Room actions on alpha: an event, a deletion by id, a disconnect.
    click(client, "console-section-actions").await;
    find(client, test_id("action-room"))
        .await
        .select_by_value(&alpha_arn)
        .await
        .expect("pick alpha");
    fill(client, "event-name", "app:ANNOUNCE").await;
    fill(client, "event-attributes", "text=hello all\ncolor=gold").await;
    click(client, "event-send").await;
    wait_for_text(client, test_id("action-result"), |text| {
        text.starts_with("Event sent")
    })
    .await;
    wait_js(
        client,
        "const e = document.querySelector('[data-testid=room] [data-kind=event] [data-testid=message-content]'); return e ? e.textContent : null;",
        |text| text.as_str().is_some_and(|text| text.contains("text=hello all")),
    )
    .await;
    fill(client, "delete-message-id", "short").await;
    let invalid = find(
        client,
        Locator::Css("[data-testid=console-field-error][data-field=id]"),
    )
    .await;
    assert_eq!(
        invalid.text().await.unwrap_or_default(),
        "Member must have length greater than or equal to 12"
    );
    assert!(
        !find(client, test_id("delete-message-submit"))
            .await
            .is_enabled()
            .await
            .unwrap_or(true)
    );
    fill(client, "delete-message-id", &message.id).await;
    fill(client, "delete-message-reason", "cleanup").await;
    click(client, "delete-message-submit").await;
    wait_for_text(client, test_id("action-result"), |text| {
        text.starts_with("Message deleted")
    })
    .await;
    wait_js(
        client,
        &format!(
            "const row = document.querySelector('[data-testid=room] [data-message-id=\"{}\"] [data-testid=message-deleted]'); return row ? row.textContent : null;",
            message.id
        ),
        |text| text == "deleted by a moderator (cleanup)",
    )
    .await;
    fill(client, "disconnect-user-id", "viewer").await;
    fill(client, "disconnect-reason", "closing time").await;
    click(client, "disconnect-submit").await;
    wait_for_text(client, test_id("action-result"), |text| {
        text == "viewer was disconnected"
    })
    .await;
    wait_for(&mut viewer_updates, |update| {
        matches!(update, Update::State { reason: Some(ivs_chat_client::Reason::Kicked { reason: Some(reason) }), .. } if reason == "closing time")
    })
    .await;
    screenshot(client, "console-actions").await;

    // Logging: edit one, fail to delete the one in use (in words), delete the other.
    click(client, "console-section-logging").await;
    let row_of = |arn: &str| format!("[data-testid=logging-row][data-arn=\"{arn}\"]");
    click_on(
        client,
        Locator::Css(&format!(
            "{} [data-testid=logging-edit]",
            row_of(&spare_arn)
        )),
    )
    .await;
    fill(client, "logging-form-target", "/spare/renamed").await;
    click(client, "logging-form-submit").await;
    wait_for_text(client, Locator::Css(&row_of(&spare_arn)), |text| {
        text.contains("/spare/renamed")
    })
    .await;
    let delete_logging = async |arn: &str| {
        for action in ["logging-delete", "logging-delete-confirm"] {
            click_on(
                client,
                Locator::Css(&format!("{} [data-testid={action}]", row_of(arn))),
            )
            .await;
        }
    };
    // The one in use first: the service's conflict is said on its row.
    delete_logging(&used_arn).await;
    let conflict = wait_for_text(
        client,
        Locator::Css(&format!(
            "{} [data-testid=console-row-error]",
            row_of(&used_arn)
        )),
        |text| !text.is_empty(),
    )
    .await;
    assert!(conflict.starts_with("ConflictException"), "{conflict}");
    delete_logging(&spare_arn).await;
    let arns = "return [...document.querySelectorAll('[data-testid=logging-row]')].map(r => r.dataset.arn);";
    let left = wait_js(client, arns, |arns| {
        arns.as_array().is_some_and(|arns| arns.len() == 1)
    })
    .await;
    assert_eq!(left, serde_json::json!([used_arn]));

    // Delete beta.
    click(client, "console-section-rooms").await;
    let beta = "[data-testid=console-room-row][data-name=beta]";
    click_on(
        client,
        Locator::Css(&format!("{beta} [data-testid=console-room-delete]")),
    )
    .await;
    click_on(
        client,
        Locator::Css(&format!("{beta} [data-testid=console-room-delete-confirm]")),
    )
    .await;
    wait_js(client, names, |names| names == "alpha,gamma").await;
    let mut left = room_names(&app).await;
    left.sort();
    assert_eq!(left, ["alpha", "gamma"]);
    browser.close().await;
}
