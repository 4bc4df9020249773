//! Keyboard operation: one tab stop per region (tab strip, message list, composer), arrow
//! keys inside it, Escape back to the composer.
//!
//! - The tab strip is an ARIA tablist with a roving tab stop: Left / Right / Home / End move
//!   between tabs, Enter or Space opens one.
//! - The message list is one tab stop: entering it focuses the newest row (or the one left
//!   focused); Up / Down / PageUp / PageDown / Home / End move between rows; Enter opens the
//!   sender's card; Delete deletes (moderators); Escape goes to the composer.
//! - Menus: Up / Down move between items, Escape closes and returns to the menu button.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Rows a PageUp / PageDown moves.
const PAGE_ROWS: usize = 10;

fn html(element: web_sys::Element) -> Option<web_sys::HtmlElement> {
    element.dyn_into::<web_sys::HtmlElement>().ok()
}

fn focus(element: web_sys::Element) {
    if let Some(element) = html(element) {
        // Focus failing leaves focus where it was; nothing else to do.
        let _ = element.focus();
    }
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// The focusable rows of the list that holds `row`.
fn rows_around(row: &web_sys::Element) -> Vec<web_sys::Element> {
    row.closest("[data-testid=message-list]")
        .ok()
        .flatten()
        .map(|list| all(&list, "[data-testid=message][tabindex]"))
        .unwrap_or_default()
}

/// Moves focus between rows for Up, Down, PageUp, PageDown, Home and End; true when the key
/// was one of them.
pub fn move_in_list(event: &ev::KeyboardEvent) -> bool {
    let Some(row) = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let rows = rows_around(&row);
    let Some(at) = rows.iter().position(|candidate| *candidate == row) else {
        return false;
    };
    let last = rows.len().saturating_sub(1);
    let next = match event.key().as_str() {
        "ArrowUp" => at.saturating_sub(1),
        "ArrowDown" => (at + 1).min(last),
        "PageUp" => at.saturating_sub(PAGE_ROWS),
        "PageDown" => (at + PAGE_ROWS).min(last),
        "Home" => 0,
        "End" => last,
        _ => return false,
    };
    event.prevent_default();
    if let Some(target) = rows.get(next) {
        focus(target.clone());
        if let Some(target) = html(target.clone()) {
            target.scroll_into_view_with_bool(
                event.key() == "ArrowUp" || event.key() == "PageUp" || event.key() == "Home",
            );
        }
    }
    true
}

/// The message list got focus itself (Tab into it): hand it to the newest row, so the
/// arrows work at once. The list stays the one tab stop (rows are `tabindex=-1`).
pub fn enter_list(event: ev::FocusEvent) {
    let (Some(target), Some(list)) = (
        event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
        event
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
    ) else {
        return;
    };
    if target != list {
        return;
    }
    if let Some(row) = all(&list, "[data-testid=message][tabindex]").pop() {
        focus(row);
    }
}

/// Puts focus in the composer of the room in front.
pub fn focus_composer() {
    if let Ok(Some(input)) = document()
        .query_selector("[data-testid=room][data-active=true] [data-testid=composer-input]")
    {
        focus(input);
    }
}

/// Keys on a focused row that is not a message (an event or a notice): moving and leaving.
pub fn system_row_keys(event: ev::KeyboardEvent) {
    if move_in_list(&event) {
        return;
    }
    if event.key() == "Escape" {
        event.prevent_default();
        focus_composer();
    }
}

/// Arrow keys in the tab strip: move focus between tab buttons (the roving tab stop follows
/// the active tab, so Tab leaves the strip).
pub fn tablist_keys(event: ev::KeyboardEvent) {
    let Some(strip) = event
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let tabs = all(&strip, ".tab-label");
    let current = document().active_element();
    let Some(at) = tabs.iter().position(|tab| Some(tab) == current.as_ref()) else {
        return;
    };
    let last = tabs.len().saturating_sub(1);
    let next = match event.key().as_str() {
        "ArrowLeft" => {
            if at == 0 {
                last
            } else {
                at - 1
            }
        }
        "ArrowRight" => {
            if at == last {
                0
            } else {
                at + 1
            }
        }
        "Home" => 0,
        "End" => last,
        _ => return,
    };
    event.prevent_default();
    if let Some(tab) = tabs.get(next) {
        focus(tab.clone());
    }
}

/// Focuses the first item of a menu that just opened.
pub fn focus_first_item(menu: &web_sys::Element) {
    if let Some(item) = all(menu, "button:not([disabled])").into_iter().next() {
        focus(item);
    }
}

/// Puts focus back on the room menu's button (its menu closed with Escape).
pub fn focus_room_menu_button() {
    if let Ok(Some(button)) =
        document().query_selector("[data-testid=room][data-active=true] [data-testid=room-menu]")
    {
        focus(button);
    }
}

/// Up / Down / Home / End inside a menu; true when handled.
pub fn menu_keys(event: &ev::KeyboardEvent) -> bool {
    let Some(menu) = event
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let items = all(&menu, "button:not([disabled])");
    if items.is_empty() {
        return false;
    }
    let current = document().active_element();
    let at = items.iter().position(|item| Some(item) == current.as_ref());
    let last = items.len() - 1;
    let next = match (event.key().as_str(), at) {
        ("ArrowDown", Some(at)) => (at + 1) % items.len(),
        ("ArrowDown", None) | ("Home", _) => 0,
        ("ArrowUp", Some(0)) | ("ArrowUp", None) | ("End", _) => last,
        ("ArrowUp", Some(at)) => at - 1,
        _ => return false,
    };
    event.prevent_default();
    focus(items[next].clone());
    true
}

/// The message row that had keyboard focus, by key: a row re-renders as a new element when
/// its line changes (confirmed, deleted), and focus would drop to the page.
#[derive(Debug, Clone, Copy)]
pub struct RowFocus(StoredValue<Option<String>>);

fn row_key(target: Option<web_sys::EventTarget>) -> Option<String> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    if element.get_attribute("data-testid").as_deref() != Some("message") {
        return None;
    }
    element.get_attribute("data-key")
}

