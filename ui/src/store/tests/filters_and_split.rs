//! What the ignore list, filters and the split view do to the store: hidden lines are kept
//! but not unread, replaced lines restart a window, and the panes follow the tabs.

use super::*;

#[test]
fn hidden_lines_are_not_unread_and_replaced_lines_restart_the_window() {
    let store = store_with(vec![tab("a", vec![]), tab("b", vec![])], 0);
    let hidden = Line {
        filtered: Some(chatdeck_ipc::model::Filtered::IgnoredUser),
        ..line("1", 1, SendState::Confirmed)
    };
    apply(
        store,
        event(
            1,
            UiEventBody::Lines {
                tab_id: "b".into(),
                lines: vec![hidden.clone(), line("2", 2, SendState::Confirmed)],
            },
        ),
    );
    let b = || store.tabs().at_key("b".into());
    assert_eq!(
        b().unread().get_untracked(),
        1,
        "the hidden line is not unread"
    );
    assert_eq!(keys(store, "b"), ["1", "2"], "kept, to be shown on request");
    // The user stopped ignoring: the shell sends the newest lines again, shown plainly.
    b().window().set(Window::Detached);
    apply(
        store,
        event(
            2,
            UiEventBody::LinesReplaced {
                tab_id: "b".into(),
                lines: vec![
                    Line {
                        filtered: None,
                        ..hidden
                    },
                    line("2", 2, SendState::Confirmed),
                ],
            },
        ),
    );
    assert_eq!(keys(store, "b"), ["1", "2"]);
    assert_eq!(
        the_line(store, "b", "1").and_then(|line| line.filtered),
        None
    );
    assert_eq!(b().window().get_untracked(), Window::Live);
    assert!(b().has_older().get_untracked());
}

#[test]
fn a_split_view_shows_its_open_tabs_and_follows_activation_and_closing() {
    let store = store_with(
        vec![tab("a", vec![]), tab("b", vec![]), tab("c", vec![])],
        0,
    );
    let shown = || untrack(|| panes(store));
    let ids =
        |names: &[&str]| -> Vec<TabId> { names.iter().map(|name| TabId::new(*name)).collect() };
    assert_eq!(shown(), ids(&["a"]), "one room: the tab in front");
    // A split naming a tab not open yet (still being restored) shows the open ones.
    apply(
        store,
        event(
            1,
            UiEventBody::Split {
                tabs: ids(&["a", "later"]),
            },
        ),
    );
    assert_eq!(shown(), ids(&["a"]));
    apply(
        store,
        event(
            2,
            UiEventBody::Split {
                tabs: ids(&["a", "b"]),
            },
        ),
    );
    assert_eq!(shown(), ids(&["a", "b"]));
    // A tab without a pane takes the place of the pane in front.
    assert!(bring_to_front(store, &TabId::new("b")));
    assert!(bring_to_front(store, &TabId::new("c")));
    assert_eq!(shown(), ids(&["a", "c"]));
    assert_eq!(store.active().get_untracked(), Some(TabId::new("c")));
    // Closing the pane in front: one room left, which comes to front.
    close_tab(store, &TabId::new("c"));
    assert!(store.split().get_untracked().is_empty());
    assert_eq!(shown(), ids(&["a"]));
    assert_eq!(store.active().get_untracked(), Some(TabId::new("a")));
}
