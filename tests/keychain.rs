//! Profile secrets go to the desktop keyring (Secret Service) when one runs.
//!
//! The outer test starts a private session bus with an unlocked GNOME Keyring in a throwaway
//! home, and runs the inner test (this same binary) inside it; the inner test checks that the
//! app chooses the Secret Service and that the secret is really there, read back with
//! libsecret's own `secret-tool` rather than through the code under test.

use std::process::Command;

use chatdeck::app::secrets::{Backend, Secrets};
use chatdeck_ipc::model::ProfileId;
use ivs_chat_protocol::Secret;

#[test]
fn secrets_go_to_the_desktop_keyring_when_one_runs() {
    let home = tempfile::tempdir().expect("home");
    let exe = std::env::current_exe().expect("test binary");
    // The password unlocks the throwaway login keyring gnome-keyring creates in `home`.
    let script = "printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
                  && exec \"$0\" --exact inside_a_desktop_keyring --ignored --nocapture";
    let output = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .arg(exe)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_RUNTIME_DIR", home.path())
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot start dbus-run-session: {error} (cargo xtask test installs it)")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "inner test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
#[ignore = "run by secrets_go_to_the_desktop_keyring_when_one_runs inside a private Secret Service"]
async fn inside_a_desktop_keyring() {
    let service = format!("chatdeck-test-{}", uuid::Uuid::new_v4());
    let secrets = Secrets::open(service.clone()).await;
    assert_eq!(secrets.backend(), Backend::SecretService);
    secrets
        .set(&ProfileId::new("p1"), Secret::new("bearer-7f3a"))
        .await
        .expect("store");
    let lookup = Command::new("secret-tool")
        .args(["lookup", "service", &service, "username", "profile:p1"])
        .output()
        .expect("secret-tool");
    assert_eq!(String::from_utf8_lossy(&lookup.stdout), "bearer-7f3a");
    // A later run (a new handle) finds it; removing it removes it from the keyring.
    let again = Secrets::open(service.clone()).await;
    assert_eq!(
        again
            .get(&ProfileId::new("p1"))
            .await
            .expect("read")
            .map(|s| s.expose().to_owned())
            .as_deref(),
        Some("bearer-7f3a")
    );
    again.clear(&ProfileId::new("p1")).await.expect("clear");
    let lookup = Command::new("secret-tool")
        .args(["lookup", "service", &service, "username", "profile:p1"])
        .output()
        .expect("secret-tool");
    assert!(lookup.stdout.is_empty(), "still in the keyring after clear");
}

#[tokio::test]
async fn without_a_desktop_keyring_secrets_go_to_the_kernel_keyring() {
    // Test processes run without a session bus unless one is given to them; an X display
    // (the UI tests' Xvfb) must not make one appear.
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists());
    if session_bus {
        eprintln!("a session bus is present; the fallback is covered where there is none");
    }
    let service = format!("chatdeck-test-{}", uuid::Uuid::new_v4());
    let secrets = Secrets::open(service).await;
    if !session_bus {
        assert_eq!(secrets.backend(), Backend::KernelKeyring);
        assert!(
            secrets
                .backend()
                .describe()
                .contains("until the computer restarts")
        );
    }
    secrets
        .set(&ProfileId::new("p2"), Secret::new("s3cr3t"))
        .await
        .expect("store");
    assert_eq!(
        secrets
            .get(&ProfileId::new("p2"))
            .await
            .expect("read")
            .map(|s| s.expose().to_owned())
            .as_deref(),
        Some("s3cr3t")
    );
    secrets.clear(&ProfileId::new("p2")).await.expect("clear");
    assert!(
        secrets
            .get(&ProfileId::new("p2"))
            .await
            .expect("read")
            .is_none()
    );
}
