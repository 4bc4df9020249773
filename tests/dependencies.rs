//! The layering rules of the workspace (docs/ARCHITECTURE.md), checked from `cargo metadata`:
//!
//! - `ivs-chat-protocol`, `ivs-chat-client`, `ivs-chat-local`, `chatdeck-ipc` and
//!   `chatdeck-l10n` never depend,
//!   directly or through others, on a UI framework (`tauri*`, `leptos*`, `wry`, `tao`);
//! - the UI crate depends on no workspace crate but `chatdeck-ipc` (which carries the
//!   catalogues of `chatdeck-l10n` with it);
//! - `chatdeck-ipc` builds for `wasm32-unknown-unknown`, where the UI runs.
//!
//! Only normal dependencies count: a test may start a window, a library may not.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// The crates that must stay free of any UI framework.
const UI_FREE: [&str; 5] = [
    "ivs-chat-protocol",
    "ivs-chat-client",
    "ivs-chat-local",
    "chatdeck-ipc",
    "chatdeck-l10n",
];
/// The UI crate, and the one workspace crate it may use.
const UI: (&str, &str) = ("chatdeck-ui", "chatdeck-ipc");

/// Whether a package is part of a UI framework.
fn is_ui_framework(name: &str) -> bool {
    name == "tauri"
        || name.starts_with("tauri-")
        || name == "leptos"
        || name.starts_with("leptos_")
        || name == "wry"
        || name == "tao"
}

/// The workspace as `cargo metadata` resolves it: package names by id, each package's
/// normal dependencies by id, and the workspace members.
struct Graph {
    names: HashMap<String, String>,
    normal: HashMap<String, Vec<String>>,
    members: BTreeSet<String>,
}

impl Graph {
    fn from_metadata(metadata: &Value) -> Graph {
        let names = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|package| {
                Some((
                    package["id"].as_str()?.to_owned(),
                    package["name"].as_str()?.to_owned(),
                ))
            })
            .collect();
        let normal = metadata["resolve"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|node| {
                let deps = node["deps"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|dep| {
                        dep["dep_kinds"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|kind| kind["kind"].is_null())
                    })
                    .filter_map(|dep| Some(dep["pkg"].as_str()?.to_owned()))
                    .collect();
                Some((node["id"].as_str()?.to_owned(), deps))
            })
            .collect();
        let members = metadata["workspace_members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|id| id.as_str().map(str::to_owned))
            .collect();
        Graph {
            names,
            normal,
            members,
        }
    }

    fn id_of(&self, name: &str) -> Option<&String> {
        self.members.iter().find(|id| self.name(id) == name)
    }

    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    /// Every package `id` depends on normally, directly or not, with the path to it.
    fn reachable(&self, id: &str) -> HashMap<String, Vec<String>> {
        let mut paths: HashMap<String, Vec<String>> = HashMap::new();
        let mut stack = vec![(id.to_owned(), vec![self.name(id).to_owned()])];
        while let Some((current, path)) = stack.pop() {
            for dep in self.normal.get(&current).into_iter().flatten() {
                if paths.contains_key(dep) {
                    continue;
                }
                let mut next = path.clone();
                next.push(self.name(dep).to_owned());
                paths.insert(dep.clone(), next.clone());
                stack.push((dep.clone(), next));
            }
        }
        paths
    }
}

/// Every broken rule, in words.
fn violations(metadata: &Value) -> Vec<String> {
    let graph = Graph::from_metadata(metadata);
    let mut found = Vec::new();
    for name in UI_FREE {
        let Some(id) = graph.id_of(name) else {
            found.push(format!("{name} is not a workspace member"));
            continue;
        };
        for (dep, path) in graph.reachable(id) {
            if is_ui_framework(graph.name(&dep)) {
                found.push(format!(
                    "{name} depends on a UI framework: {}",
                    path.join(" -> ")
                ));
            }
        }
    }
    let (ui, allowed) = UI;
    if let Some(id) = graph.id_of(ui) {
        for dep in graph.normal.get(id).into_iter().flatten() {
            let dep_name = graph.name(dep);
            if graph.members.contains(dep) && dep_name != allowed {
                found.push(format!(
                    "{ui} depends on the workspace crate {dep_name}; only {allowed} is allowed"
                ));
            }
        }
    } else {
        found.push(format!("{ui} is not a workspace member"));
    }
    found.sort();
    found
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn metadata() -> Value {
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--locked"])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

#[test]
fn the_workspace_keeps_its_layers() {
    let found = violations(&metadata());
    assert!(
        found.is_empty(),
        "layering rules broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_ipc_contract_builds_for_the_web_engine() {
    let target_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasm-contract");
    let output = cargo()
        .args([
            "check",
            "--quiet",
            "--locked",
            "-p",
            "chatdeck-ipc",
            "--target",
            "wasm32-unknown-unknown",
            "--target-dir",
        ])
        .arg(&target_dir)
        .output()
        .expect("cargo check runs");
    assert!(
        output.status.success(),
        "chatdeck-ipc does not build for wasm32-unknown-unknown:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The check itself can fail: the real metadata with one forbidden edge added is refused,
/// naming the path, and so is the UI reaching past the contract.
#[test]
fn a_forbidden_dependency_is_named() {
    let mut metadata = metadata();
    let graph = Graph::from_metadata(&metadata);
    let protocol = graph.id_of("ivs-chat-protocol").expect("protocol").clone();
    let tauri = graph
        .names
        .iter()
        .find(|(_, name)| name.as_str() == "tauri")
        .map(|(id, _)| id.clone())
        .expect("the app depends on tauri");
    let local = graph.id_of("ivs-chat-local").expect("local").clone();
    let ui = graph.id_of("chatdeck-ui").expect("ui").clone();
    let add_edge = |metadata: &mut Value, from: &str, to: &str| {
        let nodes = metadata["resolve"]["nodes"].as_array_mut().expect("nodes");
        let node = nodes
            .iter_mut()
            .find(|node| node["id"] == from)
            .expect("node");
        node["deps"]
            .as_array_mut()
            .expect("deps")
            .push(serde_json::json!({ "pkg": to, "dep_kinds": [{ "kind": null }] }));
    };
    add_edge(&mut metadata, &protocol, &tauri);
    add_edge(&mut metadata, &ui, &local);
    let found = violations(&metadata);
    assert!(
        found
            .iter()
            .any(|v| v.starts_with("ivs-chat-client depends on a UI framework: ivs-chat-client -> ivs-chat-protocol -> tauri")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|v| v.contains("chatdeck-ui depends on the workspace crate ivs-chat-local")),
        "{found:?}"
    );
}
