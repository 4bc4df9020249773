//! The UI's state: a `reactive_stores::Store` with tabs keyed by id, so one tab changing
//! leaves the others alone; the message list keys its rows by line key, so one line changing
//! re-renders one row. [`apply`] is the only way events change the store; what the UI does
//! itself (a tab it opened, a window of lines it loaded) goes through this module's other
//! functions, so every change of the tabs is written here once.
//!
//! The shell decides every value; this module only places what it reports: events replace
//! by key, so applying an event twice (after a snapshot that already had it) is harmless.

use chatdeck_ipc::command::SnapshotOutput;
use chatdeck_ipc::health::{PurgeProgress, RoomHealth};
use chatdeck_ipc::mention::Mention;
use chatdeck_ipc::model::{
    Capability, Connection, DemoAudience, Line, LineKey, ModerationEntry, Profile, ProfileId, Tab,
    TabId,
};
use chatdeck_ipc::search::LinesAroundOutput;
use chatdeck_ipc::settings::Settings;
use chatdeck_ipc::split;
use chatdeck_ipc::{UiEvent, UiEventBody};
use leptos::prelude::*;
use reactive_stores::{Field, Store};

/// Lines kept per tab while the user follows the newest ones; older lines go and come back
/// from the history store when scrolled to.
pub const WINDOW: usize = 400;
/// Lines kept per tab while the user reads back (the window grows to this, then trims).
pub const MAX_WINDOW: usize = 2000;
/// Moderation-log entries kept per tab.
const MAX_MODERATION: usize = 200;
/// Recent mentions kept for the announcer.
const MAX_MENTION_FEED: usize = 100;

/// Everything the window shows.
#[derive(Debug, Clone, Default, Store)]
pub struct Chat {
    /// The last event applied.
    pub seq: u64,
    /// Saved profiles.
    pub profiles: Vec<Profile>,
    /// Open tabs, in order.
    #[store(key: TabId = |tab| tab.id.clone())]
    pub tabs: Vec<TabState>,
    /// The tab in front (in a split view, the pane with focus).
    pub active: Option<TabId>,
    /// The tabs shown side by side, left to right; empty for one room at a time (see
    /// [`panes`]).
    pub split: Vec<TabId>,
    /// The last error to show, if not dismissed.
    pub error: Option<String>,
    /// The user's settings.
    pub settings: Settings,
    /// The newest mentions as they arrived (bounded), for the announcer.
    pub mention_feed: Vec<Mention>,
    /// How many mentions arrived since start; the announcer reads the feed's new end.
    pub mention_seq: u64,
    /// An invite link waiting for the user's answer (or its refusal, to read).
    pub invite: Option<chatdeck_ipc::invite::InviteOffer>,
}

/// One tab as the UI keeps it.
#[derive(Debug, Clone, Store)]
pub struct TabState {
    /// The tab's id.
    pub id: TabId,
    /// The room's name.
    pub room_name: String,
    /// The room's ARN.
    pub room_arn: String,
    /// The profile it connects with (whose names are highlighted as mentions).
    pub profile_id: ProfileId,
    /// The profile's name.
    pub profile_name: String,
    /// The room's maximum message length.
    pub maximum_message_length: u32,
    /// The connection.
    pub connection: Connection,
    /// This client's user id in the room.
    pub user_id: Option<String>,
    /// What the token allows.
    pub capabilities: Vec<Capability>,
    /// Whether the room has a demo audience, and whether it talks.
    pub demo_audience: DemoAudience,
    /// How many seconds others' lines wait before they reach the list (0: none).
    pub chat_delay_seconds: u32,
    /// The in-memory window of lines, oldest first. Rows are keyed by line key in the list's
    /// `For` and each reads its line through a memo; the store itself does not key this
    /// field, because at 100 lines a second the keyed field's bookkeeping costs more than it
    /// saves.
    pub lines: Vec<Line>,
    /// The moderation log, oldest first.
    pub moderation: Vec<ModerationEntry>,
    /// New messages not seen yet (tab not in front, or scrolled up).
    pub unread: u32,
    /// Mentions not seen yet (tab not in front, or scrolled up).
    pub mentions: u32,
    /// Whether the list shows the newest line (set by the list as the user scrolls).
    pub following: bool,
    /// Whether older lines may exist in the history store.
    pub has_older: bool,
    /// The room's health strip, once the shell reported it.
    pub health: Option<RoomHealth>,
    /// The bulk purge running here, or the last one.
    pub purge: Option<PurgeProgress>,
    /// The line to bring into view and highlight (a search hit opened here).
    pub focus: Option<LineKey>,
    /// Whether the window reaches the live end of the room.
    pub window: Window,
    /// Live lines that arrived while the window was away from the live end (bounded), merged
    /// in when it gets back there, so none is missed between a reload's answer and its events.
    pub waiting: Vec<Line>,
}

