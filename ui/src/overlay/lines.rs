//! The overlay's lines: the newest of the room, name and text, fading out after the chosen
//! delay (the fade is a CSS animation delayed by what is left of each line's time). Lines the
//! ignore list and filters hide never show here: an overlay is for an audience.

use chatdeck_ipc::mention::Highlighter;
use chatdeck_ipc::model::{Filtered, Line, LineKey, LineKind};
use leptos::prelude::*;

use super::ui::OverlayUi;
use crate::i18n::t;
use crate::live_list::{live_for, row_memo};
use crate::mentions::highlighted;
use crate::room::{RoomUi, badges, row_contexts, sender_hue};
use crate::store::TabStateStoreFields;

/// Lines an overlay shows at most; an overlay is for what is happening now.
const SHOWN: usize = 60;

/// The list.
#[component]
pub fn OverlayLines() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let tab = ui.tab;
    let keys = move || {
        tab.lines()
            .try_with(|lines| {
                let mut keys: Vec<LineKey> = lines
                    .iter()
                    .rev()
                    .filter(|line| !line.filtered.is_some_and(Filtered::hides))
                    .take(SHOWN)
                    .map(|line| line.key.clone())
                    .collect();
                keys.reverse();
                keys
            })
            .unwrap_or_default()
    };
    view! {
        <ol class="overlay-lines" data-testid="overlay-lines" aria-label=t!("overlay-lines")>
            // Not `For`: its rows' owners would pile up on this list's owner (see
            // `live_list`), one per line that ever went through the overlay.
            {live_for(
                row_contexts().with::<OverlayUi>(),
                keys,
                LineKey::clone,
                |key| view! { <OverlayLine key/> },
            )}
        </ol>
    }
}

/// Seconds left before a line that arrived at `time_ms` fades, at `now_ms`.
fn fade_delay(fade_after_secs: u32, time_ms: i64, now_ms: f64) -> f64 {
    let age = (now_ms - time_ms as f64) / 1000.0;
    (f64::from(fade_after_secs) - age).max(0.0)
}

#[component]
fn OverlayLine(key: LineKey) -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let overlay = expect_context::<OverlayUi>();
    // The line's only reader of the store, the overlay settings and the highlighter, which
    // leaves them when the line goes (see `live_list`); the view reads only this memo.
    let state = row_memo(move || {
        let line = ui
            .tab
            .lines()
            .try_with(|lines| lines.iter().rev().find(|line| line.key == key).cloned())
            .flatten()?;
        Some((
            line,
            overlay.settings.with(|settings| settings.fade_after_secs),
            ui.highlighter.get(),
        ))
    });
    move || {
        let (line, fade, highlighter): (Line, u32, Highlighter) = state.get()?;
        let delay = fade_delay(fade, line.time_ms, js_sys::Date::now());
        let (name, hue, roles) = line
            .sender
            .as_ref()
            .map(|sender| {
                (
                    sender.display_name.clone(),
                    sender_hue(sender),
                    badges(&sender.badges),
                )
            })
            .unwrap_or_default();
        let text = match (&line.kind, &line.deleted) {
            (_, Some(_)) => t!("overlay-deleted").into_any(),
            (LineKind::Message, None) => highlighted(&line.content, &highlighter),
            (LineKind::Event { name }, None) => format!("◆ {name}").into_any(),
            (LineKind::Notice, None) => line.content.clone().into_any(),
            (LineKind::Gap { .. }, None) => {
                t!("overlay-gap", reason = line.content.clone()).into_any()
            }
        };
        let system = !matches!(line.kind, LineKind::Message);
        Some(view! {
            <li class="overlay-line" class:fading={fade > 0} class:system=system class:deleted=line.deleted.is_some()
                data-testid="overlay-line" data-key=line.key.to_string()
                style:--fade-delay=format!("{delay:.2}s") style:--hue=hue.to_string()>
                // The colon is text, not a `::after`: see `.name-colon` in style.css.
                {(!system).then(|| view! { {roles}<span class="overlay-name">{name}":"</span> })}
                <span class="overlay-text" data-testid="overlay-text">{text}</span>
            </li>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fade_after_what_is_left_of_their_time() {
        assert_eq!(fade_delay(30, 0, 10_000.0), 20.0);
        assert_eq!(fade_delay(30, 0, 45_000.0), 0.0);
        assert_eq!(fade_delay(5, 10_000, 10_000.0), 5.0);
    }
}
