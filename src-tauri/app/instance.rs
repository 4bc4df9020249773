//! One Chatdeck per data directory.
//!
//! Two guards, one for each way a second copy could start:
//! - the shell registers the single-instance plugin under [`instance_id`] of the data
//!   directory, so a second launch on a desktop hands its arguments to the running app and
//!   exits before it touches anything;
//! - [`DataDirLock`] holds an exclusive lock on a file in the data directory for the life of
//!   the app, so even where the plugin cannot see the first copy (no session bus), a second
//!   one never starts a second embedded service or writes the same history database.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::sync::Mutex;

use chatdeck_l10n::Words;

use crate::error::AppError;

/// The lock file's name in the data directory.
pub const LOCK_FILE: &str = "chatdeck.lock";

/// An exclusive lock on a data directory, held until [`DataDirLock::release`] or drop.
#[derive(Debug)]
pub struct DataDirLock {
    /// The locked file; `None` once released. A std Mutex: held only to take it.
    file: Mutex<Option<File>>,
}

impl DataDirLock {
    /// Locks `data_dir` (which must exist), or says in words that another Chatdeck has it.
    pub fn acquire(data_dir: &Path) -> Result<Self, AppError> {
        let path = data_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Self {
                file: Mutex::new(Some(file)),
            }),
            Err(TryLockError::WouldBlock) => Err(AppError::Unavailable(
                Words::new("shell-error-already-running")
                    .with("dir", data_dir.display().to_string()),
            )),
            Err(TryLockError::Error(error)) => Err(AppError::Io(error)),
        }
    }

    /// Lets the data directory go (the app stopped); later calls do nothing.
    pub fn release(&self) {
        let file = self.file.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(file) = file
            && let Err(error) = file.unlock()
        {
            // Closing the file below lets it go anyway.
            tracing::warn!(%error, "the data directory's lock could not be released");
        }
    }
}

/// The name the running copy answers to for a data directory: the app's identifier and a
/// stable hash of the directory's path, so copies with their own data directories (portable
/// installs, tests) do not mistake each other for a second launch, and the same directory
/// always gives the same name, whichever version computes it. A D-Bus well-known name:
/// dot-separated elements of letters, digits and `_`, none starting with a digit.
pub fn instance_id(identifier: &str, data_dir: &Path) -> String {
    let canonical = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let identifier: String = identifier
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{identifier}.d{:016x}",
        fnv1a(canonical.to_string_lossy().as_bytes())
    )
}

/// 64-bit FNV-1a: small, and fixed forever (std's hasher may change between Rust versions).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_directory_is_locked_once_until_released() {
        let dir = tempfile::tempdir().expect("dir");
        let first = DataDirLock::acquire(dir.path()).expect("the first lock");
        let second = DataDirLock::acquire(dir.path()).expect_err("a second lock");
        assert!(second.to_string().contains("already running"), "{second}");
        first.release();
        let third = DataDirLock::acquire(dir.path()).expect("locked again after release");
        drop(third);
        DataDirLock::acquire(dir.path()).expect("locked again after drop");
    }

    #[test]
    fn the_instance_id_is_stable_per_directory_and_a_valid_bus_name() {
        let one = tempfile::tempdir().expect("dir");
        let two = tempfile::tempdir().expect("dir");
        let id = instance_id("dev.chatdeck.desktop", one.path());
        assert_eq!(id, instance_id("dev.chatdeck.desktop", one.path()));
        assert_ne!(id, instance_id("dev.chatdeck.desktop", two.path()));
        assert!(id.starts_with("dev.chatdeck.desktop.d"), "{id}");
        for element in id.split('.') {
            assert!(!element.is_empty(), "{id}");
            assert!(!element.starts_with(|c: char| c.is_ascii_digit()), "{id}");
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{id}"
            );
        }
        // FNV-1a's published value for "a": the hash does not drift.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
