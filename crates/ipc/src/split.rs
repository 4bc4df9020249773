//! The split view: 2 to [`MAX_PANES`] rooms side by side in the main window, each with its
//! own header, list and composer; the tab in front is the pane with focus.
//!
//! One rule for both sides, so the UI can show a change at once and the shell's event only
//! confirms it: a tab brought to front keeps its pane, or takes the place of the pane in front.

use serde::{Deserialize, Serialize};

use crate::id::TabId;

/// Rooms shown side by side in one window, at most this many.
pub const MAX_PANES: usize = 4;

/// Shows tabs side by side, left to right, and remembers it for the next start: 2 to
/// [`MAX_PANES`] open tabs, each once, or none for one room at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetSplit {
    /// The tabs, left to right; empty ends the split view.
    pub tabs: Vec<TabId>,
}

command!(SetSplit => "set_split", ());

/// Brings `tab` to front in `split` (the panes, left to right) whose pane in front shows
/// `active`: a tab with a pane keeps it; any other takes the place of the pane in front (or,
/// with none in front, of the last pane). Returns whether the panes changed.
pub fn bring_to_front(split: &mut [TabId], active: Option<&TabId>, tab: &TabId) -> bool {
    if split.is_empty() || split.contains(tab) {
        return false;
    }
    let slot = active
        .and_then(|active| split.iter().position(|pane| pane == active))
        .unwrap_or(split.len() - 1);
    split[slot] = tab.clone();
    true
}

/// Takes `tab` out of `split` (it closed, or left its pane), where `active` is the tab in
/// front (the strip's choice when `tab` was in front and closed): a tab without a pane then
/// gives way to the pane now at `tab`'s place, and one pane left is no split. Returns whether
/// the panes changed, and the tab in front.
pub fn take_out(
    split: &mut Vec<TabId>,
    tab: &TabId,
    active: Option<TabId>,
) -> (bool, Option<TabId>) {
    let Some(slot) = split.iter().position(|pane| pane == tab) else {
        return (false, active);
    };
    split.remove(slot);
    let front = match active {
        Some(active) if split.contains(&active) => Some(active),
        other => split
            .get(slot.min(split.len().saturating_sub(1)))
            .cloned()
            .or(other),
    };
    if split.len() < 2 {
        split.clear();
    }
    (true, front)
}

/// `split` with `tab` added beside the others (a split starts from `active`, the room shown
/// alone until now); `None` when it cannot be added (already there, or the panes are full).
pub fn add_beside(split: &[TabId], active: Option<&TabId>, tab: &TabId) -> Option<Vec<TabId>> {
    let mut panes = split.to_vec();
    if panes.is_empty() {
        panes.extend(active.filter(|active| *active != tab).cloned());
    }
    if panes.contains(tab) || panes.len() >= MAX_PANES || panes.is_empty() {
        return None;
    }
    panes.push(tab.clone());
    Some(panes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<TabId> {
        names.iter().map(|name| TabId::new(*name)).collect()
    }

    /// The panes, the tab in front, the tab brought to front, the panes after, whether they
    /// changed.
    type Case<'a> = (&'a [&'a str], Option<&'a str>, &'a str, &'a [&'a str], bool);

    #[test]
    fn a_tab_brought_to_front_keeps_its_pane_or_takes_the_one_in_front() {
        let cases: [Case; 5] = [
            (&[], Some("a"), "b", &[], false),
            (&["a", "b", "c"], Some("b"), "c", &["a", "b", "c"], false),
            (&["a", "b", "c"], Some("b"), "d", &["a", "d", "c"], true),
            (&["a", "b"], None, "d", &["a", "d"], true),
            (&["a", "b"], Some("gone"), "d", &["a", "d"], true),
        ];
        for (split, active, tab, expected, changed) in cases {
            let mut panes = ids(split);
            let active = active.map(TabId::new);
            assert_eq!(
                bring_to_front(&mut panes, active.as_ref(), &TabId::new(tab)),
                changed,
                "{split:?} {tab}"
            );
            assert_eq!(panes, ids(expected), "{split:?} {tab}");
        }
    }

    #[test]
    fn panes_are_added_up_to_the_limit_and_one_left_is_no_split() {
        let a = TabId::new("a");
        let panes = add_beside(&[], Some(&a), &TabId::new("b"));
        assert_eq!(panes, Some(ids(&["a", "b"])));
        assert_eq!(
            add_beside(&ids(&["a", "b"]), Some(&a), &TabId::new("b")),
            None
        );
        assert_eq!(add_beside(&[], Some(&a), &a), None, "beside itself");
        assert_eq!(add_beside(&[], None, &a), None, "nothing to be beside");
        let full = ids(&["a", "b", "c", "d"]);
        assert_eq!(add_beside(&full, Some(&a), &TabId::new("e")), None);
        // Closing or leaving: the tab in front keeps its pane, or the pane at its place comes
        // to front; a split of one is none.
        let (b, c, x) = (TabId::new("b"), TabId::new("c"), TabId::new("x"));
        let mut split = ids(&["a", "b", "c"]);
        assert_eq!(
            take_out(&mut split, &b, Some(a.clone())),
            (true, Some(a.clone()))
        );
        assert_eq!(split, ids(&["a", "c"]));
        assert_eq!(
            take_out(&mut split, &x, Some(x.clone())),
            (false, Some(x.clone()))
        );
        // The strip chose `x` (no pane) when `c` closed: the remaining pane comes to front.
        assert_eq!(take_out(&mut split, &c, Some(x)), (true, Some(a.clone())));
        assert!(split.is_empty());
        let mut split = ids(&["a", "b", "c"]);
        assert_eq!(take_out(&mut split, &a, Some(a.clone())), (true, Some(b)));
        assert_eq!(split, ids(&["b", "c"]));
    }
}
