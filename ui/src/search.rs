//! Search across rooms and sessions over the local history, and opening a room at a hit.
//!
//! - `results.rs`: one hit, its words marked (as text nodes, never markup).
//! - `open_at.rs`: opening a hit's room at its line (also where a reply's quote leads).

mod open_at;
mod results;

use chatdeck_ipc::search::{SearchHistory, SearchHit, SearchOutput};
use leptos::html;
use leptos::prelude::*;

use crate::context::{Dialog, DialogState, call_with, chat};
use crate::i18n::{number, t};
use open_at::open_at;
pub use open_at::show_line;
use results::SearchResult;

/// Hits asked for.
const LIMIT: u32 = 100;
/// Typing pause before a search runs.
const DEBOUNCE_MS: i32 = 250;

/// What the results pane shows.
#[derive(Debug, Clone, PartialEq)]
enum Results {
    /// Nothing typed yet.
    Idle,
    /// Waiting for the shell.
    Searching,
    /// The answer.
    Found(SearchOutput),
    /// The shell refused.
    Failed(String),
}

/// The search dialog (Ctrl+F).
#[component]
pub fn SearchDialog() -> impl IntoView {
    let store = chat();
    let dialog = expect_context::<DialogState>().0;
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Results::Idle);
    // Answers to older queries are dropped: only the latest typed query's answer shows.
    let asked = StoredValue::new(0u64);
    let input: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(element) = input.get() {
            // Focus failing leaves focus where it was.
            let _ = element.focus();
        }
    });

    let run = move || search(query.get_untracked(), asked, results);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |event| {
        query.set(event_target_value(&event));
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        pending.set_value(
            set_timeout_with_handle(run, std::time::Duration::from_millis(DEBOUNCE_MS as u64)).ok(),
        );
    };
    on_cleanup(move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
    });
    let close = move || dialog.set(Dialog::Closed);
    let pick = move |hit| {
        open_at(store, hit);
        close();
    };
    view! {
        <div class="scrim" on:click=move |_| close()></div>
        <div class="dialog wide search-dialog" role="dialog" aria-modal="true" aria-labelledby="search-title"
            data-testid="search-dialog" on:keydown=move |event| if event.key() == "Escape" { close() }>
            <div class="panel-header">
                <h2 id="search-title">{t!("search-title")}</h2>
                <button class="ghost icon" aria-label=t!("search-close") on:click=move |_| close()>"×"</button>
            </div>
            <input node_ref=input class="search-input" data-testid="search-input" type="search"
                placeholder=t!("search-input-placeholder") aria-label=t!("search-input")
                prop:value=move || query.get() on:input=on_input
                on:keydown=move |event| if event.key() == "Enter" { run() }/>
            <p class="muted search-help">
                {t!("search-help")} " "
                <code>"from:name"</code>", "<code>"in:room"</code>", "<code>"is:deleted"</code>", "<code>"has:link"</code>"."
            </p>
            <div class="search-results" data-testid="search-results" role="list">
                {move || match results.get() {
                    Results::Idle => view! { <p class="muted">{t!("search-idle")}</p> }.into_any(),
                    Results::Searching => view! { <p class="muted">{t!("search-searching")}</p> }.into_any(),
                    Results::Failed(message) => view! { <p class="error-text" data-testid="search-error">{message}</p> }.into_any(),
                    Results::Found(output) => found(output, pick).into_any(),
                }}
            </div>
        </div>
    }
}

/// Searches for `text`; only the answer to the latest query asked shows.
fn search(text: String, asked: StoredValue<u64>, results: RwSignal<Results>) {
    asked.update_value(|n| *n += 1);
    let number = asked.get_value();
    if text.trim().is_empty() {
        results.set(Results::Idle);
        return;
    }
    results.set(Results::Searching);
    let request = SearchHistory {
        query: text,
        limit: LIMIT,
    };
    call_with(request, move |answer| {
        if asked.get_value() != number {
            return;
        }
        results.set(match answer {
            Ok(output) => Results::Found(output),
            Err(error) => Results::Failed(crate::i18n::say(&error.words)),
        });
    });
}

/// What the search found: how the query was understood, the hits (their words marked),
/// and whether more lines match.
fn found(
    output: SearchOutput,
    pick: impl Fn(SearchHit) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let heading = output
        .understood
        .iter()
        .map(|part| understood(part))
        .collect::<Vec<_>>()
        .join(" · ");
    let count = output.hits.len();
    let more = output.more;
    let shown = format!("{}{}", number(count as f64), if more { "+" } else { "" });
    let words = output
        .understood
        .iter()
        .filter_map(|part| part.strip_prefix("text: "))
        .flat_map(|text| {
            text.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    view! {
        <p class="search-summary" data-testid="search-understood">
            {t!("search-summary", count = count, shown = shown, understood = heading)}
        </p>
        {(count == 0).then(|| view! { <p class="muted" data-testid="search-empty">{t!("search-empty")}</p> })}
        {output.hits.into_iter().map(|hit| {
            let words = words.clone();
            view! { <SearchResult hit words on_pick=pick/> }
        }).collect_view()}
        {more.then(|| view! { <p class="muted" data-testid="search-more">{t!("search-more")}</p> })}
    }
}

/// One part of how the shell understood the query, in the page's language. The shell says
/// each part in one of a few fixed shapes (`text: …`, `from …`, `in …`, `deleted`, `with a
/// link`, see its query parser); a part of another shape shows as it came.
fn understood(part: &str) -> String {
    if let Some(words) = part.strip_prefix("text: ") {
        t!("search-understood-text", words = words)
    } else if let Some(user) = part.strip_prefix("from ") {
        t!("search-understood-from", user = user)
    } else if let Some(room) = part.strip_prefix("in ") {
        t!("search-understood-in", room = room)
    } else if part == "deleted" {
        t!("search-understood-deleted")
    } else if part == "with a link" {
        t!("search-understood-link")
    } else {
        part.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_understood_query_reads_as_the_shell_said_it_in_english() {
        for part in [
            "text: hi there",
            "from bob",
            "in lobby",
            "deleted",
            "with a link",
        ] {
            assert_eq!(understood(part), part);
        }
    }
}
