//! The slice of the window the list renders: at most [`RENDERED`] rows, from the anchor (or
//! the newest ones), each with the divider before it and whether it continues its sender's
//! group. Lines the ignore list and filters hide are left out unless the user asked to see
//! them.

use chatdeck_ipc::model::{Filtered, Line, LineKey, LineKind};

/// Rows in the DOM at most.
pub const RENDERED: usize = 150;
/// Rows the live slice drops at once when it is full (see [`first_rendered`]).
pub const TRIM: usize = 50;
/// Gap after which a sender's next message shows their name again.
const GROUP_GAP_MS: i64 = 5 * 60 * 1000;

/// What a row is preceded by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divider {
    /// Nothing.
    None,
    /// Lines above came from an earlier session.
    History,
    /// Lines below arrived while the user read back.
    New,
}

/// One rendered row: the line's key, the divider before it, and whether it continues the
/// previous row's group (no avatar or name).
pub type Row = (LineKey, Divider, bool);

/// The index of the first rendered line: the anchor's while reading back. While following
/// (or when the anchor left the window): where the live slice started before, `live_start`,
/// as long as the lines from there fit in [`RENDERED`] rows; once they do not, [`TRIM`] lines
/// after the newest [`RENDERED`] lines' first; the newest `RENDERED` lines' first for a list
/// that has no live start yet.
///
/// Every first row that goes moves every row below it up, and the web engine paints the whole
/// list again. Dropped one by one, that is a whole list painted per batch of lines; dropped
/// [`TRIM`] at a time, once per `TRIM` lines (in the UI load bench, the floor page spent about
/// 30% less web-process CPU this way).
pub fn first_rendered(
    lines: &[Line],
    anchor: Option<&LineKey>,
    live_start: Option<&LineKey>,
) -> usize {
    let index = |key: &LineKey| lines.iter().position(|line| &line.key == key);
    if let Some(anchored) = anchor.and_then(index) {
        return anchored;
    }
    let newest = lines.len().saturating_sub(RENDERED);
    match live_start.and_then(index) {
        Some(start) if start >= newest => start,
        Some(_) => (newest + TRIM).min(lines.len()),
        None => newest,
    }
}

/// Whether `line` is rendered: hidden ones only when `show_hidden`.
pub fn shown(line: &Line, show_hidden: bool) -> bool {
    show_hidden || !line.filtered.is_some_and(Filtered::hides)
}

/// The rows to render from the line at `start` (see [`first_rendered`]); the new-messages
/// marker goes after `last_seen`. A row's group and divider follow the rendered row before
/// it, so a hidden line does not split a group.
pub fn rows(
    lines: &[Line],
    start: usize,
    last_seen: Option<&LineKey>,
    show_hidden: bool,
) -> Vec<Row> {
    let start = start.min(lines.len());
    let end = (start + RENDERED).min(lines.len());
    let mut previous = lines[..start]
        .iter()
        .rev()
        .find(|line| shown(line, show_hidden));
    let mut rows = Vec::with_capacity(end - start);
    for line in &lines[start..end] {
        if !shown(line, show_hidden) {
            continue;
        }
        let divider = divider(previous, line, last_seen);
        let compact = divider == Divider::None && follows(previous, line);
        rows.push((line.key.clone(), divider, compact));
        previous = Some(line);
    }
    rows
}

/// Whether `line` continues `previous`'s group: same sender, messages, close in time.
fn follows(previous: Option<&Line>, line: &Line) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    matches!(previous.kind, LineKind::Message)
        && matches!(line.kind, LineKind::Message)
        && previous.sender.as_ref().map(|s| &s.user_id) == line.sender.as_ref().map(|s| &s.user_id)
        && previous.history == line.history
        && (line.time_ms - previous.time_ms).abs() < GROUP_GAP_MS
}

fn divider(previous: Option<&Line>, line: &Line, last_seen: Option<&LineKey>) -> Divider {
    match previous {
        Some(previous) if last_seen == Some(&previous.key) => Divider::New,
        Some(previous) if previous.history && !line.history => Divider::History,
        _ => Divider::None,
    }
}

#[cfg(test)]
mod tests {
    use chatdeck_ipc::model::{SendState, Sender};

    use super::*;

    fn line(n: usize, user: &str, time_ms: i64, history: bool) -> Line {
        Line {
            key: format!("k{n}").into(),
            position: n as i64,
            message_id: None,
            kind: LineKind::Message,
            sender: Some(Sender {
                user_id: user.into(),
                display_name: user.into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
            }),
            content: String::new(),
            attributes: Vec::new(),
            time_ms,
            own: false,
            send: SendState::Confirmed,
            deleted: None,
            filtered: None,
            history,
        }
    }

