//! `cargo xtask dist`: the installable bundles, through the Tauri bundler.

use anyhow::Result;

use crate::{setup, ui};

/// Builds the release UI and the bundles.
pub fn run() -> Result<()> {
    setup::ensure(setup::Purpose::Run)?;
    ui::build(true)?;
    anyhow::bail!("bundling is not wired yet")
}
