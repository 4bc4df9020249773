//! One line of the list. Text and attributes go into text nodes only; an avatar is an
//! `<img src>` of an http(s) URL the shell already checked.

use chatdeck_ipc::command::{DiscardMessage, RetryMessage};
use chatdeck_ipc::mention::{Highlighter, MentionKind};
use chatdeck_ipc::model::{Capability, Filtered, Line, LineKey, LineKind, SendState};
use chatdeck_ipc::settings::{Density, TimestampFormat};
use leptos::ev;
use leptos::prelude::*;

use super::message_text::message_text;
use super::reply::quote;
use super::ui::{Panel, Pending, ReplyTarget, RoomUi, RowMenu};
use crate::a11y;
use crate::context::call;
use crate::i18n::t;
use crate::live_list::row_memo;
use crate::settings::{ClockFormat, ListDensity};
use crate::store::TabStateStoreFields;
use crate::time;

/// What a row shows: its line and what it takes from sources that outlive the row.
#[derive(Debug, Clone, PartialEq)]
struct RowState {
    line: Line,
    /// The line a search hit opened (highlighted until the user jumps to the latest lines or
    /// opens another hit).
    focused: bool,
    /// Whether this client may delete messages here.
    can_delete: bool,
    /// Whether this client may send (and so reply) here.
    can_send: bool,
    clock: TimestampFormat,
    /// One line per message (time, name, text) instead of grouped rows under a name.
    dense: bool,
    highlighter: Highlighter,
}

/// A row.
#[component]
pub fn MessageRow(
    /// The line's key.
    key: LineKey,
    /// Continues the previous row's group: no avatar or name.
    compact: bool,
) -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let clock = use_context::<ClockFormat>();
    let density = use_context::<ListDensity>();
    // Every row re-reads the window when it changes, but the memo lets only a row whose
    // line changed re-render. New lines are at the end, where the rendered rows are. It is
    // the row's only reader of the store, the highlighter and the clock format, and leaves
    // them when the row goes (see `live_list`); the view below reads only the memo.
    let focus_key = key.clone();
    let state = row_memo({
        let ui = ui.clone();
        move || {
            let line = ui
                .tab
                .lines()
                .try_with(|lines| lines.iter().rev().find(|line| line.key == key).cloned())
                .flatten()?;
            Some(RowState {
                focused: ui
                    .tab
                    .focus()
                    .try_with(|focus| focus.as_ref() == Some(&line.key))
                    .unwrap_or(false),
                can_delete: ui.can(Capability::DeleteMessage),
                can_send: ui.can(Capability::SendMessage),
                clock: clock.map(|clock| clock.0.get()).unwrap_or_default(),
                dense: density.is_some_and(|density| density.0.get() == Density::Compact),
                highlighter: ui.highlighter.get(),
                line,
            })
        }
    });
    // A changed line renders a new element; keyboard focus follows it.
    Effect::new(move |_| {
        state.track();
        a11y::row_rendered(focus_key.to_string());
    });
    move || {
        state
            .get()
            .map(|state| untrack(|| row(&ui, state, compact)))
    }
}

