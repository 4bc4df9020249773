//! Resident set sizes from `/proc`, and whether a series of them is flat.

use std::time::Duration;

/// The resident set size of process `pid` (`None`: this process), in bytes, from
/// `/proc/<pid>/status`; `None` where there is no `/proc`.
pub fn rss_bytes(pid: Option<u32>) -> Option<u64> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_owned(),
    };
    let status = std::fs::read_to_string(path).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// One sample of a process's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// Time since the run started.
    pub at: Duration,
    /// Resident set size in bytes.
    pub rss: u64,
}

/// Memory over a run: the first and last samples, and the steady-state comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Growth {
    /// RSS at the start of the run.
    pub start: u64,
    /// RSS at the end of the run.
    pub end: u64,
    /// Median RSS of the early steady-state window (after warm-up).
    pub early: u64,
    /// Median RSS of the last window.
    pub late: u64,
}

impl Growth {
    /// The early and late windows compared: the early one is the second fifth of the run
    /// (the first fifth is warm-up: connections, caches, allocator arenas), the late one the
    /// last fifth. Medians, so one transient spike does not decide.
    pub fn of(samples: &[Sample]) -> Option<Growth> {
        let first = samples.first()?;
        let last = samples.last()?;
        let total = last.at.as_secs_f64().max(f64::EPSILON);
        let window = |from: f64, to: f64| {
            let mut values: Vec<u64> = samples
                .iter()
                .filter(|sample| {
                    let fraction = sample.at.as_secs_f64() / total;
                    fraction >= from && fraction <= to
                })
                .map(|sample| sample.rss)
                .collect();
            values.sort_unstable();
            values.get(values.len() / 2).copied()
        };
        Some(Growth {
            start: first.rss,
            end: last.rss,
            early: window(0.2, 0.4)?,
            late: window(0.8, 1.0)?,
        })
    }

    /// Late minus early, in bytes (negative when memory went down).
    pub fn steady_growth(&self) -> i64 {
        self.late as i64 - self.early as i64
    }

    /// Whether the steady state is flat: grew by no more than `fraction` of the early
    /// window plus `slack` bytes (allocator and page-cache noise).
    pub fn is_flat(&self, fraction: f64, slack: u64) -> bool {
        let allowed = self.early as f64 * fraction + slack as f64;
        (self.steady_growth() as f64) <= allowed
    }
}

/// Bytes as MiB with one decimal.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        assert!(rss_bytes(None).is_some_and(|rss| rss > 0));
    }

    #[test]
    fn compares_steady_windows_not_the_start() {
        let samples: Vec<Sample> = (0..=10)
            .map(|second| Sample {
                at: Duration::from_secs(second),
                // Grows fast while warming up, then flat.
                rss: if second < 2 { 10 + second * 40 } else { 100 },
            })
            .collect();
        let growth = Growth::of(&samples).unwrap_or_else(|| panic!("no growth"));
        assert_eq!((growth.start, growth.end), (10, 100));
        assert_eq!(growth.steady_growth(), 0);
        assert!(growth.is_flat(0.0, 0));

        let leaking: Vec<Sample> = (0..=10)
            .map(|second| Sample {
                at: Duration::from_secs(second),
                rss: 100 + second * 10,
            })
            .collect();
        let growth = Growth::of(&leaking).unwrap_or_else(|| panic!("no growth"));
        assert!(growth.steady_growth() > 0);
        assert!(!growth.is_flat(0.1, 0));
    }
}
