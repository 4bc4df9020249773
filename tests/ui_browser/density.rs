//! The list's density and the health strip, chosen in Settings: compact rows set time, name
//! and text on one line (each row naming its sender), cozy rows the name above the text
//! (grouped); the health strip can be hidden; both kept after a reload.

use chatdeck_ipc::settings::Density;

use super::*;

/// The layout of the row whose text is `content`: the list's density, where its time, name
/// and text sit (null for what is not drawn), and its height.
fn layout_script(content: &str) -> String {
    let content = serde_json::to_string(content).expect("a string");
    format!(
        "const list = document.querySelector('[data-testid=room] [data-testid=message-list]');
         const row = [...list.querySelectorAll('[data-testid=message]')].find(r => {{
            const c = r.querySelector('[data-testid=message-content]');
            return c && c.textContent === {content};
         }});
         if (!row) return null;
         const box = (el) => {{ if (!el) return null; const r = el.getBoundingClientRect();
             return r.width > 0 && getComputedStyle(el).visibility !== 'hidden'
                 ? {{ left: r.left, right: r.right, top: r.top, bottom: r.bottom }} : null; }};
         const times = [...row.querySelectorAll('time')].map(box).filter(b => b);
         return {{ density: list.dataset.density, height: row.getBoundingClientRect().height,
                  time: times[0] || null,
                  name: box(row.querySelector('[data-testid=message-sender]')),
                  colon: box(row.querySelector('.name-colon')),
                  text: box(row.querySelector('[data-testid=message-content]')),
                  health: !!document.querySelector('[data-testid=health-strip]') }};"
    )
}

async fn layout(
    client: &fantoccini::Client,
    content: &str,
    predicate: impl Fn(&Value) -> bool,
) -> Value {
    wait_js(client, &layout_script(content), |value| {
        !value.is_null() && predicate(value)
    })
    .await
}

fn at(value: &Value, part: &str, edge: &str) -> f64 {
    value[part][edge].as_f64().unwrap_or(f64::NAN)
}

#[tokio::test(flavor = "multi_thread")]
async fn compact_rows_keep_time_name_and_text_on_one_line_and_the_health_strip_can_go() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "density-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (maya, _updates) = other_client(
        &bridge.app,
        &arn,
        "maya",
        "Maya",
        &[Capability::SendMessage],
    )
    .await;
    for line in ["first of two", "second of two"] {
        maya.send_message(line, Attributes::new())
            .await
            .expect("send");
    }
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;

    // Cozy, as before: the name above the text, the second message grouped under it.
    let cozy_first = layout(client, "first of two", |row| row["health"] == true).await;
    assert_eq!(cozy_first["density"], "cozy");
    assert!(
        at(&cozy_first, "name", "bottom") <= at(&cozy_first, "text", "top") + 1.0,
        "the name stands above the text: {cozy_first}"
    );
    assert!(
        cozy_first["colon"].is_null(),
        "no colon under a name: {cozy_first}"
    );
    let cozy_second = layout(client, "second of two", |_| true).await;
    assert!(cozy_second["name"].is_null(), "grouped: {cozy_second}");

    // Settings: compact rows, no health strip.
    click(client, "settings-open").await;
    find(client, test_id("settings-density"))
        .await
        .select_by_value(Density::Compact.as_str())
        .await
        .expect("choose compact");
    click(client, "settings-show-health").await;
    client
        .execute(
            "document.querySelector('[data-testid=settings-density]').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .await
        .expect("scroll");
    screenshot(client, "settings-layout").await;
    click(client, "settings-save").await;

    let first = layout(client, "first of two", |row| {
        row["density"] == "compact" && row["health"] == false
    })
    .await;
    let second = layout(client, "second of two", |_| true).await;
    for row in [&first, &second] {
        // Time, then name and colon, then text, on one line.
        assert!(
            at(row, "time", "right") <= at(row, "name", "left")
                && at(row, "name", "right") <= at(row, "colon", "left")
                && at(row, "colon", "right") <= at(row, "text", "left"),
            "left to right: {row}"
        );
        for part in ["name", "colon", "text"] {
            assert!(
                (at(row, part, "top") - at(row, "time", "top")).abs() < 6.0,
                "{part} on the time's line: {row}"
            );
        }
        assert!(
            row["height"].as_f64().unwrap_or(f64::MAX)
                < cozy_first["height"].as_f64().unwrap_or(0.0),
            "a compact row is lower than a cozy one: {row} {cozy_first}"
        );
    }
    // A long line wraps under its name; one's own rows keep their tag.
    maya.send_message(
        &"a long line that wraps beneath the name ".repeat(6),
        Attributes::new(),
    )
    .await
    .expect("send");
    send_from_composer(client, "my own line").await;
    row(client, "my own line", |row| row["state"] == "confirmed").await;
    screenshot(client, "density-compact").await;

    // Kept: the saved settings come back after a reload.
    client.refresh().await.expect("reload");
    badge(client, "connected").await;
    layout(client, "second of two", |row| {
        row["density"] == "compact" && row["health"] == false && !row["name"].is_null()
    })
    .await;
    browser.close().await;
}
