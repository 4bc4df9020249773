//! The Tauri shell: builds the app, registers commands, bridges events to the windows.

mod commands;
mod events;

pub use commands::REGISTERED as REGISTERED_COMMANDS;

use std::sync::Arc;

use tauri::Manager;

use crate::app::App;
use events::WindowSink;

/// Starts the desktop app and blocks until it exits.
pub fn run() {
    if std::env::args().any(|argument| argument == "--version") {
        println!("chatdeck {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = tauri::Builder::default()
        .setup(|app| {
            let sink = Arc::new(WindowSink::new(app.handle().clone()));
            app.manage(App::new(sink));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(error) = result {
        tracing::error!(%error, "Chatdeck stopped with an error");
        std::process::exit(1);
    }
}
