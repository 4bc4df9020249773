//! The tray icon and its menu, drawn from the app's [`TrayStatus`]; a chosen item goes back to
//! the app as a [`TrayAction`].
//!
//! The icon carries a red dot while mentions are unread; the tooltip (and, where the tray
//! shows one, the label beside the icon) says how many. The words are the status's language.

use std::sync::Arc;

use chatdeck_l10n::{Args, text, text_with};
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, IsMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Wry};

use crate::app::App;
use crate::app::desktop::TrayStatus;
use crate::app::tray::TrayAction;

/// The tray icon's id.
const TRAY_ID: &str = "chatdeck";
/// Rooms listed in the menu; more are reached from the window.
const MAX_ROOMS: usize = 12;

/// Creates the tray icon, or says why there is none (then closing the main window quits).
pub fn create(handle: &AppHandle) -> Result<TrayIcon, String> {
    let icon = handle
        .default_window_icon()
        .cloned()
        .ok_or("the app has no icon")?;
    let build = || {
        TrayIconBuilder::with_id(TRAY_ID)
            .icon(icon.clone())
            .tooltip("Chatdeck")
            .menu(&menu(handle, &TrayStatus::default()).map_err(|error| error.to_string())?)
            .show_menu_on_left_click(false)
            .on_menu_event(|handle, event| chosen(handle, event.id().as_ref()))
            .on_tray_icon_event(|tray, event| {
                if let TrayIconEvent::Click {
                    button: MouseButton::Left,
                    button_state: MouseButtonState::Up,
                    ..
                } = event
                {
                    chosen(tray.app_handle(), &TrayAction::ShowMain.menu_id());
                }
            })
            .build(handle)
            .map_err(|error| error.to_string())
    };
    // On Linux the indicator library is loaded when the first icon is made, and a desktop
    // without it makes that panic: no tray then, but Chatdeck runs.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build))
        .map_err(|_| "the system tray library is not available".to_owned())?
}

/// Shows `status`: the menu, the tooltip, the label and the icon's dot. On the main thread
/// (the tray's calls wait for it; posting there keeps the caller from waiting).
pub fn show(tray: &TrayIcon, status: TrayStatus) -> Result<(), String> {
    let tray = tray.clone();
    tray.app_handle()
        .clone()
        .run_on_main_thread(move || {
            if let Err(error) = apply(&tray, &status) {
                tracing::warn!(%error, "the tray could not be updated");
            }
        })
        .map_err(|error| error.to_string())
}

fn apply(tray: &TrayIcon, status: &TrayStatus) -> tauri::Result<()> {
    let handle = tray.app_handle();
    tray.set_menu(Some(menu(handle, status)?))?;
    let tooltip = match unread(status) {
        Some(unread) => text_with(
            status.language,
            "shell-tray-tooltip-unread",
            &Args::new().with("unread", unread),
        ),
        None => "Chatdeck".to_owned(),
    };
    tray.set_tooltip(Some(tooltip))?;
    tray.set_title((status.unread_mentions > 0).then(|| format!("@{}", status.unread_mentions)))?;
    if let Some(icon) = handle.default_window_icon() {
        let icon = if status.unread_mentions > 0 {
            with_dot(icon)
        } else {
            icon.clone().to_owned()
        };
        tray.set_icon(Some(icon))?;
    }
    Ok(())
}

/// "3 unread mentions", or nothing when none are.
fn unread(status: &TrayStatus) -> Option<String> {
    (status.unread_mentions > 0).then(|| {
        text_with(
            status.language,
            "shell-tray-unread",
            &Args::new().with("count", status.unread_mentions),
        )
    })
}

/// The menu: show the window, the open rooms, the pause, quit.
fn menu(handle: &AppHandle, status: &TrayStatus) -> tauri::Result<Menu<Wry>> {
    let mut items: Vec<Box<dyn IsMenuItem<Wry>>> = Vec::new();
    let item = |action: TrayAction, text: &str| {
        MenuItem::with_id(handle, action.menu_id(), text, true, None::<&str>)
    };
    let say = |id: &str| text(status.language, id);
    items.push(Box::new(item(
        TrayAction::ShowMain,
        &say("shell-tray-show"),
    )?));
    if let Some(text) = unread(status) {
        items.push(Box::new(MenuItem::new(handle, text, false, None::<&str>)?));
    }
    if !status.rooms.is_empty() {
        items.push(Box::new(PredefinedMenuItem::separator(handle)?));
        for (tab_id, name) in status.rooms.iter().take(MAX_ROOMS) {
            items.push(Box::new(item(
                TrayAction::OpenRoom(tab_id.clone()),
                &format!("# {name}"),
            )?));
        }
    }
    items.push(Box::new(PredefinedMenuItem::separator(handle)?));
    items.push(Box::new(CheckMenuItem::with_id(
        handle,
        TrayAction::ToggleNotifications.menu_id(),
        say("shell-tray-pause"),
        true,
        status.notifications_paused,
        None::<&str>,
    )?));
    items.push(Box::new(item(TrayAction::Quit, &say("shell-tray-quit"))?));
    let items: Vec<&dyn IsMenuItem<Wry>> = items.iter().map(|item| item.as_ref()).collect();
    Menu::with_items(handle, &items)
}

/// A menu item (or a click on the icon) was chosen: the app acts on it.
fn chosen(handle: &AppHandle, id: &str) {
    let Some(action) = TrayAction::from_menu_id(id) else {
        tracing::debug!(id, "a tray menu item the tray did not make");
        return;
    };
    let Some(app) = handle.try_state::<Arc<App>>() else {
        return;
    };
    let app = app.inner().clone();
    tauri::async_runtime::spawn(async move {
        if let Err(error) = app.tray().act(action).await {
            tracing::warn!(%error, "the tray's choice could not be done");
        }
    });
}

/// `icon` with a red dot in its lower right corner: mentions are waiting.
fn with_dot(icon: &Image<'_>) -> Image<'static> {
    let (width, height) = (icon.width(), icon.height());
    let mut rgba = icon.rgba().to_vec();
    let radius = f64::from(width.min(height)) * 0.22;
    let (cx, cy) = (
        f64::from(width) - radius - 1.0,
        f64::from(height) - radius - 1.0,
    );
    for y in 0..height {
        for x in 0..width {
            let (dx, dy) = (f64::from(x) + 0.5 - cx, f64::from(y) + 0.5 - cy);
            let distance = (dx * dx + dy * dy).sqrt();
            let index = ((y * width + x) * 4) as usize;
            if distance <= radius {
                rgba[index..index + 4].copy_from_slice(&[0xe0, 0x24, 0x24, 0xff]);
            } else if distance <= radius + 1.5 {
                // A light ring keeps the dot apart from a dark icon.
                rgba[index..index + 4].copy_from_slice(&[0xff, 0xff, 0xff, 0xff]);
            }
        }
    }
    Image::new_owned(rgba, width, height)
}
