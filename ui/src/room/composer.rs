//! The composer: a code-point counter against the room's limit, disabled with a reason when
//! sending cannot work; Enter sends, Shift+Enter breaks the line, Up recalls the last message,
//! Escape clears (and stops answering a message). `@` and letters offer names to complete
//! (`completion.rs`), whose keys come first while the list shows.

use chatdeck_ipc::command::{DiscardMessage, SendMessage};
use chatdeck_ipc::model::{Capability, ConnectionState, Line, LineKey, TabId};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use reactive_stores::{Field, Store};

use super::completion::{self, Completer, CompletionList};
use super::emoji_picker::EmojiPicker;
use super::reply::ReplyingTo;
use super::ui::{ReplyTarget, RoomUi};
use crate::context::{call, call_with, chat};
use crate::i18n::{say, t};
use crate::store::{Chat, ChatStoreFields, TabState, TabStateStoreFields};

/// Why sending cannot work right now.
#[derive(Debug, Clone)]
enum Blocked {
    /// The first token is awaited: the placeholder says so, no note.
    Connecting,
    /// Anything else, in words, also said in a note under the input.
    Because(String),
}

impl Blocked {
    fn words(self) -> String {
        match self {
            Blocked::Connecting => t!("room-state-connecting"),
            Blocked::Because(words) => words,
        }
    }

    /// What the note under the input says, if anything.
    fn note(self) -> Option<String> {
        match self {
            Blocked::Connecting => None,
            Blocked::Because(words) => Some(words),
        }
    }
}

/// The composer.
#[component]
pub fn Composer() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let store = chat();
    let tab = ui.tab;
    let draft = ui.draft;
    let replying = ui.replying;
    let input: NodeRef<html::Textarea> = NodeRef::new();
    // A failed line recalled with Up: discarded once its new copy is sent.
    let recalled = StoredValue::new(None::<LineKey>);

    let length = move || draft.with(|text| text.chars().count());
    let limit = move || tab.maximum_message_length().try_get().unwrap_or(500) as usize;
    let blocked = {
        let ui = ui.clone();
        move || blocked_reason(&ui)
    };
    let over = move || length().saturating_sub(limit());
    let send_problem = {
        let blocked = blocked.clone();
        move || {
            blocked().map(Blocked::words).or_else(|| match over() {
                0 if draft.with(|text| text.trim().is_empty()) => Some(t!("room-composer-empty")),
                0 => None,
                n => Some(t!("room-composer-over", count = n)),
            })
        }
    };

    let send_problem = Signal::derive(send_problem);
    let send = {
        let tab_id = ui.tab_id.clone();
        move || {
            if send_problem.get_untracked().is_none() {
                send_draft(store, &tab_id, (draft, replying), recalled);
            }
        }
    };

    let completer = Completer::new(input, draft);
    let on_keydown = {
        let send = send.clone();
        move |event: ev::KeyboardEvent| {
            if !completer.keys(&event) {
                on_key(&event, tab, (draft, replying), recalled, &send);
            }
        }
    };
    let on_input = {
        let ui = ui.clone();
        move |event: ev::Event| {
            draft.set(event_target_value(&event));
            completer.refresh(&ui);
        }
    };
    let completing = completer.open;

    keep_in_step(draft, input);

    let disabled = {
        let blocked = blocked.clone();
        move || blocked().is_some()
    };
    let placeholder = {
        let blocked = blocked.clone();
        move || {
            blocked().map(Blocked::words).unwrap_or_else(|| {
                t!(
                    "room-composer-placeholder",
                    room = tab.room_name().try_get().unwrap_or_default()
                )
            })
        }
    };
    let send_click = send.clone();
    view! {
        <div class="composer" class:blocked=disabled.clone() class:replying=move || replying.with(Option::is_some)>
            <ReplyingTo/>
            <CompletionList completer/>
            <textarea node_ref=input data-testid="composer-input" rows="1" placeholder=placeholder
                aria-label=t!("room-composer") disabled=disabled.clone() aria-autocomplete="list"
                aria-controls=completion::LIST_ID
                aria-expanded=move || completing.with(Option::is_some).to_string()
                aria-activedescendant=move || completing.with(|open| open.as_ref().map(|open| completion::option_id(open.selected)))
                on:input=on_input on:keydown=on_keydown on:blur=move |_| completing.set(None)></textarea>
            <EmojiPicker input draft disabled=Signal::derive(disabled.clone())/>
            <span class="counter" class:over={move || over() > 0} data-testid="composer-counter"
                title=t!("room-composer-counter-title")>
                {move || format!("{}/{}", length(), limit())}
            </span>
            <button class="primary send" data-testid="composer-send" disabled=move || send_problem.get().is_some()
                title=move || send_problem.get().unwrap_or_else(|| t!("room-send-title")) on:click=move |_| send_click()>{t!("room-send")}</button>
            {move || blocked().and_then(Blocked::note).map(|reason| view! { <div class="composer-note" data-testid="composer-blocked">{reason}</div> })}
        </div>
    }
}

