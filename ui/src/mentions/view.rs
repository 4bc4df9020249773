//! The Mentions view: the newest lines of every room (from the history store) that name the
//! user or a highlight word; one opens its room's tab when the room is open.

use chatdeck_ipc::command::Mentions;
use chatdeck_ipc::mention::{Highlighter, Mention, MentionKind};
use chatdeck_ipc::model::TabId;
use leptos::html;
use leptos::prelude::*;

use super::highlight::highlighted;
use crate::context::{Dialog, DialogState, call_with, chat};
use crate::i18n::t;
use crate::store::{ChatStoreFields, has_tab, mentions_seen};
use crate::tabs::activate;
use crate::time;

/// Mentions asked for.
const LIMIT: u32 = 200;

/// The dialog.
#[component]
pub fn MentionsDialog() -> impl IntoView {
    let store = chat();
    let dialog = expect_context::<DialogState>().0;
    let found = RwSignal::new(None::<Result<Vec<Mention>, String>>);
    let heading: NodeRef<html::H2> = NodeRef::new();
    call_with(Mentions { limit: LIMIT }, move |result| {
        found.set(Some(result.map_err(|error| crate::i18n::say(&error.words))));
    });
    // Opening the view counts as reading every tab's mentions.
    mentions_seen(store);
    Effect::new(move |_| {
        if let Some(element) = heading.get() {
            let _ = element.focus();
        }
    });
    // The same matcher as the shell's: every profile's names and the highlight words.
    let highlighter = Memo::new(move |_| {
        let names: Vec<String> = store.profiles().with(|profiles| {
            profiles
                .iter()
                .flat_map(|p| [p.settings.display_name.clone(), p.settings.user_id.clone()])
                .collect()
        });
        store.settings().with(|settings| {
            Highlighter::new(
                names.iter().map(String::as_str),
                settings.highlight_words.iter().map(String::as_str),
            )
        })
    });
    let close = move || dialog.set(Dialog::Closed);
    let open = move |tab_id: TabId| {
        if has_tab(store, &tab_id) {
            activate(store, tab_id);
            dialog.set(Dialog::Closed);
        }
    };
    view! {
        <div class="scrim" on:click=move |_| close()></div>
        <div class="dialog wide mentions-dialog" role="dialog" aria-modal="true" aria-labelledby="mentions-title"
            data-testid="mentions-dialog" on:keydown=move |event| if event.key() == "Escape" { close() }>
            <div class="panel-header">
                <h2 id="mentions-title" tabindex="-1" node_ref=heading>{t!("mentions-title")}</h2>
                <button class="ghost icon" aria-label=t!("mentions-close") on:click=move |_| close()>"×"</button>
            </div>
            <p class="muted">{t!("mentions-intro")}</p>
            {move || match found.get() {
                None => view! { <p class="muted">{t!("mentions-looking")}</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error-text" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted" data-testid="mentions-empty">{t!("mentions-empty")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="mention-list" data-testid="mention-list">
                        {list.into_iter().map(|mention| {
                            let sender = mention.line.sender.as_ref().map(|s| s.display_name.clone()).unwrap_or_default();
                            let kind = match mention.kind { MentionKind::Name => "name", MentionKind::Word => "word" };
                            let tab_id = mention.tab_id.clone();
                            let openable = tab_id.as_ref().is_some_and(|id| has_tab(store, id));
                            let text = highlighter.with_untracked(|h| highlighted(&mention.line.content, h));
                            view! {
                                <li data-testid="mention-item" data-kind=kind data-room=mention.room_arn.clone()>
                                    <button class="mention-open" disabled=!openable
                                        title=if openable { t!("mentions-open-room") } else { t!("mentions-room-closed") }
                                        on:click=move |_| if let Some(id) = tab_id.clone() { open(id) }>
                                        <span class="chip">"# " {mention.room_name.clone()}</span>
                                        <time title=time::full(mention.line.time_ms)>{time::clock(mention.line.time_ms)}</time>
                                        <span class="mention-sender">{sender}</span>
                                        <span class="mention-text">{text}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}
