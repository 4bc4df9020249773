//! Opening a tab (a new one, an existing one brought to front, or one restored at start).

use std::sync::Arc;
use std::time::Duration;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::model::{ProfileId, ProfileKind, Tab, TabId};
use chatdeck_l10n::Words;
use ivs_chat_client::Limits;

use super::audience::AudienceState;
use super::store::{LastRun, SavedTab};
use super::{Entry, Tabs, head};
use crate::app::connect;
use crate::app::local::DEMO_ROOM_NAME;
use crate::app::profiles::store::local_profile_id;
use crate::app::session::{Session, SessionSetup, lines};
use crate::error::AppError;

/// Reopens the last run's tabs, or the demo room on a first run.
pub async fn restore(tabs: Arc<Tabs>) {
    match tabs.store.take_last_run() {
        None => {}
        Some(LastRun::FirstRun) if !tabs.demo.options.first_run_demo => {}
        Some(LastRun::FirstRun) => match tabs.demo.local.demo_room().await {
            Ok(room) => {
                if let Err(error) = tabs.open(&local_profile_id(), &room.arn, None).await {
                    tracing::warn!(%error, "the demo room could not be opened");
                }
            }
            Err(error) => tracing::warn!(%error, "the demo room could not be created"),
        },
        Some(LastRun::Tabs(saved)) => {
            // The tab that was in front stays there while the others reopen, and so does
            // the split view.
            {
                let mut list = tabs.lock();
                list.active = saved.active.clone();
                list.split = saved.split.clone();
            }
            for tab in saved.tabs {
                if let Err(error) = tabs
                    .open(&tab.profile_id, &tab.room_arn, Some(tab.clone()))
                    .await
                {
                    tracing::warn!(%error, room = %tab.room_arn, "a tab could not be restored");
                }
            }
        }
    }
}

/// The end of an ARN (`room/abc123` → `abc123`), for a tab whose room name is unknown.
fn arn_tail(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}

impl Tabs {
    /// Opens `room_arn` with `profile_id` (as `saved` when restoring) and returns its view.
    pub(super) async fn open(
        &self,
        profile_id: &ProfileId,
        room_arn: &str,
        saved: Option<SavedTab>,
    ) -> Result<Tab, AppError> {
        let room_arn = room_arn.trim();
        if room_arn.is_empty() {
            return Err(AppError::Invalid(Words::new("shell-error-room-arn")));
        }
        if let Some(tab) = self.bring_to_front(profile_id, room_arn) {
            return self.fill(tab).await;
        }
        let profile = self.connector.profile(profile_id)?;
        let access = self.connector.access(profile_id, room_arn).await?;
        let (name, limits) = match &access.control {
            Some(control) => match connect::room_info(control, room_arn).await {
                Ok(info) => info,
                Err(error) => {
                    tracing::warn!(%error, room = %room_arn, "room details unavailable; using the defaults");
                    (String::new(), Limits::default())
                }
            },
            None => (String::new(), Limits::default()),
        };
        let restoring_tab = saved.is_some();
        let saved = saved.unwrap_or_else(|| SavedTab {
            id: TabId::new(uuid::Uuid::new_v4().simple().to_string()),
            profile_id: profile_id.clone(),
            room_arn: room_arn.to_owned(),
            room_name: String::new(),
            chat_delay_seconds: 0,
        });
        let saved = SavedTab {
            room_name: [name, saved.room_name.clone(), arn_tail(room_arn)]
                .into_iter()
                .find(|name| !name.is_empty())
                .unwrap_or_default(),
            ..saved
        };
        let settings = &profile.settings;
        let me = lines::sender(&settings.user_id, &connect::token_attributes(settings));
        let setup = SessionSetup {
            tab_id: saved.id.clone(),
            room_arn: room_arn.to_owned(),
            me,
            limits,
            requested: settings.capabilities.clone(),
            chat_delay: Duration::from_secs(u64::from(saved.chat_delay_seconds)),
            profile_id: saved.profile_id.clone(),
            filters: self.filters.clone(),
            language: self.settings.language(),
        };
        let session =
            Session::start(setup, access, self.events.clone(), self.history.clone()).await?;
        let audience = match settings.kind {
            ProfileKind::Local
                if self.demo.options.audience && saved.room_name == DEMO_ROOM_NAME =>
            {
                AudienceState::On(self.start_audience(room_arn))
            }
            ProfileKind::Local => AudienceState::Off,
            _ => AudienceState::Unavailable,
        };
        let entry = Entry {
            saved,
            profile_name: settings.name.clone(),
            maximum_message_length: limits.maximum_message_length,
            session: Arc::new(session),
            audience,
        };
        let tab = head(&entry);
        let active = self.add(entry, restoring_tab);
        tracing::info!(tab = %tab.id, room = %tab.room_arn, "tab opened");
        // Search hits name the room and open it again with this profile.
        if let Err(error) = self
            .history
            .remember_room(&tab.room_arn, &tab.room_name, &tab.profile_id)
            .await
        {
            tracing::warn!(%error, "the room could not be remembered for search");
        }
        let tab = self.fill(tab).await?;
        self.events.emit(UiEventBody::TabOpened {
            tab: tab.clone(),
            active,
        });
        self.session(&tab.id)?.session.connect().await?;
        Ok(tab)
    }

    /// The head of the tab already open on this room with this profile, now in front.
    fn bring_to_front(&self, profile_id: &ProfileId, room_arn: &str) -> Option<Tab> {
        let (tab, changed) = {
            let mut list = self.lock();
            let tab = list
                .entries
                .iter()
                .find(|entry| {
                    &entry.saved.profile_id == profile_id && entry.saved.room_arn == room_arn
                })
                .map(head)?;
            let changed = list.bring_to_front(&tab.id);
            self.persist(&list);
            (tab, changed)
        };
        self.split_changed(changed);
        Some(tab)
    }

    /// Adds an opened tab at the end; returns whether it is the tab in front. A new tab comes
    /// to front (in a split view, in the pane in front); a restored one only if it was in
    /// front (or nothing is yet).
    fn add(&self, entry: Entry, restoring: bool) -> bool {
        let (active, changed) = {
            let mut list = self.lock();
            let id = entry.saved.id.clone();
            let restored_front = list.active.as_ref() == Some(&id);
            list.entries.push(entry);
            let (active, changed) = if !restoring {
                (true, list.bring_to_front(&id))
            } else if restored_front || list.active.is_none() {
                list.active = Some(id);
                (true, None)
            } else {
                (false, None)
            };
            self.persist(&list);
            (active, changed)
        };
        self.split_changed(changed);
        active
    }
}
