//! A message row's context menu (right click, or the ContextMenu key / Shift+F10 on a focused
//! row): reply, copy the text or the message id, the sender's card, ignore the sender (or stop
//! ignoring them), delete (moderators).
//!
//! It is drawn in a portal on `<body>`: a `position: fixed` box inside an ancestor with a
//! transform (the list's rows, a dialog) is placed against that ancestor, not the window.
//! Copying goes through the shell (`copy_text`), like the invite link, so the webview needs
//! no clipboard permission.

use chatdeck_ipc::command::CopyText;
use chatdeck_ipc::model::{Capability, Filtered, Line, LineKey, LineKind};
use chatdeck_ipc::settings::filters::IgnoreUser;
use leptos::ev;
use leptos::html;
use leptos::portal::Portal;
use leptos::prelude::*;

use super::ui::{Panel, Pending, ReplyTarget, RoomUi, RowMenu, author};
use crate::a11y;
use crate::context::call;
use crate::i18n::t;
use crate::store::TabStateStoreFields;

/// Distance kept between the menu and the window's edges, in CSS pixels.
const EDGE: f64 = 6.0;

/// What the menu can do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Reply,
    CopyText,
    CopyId,
    UserCard,
    Ignore,
    Unignore,
    Delete,
}

impl Action {
    /// `data-action` of the item.
    fn name(self) -> &'static str {
        match self {
            Action::Reply => "reply",
            Action::CopyText => "copy-text",
            Action::CopyId => "copy-id",
            Action::UserCard => "user-card",
            Action::Ignore => "ignore",
            Action::Unignore => "unignore",
            Action::Delete => "delete",
        }
    }

    fn label(self) -> String {
        match self {
            Action::Reply => t!("room-action-reply"),
            Action::CopyText => t!("room-action-copy-text"),
            Action::CopyId => t!("room-action-copy-id"),
            Action::UserCard => t!("room-action-user-card"),
            Action::Ignore => t!("room-action-ignore"),
            Action::Unignore => t!("room-action-unignore"),
            Action::Delete => t!("room-action-delete"),
        }
    }

    /// The row's own key for the same thing, shown beside the item.
    fn shortcut(self) -> &'static str {
        match self {
            Action::Reply => "R",
            Action::UserCard => "Enter",
            Action::Delete => "Del",
            Action::CopyText | Action::CopyId | Action::Ignore | Action::Unignore => "",
        }
    }
}

/// What this client may do with `line`: replies need the right to send and a confirmed,
/// undeleted message; deleting needs the moderator's right and a message id; a deleted
/// message's text is gone, so there is none to copy; anyone but this client can be ignored.
fn actions(line: &Line, can_send: bool, can_delete: bool) -> Vec<Action> {
    if line.kind != LineKind::Message {
        return Vec::new();
    }
    let live = line.deleted.is_none();
    let has_id = line.message_id.is_some();
    let ignored = line.filtered == Some(Filtered::IgnoredUser);
    let someone_else = line.sender.is_some() && !line.own;
    [
        (Action::Reply, can_send && ReplyTarget::of(line).is_some()),
        (Action::CopyText, live && !line.content.is_empty()),
        (Action::CopyId, has_id),
        (Action::UserCard, line.sender.is_some()),
        (Action::Ignore, someone_else && !ignored),
        (Action::Unignore, someone_else && ignored),
        (Action::Delete, can_delete && has_id && live),
    ]
    .into_iter()
    .filter_map(|(action, allowed)| allowed.then_some(action))
    .collect()
}

/// The menu of the room's rows; shows while [`RoomUi::menu`] is set.
#[component]
pub fn ContextMenu() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let menu = ui.menu;
    view! {
        <Portal>
            {
                let ui = ui.clone();
                move || menu.get().map(|at| menu_view(ui.clone(), at))
            }
        </Portal>
    }
}

/// The row of `key` among the tab's lines.
fn line_of(ui: &RoomUi, key: &LineKey) -> Option<Line> {
    ui.tab
        .lines()
        .try_with_untracked(|lines| lines.iter().rev().find(|line| &line.key == key).cloned())
        .flatten()
}

