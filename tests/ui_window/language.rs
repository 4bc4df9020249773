//! The window speaks the system's language: on a Brazilian Portuguese desktop, with nothing
//! chosen in the settings, the UI is in Portuguese, as the shell's tray and notifications are
//! (both read the OS's locale through the shell, whatever the webview reports).

use chatdeck_ipc::l10n::{Language, text};

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn on_a_portuguese_desktop_the_window_speaks_portuguese() {
    let window = Window::open_in_locale("pt_BR.UTF-8").await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    wait_js(client, "return document.documentElement.lang;", |lang| {
        lang == "pt-BR"
    })
    .await;
    let state = wait_js(
        client,
        "const s = document.querySelector('[data-testid=connection-badge] .badge-state'); return s ? s.textContent : null;",
        |state| !state.is_null(),
    )
    .await;
    assert_eq!(
        state.as_str(),
        Some(text(Language::PortugueseBrazil, "room-state-connected").as_str())
    );
    screenshot(client, "window-pt-br").await;
    window.close().await;
}