/// Why sending cannot work right now, if it cannot.
fn blocked_reason(ui: &RoomUi) -> Option<Blocked> {
    let tab = ui.tab;
    let connection = tab.connection().try_get()?;
    if connection.state == ConnectionState::Disconnected {
        return Some(Blocked::Because(match connection.reason {
            Some(reason) => t!("room-composer-disconnected-reason", reason = say(&reason)),
            None => t!("room-composer-disconnected"),
        }));
    }
    if tab.user_id().try_get().flatten().is_none() {
        return Some(Blocked::Connecting);
    }
    if !ui.can(Capability::SendMessage) {
        return Some(Blocked::Because(t!("room-composer-not-allowed")));
    }
    None
}

/// Sends the draft, as an answer to the message being replied to if any (and discards the
/// failed line it was recalled from).
fn send_draft(
    store: Store<Chat>,
    tab_id: &TabId,
    (draft, replying): (RwSignal<String>, RwSignal<Option<ReplyTarget>>),
    recalled: StoredValue<Option<LineKey>>,
) {
    let content = draft.get_untracked();
    let target = replying.get_untracked();
    draft.set(String::new());
    replying.set(None);
    if let Some(key) = recalled.get_value() {
        recalled.set_value(None);
        call(
            DiscardMessage {
                tab_id: tab_id.clone(),
                key,
            },
            |()| {},
        );
    }
    // The pending line arrives as an event (before this answer, possibly after its
    // confirmation), so the answer itself is not applied: it could be older news.
    call_with(
        SendMessage {
            tab_id: tab_id.clone(),
            content: content.clone(),
            reply_to: target.as_ref().map(|target| target.message_id.clone()),
        },
        move |result| {
            if let Err(error) = result {
                draft.set(content);
                replying.set(target);
                store.error().set(Some(crate::i18n::say(&error.words)));
            }
        },
    );
}

/// The composer's keys: Enter sends, Up in an empty composer recalls the user's last line
/// (a failed one is discarded once its new copy is sent), Escape clears and stops answering.
fn on_key(
    event: &ev::KeyboardEvent,
    tab: Field<TabState>,
    (draft, replying): (RwSignal<String>, RwSignal<Option<ReplyTarget>>),
    recalled: StoredValue<Option<LineKey>>,
    send: &impl Fn(),
) {
    match event.key().as_str() {
        "Enter" if !event.shift_key() && !event.is_composing() => {
            event.prevent_default();
            send();
        }
        "ArrowUp" if draft.with_untracked(String::is_empty) => {
            let last: Option<Line> = tab
                .lines()
                .try_with_untracked(|lines| {
                    lines
                        .iter()
                        .rev()
                        .find(|line| line.own && line.deleted.is_none())
                        .cloned()
                })
                .flatten();
            if let Some(line) = last {
                event.prevent_default();
                let failed = matches!(line.send, chatdeck_ipc::model::SendState::Failed { .. });
                recalled.set_value(failed.then(|| line.key.clone()));
                draft.set(line.content);
            }
        }
        "Escape" => {
            recalled.set_value(None);
            draft.set(String::new());
            replying.set(None);
        }
        _ => {}
    }
}

/// Keeps the textarea in step when something else (Edit on a failed line) sets the draft.
fn keep_in_step(draft: RwSignal<String>, input: NodeRef<html::Textarea>) {
    Effect::new(move |_| {
        let text = draft.get();
        if let Some(element) = input.get() {
            if element.value() != text {
                element.set_value(&text);
            }
            if !text.is_empty() {
                // Focus failing leaves focus where it was.
                let _ = element.focus();
            }
        }
    });
}
