//! *Clear history*: the question before a room's (or every room's) stored lines are removed
//! from this computer, then the answer. The lists empty when the shell says the history was
//! cleared (`HistoryCleared`), in every window.

use chatdeck_ipc::command::ClearHistory;
use leptos::portal::Portal;
use leptos::prelude::*;

use crate::context::call_with;
use crate::i18n::t;

/// The room a clear is about (or every room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearTarget {
    /// The room's ARN; `None` for every room.
    pub room_arn: Option<String>,
    /// The room's name, for the question.
    pub room_name: String,
}

/// The confirmation, shown while `open` holds a target.
#[component]
pub fn ClearHistoryDialog(
    /// What to clear, while the dialog shows.
    open: RwSignal<Option<ClearTarget>>,
    /// What happened, in words, once it did (for a status line beside the button).
    #[prop(optional)]
    done: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let close = move || {
        open.set(None);
        error.set(None);
    };
    let confirm = move || {
        let Some(target) = open.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let request = ClearHistory {
            room_arn: target.room_arn.clone(),
        };
        call_with(request, move |result| {
            busy.set(false);
            match result {
                Ok(cleared) => {
                    if let Some(done) = done {
                        done.set(Some(t!("app-clear-history-done", count = cleared.lines)));
                    }
                    open.set(None);
                }
                Err(failure) => error.set(Some(crate::i18n::say(&failure.words))),
            }
        });
    };
    let question = move || match open.get() {
        Some(ClearTarget {
            room_arn: Some(_),
            room_name,
        }) => t!("app-clear-history-room", room = room_name),
        _ => t!("app-clear-history-every-room"),
    };
    // In a portal on <body>: opened from Settings, a dialog inside that dialog would be
    // placed and clipped by it (its transform makes it the box `position: fixed` answers
    // to), and an Escape meant for the question would bubble up and close Settings too.
    view! {
        <Portal>
            <Show when=move || open.get().is_some()>
                <div class="scrim" on:click=move |_| close()></div>
                <div class="dialog small" role="alertdialog" aria-modal="true" aria-labelledby="clear-history-title"
                    data-testid="clear-history-dialog" on:keydown=move |event| if event.key() == "Escape" { close() }>
                    <h2 id="clear-history-title" data-testid="clear-history-question">{question}</h2>
                    <p class="muted">{t!("app-clear-history-explain")}</p>
                    {move || error.get().map(|message| view! { <p class="error-text" role="alert" data-testid="clear-history-error">{message}</p> })}
                    <div class="dialog-actions">
                        <button class="secondary" data-testid="clear-history-cancel" on:click=move |_| close()>{t!("app-clear-history-cancel")}</button>
                        <button class="danger" data-testid="clear-history-confirm" disabled=move || busy.get()
                            on:click=move |_| confirm()>{t!("app-clear-history-confirm")}</button>
                    </div>
                </div>
            </Show>
        </Portal>
    }
}
