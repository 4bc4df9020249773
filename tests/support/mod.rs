//! Shared harness of the app's integration and UI tests.
//!
//! - [`bridge`]: serves the built `ui/dist` to a browser with a bridge to a real
//!   [`chatdeck::app::App`], so UI tests run the real UI over the real app logic.
//! - [`browser`]: headless Chromium through chromedriver.
//! - [`fixture`]: isolated app configurations, rooms, other clients, a review handler.
//! - [`glyph`]: one glyph of a rendered message cut from a screenshot, and its colors.
//! - [`hostile`]: a misbehaving chat service that sends whatever frames a test gives it.
//! - [`processes`]: the app's processes and WebKit's under it, through `/proc`.
//! - [`sdk_peer`]: the official JS messaging SDK as a peer in a room.
//! - [`window`]: the real desktop app through tauri-driver and WebKitWebDriver.
//! - [`webdriver`]: starting a WebDriver server, waiting for elements, screenshots.

#![allow(dead_code, clippy::unwrap_used)]

pub mod bridge;
pub mod browser;
pub mod fixture;
pub mod glyph;
pub mod hostile;
pub mod processes;
pub mod sdk_peer;
pub mod webdriver;
pub mod window;
