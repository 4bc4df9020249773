//! The composer's emoji picker: a button beside the input opens a searchable grid, recently
//! used emoji first. Focus stays in the search field; the arrows move the highlighted emoji
//! (announced through `aria-activedescendant`), Enter or a click puts it in the draft at the
//! caret, Escape closes and returns to the input.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::completion::byte_offset;
use super::emoji::{self, Found};
use crate::i18n::t;

/// Emoji a row of the grid holds (Up and Down move by a row).
const COLUMNS: usize = 8;
/// At most this many emoji are drawn (a search narrows them).
const SHOWN: usize = 160;
/// The id of the grid, for the search field's `aria-controls`.
const GRID_ID: &str = "emoji-picker-grid";

fn option_id(index: usize) -> String {
    format!("{GRID_ID}-{index}")
}

/// What the grid shows: recently used first when nothing is searched, then the matches.
/// Each emoji once; `true` marks the recent ones.
fn shown(query: &str, recent: &[Found]) -> Vec<(Found, bool)> {
    let recent: Vec<(Found, bool)> = if query.trim().is_empty() {
        recent.iter().cloned().map(|found| (found, true)).collect()
    } else {
        Vec::new()
    };
    let rest = emoji::search(query, SHOWN)
        .into_iter()
        .filter(|found| !recent.iter().any(|(seen, _)| seen.emoji == found.emoji))
        .map(|found| (found, false));
    recent.clone().into_iter().chain(rest).take(SHOWN).collect()
}

/// Where `next` takes the highlight from `at` among `count` emoji.
fn moved(key: &str, at: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    Some(match key {
        "ArrowRight" => (at + 1).min(last),
        "ArrowLeft" => at.saturating_sub(1),
        "ArrowDown" => (at + COLUMNS).min(last),
        "ArrowUp" => at.saturating_sub(COLUMNS),
        "Home" => 0,
        "End" => last,
        _ => return None,
    })
}

/// Puts `text` at the caret of `input` (or its end), the caret after it, and the draft in
/// step.
fn insert_at_caret(input: NodeRef<html::Textarea>, draft: RwSignal<String>, text: &str) {
    let Some(element) = input.get_untracked() else {
        draft.update(|draft| draft.push_str(text));
        return;
    };
    let value = element.value();
    let caret = element
        .selection_start()
        .ok()
        .flatten()
        .map_or(value.len(), |at| byte_offset(&value, at));
    let before = format!("{}{text}", &value[..caret]);
    let caret16 = before.encode_utf16().count() as u32;
    let value = format!("{before}{}", &value[caret..]);
    element.set_value(&value);
    // Focus or selection failing leaves the caret at the end, still usable.
    let _ = element.focus();
    let _ = element.set_selection_range(caret16, caret16);
    draft.set(value);
}

