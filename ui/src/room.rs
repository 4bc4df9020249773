//! One room: header, message list, composer, and the side panel (user card or moderation log).
//!
//! - `header.rs`: name, connection badge, reconnect, the room menu.
//! - `list.rs`: the virtualized message list, new-messages marker, jump to latest.
//! - `row.rs`: one line, with its send state and moderation actions.
//! - `message_text.rs`: a message's text with mentions highlighted and links that open.
//! - `composer.rs`: the input, code-point counter, Enter / Shift+Enter / Up.
//! - `user_card.rs`, `moderation_log.rs`: the side panel's two views.
//! - `reason_dialog.rs`: confirms a delete or a disconnect, with a reason.
//! - `health.rs`: the health strip under the header.
//! - `purge.rs`: the user card's bulk purge.
//! - `export.rs`: exporting the room's history as chat-log records.

mod composer;
mod export;
mod header;
mod health;
mod list;
mod message_text;
mod moderation_log;
mod purge;
mod reason_dialog;
mod row;
mod user_card;

use chatdeck_ipc::model::{Capability, LineKey, TabId};
use leptos::prelude::*;
use reactive_stores::Field;

use crate::context::chat;
use crate::store::{ChatStoreFields, TabState, TabStateStoreFields};
pub use composer::Composer;
use export::ExportDialog;
use header::RoomHeader;
use health::HealthStrip;
use list::MessageList;
use moderation_log::ModerationLog;
use reason_dialog::ReasonDialog;
use user_card::UserCard;

/// What the side panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    /// Nothing.
    Closed,
    /// A user's card.
    User(String),
    /// The moderation log.
    Log,
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
}

impl RoomUi {
    /// The room UI of a tab shown outside the main window (a pinned overlay).
    pub fn new(tab_id: TabId, tab: Field<TabState>) -> Self {
        Self {
            highlighter: crate::mentions::tab_highlighter(chat(), tab_id.clone()),
            tab_id,
            tab,
            panel: RwSignal::new(Panel::Closed),
            pending: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
            export: RwSignal::new(false),
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

/// The room of a tab.
#[component]
pub fn RoomView(
    /// The tab.
    tab_id: TabId,
) -> impl IntoView {
    let store = chat();
    let tab: Field<TabState> = store.tabs().at_key(tab_id.clone()).into();
    let ui = RoomUi {
        tab_id: tab_id.clone(),
        tab,
        panel: RwSignal::new(Panel::Closed),
        pending: RwSignal::new(None),
        draft: RwSignal::new(String::new()),
        export: RwSignal::new(false),
        highlighter: crate::mentions::tab_highlighter(store, tab_id.clone()),
    };
    provide_context(ui.clone());
    let panel = ui.panel;
    let export = ui.export;
    view! {
        <section class="room" data-testid="room" data-tab-id=tab_id.to_string()>
            <div class="room-top">
                <RoomHeader/>
                <HealthStrip/>
            </div>
            <div class="room-body">
                <div class="room-main">
                    <MessageList/>
                    <Composer/>
                </div>
                {move || match panel.get() {
                    Panel::Closed => ().into_any(),
                    Panel::User(user_id) => view! { <aside class="side-panel"><UserCard user_id/></aside> }.into_any(),
                    Panel::Log => view! { <aside class="side-panel"><ModerationLog/></aside> }.into_any(),
                }}
            </div>
            <ReasonDialog/>
            <ExportDialog open=export/>
        </section>
    }
}

/// A user's hue (0–359) for their name and avatar. FNV-1a, folded, so neighbouring ids
/// ("sender1", "sender2") get distant hues.
pub fn hue(user_id: &str) -> u32 {
    let hash = user_id.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    (hash ^ (hash >> 15)) % 360
}
