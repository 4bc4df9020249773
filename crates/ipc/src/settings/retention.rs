//! How much chat history the app keeps on disk.
//!
//! The default keeps everything: the history is the user's own record (search, export and
//! the Mentions view read it), a chat line takes well under a kilobyte, and a limit the user
//! did not choose would silently delete what they may come back for. Either limit, or both,
//! can be set; 0 turns a limit off.

use serde::{Deserialize, Serialize};

use super::{Problem, out_of_range};

/// The longest age limit, in days (ten years).
pub const MAX_KEEP_DAYS: u32 = 3650;
/// The largest size limit, in megabytes (a terabyte).
pub const MAX_KEEP_MEGABYTES: u32 = 1_000_000;

/// The history's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryRetention {
    /// Lines older than this many days are removed; 0 keeps them however old.
    pub keep_days: u32,
    /// The oldest lines are removed while the history holds more than this many megabytes;
    /// 0 sets no size limit.
    pub keep_megabytes: u32,
}

impl HistoryRetention {
    /// Whether everything is kept.
    pub fn keeps_everything(self) -> bool {
        self.keep_days == 0 && self.keep_megabytes == 0
    }

    /// What is wrong with these limits, fields under `history.`.
    pub fn problems(self) -> Vec<Problem> {
        let mut problems = Vec::new();
        out_of_range(
            "history.keep_days",
            self.keep_days,
            &(0..=MAX_KEEP_DAYS),
            &mut problems,
        );
        out_of_range(
            "history.keep_megabytes",
            self.keep_megabytes,
            &(0..=MAX_KEEP_MEGABYTES),
            &mut problems,
        );
        problems
    }

    /// The limits in words, for the settings dialog.
    pub fn describe(self) -> String {
        match (self.keep_days, self.keep_megabytes) {
            (0, 0) => "Everything is kept.".into(),
            (days, 0) => format!("Lines older than {days} days are removed."),
            (0, megabytes) => format!("The oldest lines are removed above {megabytes} MB."),
            (days, megabytes) => format!(
                "Lines older than {days} days are removed, and the oldest above {megabytes} MB."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_checked_by_field_and_zero_keeps_everything() {
        assert!(HistoryRetention::default().keeps_everything());
        assert!(HistoryRetention::default().problems().is_empty());
        let too_much = HistoryRetention {
            keep_days: MAX_KEEP_DAYS + 1,
            keep_megabytes: MAX_KEEP_MEGABYTES + 1,
        };
        let fields: Vec<String> = too_much.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["history.keep_days", "history.keep_megabytes"]);
        let both = HistoryRetention {
            keep_days: 30,
            keep_megabytes: 200,
        };
        assert!(!both.keeps_everything());
        assert_eq!(
            both.describe(),
            "Lines older than 30 days are removed, and the oldest above 200 MB."
        );
    }
}
