//! `apply` on the native target: what each event does to the store.

use chatdeck_ipc::model::{ConnectionState, LineKind, SendState};

use super::*;

fn line(key: &str, position: i64, send: SendState) -> Line {
    Line {
        key: key.into(),
        position,
        message_id: None,
        kind: LineKind::Message,
        sender: None,
        content: format!("text {key}"),
        attributes: Vec::new(),
        time_ms: 0,
        own: false,
        send,
        deleted: None,
        history: false,
        filtered: None,
    }
}

fn tab(id: &str, lines: Vec<Line>) -> Tab {
    Tab {
        id: id.into(),
        profile_id: "local".into(),
        profile_name: "Local".into(),
        room_arn: format!("arn:aws:ivschat:us-west-2:123456789012:room/{id}"),
        room_name: id.into(),
        connection: Connection {
            state: ConnectionState::Connecting,
            reason: None,
        },
        user_id: None,
        capabilities: Vec::new(),
        maximum_message_length: 500,
        demo_audience: DemoAudience::Unavailable,
        chat_delay_seconds: 0,
        lines,
        moderation: Vec::new(),
        health: None,
    }
}

fn store_with(tabs: Vec<Tab>, seq: u64) -> Store<Chat> {
    let store = Store::new(Chat::default());
    load_snapshot(
        store,
        SnapshotOutput {
            seq,
            profiles: Vec::new(),
            tabs,
            active_tab: None,
            split: Vec::new(),
            invite: None,
        },
    );
    store
}

fn event(seq: u64, body: UiEventBody) -> UiEvent {
    UiEvent { seq, body }
}

fn keys(store: Store<Chat>, tab: &str) -> Vec<String> {
    store.tabs().with_untracked(|tabs| {
        tabs.iter()
            .find(|t| t.id == tab)
            .map(|t| t.lines.iter().map(|l| l.key.to_string()).collect())
            .unwrap_or_default()
    })
}

fn the_line(store: Store<Chat>, tab: &str, key: &str) -> Option<Line> {
    store.tabs().with_untracked(|tabs| {
        tabs.iter()
            .find(|t| t.id == tab)
            .and_then(|t| t.lines.iter().find(|l| l.key == key).cloned())
    })
}

#[test]
fn a_snapshot_sets_everything_and_picks_the_first_tab() {
    let store = store_with(
        vec![
            tab("a", vec![line("1", 1, SendState::Confirmed)]),
            tab("b", vec![]),
        ],
        5,
    );
    assert_eq!(store.seq().get_untracked(), 5);
    assert_eq!(
        store.active().get_untracked().as_ref().map(TabId::as_str),
        Some("a")
    );
    assert_eq!(keys(store, "a"), ["1"]);
}

#[test]
fn events_the_snapshot_covered_are_ignored() {
    let store = store_with(vec![tab("a", vec![])], 5);
    apply(
        store,
        event(
            5,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![line("x", 9, SendState::Confirmed)],
            },
        ),
    );
    assert!(keys(store, "a").is_empty());
    apply(
        store,
        event(
            6,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![line("x", 9, SendState::Confirmed)],
            },
        ),
    );
    assert_eq!(keys(store, "a"), ["x"]);
}

#[test]
fn a_line_keeps_its_row_from_pending_to_confirmed_to_deleted() {
    let store = store_with(vec![tab("a", vec![])], 0);
    apply(
        store,
        event(
            1,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![line("req-1", 3, SendState::Pending)],
            },
        ),
    );
    let mut confirmed = line("req-1", 3, SendState::Confirmed);
    confirmed.message_id = Some("abcdefghijkl".into());
    apply(
        store,
        event(
            2,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![confirmed],
            },
        ),
    );
    assert_eq!(keys(store, "a"), ["req-1"]);
    let shown = the_line(store, "a", "req-1").expect("the line");
    assert_eq!(shown.send, SendState::Confirmed);
    assert_eq!(shown.message_id.as_deref(), Some("abcdefghijkl"));

    let mut deleted = shown;
    deleted.deleted = Some(chatdeck_ipc::model::Deletion {
        reason: Some("spam".into()),
    });
    apply(
        store,
        event(
            3,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![deleted],
            },
        ),
    );
    assert_eq!(keys(store, "a"), ["req-1"]);
    assert!(
        the_line(store, "a", "req-1")
            .and_then(|l| l.deleted)
            .is_some()
    );
}

