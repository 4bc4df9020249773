//! The web process runs with JavaScriptCore's heap sized for a chat window: the app relaunched
//! itself with the variable set before WebKit started anything (`src-tauri/shell/web_heap.rs`).

use super::*;
use chatdeck::shell::{WEB_HEAP_RAM_SIZE, WEB_HEAP_VARIABLE};

/// `(pid, parent pid, name)` of every process, from `/proc/<pid>/status`.
fn process_table() -> Vec<(u32, u32, String)> {
    let mut table = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let field = |key: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .map(|value| value.trim().to_owned())
        };
        if let (Some(name), Some(ppid)) = (field("Name:"), field("PPid:")) {
            table.push((pid, ppid.parse().unwrap_or(0), name));
        }
    }
    table
}

/// The web processes among `root`'s descendants.
fn web_processes(root: u32) -> Vec<u32> {
    let table = process_table();
    let mut family = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, ppid, _) in &table {
            if family.contains(ppid) && !family.contains(pid) {
                family.push(*pid);
                grew = true;
            }
        }
    }
    table
        .into_iter()
        // The kernel keeps 15 characters of a name: "WebKitWebProces".
        .filter(|(pid, _, name)| family.contains(pid) && name.starts_with("WebKitWebProces"))
        .map(|(pid, _, _)| pid)
        .collect()
}

/// `variable`'s value in the environment `pid` started with.
fn environment_value(pid: u32, variable: &str) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    let prefix = format!("{variable}=");
    environ
        .split(|byte| *byte == 0)
        .map(String::from_utf8_lossy)
        .find_map(|entry| entry.strip_prefix(&prefix).map(str::to_owned))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_web_process_sizes_its_heap_for_a_chat_window() {
    let window = Window::open().await;
    demo_tab(&window.client).await;
    // A size chosen in the environment stands (`0`: JavaScriptCore's own); else the app's.
    let chosen = std::env::var(WEB_HEAP_VARIABLE).ok();
    let expected = chosen.as_deref().unwrap_or(WEB_HEAP_RAM_SIZE);
    let web = web_processes(window.driver_pid());
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