/// Where a tab's window of lines stands against the live end of its room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    /// The window ends with the newest line; live lines are appended.
    #[default]
    Live,
    /// The window shows older lines (a search hit was opened): newer lines exist, and live
    /// lines are counted as unread rather than appended.
    Detached,
    /// The user sent a message while detached: the list reloads the newest lines.
    Reload,
}

impl TabState {
    /// The UI's state of a tab view.
    pub fn from_tab(tab: Tab) -> Self {
        Self {
            has_older: !tab.lines.is_empty(),
            id: tab.id,
            room_name: tab.room_name,
            room_arn: tab.room_arn,
            profile_id: tab.profile_id,
            profile_name: tab.profile_name,
            maximum_message_length: tab.maximum_message_length,
            connection: tab.connection,
            user_id: tab.user_id,
            capabilities: tab.capabilities,
            demo_audience: tab.demo_audience,
            chat_delay_seconds: tab.chat_delay_seconds,
            lines: tab.lines,
            moderation: tab.moderation,
            unread: 0,
            mentions: 0,
            following: true,
            health: tab.health,
            purge: None,
            focus: None,
            window: Window::Live,
            waiting: Vec::new(),
        }
    }
}

/// Replaces everything with a snapshot.
pub fn load_snapshot(store: Store<Chat>, snapshot: SnapshotOutput) {
    let active = snapshot
        .active_tab
        .filter(|id| snapshot.tabs.iter().any(|tab| &tab.id == id))
        .or_else(|| snapshot.tabs.first().map(|tab| tab.id.clone()));
    // Field by field, so the keyed collections learn their new keys.
    store.seq().set(snapshot.seq);
    store.profiles().set(snapshot.profiles);
    store
        .tabs()
        .set(snapshot.tabs.into_iter().map(TabState::from_tab).collect());
    store.active().set(active);
    store.split().set(snapshot.split);
    store.invite().set(snapshot.invite);
}

/// Applies one event, unless the snapshot (or an earlier event) already covered it.
pub fn apply(store: Store<Chat>, event: UiEvent) {
    if event.seq <= store.seq().get_untracked() {
        return;
    }
    store.seq().set(event.seq);
    match event.body {
        UiEventBody::Profiles { profiles } => store.profiles().set(profiles),
        UiEventBody::TabOpened { tab, active } => {
            let id = tab_opened(store, tab, OpenedBy::Event);
            if active || store.active().get_untracked().is_none() {
                store.active().set(Some(id));
            }
        }
        UiEventBody::TabActivated { tab_id } => {
            if store
                .tabs()
                .with_untracked(|tabs| tabs.iter().any(|tab| tab.id == tab_id))
            {
                store.active().set(Some(tab_id));
            }
        }
        UiEventBody::TabClosed { tab_id } => close_tab(store, &tab_id),
        UiEventBody::Split { tabs } => store.split().set(tabs),
        UiEventBody::Connection { tab_id, connection } => {
            change_tab(store, &tab_id, |tab| tab.connection().set(connection));
        }
        UiEventBody::Session {
            tab_id,
            user_id,
            capabilities,
        } => change_tab(store, &tab_id, |tab| {
            tab.user_id().set(user_id);
            tab.capabilities().set(capabilities);
        }),
        UiEventBody::Lines { tab_id, lines } => upsert_lines(store, &tab_id, lines),
        UiEventBody::LinesReplaced { tab_id, lines } => change_tab(store, &tab_id, |tab| {
            // The newest lines under changed filters: the window starts again from them.
            tab.has_older().set(!lines.is_empty());
            tab.waiting().write().clear();
            tab.window().set(Window::Live);
            tab.focus().set(None);
            tab.lines().set(lines);
        }),
        UiEventBody::LinesRemoved { tab_id, keys } => change_tab(store, &tab_id, |tab| {
            tab.lines().write().retain(|line| !keys.contains(&line.key));
        }),
        UiEventBody::Invite { offer } => store.invite().set(Some(offer)),
        UiEventBody::HistoryCleared { room_arn } => history_cleared(store, room_arn.as_deref()),
        UiEventBody::Moderation { tab_id, entries } => change_tab(store, &tab_id, |tab| {
            tab.moderation().update(|log| {
                log.extend(entries);
                let excess = log.len().saturating_sub(MAX_MODERATION);
                log.drain(..excess);
            });
        }),
        UiEventBody::DemoAudience { tab_id, on } => change_tab(store, &tab_id, |tab| {
            tab.demo_audience().set(DemoAudience::running(on));
        }),
        UiEventBody::ChatDelay { tab_id, seconds } => {
            change_tab(store, &tab_id, |tab| tab.chat_delay_seconds().set(seconds));
        }
        UiEventBody::Settings { settings } => store.settings().set(settings),
        UiEventBody::Mentions { mentions } => add_mentions(store, mentions),
        UiEventBody::Health { tab_id, health } => {
            change_tab(store, &tab_id, |tab| tab.health().set(Some(health)));
        }
        UiEventBody::Purge { tab_id, progress } => {
            change_tab(store, &tab_id, |tab| tab.purge().set(Some(progress)));
        }
    }
}

