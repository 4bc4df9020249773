//! The root component.

use chatdeck_ipc::command::{AppInfo, Ping};
use chatdeck_ipc::{UiEvent, UiEventBody};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ipc;

/// The whole window.
#[component]
pub fn App() -> impl IntoView {
    let (version, set_version) = signal(None::<String>);
    let (last_event, set_last_event) = signal(None::<UiEvent>);
    let (error, set_error) = signal(None::<String>);

    spawn_local(async move {
        match ipc::subscribe(
            move |event| set_last_event.set(Some(event)),
            move |e| set_error.set(Some(e.message)),
        )
        .await
        {
            // The root lives as long as the window, so the subscription does too.
            Ok(subscription) => std::mem::forget(subscription),
            Err(e) => set_error.set(Some(e.message)),
        }
        match ipc::call(&AppInfo {}).await {
            Ok(info) => set_version.set(Some(format!("{} {}", info.name, info.version))),
            Err(e) => set_error.set(Some(e.message)),
        }
    });

    let ping = move |_| {
        spawn_local(async move {
            if let Err(e) = ipc::call(&Ping {
                text: "hello from the UI".into(),
            })
            .await
            {
                set_error.set(Some(e.message));
            }
        })
    };

    view! {
        <main class="slice">
            <h1 data-testid="app-version">{move || version.get().unwrap_or_else(|| "Chatdeck".into())}</h1>
            <button data-testid="ping" on:click=ping>"Ping the shell"</button>
            <p data-testid="last-event">
                {move || match last_event.get() {
                    Some(UiEvent { seq, body: UiEventBody::Pong { text } }) => format!("event #{seq}: {text}"),
                    None => "no event yet".into(),
                }}
            </p>
            <p class="error" data-testid="error">{move || error.get()}</p>
        </main>
    }
}
