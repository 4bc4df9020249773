//! The tab commands: open, close and activate tabs; send, retry, discard and moderate
//! messages; page a tab's history and its recent chatters; the demo audience and the chat
//! delay.

use std::time::Duration;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::chatters::{Chatter, RecentChatters};
use chatdeck_ipc::command::{
    ActivateTab, CloseTab, DeleteMessage, DiscardMessage, DisconnectUser, LoadOlder,
    MAX_CHAT_DELAY_SECONDS, MoveTab, OpenTab, Reconnect, RetryMessage, SendMessage, SetChatDelay,
    SetDemoAudience, UserMessages,
};
use chatdeck_ipc::model::{Line, Tab};
use chatdeck_ipc::reply;
use chatdeck_ipc::settings::filters::{IgnoreUser, IgnoredUser};
use chatdeck_ipc::split::{self, MAX_PANES, SetSplit};
use chatdeck_l10n::Words;

use super::Tabs;
use super::audience::AudienceState;
use crate::error::AppError;

/// Bound on one `load_older`, `user_messages` or `recent_chatters` answer.
const MAX_PAGE: u32 = 500;

impl Tabs {
    /// See [`OpenTab`].
    pub async fn open_tab(&self, request: OpenTab) -> Result<Tab, AppError> {
        self.open(&request.profile_id, &request.room_arn, None)
            .await
    }

    /// See [`CloseTab`].
    pub async fn close_tab(&self, request: CloseTab) -> Result<(), AppError> {
        let (entry, split_changed) = {
            let mut list = self.lock();
            let index = list
                .entries
                .iter()
                .position(|entry| entry.saved.id == request.tab_id)
                .ok_or_else(|| super::no_tab(&request.tab_id))?;
            let entry = list.entries.remove(index);
            if list.active.as_ref() == Some(&request.tab_id) {
                let next = index.min(list.entries.len().saturating_sub(1));
                list.active = list.entries.get(next).map(|entry| entry.saved.id.clone());
            }
            let active = list.active.take();
            let (split_changed, active) = split::take_out(&mut list.split, &request.tab_id, active);
            list.active = active;
            self.persist(&list);
            (entry, split_changed.then(|| list.split.clone()))
        };
        entry.session.disconnect().await;
        self.events.emit(UiEventBody::TabClosed {
            tab_id: request.tab_id,
        });
        self.split_changed(split_changed);
        Ok(())
    }

    /// See [`ActivateTab`].
    pub async fn activate_tab(&self, request: ActivateTab) -> Result<(), AppError> {
        let changed = {
            let mut list = self.lock();
            list.entry(&request.tab_id)?;
            let changed = list.bring_to_front(&request.tab_id);
            self.persist(&list);
            changed
        };
        self.split_changed(changed);
        Ok(())
    }

    /// See [`MoveTab`].
    pub async fn move_tab(&self, request: MoveTab) -> Result<(), AppError> {
        let mut list = self.lock();
        let from = list
            .entries
            .iter()
            .position(|entry| entry.saved.id == request.tab_id)
            .ok_or_else(|| super::no_tab(&request.tab_id))?;
        let entry = list.entries.remove(from);
        let to = usize::try_from(request.index)
            .unwrap_or(usize::MAX)
            .min(list.entries.len());
        list.entries.insert(to, entry);
        self.persist(&list);
        Ok(())
    }

    /// See [`SetSplit`].
    pub async fn set_split(&self, request: SetSplit) -> Result<(), AppError> {
        let tabs = request.tabs;
        if tabs.len() == 1 || tabs.len() > MAX_PANES {
            return Err(AppError::Invalid(
                Words::new("shell-error-split-size")
                    .with("max", MAX_PANES)
                    .with("count", tabs.len()),
            ));
        }
        let mut list = self.lock();
        for (index, tab_id) in tabs.iter().enumerate() {
            list.entry(tab_id)?;
            if tabs[..index].contains(tab_id) {
                return Err(AppError::Invalid(
                    Words::new("shell-error-split-twice").with("tab", format!("{tab_id:?}")),
                ));
            }
        }
        list.split = tabs.clone();
        self.persist(&list);
        drop(list);
        self.split_changed(Some(tabs));
        Ok(())
    }

    /// See [`Reconnect`].
    pub async fn reconnect(&self, request: Reconnect) -> Result<(), AppError> {
        self.session(&request.tab_id)?.session.connect().await
    }

    /// See [`SendMessage`].
    pub async fn send_message(&self, request: SendMessage) -> Result<Line, AppError> {
        if request.content.trim().is_empty() {
            return Err(AppError::Invalid(Words::new("shell-error-message-empty")));
        }
        if let Some(id) = &request.reply_to
            && !reply::is_message_id(id)
        {
            return Err(AppError::Invalid(Words::new("shell-error-reply-id")));
        }
        self.session(&request.tab_id)?
            .session
            .send(request.content, request.reply_to)
            .await
    }

