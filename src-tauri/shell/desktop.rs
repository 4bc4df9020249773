//! The desktop the app asks for: overlay windows (a second webview of the same UI, always on
//! top, transparent where the platform allows), desktop notifications, and the global hotkey
//! that takes control back from a click-through overlay.
//!
//! The hotkey is registered only while some overlay lets clicks through, so Chatdeck does not
//! hold a system-wide key the rest of the time.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use chatdeck_ipc::command::{ChooseFile, OverlayGesture};
use chatdeck_ipc::model::TabId;
use chatdeck_ipc::settings::OverlaySettings;
use chatdeck_l10n::Words;
use tauri::tray::TrayIcon;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

use crate::app::App;
use crate::app::desktop::{DesktopHost, DesktopRequest, OVERLAY_PREFIX, overlay_tab};
use crate::app::overlays::HOTKEY;
use crate::app::tray::MainWindowClose;
use crate::error::as_is;

/// The main window's label (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// An overlay window's size when it first opens.
const OVERLAY_SIZE: (f64, f64) = (380.0, 560.0);

/// What is remembered of each window: where it was and how big, maximized or full screen,
/// not whether it was shown (a Chatdeck quit from the tray with its window hidden starts
/// with it shown) nor its decorations (the overlays' are fixed).
pub const REMEMBERED: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED)
    .union(StateFlags::FULLSCREEN);

/// A moved or resized window is written down this long after it stops moving, so a drag is
/// one write, and a crash loses at most this much.
const REMEMBER_AFTER: Duration = Duration::from_secs(1);

/// The shell's desktop.
pub struct TauriDesktop {
    /// The running Tauri app.
    handle: AppHandle,
    /// Labels of the overlays that let clicks through; the hotkey is held while any does.
    /// A std Mutex: held only to edit the set.
    click_through: Mutex<HashSet<String>>,
    /// Set once the main window closes: overlays going away then stay pinned for the next
    /// start.
    exiting: AtomicBool,
    /// Labels of overlay windows being built. A std Mutex: held only to check and mark, and
    /// on the main thread while the windows' places are written (see `save_placement_later`).
    opening: Arc<Mutex<HashSet<String>>>,
    /// The tray icon, where the desktop has a tray.
    tray: OnceLock<TrayIcon>,
    /// A write of the windows' places is due.
    placement_due: Arc<AtomicBool>,
}

