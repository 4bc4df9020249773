//! Commands: one struct each, invoked by the UI and served by the shell.
//!
//! Every command takes exactly one argument named `request` (the struct), so the shell's
//! handler signature and the UI's `invoke` payload follow from the type alone. The list of
//! commands is written once, in [`with_commands!`](crate::with_commands), and every other
//! list (the shell's handlers, the JSON dispatcher, [`NAMES`] for the ACL) is generated from it.

use chatdeck_l10n::Words;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::model::{Line, LineKey, Profile, ProfileId, ProfileSettings, RoomSummary, Tab, TabId};

/// A command of the contract.
pub trait Command: Serialize + DeserializeOwned {
    /// The name the shell registers and the UI invokes.
    const NAME: &'static str;
    /// What the command returns on success.
    type Output: Serialize + DeserializeOwned;
}

/// The argument name every command takes (see the module docs).
pub const ARGUMENT: &str = "request";

/// Calls `$callback! { method: service => Type, ... }` with every command of the contract, in
/// registration order. The method name is the command's [`Command::NAME`] (a test checks it);
/// the service is the part of the app that serves it (the shell calls
/// `app.service().method(request)`), so the list also says which feature owns which command.
#[macro_export]
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
            app_info: root => $crate::command::AppInfo,
            snapshot: root => $crate::command::Snapshot,
            save_profile: profiles => $crate::command::SaveProfile,
            remove_profile: profiles => $crate::command::RemoveProfile,
            check_profile: profiles => $crate::command::CheckProfile,
            list_rooms: profiles => $crate::command::ListRooms,
            open_tab: tabs => $crate::command::OpenTab,
            close_tab: tabs => $crate::command::CloseTab,
            activate_tab: tabs => $crate::command::ActivateTab,
            move_tab: tabs => $crate::command::MoveTab,
            set_split: tabs => $crate::split::SetSplit,
            reconnect: tabs => $crate::command::Reconnect,
            send_message: tabs => $crate::command::SendMessage,
            retry_message: tabs => $crate::command::RetryMessage,
            discard_message: tabs => $crate::command::DiscardMessage,
            delete_message: tabs => $crate::command::DeleteMessage,
            disconnect_user: tabs => $crate::command::DisconnectUser,
            load_older: tabs => $crate::command::LoadOlder,
            user_messages: tabs => $crate::command::UserMessages,
            recent_chatters: tabs => $crate::chatters::RecentChatters,
            ignore_user: tabs => $crate::settings::filters::IgnoreUser,
            set_demo_audience: tabs => $crate::command::SetDemoAudience,
            set_chat_delay: tabs => $crate::command::SetChatDelay,
            search_history: search => $crate::search::SearchHistory,
            lines_around: search => $crate::search::LinesAround,
            reply_original: search => $crate::reply::ReplyOriginal,
            export_room: search => $crate::search::ExportRoom,
            console_list_rooms: console => $crate::console::ConsoleListRooms,
            console_get_room: console => $crate::console::ConsoleGetRoom,
            console_create_room: console => $crate::console::ConsoleCreateRoom,
            console_update_room: console => $crate::console::ConsoleUpdateRoom,
            console_delete_room: console => $crate::console::ConsoleDeleteRoom,
            console_list_logging: console => $crate::console::ConsoleListLogging,
            console_create_logging: console => $crate::console::ConsoleCreateLogging,
            console_update_logging: console => $crate::console::ConsoleUpdateLogging,
            console_delete_logging: console => $crate::console::ConsoleDeleteLogging,
            console_send_event: console => $crate::console::ConsoleSendEvent,
            console_delete_message: console => $crate::console::ConsoleDeleteMessage,
            console_disconnect_user: console => $crate::console::ConsoleDisconnectUser,
            start_purge: purges => $crate::health::StartPurge,
            cancel_purge: purges => $crate::health::CancelPurge,
            get_settings: settings => $crate::command::GetSettings,
            save_settings: settings => $crate::command::SaveSettings,
            export_settings: settings => $crate::command::ExportSettings,
            import_settings: settings => $crate::command::ImportSettings,
            pin_tab: overlays => $crate::command::PinTab,
            unpin_tab: overlays => $crate::command::UnpinTab,
            set_overlay: overlays => $crate::command::SetOverlay,
            overlay_window: overlays => $crate::command::OverlayWindow,
            platform_info: overlays => $crate::command::PlatformInfo,
            mentions: mentions => $crate::command::Mentions,
            report_focus: mentions => $crate::command::ReportFocus,
            open_link: desktop => $crate::command::OpenLink,
            choose_file: desktop => $crate::command::ChooseFile,
            copy_text: desktop => $crate::command::CopyText,
            clear_history: retention => $crate::command::ClearHistory,
            open_invite: invites => $crate::invite::OpenInvite,
            accept_invite: invites => $crate::invite::AcceptInvite,
            dismiss_invite: invites => $crate::invite::DismissInvite,
            copy_invite_link: invites => $crate::invite::CopyInviteLink,
            pull_events: events => $crate::event::PullEvents,
        }
    };
}