fn menu_view(ui: RoomUi, at: RowMenu) -> Option<AnyView> {
    let line = line_of(&ui, &at.key)?;
    let actions = actions(
        &line,
        ui.can(Capability::SendMessage),
        ui.can(Capability::DeleteMessage),
    );
    if actions.is_empty() {
        return None;
    }
    let menu = ui.menu;
    let key = at.key.clone();
    let close_to_row = move || {
        menu.set(None);
        a11y::focus_message_row(key.as_ref());
    };
    mark_row(&at.key);
    let element: NodeRef<html::Div> = NodeRef::new();
    Effect::new({
        let at = at.clone();
        move |_| {
            if let Some(element) = element.get() {
                place(&element, &at);
                a11y::focus_first_item(&element);
            }
        }
    });
    let on_key = {
        let close_to_row = close_to_row.clone();
        move |event: ev::KeyboardEvent| match event.key().as_str() {
            "Escape" | "Tab" => {
                event.prevent_default();
                close_to_row();
            }
            _ => {
                a11y::menu_keys(&event);
            }
        }
    };
    let items = actions
        .into_iter()
        .map(|action| {
            let (ui, line) = (ui.clone(), line.clone());
            view! {
                <button role="menuitem" data-testid="context-menu-item" data-action=action.name()
                    on:click=move |_| perform(&ui, &line, action)>
                    <span class="context-label">{action.label()}</span>
                    <kbd class="context-shortcut" aria-hidden="true">{action.shortcut()}</kbd>
                </button>
            }
        })
        .collect_view();
    let dismiss = {
        let close_to_row = close_to_row.clone();
        move |event: ev::MouseEvent| {
            event.prevent_default();
            close_to_row();
        }
    };
    Some(
        view! {
            <div class="context-scrim" on:click=dismiss.clone() on:contextmenu=dismiss></div>
            <div class="menu context-menu" role="menu" aria-label=t!("room-context-menu", author = author(&line))
                data-testid="context-menu" data-key=at.key.to_string() node_ref=element
                style:left=format!("{}px", at.x) style:top=format!("{}px", at.y)
                on:keydown=on_key on:contextmenu=|event: ev::MouseEvent| event.prevent_default()>
                {items}
            </div>
        }
        .into_any(),
    )
}

/// Marks the row the menu is about while it shows, so the eye finds it from the menu. A
/// class on the element (not state in the store): the mark goes with the menu, and a row
/// re-rendered meanwhile simply loses it.
fn mark_row(key: &LineKey) {
    let selector = format!(
        "[data-testid=room][data-active=true] [data-testid=message][data-key=\"{}\"]",
        key.as_ref().replace('\\', "\\\\").replace('"', "\\\"")
    );
    let mark = |selector: &str, on: bool| {
        if let Ok(Some(row)) = document().query_selector(selector) {
            // A class list refusing a change leaves the row unmarked, nothing worse.
            let _ = if on {
                row.class_list().add_1("menu-open")
            } else {
                row.class_list().remove_1("menu-open")
            };
        }
    };
    mark(&selector, true);
    on_cleanup(move || mark(&selector, false));
}

/// Keeps the menu inside the window: it opens at the pointer (or the row), and moves left or
/// above it when it would cross the window's edge. Positions are measured on screen and
/// divided by the page's zoom (a CSS `zoom` on the root scales the menu's `left` and `top`).
fn place(element: &web_sys::HtmlDivElement, at: &RowMenu) {
    let rect = element.get_bounding_client_rect();
    let css_width = f64::from(element.offset_width());
    let scale = if css_width > 0.0 {
        rect.width() / css_width
    } else {
        1.0
    };
    let window = window();
    let size = |value: Result<wasm_bindgen::JsValue, _>| {
        value.ok().and_then(|value| value.as_f64()).unwrap_or(0.0)
    };
    let (width, height) = (size(window.inner_width()), size(window.inner_height()));
    let (x, y) = (at.x * scale, at.y * scale);
    let left = x.min(width - rect.width() - EDGE).max(EDGE);
    let top = if y + rect.height() > height - EDGE {
        (y - rect.height()).max(EDGE)
    } else {
        y
    };
    let style = web_sys::HtmlElement::style(element);
    // Through the CSSOM, which the CSP allows; a failure leaves the menu where it opened.
    let _ = style.set_property("left", &format!("{}px", left / scale));
    let _ = style.set_property("top", &format!("{}px", top / scale));
}