fn row(ui: &RoomUi, state: RowState, compact: bool) -> AnyView {
    let line = &state.line;
    match &line.kind {
        LineKind::Message => message(ui, state, compact),
        LineKind::Event { name } => {
            let attributes = line
                .attributes
                .iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect::<Vec<_>>()
                .join("  ");
            view! {
                <div class="row system event" data-testid="message" data-key=line.key.to_string() data-kind="event" data-state="confirmed"
                    tabindex="-1" on:keydown=a11y::system_row_keys>
                    <span class="system-icon" aria-hidden="true">"◆"</span>
                    <span class="event-name">{name.clone()}</span>
                    <span class="event-attributes" data-testid="message-content">{attributes}</span>
                    <time title=time::full(line.time_ms)>{time::clock_in(state.clock, line.time_ms)}</time>
                </div>
            }
            .into_any()
        }
        LineKind::Gap { since_ms } => {
            let until = time::clock_in(state.clock, line.time_ms);
            let text = gap_text(
                line.time_ms - since_ms,
                (time::clock_in(state.clock, *since_ms), until.clone()),
                &line.content,
            );
            view! {
                <div class="row system gap" class:focused=state.focused data-focused=state.focused.to_string()
                    data-testid="message" data-key=line.key.to_string() data-kind="gap" data-state="confirmed"
                    tabindex="-1" on:keydown=a11y::system_row_keys
                    title=format!("{} – {}", time::full(*since_ms), time::full(line.time_ms))>
                    <span class="system-icon" aria-hidden="true">"⋯"</span>
                    <span data-testid="message-content">{text}</span>
                    <time title=time::full(line.time_ms)>{until}</time>
                </div>
            }
            .into_any()
        }
        LineKind::Notice => view! {
            <div class="row system notice" class:focused=state.focused data-focused=state.focused.to_string()
                data-testid="message" data-key=line.key.to_string() data-kind="notice" data-state="confirmed"
                tabindex="-1" on:keydown=a11y::system_row_keys>
                <span class="system-icon" aria-hidden="true">"⊘"</span>
                <span data-testid="message-content">{line.content.clone()}</span>
                <time title=time::full(line.time_ms)>{time::clock_in(state.clock, line.time_ms)}</time>
            </div>
        }
        .into_any(),
    }
}

