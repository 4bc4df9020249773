//! The web process runs with JavaScriptCore's heap sized for a chat window: the app relaunched
//! itself with the variable set before WebKit started anything (`src-tauri/shell/web_heap.rs`).

use super::*;
use chatdeck::shell::{WEB_HEAP_RAM_SIZE, WEB_HEAP_VARIABLE};
use support::processes::{WEB_PROCESS, descendants, environment_value};

#[tokio::test(flavor = "multi_thread")]
async fn the_web_process_sizes_its_heap_for_a_chat_window() {
    let window = Window::open().await;
    demo_tab(&window.client).await;
    // A size chosen in the environment stands (`0`: JavaScriptCore's own); else the app's.
    let chosen = std::env::var(WEB_HEAP_VARIABLE).ok();
    let expected = chosen.as_deref().unwrap_or(WEB_HEAP_RAM_SIZE);
    let web: Vec<u32> = descendants(window.driver_pid())
        .into_iter()
        .filter(|(_, name)| name == WEB_PROCESS)
        .map(|(pid, _)| pid)
        .collect();
    assert!(!web.is_empty(), "no web process under the app");
    for pid in web {
        assert_eq!(
            environment_value(pid, WEB_HEAP_VARIABLE).as_deref(),
            Some(expected),
            "web process {pid}'s heap sizing"
        );
    }
    window.close().await;
}
