//! Secret lookup and redaction. A [`SecretStore`] answers a secret's
//! value by name; lookups try each store in order (the OS keychain plugs
//! in ahead of the environment). [`Redactor`] knows every value resolved
//! in a run, and its derived forms, and masks them in any text.

mod forms;
mod json_mask;
mod search;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use thiserror::Error;

use crate::core::request::{HeaderValue, Request, mask};
use search::{Entry, Hit, Matcher};

/// A place secrets are kept.
pub(crate) trait SecretStore {
    /// Where the value came from, for messages (`environment variable
    /// ACTIONCTL_SECRET_X`, `OS keychain`).
    fn describe(&self, name: &str) -> String;
    /// The value of secret `name`, if this store has it.
    fn get(&self, name: &str) -> Result<Option<String>, StoreError>;
}

/// A store that could not be asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub(crate) struct StoreError(pub String);

/// The environment variable that holds secret `name`:
/// `ACTIONCTL_SECRET_` + NAME upper-cased, non-`[A-Z0-9]` turned into `_`;
/// under a profile, `ACTIONCTL_<PROFILE>_SECRET_<NAME>`.
pub(crate) fn env_var_name(name: &str, profile: Option<&str>) -> String {
    match profile {
        Some(p) => format!("ACTIONCTL_{}_SECRET_{}", env_token(p), env_token(name)),
        None => format!("ACTIONCTL_SECRET_{}", env_token(name)),
    }
}

fn env_token(text: &str) -> String {
    text.chars()
        .map(|c| {
            let c = c.to_ascii_uppercase();
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// True for a usable secret or profile name: letters, digits, `-`, `_`, `.`.
pub(crate) fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Secrets from `ACTIONCTL_SECRET_<NAME>` environment variables.
#[derive(Debug, Default, Clone)]
pub(crate) struct EnvStore {
    /// The profile, if any.
    pub profile: Option<String>,
}

impl SecretStore for EnvStore {
    fn describe(&self, name: &str) -> String {
        format!(
            "environment variable {}",
            env_var_name(name, self.profile.as_deref())
        )
    }

    fn get(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(std::env::var(env_var_name(name, self.profile.as_deref()))
            .ok()
            .filter(|v| !v.is_empty()))
    }
}

/// A secret that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum SecretError {
    /// Nobody stored it.
    #[error(
        "missing secret `{name}` used by action `{action}`: {}set the environment variable {env_var}",
        if *.keychain { format!("run `actionctl secret set {name}` or ") } else { String::new() }
    )]
    Missing {
        /// The secret's name.
        name: String,
        /// The action that needs it.
        action: String,
        env_var: String,
        /// Whether a keychain is reachable to store it in.
        keychain: bool,
    },
    /// Its value cannot go into a request.
    #[error(
        "secret `{name}` from {from} holds a line break or control character; store it again without one"
    )]
    BadValue {
        /// The secret's name.
        name: String,
        /// Where it came from.
        from: String,
    },
}

/// Secret values resolved for one run, by name, with where each came from.
#[derive(Default)]
pub(crate) struct ResolvedSecrets {
    values: BTreeMap<String, (String, String)>,
}

impl std::fmt::Debug for ResolvedSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.values.keys()).finish()
    }
}

impl ResolvedSecrets {
    /// The value of `name` (empty when not resolved).
    pub(crate) fn value(&self, name: &str) -> String {
        self.values
            .get(name)
            .map(|(v, _)| v.clone())
            .unwrap_or_default()
    }

    /// `(name, where it came from)` for each resolved secret.
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values
            .iter()
            .map(|(k, (_, from))| (k.as_str(), from.as_str()))
    }

    /// Adds a value directly (tests, mock placeholders).
    pub(crate) fn insert(&mut self, name: &str, value: String, from: String) {
        self.values.insert(name.to_string(), (value, from));
    }
}

/// Where secrets are looked up, in order: the keychain when one is
/// reachable, then the environment.
pub(crate) struct SecretSources {
    keychain: Option<Box<dyn SecretStore>>,
    keychain_problem: Option<String>,
    env: EnvStore,
}

