//! Settings commands: read, save, export to a file, import from one.

use serde::{Deserialize, Serialize};

use crate::settings::Settings;

/// The current settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetSettings {}

command!(GetSettings => "get_settings", Settings);

/// Replaces the settings after checking them; every window hears of the change. Returns them
/// as saved (highlight words trimmed and deduplicated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSettings {
    /// The new settings.
    pub settings: Settings,
}

command!(SaveSettings => "save_settings", Settings);

/// Writes the settings to one JSON file: where the user chose, or in the export directory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExportSettings {
    /// The file (from the save dialog); `None` for the export directory's usual name.
    #[serde(default)]
    pub path: Option<String>,
}

/// Output of [`ExportSettings`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedSettings {
    /// Where the file was written.
    pub path: String,
}

command!(ExportSettings => "export_settings", ExportedSettings);

/// Replaces the settings with those of an exported file, checked whole first: on any problem
/// nothing changes and the error lists every problem with its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSettings {
    /// The file's text.
    pub json: String,
}

command!(ImportSettings => "import_settings", Settings);