fn message(ui: &RoomUi, state: RowState, continues: bool) -> AnyView {
    let RowState {
        line,
        focused: is_focused,
        can_delete,
        can_send,
        clock,
        dense,
        highlighter,
    } = state;
    // One-line rows name their sender every time: there are no groups to continue.
    let compact = continues && !dense;
    let (user_id, name, avatar, initial) = who(&line);
    let hue = line
        .sender
        .as_ref()
        .map_or_else(|| super::hue::hue(&user_id), super::hue::sender_hue);
    let roles = line
        .sender
        .as_ref()
        .and_then(|sender| super::badges::badges(&sender.badges));
    let deleted = line.deleted.clone();
    let can_delete = can_delete && line.message_id.is_some() && deleted.is_none();
    let panel = ui.panel;
    let pending = ui.pending;
    let open_card = {
        let user_id = user_id.clone();
        move |_| panel.set(Panel::User(user_id.clone()))
    };
    let open_card_key = {
        let user_id = user_id.clone();
        move || panel.set(Panel::User(user_id.clone()))
    };
    let ask_delete = {
        let key = line.key.clone();
        let author = name.clone();
        move || {
            pending.set(Some(Pending::Delete {
                key: key.clone(),
                author: author.clone(),
            }))
        }
    };
    let reply_target = can_send.then(|| ReplyTarget::of(&line)).flatten();
    let can_reply = reply_target.is_some();
    let start_reply = {
        let replying = ui.replying;
        move || {
            replying.set(reply_target.clone());
            a11y::focus_composer();
        }
    };
    let open_menu = {
        let (menu, key) = (ui.menu, line.key.clone());
        move |x: f64, y: f64| {
            menu.set(Some(RowMenu {
                key: key.clone(),
                x,
                y,
            }))
        }
    };
    let on_key = message_keys(
        RowActions {
            delete: can_delete.then_some(ask_delete.clone()),
            reply: can_reply.then_some(start_reply.clone()),
            menu: open_menu.clone(),
        },
        open_card_key,
    );
    let on_context_menu = move |event: ev::MouseEvent| {
        event.prevent_default();
        open_menu(f64::from(event.client_x()), f64::from(event.client_y()));
    };
    // A one-line row keeps its time, name and text on one line: the quote goes above.
    let quoted = line.reply_to().map(|id| quote(ui, id));
    let (quote_above, quoted) = if dense {
        (quoted, None)
    } else {
        (None, quoted)
    };
    let state = line.send.as_str();
    let filtered = line.filtered;
    let mention = mention(&line, &highlighter);
    let content = content(&line, &highlighter);
    let failure = match &line.send {
        SendState::Failed { reason, .. } => Some(failure(ui, &line, crate::i18n::say(reason))),
        _ => None,
    };
    view! {
        <div class="row message" class:compact=compact class:own=line.own class:history=line.history class:pending=state == "pending"
            class:failed=state == "failed" class:is-deleted=deleted.is_some()
            class:focused=is_focused data-focused=is_focused.to_string()
            data-testid="message" data-key=line.key.to_string() data-kind="message" data-state=state
            data-deleted=deleted.is_some().to_string() data-own=line.own.to_string()
            data-filtered=filtered.map_or("none", Filtered::as_str) class:filtered=filtered.is_some_and(Filtered::hides)
            class:mention=mention.is_some() data-mention=mention.unwrap_or("none")
            data-message-id=line.message_id.clone().unwrap_or_default() tabindex="-1" on:keydown=on_key
            on:contextmenu=on_context_menu>
            {quote_above}
            {lead(compact || dense, avatar, (hue, initial), line.time_ms, clock)}
            <div class="body">
                <div class="meta" class:hidden=compact>
                    {roles}
                    <button class="name" data-testid="message-sender" style:--hue=hue.to_string() on:click=open_card tabindex="-1"
                        title=user_id.clone()>{name}</button>
                    // Text, not a `::after` on the name: WebKitGTK kept memory for every
                    // generated colon that scrolled through (see `.name-colon` in style.css).
                    {dense.then(|| view! { <span class="name-colon">":"</span> })}
                    {line.own.then(|| view! { <span class="tag">{t!("room-row-you")}</span> })}
                    // A one-line row shows its time in front (`lead`), not here.
                    {(!dense).then(|| view! { <time title=time::full(line.time_ms)>{time::clock_in(clock, line.time_ms)}</time> })}
                    {(state == "pending").then(|| view! { <span class="state-label" data-testid="message-pending">{t!("room-row-sending")}</span> })}
                    {line.history.then(|| view! { <span class="tag history-tag">{t!("room-row-history")}</span> })}
                    {filtered.map(filtered_tag)}
                </div>
                {quoted}
                {content}
                {failure}
            </div>
            // Plain values, not signals: a row whose rights change is rendered anew.
            {(can_delete || can_reply).then(|| view! {
                <div class="row-actions">
                    {can_reply.then(|| view! {
                        <button class="ghost icon reply-button" data-testid="reply-action" title=t!("room-row-reply-title") tabindex="-1"
                            aria-label=t!("room-row-reply") on:click={
                                let start_reply = start_reply.clone();
                                move |_| start_reply()
                            }>{t!("room-row-reply")}</button>
                    })}
                    {can_delete.then(|| view! {
                        <button class="ghost icon" data-testid="message-delete" title=t!("room-row-delete-title") tabindex="-1"
                            aria-label=t!("room-row-delete-label") on:click={
                                let ask_delete = ask_delete.clone();
                                move |_| ask_delete()
                            }>{t!("room-row-delete")}</button>
                    })}
                </div>
            })}
        </div>
    }
    .into_any()
}

/// What the ignore list or a filter did to a message, beside its time.
fn filtered_tag(filtered: Filtered) -> impl IntoView {
    let (label, title) = match filtered {
        Filtered::IgnoredUser => (t!("room-row-ignored"), t!("room-row-ignored-title")),
        Filtered::Rule => (t!("room-row-filtered"), t!("room-row-filtered-title")),
        Filtered::Masked => (t!("room-row-masked"), t!("room-row-masked-title")),
    };
    view! { <span class="tag filtered-tag" data-testid="filtered-tag" title=title>{label}</span> }
}