macro_rules! names {
    ($($method:ident: $service:ident => $request:ty),* $(,)?) => {
        /// Every command name, in the order the shell registers them; `build.rs` hands it to
        /// the ACL, and tests check the handlers, the dispatcher and the capability agree.
        pub const NAMES: &[&str] = &[$(<$request as Command>::NAME),*];

        /// `(method, NAME)` pairs, so a test can check each method is named as its command.
        pub const METHODS: &[(&str, &str)] = &[$((stringify!($method), <$request as Command>::NAME)),*];
    };
}

crate::with_commands!(names);

// Streamer and accessibility features, one module each.
mod files;
mod history;
mod mentions;
mod overlay;
mod settings;

pub use files::{ChooseFile, FilePurpose};
pub use history::{ClearHistory, ClearedHistory};
pub use mentions::{Mentions, ReportFocus};
pub use overlay::{
    OverlayGesture, OverlayWindow, PinTab, Platform, PlatformInfo, SetOverlay, UnpinTab,
};
pub use settings::{ExportSettings, ExportedSettings, GetSettings, ImportSettings, SaveSettings};

/// Facts about the running app, for the title bar and the about box.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AppInfo {}

/// Output of [`AppInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfoOutput {
    /// Product name.
    pub name: String,
    /// Version of the app.
    pub version: String,
    /// Where profile secrets are kept, in words (the desktop keyring, the kernel keyring
    /// until restart, the system keychain).
    pub keychain: Words,
    /// The system's preferred languages, most preferred first (BCP 47 tags), as the OS says
    /// them: what "System" in the settings stands for, the same for the shell and the UI (a
    /// webview may report its own default instead).
    #[serde(default)]
    pub system_languages: Vec<String>,
}

command!(AppInfo => "app_info", AppInfoOutput);

/// Everything the UI shows, as of event number `seq`. The UI subscribes first, then asks for
/// this, then applies only events newer than `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Snapshot {}

/// Output of [`Snapshot`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SnapshotOutput {
    /// The number of the last event this snapshot includes.
    pub seq: u64,
    /// Saved profiles.
    pub profiles: Vec<Profile>,
    /// Open tabs, in order.
    pub tabs: Vec<Tab>,
    /// The tab in front.
    pub active_tab: Option<TabId>,
    /// The tabs shown side by side, left to right (see [`crate::split`]); empty for one room.
    /// Tabs still being restored may be among them.
    #[serde(default)]
    pub split: Vec<TabId>,
    /// The invite link offer still waiting for an answer: one the app was opened with
    /// arrives before any window listens, so the window that loads asks it.
    #[serde(default)]
    pub invite: Option<crate::invite::InviteOffer>,
}

command!(Snapshot => "snapshot", SnapshotOutput);

/// What to do with a profile's secret on save. The secret travels UI → shell only; no
/// command ever returns one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "action", content = "value", rename_all = "snake_case")]
pub enum SecretChange {
    /// Leave the stored secret as it is.
    #[default]
    Keep,
    /// Store this secret (bearer secret, or AWS secret access key) in the OS keychain.
    Set(String),
    /// Remove the stored secret.
    Clear,
}

/// Creates (`id: None`) or updates a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveProfile {
    /// The profile to update, or `None` for a new one.
    pub id: Option<ProfileId>,
    /// Its settings.
    pub settings: ProfileSettings,
    /// Its secret.
    #[serde(default)]
    pub secret: SecretChange,
}

command!(SaveProfile => "save_profile", Profile);

/// Removes a profile (and its secret); its tabs close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoveProfile {
    /// The profile.
    pub id: ProfileId,
}

command!(RemoveProfile => "remove_profile", ());

/// Tries a profile: gets a token (and lists rooms where it can) without opening a tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckProfile {
    /// The profile.
    pub id: ProfileId,
    /// A room to ask a token for; a token endpoint needs one.
    pub room_arn: Option<String>,
}

/// Output of [`CheckProfile`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutput {
    /// Whether it worked.
    pub ok: bool,
    /// What happened, in English (for logs and callers without a UI).
    pub message: String,
    /// What happened, in words for the UI to say in its language.
    pub words: Words,
}

impl CheckOutput {
    /// The outcome `ok`, said with `words`.
    pub fn new(ok: bool, words: Words) -> Self {
        Self {
            ok,
            message: words.say(chatdeck_l10n::Language::English),
            words,
        }
    }
}

command!(CheckProfile => "check_profile", CheckOutput);

/// Lists the rooms a profile can see (Local and AWS profiles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRooms {
    /// The profile.
    pub profile_id: ProfileId,
}

command!(ListRooms => "list_rooms", Vec<RoomSummary>);

/// Opens a room in a new tab (or brings its tab to the front).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenTab {
    /// The profile to connect with.
    pub profile_id: ProfileId,
    /// The room's ARN.
    pub room_arn: String,
}

command!(OpenTab => "open_tab", Tab);

/// Closes a tab and its connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseTab {
    /// The tab.
    pub tab_id: TabId,
}