/// The history of `room_arn` (or of every room) was cleared: its tabs' lines, moderation
/// logs and mentions go, and nothing older is left to page back to.
fn history_cleared(store: Store<Chat>, room_arn: Option<&str>) {
    let cleared = |arn: &str| room_arn.is_none_or(|room| room == arn);
    let tabs: Vec<TabId> = store.tabs().with_untracked(|tabs| {
        tabs.iter()
            .filter(|tab| cleared(&tab.room_arn))
            .map(|tab| tab.id.clone())
            .collect()
    });
    for tab_id in tabs {
        let tab: Field<TabState> = store.tabs().at_key(tab_id).into();
        tab.lines().write().clear();
        tab.moderation().write().clear();
        tab.unread().set(0);
        tab.mentions().set(0);
        tab.has_older().set(false);
    }
    store
        .mention_feed()
        .write()
        .retain(|mention| !cleared(&mention.room_arn));
}

/// Changes the tab with this id, if it is open: an event may arrive after its tab closed.
fn change_tab(store: Store<Chat>, tab_id: &TabId, change: impl FnOnce(Field<TabState>)) {
    if has_tab(store, tab_id) {
        change(store.tabs().at_key(tab_id.clone()).into());
    }
}

/// Who reports a tab the shell opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenedBy {
    /// Its `TabOpened` event: in order with the other events, so it replaces a tab with the
    /// same id (the shell reopened it with new contents).
    Event,
    /// The answer to `OpenTab`: it may arrive after events that changed the tab since (its
    /// connection, its first lines), so it only adds a tab the store does not know yet.
    Answer,
}

/// A tab the shell just opened: a new one goes to the end of the strip; a known one is
/// replaced only when its event says so (see [`OpenedBy`]). Returns the tab's id.
pub fn tab_opened(store: Store<Chat>, tab: Tab, by: OpenedBy) -> TabId {
    let id = tab.id.clone();
    if !has_tab(store, &id) {
        store.tabs().write().push(TabState::from_tab(tab));
    } else if by == OpenedBy::Event {
        store.tabs().at_key(id.clone()).set(TabState::from_tab(tab));
    }
    id
}

/// Brings a tab to the front: its unread lines and mentions count as seen. Returns whether
/// the tab is open.
pub fn bring_to_front(store: Store<Chat>, tab_id: &TabId) -> bool {
    if !has_tab(store, tab_id) {
        return false;
    }
    store.tabs().at_key(tab_id.clone()).unread().set(0);
    store.tabs().at_key(tab_id.clone()).mentions().set(0);
    // The shell applies the same rule and says so with a `Split` event.
    let active = store.active().get_untracked();
    store
        .split()
        .maybe_update(|split| split::bring_to_front(split, active.as_ref(), tab_id));
    store.active().set(Some(tab_id.clone()));
    true
}

/// The rooms the stage shows, left to right: the split view's open tabs when at least two
/// are open, else the tab in front alone (none with no tab open).
pub fn panes(store: Store<Chat>) -> Vec<TabId> {
    let open: Vec<TabId> = store.split().with(|split| {
        store.tabs().with(|tabs| {
            split
                .iter()
                .filter(|id| tabs.iter().any(|tab| &tab.id == *id))
                .cloned()
                .collect()
        })
    });
    if open.len() >= 2 {
        open
    } else {
        store.active().get().into_iter().collect()
    }
}

