//! The OS keychain as a secret store: macOS Keychain, Windows Credential
//! Manager, and on Linux the Secret Service (GNOME Keyring, KWallet) or,
//! when asked for, the kernel keyutils keyring. Built on keyring-core and
//! one store crate per platform.
//!
//! Entries live under service `actionctl` (or `actionctl/<profile>`) with
//! the secret's name as the user.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

use crate::io::secrets::{SecretStore, StoreError};

/// Which keychain to use (`ACTIONCTL_KEYCHAIN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum KeychainChoice {
    /// The platform's own: Keychain, Credential Manager, Secret Service.
    #[default]
    Auto,
    /// The freedesktop Secret Service over D-Bus (Linux, BSD).
    SecretService,
    /// The Linux kernel keyutils keyring (kept until reboot or expiry).
    Keyutils,
    /// No keychain: environment variables only.
    None,
}

/// A keychain store for one profile.
pub(crate) struct Keychain {
    store: Arc<CredentialStore>,
    service: String,
    kind: &'static str,
}

impl Keychain {
    /// Opens the chosen keychain; an error says why none is reachable.
    pub(crate) fn open(choice: KeychainChoice, profile: Option<&str>) -> Result<Self, StoreError> {
        let (store, kind) = open_store(choice)?;
        Ok(Self::with_store(store, kind, profile))
    }

    /// A keychain over a given store (tests use keyring-core's sample store).
    pub(crate) fn with_store(
        store: Arc<CredentialStore>,
        kind: &'static str,
        profile: Option<&str>,
    ) -> Self {
        let service = match profile {
            Some(p) => format!("actionctl/{p}"),
            None => "actionctl".to_string(),
        };
        Self {
            store,
            service,
            kind,
        }
    }

    fn entry(&self, name: &str) -> Result<Entry, StoreError> {
        Entry::new_in_store(&self.store, &self.service, name).map_err(|e| self.error(&e))
    }

    fn error(&self, e: &keyring_core::Error) -> StoreError {
        StoreError(format!("{}: {e}", self.kind))
    }

    /// Stores `value` as secret `name`.
    pub(crate) fn set(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.entry(name)?
            .set_password(value)
            .map_err(|e| self.error(&e))
    }

    /// Removes secret `name`; `false` when there was none.
    pub(crate) fn remove(&self, name: &str) -> Result<bool, StoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(self.error(&e)),
        }
    }
}

impl SecretStore for Keychain {
    fn describe(&self, _name: &str) -> String {
        format!("the {} (service {})", self.kind, self.service)
    }

    fn get(&self, name: &str) -> Result<Option<String>, StoreError> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.error(&e)),
        }
    }
}

fn unavailable(what: &str) -> StoreError {
    StoreError(format!("{what} is not available on this platform"))
}

#[allow(unreachable_code)]
fn open_store(choice: KeychainChoice) -> Result<(Arc<CredentialStore>, &'static str), StoreError> {
    match choice {
        KeychainChoice::None => Err(StoreError(
            "the keychain is turned off (ACTIONCTL_KEYCHAIN=none)".into(),
        )),
        KeychainChoice::Keyutils => keyutils_store(),
        KeychainChoice::SecretService => secret_service_store(),
        KeychainChoice::Auto => {
            #[cfg(target_os = "macos")]
            {
                let store = apple_native_keyring_store::keychain::Store::new()
                    .map_err(|e| StoreError(format!("macOS Keychain: {e}")))?;
                return Ok((store, "macOS Keychain"));
            }
            #[cfg(target_os = "windows")]
            {
                let store = windows_native_keyring_store::Store::new()
                    .map_err(|e| StoreError(format!("Windows Credential Manager: {e}")))?;
                return Ok((store, "Windows Credential Manager"));
            }
            secret_service_store()
        }
    }
}

#[allow(unreachable_code)]
fn secret_service_store() -> Result<(Arc<CredentialStore>, &'static str), StoreError> {
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            return Err(StoreError(
                "Secret Service: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)".into(),
            ));
        }
        let store = zbus_secret_service_keyring_store::Store::new()
            .map_err(|e| StoreError(format!("Secret Service: {e}")))?;
        return Ok((store, "Secret Service"));
    }
    Err(unavailable("the Secret Service"))
}

#[allow(unreachable_code)]
fn keyutils_store() -> Result<(Arc<CredentialStore>, &'static str), StoreError> {
    #[cfg(target_os = "linux")]
    {
        let store = linux_keyutils_keyring_store::Store::new()
            .map_err(|e| StoreError(format!("kernel keyutils keyring: {e}")))?;
        return Ok((store, "kernel keyutils keyring"));
    }
    Err(unavailable("the kernel keyutils keyring"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Keychain {
        let store: Arc<CredentialStore> = keyring_core::sample::Store::new().unwrap();
        Keychain::with_store(store, "sample store", None)
    }

    #[test]
    fn set_get_remove_round_trip() {
        let keychain = sample();
        assert_eq!(keychain.get("api").unwrap(), None);
        keychain.set("api", "v4lue").unwrap();
        assert_eq!(keychain.get("api").unwrap().as_deref(), Some("v4lue"));
        assert!(keychain.remove("api").unwrap());
        assert!(!keychain.remove("api").unwrap(), "removing twice is fine");
        assert_eq!(keychain.get("api").unwrap(), None);
    }

    #[test]
    fn profiles_keep_secrets_apart() {
        let store: Arc<CredentialStore> = keyring_core::sample::Store::new().unwrap();
        let prod = Keychain::with_store(Arc::clone(&store), "sample", None);
        let staging = Keychain::with_store(store, "sample", Some("staging"));
        prod.set("api", "prod-key").unwrap();
        staging.set("api", "staging-key").unwrap();
        assert_eq!(prod.get("api").unwrap().as_deref(), Some("prod-key"));
        assert_eq!(staging.get("api").unwrap().as_deref(), Some("staging-key"));
        assert!(staging.describe("api").contains("actionctl/staging"));
    }

    #[test]
    fn turned_off_keychain_says_so() {
        let err = Keychain::open(KeychainChoice::None, None).err().unwrap();
        assert!(err.0.contains("turned off"));
    }
}
