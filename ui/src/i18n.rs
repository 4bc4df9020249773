//! The UI's words: the language it speaks, and [`t!`], which says a catalogue message in it
//! (`chatdeck_ipc::l10n`).
//!
//! The language is set once for the page, before the app mounts: the settings' choice, else
//! the system's preferred languages. A change of language reloads the page, so a row's words
//! cost no subscription while messages flow.

use std::cell::{Cell, RefCell};

use chatdeck_ipc::command::{AppInfo, GetSettings};
use chatdeck_ipc::l10n::{Args, Language, Words};
use leptos::prelude::*;
use reactive_stores::Store;

use crate::store::{Chat, ChatStoreFields};

thread_local! {
    static LANGUAGE: Cell<Language> = const { Cell::new(Language::English) };
    static SYSTEM_TAGS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The language the page speaks.
pub fn language() -> Language {
    LANGUAGE.with(Cell::get)
}

/// The webview's preferred languages, most preferred first (BCP 47 tags).
fn webview_tags() -> Vec<String> {
    let navigator = web_sys::window().map(|window| window.navigator());
    let Some(navigator) = navigator else {
        return Vec::new();
    };
    let listed: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if listed.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        listed
    }
}

/// The system's preferred languages, as [`choose`] read them.
fn system_tags() -> Vec<String> {
    SYSTEM_TAGS.with_borrow(Clone::clone)
}

/// The language the system's preferences choose: what "System" in the settings stands for.
pub fn system_language() -> Language {
    Language::preferred(system_tags().iter().map(String::as_str))
}

/// Chooses the page's language from the saved settings and the system's preferences (the
/// OS's, as the shell reads them, so the UI and the tray agree; the webview's where the shell
/// does not say). Called once, before the app mounts.
pub async fn choose() {
    let (info, settings) = futures::join!(
        crate::ipc::call(&AppInfo {}),
        crate::ipc::call(&GetSettings {})
    );
    let system = info.map(|info| info.system_languages).unwrap_or_default();
    let tags = if system.is_empty() {
        webview_tags()
    } else {
        system
    };
    let chosen = match settings {
        Ok(settings) => settings.language_for(tags.iter().map(String::as_str)),
        Err(_) => Language::preferred(tags.iter().map(String::as_str)),
    };
    SYSTEM_TAGS.set(tags);
    LANGUAGE.with(|language| language.set(chosen));
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", chosen.tag());
    }
}

/// Reloads the page when the settings choose another language than the page speaks. Only
/// once `ready`: until the saved settings are loaded the store holds the defaults, whose
/// language is not the user's choice.
pub fn follow(store: Store<Chat>, ready: RwSignal<bool>) {
    Effect::new(move |_| {
        if !ready.get() {
            return;
        }
        let tags = system_tags();
        let wanted = store
            .settings()
            .with(|settings| settings.language_for(tags.iter().map(String::as_str)));
        if wanted != language()
            && let Some(window) = web_sys::window()
        {
            let _ = window.location().reload();
        }
    });
}

/// Message `id` in the page's language.
pub fn text(id: &str) -> String {
    chatdeck_ipc::l10n::text(language(), id)
}

/// Message `id` with `args` in the page's language.
pub fn text_with(id: &str, args: &Args) -> String {
    chatdeck_ipc::l10n::text_with(language(), id, args)
}

/// What the shell said, in the page's language.
pub fn say(words: &Words) -> String {
    words.say(language())
}

/// `value` as the page's language writes numbers (`12,345`, `12.345`).
pub fn number(value: impl Into<f64>) -> String {
    chatdeck_ipc::l10n::number::format(language(), value.into())
}

/// Says a catalogue message in the page's language: `t!("room-send")`, or with arguments,
/// `t!("room-hidden", count = hidden)` (numbers choose plural forms; text is said as it is).
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::text($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text_with(
            $id,
            &chatdeck_ipc::l10n::Args::new()$(.with(stringify!($name), $value))+,
        )
    };
}
pub(crate) use t;
