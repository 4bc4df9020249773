//! Mentions as they happen: which new lines name the user or a highlight word, and whether
//! that is worth a desktop notification.
//!
//! The [`Watcher`] sees every event as it goes out: it learns tabs and profiles from their
//! events and checks each batch of new lines. What it decides goes out as a `Mentions` event
//! (tab counters, the announcer, the Mentions view) and, when no Chatdeck window has focus,
//! as a notification request to the desktop.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use chatdeck_ipc::UiEventBody;
use chatdeck_ipc::mention::{Highlighter, Mention, MentionKind};
use chatdeck_ipc::model::{Line, LineKey, LineKind, ProfileId, ProfileSettings, Tab, TabId};
use chatdeck_ipc::settings::filters::Filtered;
use chatdeck_ipc::settings::{Notifications, Settings};
use chatdeck_l10n::{Args, Language, text_with};

use crate::app::desktop::{Desktop, DesktopRequest};
use crate::app::profiles::store::StoredProfile;

/// Two notifications are at least this far apart; mentions in between are counted into the
/// next one ("and 2 more").
pub const NOTIFY_GAP: Duration = Duration::from_secs(5);
/// Line keys remembered per tab, so a line updated later (deleted, say) is not news again.
const SEEN_PER_TAB: usize = 512;
/// Longest message text in a notification, in characters.
const NOTIFICATION_CHARS: usize = 200;

/// Whether a mention of `kind` is notified, given the user's choices, whether any Chatdeck
/// window has focus, and how long ago the last notification went out.
pub fn should_notify(
    notifications: &Notifications,
    kind: MentionKind,
    focused: bool,
    since_last: Option<Duration>,
) -> bool {
    let wanted = match kind {
        MentionKind::Name => notifications.mentions,
        MentionKind::Word => notifications.highlight_words,
    };
    wanted && !focused && since_last.is_none_or(|gap| gap >= NOTIFY_GAP)
}

/// Whether `line` is news that can mention the user: someone else's live, undeleted message.
fn is_news(line: &Line) -> bool {
    matches!(line.kind, LineKind::Message)
        && !line.own
        && !line.history
        && line.deleted.is_none()
        && line.sender.is_some()
        && !line.filtered.is_some_and(Filtered::hides)
}

/// A tab as the watcher knows it.
#[derive(Debug)]
struct Watched {
    room_arn: String,
    room_name: String,
    profile_id: ProfileId,
    /// Keys of lines already judged, newest last.
    seen: VecDeque<LineKey>,
    seen_set: HashSet<LineKey>,
}

#[derive(Debug, Default)]
struct State {
    tabs: HashMap<TabId, Watched>,
    /// Each profile's names (display name, user id), by profile id.
    names: HashMap<ProfileId, Vec<String>>,
    /// Labels of the windows that have focus.
    focused: HashSet<String>,
    last_notified: Option<Instant>,
    /// Mentions not notified because of the gap, told in the next notification.
    held_back: u32,
    /// What the tray shows: unread mentions and whether notifications are paused.
    status: MentionStatus,
}

/// Mentions as the tray shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MentionStatus {
    /// Mentions that arrived while no Chatdeck window had focus, since one last had it.
    pub unread: u32,
    /// The user paused notifications (from the tray): mentions still count and show in the
    /// app, but none raises a desktop notification.
    pub notifications_paused: bool,
}

/// The mention watcher.
#[derive(Debug)]
pub struct Watcher {
    /// A std Mutex: held while a batch is judged (no awaits inside).
    state: Mutex<State>,
    /// The status as it changes, for whoever shows it (the tray).
    status: watch::Sender<MentionStatus>,
}

fn names_of(settings: &ProfileSettings) -> Vec<String> {
    vec![settings.display_name.clone(), settings.user_id.clone()]
}

