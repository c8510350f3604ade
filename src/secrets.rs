//! Secret lookup and redaction. A [`SecretStore`] answers a secret's
//! value by name; lookups try each store in order (the OS keychain plugs
//! in ahead of the environment). [`Redactor`] knows every value resolved
//! in a run, and its derived forms, and masks them in any text.

use std::collections::BTreeMap;

use base64::Engine;
use thiserror::Error;

use crate::request::{HeaderValue, Request, mask};

/// A place secrets are kept.
pub trait SecretStore {
    /// Where the value came from, for messages (`environment variable
    /// ACTIONCTL_SECRET_X`, `OS keychain`).
    fn describe(&self, name: &str) -> String;
    /// The value of secret `name`, if this store has it.
    fn get(&self, name: &str) -> Result<Option<String>, StoreError>;
}

/// A store that could not be asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// The environment variable that holds secret `name`:
/// `ACTIONCTL_SECRET_` + NAME upper-cased, non-`[A-Z0-9]` turned into `_`.
pub fn env_var_name(name: &str) -> String {
    let suffix: String = name
        .chars()
        .map(|c| {
            let c = c.to_ascii_uppercase();
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("ACTIONCTL_SECRET_{suffix}")
}

/// Secrets from `ACTIONCTL_SECRET_<NAME>` environment variables.
#[derive(Debug, Default, Clone, Copy)]
pub struct EnvStore;

impl SecretStore for EnvStore {
    fn describe(&self, name: &str) -> String {
        format!("environment variable {}", env_var_name(name))
    }

    fn get(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(std::env::var(env_var_name(name))
            .ok()
            .filter(|v| !v.is_empty()))
    }
}

/// A secret nobody has stored.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "missing secret `{name}` used by action `{action}`: set the environment variable {env_var}{}",
    if *.keychain { " or run `actionctl secret set ".to_string() + name + "`" } else { String::new() }
)]
pub struct MissingSecret {
    /// The secret's name.
    pub name: String,
    /// The action that needs it.
    pub action: String,
    /// Its environment variable.
    pub env_var: String,
    /// Whether a keychain store was consulted.
    pub keychain: bool,
}

/// Secret values resolved for one run, by name, with where each came from.
#[derive(Default)]
pub struct ResolvedSecrets {
    values: BTreeMap<String, (String, String)>,
}

impl std::fmt::Debug for ResolvedSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.values.keys()).finish()
    }
}

impl ResolvedSecrets {
    /// The value of `name` (empty when not resolved).
    pub fn value(&self, name: &str) -> String {
        self.values
            .get(name)
            .map(|(v, _)| v.clone())
            .unwrap_or_default()
    }

    /// `(name, where it came from)` for each resolved secret.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values
            .iter()
            .map(|(k, (_, from))| (k.as_str(), from.as_str()))
    }

    /// Adds a value directly (tests, mock placeholders).
    pub fn insert(&mut self, name: &str, value: String, from: String) {
        self.values.insert(name.to_string(), (value, from));
    }
}

/// Looks up every secret `names` in `stores`, in order.
pub fn resolve(
    action: &str,
    names: &[&str],
    stores: &[&dyn SecretStore],
    keychain: bool,
) -> Result<ResolvedSecrets, MissingSecret> {
    let mut resolved = ResolvedSecrets::default();
    for name in names {
        let found = stores.iter().find_map(|store| {
            store
                .get(name)
                .ok()
                .flatten()
                .map(|v| (v, store.describe(name)))
        });
        let Some((value, from)) = found else {
            return Err(MissingSecret {
                name: name.to_string(),
                action: action.to_string(),
                env_var: env_var_name(name),
                keychain,
            });
        };
        resolved.insert(name, value, from);
    }
    Ok(resolved)
}

/// Masks every resolved secret value, and its derived forms, in text.
#[derive(Default)]
pub struct Redactor {
    needles: Vec<(String, String)>,
}

