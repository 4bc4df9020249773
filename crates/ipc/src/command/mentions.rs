//! Mentions across rooms, and which windows have focus (notifications go out only when
//! none has).

use serde::{Deserialize, Serialize};

use crate::mention::Mention;

/// The newest lines, across every room in the history store, that mention the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mentions {
    /// At most this many, newest first.
    pub limit: u32,
}

command!(Mentions => "mentions", Vec<Mention>);

/// A window gained or lost focus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFocus {
    /// The window's label: `main` or `pinned-<tab id>`.
    pub window: String,
    /// Whether it has focus now.
    pub focused: bool,
}

command!(ReportFocus => "report_focus", ());
