//! What a room's parts share: the room's UI state (side panel, pending moderation action,
//! draft, the message answered, highlighter) and the contexts a row of its lines reads. The
//! room's components and the pinned overlay both build on it; it imports neither.

use chatdeck_ipc::model::{Capability, Line, LineKey, LineKind, TabId};
use leptos::prelude::*;
use reactive_stores::Field;

use super::originals::Originals;
use crate::a11y::RowFocus;
use crate::context::{ChatStore, DialogState, chat};
use crate::desktop::PlatformState;
use crate::live_list::Inherited;
use crate::settings::{ClockFormat, ListDensity};
use crate::store::{TabState, TabStateStoreFields};

/// What the side panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    /// Nothing.
    Closed,
    /// A user's card.
    User(String),
    /// The moderation log.
    Log,
    /// The room's recent chatters.
    Chatters,
}

/// A moderation action waiting for its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Delete the line with this key, written by `author`.
    Delete {
        /// The line.
        key: LineKey,
        /// Who wrote it, for the question.
        author: String,
    },
    /// Disconnect this user.
    Kick {
        /// The user.
        user_id: String,
    },
}

/// A row's context menu, open at a point of the window (CSS pixels, as events report them).
#[derive(Debug, Clone, PartialEq)]
pub struct RowMenu {
    /// The row's line.
    pub key: LineKey,
    /// Where it opens: the pointer, or beside the focused row.
    pub x: f64,
    /// See `x`.
    pub y: f64,
}

/// Characters of the original shown in a quote or the composer's bar.
const EXCERPT: usize = 80;

/// The message the composer is answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTarget {
    /// The original's message id.
    pub message_id: String,
    /// Who wrote it.
    pub author: String,
    /// The start of its text.
    pub excerpt: String,
}

impl ReplyTarget {
    /// The target for answering `line`: a confirmed message that is not deleted.
    pub fn of(line: &Line) -> Option<Self> {
        if line.deleted.is_some() || line.kind != LineKind::Message {
            return None;
        }
        Some(Self {
            message_id: line.message_id.clone()?,
            author: author(line),
            excerpt: excerpt(&line.content),
        })
    }
}

/// Who wrote `line`, as its row names them.
pub fn author(line: &Line) -> String {
    line.sender
        .as_ref()
        .map(|sender| sender.display_name.clone())
        .unwrap_or_default()
}

/// The start of `text` on one line.
pub fn excerpt(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(EXCERPT) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

/// The room's UI state, shared by its components.
#[derive(Debug, Clone)]
pub struct RoomUi {
    /// The tab.
    pub tab_id: TabId,
    /// The tab's field in the store.
    pub tab: Field<TabState>,
    /// The side panel.
    pub panel: RwSignal<Panel>,
    /// The action the reason dialog asks about.
    pub pending: RwSignal<Option<Pending>>,
    /// The composer's text (so "Edit" on a failed line can fill it).
    pub draft: RwSignal<String>,
    /// Finds the user's names and highlight words in this room's messages.
    pub highlighter: Memo<chatdeck_ipc::mention::Highlighter>,
    /// Whether the export dialog shows.
    pub export: RwSignal<bool>,
    /// The message the composer answers, if any.
    pub replying: RwSignal<Option<ReplyTarget>>,
    /// The room whose history the clear dialog asks about, while it shows.
    pub clear: RwSignal<Option<crate::clear_history::ClearTarget>>,
    /// The invite link last copied to the clipboard.
    pub copied: RwSignal<Option<String>>,
    /// What a row's context menu just copied, in words, said for a few seconds.
    pub copy_note: RwSignal<Option<String>>,
    /// The row whose context menu is open.
    pub menu: RwSignal<Option<RowMenu>>,
    /// Whether the lines the ignore list and filters hide are shown (the header's counter).
    pub show_hidden: RwSignal<bool>,
    /// The originals the room's reply quotes show.
    pub originals: Originals,
}

impl RoomUi {
    /// The room UI of a tab: in the main window's room view, or in a pinned overlay.
    pub fn new(tab_id: TabId, tab: Field<TabState>) -> Self {
        Self {
            highlighter: crate::mentions::tab_highlighter(chat(), tab_id.clone()),
            originals: Originals::new(tab_id.clone(), tab),
            tab_id,
            tab,
            panel: RwSignal::new(Panel::Closed),
            pending: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
            export: RwSignal::new(false),
            replying: RwSignal::new(None),
            clear: RwSignal::new(None),
            copied: RwSignal::new(None),
            copy_note: RwSignal::new(None),
            menu: RwSignal::new(None),
            show_hidden: RwSignal::new(false),
        }
    }

    /// Whether this client's token allows `capability` here.
    pub fn can(&self, capability: Capability) -> bool {
        self.tab
            .capabilities()
            .try_with(|capabilities| capabilities.contains(&capability))
            .unwrap_or(false)
    }
}

/// The contexts a row of the room's lines reads, as provided where this is called: the app's
/// (store, dialogs, platform, clock format, density, row focus) and the room's. A keyed list of live
/// rows gives them to each row again (see `live_list`).
pub fn row_contexts() -> Inherited {
    Inherited::new()
        .with::<ChatStore>()
        .with::<DialogState>()
        .with::<PlatformState>()
        .with::<ClockFormat>()
        .with::<ListDensity>()
        .with::<RowFocus>()
        .with::<RoomUi>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_one_line_and_bounded() {
        assert_eq!(excerpt("hello\n  world"), "hello world");
        let long = "é".repeat(EXCERPT + 5);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT + 1);
        assert!(cut.ends_with('…'));
    }
}
