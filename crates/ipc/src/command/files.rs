//! Choosing where a file goes with the platform's save dialog. (Opening a file needs no
//! command: the webview's file input shows the platform's open dialog.)

use serde::{Deserialize, Serialize};

/// What a file is saved for: it decides the dialog's title, the name it suggests and the
/// files it lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    /// A room's export.
    ExportRoom,
    /// The settings backup.
    ExportSettings,
}

impl FilePurpose {
    /// The kind of file the dialog lists: a name and its extensions.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FilePurpose::ExportRoom => ("JSON lines", &["jsonl"]),
            FilePurpose::ExportSettings => ("JSON", &["json"]),
        }
    }

    /// The dialog's title: a message of the catalogues (`chatdeck_l10n`), which the shell
    /// says in its language.
    pub fn title_id(self) -> &'static str {
        match self {
            FilePurpose::ExportRoom => "shell-dialog-export-room",
            FilePurpose::ExportSettings => "shell-dialog-export-settings",
        }
    }
}

/// Asks the desktop where to save a file, with its own dialog. Answers the chosen path, or
/// nothing when the user cancelled; an error where there is no dialog (the UI then takes a
/// typed path, or the usual place).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChooseFile {
    /// What for.
    pub purpose: FilePurpose,
    /// The file name the dialog suggests.
    #[serde(default)]
    pub suggested_name: String,
}

command!(ChooseFile => "choose_file", Option<String>);
