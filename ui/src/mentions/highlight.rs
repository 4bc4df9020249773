//! Mentions in text: the highlighter of a tab (its profile's names and the highlight words),
//! and a text with its matches marked.

use chatdeck_ipc::mention::{Highlighter, MentionKind, spans};
use chatdeck_ipc::model::{ProfileId, TabId};
use leptos::prelude::*;
use reactive_stores::Store;

use crate::store::{Chat, ChatStoreFields, TabStateStoreFields, has_tab};

/// The highlighter of a tab: the names of its profile and the highlight words.
pub fn tab_highlighter(store: Store<Chat>, tab_id: TabId) -> Memo<Highlighter> {
    Memo::new(move |_| {
        let profile_id = if has_tab(store, &tab_id) {
            store
                .tabs()
                .at_key(tab_id.clone())
                .profile_id()
                .try_get()
                .unwrap_or_default()
        } else {
            ProfileId::default()
        };
        let names: Vec<String> = store.profiles().with(|profiles| {
            profiles
                .iter()
                .find(|profile| profile.id == profile_id)
                .map(|profile| {
                    vec![
                        profile.settings.display_name.clone(),
                        profile.settings.user_id.clone(),
                    ]
                })
                .unwrap_or_default()
        });
        store.settings().with(|settings| {
            Highlighter::new(
                names.iter().map(String::as_str),
                settings.highlight_words.iter().map(String::as_str),
            )
        })
    })
}

/// `text` as text nodes, with matches in `<mark>`: never markup from the text itself.
pub fn highlighted(text: &str, highlighter: &Highlighter) -> AnyView {
    let found = highlighter.find(text);
    if found.is_empty() {
        return text.to_owned().into_any();
    }
    spans(text, &found)
        .into_iter()
        .map(|span| match span.kind {
            None => span.text.to_owned().into_any(),
            Some(kind) => {
                let kind = match kind {
                    MentionKind::Name => "name",
                    MentionKind::Word => "word",
                };
                view! { <mark class="mention" data-testid="mention-highlight" data-kind=kind>{span.text.to_owned()}</mark> }
                    .into_any()
            }
        })
        .collect_view()
        .into_any()
}
