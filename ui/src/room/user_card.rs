//! A user's card: who they are, their recent messages in this room, and the moderator's
//! actions.

use chatdeck_ipc::command::UserMessages;
use chatdeck_ipc::model::{Capability, Line, LineKey};
use leptos::prelude::*;
use reactive_stores::Field;

use super::badges::badges;
use super::purge::PurgePanel;
use super::ui::{Panel, Pending, RoomUi};
use crate::context::call;
use crate::i18n::t;
use crate::store::{TabState, TabStateStoreFields};
use crate::time;

/// Recent messages shown.
const RECENT: u32 = 50;

/// The card.
#[component]
pub fn UserCard(
    /// The user.
    user_id: String,
) -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let tab = ui.tab;
    let recent = RwSignal::new(None::<Vec<Line>>);
    let signature = signature(tab, user_id.clone());
    Effect::new({
        let (tab_id, user_id) = (ui.tab_id.clone(), user_id.clone());
        move |_| {
            // Read, not only tracked: a memo nobody reads is never computed, so it would
            // never see the lines change.
            let _ = signature.get();
            call(
                UserMessages {
                    tab_id: tab_id.clone(),
                    user_id: user_id.clone(),
                    limit: RECENT,
                },
                move |lines| recent.set(Some(lines)),
            );
        }
    });
    // Who they are, as their newest message says (tokens, and so badges, change).
    let sender = move || {
        recent.with(|lines| {
            lines
                .as_ref()
                .and_then(|lines| lines.iter().rev().find_map(|line| line.sender.clone()))
        })
    };
    let name = move || sender().map(|sender| sender.display_name);
    let roles = move || sender().and_then(|sender| badges(&sender.badges));
    let me = tab.user_id().try_get().flatten();
    let can_kick = ui.can(Capability::DisconnectUser) && me.as_deref() != Some(user_id.as_str());
    let panel = ui.panel;
    let pending = ui.pending;
    let kick_user = user_id.clone();
    // Bulk purge needs DELETE_MESSAGE; it is never offered against oneself.
    let can_purge = ui.can(Capability::DeleteMessage) && me.as_deref() != Some(user_id.as_str());
    let purge_user = user_id.clone();
    view! {
        <div class="user-card" data-testid="user-card" data-user-id=user_id.clone()>
            <div class="panel-header">
                <div>
                    <h2 data-testid="user-card-name">{move || name().unwrap_or_else(|| "…".into())}</h2>
                    {roles}
                    <div class="muted mono">{user_id.clone()}</div>
                </div>
                <button class="ghost icon" aria-label=t!("room-panel-close") on:click=move |_| panel.set(Panel::Closed)>"×"</button>
            </div>
            <Show when=move || can_kick>
                <div class="panel-actions">
                    <button class="danger" data-testid="user-disconnect" on:click={
                        let kick_user = kick_user.clone();
                        move |_| pending.set(Some(Pending::Kick { user_id: kick_user.clone() }))
                    }>{t!("room-card-disconnect")}</button>
                </div>
            </Show>
            <Show when=move || can_purge>
                <PurgePanel user_id=purge_user.clone()/>
            </Show>
            <h3>{t!("room-card-recent")}</h3>
            <ul class="recent" data-testid="user-card-messages">
                {move || recent.get().map(recent_lines)}
            </ul>
        </div>
    }
}

/// What of the user's lines the window shows: their newest key and how many are deleted.
/// The card asks the history store again only when that changes, not on every line of a
/// busy room.
fn signature(tab: Field<TabState>, user_id: String) -> Memo<Option<(Option<LineKey>, usize)>> {
    Memo::new(move |_| {
        tab.lines().try_with(|lines| {
            let theirs = lines.iter().filter(|line| {
                line.sender
                    .as_ref()
                    .is_some_and(|sender| sender.user_id == user_id)
            });
            let (mut newest, mut deleted) = (None, 0);
            for line in theirs {
                newest = Some(line.key.clone());
                deleted += usize::from(line.deleted.is_some());
            }
            (newest, deleted)
        })
    })
}

/// The user's recent messages, newest first.
fn recent_lines(lines: Vec<Line>) -> AnyView {
    if lines.is_empty() {
        return view! { <li class="muted">{t!("room-card-nothing")}</li> }.into_any();
    }
    lines.into_iter().rev().map(|line| view! {
        <li class:deleted=line.deleted.is_some()>
            <time>{time::clock(line.time_ms)}</time>
            <span>{if line.deleted.is_some() { format!("{} ", t!("room-card-deleted")) } else { String::new() }}{line.content}</span>
        </li>
    }).collect_view().into_any()
}