/// Every tab's mentions count as seen (the Mentions view lists them all).
pub fn mentions_seen(store: Store<Chat>) {
    store.tabs().update(|tabs| {
        for tab in tabs.iter_mut() {
            tab.mentions = 0;
        }
    });
}

/// Whether a tab with this id is open.
pub fn has_tab(store: Store<Chat>, id: &TabId) -> bool {
    store
        .tabs()
        .with_untracked(|tabs| tabs.iter().any(|tab| &tab.id == id))
}

/// Removes a tab, bringing its neighbour to the front when it was there.
pub fn close_tab(store: Store<Chat>, id: &TabId) {
    let Some(index) = store
        .tabs()
        .with_untracked(|tabs| tabs.iter().position(|tab| &tab.id == id))
    else {
        return;
    };
    store.tabs().write().remove(index);
    let mut active = store.active().get_untracked();
    if active.as_ref() == Some(id) {
        active = store.tabs().with_untracked(|tabs| {
            tabs.get(index.min(tabs.len().saturating_sub(1)))
                .map(|tab| tab.id.clone())
        });
    }
    // As the shell does: a split view of one is none, and the tab in front keeps a pane.
    let active = store
        .split()
        .try_update(|split| split::take_out(split, id, active.clone()).1)
        .unwrap_or(active);
    if active != store.active().get_untracked() {
        store.active().set(active);
    }
}

/// Adds or replaces lines by key, keeping the window in position order and bounded.
pub fn upsert_lines(store: Store<Chat>, tab_id: &TabId, lines: Vec<Line>) {
    if !has_tab(store, tab_id) {
        return;
    }
    let is_active = store.active().get_untracked().as_ref() == Some(tab_id);
    let tab = || store.tabs().at_key(tab_id.clone());
    let mut added = Vec::new();
    tab().lines().update(|window| {
        for line in lines {
            match window.iter_mut().find(|known| known.key == line.key) {
                // Rows read their line through a memo, so only a changed row re-renders.
                Some(known) => *known = line,
                None => added.push(line),
            }
        }
    });
    if added.is_empty() {
        return;
    }
    if tab().window().get_untracked() != Window::Live {
        // The window ends before the live end; these wait in the history store. The user's
        // own message brings the newest lines back (the list reloads them).
        if added.iter().any(|line| line.own) {
            tab().window().set(Window::Reload);
        }
        let fresh = added.iter().filter(|line| is_news(line)).count() as u32;
        tab().unread().update(|unread| *unread += fresh);
        tab().waiting().update(|waiting| {
            for line in added {
                match waiting.iter_mut().find(|known| known.key == line.key) {
                    Some(known) => *known = line,
                    None => waiting.push(line),
                }
            }
            let excess = waiting.len().saturating_sub(WINDOW);
            waiting.drain(..excess);
        });
        return;
    }
    let following = tab().following().get_untracked();
    // The settings' scrollback, within what the list can page through.
    let scrollback = store
        .settings()
        .with_untracked(|settings| settings.scrollback as usize)
        .min(MAX_WINDOW);
    let fresh = added.iter().filter(|line| is_news(line)).count() as u32;
    let mut trimmed = false;
    tab().lines().update(|window| {
        for line in added {
            // Almost always the newest: push; otherwise insert where its position belongs.
            match window.last() {
                Some(last) if last.position > line.position && line.position != 0 => {
                    let at = window.partition_point(|known| known.position < line.position);
                    window.insert(at, line);
                }
                _ => window.push(line),
            }
        }
        let bound = if following { scrollback } else { MAX_WINDOW };
        let excess = window.len().saturating_sub(bound);
        window.drain(..excess);
        trimmed = excess > 0;
    });
    if trimmed {
        tab().has_older().set(true);
    }
    if fresh > 0 && (!is_active || !following) {
        tab().unread().update(|unread| *unread += fresh);
    }
}

/// Whether a new line counts as unread: someone else's, live, and not hidden by the user's
/// ignore list or filters.
fn is_news(line: &Line) -> bool {
    !line.own
        && !line.history
        && !line
            .filtered
            .is_some_and(chatdeck_ipc::model::Filtered::hides)
}

