//! The processes a test or benchmark started, found through `/proc`: the app under
//! tauri-driver, and WebKit's web and network processes under the app.

/// The kernel's (15-character) name of WebKit's web processes.
pub const WEB_PROCESS: &str = "WebKitWebProces";

/// `(pid, kernel name)` of every process descending from `root`, `root` not included.
pub fn descendants(root: u32) -> Vec<(u32, String)> {
    let mut table = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Some((name, ppid)) = name_and_parent(pid) {
            table.push((pid, ppid, name));
        }
    }
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
        .filter(|(pid, _, _)| *pid != root && family.contains(pid))
        .map(|(pid, _, name)| (pid, name))
        .collect()
}

/// A process's name and parent, from its `stat` line.
fn name_and_parent(pid: u32) -> Option<(String, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The name is in parentheses and may hold spaces; the state and the parent follow the
    // last ')'.
    let (head, tail) = stat.rsplit_once(')')?;
    let name = head.split_once('(')?.1.to_owned();
    let ppid = tail.split_whitespace().nth(1)?.parse().ok()?;
    Some((name, ppid))
}

/// `variable`'s value in the environment `pid` started with.
pub fn environment_value(pid: u32, variable: &str) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    let prefix = format!("{variable}=");
    environ
        .split(|byte| *byte == 0)
        .map(String::from_utf8_lossy)
        .find_map(|entry| entry.strip_prefix(&prefix).map(str::to_owned))
}