command!(CloseTab => "close_tab", ());

/// Remembers which tab is in front, for the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivateTab {
    /// The tab.
    pub tab_id: TabId,
}

command!(ActivateTab => "activate_tab", ());

/// Moves a tab to `index` in the strip (the others keep their order; past the end is the
/// end), and remembers the order for the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveTab {
    /// The tab.
    pub tab_id: TabId,
    /// Where it goes, from 0.
    pub index: u32,
}

command!(MoveTab => "move_tab", ());

/// Connects a disconnected tab again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconnect {
    /// The tab.
    pub tab_id: TabId,
}

command!(Reconnect => "reconnect", ());

/// Sends a message; its line appears pending at once and settles by events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    /// The tab.
    pub tab_id: TabId,
    /// The text.
    pub content: String,
    /// The message id this message answers (sent as its
    /// [`messageReplyId`](crate::reply::REPLY_ATTRIBUTE) attribute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

command!(SendMessage => "send_message", Line);

/// Sends a failed message again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryMessage {
    /// The tab.
    pub tab_id: TabId,
    /// The line's key.
    pub key: LineKey,
}

command!(RetryMessage => "retry_message", ());

/// Forgets a failed message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscardMessage {
    /// The tab.
    pub tab_id: TabId,
    /// The line's key.
    pub key: LineKey,
}

command!(DiscardMessage => "discard_message", ());

/// Deletes a message for everyone (needs `DELETE_MESSAGE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteMessage {
    /// The tab.
    pub tab_id: TabId,
    /// The line's key.
    pub key: LineKey,
    /// Shown with the deletion.
    pub reason: Option<String>,
}

command!(DeleteMessage => "delete_message", ());

/// Disconnects every connection of a user (needs `DISCONNECT_USER`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisconnectUser {
    /// The tab.
    pub tab_id: TabId,
    /// The user.
    pub user_id: String,
    /// Shown with the kick.
    pub reason: Option<String>,
}

command!(DisconnectUser => "disconnect_user", ());

/// Older lines of a tab's room, from the history store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadOlder {
    /// The tab.
    pub tab_id: TabId,
    /// Lines strictly older than this position.
    pub before: i64,
    /// At most this many.
    pub limit: u32,
}

command!(LoadOlder => "load_older", Vec<Line>);

/// A user's recent lines in a tab's room, for the user card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMessages {
    /// The tab.
    pub tab_id: TabId,
    /// The user.
    pub user_id: String,
    /// At most this many, newest last.
    pub limit: u32,
}

command!(UserMessages => "user_messages", Vec<Line>);

/// Turns a local room's demo audience on or off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDemoAudience {
    /// The tab.
    pub tab_id: TabId,
    /// On or off.
    pub on: bool,
}

command!(SetDemoAudience => "set_demo_audience", ());

/// Opens a link from a message in the system's browser. The shell opens only what
/// [`crate::link::is_openable`] accepts, so the webview cannot have anything else opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenLink {
    /// The URL, exactly as the message wrote it.
    pub url: String,
}

command!(OpenLink => "open_link", ());

/// The most characters [`CopyText`] puts on the clipboard: a message is at most 500 code
/// points, an id a dozen; anything far longer is not something the UI copies.
pub const MAX_COPY_CHARS: usize = 10_000;

/// Puts text on the system clipboard (a message's text or id, from its context menu). The
/// shell writes it, as it does invite links, so the webview needs no clipboard permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyText {
    /// The text, at most [`MAX_COPY_CHARS`] characters.
    pub text: String,
}

command!(CopyText => "copy_text", ());

/// The longest chat delay: live streams run well under a minute behind.
pub const MAX_CHAT_DELAY_SECONDS: u32 = 60;

/// Delays a tab's view of others' lines by `seconds` (0 turns it off), to follow a stream's
/// latency: chat then reacts to what the viewer sees, not to what the streamer saw seconds
/// earlier. This client's own lines, a moderator's deletions of lines already shown and the
/// connection's state are never delayed (a gap marker is a line of the room's timeline and
/// waits with the lines around it). Lines held back when the delay shrinks are released
/// at once. Kept per tab across restarts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetChatDelay {
    /// The tab.
    pub tab_id: TabId,
    /// 0 to [`MAX_CHAT_DELAY_SECONDS`].
    pub seconds: u32,
}

command!(SetChatDelay => "set_chat_delay", ());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_is_named_as_its_command_and_names_are_unique() {
        for (method, name) in METHODS {
            assert_eq!(method, name);
        }
        let unique: std::collections::BTreeSet<_> = NAMES.iter().collect();
        assert_eq!(unique.len(), NAMES.len());
    }

    #[test]
    fn secret_changes_round_trip() {
        for change in [
            SecretChange::Keep,
            SecretChange::Clear,
            SecretChange::Set("s".into()),
        ] {
            let json = serde_json::to_string(&change).unwrap_or_default();
            assert_eq!(
                serde_json::from_str::<SecretChange>(&json).ok(),
                Some(change)
            );
        }
    }
}
