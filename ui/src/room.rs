//! One room: header, message list, composer, and the side panel (user card or moderation log).
//!
//! - `header.rs`: name, connection badge, reconnect, the room menu.
//! - `hidden.rs`: the header's count of lines the ignore list and filters hide, and showing them.
//! - `list.rs`: the virtualized message list, new-messages marker, jump to latest.
//! - `row.rs`: one line, with its send state and moderation actions.
//! - `context_menu.rs`: a row's context menu (copy, reply, card, ignore, delete).
//! - `reply.rs`: replies: the quote above an answer, the composer's "replying to" bar.
//! - `originals.rs`: the originals reply quotes show, from the window or looked up once per room.
//! - `message_text.rs`: a message's text with mentions highlighted and links that open.
//! - `composer.rs`: the input, code-point counter, Enter / Shift+Enter / Up.
//! - `completion.rs`: the composer's `@name` (recent chatters) and `:shortcode` completion.
//! - `emoji_picker.rs`, `emoji.rs`: the composer's emoji picker; finding and remembering emoji.
//! - `user_card.rs`, `moderation_log.rs`, `chatters.rs`: the side panel's views (a user's card,
//!   the moderation log, the recent chatters).
//! - `reason_dialog.rs`: confirms a delete or a disconnect, with a reason.
//! - `health.rs`: the health strip under the header.
//! - `purge.rs`: the user card's bulk purge.
//! - `export.rs`: exporting the room's history as chat-log records.
//! - `overlay_items.rs`: the room menu's items for the room's pinned overlay.
//! - `split_items.rs`: the room menu's split-view items (show another room beside, close the
//!   pane).
//! - `ui.rs`: what the room's parts (and the overlay) share: `RoomUi`, the side panel, the
//!   contexts a row reads.
//! - `hue.rs`: a user's colour; `badges.rs`: their roles beside the name.

mod badges;
mod chatters;
mod completion;
mod composer;
mod context_menu;
mod emoji;
mod emoji_picker;
mod export;
mod header;
mod health;
mod hidden;
mod hue;
mod list;
mod message_text;
mod moderation_log;
mod originals;
mod overlay_items;
mod purge;
mod reason_dialog;
mod reply;
mod row;
mod split_items;
mod ui;
mod user_card;

use chatdeck_ipc::model::TabId;
use leptos::prelude::*;
use reactive_stores::Field;

use crate::clear_history::ClearHistoryDialog;
use crate::context::chat;
use crate::store::{ChatStoreFields, TabState};
pub use badges::badges;
use chatters::RecentChattersPanel;
pub use composer::Composer;
use context_menu::ContextMenu;
use export::ExportDialog;
use header::RoomHeader;
use health::HealthStrip;
pub use hue::sender_hue;
use list::MessageList;
use moderation_log::ModerationLog;
use reason_dialog::ReasonDialog;
use ui::Panel;
pub use ui::{RoomUi, row_contexts};
use user_card::UserCard;

/// The room of a tab.
#[component]
pub fn RoomView(
    /// The tab.
    tab_id: TabId,
) -> impl IntoView {
    let store = chat();
    let tab: Field<TabState> = store.tabs().at_key(tab_id.clone()).into();
    let ui = RoomUi::new(tab_id.clone(), tab);
    provide_context(ui.clone());
    // In a split view, whether this room is the tab in front (where keyboard focus goes).
    let front = {
        let tab_id = tab_id.clone();
        Memo::new(move |_| store.active().get().as_ref() == Some(&tab_id))
    };
    let panel = ui.panel;
    let export = ui.export;
    let clear = ui.clear;
    view! {
        <section class="room" data-testid="room" data-tab-id=tab_id.to_string() data-active=move || front.get().to_string()>
            <div class="room-top">
                <RoomHeader/>
                <Show when=move || store.settings().with(|settings| settings.show_health)>
                    <HealthStrip/>
                </Show>
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
                    Panel::Chatters => view! { <aside class="side-panel"><RecentChattersPanel/></aside> }.into_any(),
                }}
            </div>
            <ContextMenu/>
            <ReasonDialog/>
            <ExportDialog open=export/>
            <ClearHistoryDialog open=clear/>
        </section>
    }
}
