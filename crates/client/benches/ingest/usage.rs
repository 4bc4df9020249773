//! A process's CPU time and memory, read from `/proc/<pid>/stat` and `/proc/<pid>/status`:
//! the same reading for both subscribers, whatever runtime they are written in.

/// Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux).
const USER_HZ: f64 = 100.0;

/// One reading of a process.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// User and system CPU seconds of all its threads so far.
    pub cpu_seconds: f64,
    /// Of which in the kernel (system time): the sockets' reads and writes, the wake-ups.
    pub system_seconds: f64,
    /// Resident memory now, kB.
    pub rss_kb: u64,
    /// The most resident memory so far, kB.
    pub peak_rss_kb: u64,
}

impl Usage {
    /// Reads process `pid` now; zeroes when it is gone.
    pub fn of(pid: u32) -> Self {
        let read = |file: &str| std::fs::read_to_string(format!("/proc/{pid}/{file}"));
        Self::parse(
            &read("stat").unwrap_or_default(),
            &read("status").unwrap_or_default(),
        )
    }

    /// Parses the two files' text.
    pub fn parse(stat: &str, status: &str) -> Self {
        // After the parenthesized command name (which may hold spaces), utime and stime are
        // the 12th and 13th fields.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        let ticks = |n: usize| {
            fields
                .get(n)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let kb = |key: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        Self {
            cpu_seconds: (ticks(11) + ticks(12)) / USER_HZ,
            system_seconds: ticks(12) / USER_HZ,
            rss_kb: kb("VmRSS:"),
            peak_rss_kb: kb("VmHWM:"),
        }
    }
}