/// Who wrote a message: user id, name, avatar URL, and the name's initial (for a missing
/// avatar).
fn who(line: &Line) -> (String, String, Option<String>, String) {
    let sender = line.sender.as_ref();
    let user_id = sender.map(|s| s.user_id.clone()).unwrap_or_default();
    let name = sender.map(|s| s.display_name.clone()).unwrap_or_default();
    let avatar = sender.and_then(|s| s.avatar_url.clone());
    let initial = name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    (user_id, name, avatar, initial)
}

/// What a message row's keys may do besides opening the card: each present when allowed.
struct RowActions<D, R, M> {
    /// Ask to delete it (moderators).
    delete: Option<D>,
    /// Answer it.
    reply: Option<R>,
    /// Open its context menu at a point of the window.
    menu: M,
}

/// Where a context menu opened from the keyboard appears: inside the focused row, near its
/// top left, as if the pointer rested on its name.
fn menu_point(event: &ev::KeyboardEvent) -> (f64, f64) {
    use wasm_bindgen::JsCast;
    event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .map(|row| {
            let rect = row.get_bounding_client_rect();
            (rect.left() + 48.0, rect.top() + rect.height().min(24.0))
        })
        .unwrap_or_default()
}

/// A message row's keys: Delete asks to delete it (moderators), R answers it, the ContextMenu
/// key or Shift+F10 opens its menu, Enter opens the sender's card, Escape goes to the
/// composer, the rest move in the list.
fn message_keys(
    actions: RowActions<impl Fn() + 'static, impl Fn() + 'static, impl Fn(f64, f64) + 'static>,
    open_card: impl Fn() + 'static,
) -> impl Fn(ev::KeyboardEvent) + 'static {
    move |event: ev::KeyboardEvent| match event.key().as_str() {
        "ContextMenu" => {
            event.prevent_default();
            let (x, y) = menu_point(&event);
            (actions.menu)(x, y);
        }
        "F10" if event.shift_key() => {
            event.prevent_default();
            let (x, y) = menu_point(&event);
            (actions.menu)(x, y);
        }
        "Delete" | "Backspace" if actions.delete.is_some() => {
            event.prevent_default();
            if let Some(delete) = &actions.delete {
                delete();
            }
        }
        "r" | "R"
            if actions.reply.is_some()
                && !event.ctrl_key()
                && !event.meta_key()
                && !event.alt_key() =>
        {
            event.prevent_default();
            if let Some(reply) = &actions.reply {
                reply();
            }
        }
        "Enter" => {
            event.prevent_default();
            open_card();
        }
        "Escape" => {
            event.prevent_default();
            a11y::focus_composer();
        }
        _ => {
            a11y::move_in_list(&event);
        }
    }
}

/// Someone else naming the user (or a highlight word) marks the whole row: which kind.
fn mention(line: &Line, highlighter: &Highlighter) -> Option<&'static str> {
    match (&line.deleted, line.own) {
        (None, false) => highlighter.mention(&line.content).map(|kind| match kind {
            MentionKind::Name => "name",
            MentionKind::Word => "word",
        }),
        _ => None,
    }
}

/// A message's text, or what its deletion says.
fn content(line: &Line, highlighter: &Highlighter) -> AnyView {
    match &line.deleted {
        Some(deletion) => view! {
            <div class="content deleted" data-testid="message-deleted">
                {match &deletion.reason {
                    Some(reason) => t!("room-row-deleted-reason", reason = reason),
                    None => t!("room-row-deleted"),
                }}
            </div>
        }
        .into_any(),
        None => {
            let text = message_text(&line.content, highlighter);
            view! { <div class="content" data-testid="message-content" dir="auto">{text}</div> }
                .into_any()
        }
    }
}