    fn window(len: usize) -> Vec<Line> {
        (0..len).map(|n| line(n, "a", 0, false)).collect()
    }

    #[test]
    fn the_slice_is_the_newest_lines_or_starts_at_the_anchor() {
        let cases: [(usize, Option<usize>, (usize, usize)); 5] = [
            (10, None, (0, 10)),
            (400, None, (250, 400)),
            (400, Some(20), (20, 170)),
            (400, Some(390), (390, 400)),
            // An anchor no longer in the window: the newest lines.
            (400, Some(999), (250, 400)),
        ];
        for (len, anchor, (first, end)) in cases {
            let lines = window(len);
            let anchor = anchor.map(|n| LineKey::from(format!("k{n}")));
            let rows = rows(
                &lines,
                first_rendered(&lines, anchor.as_ref(), None),
                None,
                false,
            );
            assert_eq!(
                first_rendered(&lines, anchor.as_ref(), None),
                first,
                "{len} {anchor:?}"
            );
            assert_eq!(rows.len(), end - first, "{len} {anchor:?}");
            assert_eq!(rows[0].0, lines[first].key, "{len} {anchor:?}");
        }
    }

    #[test]
    fn the_live_slice_keeps_its_first_line_until_full_then_drops_a_trim_at_once() {
        let key = |n: usize| LineKey::from(format!("k{n}"));
        // 160 lines in the window; the live slice began at line 10: 150 rows, kept.
        assert_eq!(first_rendered(&window(160), None, Some(&key(10))), 10);
        // One more line would make 151: it starts TRIM lines after the newest 150's first.
        let lines = window(161);
        let start = first_rendered(&lines, None, Some(&key(10)));
        assert_eq!(start, 11 + TRIM);
        assert_eq!(rows(&lines, start, None, false).len(), RENDERED - TRIM);
        // Later lines keep that start until the rows are full again.
        assert_eq!(first_rendered(&window(210), None, Some(&key(start))), start);
        assert_eq!(
            first_rendered(&window(212), None, Some(&key(start))),
            62 + TRIM
        );
        // A live start that has left the window, or none yet: the newest lines.
        let windowed: Vec<Line> = window(400).into_iter().skip(100).collect();
        assert_eq!(
            first_rendered(&windowed, None, Some(&key(50))),
            300 - RENDERED
        );
        assert_eq!(first_rendered(&window(400), None, None), 400 - RENDERED);
        // An anchor wins over the live start.
        assert_eq!(
            first_rendered(&window(400), Some(&key(20)), Some(&key(300))),
            20
        );
    }

    #[test]
    fn dividers_and_groups() {
        let lines = vec![
            line(0, "a", 0, true),
            line(1, "a", 1_000, true),
            line(2, "a", 2_000, false),
            line(3, "a", 3_000, false),
            line(4, "b", 4_000, false),
            line(5, "b", 4_000 + GROUP_GAP_MS, false),
        ];
        let shown: Vec<(Divider, bool)> = rows(&lines, 0, Some(&"k3".into()), false)
            .into_iter()
            .map(|(_, divider, compact)| (divider, compact))
            .collect();
        assert_eq!(
            shown,
            [
                (Divider::None, false),
                (Divider::None, true),
                (Divider::History, false),
                (Divider::None, true),
                (Divider::New, false),
                (Divider::None, false),
            ]
        );
    }

    #[test]
    fn hidden_lines_are_left_out_unless_asked_for_and_do_not_split_a_group() {
        let mut lines = vec![
            line(0, "a", 0, false),
            line(1, "troll", 500, false),
            line(2, "a", 1_000, false),
            line(3, "b", 2_000, false),
        ];
        lines[1].filtered = Some(Filtered::IgnoredUser);
        lines[3].filtered = Some(Filtered::Masked);
        let keys = |show_hidden| -> Vec<(String, bool)> {
            rows(&lines, 0, None, show_hidden)
                .into_iter()
                .map(|(key, _, compact)| (key.to_string(), compact))
                .collect()
        };
        let owned = |rows: &[(&str, bool)]| -> Vec<(String, bool)> {
            rows.iter()
                .map(|(key, compact)| ((*key).to_owned(), *compact))
                .collect()
        };
        assert_eq!(
            keys(false),
            owned(&[("k0", false), ("k2", true), ("k3", false)])
        );
        assert_eq!(
            keys(true),
            owned(&[("k0", false), ("k1", false), ("k2", false), ("k3", false)])
        );
    }
}
