//! Incoming-frame parsing in the client, fuzzed: `Frame::parse` never panics on anything a
//! peer may send, valid frames round-trip, and the room's actor (which layers
//! de-duplication, request settling and system events on the parser) survives a hostile
//! service: it never panics, never invents or repeats a message, and still obeys commands.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chatdeck_faults::fuzz::{cases, frame, hostile_frame_text, mutated_frame};
use ivs_chat_client::connection::memory::MemoryConnector;
use ivs_chat_client::token::{ChatToken, FixedTokens};
use ivs_chat_client::{Config, ConnectionState, Endpoint, Room, Update};
use ivs_chat_protocol::messaging::{Frame, Incoming};
use proptest::prelude::*;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("runtime: {error}"))
}

/// Plays a hostile service for one room: accepts every dial, sends `texts` on the first
/// socket; returns the messages the room reported, then checks it still obeys a disconnect.
async fn feed_room(texts: Vec<String>) -> Result<Vec<String>, String> {
    let tokens = FixedTokens::new((0..32).map(|n| ChatToken::new(format!("tok-{n}"))));
    let endpoint = Endpoint::parse("ws://chat.test").map_err(|error| error.to_string())?;
    let mut config = Config::new(endpoint, Arc::new(tokens));
    config.backoff.base = Duration::from_millis(1);
    let (connector, mut dials) = MemoryConnector::new();
    let (room, mut updates, actor) = Room::with_connector(config, connector);
    let actor = tokio::spawn(actor);
    room.connect().await.map_err(|error| error.to_string())?;
    let dial = tokio::time::timeout(Duration::from_secs(5), dials.recv())
        .await
        .map_err(|_| "no dial".to_owned())?
        .ok_or("the room stopped dialling")?;
    let server = dial.accept();
    // Later dials (after a hostile ERROR 401 or close) are accepted and left quiet.
    let acceptor = tokio::spawn(async move {
        let mut ends = Vec::new();
        while let Some(dial) = dials.recv().await {
            ends.push(dial.accept());
        }
    });
    for text in texts {
        if !server.send_text(text).await {
            break;
        }
    }
    // The service cannot tell when the room has read everything; a disconnect queued after
    // the frames is handled after them, since the actor is one task.
    tokio::time::sleep(Duration::from_millis(20)).await;
    room.disconnect()
        .await
        .map_err(|error| format!("the room stopped: {error}"))?;
    let mut messages = Vec::new();
    let outcome = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(update) = updates.recv().await {
            match update {
                Update::Message(message) => messages.push(message.id),
                Update::State {
                    state: ConnectionState::Disconnected,
                    ..
                } => return Ok(()),
                _ => {}
            }
        }
        Err("the update stream ended: the actor died".to_owned())
    })
    .await;
    acceptor.abort();
    drop(room);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => return Err(error),
        Err(_) => return Err("the room never reported the disconnect".into()),
    }
    if let Ok(Err(error)) = tokio::time::timeout(Duration::from_secs(5), actor).await
        && error.is_panic()
    {
        return Err("the room's actor panicked".into());
    }
    Ok(messages)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn frame_parse_never_panics(text in hostile_frame_text(mutated_frame().boxed())) {
        let _ = Frame::parse(&text);
    }

    #[test]
    fn valid_frames_round_trip(frame in frame()) {
        prop_assert_eq!(Frame::parse(&frame.to_json()), Ok(Incoming::Frame(frame)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    #[test]
    fn the_room_survives_a_hostile_service(
        texts in proptest::collection::vec(hostile_frame_text(mutated_frame().boxed()), 1..12)
    ) {
        let parsed: HashSet<String> = texts
            .iter()
            .filter_map(|text| match Frame::parse(text) {
                Ok(Incoming::Frame(Frame::Message(message))) => Some(message.id),
                _ => None,
            })
            .collect();
        let messages = runtime().block_on(feed_room(texts));
        let messages = match messages {
            Ok(messages) => messages,
            Err(error) => return Err(TestCaseError::fail(error)),
        };
        let unique: HashSet<&String> = messages.iter().collect();
        prop_assert_eq!(unique.len(), messages.len(), "a message id was reported twice");
        for id in &messages {
            prop_assert!(parsed.contains(id), "the room reported a message that was never sent: {}", id);
        }
    }
}
