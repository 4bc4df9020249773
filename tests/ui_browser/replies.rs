//! Replies on the guide's `messageReplyId` attribute, with the official JS SDK as the other
//! side: a reply made in Chatdeck reaches the SDK with the attribute, one the SDK sends shows
//! as a reply, and the quote says when its original is deleted or was never seen.

use chatdeck_ipc::command::DeleteMessage;
use serde_json::json;
use support::sdk_peer::SdkPeer;

use super::*;

/// The script returning the row whose text is `content`: its key, message id, state, focus
/// and its quote (`quote`: the quote's `data-state`, `text`), or null.
fn reply_row_script(content: &str) -> String {
    let content = serde_json::to_string(content).expect("a string");
    format!(
        "const row = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')].find(r => {{
            const c = r.querySelector('[data-testid=message-content]');
            return c && c.textContent === {content};
         }});
         if (!row) return null;
         const quote = row.querySelector('[data-testid=reply-quote]');
         return {{ key: row.dataset.key, id: row.dataset.messageId, state: row.dataset.state,
                  focused: row.dataset.focused,
                  quote: quote ? quote.dataset.state : null,
                  text: quote ? quote.textContent : null }};"
    )
}

async fn reply_row(
    client: &fantoccini::Client,
    content: &str,
    predicate: impl Fn(&Value) -> bool,
) -> Value {
    wait_js(client, &reply_row_script(content), |value| {
        !value.is_null() && predicate(value)
    })
    .await
}

/// The composer's "replying to" bar: its message id and text, or null.
const REPLY_TARGET: &str = "const bar = document.querySelector('[data-testid=reply-target]');
     return bar ? { id: bar.dataset.messageId, text: bar.textContent } : null;";

#[tokio::test(flavor = "multi_thread")]
async fn replies_carry_the_attribute_both_ways_quote_their_original_and_jump_to_it() {
    let dir = tempfile::tempdir().expect("data dir");
    let bridge = Bridge::start(config(&dir)).await;
    let arn = create_room(&bridge.app, "reply-room", None, None, None).await;
    let tab_id = open_tab(&bridge, &arn).await;
    let mut peer = SdkPeer::start(&bridge.app, &arn).await;
    peer.command(json!({"cmd": "open", "user": "sdk-user", "capabilities": ["SEND_MESSAGE"]}))
        .await;
    peer.next("connect").await;
    let browser = Browser::open(bridge).await;
    let client = &browser.client;
    badge(client, "connected").await;

    // Chatdeck answers the SDK's question: Reply on the row, the bar says what is answered.
    peer.command(json!({"cmd": "send", "user": "sdk-user", "content": "what time is the stream?"}))
        .await;
    let question = reply_row(client, "what time is the stream?", |row| {
        row["id"].as_str().is_some_and(|id| !id.is_empty())
    })
    .await;
    assert_eq!(question["quote"], Value::Null, "not a reply: {question}");
    let question_id = question["id"].as_str().unwrap_or_default().to_owned();
    let reply_button = format!(
        "[data-key=\"{}\"] [data-testid=reply-action]",
        question["key"].as_str().unwrap_or_default()
    );
    find(client, Locator::Css(&reply_button)).await;
    client
        .execute(
            &format!("document.querySelector('{reply_button}').click();"),
            vec![],
        )
        .await
        .expect("click reply");
    let bar = wait_js(client, REPLY_TARGET, |bar| !bar.is_null()).await;
    assert_eq!(bar["id"], question_id.as_str());
    let bar_text = bar["text"].as_str().unwrap_or_default();
    assert!(
        bar_text.contains("Replying to") && bar_text.contains("what time is the stream?"),
        "{bar}"
    );
    send_from_composer(client, "at eight").await;
    let answer = reply_row(client, "at eight", |row| {
        row["state"] == "confirmed" && row["quote"] == "available"
    })
    .await;
    assert!(
        answer["text"]
            .as_str()
            .is_some_and(|text| text.contains("what time is the stream?")),
        "the quote names the original: {answer}"
    );
    assert_eq!(
        wait_js(client, REPLY_TARGET, Value::is_null).await,
        Value::Null,
        "the bar goes once the reply is sent"
    );
    // The SDK sees the reply with the attribute the guide names.
    let seen = peer
        .next_matching("message", |message| message["content"] == "at eight")
        .await;
    assert_eq!(seen["attributes"]["messageReplyId"], question_id.as_str());
    screenshot(client, "reply-thread").await;

    // The SDK answers Chatdeck's message: it shows as a reply, and its quote leads back.
    let answer_id = answer["id"].as_str().unwrap_or_default().to_owned();
    peer.command(
        json!({"cmd": "send", "user": "sdk-user", "content": "thanks!",
                        "attributes": {"messageReplyId": answer_id}}),
    )
    .await;
    let thanks = reply_row(client, "thanks!", |row| row["quote"] == "available").await;
    assert!(
        thanks["text"]
            .as_str()
            .is_some_and(|text| text.contains("at eight")),
        "{thanks}"
    );
    let quote = format!(
        "[data-key=\"{}\"] [data-testid=reply-quote]",
        thanks["key"].as_str().unwrap_or_default()
    );
    click_on(client, Locator::Css(&quote)).await;
    reply_row(client, "at eight", |row| row["focused"] == "true").await;

    // A reply to a message this client never saw says so; R on it starts an answer, Escape
    // in the composer stops.
    peer.command(
        json!({"cmd": "send", "user": "sdk-user", "content": "as I said before",
                        "attributes": {"messageReplyId": "neverSeen1234"}}),
    )
    .await;
    let orphan = reply_row(client, "as I said before", |row| row["quote"] == "missing").await;
    assert_eq!(orphan["text"], "↪original message not available");
    client
        .execute(
            &format!(
                "document.querySelector('[data-key=\"{}\"]').focus();",
                orphan["key"].as_str().unwrap_or_default()
            ),
            vec![],
        )
        .await
        .expect("focus the row");
    client
        .active_element()
        .await
        .expect("the focused row")
        .send_keys("r")
        .await
        .expect("press R");
    let bar = wait_js(client, REPLY_TARGET, |bar| !bar.is_null()).await;
    assert_eq!(bar["id"], orphan["id"]);
    find(client, test_id("composer-input"))
        .await
        .send_keys("\u{E00C}")
        .await
        .expect("press Escape");
    wait_js(client, REPLY_TARGET, Value::is_null).await;

    // A moderator deletes the question: the quote above the answer says so.
    browser
        .bridge
        .app
        .tabs()
        .delete_message(DeleteMessage {
            tab_id,
            key: question["key"].as_str().unwrap_or_default().into(),
            reason: None,
        })
        .await
        .expect("delete");
    let answer = reply_row(client, "at eight", |row| row["quote"] == "deleted").await;
    assert!(
        answer["text"]
            .as_str()
            .is_some_and(|text| text.contains("message deleted")),
        "{answer}"
    );
    peer.quit().await;
    browser.close().await;
}
