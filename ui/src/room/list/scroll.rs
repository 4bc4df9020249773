//! The user's scrolling: near the top the rendered slice moves up (or older lines are paged
//! in at the top of the window), near the bottom it moves down (or newer lines are paged in,
//! or the list follows the newest line again), and a move up from the newest line leaves it
//! (the new-messages marker goes after the last line seen). What to do is decided by
//! [`decide`], from the scroll alone.

use leptos::prelude::*;

use super::jump::jump_to_latest;
use super::paging::{load_newer, load_older};
use super::slice::RENDERED;
use super::state::ListState;
use crate::store::{TabStateStoreFields, Window};

/// How far the rendered slice moves per scroll step.
const STEP: usize = 50;
/// Pixels from an edge that count as "at" it.
const EDGE: i32 = 48;
/// A scroll this soon after the user's wheel, key or pointer in the list is theirs.
const USER_INPUT_MS: f64 = 1000.0;

/// The list element's scroll, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scroll {
    top: i32,
    height: i32,
    client_height: i32,
    /// Whether the content height changed since the last scroll event: the browser keeping
    /// up with rows added or removed, not the user (the position keeper handles those).
    resized: bool,
    /// Whether the position moved up since the last scroll event (a reflow, such as the
    /// side panel opening, changes the height but not the position).
    moved_up: bool,
    /// Whether the user just turned the wheel, pressed a key or a pointer in the list. Rows
    /// of one height (compact rows) can come and go without changing the content's height
    /// while the browser moves the position up: only the user leaves the newest line.
    by_user: bool,
}

/// Where the rendered slice stands in the window: its first index, its end, the window's
/// length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slice {
    start: usize,
    end: usize,
    len: usize,
}

/// What a scroll asks of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    /// Nothing.
    Stay,
    /// At the top of the slice: it starts at this index instead, the lines in view staying.
    SlideUp(usize),
    /// At the top of the window: older lines are paged in, the lines in view staying.
    LoadOlder,
    /// At the bottom of the slice: it starts at this index instead.
    SlideDown(usize),
    /// At the bottom of a window away from the live end: newer lines are paged in.
    LoadNewer,
    /// At the bottom while reading back: the list follows the newest line again.
    Jump,
    /// Scrolled up from the newest line: the list stops following it.
    LeaveNewest,
}

/// What a scroll of the user's asks for, given where the slice stands, whether the list
/// follows the newest line and whether the window is away from the live end.
fn decide(scroll: Scroll, slice: Slice, following: bool, detached: bool) -> Move {
    if scroll.resized {
        return Move::Stay;
    }
    let overflows = scroll.height > scroll.client_height + EDGE;
    let from_bottom = scroll.height - scroll.top - scroll.client_height;
    if overflows && scroll.top < EDGE {
        if slice.start > 0 {
            Move::SlideUp(slice.start.saturating_sub(STEP))
        } else {
            Move::LoadOlder
        }
    } else if from_bottom < EDGE {
        if slice.end < slice.len {
            Move::SlideDown((slice.start + STEP).min(slice.len.saturating_sub(RENDERED)))
        } else if detached {
            Move::LoadNewer
        } else if !following {
            Move::Jump
        } else {
            Move::Stay
        }
    } else if following && scroll.moved_up && scroll.by_user {
        Move::LeaveNewest
    } else {
        Move::Stay
    }
}

/// The list element's handler of the user's wheel, keys and pointer: what a scroll right
/// after is taken for (see `Scroll::by_user`).
pub fn on_user_input(state: ListState) -> impl Fn() + Clone + 'static {
    move || state.user_input_ms.set_value(js_sys::Date::now())
}