/// Focuses the room's row of `key` (a menu or dialog about it closed); false when it is not
/// rendered.
pub fn focus_message_row(key: &str) -> bool {
    let selector = format!(
        "[data-testid=room][data-active=true] [data-testid=message][data-key=\"{}\"]",
        key.replace('\\', "\\\\").replace('"', "\\\"")
    );
    match document().query_selector(&selector) {
        Ok(Some(row)) => {
            focus(row);
            true
        }
        _ => false,
    }
}

/// Remembers which row has focus (any focus elsewhere forgets it). Listeners go with the
/// root.
pub fn track_row_focus() {
    let saved = StoredValue::new(None::<String>);
    provide_context(RowFocus(saved));
    let handle = window_event_listener(ev::focusin, move |event| {
        saved.set_value(row_key(event.target()));
    });
    on_cleanup(move || handle.remove());
}

/// A row just rendered: if it is the one that had focus and focus fell to the page (its old
/// element went away), it takes focus again.
pub fn row_rendered(key: String) {
    let Some(RowFocus(saved)) = use_context::<RowFocus>() else {
        return;
    };
    request_animation_frame(move || {
        let lost = document()
            .active_element()
            .is_none_or(|active| active.tag_name().eq_ignore_ascii_case("body"));
        if lost && saved.get_value().as_deref() == Some(key.as_str()) {
            focus_message_row(&key);
        }
    });
}

/// Where focus was before a dialog took it.
#[derive(Debug, Default)]
pub struct FocusReturn {
    element: Option<web_sys::Element>,
    row: Option<String>,
}

/// Notes where focus is now, to come back to after a dialog.
pub fn remember_focus() -> FocusReturn {
    let element = document().active_element();
    let row = element
        .as_ref()
        .filter(|e| e.get_attribute("data-testid").as_deref() == Some("message"))
        .and_then(|e| e.get_attribute("data-key"));
    FocusReturn { element, row }
}

/// Puts focus back where [`remember_focus`] found it (the same row, even re-rendered).
pub fn restore_focus(saved: FocusReturn) {
    request_animation_frame(move || {
        if let Some(element) = saved.element.filter(|e| e.is_connected()) {
            focus(element);
        } else if let Some(key) = saved.row {
            focus_message_row(&key);
        }
    });
}

/// Returns focus to where it was when a dialog of the root opened, once it closes.
pub fn restore_focus_after_dialogs(dialog: RwSignal<crate::context::Dialog>) {
    let saved = StoredValue::new_local(None::<FocusReturn>);
    Effect::new(move |previous: Option<crate::context::Dialog>| {
        let now = dialog.get();
        let was_closed = previous.is_none_or(|p| p == crate::context::Dialog::Closed);
        if now != crate::context::Dialog::Closed && was_closed {
            saved.set_value(Some(remember_focus()));
        } else if now == crate::context::Dialog::Closed
            && !was_closed
            && let Some(focus) = saved.try_update_value(Option::take).flatten()
        {
            restore_focus(focus);
        }
        now
    });
}
