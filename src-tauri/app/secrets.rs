//! Profile secrets (token-endpoint bearer secrets, AWS secret access keys) in the OS keychain.
//!
//! On Linux the store is the kernel's keyutils (the `linux-native` backend of `keyring`): it
//! needs no D-Bus session, so it works the same on a desktop, headless and in CI. Secrets
//! never go to a plain file, a log line or the webview.

use ivs_chat_protocol::Secret;

/// Why the keychain failed.
#[derive(Debug, thiserror::Error)]
#[error("keychain: {0}")]
pub struct SecretError(String);

/// The keychain entries of one app (one service name).
#[derive(Debug, Clone)]
pub struct Secrets {
    /// The keychain service name; tests use their own.
    service: String,
}

impl Secrets {
    /// Entries under `service`.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// Runs `work` on the entry of a profile, on the blocking pool.
    async fn with_entry<T: Send + 'static>(
        &self,
        profile_id: &str,
        work: impl FnOnce(keyring::Entry) -> Result<T, keyring::Error> + Send + 'static,
    ) -> Result<T, SecretError> {
        let (service, user) = (self.service.clone(), format!("profile:{profile_id}"));
        blocking(move || {
            // The entry binds to the calling thread's session keyring, so both happen here.
            ensure_session_keyring();
            work(keyring::Entry::new(&service, &user)?)
        })
        .await
    }

    /// Stores the secret of a profile.
    pub async fn set(&self, profile_id: &str, secret: Secret) -> Result<(), SecretError> {
        self.with_entry(profile_id, move |entry| entry.set_password(secret.expose()))
            .await
    }

    /// The secret of a profile, if one is stored.
    pub async fn get(&self, profile_id: &str) -> Result<Option<Secret>, SecretError> {
        self.with_entry(profile_id, |entry| match entry.get_password() {
            Ok(secret) => Ok(Some(Secret::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(error),
        })
        .await
    }

    /// Removes the secret of a profile (nothing stored is fine).
    pub async fn clear(&self, profile_id: &str) -> Result<(), SecretError> {
        self.with_entry(profile_id, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(error),
        })
        .await
    }
}

/// keyutils keys hang on the session keyring, linked to the user's persistent keyring so
/// another thread or a later run finds them. A desktop login provides a session keyring; a
/// thread started without one (CI, a service manager) gets its own here, which `keyring` then
/// links to the persistent keyring as usual. Cheap when there already is one.
#[cfg(target_os = "linux")]
fn ensure_session_keyring() {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    if let Err(error) = KeyRing::from_special_id(KeyRingIdentifier::Session, true) {
        tracing::warn!(?error, "no session keyring; secrets cannot be stored");
    }
}

#[cfg(not(target_os = "linux"))]
fn ensure_session_keyring() {}

/// Keychain calls may block (a desktop keychain can prompt), so they run on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, keyring::Error> + Send + 'static,
) -> Result<T, SecretError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| SecretError(error.to_string()))?
        .map_err(|error| SecretError(error.to_string()))
}