impl SecretSources {
    /// Sources from an opened keychain (or why none is reachable) and the
    /// environment.
    pub(crate) fn new(keychain: Result<Box<dyn SecretStore>, StoreError>, env: EnvStore) -> Self {
        let (keychain, keychain_problem) = match keychain {
            Ok(store) => (Some(store), None),
            Err(e) => (None, Some(e.0)),
        };
        Self {
            keychain,
            keychain_problem,
            env,
        }
    }

    /// The environment alone: the keychain is turned off, which is a
    /// choice, not a problem to report.
    pub(crate) fn environment_only(env: EnvStore) -> Self {
        Self {
            keychain: None,
            keychain_problem: None,
            env,
        }
    }

    /// Why no keychain is used, when none is.
    pub(crate) fn keychain_problem(&self) -> Option<&str> {
        self.keychain_problem.as_deref()
    }

    /// The environment variable of `name` under these sources' profile.
    pub(crate) fn env_var(&self, name: &str) -> String {
        env_var_name(name, self.env.profile.as_deref())
    }

    /// `(value, where from)` for `name`, and any keychain failure met.
    pub(crate) fn lookup(&self, name: &str) -> (Option<(String, String)>, Option<String>) {
        let mut problem = None;
        if let Some(keychain) = &self.keychain {
            match keychain.get(name) {
                Ok(Some(value)) => return (Some((value, keychain.describe(name))), None),
                Ok(None) => {}
                Err(e) => problem = Some(e.0),
            }
        }
        let found = self
            .env
            .get(name)
            .ok()
            .flatten()
            .map(|v| (v, self.env.describe(name)));
        (found, problem)
    }

    /// Resolves every secret in `names` for `action`. The notes say once
    /// why the keychain could not be used, if it could not.
    pub(crate) fn resolve(
        &self,
        action: &str,
        names: &[&str],
    ) -> Result<(ResolvedSecrets, Vec<String>), SecretError> {
        let mut resolved = ResolvedSecrets::default();
        let mut notes: Vec<String> = self
            .keychain_problem
            .iter()
            .map(|p| {
                format!("no keychain reachable ({p}); reading secrets from environment variables")
            })
            .collect();
        for name in names {
            let (found, problem) = self.lookup(name);
            if let Some(problem) = problem {
                let note = format!(
                    "keychain lookup failed ({problem}); reading secrets from environment variables"
                );
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            let Some((value, from)) = found else {
                return Err(SecretError::Missing {
                    name: name.to_string(),
                    action: action.to_string(),
                    env_var: self.env_var(name),
                    keychain: self.keychain.is_some(),
                });
            };
            if value.chars().any(char::is_control) {
                return Err(SecretError::BadValue {
                    name: name.to_string(),
                    from,
                });
            }
            resolved.insert(name, value, from);
        }
        Ok((resolved, notes))
    }
}

/// Masks every resolved secret value in any text, in the encodings a
/// server may echo it in (see `secrets/forms.rs`): raw, JSON-escaped (`\/`,
/// `\uXXXX`, doubly escaped), percent-encoded (any case, any subset of
/// characters, `+` for space), HTML references, and base64 at any
/// alignment in either alphabet.
#[derive(Default)]
pub struct Redactor {
    entries: Vec<Entry>,
    matcher: OnceLock<Arc<Matcher>>,
}

/// A copy knows the same secrets; its matcher is found again (see
/// [`compiled`]) when first
/// needed.
impl Clone for Redactor {
    fn clone(&self) -> Self {
        Self {
            entries: self.entries.clone(),
            matcher: OnceLock::new(),
        }
    }
}

/// Values shorter than this (in bytes) are not searched for: they would
/// mask ordinary words, and their base64 cores (2-4 characters) would
/// match in any base64.
const MIN_SECRET_BYTES: usize = 4;

impl Redactor {
    /// A redactor for the secrets of one request: every resolved value,
    /// and the whole basic-auth credential.
    pub(crate) fn for_request(request: &Request, secrets: &ResolvedSecrets) -> Self {
        let mut redactor = Self::default();
        for (name, _) in secrets.sources() {
            redactor.add(name, &secrets.value(name));
        }
        for header in &request.headers {
            if let HeaderValue::Basic { secret, .. } | HeaderValue::BasicKey { secret } =
                &header.value
            {
                let full = header.value.reveal(|n| secrets.value(n));
                if let Some(encoded) = full.strip_prefix("Basic ") {
                    redactor.push(encoded, &mask(secret), false);
                }
            }
        }
        redactor
    }