/// Counts mentions on tabs not being read, and feeds the announcer.
pub fn add_mentions(store: Store<Chat>, mentions: Vec<Mention>) {
    let active = store.active().get_untracked();
    for mention in &mentions {
        let Some(tab_id) = mention.tab_id.as_ref().filter(|id| has_tab(store, id)) else {
            continue;
        };
        let tab = || store.tabs().at_key(tab_id.clone());
        let reading = active.as_ref() == Some(tab_id) && tab().following().get_untracked();
        if !reading {
            tab().mentions().update(|count| *count += 1);
        }
    }
    let count = mentions.len() as u64;
    store.mention_feed().update(|feed| {
        feed.extend(mentions);
        let excess = feed.len().saturating_sub(MAX_MENTION_FEED);
        feed.drain(..excess);
    });
    store.mention_seq().update(|seq| *seq += count);
}

/// Marks a tab's window as reaching the live end again, appending the live lines that
/// arrived meanwhile and are newer than its last line.
pub fn rejoin_live(store: Store<Chat>, tab_id: &TabId) {
    if !has_tab(store, tab_id) {
        return;
    }
    let tab = || store.tabs().at_key(tab_id.clone());
    let waiting = std::mem::take(&mut *tab().waiting().write());
    tab().window().set(Window::Live);
    tab().lines().update(|window| {
        let last = window.last().map_or(0, |line| line.position);
        for line in waiting {
            match window.iter_mut().find(|known| known.key == line.key) {
                Some(known) => *known = line,
                None if line.position > last => window.push(line),
                None => {}
            }
        }
        let excess = window.len().saturating_sub(MAX_WINDOW);
        window.drain(..excess);
    });
}

/// Replaces a tab's window with lines loaded around a position (a search hit opened, or the
/// newest lines reloaded), highlighting `focus`.
pub fn show_window(
    store: Store<Chat>,
    tab_id: &TabId,
    output: LinesAroundOutput,
    focus: Option<LineKey>,
) {
    if !has_tab(store, tab_id) {
        return;
    }
    let tab = || store.tabs().at_key(tab_id.clone());
    tab().has_older().set(output.has_older);
    tab().following().set(focus.is_none() && !output.has_newer);
    tab().lines().set(output.lines);
    if output.has_newer {
        tab().window().set(Window::Detached);
    } else {
        rejoin_live(store, tab_id);
    }
    tab().focus().set(focus);
}

/// Appends newer lines (a page from the history store, after the window's last line at
/// position `after`) to a window away from the live end, which stays within [`MAX_WINDOW`]
/// by dropping its oldest lines. A window back at the live end meanwhile takes none; returns
/// whether this one took them.
pub fn append_newer(store: Store<Chat>, tab_id: &TabId, newer: Vec<Line>, after: i64) -> bool {
    if !has_tab(store, tab_id) {
        return false;
    }
    let tab = || store.tabs().at_key(tab_id.clone());
    if tab().window().get_untracked() != Window::Detached {
        return false;
    }
    let mut trimmed = false;
    tab().lines().update(|window| {
        window.extend(newer.into_iter().filter(|line| line.position > after));
        let excess = window.len().saturating_sub(MAX_WINDOW);
        window.drain(..excess);
        trimmed = excess > 0;
    });
    if trimmed {
        tab().has_older().set(true);
    }
    true
}

/// The list follows the newest lines again: no line highlighted, nothing unread.
pub fn follow_newest(store: Store<Chat>, tab_id: &TabId) {
    if !has_tab(store, tab_id) {
        return;
    }
    let tab = || store.tabs().at_key(tab_id.clone());
    tab().focus().set(None);
    tab().following().set(true);
    tab().unread().set(0);
}

/// Puts older lines (from the history store) in front of the window.
pub fn prepend_lines(store: Store<Chat>, tab_id: &TabId, older: Vec<Line>, asked: usize) {
    if !has_tab(store, tab_id) {
        return;
    }
    let tab = || store.tabs().at_key(tab_id.clone());
    tab().has_older().set(older.len() >= asked);
    tab().lines().update(|window| {
        let first = window.first().map_or(i64::MAX, |line| line.position);
        let mut merged: Vec<Line> = older
            .into_iter()
            .filter(|line| line.position < first)
            .collect();
        merged.append(window);
        *window = merged;
    });
}

#[cfg(test)]
mod tests;
