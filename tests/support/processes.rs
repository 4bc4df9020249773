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
    /// When it started, in clock ticks since the machine booted.
    pub started_ticks: u64,
}

/// Clock ticks per second in `/proc`'s counters: the kernel's `USER_HZ`, fixed at 100 for
/// user space on Linux whatever the kernel's own tick rate.
pub const TICKS_PER_SECOND: u64 = 100;

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
    // After the name: state(0) ppid(1) ... utime(11) stime(12) ... starttime(19).
    Some(Stat {
        name,
        ppid: u32::try_from(number(1)).unwrap_or(0),
        ticks: number(11) + number(12),
        started_ticks: number(19),
    })
}

/// When `pid` started, in milliseconds since the Unix epoch (to the kernel's 10 ms): its
/// start in ticks since boot, placed on the wall clock through the time since boot now
/// (`/proc/uptime`, the same clock). A page's `performance.timeOrigin` is on the same scale.
pub fn started_epoch_ms(pid: u32) -> Option<f64> {
    let started = stat(std::path::Path::new(&format!("/proc/{pid}/stat")))?.started_ticks;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let since_start = uptime - started as f64 / TICKS_PER_SECOND as f64;
    Some((now - since_start) * 1000.0)
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
