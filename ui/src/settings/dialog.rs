//! The settings dialog: look, chat, highlight words, notifications, the demo audience, a
//! backup as one file (export, import), how much history is kept, and each profile's ignore
//! list and filters.
//!
//! The form edits a draft checked by the same rules the shell applies, so problems show next
//! to the form before saving; the shell checks again and has the last word.

use chatdeck_ipc::command::{
    ChooseFile, ExportSettings, FilePurpose, ImportSettings, SaveSettings,
};
use chatdeck_ipc::l10n::Language;
use chatdeck_ipc::settings::{self, Density, Problem, Settings, Theme, TimestampFormat};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use reactive_stores::Store;

use crate::clear_history::{ClearHistoryDialog, ClearTarget};
use crate::context::{Dialog, DialogState, call_with, chat};
use crate::i18n::{system_language, t};
use crate::store::{Chat, ChatStoreFields};

/// What the backup buttons last did.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Backup {
    Idle,
    Done(String),
    Failed(String),
}

/// The form's draft and its problems, shared by the dialog's sections.
#[derive(Debug, Clone, Copy)]
struct Form {
    /// The settings as edited.
    draft: RwSignal<Settings>,
    /// The highlight words' text, one a line.
    words: RwSignal<String>,
    /// What the shell's rules find wrong with the draft.
    problems: Memo<Vec<Problem>>,
}

impl Form {
    fn new(settings: Settings) -> Self {
        let words = RwSignal::new(settings.highlight_words.join("\n"));
        let draft = RwSignal::new(settings);
        let problems = Memo::new(move |_| candidate(draft, words).problems());
        Self {
            draft,
            words,
            problems,
        }
    }