impl Redactor {
    /// A redactor for the secrets of one request: raw values, their
    /// percent-encoded and JSON-escaped forms, and basic-auth base64.
    pub fn for_request(request: &Request, secrets: &ResolvedSecrets) -> Self {
        let mut redactor = Self::default();
        for (name, _) in secrets.sources() {
            redactor.add(name, &secrets.value(name));
        }
        for header in &request.headers {
            if let HeaderValue::Basic { secret, .. } = &header.value {
                let full = header.value.reveal(|n| secrets.value(n));
                if let Some(encoded) = full.strip_prefix("Basic ") {
                    redactor.push(encoded.to_string(), mask(secret));
                }
            }
        }
        redactor
            .needles
            .sort_by_key(|(needle, _)| std::cmp::Reverse(needle.len()));
        redactor
    }

    /// Adds a secret value and its derived forms.
    pub fn add(&mut self, name: &str, value: &str) {
        if value.len() < 4 {
            return;
        }
        let replacement = mask(name);
        self.push(value.to_string(), replacement.clone());
        self.push(
            crate::template::encode_query_component(value),
            replacement.clone(),
        );
        self.push(crate::template::json_escape(value), replacement.clone());
        self.push(
            base64::engine::general_purpose::STANDARD.encode(value),
            replacement,
        );
    }

    fn push(&mut self, needle: String, replacement: String) {
        if !needle.is_empty() && !self.needles.iter().any(|(n, _)| *n == needle) {
            self.needles.push((needle, replacement));
        }
    }

    /// `bytes` with every known secret form replaced by its mask; for
    /// response bodies, which need not be UTF-8.
    pub fn redact_bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for (needle, replacement) in &self.needles {
            out = replace_bytes(&out, needle.as_bytes(), replacement.as_bytes());
        }
        out
    }

    /// `text` with every known secret form replaced by its mask.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (needle, replacement) in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), replacement);
            }
        }
        out
    }
}

fn replace_bytes(haystack: &[u8], needle: &[u8], replacement: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(replacement);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct MapStore(Vec<(&'static str, &'static str)>);

    impl SecretStore for MapStore {
        fn describe(&self, _: &str) -> String {
            "map".into()
        }
        fn get(&self, name: &str) -> Result<Option<String>, StoreError> {
            Ok(self
                .0
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string()))
        }
    }

    #[test]
    fn env_names_follow_the_contract() {
        assert_eq!(env_var_name("company-api"), "ACTIONCTL_SECRET_COMPANY_API");
        assert_eq!(env_var_name("a.b_c9"), "ACTIONCTL_SECRET_A_B_C9");
    }

    #[test]
    fn stores_are_tried_in_order_and_missing_is_named() {
        let first = MapStore(vec![("a", "from-first")]);
        let second = MapStore(vec![("a", "from-second"), ("b", "bee-value")]);
        let stores: [&dyn SecretStore; 2] = [&first, &second];
        let r = resolve("act", &["a", "b"], &stores, false).unwrap();
        assert_eq!(r.value("a"), "from-first");
        assert_eq!(r.value("b"), "bee-value");
        let err = resolve("act", &["zz-top"], &stores, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "missing secret `zz-top` used by action `act`: set the environment variable ACTIONCTL_SECRET_ZZ_TOP"
        );
    }

    #[test]
    fn redactor_masks_raw_and_derived_forms() {
        let mut r = Redactor::default();
        r.add("api", "s3cr3t/+value");
        let b64 = base64::engine::general_purpose::STANDARD.encode("s3cr3t/+value");
        let text = format!("raw s3cr3t/+value enc s3cr3t%2F%2Bvalue b64 {b64}");
        assert_eq!(
            r.redact(&text),
            "raw <secret:api> enc <secret:api> b64 <secret:api>"
        );
    }

    #[test]
    fn redacts_inside_binary_bodies() {
        let mut r = Redactor::default();
        r.add("k", "hunter22");
        let body = b"\xff\x00hunter22\xfe";
        assert_eq!(r.redact_bytes(body), b"\xff\x00<secret:k>\xfe".to_vec());
    }

    #[test]
    fn debug_never_shows_values() {
        let mut r = ResolvedSecrets::default();
        r.insert("api", "hunter22".into(), "env".into());
        assert_eq!(format!("{r:?}"), "[\"api\"]");
    }
}
