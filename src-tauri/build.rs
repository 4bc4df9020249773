//! Build script of the desktop app: registers the IPC contract's commands with Tauri's ACL.

use std::path::Path;

fn main() {
    ensure_frontend_dist();
    // The command list comes from the contract itself, so the ACL cannot drift from it.
    let manifest = tauri_build::AppManifest::new().commands(chatdeck_ipc::command::NAMES);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|error| panic!("tauri-build failed: {error:#}"));
}

/// `generate_context!` embeds `ui/dist` and fails when it is missing. `cargo xtask run` builds
/// the real UI first; for a bare `cargo check` on a fresh clone, write a page that says how.
fn ensure_frontend_dist() {
    let dist = Path::new("ui/dist");
    println!("cargo:rerun-if-changed=ui/dist");
    if dist.join("index.html").exists() {
        // `generate_context!` embeds the files while compiling the crate; a rerun of this
        // script alone does not recompile it. A stamp of the files' names, sizes and times,
        // passed as an environment variable, does whenever trunk rebuilt the UI.
        println!("cargo:rustc-env=CHATDECK_UI_STAMP={}", stamp(dist));
        return;
    }
    let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Chatdeck</title></head>\
                <body><p>The Chatdeck UI has not been built. Run <code>cargo xtask run</code>.</p></body></html>";
    std::fs::create_dir_all(dist)
        .and_then(|()| std::fs::write(dist.join("index.html"), page))
        .unwrap_or_else(|error| panic!("cannot write a placeholder ui/dist: {error}"));
}

/// Names, sizes and modification times of the built UI's files, as one string.
fn stamp(dist: &Path) -> String {
    let mut entries: Vec<String> = std::fs::read_dir(dist)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let metadata = entry.metadata().ok();
            let size = metadata.as_ref().map_or(0, std::fs::Metadata::len);
            let modified = metadata
                .and_then(|metadata| metadata.modified().ok())
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |age| age.as_nanos());
            format!("{}:{size}:{modified}", entry.file_name().to_string_lossy())
        })
        .collect();
    entries.sort();
    entries.join(";")
}
