//! The shell, the IPC contract and the capability file list the same commands.

use std::collections::BTreeSet;

#[test]
fn the_shell_registers_exactly_the_contract_commands() {
    assert_eq!(
        chatdeck::shell::REGISTERED_COMMANDS,
        chatdeck_ipc::command::NAMES
    );
}

#[test]
fn the_test_bridge_dispatches_exactly_the_contract_commands() {
    assert_eq!(chatdeck::app::DISPATCHED, chatdeck_ipc::command::NAMES);
}

#[test]
fn the_capability_grants_exactly_the_contract_commands_and_event_listening() {
    let config: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json parses");
    let capabilities = config["app"]["security"]["capabilities"]
        .as_array()
        .expect("capabilities are inlined in tauri.conf.json");
    let granted: BTreeSet<String> = capabilities
        .iter()
        .flat_map(|capability| {
            capability["permissions"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|permission| permission.as_str().unwrap_or_default().to_owned())
        .collect();
    let mut expected: BTreeSet<String> = chatdeck_ipc::command::NAMES
        .iter()
        .map(|name| format!("allow-{}", name.replace('_', "-")))
        .collect();
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted, expected);
}

#[test]
fn the_csp_forbids_inline_and_remote_scripts() {
    let config: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json parses");
    let csp = &config["app"]["security"]["csp"];
    let scripts = csp["script-src"].as_str().expect("script-src is set");
    assert!(!scripts.contains("unsafe-inline"), "{scripts}");
    assert!(!scripts.contains("http"), "{scripts}");
    assert_eq!(csp["object-src"], "'none'");
    assert!(
        config["app"]["security"]["dangerousDisableAssetCspModification"].is_null(),
        "Tauri must keep adding its script hashes to the CSP"
    );
}

#[test]
fn the_capability_covers_the_main_window_and_every_overlay_window() {
    let config: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json parses");
    let windows: Vec<String> = config["app"]["security"]["capabilities"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|capability| {
            capability["windows"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|window| window.as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(windows.contains(&"main".to_owned()), "{windows:?}");
    // Overlay windows are labelled by their tab; one glob covers them all, and nothing else.
    let overlay = chatdeck::app::desktop::overlay_label(&"0123abcd".into());
    let prefix = chatdeck::app::desktop::OVERLAY_PREFIX;
    assert!(overlay.starts_with(prefix));
    assert!(windows.contains(&format!("{prefix}*")), "{windows:?}");
    assert_eq!(
        windows.len(),
        2,
        "only the main window and the overlays: {windows:?}"
    );
}