    /// Also masks everything `other` masks.
    pub(crate) fn merge(&mut self, other: Redactor) {
        for entry in other.entries {
            self.push(&entry.text, &entry.mask, entry.base64);
        }
    }

    /// Adds a secret value, found in all its encodings.
    pub fn add(&mut self, name: &str, value: &str) {
        if value.len() >= MIN_SECRET_BYTES {
            self.push(value, &mask(name), true);
        }
    }

    fn push(&mut self, text: &str, mask: &str, base64: bool) {
        if text.is_empty() || self.entries.iter().any(|e| e.text == text) {
            return;
        }
        self.entries.push(Entry {
            text: text.to_string(),
            mask: mask.to_string(),
            base64,
        });
        self.matcher = OnceLock::new();
    }

    /// Where each known secret form is in `haystack`, leftmost first,
    /// the longest secret winning where two start at the same place.
    fn hits(&self, haystack: &[u8]) -> Vec<Hit<'_>> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        self.matcher
            .get_or_init(|| compiled(&self.entries))
            .find(haystack)
    }

    /// `bytes` with every known secret form replaced by its mask; for
    /// response bodies, which need not be UTF-8.
    pub fn redact_bytes(&self, bytes: &[u8]) -> Vec<u8> {
        search::replace(bytes, &self.hits(bytes))
    }

    /// `text` with every known secret form replaced by its mask.
    pub fn redact(&self, text: &str) -> String {
        let hits = self.hits(text.as_bytes());
        if hits.is_empty() {
            return text.to_string();
        }
        let out = search::replace(text.as_bytes(), &hits);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Data for stdout: like [`Redactor::redact_bytes`], except that a
    /// JSON document stays valid JSON (see `secrets/json_mask.rs`): masks go inside
    /// strings, a number holding a secret becomes a string, and `true`,
    /// `false` and `null` are never masked.
    pub(crate) fn redact_data<'a>(&self, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        let hits = self.hits(bytes);
        if hits.is_empty() {
            return Cow::Borrowed(bytes);
        }
        if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
            Cow::Owned(json_mask::mask(bytes, &hits))
        } else {
            Cow::Owned(search::replace(bytes, &hits))
        }
    }
}

/// Sets of secrets whose matcher this process compiled last.
const COMPILED_KEPT: usize = 8;

