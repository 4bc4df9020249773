//! Profile secrets (token-endpoint bearer secrets, AWS secret access keys) in the OS keychain.
//!
//! Where the keychain is depends on the desktop. macOS and Windows have one store each. On
//! Linux the Secret Service (GNOME Keyring, KWallet, KeePassXC) keeps secrets across restarts,
//! so it is used whenever one answers on the session bus; without one (a bare window manager,
//! a headless machine, CI) the kernel's keyutils store holds them, which needs no D-Bus but
//! forgets them when the machine restarts. The UI says which one is in use. Secrets never go to
//! a plain file, a log line or the webview.

use chatdeck_ipc::model::ProfileId;
use ivs_chat_protocol::Secret;

/// Why the keychain failed.
#[derive(Debug, thiserror::Error)]
#[error("keychain: {0}")]
pub struct SecretError(String);

impl SecretError {
    /// The failure in words; the keychain's own message is said as it came.
    pub fn words(&self) -> chatdeck_l10n::Words {
        chatdeck_l10n::Words::new("shell-error-keychain").with("error", self.0.as_str())
    }
}

/// The store secrets go to, chosen once when the app starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The Secret Service on the session bus (Linux desktops): kept across restarts.
    SecretService,
    /// The kernel keyutils store (Linux without a Secret Service): kept until the machine
    /// restarts.
    KernelKeyring,
    /// The platform's own keychain (macOS Keychain, Windows Credential Manager).
    Platform,
}

impl Backend {
    /// Where secrets are kept, in words for the profile editor.
    pub fn words(self) -> chatdeck_l10n::Words {
        chatdeck_l10n::Words::new(match self {
            Backend::SecretService => "shell-keychain-secret-service",
            Backend::KernelKeyring => "shell-keychain-kernel",
            Backend::Platform if cfg!(windows) => "shell-keychain-windows",
            Backend::Platform if cfg!(target_os = "macos") => "shell-keychain-macos",
            Backend::Platform => "shell-keychain-system",
        })
    }

    /// Where secrets are kept, in English (for logs and errors).
    pub fn describe(self) -> String {
        self.words().say(chatdeck_l10n::Language::English)
    }
}

/// The keychain entries of one app (one service name).
#[derive(Debug, Clone)]
pub struct Secrets {
    /// The keychain service name; tests use their own.
    service: String,
    /// Where entries live.
    backend: Backend,
}

impl Secrets {
    /// Entries under `service`, in the best store this session offers.
    pub async fn open(service: impl Into<String>) -> Self {
        let service = service.into();
        let probe_service = service.clone();
        let backend = tokio::task::spawn_blocking(move || choose_backend(&probe_service))
            .await
            .unwrap_or(Backend::Platform);
        tracing::info!(backend = %backend.describe(), "keychain chosen");
        Self { service, backend }
    }

    /// Where secrets are kept.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `work` on the entry of a profile, on the blocking pool.
    async fn with_entry<T: Send + 'static>(
        &self,
        profile_id: &ProfileId,
        work: impl FnOnce(keyring::Entry) -> Result<T, keyring::Error> + Send + 'static,
    ) -> Result<T, SecretError> {
        let (service, user, backend) = (
            self.service.clone(),
            format!("profile:{profile_id}"),
            self.backend,
        );
        // Keychain calls may block (a desktop keychain can prompt to unlock), and a keyutils
        // entry binds to the calling thread's session keyring, so entry and work share one
        // thread of the blocking pool.
        tokio::task::spawn_blocking(move || work(entry(backend, &service, &user)?))
            .await
            .map_err(|error| SecretError(error.to_string()))?
            .map_err(|error| match error {
                // The store itself cannot be reached (no Credential Manager in a Windows
                // service session, a locked or missing keychain): say which one.
                keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
                    SecretError(format!("{} is unavailable: {error}", backend.describe()))
                }
                error => SecretError(error.to_string()),
            })
    }

    /// Stores the secret of a profile.
    pub async fn set(&self, profile_id: &ProfileId, secret: Secret) -> Result<(), SecretError> {
        self.with_entry(profile_id, move |entry| entry.set_password(secret.expose()))
            .await
    }

    /// The secret of a profile, if one is stored.
    pub async fn get(&self, profile_id: &ProfileId) -> Result<Option<Secret>, SecretError> {
        self.with_entry(profile_id, |entry| match entry.get_password() {
            Ok(secret) => Ok(Some(Secret::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(error),
        })
        .await
    }

    /// Removes the secret of a profile (nothing stored is fine).
    pub async fn clear(&self, profile_id: &ProfileId) -> Result<(), SecretError> {
        self.with_entry(profile_id, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(error),
        })
        .await
    }
}

