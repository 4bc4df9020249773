//! The flood: rooms made on the control plane and senders at 10 messages/s each, every
//! sender an `ivs-chat-client` room of its own in this process.

use std::time::Duration;

use ivs_chat_client::{RequestStatus, Room, Update};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::config;

/// Where the service listens.
pub struct Service {
    pub http: String,
    pub ws: String,
}

impl Service {
    /// Makes `count` rooms at the service's highest rate (100 messages/s); their ARNs.
    pub async fn create_rooms(&self, count: usize, name: &str) -> Vec<String> {
        let client = reqwest::Client::new();
        let mut arns = Vec::new();
        for n in 0..count {
            let created: Value = client
                .post(format!("{}/CreateRoom", self.http))
                .json(&json!({"name": format!("{name}-{n}"), "maximumMessageRatePerSecond": 100}))
                .send()
                .await
                .expect("CreateRoom")
                .json()
                .await
                .expect("CreateRoom's answer");
            arns.push(created["arn"].as_str().expect("an ARN").to_owned());
        }
        arns
    }

    /// Starts `senders` senders in each room for `seconds`; each task ends when its last
    /// message is settled, with its (confirmed, failed) counts.
    pub fn flood(
        &self,
        rooms: &[String],
        senders: u64,
        seconds: u64,
    ) -> Vec<JoinHandle<(u64, u64)>> {
        let mut flood = Vec::new();
        for (r, arn) in rooms.iter().enumerate() {
            for n in 0..senders {
                let user = format!("sender-{r}-{n}");
                let (room, updates, actor) = Room::new(config(&self.ws, &self.http, arn, &user));
                tokio::spawn(actor);
                flood.push(tokio::spawn(send(room, updates, user, seconds)));
            }
        }
        flood
    }
}

/// One sender: a message every 100 ms for `seconds`, then waits for the last to settle.
async fn send(
    room: Room,
    mut updates: ivs_chat_client::Updates,
    user: String,
    seconds: u64,
) -> (u64, u64) {
    room.connect().await.expect("a sender connects");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    let (mut confirmed, mut failed, mut pending) = (0u64, 0u64, 0u64);
    loop {
        tokio::select! {
            _ = ticker.tick(), if tokio::time::Instant::now() < deadline => {
                let text = format!("flood from {user}: the quick brown fox jumps over the lazy dog");
                room.send_message(text, Default::default()).await.expect("send");
                pending += 1;
            }
            update = updates.recv() => match update {
                Some(Update::Request { status: RequestStatus::Confirmed { .. }, .. }) => {
                    confirmed += 1;
                    pending -= 1;
                }
                Some(Update::Request { status: RequestStatus::Failed(_), .. }) => {
                    failed += 1;
                    pending -= 1;
                }
                Some(_) => {}
                None => break,
            },
        }
        if pending == 0 && tokio::time::Instant::now() >= deadline {
            break;
        }
    }
    (confirmed, failed)
}