/// What leads a message: its time in a group's later rows, else the sender's avatar (or
/// initial, in the sender's hue).
fn lead(
    compact: bool,
    avatar: Option<String>,
    (hue, initial): (u32, String),
    time_ms: i64,
    clock: TimestampFormat,
) -> AnyView {
    match (compact, avatar) {
        (true, _) => view! { <time class="gutter-time" title=time::full(time_ms)>{time::clock_in(clock, time_ms)}</time> }.into_any(),
        (false, Some(url)) => view! { <img class="avatar" src=url alt="" referrerpolicy="no-referrer" loading="lazy"/> }.into_any(),
        (false, None) => view! { <span class="avatar initial" style:--hue=hue.to_string() aria-hidden="true">{initial}</span> }.into_any(),
    }
}

fn failure(ui: &RoomUi, line: &Line, reason: String) -> AnyView {
    let retry = {
        let (tab_id, key) = (ui.tab_id.clone(), line.key.clone());
        move |_| {
            call(
                RetryMessage {
                    tab_id: tab_id.clone(),
                    key: key.clone(),
                },
                |()| {},
            )
        }
    };
    let discard = {
        let (tab_id, key) = (ui.tab_id.clone(), line.key.clone());
        move |_| {
            call(
                DiscardMessage {
                    tab_id: tab_id.clone(),
                    key: key.clone(),
                },
                |()| {},
            )
        }
    };
    let edit = {
        let (tab_id, key, content, draft) = (
            ui.tab_id.clone(),
            line.key.clone(),
            line.content.clone(),
            ui.draft,
        );
        move |_| {
            draft.set(content.clone());
            call(
                DiscardMessage {
                    tab_id: tab_id.clone(),
                    key: key.clone(),
                },
                |()| {},
            );
        }
    };
    view! {
        <div class="failure" data-testid="message-failure">
            <span class="failure-reason" data-testid="message-failure-reason">"⚠ " {reason}</span>
            <button class="link" data-testid="message-retry" on:click=retry>{t!("room-row-retry")}</button>
            <button class="link" data-testid="message-edit" on:click=edit>{t!("room-row-edit")}</button>
            <button class="link" data-testid="message-discard" on:click=discard>{t!("room-row-discard")}</button>
        </div>
    }
    .into_any()
}

/// What a gap marker says: how long nothing was received, since when (when times are shown
/// and the start differs from the end the row's time shows), and why.
/// "No messages received for 29 s since 14:02:11: connection lost (reset)".
fn gap_text(span_ms: i64, (from, to): (String, String), why: &str) -> String {
    let duration = duration_words(span_ms);
    if from.is_empty() || from == to {
        t!("room-gap", duration = duration, reason = why)
    } else {
        t!(
            "room-gap-since",
            duration = duration,
            from = from,
            reason = why
        )
    }
}

/// "under a second", "29 s", "4 min 5 s", "2 h 3 min".
fn duration_words(span_ms: i64) -> String {
    let seconds = span_ms.max(0) / 1000;
    match seconds {
        0 => t!("room-duration-under-second"),
        1..60 => t!("room-duration-seconds", seconds = seconds),
        60..3600 => t!(
            "room-duration-minutes",
            minutes = seconds / 60,
            seconds = seconds % 60
        ),
        _ => t!(
            "room-duration-hours",
            hours = seconds / 3600,
            minutes = seconds % 3600 / 60
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_says_how_long_from_when_and_why() {
        let cases = [
            (
                400,
                ("", ""),
                "x",
                "No messages received for under a second: x",
            ),
            (
                29_000,
                ("14:02:11", "14:02:40"),
                "connection lost (reset)",
                "No messages received for 29 s since 14:02:11: connection lost (reset)",
            ),
            (
                20_000,
                ("14:02", "14:02"),
                "y",
                "No messages received for 20 s: y",
            ),
            (
                245_000,
                ("", ""),
                "y",
                "No messages received for 4 min 5 s: y",
            ),
            (
                7_380_000,
                ("9:00 AM", "11:03 AM"),
                "z",
                "No messages received for 2 h 3 min since 9:00 AM: z",
            ),
        ];
        for (span, (from, to), why, expected) in cases {
            assert_eq!(gap_text(span, (from.into(), to.into()), why), expected);
        }
    }
}
