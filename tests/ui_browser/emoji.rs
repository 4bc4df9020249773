//! Emoji drawn in color by the font the UI ships, on a machine without an emoji font of its
//! own: another client's "hi everyone 👋" next to an unassigned code point, which can only be
//! drawn as the empty box.

use super::*;
use support::glyph::{EMOJI_FONT_STATUS_JS, glyph_in_message};

/// A waving hand, as a new user greets the room.
const GREETING: &str = "hi everyone \u{1F44B}";
/// U+10FFFD, a private-use code point no font here covers: the empty box ("tofu").
const TOFU: &str = "hi everyone \u{10FFFD}";

#[tokio::test(flavor = "multi_thread")]
async fn an_emoji_in_a_message_is_drawn_in_color_by_the_shipped_font_not_as_a_box() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "emoji-room", None, None, None).await;
    open_tab(&bridge, &arn).await;
    let (viewer, _updates) =
        other_client(&bridge.app, &arn, "ana", "Ana", &[Capability::SendMessage]).await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;
    let before = client
        .execute(EMOJI_FONT_STATUS_JS, vec![])
        .await
        .expect("execute");
    assert_eq!(
        before,
        serde_json::json!(["unloaded"]),
        "the emoji font is declared once and not loaded while no emoji is shown"
    );
    for text in [GREETING, TOFU] {
        viewer
            .send_message(text, Attributes::new())
            .await
            .expect("send");
    }

    // The font loads once the rows need it; they are drawn again with it.
    let loaded = wait_js(client, EMOJI_FONT_STATUS_JS, |status| {
        status == &serde_json::json!(["loaded"])
    })
    .await;
    assert_eq!(loaded, serde_json::json!(["loaded"]));
    let emoji = glyph_in_message(client, GREETING, "\u{1F44B}", |glyph| {
        glyph.colored_pixels() * 4 >= glyph.width * glyph.height
    })
    .await;
    let tofu = glyph_in_message(client, TOFU, "\u{10FFFD}", |glyph| glyph.inked_pixels() > 0).await;
    screenshot(client, "emoji-in-a-message").await;
    emoji.save("emoji-glyph");
    tofu.save("emoji-tofu-glyph");

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
    browser.close().await;
}