impl Watcher {
    /// A watcher that knows these profiles.
    pub fn new(profiles: &[StoredProfile]) -> Self {
        let state = State {
            names: profiles
                .iter()
                .map(|profile| (profile.id.clone(), names_of(&profile.settings)))
                .collect(),
            ..State::default()
        };
        Self {
            state: Mutex::new(state),
            status: watch::Sender::new(MentionStatus::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every profile's names, for the Mentions view across rooms.
    pub fn all_names(&self) -> Vec<String> {
        self.lock().names.values().flatten().cloned().collect()
    }

    fn watch(&self, tab: &Tab) {
        let mut state = self.lock();
        let watched = Watched {
            room_arn: tab.room_arn.clone(),
            room_name: tab.room_name.clone(),
            profile_id: tab.profile_id.clone(),
            seen: VecDeque::new(),
            seen_set: HashSet::new(),
        };
        let watched = state.tabs.entry(tab.id.clone()).or_insert(watched);
        // Lines the tab opened with are not news.
        for line in &tab.lines {
            remember(watched, &line.key);
        }
    }

    /// Looks at one outgoing event; returns the events it causes.
    pub fn observe(
        &self,
        body: &UiEventBody,
        settings: impl FnOnce() -> Settings,
        desktop: &Desktop,
    ) -> Vec<UiEventBody> {
        match body {
            UiEventBody::Profiles { profiles } => {
                self.lock().names = profiles
                    .iter()
                    .map(|profile| (profile.id.clone(), names_of(&profile.settings)))
                    .collect();
                Vec::new()
            }
            UiEventBody::TabOpened { tab, .. } => {
                self.watch(tab);
                Vec::new()
            }
            UiEventBody::TabClosed { tab_id } => {
                self.lock().tabs.remove(tab_id);
                Vec::new()
            }
            // Shown again under changed filters: nothing in them is news, even a line that
            // was hidden until now.
            UiEventBody::LinesReplaced { tab_id, lines } => {
                if let Some(watched) = self.lock().tabs.get_mut(tab_id) {
                    for line in lines {
                        remember(watched, &line.key);
                    }
                }
                Vec::new()
            }
            UiEventBody::Lines { tab_id, lines } => {
                if !lines.iter().any(is_news) {
                    return Vec::new();
                }
                self.judge(tab_id, lines, settings(), desktop)
            }
            _ => Vec::new(),
        }
    }

    fn judge(
        &self,
        tab_id: &TabId,
        lines: &[Line],
        settings: Settings,
        desktop: &Desktop,
    ) -> Vec<UiEventBody> {
        let mut state = self.lock();
        let State {
            tabs,
            names,
            focused,
            last_notified,
            held_back,
            status,
        } = &mut *state;
        let Some(watched) = tabs.get_mut(tab_id) else {
            return Vec::new();
        };
        let own_names = names.get(&watched.profile_id).cloned().unwrap_or_default();
        let highlighter = Highlighter::new(
            own_names.iter().map(String::as_str),
            settings.highlight_words.iter().map(String::as_str),
        );
        let mut mentions = Vec::new();
        for line in lines.iter().filter(|line| is_news(line)) {
            if !remember(watched, &line.key) {
                continue;
            }
            if let Some(kind) = highlighter.mention(&line.content) {
                mentions.push(Mention {
                    tab_id: Some(tab_id.clone()),
                    room_arn: watched.room_arn.clone(),
                    room_name: watched.room_name.clone(),
                    kind,
                    line: line.clone(),
                });
            }
        }
        if mentions.is_empty() {
            return Vec::new();
        }
        let now = Instant::now();
        let is_focused = !focused.is_empty();
        if !is_focused {
            status.unread = status.unread.saturating_add(mentions.len() as u32);
            self.publish(*status);
        }
        let since_last = last_notified.map(|at| now.duration_since(at));
        let mut notified = None;
        for mention in mentions.iter().filter(|_| !status.notifications_paused) {
            if notified.is_none()
                && should_notify(
                    &settings.notifications,
                    mention.kind,
                    is_focused,
                    since_last,
                )
            {
                notified = Some(mention);
            } else if should_notify(&settings.notifications, mention.kind, is_focused, None) {
                *held_back += 1;
            }
        }
        if let Some(mention) = notified {
            let others = std::mem::take(held_back);
            *last_notified = Some(now);
            let request = notification(mention, others, desktop.language().get());
            drop(state);
            // Failures are logged by the desktop; the mention still shows in the app.
            let _ = desktop.request(request);
        }
        vec![UiEventBody::Mentions { mentions }]
    }

    /// Whether any Chatdeck window has focus, as the windows reported it.
    pub fn any_focused(&self) -> bool {
        !self.lock().focused.is_empty()
    }

    /// A window gained or lost focus; one that gains it has shown the mentions.
    pub fn focus(&self, window: &str, focused: bool) {
        let mut state = self.lock();
        if focused {
            state.focused.insert(window.to_owned());
            state.status.unread = 0;
            self.publish(state.status);
        } else {
            state.focused.remove(window);
        }
    }

    /// Pauses or resumes desktop notifications.
    pub fn pause_notifications(&self, paused: bool) {
        let mut state = self.lock();
        state.status.notifications_paused = paused;
        // Mentions held back while paused are not told later.
        state.held_back = 0;
        self.publish(state.status);
    }

    /// The status now, and as it changes.
    pub fn status(&self) -> watch::Receiver<MentionStatus> {
        self.status.subscribe()
    }

    /// Tells watchers of a new status (called under the state lock, so they see the changes
    /// in order).
    fn publish(&self, status: MentionStatus) {
        self.status.send_if_modified(|current| {
            let changed = *current != status;
            *current = status;
            changed
        });
    }
}

/// Remembers a line key; false when it was already known.
fn remember(watched: &mut Watched, key: &LineKey) -> bool {
    if !watched.seen_set.insert(key.clone()) {
        return false;
    }
    watched.seen.push_back(key.clone());
    if watched.seen.len() > SEEN_PER_TAB
        && let Some(old) = watched.seen.pop_front()
    {
        watched.seen_set.remove(&old);
    }
    true
}

/// The notification for `mention` in `language`, counting `others` held back since the last
/// one.
fn notification(mention: &Mention, others: u32, language: Language) -> DesktopRequest {
    let sender = mention
        .line
        .sender
        .as_ref()
        .map(|sender| sender.display_name.clone())
        .unwrap_or_default();
    let sender: String = sender.chars().take(64).collect();
    let names = Args::new()
        .with("sender", sender)
        .with("room", mention.room_name.as_str());
    let title = match mention.kind {
        MentionKind::Name => text_with(language, "shell-notify-mentioned", &names),
        MentionKind::Word => text_with(language, "shell-notify-word", &names),
    };
    let mut body: String = mention
        .line
        .content
        .chars()
        .take(NOTIFICATION_CHARS)
        .collect();
    if mention.line.content.chars().count() > NOTIFICATION_CHARS {
        body.push('…');
    }
    if others > 0 {
        body.push('\n');
        body.push_str(&text_with(
            language,
            "shell-notify-more",
            &Args::new().with("count", others),
        ));
    }
    DesktopRequest::Notify {
        tab_id: mention.tab_id.clone().unwrap_or_default(),
        title,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_go_out_only_when_wanted_unfocused_and_not_too_often() {
        let all = Notifications::default();
        let words_off = Notifications {
            highlight_words: false,
            ..Notifications::default()
        };
        let long_ago = Some(NOTIFY_GAP * 2);
        let just_now = Some(Duration::from_millis(100));
        let cases = [
            (all, MentionKind::Name, false, None, true),
            (all, MentionKind::Name, true, None, false),
            (all, MentionKind::Word, false, long_ago, true),
            (all, MentionKind::Name, false, just_now, false),
            (words_off, MentionKind::Word, false, None, false),
            (words_off, MentionKind::Name, false, None, true),
        ];
        for (notifications, kind, focused, since, expected) in cases {
            assert_eq!(
                should_notify(&notifications, kind, focused, since),
                expected,
                "{notifications:?} {kind:?} focused={focused} {since:?}"
            );
        }
    }

    fn line(key: &str, content: &str) -> Line {
        Line {
            key: key.into(),
            position: 1,
            message_id: Some(key.into()),
            kind: LineKind::Message,
            sender: Some(chatdeck_ipc::model::Sender {
                user_id: "maya".into(),
                display_name: "Maya".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
            }),
            content: content.into(),
            attributes: Vec::new(),
            time_ms: 0,
            own: false,
            send: chatdeck_ipc::model::SendState::Confirmed,
            deleted: None,
            history: false,
            filtered: None,
        }
    }

    fn lines(tab_id: &str, lines: Vec<Line>) -> UiEventBody {
        UiEventBody::Lines {
            tab_id: tab_id.into(),
            lines,
        }
    }

    #[test]
    fn new_lines_naming_the_user_are_mentions_once_and_notified_only_unfocused() {
        let dir = tempfile::tempdir().expect("dir");
        let saved = crate::app::settings::SavedSettings::load(dir.path(), Duration::from_secs(2));
        saved
            .update(
                |settings| settings.highlight_words = vec!["raid".into()],
                chatdeck_l10n::Language::English,
            )
            .expect("settings");
        let desktop = Desktop::default();
        let profile = StoredProfile {
            id: "local".into(),
            settings: ProfileSettings {
                name: "Local".into(),
                kind: chatdeck_ipc::model::ProfileKind::Local,
                user_id: "host".into(),
                display_name: "Host".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
                capabilities: Vec::new(),
            },
        };
        let watcher = Watcher::new(&[profile]);
        let tab = Tab {
            id: "t1".into(),
            profile_id: "local".into(),
            profile_name: "Local".into(),
            room_arn: "arn:room/demo".into(),
            room_name: "demo".into(),
            connection: chatdeck_ipc::model::Connection {
                state: chatdeck_ipc::model::ConnectionState::Connected,
                reason: None,
            },
            user_id: Some("host".into()),
            capabilities: Vec::new(),
            maximum_message_length: 500,
            demo_audience: chatdeck_ipc::model::DemoAudience::Unavailable,
            chat_delay_seconds: 0,
            lines: vec![line("old", "host, from the snapshot")],
            moderation: Vec::new(),
            health: None,
        };
        let observe = |body: &UiEventBody| watcher.observe(body, || saved.get(), &desktop);
        let notified = || {
            desktop
                .requests()
                .iter()
                .filter(|r| matches!(r, DesktopRequest::Notify { .. }))
                .count()
        };
        assert!(observe(&UiEventBody::TabOpened { tab, active: true }).is_empty());
        watcher.focus("main", true);
        let own = Line {
            own: true,
            ..line("mine", "host here")
        };
        let history = Line {
            history: true,
            ..line("seen", "host before")
        };
        let ignored = Line {
            filtered: Some(Filtered::IgnoredUser),
            ..line("troll", "host, you are bad")
        };
        let caused = observe(&lines(
            "t1",
            vec![
                line("old", "host, from the snapshot"),
                own,
                history,
                ignored.clone(),
                line("plain", "nothing to see"),
                line("word", "raid soon"),
            ],
        ));
        let [UiEventBody::Mentions { mentions }] = caused.as_slice() else {
            panic!("one mentions event: {caused:?}");
        };
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].kind, MentionKind::Word);
        assert_eq!(notified(), 0, "a window has focus");
        // The same line again (deleted, say) is no news.
        assert!(observe(&lines("t1", vec![line("word", "raid soon")])).is_empty());
        watcher.focus("main", false);
        assert!(!watcher.any_focused());
        let caused = observe(&lines("t1", vec![line("name", "HOST! look")]));
        assert_eq!(caused.len(), 1);
        assert_eq!(notified(), 1);
        // Within the gap: counted, told in the next one.
        observe(&lines("t1", vec![line("name2", "host again")]));
        assert_eq!(notified(), 1);
        // The ignored user's line shown again (unignored): not news either.
        let unhidden = UiEventBody::LinesReplaced {
            tab_id: "t1".into(),
            lines: vec![Line {
                filtered: None,
                ..ignored
            }],
        };
        assert!(observe(&unhidden).is_empty());
        assert!(
            observe(&lines("t1", vec![line("troll", "host, you are bad")])).is_empty(),
            "remembered when shown again"
        );
        assert!(
            observe(&UiEventBody::TabClosed {
                tab_id: "t1".into()
            })
            .is_empty()
        );
        assert!(observe(&lines("t1", vec![line("late", "host?")])).is_empty());
    }

    #[test]
    fn a_notification_says_who_where_and_how_many_more() {
        let line = line("k", &"x".repeat(300));
        let mention = Mention {
            tab_id: Some("t1".into()),
            room_arn: "arn".into(),
            room_name: "demo".into(),
            kind: MentionKind::Name,
            line,
        };
        let DesktopRequest::Notify { title, body, .. } =
            notification(&mention, 2, Language::English)
        else {
            panic!("a notification");
        };
        assert_eq!(title, "Maya mentioned you in #demo");
        assert!(body.starts_with(&"x".repeat(200)));
        assert!(body.ends_with("\n(and 2 more mentions)"), "{body}");
        let DesktopRequest::Notify { title, body, .. } =
            notification(&mention, 1, Language::PortugueseBrazil)
        else {
            panic!("a notification");
        };
        assert_eq!(title, "Maya mencionou você em #demo");
        assert!(body.ends_with("\n(e mais 1 menção)"), "{body}");
    }
}