/// The button and, while open, the picker.
#[component]
pub fn EmojiPicker(
    /// The composer's input, where emoji go.
    input: NodeRef<html::Textarea>,
    /// The composer's draft.
    draft: RwSignal<String>,
    /// Whether the composer is disabled (so is the button).
    disabled: Signal<bool>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0_usize);
    let recent = RwSignal::new(Vec::<Found>::new());
    let search: NodeRef<html::Input> = NodeRef::new();
    let options = Memo::new(move |_| recent.with(|recent| query.with(|q| shown(q, recent))));

    let close = move || {
        open.set(false);
        if let Some(element) = input.get_untracked() {
            // Focus failing leaves focus where it was.
            let _ = element.focus();
        }
    };
    let pick = move |found: Found| {
        emoji::remember(found.emoji);
        open.set(false);
        insert_at_caret(input, draft, found.emoji);
    };
    let toggle = move |_| {
        if open.get_untracked() {
            close();
        } else {
            recent.set(emoji::recent());
            query.set(String::new());
            active.set(0);
            open.set(true);
        }
    };
    Effect::new(move |_| {
        if open.get()
            && let Some(element) = search.get()
        {
            // Focus failing leaves focus on the button; the grid still works by mouse.
            let _ = element.focus();
        }
    });
    let on_key = move |event: ev::KeyboardEvent| {
        let count = options.with_untracked(Vec::len);
        match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                close();
            }
            "Enter" => {
                event.prevent_default();
                if let Some((found, _)) =
                    options.with_untracked(|o| o.get(active.get_untracked()).cloned())
                {
                    pick(found);
                }
            }
            key => {
                if let Some(next) = moved(key, active.get_untracked(), count) {
                    event.prevent_default();
                    active.set(next);
                    scroll_to(next);
                }
            }
        }
    };
    let grid = move || {
        options
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, (found, was_recent))| {
                let selected = move || active.get() == index;
                let title = match found.shortcode {
                    Some(code) => format!("{} :{code}:", found.name),
                    None => found.name.to_owned(),
                };
                let emoji = found.emoji;
                view! {
                    <button role="option" class="emoji-option" class:recent=was_recent class:selected=selected
                        id=option_id(index) data-testid="emoji-option" data-emoji=emoji data-recent=was_recent.to_string()
                        aria-selected=move || selected().to_string() aria-label=found.name title=title tabindex="-1"
                        on:mousedown=|event: ev::MouseEvent| event.prevent_default()
                        on:click={
                            let found = found.clone();
                            move |_| pick(found.clone())
                        }>{emoji}</button>
                }
            })
            .collect_view()
    };
    view! {
        <button class="ghost icon emoji-toggle" data-testid="emoji-picker-toggle" aria-label=t!("room-emoji")
            title=t!("room-emoji") aria-haspopup="dialog" aria-expanded=move || open.get().to_string()
            disabled=move || disabled.get() on:click=toggle>
            // Drawn, not an emoji character: the color emoji font loads only once an emoji is
            // really shown.
            <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">
                <circle cx="10" cy="10" r="8"/>
                <path d="M6.5 12.2c1.9 2.2 5.1 2.2 7 0"/>
                <circle cx="7.3" cy="8" r=".6" fill="currentColor"/>
                <circle cx="12.7" cy="8" r=".6" fill="currentColor"/>
            </svg>
        </button>
        <Show when=move || open.get()>
            <div class="picker-scrim" on:click=move |_| close()></div>
            <div class="emoji-picker" role="dialog" aria-label=t!("room-emoji") data-testid="emoji-picker">
                <input type="search" node_ref=search data-testid="emoji-picker-search" placeholder=t!("room-emoji-search")
                    role="combobox" aria-expanded="true" aria-controls=GRID_ID aria-label=t!("room-emoji-search")
                    aria-activedescendant=move || option_id(active.get())
                    prop:value=move || query.get()
                    on:input=move |event| { query.set(event_target_value(&event)); active.set(0); }
                    on:keydown=on_key/>
                <Show when=move || recent.with(|r| !r.is_empty()) && query.with(|q| q.trim().is_empty())>
                    <p class="picker-note">{t!("room-emoji-recent-first")}</p>
                </Show>
                <div class="emoji-grid" role="listbox" id=GRID_ID aria-label=t!("room-emoji")>
                    {grid}
                </div>
                <Show when=move || options.with(Vec::is_empty)>
                    <p class="picker-note">{t!("room-emoji-none")}</p>
                </Show>
            </div>
        </Show>
    }
}

/// Keeps the highlighted emoji in view.
fn scroll_to(index: usize) {
    if let Ok(Some(element)) = document().query_selector(&format!("#{}", option_id(index))) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_in_rows_of_the_grid_and_stop_at_its_ends() {
        let cases = [
            ("ArrowRight", 0, 20, Some(1)),
            ("ArrowRight", 19, 20, Some(19)),
            ("ArrowLeft", 0, 20, Some(0)),
            ("ArrowDown", 3, 20, Some(3 + COLUMNS)),
            ("ArrowDown", 15, 20, Some(19)),
            ("ArrowUp", 3, 20, Some(0)),
            ("End", 0, 20, Some(19)),
            ("a", 0, 20, None),
            ("ArrowRight", 0, 0, None),
        ];
        for (key, at, count, expected) in cases {
            assert_eq!(moved(key, at, count), expected, "{key} from {at}");
        }
    }
}