    /// See [`RetryMessage`].
    pub async fn retry_message(&self, request: RetryMessage) -> Result<(), AppError> {
        self.session(&request.tab_id)?
            .session
            .retry(request.key)
            .await
    }

    /// See [`DiscardMessage`].
    pub async fn discard_message(&self, request: DiscardMessage) -> Result<(), AppError> {
        self.session(&request.tab_id)?
            .session
            .discard(request.key)
            .await
    }

    /// See [`DeleteMessage`].
    pub async fn delete_message(&self, request: DeleteMessage) -> Result<(), AppError> {
        let reason = request.reason.filter(|reason| !reason.trim().is_empty());
        self.session(&request.tab_id)?
            .session
            .delete(request.key, reason)
            .await
    }

    /// See [`DisconnectUser`].
    pub async fn disconnect_user(&self, request: DisconnectUser) -> Result<(), AppError> {
        let reason = request.reason.filter(|reason| !reason.trim().is_empty());
        self.session(&request.tab_id)?
            .session
            .kick(request.user_id, reason)
            .await
    }

    /// See [`LoadOlder`].
    pub async fn load_older(&self, request: LoadOlder) -> Result<Vec<Line>, AppError> {
        let tab = self.session(&request.tab_id)?;
        let mut lines = self
            .history
            .before(&tab.room_arn, request.before, request.limit.min(MAX_PAGE))
            .await?;
        tab.session.present(&mut lines);
        Ok(lines)
    }

    /// See [`UserMessages`].
    pub async fn user_messages(&self, request: UserMessages) -> Result<Vec<Line>, AppError> {
        let tab = self.session(&request.tab_id)?;
        let mut lines = self
            .history
            .by_sender(&tab.room_arn, &request.user_id, request.limit.min(MAX_PAGE))
            .await?;
        tab.session.present(&mut lines);
        Ok(lines)
    }

    /// See [`RecentChatters`].
    pub async fn recent_chatters(&self, request: RecentChatters) -> Result<Vec<Chatter>, AppError> {
        let room = self.session(&request.tab_id)?.room_arn.clone();
        Ok(self
            .history
            .recent_chatters(&room, request.limit.min(MAX_PAGE))
            .await?)
    }

    /// See [`IgnoreUser`]: a change of the settings, so the filters and every tab of the
    /// profile follow it like any other.
    pub async fn ignore_user(&self, request: IgnoreUser) -> Result<(), AppError> {
        let profile_id = self.profile_id(&request.tab_id)?;
        let user_id = request.user_id.trim().to_owned();
        if user_id.is_empty() {
            return Err(AppError::Invalid(Words::new("shell-error-ignore-nobody")));
        }
        self.settings.change_quietly(|settings| {
            let filters = settings.filters.entry(profile_id).or_default();
            filters.ignored_users.retain(|user| user.user_id != user_id);
            if request.ignore {
                filters.ignored_users.push(IgnoredUser {
                    user_id,
                    display_name: request.display_name,
                });
            }
        })?;
        Ok(())
    }

    /// See [`SetDemoAudience`].
    pub async fn set_demo_audience(&self, request: SetDemoAudience) -> Result<(), AppError> {
        {
            let mut list = self.lock();
            let entry = list.entry_mut(&request.tab_id)?;
            if let AudienceState::Unavailable = entry.audience {
                return Err(AppError::Invalid(Words::new("shell-error-demo-audience")));
            }
            entry.audience = if request.on {
                AudienceState::On(self.start_audience(&entry.saved.room_arn))
            } else {
                AudienceState::Off
            };
        }
        self.events.emit(UiEventBody::DemoAudience {
            tab_id: request.tab_id,
            on: request.on,
        });
        Ok(())
    }

    /// See [`SetChatDelay`].
    pub async fn set_chat_delay(&self, request: SetChatDelay) -> Result<(), AppError> {
        if request.seconds > MAX_CHAT_DELAY_SECONDS {
            return Err(AppError::Invalid(
                Words::new("shell-error-chat-delay").with("max", MAX_CHAT_DELAY_SECONDS),
            ));
        }
        let session = {
            let mut list = self.lock();
            let entry = list.entry_mut(&request.tab_id)?;
            entry.saved.chat_delay_seconds = request.seconds;
            let session = entry.session.clone();
            self.persist(&list);
            session
        };
        session
            .set_delay(Duration::from_secs(u64::from(request.seconds)))
            .await?;
        self.events.emit(UiEventBody::ChatDelay {
            tab_id: request.tab_id,
            seconds: request.seconds,
        });
        Ok(())
    }
}
