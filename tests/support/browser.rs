//! Headless Chromium through chromedriver, over the UI test bridge.

use std::process::Command;

use fantoccini::Client;
use tempfile::TempDir;

use chatdeck::app::Environment;

use super::bridge::Bridge;
use super::webdriver::{DriverProcess, connect, free_port, start_driver};

/// Debian's Chromium and its driver; paths are explicit so nothing tries to download one.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A browser showing the real UI over a real app.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// The bridge and the app behind the UI.
    pub bridge: Bridge,
    /// chromedriver, stopped on drop.
    _driver: DriverProcess,
    /// Chromium's throwaway profile.
    _profile: TempDir,
}

impl Browser {
    /// Opens the UI served by `bridge` in a fresh headless Chromium.
    pub async fn open(bridge: Bridge) -> Browser {
        Self::open_with(bridge, false).await
    }

    /// Opens the UI with the system theme set to dark.
    pub async fn open_dark(bridge: Bridge) -> Browser {
        Self::open_with(bridge, true).await
    }

    async fn open_with(bridge: Bridge, dark: bool) -> Browser {
        let port = free_port();
        let mut command = Command::new(CHROMEDRIVER);
        command.arg(format!("--port={port}"));
        let driver = start_driver(command, port).await;
        let profile = tempfile::tempdir().expect("chromium profile directory");
        // Without the background-networking flags Chromium keeps trying the closed network.
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1180,780",
                    format!("--user-data-dir={}", profile.path().display()),
                    if dark { "--force-dark-mode" } else { "--no-default-browser-check" },
                ],
            },
        });
        let client = connect(port, capabilities).await;
        client.goto(&bridge.url()).await.expect("open the UI");
        Browser {
            client,
            bridge,
            _driver: driver,
            _profile: profile,
        }
    }

    /// Restarts the app behind the same browser as a user would: the running app stops
    /// first (letting its data directory go, as on exit), then a new one starts on
    /// `config` and the UI reloads from it.
    pub async fn restart(&mut self, config: Environment) {
        self.bridge.app.shutdown().await;
        let replacement = Bridge::start(config).await;
        self.client
            .goto(&replacement.url())
            .await
            .expect("open the UI");
        self.bridge = replacement;
    }

    /// Ends the session (the processes stop on drop).
    pub async fn close(self) {
        let violations = self
            .client
            .execute("return window.__cspViolations || [];", vec![])
            .await
            .unwrap_or_default();
        let _ = self.client.close().await;
        assert_eq!(
            violations,
            serde_json::json!([]),
            "the UI did something the desktop app's CSP refuses"
        );
    }
}
