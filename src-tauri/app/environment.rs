//! What the app needs from its host: where to keep data and logs, and the knobs tests turn.

use std::path::PathBuf;
use std::time::Duration;

/// Where and how the app runs, as its host decides (the user's own choices are the settings,
/// in `settings.json`). The shell fills it from the OS's directories (or `CHATDECK_DATA_DIR`
/// and `CHATDECK_LOG_DIR`); tests give temporary directories.
#[derive(Debug, Clone)]
pub struct Environment {
    /// Profiles, tabs, the history database and the local service's state.
    pub data_dir: PathBuf,
    /// The keychain service name secrets are stored under; tests use their own so they
    /// never touch a real user's entries.
    pub keychain_service: String,
    /// Whether a first run (no saved tabs) opens the demo room of the Local profile.
    pub first_run_demo: bool,
    /// Whether a newly opened demo room starts with its simulated audience talking.
    pub demo_audience: bool,
    /// Average pause between two demo-audience messages.
    pub demo_interval: Duration,
    /// How the embedded local service is configured beyond its data directory (tests add
    /// review-handler stand-ins, shorter session minutes).
    pub local: ivs_chat_local::Config,
    /// Where exported files go (the shell picks the user's downloads directory).
    pub export_dir: PathBuf,
    /// What the desktop allows the overlay (the shell detects it; tests pretend).
    pub platform: chatdeck_ipc::command::Platform,
}

impl Environment {
    /// The defaults for data in `data_dir`.
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            export_dir: data_dir.join("exports"),
            data_dir,
            keychain_service: "dev.chatdeck.desktop".into(),
            first_run_demo: true,
            demo_audience: true,
            demo_interval: Duration::from_millis(2500),
            local: ivs_chat_local::Config::default(),
            platform: super::overlays::detect("unknown", None, None),
        }
    }
}
