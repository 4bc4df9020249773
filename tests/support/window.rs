//! The real desktop app in a real window, driven through tauri-driver and WebKitWebDriver.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Client;
use tempfile::TempDir;

use super::webdriver::{DriverProcess, connect, free_port, start_driver};

/// A virtual X display for tests run without one, stopped on drop.
pub struct VirtualDisplay {
    /// The Xvfb server.
    child: Child,
    /// `:N`.
    pub name: String,
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts Xvfb on the first free display number and returns its name. `-displayfd 1` makes
/// Xvfb pick the number itself and print it on stdout once it accepts connections.
fn start_virtual_display() -> VirtualDisplay {
    use std::io::BufRead;
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1400x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("cannot start Xvfb: {error} (run `cargo xtask test`, which installs it)")
        });
    let stdout = child.stdout.take().expect("Xvfb stdout");
    let mut number = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut number)
        .expect("Xvfb reports its display number");
    assert!(!number.trim().is_empty(), "Xvfb exited without a display");
    VirtualDisplay {
        child,
        name: format!(":{}", number.trim()),
    }
}

/// A private D-Bus session bus, as a desktop session has, stopped on drop.
pub struct SessionBus {
    /// The bus daemon.
    child: Child,
    /// Its address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a session bus of its own; `--print-address` writes the address once it listens.
fn start_session_bus() -> SessionBus {
    use std::io::BufRead;
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("cannot start dbus-daemon: {error} (run `cargo xtask test`, which installs it)")
        });
    let stdout = child.stdout.take().expect("dbus-daemon stdout");
    let mut address = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut address)
        .expect("dbus-daemon reports its address");
    assert!(
        !address.trim().is_empty(),
        "dbus-daemon exited without an address"
    );
    SessionBus {
        child,
        address: address.trim().to_owned(),
    }
}

/// The desktop app under test.
pub struct Window {
    /// The WebDriver session, attached to the app's webview.
    pub client: Client,
    /// The app's isolated home (data, config, logs).
    pub home: TempDir,
    /// tauri-driver, stopped on drop.
    _driver: DriverProcess,
    /// Xvfb when the tests run without a display.
    _display: Option<VirtualDisplay>,
    /// The session bus, when the test asked for one.
    bus: Option<SessionBus>,
}

/// The app binary cargo built for these tests.
pub fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_chatdeck"))
}

impl Window {
    /// Starts the app with an empty home directory.
    pub async fn open() -> Window {
        Self::open_with_home(tempfile::tempdir().expect("app home")).await
    }

    /// Starts the app with the given home directory (to test restarts).
    pub async fn open_with_home(home: TempDir) -> Window {
        Self::start(home, None, None).await
    }

    /// Starts the app with an empty home directory on a desktop whose locale is `locale`
    /// (`pt_BR.UTF-8`), as the OS says it to every program.
    pub async fn open_in_locale(locale: &str) -> Window {
        let home = tempfile::tempdir().expect("app home");
        Self::start(home, None, Some(locale)).await
    }

    /// Starts the app with an empty home directory on a session bus of its own, as on a
    /// desktop (the single-instance guard finds the running copy there).
    pub async fn open_on_session_bus() -> Window {
        let home = tempfile::tempdir().expect("app home");
        Self::start(home, Some(start_session_bus()), None).await
    }

    /// The environment the app runs with: its home and XDG directories, its display and bus.
    pub fn app_environment(&self) -> Vec<(String, String)> {
        let home = self.home.path();
        let mut environment = vec![
            ("HOME".to_owned(), home.display().to_string()),
            (
                "XDG_DATA_HOME".to_owned(),
                home.join("data").display().to_string(),
            ),
            (
                "XDG_CONFIG_HOME".to_owned(),
                home.join("config").display().to_string(),
            ),
            (
                "XDG_CACHE_HOME".to_owned(),
                home.join("cache").display().to_string(),
            ),
        ];
        if let Some(display) = self.display() {
            environment.push(("DISPLAY".to_owned(), display));
        }
        if let Some(bus) = &self.bus {
            environment.push(("DBUS_SESSION_BUS_ADDRESS".to_owned(), bus.address.clone()));
        }
        environment
    }

    async fn start(home: TempDir, bus: Option<SessionBus>, locale: Option<&str>) -> Window {
        let display = std::env::var("DISPLAY")
            .is_err()
            .then(start_virtual_display);
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new("tauri-driver");
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            // Screenshots through WebKitWebDriver hang with compositing disabled.
            .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE");
        if let Some(display) = &display {
            command.env("DISPLAY", &display.name);
        }
        if let Some(bus) = &bus {
            command.env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
        }
        if let Some(locale) = locale {
            command
                .env("LANG", locale)
                .env("LC_ALL", locale)
                .env_remove("LANGUAGE");
        }
        let driver = start_driver(command, port).await;
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app_binary() },
        });
        let client = connect(port, capabilities).await;
        Window {
            client,
            home,
            _driver: driver,
            _display: display,
            bus,
        }
    }

    /// The X display the app runs on (its own Xvfb, or the session's).
    pub fn display(&self) -> Option<String> {
        self._display
            .as_ref()
            .map(|display| display.name.clone())
            .or_else(|| std::env::var("DISPLAY").ok())
    }

    /// The process id of tauri-driver, whose descendants are the app and its web processes.
    pub fn driver_pid(&self) -> u32 {
        self._driver.pid()
    }

    /// Ends the session and waits until the app has exited; returns the home directory for a
    /// restart. The app goes with its display; a start on the same home while it is still
    /// going would find the data directory taken and refuse ("already running"), as a loaded
    /// machine showed.
    pub async fn close(self) -> TempDir {
        let Window {
            client,
            home,
            _driver,
            _display,
            bus,
        } = self;
        let _ = client.close().await;
        drop((_driver, _display, bus));
        data_dir_released(home.path()).await;
        home
    }
}

/// The app's data directory under a test `home`: the `XDG_DATA_HOME` a window is started with,
/// then the app's identifier.
pub fn app_data_dir(home: &Path) -> PathBuf {
    home.join("data/dev.chatdeck.desktop")
}

/// Waits until no app holds the data directory under `home` (its lock file can be locked).
async fn data_dir_released(home: &Path) {
    let lock = app_data_dir(home).join(chatdeck::app::instance::LOCK_FILE);
    let deadline = Instant::now() + super::webdriver::UI_TIMEOUT;
    loop {
        let Ok(file) = std::fs::File::open(&lock) else {
            return;
        };
        if file.try_lock().is_ok() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the app still holds {} after its session closed",
            lock.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Everything the app logged so far (its log files under its home).
pub fn app_log(home: &Path) -> String {
    fn walk(dir: &Path, text: &mut String) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, text);
            } else if path.parent().is_some_and(|parent| parent.ends_with("logs")) {
                text.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut text = String::new();
    walk(home, &mut text);
    text
}

/// Waits until the app's log says `needle`; returns the whole log.
pub async fn logged(home: &Path, needle: &str) -> String {
    let deadline = Instant::now() + super::webdriver::UI_TIMEOUT;
    loop {
        let log = app_log(home);
        if log.contains(needle) {
            return log;
        }
        assert!(
            Instant::now() < deadline,
            "the app never logged {needle:?}:\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
