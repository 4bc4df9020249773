//! A message's text: highlighted mentions, and its links, each a focusable element that asks
//! the shell to open it in the system's browser. There is no `<a href>`: the webview itself
//! never navigates, and the shell opens only what `chatdeck_ipc::link` calls a link.

use chatdeck_ipc::command::OpenLink;
use chatdeck_ipc::link;
use chatdeck_ipc::mention::Highlighter;
use leptos::ev;
use leptos::prelude::*;

use crate::context::call;
use crate::i18n::t;
use crate::mentions::highlighted;

/// `text` as text nodes, mentions in `<mark>`, links as link elements showing the URL itself.
pub fn message_text(text: &str, highlighter: &Highlighter) -> AnyView {
    let links = link::find(text);
    if links.is_empty() {
        return highlighted(text, highlighter);
    }
    let mut parts = Vec::with_capacity(links.len() * 2 + 1);
    let mut at = 0;
    for range in links {
        if range.start > at {
            parts.push(highlighted(&text[at..range.start], highlighter));
        }
        parts.push(message_link(text[range.clone()].to_owned()));
        at = range.end;
    }
    if at < text.len() {
        parts.push(highlighted(&text[at..], highlighter));
    }
    parts.collect_view().into_any()
}

/// One link: click or Enter opens it; the row's own keys (Enter opens the sender's card) do
/// not see the Enter.
fn message_link(url: String) -> AnyView {
    let open = {
        let url = url.clone();
        move || call(OpenLink { url: url.clone() }, |()| {})
    };
    let on_click = {
        let open = open.clone();
        move |event: ev::MouseEvent| {
            event.stop_propagation();
            open();
        }
    };
    let on_key = move |event: ev::KeyboardEvent| {
        if event.key() == "Enter" {
            event.prevent_default();
            event.stop_propagation();
            open();
        }
    };
    view! {
        <span class="message-link" role="link" tabindex="0" data-testid="message-link"
            title=t!("room-link-title", url = url.clone()) on:click=on_click on:keydown=on_key>
            {url.clone()}
        </span>
    }
    .into_any()
}