#[test]
fn a_failed_line_carries_its_reason_and_can_be_removed() {
    let store = store_with(vec![tab("a", vec![])], 0);
    let failed = line(
        "req-2",
        4,
        SendState::Failed {
            reason: chatdeck_ipc::l10n::Words::new("shell-send-review-because")
                .with("reason", "no spam"),
            retryable: false,
        },
    );
    apply(
        store,
        event(
            1,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![failed.clone()],
            },
        ),
    );
    assert_eq!(
        the_line(store, "a", "req-2").map(|l| l.send),
        Some(failed.send)
    );
    apply(
        store,
        event(
            2,
            UiEventBody::LinesRemoved {
                tab_id: "a".into(),
                keys: vec!["req-2".into()],
            },
        ),
    );
    assert!(keys(store, "a").is_empty());
}

#[test]
fn lines_are_ordered_by_position_and_the_window_is_bounded() {
    let store = store_with(vec![tab("a", vec![])], 0);
    let many: Vec<Line> = (1..=(WINDOW as i64 + 50))
        .map(|n| line(&n.to_string(), n, SendState::Confirmed))
        .collect();
    apply(
        store,
        event(
            1,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: many,
            },
        ),
    );
    let shown = keys(store, "a");
    assert_eq!(shown.len(), WINDOW);
    assert_eq!(shown.first().map(String::as_str), Some("51"));
    assert!(store.tabs().at_key("a".into()).has_older().get_untracked());
    // A late line with an older position goes where it belongs.
    apply(
        store,
        event(
            2,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![line("late", 60, SendState::Confirmed)],
            },
        ),
    );
    let shown = keys(store, "a");
    let at = shown.iter().position(|k| k == "late").expect("inserted");
    assert_eq!(shown[at - 1], "59");
    assert_eq!(shown[at + 1], "60");
}

#[test]
fn older_lines_are_prepended_without_duplicates() {
    let store = store_with(vec![tab("a", vec![line("5", 5, SendState::Confirmed)])], 0);
    prepend_lines(
        store,
        &"a".into(),
        vec![
            line("3", 3, SendState::Confirmed),
            line("4", 4, SendState::Confirmed),
            line("5", 5, SendState::Confirmed),
        ],
        10,
    );
    assert_eq!(keys(store, "a"), ["3", "4", "5"]);
    assert!(!store.tabs().at_key("a".into()).has_older().get_untracked());
}

#[test]
fn tabs_open_close_and_hand_the_front_to_a_neighbour() {
    let store = store_with(vec![tab("a", vec![]), tab("b", vec![])], 0);
    apply(
        store,
        event(
            1,
            UiEventBody::TabOpened {
                tab: tab("c", vec![]),
                active: false,
            },
        ),
    );
    assert_eq!(store.tabs().with_untracked(|t| t.len()), 3);
    store.active().set(Some("b".into()));
    apply(
        store,
        event(2, UiEventBody::TabClosed { tab_id: "b".into() }),
    );
    assert_eq!(
        store.active().get_untracked().as_ref().map(TabId::as_str),
        Some("c")
    );
    apply(
        store,
        event(3, UiEventBody::TabClosed { tab_id: "c".into() }),
    );
    assert_eq!(
        store.active().get_untracked().as_ref().map(TabId::as_str),
        Some("a")
    );
}

