//! The Tauri shell: builds the app, registers commands, bridges events to the windows.

mod commands;
mod desktop;
mod events;
mod invites;
mod tray;
mod web_heap;

pub use commands::REGISTERED as REGISTERED_COMMANDS;
pub use web_heap::{RAM_SIZE as WEB_HEAP_RAM_SIZE, VARIABLE as WEB_HEAP_VARIABLE};

use std::path::PathBuf;
use std::sync::Arc;

use tauri::{Manager, RunEvent};

use crate::app::{App, Environment};
use events::WindowSink;

/// Overrides the data directory (tests, portable installs).
pub const DATA_DIR_VARIABLE: &str = "CHATDECK_DATA_DIR";
/// Overrides the log directory.
pub const LOG_DIR_VARIABLE: &str = "CHATDECK_LOG_DIR";

/// The built UI's stamp from `build.rs`: read here so that a rebuilt UI recompiles the
/// crate that embeds it.
pub const UI_STAMP: Option<&str> = option_env!("CHATDECK_UI_STAMP");

/// Keeps the log writer running for the life of the app.
struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

/// `variable` if set and non-empty, else `default`.
fn directory(variable: &str, default: tauri::Result<PathBuf>) -> tauri::Result<PathBuf> {
    match std::env::var_os(variable) {
        Some(value) if !value.is_empty() => Ok(PathBuf::from(value)),
        _ => default,
    }
}

/// Where the windows' places are written: the window-state plugin's file in the config
/// directory, or in the data directory when that is overridden (tests, portable installs), so
/// such copies keep their own. Joined to the config directory by the plugin, an absolute path
/// stands as it is.
fn window_state_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let mut builder =
        tauri_plugin_window_state::Builder::new().with_state_flags(desktop::REMEMBERED);
    if let Some(data_dir) = std::env::var_os(DATA_DIR_VARIABLE).filter(|dir| !dir.is_empty()) {
        let file = PathBuf::from(data_dir).join("window-state.json");
        builder = builder.with_filename(file.to_string_lossy());
    }
    builder.build()
}

/// Another launch handed over its command line (program first): the running app shows its
/// main window, and asks about the invite links among the arguments.
fn another_launch(handle: &tauri::AppHandle, argv: Vec<String>) {
    let arguments: Vec<String> = argv.into_iter().skip(1).collect();
    match handle.try_state::<Arc<App>>() {
        Some(chat) => {
            invites::from_arguments(chat.inner(), &arguments);
            chat.desktop().another_launch(arguments);
        }
        // Still starting: nothing to hand the arguments to yet, but the window can come up.
        None => {
            if let Err(error) = desktop::TauriDesktop::new(handle.clone()).show_main() {
                tracing::warn!(%error, "the main window could not be shown");
            }
        }
    }
}

/// Starts the desktop app and blocks until it exits.
pub fn run() {
    if std::env::args().any(|argument| argument == "--version") {
        println!("chatdeck {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    web_heap::size();
    // Set in setup, read by window events: the app the overlays belong to.
    let chat_for_windows = Arc::new(std::sync::OnceLock::<(
        std::sync::Weak<App>,
        Arc<desktop::TauriDesktop>,
    )>::new());
    let chat_in_setup = chat_for_windows.clone();
    let built = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(desktop::hotkey_plugin())
        // Restores each window (the main one, every overlay) as it opens.
        .plugin(window_state_plugin())
        .on_window_event(move |window, event| {
            if let Some((app, desktop)) = chat_for_windows.get() {
                desktop.window_event(window, event, app);
            }
        })
        .setup(move |app| {
            let data_dir = directory(DATA_DIR_VARIABLE, app.path().app_data_dir())?;
            // First of all: a second launch on this data directory hands its arguments to
            // the running copy and exits here, before it opens a log or a database.
            std::fs::create_dir_all(&data_dir)?;
            let instance = crate::app::instance::instance_id(&app.config().identifier, &data_dir);
            app.handle().plugin(
                tauri_plugin_single_instance::Builder::new()
                    .dbus_id(instance)
                    .callback(|handle, argv, _cwd| another_launch(handle, argv))
                    .build(),
            )?;
            let log_dir = directory(LOG_DIR_VARIABLE, app.path().app_log_dir())?;
            let guard = crate::logging::init(&log_dir)?;
            app.manage(LogGuard(guard));
            let sink = Arc::new(WindowSink::new(app.handle().clone()));
            // The setup hook runs outside any tokio runtime. Tauri's async runtime is a tokio
            // runtime, so blocking on it here lets `App::start` spawn its tasks (the local
            // service, the sessions) onto the same runtime that serves the async commands.
            let mut config = Environment::new(data_dir);
            if let Ok(downloads) = app.path().download_dir() {
                config.export_dir = downloads;
            }
            config.platform = crate::app::overlays::detect(
                std::env::consts::OS,
                std::env::var("XDG_SESSION_TYPE").ok().as_deref(),
                std::env::var("WAYLAND_DISPLAY").ok().as_deref(),
            );
            tracing::info!(session = %config.platform.session, always_on_top = config.platform.always_on_top, "desktop");
            let chat = tauri::async_runtime::block_on(App::start(config, sink))?;
            let host = Arc::new(desktop::TauriDesktop::new(app.handle().clone()));
            match tray::create(app.handle()) {
                Ok(icon) => host.set_tray(icon),
                Err(error) => {
                    tracing::warn!(%error, "no tray icon: closing the window quits Chatdeck");
                }
            }
            chat.install_desktop(host.clone());
            let _ = chat_in_setup.set((Arc::downgrade(&chat), host));
            invites::follow(app, &chat);
            app.manage(chat);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    let app = match built {
        Ok(app) => app,
        Err(error) => {
            eprintln!("Chatdeck could not start: {error}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let RunEvent::Exit = event
            && let Some(chat) = handle.try_state::<Arc<App>>()
        {
            let chat = chat.inner().clone();
            tauri::async_runtime::block_on(async move { chat.shutdown().await });
        }
    });
}
