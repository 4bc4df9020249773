//! Building the UI with trunk into `ui/dist`.

use std::path::Path;

use anyhow::Result;

use crate::process;

/// Builds `ui/dist`. Trunk runs offline against the installed `wasm-bindgen` (see
/// `ui/Trunk.toml`), so it never downloads anything.
pub fn build(release: bool) -> Result<()> {
    // `--release=true`: trunk would read a bare `--release index.html` as the flag's value.
    let mut args = vec!["build"];
    if release {
        args.push("--release=true");
    }
    process::run_in(Path::new("ui"), "trunk", &args)
}