impl TauriDesktop {
    /// The desktop of `handle`'s app.
    pub fn new(handle: AppHandle) -> Self {
        Self {
            handle,
            click_through: Mutex::new(HashSet::new()),
            exiting: AtomicBool::new(false),
            opening: Arc::new(Mutex::new(HashSet::new())),
            tray: OnceLock::new(),
            placement_due: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Keeps the tray icon the shell made (before the app's desktop is installed).
    pub fn set_tray(&self, tray: TrayIcon) {
        let _ = self.tray.set(tray);
    }

    /// Writes the windows' places down soon (they moved or changed size).
    fn remember_placement(&self) {
        if self.placement_due.swap(true, Ordering::SeqCst) {
            return;
        }
        save_placement_later(
            self.handle.clone(),
            self.placement_due.clone(),
            self.opening.clone(),
        );
    }

    /// Called for every window event: an overlay closed on purpose is no longer pinned, and
    /// the main window closing takes the overlays with it (they do not outlive the app).
    pub fn window_event(
        &self,
        window: &tauri::Window,
        event: &tauri::WindowEvent,
        app: &Weak<App>,
    ) {
        let label = window.label();
        match event {
            // Asked to close (by the user, or by the app's own unpin): no longer pinned. A
            // window destroyed with the app is not asked, and stays pinned.
            tauri::WindowEvent::CloseRequested { .. }
                if label.starts_with(OVERLAY_PREFIX) && !self.exiting.load(Ordering::SeqCst) =>
            {
                if let (Some(app), Some(tab_id)) = (app.upgrade(), overlay_tab(label)) {
                    app.overlays().overlay_closed(&tab_id);
                }
            }
            tauri::WindowEvent::CloseRequested { api, .. } if label == MAIN_WINDOW => {
                let tray_shown = self.tray.get().is_some();
                let close = app
                    .upgrade()
                    .map(|app| app.tray().main_window_closing(tray_shown));
                if close == Some(MainWindowClose::KeepRunning) {
                    api.prevent_close();
                    if let Err(error) = window.hide() {
                        tracing::warn!(%error, "the main window could not be hidden");
                    }
                    return;
                }
                self.exiting.store(true, Ordering::SeqCst);
                for (other, window) in window.app_handle().webview_windows() {
                    if other.starts_with(OVERLAY_PREFIX) {
                        // Nothing to ask an overlay; a failure leaves it to go with the app.
                        let _ = window.destroy();
                    }
                }
            }
            tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => {
                self.remember_placement();
            }
            _ => {}
        }
    }

    /// Shows the main window, restores it from the taskbar and gives it the focus.
    pub fn show_main(&self) -> Result<(), String> {
        let window = self.window(MAIN_WINDOW)?;
        window.show().map_err(|error| error.to_string())?;
        window.unminimize().map_err(|error| error.to_string())?;
        window.set_focus().map_err(|error| error.to_string())
    }

    fn window(&self, label: &str) -> Result<tauri::WebviewWindow, String> {
        self.handle
            .get_webview_window(label)
            .ok_or_else(|| format!("no window {label:?}"))
    }

    fn open(
        &self,
        tab_id: &TabId,
        label: &str,
        title: &str,
        overlay: &OverlaySettings,
    ) -> Result<(), String> {
        // Two requests can race at start (the overlays pinned at the last exit, and the tab
        // restored): one builds, the other finds it built or being built. The lock is not
        // held while building, which waits for the main thread (that may be asking too).
        {
            let mut opening = self.opening.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(window) = self.handle.get_webview_window(label) {
                return window.set_focus().map_err(|error| error.to_string());
            }
            if !opening.insert(label.to_owned()) {
                return Ok(());
            }
        }
        let built = self.build_overlay(tab_id, label, title, overlay);
        self.opening
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(label);
        built
    }

    fn build_overlay(
        &self,
        tab_id: &TabId,
        label: &str,
        title: &str,
        overlay: &OverlaySettings,
    ) -> Result<(), String> {
        let url = WebviewUrl::App(format!("index.html?pinned={tab_id}").into());
        let window = WebviewWindowBuilder::new(&self.handle, label, url)
            .title(title)
            .inner_size(OVERLAY_SIZE.0, OVERLAY_SIZE.1)
            .min_inner_size(200.0, 160.0)
            .decorations(false)
            .transparent(true)
            // Windows draws a thin frame and a shadow around undecorated windows, which would
            // outline the transparent overlay.
            .shadow(false)
            .always_on_top(overlay.always_on_top)
            .build()
            .map_err(|error| format!("the overlay window could not open: {error}"))?;
        self.apply(&window, label, overlay)
    }

    fn apply(
        &self,
        window: &tauri::WebviewWindow,
        label: &str,
        overlay: &OverlaySettings,
    ) -> Result<(), String> {
        window
            .set_always_on_top(overlay.always_on_top)
            .map_err(|error| error.to_string())?;
        window
            .set_ignore_cursor_events(overlay.click_through)
            .map_err(|error| error.to_string())?;
        self.click_through_changed(label, overlay.click_through);
        Ok(())
    }

    /// Holds the hotkey while any overlay lets clicks through, and lets it go otherwise.
    fn click_through_changed(&self, label: &str, on: bool) {
        let any = {
            let mut set = self.click_through.lock().unwrap_or_else(|p| p.into_inner());
            if on {
                set.insert(label.to_owned());
            } else {
                set.remove(label);
            }
            !set.is_empty()
        };
        let shortcuts = self.handle.global_shortcut();
        let held = shortcuts.is_registered(HOTKEY);
        let result = match (any, held) {
            (true, false) => shortcuts.register(HOTKEY),
            (false, true) => shortcuts.unregister(HOTKEY),
            _ => Ok(()),
        };
        if let Err(error) = result {
            tracing::warn!(%error, hotkey = HOTKEY, "the overlay hotkey could not be (un)registered");
        }
    }
}

/// Writes the windows' places down [`REMEMBER_AFTER`] from now, on the main thread.
///
/// The window-state plugin holds its lock while it asks the main thread about a window: when
/// it saves, when it handles a window's move on the main thread, and when it restores a new
/// overlay's place on the thread that builds it. Saved from another thread, a window moving at
/// that moment left both waiting for good; saved on the main thread while an overlay was being
/// built, the same. So the save runs on the main thread, and not while an overlay is being
/// built: it holds the list of overlays being built meanwhile, so none starts during it, and
/// when one is being built it tries again later.
fn save_placement_later(
    handle: AppHandle,
    due: Arc<AtomicBool>,
    opening: Arc<Mutex<HashSet<String>>>,
) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(REMEMBER_AFTER).await;
        let on_main = handle.clone();
        let asked = handle.run_on_main_thread(move || {
            let building = opening.lock().unwrap_or_else(|p| p.into_inner());
            if !building.is_empty() {
                drop(building);
                return save_placement_later(on_main, due, opening);
            }
            due.store(false, Ordering::SeqCst);
            if let Err(error) = on_main.save_window_state(REMEMBERED) {
                tracing::warn!(%error, "the windows' places could not be written");
            }
        });
        if let Err(error) = asked {
            tracing::warn!(%error, "the windows' places could not be written");
        }
    });
}

