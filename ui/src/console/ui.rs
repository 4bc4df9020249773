//! What the console's parts share: the profile, the listings, the room form's subject and
//! the last notice.

use chatdeck_ipc::console::{LoggingConfiguration, Room, RoomFilter, RoomSummary};
use chatdeck_ipc::model::ProfileId;
use leptos::prelude::*;

/// The room form's subject.
#[derive(Debug, Clone, PartialEq)]
pub enum Editing {
    /// A new room.
    New,
    /// An existing room, as GetRoom returned it.
    Existing(Box<Room>),
}

/// What the console's parts share.
#[derive(Debug, Clone, Copy)]
pub struct ConsoleUi {
    /// The profile whose control plane is used.
    pub profile: RwSignal<ProfileId>,
    /// The rooms, as last listed.
    pub rooms: RwSignal<Option<Result<Vec<RoomSummary>, String>>>,
    /// ListRooms' filters.
    pub filter: RwSignal<RoomFilter>,
    /// The logging configurations, as last listed.
    pub logging: RwSignal<Option<Result<Vec<LoggingConfiguration>, String>>>,
    /// Bumped to list rooms again.
    pub rooms_version: RwSignal<u64>,
    /// Bumped to list logging configurations again.
    pub logging_version: RwSignal<u64>,
    /// The room form, when open.
    pub editing: RwSignal<Option<Editing>>,
    /// What the last action did, in words.
    pub notice: RwSignal<Option<String>>,
}

impl ConsoleUi {
    /// The console of `profile`, nothing listed yet.
    pub fn new(profile: ProfileId) -> Self {
        Self {
            profile: RwSignal::new(profile),
            rooms: RwSignal::new(None),
            filter: RwSignal::new(RoomFilter::default()),
            logging: RwSignal::new(None),
            rooms_version: RwSignal::new(0),
            logging_version: RwSignal::new(0),
            editing: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }

    /// Lists rooms again.
    pub fn reload_rooms(&self) {
        self.rooms_version.update(|n| *n += 1);
    }

    /// Lists logging configurations again.
    pub fn reload_logging(&self) {
        self.logging_version.update(|n| *n += 1);
    }
}
