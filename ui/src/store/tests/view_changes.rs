//! The store's functions that views call: a tab an `OpenTab` answer reports, a page of
//! newer lines.

use super::*;

#[test]
fn an_open_tab_answer_adds_a_new_tab_but_never_undoes_later_events() {
    let store = store_with(vec![tab("a", vec![])], 0);
    let b = tab_opened(store, tab("b", vec![]), OpenedBy::Answer);
    assert_eq!(b.as_str(), "b");
    assert_eq!(store.tabs().with_untracked(|t| t.len()), 2);
    // Lines reached "a" after the answer was sent: the answer's older copy leaves them.
    apply(
        store,
        event(
            1,
            UiEventBody::Lines {
                tab_id: "a".into(),
                lines: vec![line("k1", 1, SendState::Confirmed)],
            },
        ),
    );
    tab_opened(store, tab("a", vec![]), OpenedBy::Answer);
    assert_eq!(keys(store, "a"), ["k1"]);
    // The event of a reopened tab replaces it, in place.
    tab_opened(store, tab("a", vec![]), OpenedBy::Event);
    assert!(keys(store, "a").is_empty());
    let order: Vec<TabId> = store
        .tabs()
        .with_untracked(|t| t.iter().map(|t| t.id.clone()).collect());
    assert_eq!(order, [TabId::from("a"), TabId::from("b")]);
}

#[test]
fn newer_pages_reach_only_a_detached_window_which_stays_bounded() {
    let store = store_with(vec![tab("a", vec![line("x", 5, SendState::Confirmed)])], 1);
    let at = || store.tabs().at_key("a".into());
    let page = |from: i64, n: i64| {
        (from..from + n)
            .map(|p| line(&p.to_string(), p, SendState::Confirmed))
            .collect()
    };
    assert!(
        !append_newer(store, &"a".into(), page(6, 1), 5),
        "a live window takes none"
    );
    at().window().set(Window::Detached);
    at().has_older().set(false);
    assert!(append_newer(store, &"a".into(), page(4, 3), 5));
    assert_eq!(
        keys(store, "a"),
        ["x", "6"],
        "only lines after the window's last"
    );
    append_newer(store, &"a".into(), page(7, MAX_WINDOW as i64), 6);
    assert_eq!(at().lines().with_untracked(Vec::len), MAX_WINDOW);
    assert!(
        at().has_older().get_untracked(),
        "trimmed lines are older ones to page back"
    );
}
