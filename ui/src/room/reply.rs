//! Replies (the guide's `messageReplyId` attribute, see `chatdeck_ipc::reply`): the one-line
//! quote of the original above an answer, and the composer's "replying to" bar.

use chatdeck_ipc::model::{Line, TabId};
use chatdeck_ipc::reply::ReplyOriginal;
use leptos::prelude::*;
use reactive_stores::Field;

use super::ui::{RoomUi, author, excerpt};
use crate::context::{call_with, chat};
use crate::search::show_line;
use crate::store::{TabState, TabStateStoreFields};

/// What a reply's quote knows of its original.
#[derive(Debug, Clone, PartialEq)]
enum Original {
    /// Being looked up in the history store.
    Looking,
    /// Neither the list nor the history store holds it.
    Missing,
    /// Found.
    Found(Box<Line>),
}

/// The original of `message_id` among the tab's lines in memory.
fn in_memory(tab: Field<TabState>, message_id: &str) -> Option<Line> {
    tab.lines()
        .try_with(|lines| {
            lines
                .iter()
                .rev()
                .find(|line| line.message_id.as_deref() == Some(message_id))
                .cloned()
        })
        .flatten()
}

/// The quote above a reply: who said what, "deleted" if a moderator removed it, "not
/// available" if this client never saw it. A click opens the room at the original.
pub fn quote(ui: &RoomUi, message_id: &str) -> AnyView {
    let tab = ui.tab;
    let tab_id = ui.tab_id.clone();
    let fetched = RwSignal::new(Original::Looking);
    if in_memory(tab, message_id).is_none() {
        let request = ReplyOriginal {
            tab_id: tab_id.clone(),
            message_id: message_id.to_owned(),
        };
        call_with(request, move |result: Result<Option<Line>, _>| {
            fetched.set(match result {
                Ok(Some(line)) => Original::Found(Box::new(line)),
                _ => Original::Missing,
            });
        });
    }
    // The list is read again when it changes, so a deletion (or the original paged in) shows.
    let original = Memo::new({
        let message_id = message_id.to_owned();
        move |_| match in_memory(tab, &message_id) {
            Some(line) => Original::Found(Box::new(line)),
            None => fetched.get(),
        }
    });
    let open = move |_| {
        if let Original::Found(line) = original.get_untracked() {
            open_original(tab_id.clone(), &line);
        }
    };
    view! {
        <button class="reply-quote" data-testid="reply-quote" tabindex="-1"
            data-state=move || quote_state(&original.get())
            title="Show the message this answers"
            on:click=open>
            <span class="reply-mark" aria-hidden="true">"↪"</span>
            {move || quote_text(&original.get())}
        </button>
    }
    .into_any()
}

/// `data-state` of a quote.
fn quote_state(original: &Original) -> &'static str {
    match original {
        Original::Looking => "looking",
        Original::Missing => "missing",
        Original::Found(line) if line.deleted.is_some() => "deleted",
        Original::Found(line) if hidden(line) => "hidden",
        Original::Found(_) => "available",
    }
}

/// What a quote says.
fn quote_text(original: &Original) -> String {
    match original {
        Original::Looking => "…".into(),
        Original::Missing => "original message not available".into(),
        Original::Found(line) if line.deleted.is_some() => {
            format!("{}: message deleted", author(line))
        }
        // Hidden by the ignore list or a filter: the answer shows, the original stays hidden.
        Original::Found(line) if hidden(line) => "a message you hide".into(),
        Original::Found(line) => format!("{}: {}", author(line), excerpt(&line.content)),
    }
}

fn hidden(line: &Line) -> bool {
    line.filtered
        .is_some_and(chatdeck_ipc::model::Filtered::hides)
}

/// Opens the room at `line`.
fn open_original(tab_id: TabId, line: &Line) {
    show_line(chat(), tab_id, line.position, line.key.clone());
}

/// The composer's bar while it answers a message: who and what, and a way to stop answering
/// (the ✕, or Escape in the composer).
#[component]
pub fn ReplyingTo() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let replying = ui.replying;
    move || {
        replying.get().map(|target| {
            view! {
                <div class="replying-to" data-testid="reply-target" data-message-id=target.message_id.clone()>
                    <span class="reply-mark" aria-hidden="true">"↪"</span>
                    <span class="replying-text">
                        "Replying to " <strong>{target.author.clone()}</strong> ": " {target.excerpt.clone()}
                    </span>
                    <button class="ghost icon" data-testid="reply-cancel" aria-label="Stop replying"
                        title="Stop replying (Esc)" on:click=move |_| replying.set(None)>"✕"</button>
                </div>
            }
        })
    }
}
