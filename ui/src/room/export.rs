//! Exporting the room's history as JSON lines of IVS chat-log records, to the data
//! directory's exports folder, a file chosen in the platform's save dialog, or a path the user
//! types; the file written is shown.

use chatdeck_ipc::command::{ChooseFile, FilePurpose};
use chatdeck_ipc::search::{ExportOutput, ExportRoom};
use leptos::prelude::*;

use super::ui::RoomUi;
use crate::context::call_with;
use crate::i18n::t;
use crate::store::TabStateStoreFields;

/// The export dialog, shown while `open` is set.
#[component]
pub fn ExportDialog(
    /// Whether it shows.
    open: RwSignal<bool>,
) -> impl IntoView {
    let tab = expect_context::<RoomUi>().tab;
    let path = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<ExportOutput, String>>);
    let busy = RwSignal::new(false);
    let export = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        result.set(None);
        let request = ExportRoom {
            room_arn: tab.room_arn().try_get_untracked().unwrap_or_default(),
            path: Some(path.get_untracked()).filter(|path| !path.trim().is_empty()),
        };
        call_with(request, move |answer| {
            busy.set(false);
            result.set(Some(answer.map_err(|error| crate::i18n::say(&error.words))));
        });
    };
    let close = move || {
        open.set(false);
        result.set(None);
    };
    let choose = move |_| {
        let room = tab.room_name().try_get_untracked().unwrap_or_default();
        let choice = ChooseFile {
            purpose: FilePurpose::ExportRoom,
            suggested_name: format!("{room}.jsonl"),
        };
        call_with(choice, move |chosen| match chosen {
            Ok(Some(chosen)) => path.set(chosen),
            Ok(None) => {}
            Err(error) => result.set(Some(Err(crate::i18n::say(&error.words)))),
        });
    };
    view! {
        <Show when=move || open.get()>
            <div class="scrim" on:click=move |_| close()></div>
            <div class="dialog small" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog"
                on:keydown=move |event| if event.key() == "Escape" { close() }>
                <h2 id="export-title">{t!("room-export")}</h2>
                <p class="muted">{t!("room-export-intro")} " ("
                    <code>"event_timestamp"</code>", "<code>"type"</code>", "<code>"version"</code>", "<code>"payload"</code>")."</p>
                <label>
                    {t!("room-export-file")}
                    <div class="path-row">
                        <input data-testid="export-path" placeholder=t!("room-export-placeholder") prop:value=move || path.get()
                            on:input=move |event| path.set(event_target_value(&event))
                            on:keydown=move |event| if event.key() == "Enter" { export() }/>
                        <button class="secondary" data-testid="export-choose" on:click=choose>{t!("room-export-choose")}</button>
                    </div>
                </label>
                {move || result.get().map(|answer| match answer {
                    Ok(output) => view! {
                        <p class="ok" data-testid="export-result" data-path=output.path.clone() data-records=output.records.to_string()>
                            {t!("room-export-written", count = output.records)} " "
                            <code class="mono">{output.path.clone()}</code>
                        </p>
                    }.into_any(),
                    Err(message) => view! { <p class="error-text" data-testid="export-error">{message}</p> }.into_any(),
                })}
                <div class="dialog-actions">
                    <button class="secondary" on:click=move |_| close()>{t!("room-export-close")}</button>
                    <button class="primary" data-testid="export-submit" disabled=move || busy.get() on:click=move |_| export()>{t!("room-export-submit")}</button>
                </div>
            </div>
        </Show>
    }
}