/// The list element's scroll handler.
pub fn on_scroll(state: ListState) -> impl Fn(leptos::ev::Event) + Clone + 'static {
    // The last scroll position and content height, to tell the user's scrolls from the
    // browser's (see `Scroll`). Only the user's scrolls move the slice or stop following.
    let last_top = StoredValue::new(0);
    let last_height = StoredValue::new(0);
    move |_| {
        let Some(element) = state.element.get_untracked() else {
            return;
        };
        let top = element.scroll_top();
        let height = element.scroll_height();
        let scroll = Scroll {
            top,
            height,
            client_height: element.client_height(),
            resized: height != last_height.get_value(),
            moved_up: top < last_top.get_value() - 2,
            by_user: js_sys::Date::now() - state.user_input_ms.get_value() < USER_INPUT_MS,
        };
        last_top.set_value(top);
        last_height.set_value(height);
        let slice = state
            .tab
            .lines()
            .try_with_untracked(|lines| {
                let start = state.first_rendered(lines, state.anchor.get_untracked().as_ref());
                let len = lines.len();
                Slice {
                    start,
                    end: (start + RENDERED).min(len),
                    len,
                }
            })
            .unwrap_or(Slice {
                start: 0,
                end: 0,
                len: 0,
            });
        let detached = state.tab.window().try_get_untracked() == Some(Window::Detached);
        let following = state.following();
        let tab = state.tab;
        match decide(scroll, slice, following, detached) {
            Move::Stay => {}
            Move::SlideUp(start) => {
                state.keep_from_bottom.set_value(Some(height - top));
                if following {
                    state.last_seen.set(state.last_key());
                }
                tab.following().set(false);
                state.anchor.set(state.key_at(start));
            }
            Move::LoadOlder => {
                if following {
                    state.last_seen.set(state.last_key());
                    tab.following().set(false);
                    state.anchor.set(state.key_at(0));
                }
                state.keep_from_bottom.set_value(Some(height - top));
                load_older(state);
            }
            Move::SlideDown(start) => state.anchor.set(state.key_at(start)),
            Move::LoadNewer => load_newer(state),
            Move::Jump => jump_to_latest(state),
            Move::LeaveNewest => {
                state.last_seen.set(state.last_key());
                tab.following().set(false);
                state.anchor.set(state.key_at(slice.start));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1000-pixel list showing 500 at `top`, by the user.
    fn at(top: i32) -> Scroll {
        Scroll {
            top,
            height: 1000,
            client_height: 500,
            resized: false,
            moved_up: false,
            by_user: true,
        }
    }

    fn slice(start: usize, len: usize) -> Slice {
        Slice {
            start,
            end: (start + RENDERED).min(len),
            len,
        }
    }

    #[test]
    fn a_scroll_moves_the_slice_pages_or_leaves_the_newest_line() {
        let up = Scroll {
            moved_up: true,
            ..at(300)
        };
        let reflow = Scroll {
            resized: true,
            ..at(0)
        };
        let short = Scroll {
            height: 520,
            ..at(0)
        };
        // (scroll, slice, following, detached) -> move
        let cases = [
            (at(10), slice(250, 400), true, false, Move::SlideUp(200)),
            (at(10), slice(30, 400), false, false, Move::SlideUp(0)),
            (at(10), slice(0, 400), false, false, Move::LoadOlder),
            (at(490), slice(100, 400), false, false, Move::SlideDown(150)),
            (at(490), slice(200, 400), false, false, Move::SlideDown(250)),
            (at(490), slice(250, 400), false, true, Move::LoadNewer),
            (at(490), slice(250, 400), false, false, Move::Jump),
            (at(490), slice(250, 400), true, false, Move::Stay),
            (up, slice(250, 400), true, false, Move::LeaveNewest),
            (up, slice(250, 400), false, false, Move::Stay),
            // Rows of one height swapped under a list that follows: the browser, not the user.
            (
                Scroll {
                    by_user: false,
                    ..up
                },
                slice(250, 400),
                true,
                false,
                Move::Stay,
            ),
            (at(300), slice(250, 400), true, false, Move::Stay),
            // The browser keeping up with rows, not the user.
            (reflow, slice(250, 400), true, false, Move::Stay),
            // Content that does not overflow pages nothing in at the top.
            (short, slice(0, 3), false, false, Move::Jump),
        ];
        for (scroll, slice, following, detached, expected) in cases {
            assert_eq!(
                decide(scroll, slice, following, detached),
                expected,
                "{scroll:?} {slice:?} following {following} detached {detached}"
            );
        }
    }
}
