//! Opening rooms and managing profiles.
//!
//! - `open_room.rs`: pick a profile, then a room from its list or by ARN.
//! - `manager.rs`: the profile list with check and remove.
//! - `editor.rs`: the form that creates or edits a profile.

mod editor;
mod manager;
mod open_room;

pub use manager::ProfilesDialog;
pub use open_room::OpenRoomDialog;