#[test]
fn connection_and_session_change_only_their_tab() {
    let store = store_with(vec![tab("a", vec![]), tab("b", vec![])], 0);
    let kicked = Connection {
        state: ConnectionState::Disconnected,
        reason: Some(chatdeck_ipc::l10n::Words::new("shell-state-kicked").with("reason", "spam")),
    };
    apply(
        store,
        event(
            1,
            UiEventBody::Connection {
                tab_id: "a".into(),
                connection: kicked.clone(),
            },
        ),
    );
    apply(
        store,
        event(
            2,
            UiEventBody::Session {
                tab_id: "b".into(),
                user_id: Some("host".into()),
                capabilities: vec![Capability::DeleteMessage],
            },
        ),
    );
    let a = store.tabs().at_key("a".into()).get_untracked();
    let b = store.tabs().at_key("b".into()).get_untracked();
    assert_eq!(a.connection, kicked);
    let said = a
        .connection
        .reason
        .map(|reason| reason.say(chatdeck_ipc::l10n::Language::English));
    assert_eq!(said.as_deref(), Some("kicked by a moderator: spam"));
    assert_eq!(b.connection.state, ConnectionState::Connecting);
    assert!(b.capabilities.contains(&Capability::DeleteMessage) && a.capabilities.is_empty());
}

#[test]
fn messages_in_a_background_tab_count_as_unread() {
    let store = store_with(vec![tab("a", vec![]), tab("b", vec![])], 0);
    apply(
        store,
        event(
            1,
            UiEventBody::Lines {
                tab_id: "b".into(),
                lines: vec![
                    line("1", 1, SendState::Confirmed),
                    line("2", 2, SendState::Confirmed),
                ],
            },
        ),
    );
    apply(
        store,
        event(
            2,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![line("3", 3, SendState::Confirmed)],
            },
        ),
    );
    assert_eq!(store.tabs().at_key("b".into()).unread().get_untracked(), 2);
    assert_eq!(store.tabs().at_key("a".into()).unread().get_untracked(), 0);
}

#[test]
fn a_detached_window_holds_live_lines_aside_until_it_rejoins_the_live_end() {
    let store = store_with(
        vec![tab("a", vec![line("old", 3, SendState::Confirmed)])],
        1,
    );
    let at = || store.tabs().at_key("a".into());
    at().window().set(Window::Detached);
    let live = |seq, lines| {
        apply(
            store,
            event(
                seq,
                UiEventBody::Lines {
                    tab_id: "a".into(),
                    lines,
                },
            ),
        )
    };
    live(2, vec![line("new1", 90, SendState::Confirmed)]);
    live(3, vec![line("new2", 91, SendState::Confirmed)]);
    // Not appended, but counted, and kept aside (a change of a waiting line replaces it).
    assert_eq!(keys(store, "a"), ["old"]);
    assert_eq!(at().unread().get_untracked(), 2);
    live(4, vec![line("new1", 90, SendState::Pending)]);
    assert_eq!(at().waiting().with_untracked(Vec::len), 2);
    // Back at the live end (the list loaded up to position 90): only what is newer is added.
    at().lines()
        .set(vec![line("new1", 90, SendState::Confirmed)]);
    rejoin_live(store, &"a".into());
    assert_eq!(keys(store, "a"), ["new1", "new2"]);
    assert_eq!(
        the_line(store, "a", "new1").map(|l| l.send),
        Some(SendState::Pending),
        "the waiting copy is the newer one"
    );
    assert_eq!(at().window().get_untracked(), Window::Live);
    assert!(at().waiting().with_untracked(Vec::is_empty));
    live(5, vec![line("new3", 92, SendState::Confirmed)]);
    assert_eq!(keys(store, "a"), ["new1", "new2", "new3"]);
}

#[test]
fn the_users_own_message_while_detached_asks_for_the_newest_lines() {
    let store = store_with(
        vec![tab("a", vec![line("old", 3, SendState::Confirmed)])],
        1,
    );
    let at = || store.tabs().at_key("a".into());
    at().window().set(Window::Detached);
    let mut own = line("mine", 95, SendState::Pending);
    own.own = true;
    apply(
        store,
        event(
            2,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![own],
            },
        ),
    );
    assert_eq!(at().window().get_untracked(), Window::Reload);
    assert_eq!(
        at().unread().get_untracked(),
        0,
        "one's own line is not unread"
    );
}

