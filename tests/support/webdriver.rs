//! WebDriver plumbing shared by the browser and window harnesses.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator, elements::Element};

/// How long a UI test waits for something to appear before failing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(15);

/// A WebDriver server process, killed on drop.
pub struct DriverProcess {
    /// The server.
    child: Child,
    /// Where it listens.
    pub port: u16,
}

impl DriverProcess {
    /// The server's process id (the app and its web processes are its descendants).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port (bound, then released for the driver to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// Starts a WebDriver server and waits until it answers `/status`.
pub async fn start_driver(mut command: Command, port: u16) -> DriverProcess {
    let program = command.get_program().to_string_lossy().into_owned();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("cannot start {program}: {error} (run `cargo xtask test`, which installs it)")
        });
    let process = DriverProcess { child, port };
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return process;
        }
        assert!(
            Instant::now() < deadline,
            "{program} did not start listening on {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Connects a WebDriver client with the given capabilities.
pub async fn connect(port: u16, capabilities: serde_json::Value) -> Client {
    let serde_json::Value::Object(capabilities) = capabilities else {
        panic!("capabilities must be an object");
    };
    // The workspace compiles rustls with both ring and aws-lc-rs (feature unification across
    // crates), so rustls cannot choose a provider by itself: pick one for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    fantoccini::ClientBuilder::rustls()
        .expect("rustls connector")
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|error| panic!("cannot open a WebDriver session: {error}"))
}

/// CSS selector of a `data-testid` (the UI's stable test hooks, listed in tests/README.md).
pub fn test_id(id: &str) -> Locator<'static> {
    Locator::Css(Box::leak(
        format!("[data-testid=\"{id}\"]").into_boxed_str(),
    ))
}

/// Waits for an element to appear.
pub async fn find(client: &Client, locator: Locator<'_>) -> Element {
    client
        .wait()
        .at_most(UI_TIMEOUT)
        .for_element(locator)
        .await
        .unwrap_or_else(|error| panic!("element {locator:?} did not appear: {error}"))
}

/// Clicks the element `locator` finds. A list that re-renders between the find and the click
/// leaves a stale element; the click then goes to the new one. An element inside the
/// viewport but under something else (a dialog's sticky actions over the end of its form) is
/// scrolled to the middle of its scroller first, as a user scrolls to what they want; one
/// that stays covered fails.
pub async fn click_on(client: &Client, locator: Locator<'_>) {
    use fantoccini::error::{CmdError, ErrorStatus};
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let element = find(client, locator).await;
        match element.clone().click().await {
            Ok(_) => return,
            Err(CmdError::Standard(error))
                if error.error == ErrorStatus::StaleElementReference
                    && Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(CmdError::Standard(error))
                if error.error == ErrorStatus::ElementClickIntercepted
                    && Instant::now() < deadline =>
            {
                let element = serde_json::to_value(&element).expect("an element reference");
                let _ = client
                    .execute(
                        "arguments[0].scrollIntoView({ block: 'center' });",
                        vec![element],
                    )
                    .await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(error) => panic!("click {locator:?}: {error}"),
        }
    }
}

/// Waits until the element's text satisfies `predicate`, returning the text.
pub async fn wait_for_text(
    client: &Client,
    locator: Locator<'_>,
    predicate: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + UI_TIMEOUT;
    let mut last = String::new();
    loop {
        if let Ok(element) = client.find(locator).await
            && let Ok(text) = element.text().await
        {
            if predicate(&text) {
                return text;
            }
            last = text;
        }
        assert!(
            Instant::now() < deadline,
            "text of {locator:?} never matched; last was {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The cargo target directory of this test binary (`target/debug/deps/<test>` → `target`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .expect("target directory")
}

/// `target/ui-screenshots`, created if missing.
pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("ui-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

/// Saves a screenshot as `target/ui-screenshots/<name>.png` and returns its path.
pub async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let png = client.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    path
}

/// The repository root.
pub fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built UI; panics with the fix when it has not been built.
pub fn ui_dist() -> PathBuf {
    let dist = repository_root().join("ui/dist");
    let built = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    assert!(
        built.contains("data-trunk") || built.contains(".wasm"),
        "ui/dist is not built: run `cargo xtask test` (or `trunk build` in ui/)"
    );
    dist
}

/// Runs `script` (a function body that `return`s a JSON value) until `predicate` accepts
/// its result, and returns that result.
pub async fn wait_js(
    client: &Client,
    script: &str,
    predicate: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + UI_TIMEOUT;
    let mut last = serde_json::Value::Null;
    loop {
        if let Ok(value) = client.execute(script, vec![]).await {
            if predicate(&value) {
                return value;
            }
            last = value;
        }
        assert!(
            Instant::now() < deadline,
            "script never matched; last result {last}\n{script}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The script that finds the message row whose content text is exactly `content` (in the
/// active room) and returns `{state, deleted, failure, own, html}`, or null.
pub fn row_script(content: &str) -> String {
    let content = serde_json::to_string(content).expect("a string");
    format!(
        "const rows = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')];
         const row = rows.find(r => {{
            const c = r.querySelector('[data-testid=message-content]');
            return c && c.textContent === {content};
         }});
         if (!row) return null;
         const failure = row.querySelector('[data-testid=message-failure-reason]');
         const deleted = row.querySelector('[data-testid=message-deleted]');
         const body = row.querySelector('[data-testid=message-content]');
         return {{ key: row.dataset.key, state: row.dataset.state, own: row.dataset.own,
                  deleted: deleted ? deleted.textContent : null,
                  failure: failure ? failure.textContent : null,
                  html: body ? body.innerHTML : null,
                  children: body ? body.children.length : 0 }};"
    )
}

/// The script returning the same object as [`row_script`] for the row with this key.
pub fn key_script(key: &str) -> String {
    let key = serde_json::to_string(key).expect("a string");
    format!(
        "const row = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')].find(r => r.dataset.key === {key});
         if (!row) return null;
         const failure = row.querySelector('[data-testid=message-failure-reason]');
         const deleted = row.querySelector('[data-testid=message-deleted]');
         return {{ key: row.dataset.key, state: row.dataset.state, own: row.dataset.own,
                  deleted: deleted ? deleted.textContent : null,
                  failure: failure ? failure.textContent : null }};"
    )
}

/// Types `text` into the composer and presses Enter. The composer is looked up again while
/// it waits: a tab coming to the front meanwhile replaces it with its own.
pub async fn send_from_composer(client: &Client, text: &str) {
    let deadline = Instant::now() + UI_TIMEOUT;
    let input = loop {
        let input = find(client, test_id("composer-input")).await;
        if input.is_enabled().await.unwrap_or(false) {
            break input;
        }
        assert!(
            Instant::now() < deadline,
            "the composer never became enabled"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    input.send_keys(text).await.expect("type");
    input.send_keys("\u{E007}").await.expect("press Enter");
}
