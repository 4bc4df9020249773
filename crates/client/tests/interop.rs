//! Interop: the official JS SDK (Node) and the `ivs-chat` binary in the same local room see
//! each other's messages, deletes and kicks.

#![allow(clippy::unwrap_used)]

mod common;

use common::Local;
use common::process::{JsonProcess, ivs_chat, node_dir};
use serde_json::{Value, json};
use tokio::process::Command;

const ALL: [&str; 3] = ["SEND_MESSAGE", "DELETE_MESSAGE", "DISCONNECT_USER"];

fn is(value: &Value, fields: &[(&str, Value)]) -> bool {
    fields
        .iter()
        .all(|(key, expected)| &value[*key] == expected)
}

#[tokio::test]
async fn the_official_sdk_and_ivs_chat_see_each_other() {
    let mut local = Local::start(Default::default()).await;
    let room = local.create_room(json!({})).await;

    let mut node = Command::new("node");
    node.arg("interop-sdk-peer.mjs")
        .current_dir(node_dir())
        .env("IVS_CHAT_WS", local.ws())
        .env("IVS_CHAT_HTTP", local.http())
        .env("ROOM_ARN", &room);
    let mut js = JsonProcess::spawn("sdk peer", node);
    js.send(r#"{"cmd":"open","user":"js-mod","capabilities":["SEND_MESSAGE","DELETE_MESSAGE","DISCONNECT_USER"]}"#)
        .await;
    js.send(r#"{"cmd":"open","user":"js-victim","capabilities":["SEND_MESSAGE"]}"#)
        .await;
    for user in ["js-mod", "js-victim"] {
        js.expect("connect", |v| {
            is(v, &[("user", json!(user)), ("type", json!("connect"))])
        })
        .await;
    }
    let mut rust = JsonProcess::spawn(
        "ivs-chat mod",
        ivs_chat(&local.http(), &local.ws(), &room, "rust-mod", &ALL, &[]),
    );
    let mut victim = JsonProcess::spawn(
        "ivs-chat victim",
        ivs_chat(
            &local.http(),
            &local.ws(),
            &room,
            "rust-victim",
            &["SEND_MESSAGE"],
            &[],
        ),
    );
    for process in [&mut rust, &mut victim] {
        process
            .expect("connected", |v| {
                is(
                    v,
                    &[("type", json!("state")), ("state", json!("connected"))],
                )
            })
            .await;
    }

    // JS → Rust: a message.
    js.send(r#"{"cmd":"send","user":"js-mod","content":"hello from js"}"#)
        .await;
    let js_id = js
        .expect("send confirmed", |v| {
            is(v, &[("type", json!("confirmed")), ("cmd", json!("send"))])
        })
        .await["id"]
        .clone();
    let seen = rust
        .expect("the JS message", |v| {
            is(v, &[("type", json!("message")), ("id", js_id.clone())])
        })
        .await;
    assert_eq!(seen["content"], "hello from js");
    assert_eq!(seen["sender"]["userId"], "js-mod");

    // Rust → JS: a message, with its request id echoed.
    rust.send(r#"{"send":"hello from rust","attributes":{"lang":"rust"}}"#)
        .await;
    let confirmed = rust
        .expect("send confirmed", |v| {
            is(
                v,
                &[
                    ("type", json!("request")),
                    ("action", json!("send")),
                    ("status", json!("confirmed")),
                ],
            )
        })
        .await;
    let rust_id = confirmed["id"].clone();
    let seen = js
        .expect("the Rust message", |v| {
            is(
                v,
                &[
                    ("user", json!("js-mod")),
                    ("type", json!("message")),
                    ("id", rust_id.clone()),
                ],
            )
        })
        .await;
    assert_eq!(seen["content"], "hello from rust");
    assert_eq!(seen["senderId"], "rust-mod");
    assert_eq!(seen["requestId"], confirmed["requestId"]);

    // Rust deletes the JS message; JS deletes the Rust message.
    rust.send(&json!({"delete": js_id, "reason": "rust says no"}).to_string())
        .await;
    js.expect("the Rust delete", |v| {
        is(
            v,
            &[
                ("user", json!("js-mod")),
                ("type", json!("messageDelete")),
                ("messageId", js_id.clone()),
                ("reason", json!("rust says no")),
            ],
        )
    })
    .await;
    rust.expect("delete confirmed", |v| {
        is(
            v,
            &[
                ("type", json!("request")),
                ("action", json!("delete")),
                ("status", json!("confirmed")),
            ],
        )
    })
    .await;
    js.send(
        &json!({"cmd":"delete","user":"js-mod","id": rust_id, "reason":"js says no"}).to_string(),
    )
    .await;
    rust.expect("the JS delete", |v| {
        is(
            v,
            &[
                ("type", json!("messageDeleted")),
                ("messageId", rust_id.clone()),
                ("reason", json!("js says no")),
            ],
        )
    })
    .await;
    js.expect("delete confirmed", |v| {
        is(v, &[("type", json!("confirmed")), ("cmd", json!("delete"))])
    })
    .await;

    // Rust kicks a JS user: the SDK reports a server disconnect, everyone sees the event.
    rust.send(r#"{"kick":"js-victim","reason":"bye js"}"#).await;
    js.expect("the kicked SDK room", |v| {
        is(
            v,
            &[
                ("user", json!("js-victim")),
                ("type", json!("disconnect")),
                ("reason", json!("serverDisconnect")),
            ],
        )
    })
    .await;
    js.expect("the kick event", |v| {
        is(
            v,
            &[
                ("user", json!("js-mod")),
                ("type", json!("userDisconnect")),
                ("userId", json!("js-victim")),
                ("reason", json!("bye js")),
            ],
        )
    })
    .await;
    rust.expect("kick confirmed", |v| {
        is(
            v,
            &[
                ("type", json!("request")),
                ("action", json!("kick")),
                ("status", json!("confirmed")),
            ],
        )
    })
    .await;

    // JS kicks a Rust user: ivs-chat says why and exits.
    js.send(r#"{"cmd":"kick","user":"js-mod","target":"rust-victim","reason":"bye rust"}"#)
        .await;
    let state = victim
        .expect("the kick", |v| {
            is(
                v,
                &[("type", json!("state")), ("state", json!("disconnected"))],
            )
        })
        .await;
    assert_eq!(state["reason"], "kicked");
    assert_eq!(state["detail"], "kicked by a moderator: bye rust");
    assert!(victim.wait().await.success());
    rust.expect("the kick event", |v| {
        is(
            v,
            &[
                ("type", json!("userDisconnected")),
                ("userId", json!("rust-victim")),
                ("reason", json!("bye rust")),
            ],
        )
    })
    .await;
    js.expect("kick confirmed", |v| {
        is(v, &[("type", json!("confirmed")), ("cmd", json!("kick"))])
    })
    .await;

    // EOF: ivs-chat disconnects and exits 0.
    rust.close_stdin();
    let lines = rust.rest().await;
    let last = lines.last().unwrap();
    assert!(
        is(
            last,
            &[
                ("type", json!("state")),
                ("state", json!("disconnected")),
                ("reason", json!("clientDisconnect"))
            ]
        ),
        "{last}"
    );
    assert!(rust.wait().await.success());
    js.send(r#"{"cmd":"quit"}"#).await;
    assert!(js.wait().await.success());
    local.stop().await;
}