#[test]
fn a_snapshot_brings_each_rooms_health_strip() {
    use chatdeck_ipc::health::RoomHealth;
    let health = RoomHealth {
        messages_per_second: 0.0,
        rate_cap: 10,
        latency_ms: None,
        latency_median_ms: None,
        reconnects: 0,
        session_expires_ms: Some(1_800_000_000_000),
    };
    let quiet = Tab {
        health: Some(health.clone()),
        ..tab("a", vec![])
    };
    let store = store_with(vec![quiet, tab("b", vec![])], 1);
    let tabs = store.tabs().get_untracked();
    assert_eq!(tabs[0].health, Some(health));
    assert_eq!(tabs[1].health, None);
}

#[test]
fn health_and_purge_events_reach_their_tab() {
    use chatdeck_ipc::health::{PurgeProgress, PurgeState, RoomHealth};
    let store = store_with(vec![tab("a", vec![]), tab("b", vec![])], 1);
    let health = RoomHealth {
        messages_per_second: 2.5,
        rate_cap: 10,
        latency_ms: Some(40),
        latency_median_ms: Some(38),
        reconnects: 1,
        session_expires_ms: Some(1_800_000_000_000),
    };
    apply(
        store,
        event(
            2,
            UiEventBody::Health {
                tab_id: "a".into(),
                health: health.clone(),
            },
        ),
    );
    let progress = PurgeProgress {
        id: "p".into(),
        user_id: "troll".into(),
        total: 3,
        done: 1,
        disconnected: true,
        state: PurgeState::Running,
    };
    apply(
        store,
        event(
            3,
            UiEventBody::Purge {
                tab_id: "a".into(),
                progress: progress.clone(),
            },
        ),
    );
    let at = |id: &str| store.tabs().at_key(id.into());
    assert_eq!(at("a").health().get_untracked(), Some(health));
    assert_eq!(at("a").purge().get_untracked(), Some(progress));
    assert_eq!(at("b").health().get_untracked(), None);
}

#[test]
fn mentions_count_on_tabs_not_in_front_and_feed_the_announcer() {
    use chatdeck_ipc::mention::{Mention, MentionKind};
    let store = store_with(vec![tab("a", Vec::new()), tab("b", Vec::new())], 1);
    let mention = |tab_id: &str, key: &str| Mention {
        tab_id: Some(tab_id.into()),
        room_arn: format!("arn:room/{tab_id}"),
        room_name: tab_id.into(),
        kind: MentionKind::Name,
        line: line(key, 1, SendState::Confirmed),
    };
    apply(
        store,
        event(
            2,
            UiEventBody::Mentions {
                mentions: vec![mention("a", "k1"), mention("b", "k2"), mention("b", "k3")],
            },
        ),
    );
    let at = |id: &str| store.tabs().at_key(id.into());
    // "a" is in front and following: read as it arrives.
    assert_eq!(at("a").mentions().get_untracked(), 0);
    assert_eq!(at("b").mentions().get_untracked(), 2);
    assert_eq!(store.mention_seq().get_untracked(), 3);
    assert_eq!(store.mention_feed().with_untracked(Vec::len), 3);
}

#[test]
fn settings_events_replace_the_settings_and_bound_the_window() {
    use chatdeck_ipc::settings::Settings;
    let store = store_with(vec![tab("a", Vec::new())], 1);
    apply(
        store,
        event(
            2,
            UiEventBody::Settings {
                settings: Settings {
                    scrollback: 100,
                    ..Settings::default()
                },
            },
        ),
    );
    let lines = (1..=150)
        .map(|n| line(&format!("k{n}"), n, SendState::Confirmed))
        .collect();
    upsert_lines(store, &"a".into(), lines);
    let window = store.tabs().at_key("a".into()).lines().get_untracked();
    assert_eq!(
        window.len(),
        100,
        "the scrollback setting bounds the window"
    );
    assert_eq!(window[0].key, "k51");
}

mod filters_and_split;
mod view_changes;
