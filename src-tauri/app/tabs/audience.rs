//! The demo audience of a local room: a few simulated viewers, each a real ivs-chat-client
//! connection with its own token, chatting at a gentle pace so a newcomer has something to
//! read and moderate.

use std::sync::Arc;
use std::time::Duration;

use ivs_chat_client::{Config, Endpoint, Room};
use ivs_chat_protocol::{Attributes, Capability};
use rand::Rng;

use chatdeck_ipc::badge::{BADGES_ATTRIBUTE, COLOR_ATTRIBUTE};
use chatdeck_ipc::model::DemoAudience;

use crate::app::local::LocalService;

/// The simulated viewers: user id, display name, and the `badges` and `color` their tokens
/// carry, so a newcomer sees roles and name colors (the convention of chatdeck_ipc::badge).
const VIEWERS: [(&str, &str, &str, &str); 4] = [
    ("maya", "Maya", "moderator,subscriber", "#2e8b57"),
    ("theo", "Theo", "vip", ""),
    ("jun", "Jun", "", ""),
    ("priya", "Priya", "subscriber", "#c2185b"),
];

/// What they say, picked at random.
const LINES: [&str; 24] = [
    "hi everyone 👋",
    "just got here, what did I miss?",
    "the audio is much better today",
    "can you show that again?",
    "first time watching, this is great",
    "lol",
    "that was clean",
    "what keyboard is that?",
    "greetings from Lisbon",
    "is there a replay of yesterday's stream?",
    "gg",
    "how long have you been working on this?",
    "this chat is so chill",
    "any tips for beginners?",
    "brb, coffee",
    "back!",
    "no way 😮",
    "that's a good point",
    "can we get a poll for the next topic?",
    "love the new overlay",
    "thanks for answering my question earlier",
    "the latency is really low today",
    "🔥🔥🔥",
    "see you all tomorrow",
];

/// A tab's demo audience: none (the room is not the local service's), quiet, or talking.
#[derive(Debug)]
pub enum AudienceState {
    /// Rooms elsewhere have no simulated viewers.
    Unavailable,
    /// A local room whose audience is off.
    Off,
    /// The audience is talking.
    On(Audience),
}

impl AudienceState {
    /// What the UI shows of it.
    pub fn view(&self) -> DemoAudience {
        match self {
            AudienceState::Unavailable => DemoAudience::Unavailable,
            AudienceState::Off => DemoAudience::Off,
            AudienceState::On(_) => DemoAudience::On,
        }
    }
}

/// A running audience; dropping it stops everyone.
#[derive(Debug)]
pub struct Audience {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Audience {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Audience {
    /// Starts the viewers in `room_arn`, one message about every `interval` between them.
    pub fn start(local: Arc<LocalService>, room_arn: String, interval: Duration) -> Self {
        Self {
            task: tokio::spawn(run(local, room_arn, interval)),
        }
    }
}

async fn run(local: Arc<LocalService>, room_arn: String, interval: Duration) {
    let Ok(endpoint) = Endpoint::parse(local.messaging_endpoint()) else {
        return;
    };
    let mut viewers = Vec::new();
    for (user_id, name, badges, color) in VIEWERS {
        let attributes: Attributes = [
            ("displayName", name),
            (BADGES_ATTRIBUTE, badges),
            (COLOR_ATTRIBUTE, color),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
        let tokens = local.tokens(
            &room_arn,
            user_id,
            vec![Capability::SendMessage],
            attributes,
        );
        let (room, updates, engine) = Room::new(Config::new(endpoint.clone(), Arc::new(tokens)));
        tokio::spawn(engine);
        if room.connect().await.is_err() {
            return;
        }
        viewers.push((room, updates));
    }
    loop {
        let (pause, who, line) = {
            let mut random = rand::rng();
            let factor = random.random_range(0.5..1.5);
            (
                interval.mul_f64(factor),
                random.random_range(0..viewers.len()),
                LINES[random.random_range(0..LINES.len())],
            )
        };
        tokio::time::sleep(pause).await;
        for (_, updates) in &mut viewers {
            // Nobody reads the viewers' own updates; drain them so their engines never wait.
            while updates.try_recv().is_some() {}
        }
        if let Some((room, _)) = viewers.get(who)
            && let Err(error) = room.send_message(line, Attributes::new()).await
        {
            tracing::debug!(%error, "a demo viewer could not send");
        }
    }
}
