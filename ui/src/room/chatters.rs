//! The room's recent chatters in the side panel: who wrote here lately, from the history,
//! searchable by name or id, each opening the user's card. IVS Chat does not say who is
//! watching (chatdeck_ipc::chatters), and the panel says so.

use chatdeck_ipc::chatters::{Chatter, RecentChatters};
use leptos::prelude::*;

use super::badges::badges;
use super::hue::sender_hue;
use super::ui::{Panel, RoomUi};
use crate::context::call;
use crate::i18n::t;
use crate::store::TabStateStoreFields;
use crate::time;

/// Chatters listed.
const SHOWN: u32 = 200;
/// The shortest time between two refreshes of an open list.
const REFRESH: std::time::Duration = std::time::Duration::from_secs(1);

/// The panel.
#[component]
pub fn RecentChattersPanel() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let panel = ui.panel;
    let chatters = RwSignal::new(None::<Vec<Chatter>>);
    let query = RwSignal::new(String::new());
    let tab_id = StoredValue::new(ui.tab_id.clone());
    let fetch = move || {
        call(
            RecentChatters {
                tab_id: tab_id.get_value(),
                limit: SHOWN,
            },
            move |list| chatters.set(Some(list)),
        );
    };
    // Asked again when a new line arrives, not on every change of the list, and at most
    // once a [`REFRESH`]: a busy room brings a hundred lines a second, each query groups up
    // to 5,000 rows.
    let newest = Memo::new(move |_| {
        ui.tab
            .lines()
            .try_with(|lines| lines.last().map(|line| line.key.clone()))
            .flatten()
    });
    let scheduled = StoredValue::new(false);
    Effect::new(move |opened: Option<()>| {
        // Read, not only tracked: a memo nobody reads is never computed, so it would never
        // see the lines change.
        let _ = newest.get();
        if opened.is_none() {
            fetch();
        } else if !scheduled.get_value() {
            scheduled.set_value(true);
            set_timeout(
                move || {
                    scheduled.set_value(false);
                    fetch();
                },
                REFRESH,
            );
        }
    });
    let shown = move || {
        let query = query.get().trim().to_lowercase();
        chatters.get().map(|list| {
            list.into_iter()
                .filter(|chatter| {
                    query.is_empty()
                        || chatter.sender.display_name.to_lowercase().contains(&query)
                        || chatter.sender.user_id.to_lowercase().contains(&query)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="chatters" data-testid="recent-chatters">
            <div class="panel-header">
                <h2>{t!("room-chatters")}</h2>
                <button class="ghost icon" aria-label=t!("room-panel-close") on:click=move |_| panel.set(Panel::Closed)>"×"</button>
            </div>
            <p class="muted chatters-note">{t!("room-chatters-note")}</p>
            <input class="chatters-search" type="search" data-testid="recent-chatters-search" placeholder=t!("room-chatters-search")
                aria-label=t!("room-chatters-search-label") prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))/>
            <ul class="chatter-list">
                {move || match shown() {
                    None => view! { <li class="muted">"…"</li> }.into_any(),
                    Some(list) if list.is_empty() => view! { <li class="muted" data-testid="recent-chatters-empty">{t!("room-chatters-empty")}</li> }.into_any(),
                    Some(list) => list.into_iter().map(|chatter| item(chatter, panel)).collect_view().into_any(),
                }}
            </ul>
        </div>
    }
}

/// One chatter: badges, name in their color, when they last wrote and how often; a click
/// opens their card.
fn item(chatter: Chatter, panel: RwSignal<Panel>) -> impl IntoView {
    let Chatter {
        sender,
        last_ms,
        messages,
    } = chatter;
    let hue = sender_hue(&sender);
    let roles = badges(&sender.badges);
    let user_id = sender.user_id.clone();
    let count = t!("room-chatter-messages", count = messages);
    view! {
        <li>
            <button class="chatter" data-testid="recent-chatter" data-user-id=sender.user_id.clone()
                title=sender.user_id.clone() on:click=move |_| panel.set(Panel::User(user_id.clone()))>
                {roles}
                <span class="name" style:--hue=hue.to_string()>{sender.display_name}</span>
                <span class="muted chatter-seen">
                    <time title=time::full(last_ms)>{time::clock(last_ms)}</time>" · "{count}
                </span>
            </button>
        </li>
    }
}