fn perform(ui: &RoomUi, line: &Line, action: Action) {
    ui.menu.set(None);
    let row = line.key.to_string();
    match action {
        Action::Reply => {
            ui.replying.set(ReplyTarget::of(line));
            a11y::focus_composer();
        }
        Action::CopyText => copy(ui, line.content.clone(), &row, t!("room-copied-text")),
        Action::CopyId => copy(
            ui,
            line.message_id.clone().unwrap_or_default(),
            &row,
            t!("room-copied-id"),
        ),
        Action::UserCard => {
            if let Some(sender) = &line.sender {
                ui.panel.set(Panel::User(sender.user_id.clone()));
            }
            a11y::focus_message_row(&row);
        }
        Action::Ignore | Action::Unignore => {
            if let Some(sender) = &line.sender {
                call(
                    IgnoreUser {
                        tab_id: ui.tab_id.clone(),
                        user_id: sender.user_id.clone(),
                        display_name: sender.display_name.clone(),
                        ignore: action == Action::Ignore,
                    },
                    |()| {},
                );
            }
            // The row is about to be hidden (or shown plainly): focus goes where typing is.
            a11y::focus_composer();
        }
        Action::Delete => {
            // The row first: the reason dialog returns focus to where it was.
            a11y::focus_message_row(&row);
            ui.pending.set(Some(Pending::Delete {
                key: line.key.clone(),
                author: author(line),
            }));
        }
    }
}

/// How long "Text copied" stays in the header.
const COPY_NOTE: std::time::Duration = std::time::Duration::from_secs(3);

/// Copies `text` through the shell and, once it is on the clipboard, says `note` for a moment.
fn copy(ui: &RoomUi, text: String, row: &str, note: String) {
    let copy_note = ui.copy_note;
    call(CopyText { text }, move |()| {
        copy_note.set(Some(note.clone()));
        set_timeout(
            move || {
                if copy_note.get_untracked().as_ref() == Some(&note) {
                    copy_note.set(None);
                }
            },
            COPY_NOTE,
        );
    });
    a11y::focus_message_row(row);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_ipc::model::{Deletion, SendState, Sender};

    fn message(id: Option<&str>, deleted: bool) -> Line {
        Line {
            key: "k1".into(),
            position: 1,
            message_id: id.map(str::to_owned),
            kind: LineKind::Message,
            sender: Some(Sender {
                user_id: "maya".into(),
                display_name: "Maya".into(),
                avatar_url: None,
                badges: Vec::new(),
                color: None,
            }),
            content: "hello".into(),
            attributes: Vec::new(),
            time_ms: 0,
            own: false,
            send: SendState::Confirmed,
            deleted: deleted.then_some(Deletion { reason: None }),
            history: false,
            filtered: None,
        }
    }

    #[test]
    fn the_menu_offers_what_the_line_and_the_rights_allow() {
        use Action::*;
        let cases = [
            (
                message(Some("abc"), false),
                true,
                true,
                vec![Reply, CopyText, CopyId, UserCard, Ignore, Delete],
            ),
            (
                message(Some("abc"), false),
                false,
                false,
                vec![CopyText, CopyId, UserCard, Ignore],
            ),
            // Pending: no id yet, so nothing to answer, copy as an id or delete.
            (
                message(None, false),
                true,
                true,
                vec![CopyText, UserCard, Ignore],
            ),
            (
                message(Some("abc"), true),
                true,
                true,
                vec![CopyId, UserCard, Ignore],
            ),
            // One's own messages: nobody to ignore.
            (
                Line {
                    own: true,
                    ..message(Some("abc"), false)
                },
                false,
                false,
                vec![CopyText, CopyId, UserCard],
            ),
            // An ignored user's message, shown on request: ignoring can be undone here.
            (
                Line {
                    filtered: Some(Filtered::IgnoredUser),
                    ..message(Some("abc"), false)
                },
                false,
                false,
                vec![CopyText, CopyId, UserCard, Unignore],
            ),
        ];
        for (line, can_send, can_delete, expected) in cases {
            assert_eq!(actions(&line, can_send, can_delete), expected, "{line:?}");
        }
    }
}
