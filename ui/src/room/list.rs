//! The message list: renders a bounded slice of the tab's in-memory window (virtualized),
//! follows the newest line, pages older lines in from the history store on scroll up, and
//! offers a new-messages marker and "jump to latest" when the user reads back. Opened at a
//! search hit, it shows the hit in the middle, highlighted, and pages newer lines in from the
//! history store until it meets the live end again.

use chatdeck_ipc::command::LoadOlder;
use chatdeck_ipc::model::{Line, LineKey};
use chatdeck_ipc::search::LinesAround;
use leptos::html;
use leptos::prelude::*;

use super::row::MessageRow;
use super::ui::{RoomUi, row_contexts};
use crate::context::{call, chat};
use crate::live_list::live_for;
use crate::store::{
    MAX_WINDOW, TabStateStoreFields, WINDOW, Window, prepend_lines, rejoin_live, show_window,
};

/// Rows in the DOM at most.
const RENDERED: usize = 150;
/// How far the rendered slice moves per scroll step.
const STEP: usize = 50;
/// Lines asked of the history store per page.
const PAGE: u32 = 100;
/// Pixels from an edge that count as "at" it.
const EDGE: i32 = 48;

/// What a row is preceded by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Divider {
    None,
    /// Lines above came from an earlier session.
    History,
    /// Lines below arrived while the user read back.
    New,
}