    /// The problem of `field` (or of one of its items), if any.
    fn problem_of(self, field: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync {
        move || {
            self.problems.with(|problems| {
                problems
                    .iter()
                    .find(|problem| {
                        problem.field == field || problem.field.starts_with(&format!("{field}["))
                    })
                    .map(|problem| crate::i18n::say(&problem.words))
            })
        }
    }

    /// Takes imported settings as the new draft.
    fn replace(self, settings: Settings) {
        self.words.set(settings.highlight_words.join("\n"));
        self.draft.set(settings);
    }
}

/// The settings the form would save.
fn candidate(draft: RwSignal<Settings>, words: RwSignal<String>) -> Settings {
    let mut settings = draft.get();
    settings.highlight_words = words.with(|text| text.lines().map(str::to_owned).collect());
    settings.normalized()
}

/// The dialog.
#[component]
pub fn SettingsDialog() -> impl IntoView {
    let store = chat();
    let dialog = expect_context::<DialogState>().0;
    let form = Form::new(store.settings().get_untracked());
    let (draft, words, problems) = (form.draft, form.words, form.problems);
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let first: NodeRef<html::Input> = NodeRef::new();

    Effect::new(move |_| {
        if let Some(element) = first.get() {
            // Focus failing leaves focus where it was.
            let _ = element.focus();
        }
    });

    let close = move || dialog.set(Dialog::Closed);
    let save = move || {
        if saving.get_untracked() || !problems.with_untracked(Vec::is_empty) {
            return;
        }
        saving.set(true);
        error.set(None);
        let request = SaveSettings {
            settings: candidate(draft, words),
        };
        call_with(request, move |result| {
            saving.set(false);
            match result {
                Ok(saved) => {
                    store.settings().set(saved);
                    dialog.set(Dialog::Closed);
                }
                Err(failure) => error.set(Some(crate::i18n::say(&failure.words))),
            }
        });
    };

    view! {
        <div class="scrim" on:click=move |_| close()></div>
        <div class="dialog wide settings-dialog" role="dialog" aria-modal="true" aria-labelledby="settings-title"
            data-testid="settings-dialog" on:keydown=move |event| if event.key() == "Escape" { close() }>
            <div class="panel-header">
                <h2 id="settings-title">{t!("settings-title")}</h2>
                <button class="ghost icon" aria-label=t!("settings-close") on:click=move |_| close()>"×"</button>
            </div>
            <div class="settings-grid">
                {look(form, first)}
                {layout(form)}
                {numbers(form)}
                <label>
                    {t!("settings-highlight-words")}
                    <textarea data-testid="settings-highlight-words" rows="2" prop:value=move || words.get()
                        aria-invalid=move || form.problem_of("highlight_words")().is_some().to_string()
                        on:input=move |event| words.set(event_target_value(&event))></textarea>
                    <FieldProblem text=Signal::derive(form.problem_of("highlight_words"))/>
                </label>
                <div class="form-row">
                    {notifications(form)}
                    {backup(store, form)}
                </div>
                {history(form)}
                {super::filters::filters_section(draft, problems)}
                {window(form)}
            </div>
            {move || error.get().map(|message| view! { <p class="error-text" role="alert" data-testid="settings-error">{message}</p> })}
            <div class="dialog-actions">
                <button class="secondary" on:click=move |_| close()>{t!("settings-cancel")}</button>
                <button class="primary" data-testid="settings-save" disabled=move || saving.get() || !problems.with(Vec::is_empty)
                    on:click=move |_| save()>{t!("settings-save")}</button>
            </div>
        </div>
    }
}

/// The look: language, theme (its first choice takes focus) and timestamps.
fn look(form: Form, first: NodeRef<html::Input>) -> impl IntoView {
    let draft = form.draft;
    let theme_choice = move |theme: Theme, label: String| {
        view! {
            <label class="inline">
                <input type="radio" name="settings-theme" data-testid=format!("settings-theme-{}", theme.as_str())
                    prop:checked=move || draft.with(|s| s.theme == theme)
                    on:change=move |_| draft.update(|s| s.theme = theme)/>
                {label}
            </label>
        }
    };
    view! {
        <div class="form-row three">
            {language(form)}
            <fieldset>
                <legend>{t!("settings-theme")}</legend>
                <label class="inline">
                    <input node_ref=first type="radio" name="settings-theme" data-testid="settings-theme-system"
                        prop:checked=move || draft.with(|s| s.theme == Theme::System)
                        on:change=move |_| draft.update(|s| s.theme = Theme::System)/>
                    {t!("settings-theme-system")}
                </label>
                {theme_choice(Theme::Light, t!("settings-theme-light"))}
                {theme_choice(Theme::Dark, t!("settings-theme-dark"))}
            </fieldset>
            <label>
                {t!("settings-timestamps")}
                <select data-testid="settings-timestamp" on:change=move |event| {
                    if let Some(format) = TimestampFormat::from_name(&event_target_value(&event)) {
                        draft.update(|s| s.timestamp_format = format);
                    }
                }>
                    {TimestampFormat::ALL.into_iter().map(|format| {
                        let label = match format {
                            TimestampFormat::Clock24 => "14:05".to_owned(),
                            TimestampFormat::Clock24Seconds => "14:05:09".to_owned(),
                            TimestampFormat::Clock12 => "2:05 PM".to_owned(),
                            TimestampFormat::Hidden => t!("settings-timestamps-hidden"),
                        };
                        view! {
                            <option value=format.as_str() selected=move || draft.with(|s| s.timestamp_format == format)>{label}</option>
                        }
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

/// The language the app speaks: the system's (named as it resolves now) or one chosen. A
/// saved change reloads the page in the new language (`crate::i18n::follow`).
fn language(form: Form) -> impl IntoView {
    let draft = form.draft;
    let system = t!(
        "settings-language-system",
        language = system_language().native_name()
    );
    view! {
        <label>
            {t!("settings-language")}
            <select data-testid="settings-language" on:change=move |event| {
                let tag = event_target_value(&event);
                let chosen = Language::ALL.into_iter().find(|language| language.tag() == tag);
                draft.update(|s| s.language = chosen);
            }>
                <option value="system" selected=move || draft.with(|s| s.language.is_none())>{system}</option>
                // Each language named in itself, so a reader of it finds it whatever the page speaks.
                {Language::ALL.into_iter().map(|language| view! {
                    <option value=language.tag() lang=language.tag()
                        selected=move || draft.with(|s| s.language == Some(language))>{language.native_name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// How rooms are laid out: the list's density and whether the health strip shows.
fn layout(form: Form) -> impl IntoView {
    let draft = form.draft;
    view! {
        <div class="form-row">
            <label>
                {t!("settings-density")}
                <select data-testid="settings-density" on:change=move |event| {
                    if let Some(density) = Density::from_name(&event_target_value(&event)) {
                        draft.update(|s| s.density = density);
                    }
                }>
                    {Density::ALL.into_iter().map(|density| {
                        let label = match density {
                            Density::Cozy => t!("settings-density-cozy"),
                            Density::Compact => t!("settings-density-compact"),
                        };
                        view! {
                            <option value=density.as_str() selected=move || draft.with(|s| s.density == density)>{label}</option>
                        }
                    }).collect_view()}
                </select>
            </label>
            <label class="inline">
                <input type="checkbox" data-testid="settings-show-health" prop:checked=move || draft.with(|s| s.show_health)
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        draft.update(|s| s.show_health = on);
                    }/>
                {t!("settings-show-health")}
            </label>
        </div>
    }
}

/// The numbers: font size, scrollback, the demo audience's rate.
fn numbers(form: Form) -> impl IntoView {
    let (draft, problem_of) = (form.draft, move |field: &'static str| {
        form.problem_of(field)
    });
    let number = move |event: leptos::ev::Event| {
        event_target_value(&event)
            .trim()
            .parse::<u32>()
            .unwrap_or(0)
    };
    view! {
        <div class="form-row three">
            <label>
                {t!("settings-font-size", min = settings::FONT_SIZES.start().to_string(), max = settings::FONT_SIZES.end().to_string())}
                <input type="number" data-testid="settings-font-size" min=*settings::FONT_SIZES.start() max=*settings::FONT_SIZES.end()
                    prop:value=move || draft.with(|s| s.font_size.to_string())
                    aria-invalid=move || problem_of("font_size")().is_some().to_string()
                    on:input=move |event| {
                        let size = u8::try_from(number(event)).unwrap_or(0);
                        draft.update(|s| s.font_size = size);
                    }/>
                <FieldProblem text=Signal::derive(problem_of("font_size"))/>
            </label>
            <label>
                {t!("settings-scrollback", min = settings::SCROLLBACK.start().to_string(), max = settings::SCROLLBACK.end().to_string())}
                <input type="number" data-testid="settings-scrollback" min=*settings::SCROLLBACK.start() max=*settings::SCROLLBACK.end() step="100"
                    prop:value=move || draft.with(|s| s.scrollback.to_string())
                    aria-invalid=move || problem_of("scrollback")().is_some().to_string()
                    on:input=move |event| { let lines = number(event); draft.update(|s| s.scrollback = lines); }/>
                <FieldProblem text=Signal::derive(problem_of("scrollback"))/>
            </label>
            <label>
                {t!("settings-demo-rate")}
                <input type="number" data-testid="settings-demo-rate" min=*settings::DEMO_RATES.start() max=*settings::DEMO_RATES.end()
                    prop:value=move || draft.with(|s| s.demo_audience_per_minute.to_string())
                    aria-invalid=move || problem_of("demo_audience_per_minute")().is_some().to_string()
                    on:input=move |event| { let rate = number(event); draft.update(|s| s.demo_audience_per_minute = rate); }/>
                <FieldProblem text=Signal::derive(problem_of("demo_audience_per_minute"))/>
            </label>
        </div>
    }
}

/// How much history is kept (0: no limit), and clearing every room's.
fn history(form: Form) -> impl IntoView {
    let draft = form.draft;
    let clear = RwSignal::new(None::<ClearTarget>);
    let cleared = RwSignal::new(None::<String>);
    let number = move |event: leptos::ev::Event| {
        event_target_value(&event)
            .trim()
            .parse::<u32>()
            .unwrap_or(u32::MAX)
    };
    view! {
        <fieldset class="stack">
            <legend>{t!("settings-history")}</legend>
            <div class="form-row">
                <label>
                    {t!("settings-keep-days")}
                    <input type="number" data-testid="settings-keep-days" min="0" max=settings::MAX_KEEP_DAYS
                        prop:value=move || draft.with(|s| s.history.keep_days.to_string())
                        aria-invalid=move || form.problem_of("history.keep_days")().is_some().to_string()
                        on:input=move |event| { let days = number(event); draft.update(|s| s.history.keep_days = days); }/>
                    <FieldProblem text=Signal::derive(form.problem_of("history.keep_days"))/>
                </label>
                <label>
                    {t!("settings-keep-megabytes")}
                    <input type="number" data-testid="settings-keep-megabytes" min="0" max=settings::MAX_KEEP_MEGABYTES
                        prop:value=move || draft.with(|s| s.history.keep_megabytes.to_string())
                        aria-invalid=move || form.problem_of("history.keep_megabytes")().is_some().to_string()
                        on:input=move |event| { let megabytes = number(event); draft.update(|s| s.history.keep_megabytes = megabytes); }/>
                    <FieldProblem text=Signal::derive(form.problem_of("history.keep_megabytes"))/>
                </label>
            </div>
            <p class="muted" data-testid="settings-retention">{move || draft.with(|s| retention(s.history.keep_days, s.history.keep_megabytes))}</p>
            <div>
                <button class="danger ghost" data-testid="settings-clear-history"
                    on:click=move |_| clear.set(Some(ClearTarget { room_arn: None, room_name: String::new() }))>
                    {t!("settings-clear-history")}
                </button>
                {move || cleared.get().map(|text| view! { <span class="ok" role="status" data-testid="settings-history-cleared">{text}</span> })}
            </div>
            <ClearHistoryDialog open=clear done=cleared/>
        </fieldset>
    }
}

/// The notification switches.
fn notifications(form: Form) -> impl IntoView {
    let draft = form.draft;
    let toggle = move |id: &'static str,
                       label: String,
                       get: fn(&Settings) -> bool,
                       set: fn(&mut Settings, bool)| {
        view! {
            <label class="inline">
                <input type="checkbox" data-testid=id prop:checked=move || draft.with(get)
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        draft.update(|s| set(s, on));
                    }/>
                {label}
            </label>
        }
    };
    view! {
        <fieldset class="stack">
            <legend>{t!("settings-notifications")}</legend>
            {toggle("settings-notify-mentions", t!("settings-notify-mentions"), |s| s.notifications.mentions, |s, on| s.notifications.mentions = on)}
            {toggle("settings-notify-words", t!("settings-notify-words"), |s| s.notifications.highlight_words, |s, on| s.notifications.highlight_words = on)}
            {toggle("settings-announce", t!("settings-announce"), |s| s.notifications.announce, |s, on| s.notifications.announce = on)}
        </fieldset>
    }
}

/// What closing the main window does.
fn window(form: Form) -> impl IntoView {
    let draft = form.draft;
    view! {
        <fieldset class="stack">
            <legend>{t!("settings-window")}</legend>
            <label class="inline">
                <input type="checkbox" data-testid="settings-close-to-tray" prop:checked=move || draft.with(|s| s.close_to_tray)
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        draft.update(|s| s.close_to_tray = on);
                    }/>
                {t!("settings-close-to-tray")}
            </label>
        </fieldset>
    }
}

/// The backup: every setting exported to one file, or imported back whole (which replaces
/// the draft and the settings in effect).
fn backup(store: Store<Chat>, form: Form) -> impl IntoView {
    let backup = RwSignal::new(Backup::Idle);
    let file: NodeRef<html::Input> = NodeRef::new();
    let write = move |path: Option<String>| {
        call_with(ExportSettings { path }, move |result| {
            backup.set(match result {
                Ok(done) => Backup::Done(t!("settings-backup-saved", path = done.path)),
                Err(failure) => Backup::Failed(crate::i18n::say(&failure.words)),
            });
        });
    };
    // Where the desktop has a save dialog, the user says where; elsewhere the backup goes to
    // the usual place (the downloads folder).
    let export = move |_| {
        backup.set(Backup::Idle);
        let choice = ChooseFile {
            purpose: FilePurpose::ExportSettings,
            suggested_name: "chatdeck-settings.json".to_owned(),
        };
        call_with(choice, move |chosen| match chosen {
            Ok(Some(path)) => write(Some(path)),
            Ok(None) => {}
            Err(_) => write(None),
        });
    };
    let import = move |_| {
        let Some(input) = file.get_untracked() else {
            return;
        };
        let Some(chosen) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // The same file may be picked again after a fix.
        input.set_value("");
        backup.set(Backup::Idle);
        spawn_local(import_file(store, form, chosen, backup));
    };
    view! {
        <fieldset class="backup">
            <legend>{t!("settings-backup")}</legend>
            <button class="secondary" data-testid="settings-export" on:click=export>{t!("settings-export")}</button>
            <label class="file-button secondary">
                {t!("settings-import")}
                <input node_ref=file type="file" accept="application/json,.json" data-testid="settings-import-file" on:change=import/>
            </label>
            {move || match backup.get() {
                Backup::Idle => ().into_any(),
                Backup::Done(text) => view! { <p class="ok" role="status" data-testid="settings-backup-result">{text}</p> }.into_any(),
                Backup::Failed(text) => view! { <p class="error-text" role="alert" data-testid="settings-backup-error">{text}</p> }.into_any(),
            }}
        </fieldset>
    }
}

/// Reads a chosen file and has the shell import it.
async fn import_file(
    store: Store<Chat>,
    form: Form,
    chosen: web_sys::File,
    backup: RwSignal<Backup>,
) {
    let name = chosen.name();
    let text = wasm_bindgen_futures::JsFuture::from(chosen.text())
        .await
        .ok()
        .and_then(|text| text.as_string());
    let Some(json) = text else {
        backup.set(Backup::Failed(t!(
            "settings-backup-unreadable",
            name = name
        )));
        return;
    };
    call_with(ImportSettings { json }, move |result| match result {
        Ok(imported) => {
            form.replace(imported.clone());
            store.settings().set(imported);
            backup.set(Backup::Done(t!("settings-backup-imported", name = name)));
        }
        Err(failure) => backup.set(Backup::Failed(crate::i18n::say(&failure.words))),
    });
}

/// How much history is kept, in words (0: no limit of that kind).
fn retention(keep_days: u32, keep_megabytes: u32) -> String {
    match (keep_days, keep_megabytes) {
        (0, 0) => t!("settings-retention-everything"),
        (days, 0) => t!("settings-retention-days", days = days),
        (0, megabytes) => t!("settings-retention-size", megabytes = megabytes),
        (days, megabytes) => t!(
            "settings-retention-both",
            days = days,
            megabytes = megabytes
        ),
    }
}

/// A field's problem, under it.
#[component]
fn FieldProblem(
    /// The problem, if any.
    text: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        text.get()
            .map(|text| view! { <span class="field-problem" data-testid="settings-problem">{text}</span> })
    }
}
