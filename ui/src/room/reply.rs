//! Replies (the guide's `messageReplyId` attribute, see `chatdeck_ipc::reply`): the one-line
//! quote of the original above an answer, and the composer's "replying to" bar.

use chatdeck_ipc::model::{Line, TabId};
use leptos::prelude::*;

use super::originals::Original;
use super::ui::{RoomUi, author, excerpt};
use crate::context::chat;
use crate::i18n::t;
use crate::search::show_line;

/// The quote above a reply: who said what, "deleted" if a moderator removed it, "not
/// available" if this client never saw it. A click opens the room at the original.
pub fn quote(ui: &RoomUi, message_id: &str) -> AnyView {
    let tab_id = ui.tab_id.clone();
    let original = ui.originals.of(message_id);
    let open = move |_| {
        if let Original::Found(line) = original.get_untracked() {
            open_original(tab_id.clone(), &line);
        }
    };
    view! {
        <button class="reply-quote" data-testid="reply-quote" tabindex="-1"
            data-state=move || quote_state(&original.get())
            title=t!("room-reply-quote-title")
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
        Original::Missing => t!("room-reply-original-missing"),
        Original::Found(line) if line.deleted.is_some() => {
            t!("room-reply-original-deleted", author = author(line))
        }
        // Hidden by the ignore list or a filter: the answer shows, the original stays hidden.
        Original::Found(line) if hidden(line) => t!("room-reply-original-hidden"),
        Original::Found(line) => t!(
            "room-reply-original",
            author = author(line),
            text = excerpt(&line.content)
        ),
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
                        {t!("room-replying-to")} " " <strong>{target.author.clone()}</strong> ": " {target.excerpt.clone()}
                    </span>
                    <button class="ghost icon" data-testid="reply-cancel" aria-label=t!("room-reply-cancel")
                        title=t!("room-reply-cancel-title") on:click=move |_| replying.set(None)>"✕"</button>
                </div>
            }
        })
    }
}