/// The list.
#[component]
pub fn MessageList() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let store = chat();
    let tab = ui.tab;
    let tab_id = ui.tab_id.clone();
    let list: NodeRef<html::Div> = NodeRef::new();
    // The first rendered line while reading back; `None` follows the newest line.
    let anchor = RwSignal::new(None::<LineKey>);
    // The newest line seen before the user scrolled up (the marker goes after it).
    let last_seen = RwSignal::new(None::<LineKey>);
    let loading = RwSignal::new(false);
    // Height to restore after rows were added above the viewport.
    let keep_from_bottom = StoredValue::new(None::<i32>);

    let following = move || tab.following().try_get().unwrap_or(true);
    let rows = move || -> Vec<(LineKey, Divider, bool)> {
        tab.lines()
            .try_with(|lines| {
                let end_default = lines.len();
                let start = match anchor.get() {
                    Some(key) => lines
                        .iter()
                        .position(|line| line.key == key)
                        .unwrap_or_else(|| end_default.saturating_sub(RENDERED)),
                    None => end_default.saturating_sub(RENDERED),
                };
                let end = (start + RENDERED).min(lines.len());
                let marker = last_seen.get();
                (start..end)
                    .map(|index| {
                        let line = &lines[index];
                        let previous = index.checked_sub(1).map(|i| &lines[i]);
                        let divider = divider(previous, line, marker.as_ref());
                        let compact = divider == Divider::None && follows(previous, line);
                        (line.key.clone(), divider, compact)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };

    // Follow: after new rows render, stay at the bottom; after rows were added above while
    // reading back, keep the same lines in view.
    Effect::new(move |_| {
        let _ = tab.lines().try_with(Vec::len);
        let _ = anchor.get();
        let follow = following();
        request_animation_frame(move || {
            let Some(element) = list.get_untracked() else {
                return;
            };
            if let Some(from_bottom) = keep_from_bottom.get_value() {
                keep_from_bottom.set_value(None);
                element.set_scroll_top(element.scroll_height() - from_bottom);
            } else if follow {
                element.set_scroll_top(element.scroll_height());
            }
        });
    });

    // Opened at a line: the slice starts some rows above it, and the line is scrolled to
    // the middle once rendered.
    Effect::new(move |_| {
        let Some(key) = tab.focus().try_get().flatten() else {
            return;
        };
        let start = tab
            .lines()
            .try_with_untracked(|lines| {
                let index = lines.iter().position(|line| line.key == key)?;
                lines
                    .get(index.saturating_sub(RENDERED / 3))
                    .map(|line| line.key.clone())
            })
            .flatten();
        last_seen.set(None);
        anchor.set(start);
        request_animation_frame(move || {
            let Some(element) = list.get_untracked() else {
                return;
            };
            let selector = format!("[data-key=\"{}\"]", key.as_str().replace('"', "\\\""));
            if let Ok(Some(row)) = element.query_selector(&selector) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });

    let tab_key = StoredValue::new(tab_id.clone());
    let reload_latest = move || {
        let tab_id = tab_key.get_value();
        call(
            LinesAround {
                tab_id: tab_id.clone(),
                position: None,
                older: WINDOW as u32,
                newer: 0,
            },
            move |output| show_window(store, &tab_id, output, None),
        );
    };
    let jump = move || {
        anchor.set(None);
        last_seen.set(None);
        tab.focus().set(None);
        if tab.window().try_get_untracked() != Some(Window::Live) {
            reload_latest();
        }
        tab.following().set(true);
        tab.unread().set(0);
    };
    // The user sent a message while the window was away from the live end.
    Effect::new(move |_| {
        if tab.window().try_get() == Some(Window::Reload) {
            jump();
        }
    });
    // Away from the live end, the bottom edge pages newer lines in.
    let load_newer = move || {
        let Some(last) = tab
            .lines()
            .try_with_untracked(|lines| lines.last().map(|line| line.position))
            .flatten()
        else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let tab_id = tab_key.get_value();
        call(
            LinesAround {
                tab_id: tab_id.clone(),
                position: Some(last),
                older: 0,
                newer: PAGE,
            },
            move |output| {
                loading.set(false);
                if tab.window().try_get_untracked() != Some(Window::Detached) {
                    return;
                }
                let mut trimmed = false;
                tab.lines().update(|window| {
                    window.extend(output.lines.into_iter().filter(|line| line.position > last));
                    let excess = window.len().saturating_sub(MAX_WINDOW);
                    window.drain(..excess);
                    trimmed = excess > 0;
                });
                if trimmed {
                    tab.has_older().set(true);
                }
                if !output.has_newer {
                    rejoin_live(store, &tab_key.get_value());
                }
            },
        );
    };

    let load_older = {
        let tab_id = tab_id.clone();
        move || {
            let Some(first) = tab
                .lines()
                .try_with(|lines| lines.first().map(|line| (line.key.clone(), line.position)))
                .flatten()
            else {
                return;
            };
            if loading.get_untracked() || !tab.has_older().try_get_untracked().unwrap_or(false) {
                return;
            }
            loading.set(true);
            let tab_id = tab_id.clone();
            call(
                LoadOlder {
                    tab_id: tab_id.clone(),
                    before: first.1,
                    limit: PAGE,
                },
                move |older: Vec<Line>| {
                    loading.set(false);
                    let first_new = older.first().map(|line| line.key.clone());
                    prepend_lines(store, &tab_id, older, PAGE as usize);
                    if first_new.is_some() {
                        tab.following().set(false);
                        anchor.set(first_new);
                    }
                },
            );
        }
    };

    // The last scroll position: only a move up means the user left the newest lines (a
    // reflow, such as the side panel opening, changes the height but not the position).
    let last_top = StoredValue::new(0);
    // The content height at the last scroll event: a scroll that comes with a height change
    // is the browser keeping up with rows added or removed, not the user; the follow effect
    // handles those. Only the user's scrolls move the slice or stop following.
    let last_height = StoredValue::new(0);
    let on_scroll = move |_| {
        let Some(element) = list.get_untracked() else {
            return;
        };
        let top = element.scroll_top();
        let height = element.scroll_height();
        let moved_up = top < last_top.get_value() - 2;
        let resized = height != last_height.get_value();
        last_top.set_value(top);
        last_height.set_value(height);
        if resized {
            return;
        }
        let overflows = height > element.client_height() + EDGE;
        let from_bottom = height - top - element.client_height();
        let (start, end, len, keys) = tab
            .lines()
            .try_with_untracked(|lines| {
                let len = lines.len();
                let start = anchor
                    .get_untracked()
                    .and_then(|key| lines.iter().position(|line| line.key == key))
                    .unwrap_or_else(|| len.saturating_sub(RENDERED));
                let end = (start + RENDERED).min(len);
                let keys: Vec<LineKey> = lines.iter().map(|line| line.key.clone()).collect();
                (start, end, len, keys)
            })
            .unwrap_or((0, 0, 0, Vec::new()));
        if overflows && top < EDGE {
            if start > 0 {
                keep_from_bottom.set_value(Some(element.scroll_height() - top));
                if following() {
                    last_seen.set(keys.last().cloned());
                }
                tab.following().set(false);
                anchor.set(keys.get(start.saturating_sub(STEP)).cloned());
            } else {
                if following() {
                    last_seen.set(keys.last().cloned());
                    tab.following().set(false);
                    anchor.set(keys.first().cloned());
                }
                keep_from_bottom.set_value(Some(element.scroll_height() - top));
                load_older();
            }
        } else if from_bottom < EDGE {
            if end < len {
                anchor.set(
                    keys.get((start + STEP).min(len.saturating_sub(RENDERED)))
                        .cloned(),
                );
            } else if tab.window().try_get_untracked() == Some(Window::Detached) {
                load_newer();
            } else if !following() {
                jump();
            }
        } else if following() && moved_up {
            last_seen.set(keys.last().cloned());
            tab.following().set(false);
            anchor.set(keys.get(start).cloned());
        }
    };

    view! {
        <div class="list-frame">
            <div class="message-list" node_ref=list data-testid="message-list" role="log" aria-live="off"
                aria-label="Messages" tabindex="0" on:scroll=on_scroll on:focus=crate::a11y::enter_list>
                <Show when=move || loading.get()>
                    <div class="list-note">"Loading older messages…"</div>
                </Show>
                <Show when=move || tab.lines().try_with(Vec::is_empty).unwrap_or(true)>
                    <div class="list-empty">"No messages yet. Say hello!"</div>
                </Show>
                // Not `For`: its rows' owners would pile up on this list's owner (see
                // `live_list`), one per line that ever scrolled through.
                {live_for(
                    row_contexts(),
                    rows,
                    |(key, divider, compact)| format!("{key}|{divider:?}|{compact}"),
                    |(key, divider, compact): (LineKey, Divider, bool)| view! {
                        {match divider {
                            Divider::History => view! { <div class="divider history-divider" data-testid="history-divider"><span>"Earlier — from history"</span></div> }.into_any(),
                            Divider::New => view! { <div class="divider new-divider" data-testid="new-messages-marker"><span>"New messages"</span></div> }.into_any(),
                            Divider::None => ().into_any(),
                        }}
                        <MessageRow key compact/>
                    },
                )}
            </div>
            <Show when=move || !following()>
                <button class="jump" data-testid="jump-to-latest" on:click=move |_| jump()>
                    {move || match tab.unread().try_get().unwrap_or(0) {
                        0 => "Jump to latest ↓".to_owned(),
                        n => format!("{n} new message{} — jump to latest ↓", if n == 1 { "" } else { "s" }),
                    }}
                </button>
            </Show>
        </div>
    }
}

/// Gap after which a sender's next message shows their name again.
const GROUP_GAP_MS: i64 = 5 * 60 * 1000;

/// Whether `line` continues `previous`'s group: same sender, messages, close in time.
fn follows(previous: Option<&Line>, line: &Line) -> bool {
    use chatdeck_ipc::model::LineKind;
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
