//! What the session does with each update of its room: the connection's state, the token's
//! session, messages, events and moderation, each in its own step.

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::model::{Connection, ConnectionState, Deletion, LineKey};
use chatdeck_l10n::Args;
use ivs_chat_client::{Reason, SessionInfo, Update};
use ivs_chat_protocol::messaging::ChatMessage;

use super::Actor;
use crate::app::session::lines::{self, who};
use crate::app::session::reasons::state_words;

/// A moderator's reason worth saying: one with words in it.
fn given(reason: Option<&str>) -> Option<&str> {
    reason.filter(|reason| !reason.trim().is_empty())
}

impl Actor {
    /// Applies one update of the room.
    pub(super) async fn update(&mut self, update: Update) {
        match update {
            Update::State { state, reason } => self.on_state(state, reason).await,
            Update::Session(info) => self.on_session(info),
            Update::Message(message) => self.on_message(&message).await,
            Update::Event(event) => self.touch_new(lines::event_line(&event)),
            Update::MessageDeleted {
                message_id,
                reason,
                request_id,
                ..
            } => {
                self.on_message_deleted(&message_id, reason, request_id.as_deref())
                    .await;
            }
            Update::UserDisconnected {
                id,
                user_id,
                reason,
                request_id,
                send_time,
            } => {
                let mine = self.was_mine(request_id.as_deref());
                let said = match (mine, given(reason.as_deref())) {
                    (true, None) => "shell-notice-disconnected-by-you",
                    (true, Some(_)) => "shell-notice-disconnected-by-you-because",
                    (false, None) => "shell-notice-disconnected",
                    (false, Some(_)) => "shell-notice-disconnected-because",
                };
                let args = Args::new()
                    .with("user", user_id.as_str())
                    .with("reason", given(reason.as_deref()).unwrap_or_default());
                let text = self.setup.language.text_with(said, &args);
                self.touch_new(lines::notice_line(
                    LineKey::from(id),
                    text.clone(),
                    lines::millis(send_time),
                ));
                self.note(text);
            }
            Update::Request {
                request_id,
                action,
                status,
            } => self.request(request_id, action, status).await,
        }
    }

    /// The connection changed: lines gathered so far go out first, a gap marker follows a
    /// loss, and the badge says why.
    async fn on_state(&mut self, state: ivs_chat_client::ConnectionState, reason: Option<Reason>) {
        let state = match state {
            ivs_chat_client::ConnectionState::Connecting => ConnectionState::Connecting,
            ivs_chat_client::ConnectionState::Connected => ConnectionState::Connected,
            ivs_chat_client::ConnectionState::Disconnected => ConnectionState::Disconnected,
        };
        let connection = Connection {
            state,
            reason: reason.as_ref().map(state_words),
        };
        tracing::info!(tab = %self.setup.tab_id, state = state.as_str(), reason = reason.as_ref().map(Reason::name), "connection");
        self.health.state(state);
        // Lines already gathered belong before the state change.
        self.flush().await;
        let language = self.setup.language.get();
        if let Some(gap) = self
            .gaps
            .state(state, reason.as_ref(), lines::now_ms(), language)
        {
            // In the room's timeline like the messages around it: under a chat delay it
            // waits with them, so it stays between them.
            self.touch_new(gap);
        }
        self.set_live(|live| live.connection = connection.clone());
        self.emit(UiEventBody::Connection {
            tab_id: self.tab_id(),
            connection,
        });
    }

    /// A new token: who this client is and what it may do (the profile's request where the
    /// token provider cannot say).
    fn on_session(&mut self, info: SessionInfo) {
        self.health.session(info.session_expiration_time);
        let capabilities: Vec<_> = match info.capabilities {
            Some(known) => known,
            None => self.setup.requested.clone(),
        };
        let user_id = info.user_id;
        self.set_live(|live| {
            live.user_id = user_id.clone();
            live.capabilities = capabilities.clone();
        });
        self.emit(UiEventBody::Session {
            tab_id: self.tab_id(),
            user_id,
            capabilities,
        });
    }

    /// A message: this client's own echo settles its pending line (same key), anyone
    /// else's is a new line.
    async fn on_message(&mut self, message: &ChatMessage) {
        self.health.message(tokio::time::Instant::now());
        let ours = message
            .request_id
            .as_deref()
            .filter(|id| self.sends.contains_key(*id))
            .map(LineKey::from);
        let own = ours.is_some() || message.sender.user_id == self.setup.me.user_id;
        let key = ours.unwrap_or_else(|| LineKey::from(message.id.as_str()));
        let mut line = lines::message_line(message, key, own);
        match self.line(&line.key).await {
            Some(previous) => {
                line.position = previous.position;
                self.touch(line);
            }
            None => self.touch_new(line),
        }
    }

    /// A deletion: the line collapses, and the moderation log says who deleted whose.
    async fn on_message_deleted(
        &mut self,
        message_id: &str,
        reason: Option<String>,
        request_id: Option<&str>,
    ) {
        let target = self.line_by_message_id(message_id).await;
        let author = target
            .as_ref()
            .and_then(|line| line.sender.as_ref())
            .map(|sender| who(&sender.user_id, Some(&sender.display_name)))
            .unwrap_or_else(|| self.setup.language.text("shell-log-someone"));
        if let Some(mut line) = target {
            line.deleted = Some(Deletion {
                reason: reason.clone(),
            });
            self.touch(line);
        }
        let id = match (self.was_mine(request_id), given(reason.as_deref())) {
            (true, None) => "shell-log-you-deleted",
            (true, Some(_)) => "shell-log-you-deleted-because",
            (false, None) => "shell-log-deleted",
            (false, Some(_)) => "shell-log-deleted-because",
        };
        let args = Args::new()
            .with("author", author)
            .with("reason", given(reason.as_deref()).unwrap_or_default());
        let text = self.setup.language.text_with(id, &args);
        self.note(text);
    }

    /// Whether a moderation event answers a request of this client (forgetting it).
    fn was_mine(&mut self, request_id: Option<&str>) -> bool {
        request_id
            .and_then(|id| self.moderation.remove(id))
            .is_some()
    }
}
