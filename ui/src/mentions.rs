//! Mentions in the UI: highlighted spans in message text, the live region that announces
//! mentions to screen readers, and the Mentions view across rooms.
//!
//! - `announcer.rs`: the throttled announcements (pure logic plus the live region).
//! - `view.rs`: the Mentions dialog.
//! - `highlight.rs`: a tab's highlighter, and text with its matches marked.

mod announcer;
mod highlight;
mod view;

pub use announcer::Announcer;
pub use highlight::{highlighted, tab_highlighter};
pub use view::MentionsDialog;
