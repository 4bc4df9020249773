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
        if let Some(Stat { name, ppid, .. }) = stat(&entry.path().join("stat")) {
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

/// What a process's or a thread's `stat` line says of it.
#[derive(Debug, Clone)]
pub struct Stat {
    /// The kernel's (15-character) name for it.
    pub name: String,
    /// The parent process.
    pub ppid: u32,
    /// User plus system CPU time, in clock ticks.
    pub ticks: u64,
}

/// Reads a `stat` file: `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat`.
pub fn stat(path: &std::path::Path) -> Option<Stat> {
    let stat = std::fs::read_to_string(path).ok()?;
    // The name is in parentheses and may hold spaces; fields follow the last ')'.
    let (head, tail) = stat.rsplit_once(')')?;
    let name = head.split_once('(')?.1.to_owned();
    let fields: Vec<&str> = tail.split_whitespace().collect();
    let number = |index: usize| {
        fields
            .get(index)
            .and_then(|value| value.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // After the name: state(0) ppid(1) ... utime(11) stime(12).
    Some(Stat {
        name,
        ppid: u32::try_from(number(1)).unwrap_or(0),
        ticks: number(11) + number(12),
    })
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