/// The matcher for `entries`: compiled once per process for the same
/// secrets. Compiling their forms takes about a millisecond, and a
/// long-lived process (`mcp`) masks the same secrets call after call,
/// each call with redactors of its own.
fn compiled(entries: &[Entry]) -> Arc<Matcher> {
    static COMPILED: Mutex<Vec<(Vec<Entry>, Arc<Matcher>)>> = Mutex::new(Vec::new());
    let mut kept = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(i) = kept.iter().position(|(known, _)| known == entries) {
        let hit = kept.remove(i);
        let matcher = Arc::clone(&hit.1);
        kept.push(hit);
        return matcher;
    }
    let matcher = Arc::new(Matcher::new(entries));
    if kept.len() == COMPILED_KEPT {
        kept.remove(0);
    }
    kept.push((entries.to_vec(), Arc::clone(&matcher)));
    matcher
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn redactors_of_the_same_secrets_share_one_compiled_matcher() {
        let make = |value: &str| {
            let mut r = Redactor::default();
            r.add("shared-test", value);
            r
        };
        let (a, b) = (make("v4lue-shared-once"), make("v4lue-shared-once"));
        assert_eq!(a.redact("x v4lue-shared-once"), "x <secret:shared-test>");
        assert_eq!(b.redact("v4lue-shared-once"), "<secret:shared-test>");
        let same = Arc::ptr_eq(a.matcher.get().unwrap(), b.matcher.get().unwrap());
        assert!(same, "the second redactor compiled its own matcher");
        let other = make("another-v4lue");
        assert_eq!(other.redact("v4lue-shared-once"), "v4lue-shared-once");
        assert!(!Arc::ptr_eq(
            a.matcher.get().unwrap(),
            other.matcher.get().unwrap()
        ));
    }

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
        assert_eq!(
            env_var_name("company-api", None),
            "ACTIONCTL_SECRET_COMPANY_API"
        );
        assert_eq!(env_var_name("a.b_c9", None), "ACTIONCTL_SECRET_A_B_C9");
        assert_eq!(
            env_var_name("company-api", Some("staging")),
            "ACTIONCTL_STAGING_SECRET_COMPANY_API"
        );
    }

    #[test]
    fn keychain_comes_first_and_missing_is_named() {
        let keychain = MapStore(vec![("a", "from-keychain")]);
        let sources = SecretSources::new(Ok(Box::new(keychain)), EnvStore::default());
        let (r, notes) = sources.resolve("act", &["a"]).unwrap();
        assert_eq!(r.value("a"), "from-keychain");
        assert!(notes.is_empty());
        let err = sources.resolve("act", &["zz-top"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "missing secret `zz-top` used by action `act`: run `actionctl secret set zz-top` or set the environment variable ACTIONCTL_SECRET_ZZ_TOP"
        );
    }

    #[test]
    fn an_unreachable_keychain_is_said_once() {
        let sources = SecretSources::new(Err(StoreError("no bus".into())), EnvStore::default());
        let err = sources.resolve("act", &["zz-top", "other"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "missing secret `zz-top` used by action `act`: set the environment variable ACTIONCTL_SECRET_ZZ_TOP"
        );
        assert_eq!(sources.keychain_problem(), Some("no bus"));
        let (_, notes) = sources.resolve("act", &[]).unwrap();
        assert_eq!(
            notes,
            vec!["no keychain reachable (no bus); reading secrets from environment variables"]
        );
    }

    #[test]
    fn a_keychain_turned_off_is_no_problem_to_note() {
        let sources = SecretSources::environment_only(EnvStore::default());
        assert_eq!(sources.keychain_problem(), None);
        let (_, notes) = sources.resolve("act", &[]).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        let err = sources.resolve("act", &["zz-top"]).unwrap_err();
        assert!(!err.to_string().contains("secret set"), "{err}");
    }

    #[test]
    fn control_characters_in_values_are_refused() {
        let keychain = MapStore(vec![("a", "line\nbreak")]);
        let sources = SecretSources::new(Ok(Box::new(keychain)), EnvStore::default());
        assert!(matches!(
            sources.resolve("act", &["a"]),
            Err(SecretError::BadValue { .. })
        ));
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

    proptest::proptest! {
        /// Whatever the secret and wherever it stands, no raw or derived
        /// form of it survives redaction.
        #[test]
        fn no_form_of_a_secret_survives(
            secret in "[ -~]{4,40}",
            before in "[ -~\\n]{0,40}",
            after in "[ -~\\n]{0,40}",
        ) {
            let mask = mask("api");
            proptest::prop_assume!(!mask.contains(&secret) && !secret.contains("<secret:api>"));
            let mut redactor = Redactor::default();
            redactor.add("api", &secret);
            let forms = [
                secret.clone(),
                base64::engine::general_purpose::STANDARD.encode(&secret),
                crate::core::template::encode_query_component(&secret),
                crate::core::template::json_escape(&secret),
                crate::core::template::json_escape(&crate::core::template::json_escape(&secret)),
                serde_json::Value::String(secret.clone()).to_string(),
            ];
            for form in &forms {
                let text = format!("{before}{form}{after}");
                let out = redactor.redact(&text);
                proptest::prop_assert!(!out.contains(&secret), "raw secret in {out:?}");
                let bytes = redactor.redact_bytes(text.as_bytes());
                proptest::prop_assert!(!String::from_utf8_lossy(&bytes).contains(&secret));
            }
        }
    }

    #[test]
    fn debug_never_shows_values() {
        let mut r = ResolvedSecrets::default();
        r.insert("api", "hunter22".into(), "env".into());
        assert_eq!(format!("{r:?}"), "[\"api\"]");
    }
}
