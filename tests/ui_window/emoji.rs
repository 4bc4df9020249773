//! Emoji in the real window (WebKitGTK), on a machine without an emoji font of its own: the
//! font the UI ships draws "hi everyone 👋" in color, and an unassigned code point stays the
//! empty box.

use super::*;
use support::glyph::{EMOJI_FONT_STATUS_JS, glyph_in_message};

/// Puts `text` in the composer as typing would (WebDriver key input cannot carry characters
/// beyond the Basic Multilingual Plane) and sends it with Enter.
async fn send_typed(client: &fantoccini::Client, text: &str) {
    let input = find(client, test_id("composer-input")).await;
    let script = format!(
        "const input = document.querySelector('[data-testid=composer-input]');
         input.focus();
         input.value = {text};
         input.dispatchEvent(new Event('input', {{ bubbles: true }}));
         return input.value;",
        text = serde_json::to_string(text).expect("a string")
    );
    client
        .execute(&script, vec![])
        .await
        .expect("fill the composer");
    input.send_keys("\u{E007}").await.expect("press Enter");
    wait_js(client, &row_script(text), |row| row["state"] == "confirmed").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_draws_an_emoji_in_color_with_the_shipped_font() {
    let window = Window::open().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    send_typed(client, "hi everyone \u{1F44B}").await;
    send_typed(client, "hi everyone \u{10FFFD}").await;

    // The font loads once the rows need it; they are drawn again with it.
    let loaded = wait_js(client, EMOJI_FONT_STATUS_JS, |status| {
        status == &serde_json::json!(["loaded"])
    })
    .await;
    assert_eq!(loaded, serde_json::json!(["loaded"]));
    let emoji = glyph_in_message(client, "hi everyone \u{1F44B}", "\u{1F44B}", |glyph| {
        glyph.colored_pixels() * 4 >= glyph.width * glyph.height
    })
    .await;
    let tofu = glyph_in_message(client, "hi everyone \u{10FFFD}", "\u{10FFFD}", |glyph| {
        glyph.inked_pixels() > 0
    })
    .await;
    screenshot(client, "window-emoji-in-a-message").await;
    emoji.save("window-emoji-glyph");
    tofu.save("window-emoji-tofu-glyph");

    let area = emoji.width * emoji.height;
    let colored = emoji.colored_pixels();
    assert!(
        colored * 4 >= area,
        "the emoji is not drawn in color: {}",
        emoji.describe()
    );
    assert_eq!(
        tofu.colored_pixels(),
        0,
        "the empty box of an unassigned code point is drawn in the text color"
    );
    let differing = emoji.differing_pixels(&tofu);
    assert!(
        differing * 3 >= area,
        "the emoji looks like the empty box: only {differing} of {area} pixels differ"
    );
    window.close().await;
}