/// The Secret Service when the session has a bus and a lookup there is answered (an absent
/// entry is an answer), else keyutils.
#[cfg(target_os = "linux")]
fn choose_backend(service: &str) -> Backend {
    let runtime_bus = std::env::var_os("XDG_RUNTIME_DIR")
        .map(|dir| std::path::Path::new(&dir).join("bus"))
        .is_some_and(|socket| socket.exists());
    if !session_bus_configured(std::env::var_os("DBUS_SESSION_BUS_ADDRESS"), runtime_bus) {
        tracing::info!("no session bus; using the kernel keyring");
        return Backend::KernelKeyring;
    }
    let probe = keyring::secret_service::SsCredential::new_with_target(None, service, "probe")
        .map(|credential| keyring::Entry::new_with_credential(Box::new(credential)))
        .and_then(|entry| entry.get_password());
    match probe {
        Ok(_) | Err(keyring::Error::NoEntry) => Backend::SecretService,
        Err(error) => {
            tracing::info!(%error, "no Secret Service on the session bus; using the kernel keyring");
            Backend::KernelKeyring
        }
    }
}

/// Whether the session provides a bus: an address in the environment, or the per-user socket
/// in the runtime directory. Without either, libdbus would "autolaunch" a private bus on an X
/// display, and the keyring daemon activated there has no login keyring: its first write
/// waits for an unlock prompt that nobody sees. Such a bus is not the user's desktop keyring.
#[cfg(target_os = "linux")]
fn session_bus_configured(address: Option<std::ffi::OsString>, runtime_bus: bool) -> bool {
    address.is_some_and(|address| !address.is_empty()) || runtime_bus
}

#[cfg(not(target_os = "linux"))]
fn choose_backend(_service: &str) -> Backend {
    Backend::Platform
}

#[cfg(target_os = "linux")]
fn entry(backend: Backend, service: &str, user: &str) -> Result<keyring::Entry, keyring::Error> {
    let credential: Box<keyring::credential::Credential> = match backend {
        Backend::SecretService => Box::new(keyring::secret_service::SsCredential::new_with_target(
            None, service, user,
        )?),
        Backend::KernelKeyring | Backend::Platform => {
            ensure_session_keyring();
            Box::new(keyring::keyutils::KeyutilsCredential::new_with_target(
                None, service, user,
            )?)
        }
    };
    Ok(keyring::Entry::new_with_credential(credential))
}

#[cfg(not(target_os = "linux"))]
fn entry(_backend: Backend, service: &str, user: &str) -> Result<keyring::Entry, keyring::Error> {
    keyring::Entry::new(service, user)
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::session_bus_configured;

    #[test]
    fn only_a_bus_the_session_provides_counts() {
        assert!(session_bus_configured(
            Some("unix:path=/run/user/1000/bus".into()),
            false
        ));
        assert!(session_bus_configured(None, true));
        // Neither: an X display alone would autolaunch a private bus; that is not a keyring.
        assert!(!session_bus_configured(None, false));
        assert!(!session_bus_configured(Some("".into()), false));
    }
}