impl DesktopHost for TauriDesktop {
    fn choose_file(&self, request: &ChooseFile, title: &str) -> Result<Option<String>, Words> {
        let (kind, extensions) = request.purpose.filter();
        let mut dialog = self
            .handle
            .dialog()
            .file()
            .set_title(title)
            .add_filter(kind, extensions);
        if let Some(main) = self.handle.get_webview_window(MAIN_WINDOW) {
            dialog = dialog.set_parent(&main);
        }
        if !request.suggested_name.is_empty() {
            dialog = dialog.set_file_name(&request.suggested_name);
        }
        let chosen = dialog.blocking_save_file();
        chosen
            .map(|file| {
                file.into_path()
                    .map(|path| path.display().to_string())
                    .map_err(|error| {
                        Words::new("shell-error-chosen-file").with("error", error.to_string())
                    })
            })
            .transpose()
    }

    fn perform(&self, request: &DesktopRequest) -> Result<(), Words> {
        // Tauri's and the system's own failures are said as they came.
        let done = |result: Result<(), String>| result.map_err(as_is);
        match request {
            DesktopRequest::Notify { title, body, .. } => self
                .handle
                .notification()
                .builder()
                .title(title)
                .body(body)
                .show()
                .map_err(|error| {
                    Words::new("shell-error-notification").with("error", error.to_string())
                }),
            DesktopRequest::OpenOverlay {
                tab_id,
                label,
                title,
                overlay,
            } => done(self.open(tab_id, label, title, overlay)),
            DesktopRequest::ApplyOverlay { label, overlay } => done(
                self.window(label)
                    .and_then(|window| self.apply(&window, label, overlay)),
            ),
            DesktopRequest::CloseOverlay { label } => {
                self.click_through_changed(label, false);
                match self.handle.get_webview_window(label) {
                    Some(window) => window.close().map_err(|error| as_is(error.to_string())),
                    None => Ok(()),
                }
            }
            // Detached: the browser outlives the app, and the app never waits for it.
            DesktopRequest::OpenLink { url } => open::that_detached(url).map_err(|error| {
                Words::new("shell-error-browser").with("error", error.to_string())
            }),
            DesktopRequest::CopyText { text } => self
                .handle
                .clipboard()
                .write_text(text.clone())
                .map_err(|error| {
                    Words::new("shell-error-clipboard").with("error", error.to_string())
                }),
            DesktopRequest::FocusMain { .. } | DesktopRequest::ShowMain => done(self.show_main()),
            DesktopRequest::UpdateTray(status) => match self.tray.get() {
                Some(tray) => done(super::tray::show(tray, status.clone())),
                None => Ok(()),
            },
            DesktopRequest::Quit => {
                // Overlays going away with the app stay pinned for the next start.
                self.exiting.store(true, Ordering::SeqCst);
                self.handle.exit(0);
                Ok(())
            }
            DesktopRequest::Gesture { label, gesture } => {
                let window = self.window(label).map_err(as_is)?;
                match gesture {
                    OverlayGesture::Move => window.start_dragging(),
                    OverlayGesture::Resize => window
                        .as_ref()
                        .window()
                        .start_resize_dragging(tauri_runtime::ResizeDirection::SouthEast),
                }
                .map_err(|error| as_is(error.to_string()))
            }
        }
    }
}

/// The global-shortcut plugin, whose one hotkey gives every overlay its clicks back.
pub fn hotkey_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|handle, shortcut: &Shortcut, event| {
            if event.state() != ShortcutState::Pressed {
                return;
            }
            tracing::debug!(?shortcut, "overlay hotkey");
            if let Some(app) = handle.try_state::<Arc<App>>() {
                // Not on the hotkey's own thread: giving clicks back lets the hotkey go, and
                // the plugin does that through the main thread, which waits on this thread.
                let app = app.inner().clone();
                tauri::async_runtime::spawn_blocking(move || app.overlays().take_control_back());
            }
        })
        .build()
}
