//! The language the shell speaks: the settings' choice, else the system's preferred languages.
//!
//! What the shell shows itself (the tray, notifications, native dialog titles, overlay window
//! titles) and the lines it writes into a room's history (notices, gaps, the moderation log)
//! are said in it. Everything else crosses IPC as `Words`, said by the UI in its own language.

use std::sync::Mutex;

use chatdeck_ipc::settings::Settings;
use chatdeck_l10n::{Args, Language, Words};

use super::settings::Follower;

/// The system's preferred languages, most preferred first (BCP 47 tags).
pub fn system_tags() -> Vec<String> {
    sys_locale::get_locales().collect()
}

/// The shell's language now; it follows the settings.
#[derive(Debug, Default)]
pub struct ShellLanguage {
    /// The system's preferred languages, read at start (what "System" stands for).
    system: Vec<String>,
    /// The language spoken now. A std Mutex: held only to copy or set it.
    current: Mutex<Language>,
}

impl ShellLanguage {
    /// The language of `settings`, with the system preferring `system` (most preferred first).
    pub fn new(settings: &Settings, system: Vec<String>) -> Self {
        let current = Mutex::new(settings.language_for(system.iter().map(String::as_str)));
        Self { system, current }
    }

    /// The system's preferred languages, most preferred first.
    pub fn system(&self) -> &[String] {
        &self.system
    }

    /// The language spoken now.
    pub fn get(&self) -> Language {
        *self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The language `settings` choose on this system.
    pub fn of(&self, settings: &Settings) -> Language {
        settings.language_for(self.system.iter().map(String::as_str))
    }

    /// Message `id` in the language spoken now.
    pub fn text(&self, id: &str) -> String {
        chatdeck_l10n::text(self.get(), id)
    }

    /// Message `id` with `args` in the language spoken now.
    pub fn text_with(&self, id: &str, args: &Args) -> String {
        chatdeck_l10n::text_with(self.get(), id, args)
    }

    /// `words` in the language spoken now.
    pub fn say(&self, words: &Words) -> String {
        words.say(self.get())
    }
}

impl Follower for ShellLanguage {
    fn settings_changed(&self, _before: &Settings, after: &Settings) {
        let language = self.of(after);
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = language;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(language: Option<Language>) -> Settings {
        Settings {
            language,
            ..Settings::default()
        }
    }

    #[test]
    fn the_setting_wins_else_the_system_else_english() {
        let system = |tags: &[&str]| tags.iter().map(|tag| (*tag).to_owned()).collect();
        let cases = [
            (
                None,
                system(&["pt-BR", "en-US"]),
                Language::PortugueseBrazil,
            ),
            (None, system(&["de-DE", "en-GB"]), Language::English),
            (None, system(&["fr-FR"]), Language::English),
            (None, Vec::new(), Language::English),
            (
                Some(Language::English),
                system(&["pt-BR"]),
                Language::English,
            ),
            (
                Some(Language::PortugueseBrazil),
                system(&["en-US"]),
                Language::PortugueseBrazil,
            ),
        ];
        for (chosen, tags, expected) in cases {
            let language = ShellLanguage::new(&settings(chosen), tags);
            assert_eq!(language.get(), expected, "{chosen:?}");
        }
    }

    #[test]
    fn a_changed_setting_is_followed_and_system_goes_back_to_the_system() {
        let language = ShellLanguage::new(&settings(None), vec!["en-US".into()]);
        assert_eq!(language.text("shell-tray-quit"), "Quit Chatdeck");
        let portuguese = settings(Some(Language::PortugueseBrazil));
        language.settings_changed(&settings(None), &portuguese);
        assert_eq!(language.get(), Language::PortugueseBrazil);
        assert_eq!(language.text("shell-tray-quit"), "Sair do Chatdeck");
        language.settings_changed(&portuguese, &settings(None));
        assert_eq!(language.get(), Language::English);
    }
}
