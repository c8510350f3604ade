//! `environments.yaml`: named environments (staging, production, …), each
//! saying where requests go (`base_url`, `base_urls` per production
//! origin), which secrets profile to use, and the constants templates
//! take as `{{env.KEY}}`. Pure: the bytes come from
//! [`crate::io::workspace`], which also decides where the file is.
//!
//! ```yaml
//! staging:
//!   base_url: http://127.0.0.1:8080
//!   base_urls:
//!     https://api.stripe.com: http://127.0.0.1:12111
//!   profile: staging
//!   values:
//!     shop_domain: acme-staging.myshopify.com
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use marked_yaml::Node;
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};

use crate::core::credentials;
use crate::core::diagnostic::{Diagnostic, Location, Severity};
use crate::core::request::{Routes, parse_base_url};
use crate::core::suggest::{closest, did_you_mean};
use crate::core::template::is_identifier;
use crate::core::text::cut_list;
use crate::core::yaml::{Document, FileKind, node_start, scalar_to_json};

/// The file's name, beside the actions folder.
pub(crate) const FILE_NAME: &str = "environments.yaml";

/// How a placeholder names an environment value: `{{env.KEY}}`.
pub(crate) const PREFIX: &str = "env.";

/// The settings an environment may have.
const SETTINGS: [&str; 4] = ["base_url", "base_urls", "profile", "values"];

/// Other words for a setting, too far from its name for "did you mean"
/// to find (compared in lower case, `-` as `_`).
const SETTING_WORDS: [(&str, &str); 12] = [
    ("vars", "values"),
    ("variables", "values"),
    ("constants", "values"),
    ("consts", "values"),
    ("url", "base_url"),
    ("baseurl", "base_url"),
    ("server", "base_url"),
    ("urls", "base_urls"),
    ("baseurls", "base_urls"),
    ("servers", "base_urls"),
    ("secrets", "profile"),
    ("secrets_profile", "profile"),
];

const KIND: FileKind = FileKind {
    plural: "environments files",
    one: "an environments file",
    empty: "file is empty; an environments file maps names to settings, e.g. `staging: {base_url: \"http://127.0.0.1:8080\"}`",
};

/// Longest environment or profile name.
const MAX_NAME_CHARS: usize = 128;

/// Every environment of the file, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Environments {
    /// The environments.
    pub list: Vec<Environment>,
}

/// One environment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Environment {
    /// Its name, as `--env` gives it.
    pub name: String,
    /// Replaces scheme, host and port of every request.
    pub base_url: Option<url::Url>,
    /// Production origin → where its requests go instead.
    pub base_urls: Vec<(url::Origin, url::Url)>,
    /// The secrets profile.
    pub profile: Option<String>,
    /// `{{env.KEY}}` values by KEY.
    pub values: BTreeMap<String, String>,
    /// Every KEY `values:` names, also one whose value was refused, so
    /// that one bad value does not turn every use of its key into a
    /// second error.
    declared: BTreeSet<String>,
}

impl Environment {
    /// Where requests go in this environment, `--base-url` (if given)
    /// taking precedence.
    pub(crate) fn routes(&self, base_url: Option<&url::Url>) -> Routes {
        Routes {
            base_url: base_url.cloned(),
            by_origin: self.base_urls.clone(),
            fallback: self.base_url.clone(),
        }
    }

    /// The `{{env.KEY}}` placeholder names and their values.
    pub(crate) fn placeholder_values(&self) -> impl Iterator<Item = (String, &str)> {
        self.values
            .iter()
            .map(|(key, value)| (format!("{PREFIX}{key}"), value.as_str()))
    }
}

impl Environments {
    /// Parses the file `path` (named in diagnostics): every environment
    /// that could be read, and every problem found. Environments with
    /// problems are still listed with what was valid in them, so that
    /// `validate` can check actions against their keys.
    pub(crate) fn parse(path: &str, bytes: &[u8]) -> (Self, Vec<Diagnostic>) {
        let mut parser = Parser {
            path,
            diagnostics: Vec::new(),
        };
        let environments = match Document::parse_as(bytes, KIND) {
            Ok(doc) => parser.environments(doc.root()),
            Err(problem) => {
                parser.error(problem.location, problem.message);
                Self::default()
            }
        };
        let mut diagnostics = parser.diagnostics;
        diagnostics.sort_by_key(|d| d.location);
        (environments, diagnostics)
    }

    /// The environment called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Environment> {
        self.list.iter().find(|e| e.name == name)
    }

    /// The names, in file order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|e| e.name.as_str())
    }

    /// What validation needs to know of this file, `file` being how it
    /// is named in messages: the keys each environment defines, indexed
    /// by key. Building it costs the size of the file; checking a use
    /// then costs the same however many environments there are.
    pub(crate) fn known(&self, file: &str) -> KnownEnvironments {
        let mut defined_by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, env) in self.list.iter().enumerate() {
            for key in &env.declared {
                defined_by.entry(key).or_default().push(i);
            }
        }
        let count = self.list.len();
        let keys = defined_by
            .into_iter()
            .map(|(key, defining)| {
                let use_ = KeyUse {
                    defined_in: defining.len(),
                    first_lacking: first_lacking(&defining, count),
                };
                (key.to_string(), use_)
            })
            .collect();
        KnownEnvironments::Defined(Arc::new(DefinedKeys {
            file: file.to_string(),
            names: self.list.iter().map(|e| e.name.clone()).collect(),
            keys,
        }))
    }
}

/// How many environment names a message lists before "and N more".
const LISTED_NAMES: usize = 5;

/// The first [`LISTED_NAMES`] indexes below `count` missing from the
/// ascending `defining`: a walk as long as the names it lists plus the
/// environments before them that define the key.
fn first_lacking(defining: &[usize], count: usize) -> Vec<usize> {
    let mut lacking = Vec::new();
    let mut next_defining = defining.iter().peekable();
    for i in 0..count {
        if lacking.len() == LISTED_NAMES {
            break;
        }
        if next_defining.next_if_eq(&&i).is_none() {
            lacking.push(i);
        }
    }
    lacking
}

/// What validation knows of the environments file: whether there is one,
/// and the keys each environment defines. Computed by the command that
/// reads the file, so the core never reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KnownEnvironments {
    /// There is no environments file; it was looked for here.
    NoFile {
        /// Where it would be, as shown to the user.
        looked_for: String,
    },
    /// The environments file has errors that keep any environment from
    /// being read; they are reported, and uses are not checked.
    Unreadable,
    /// The environments file and the keys its environments define
    /// (shared: every validator of a run holds it).
    Defined(Arc<DefinedKeys>),
}

/// The keys the environments of a file define, by key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DefinedKeys {
    /// The file, as shown to the user.
    file: String,
    /// The environment names, in file order.
    names: Vec<String>,
    /// KEY → which environments define it.
    keys: BTreeMap<String, KeyUse>,
}

/// Which environments define one key.
#[derive(Debug, PartialEq, Eq)]
struct KeyUse {
    /// How many do.
    defined_in: usize,
    /// The first few (in file order) that do not, by index.
    first_lacking: Vec<usize>,
}

impl Default for KnownEnvironments {
    fn default() -> Self {
        Self::NoFile {
            looked_for: FILE_NAME.to_string(),
        }
    }
}

impl KnownEnvironments {
    /// A checker of `{{env.KEY}}` uses, which works out what to say of
    /// each KEY once: a file may use one KEY many times.
    pub(crate) fn checker(&self) -> UseChecker<'_> {
        UseChecker {
            known: self,
            said: HashMap::new(),
        }
    }

    /// What to say of a use of `{{env.KEY}}`, wherever it is.
    fn problem(&self, key: &str) -> Option<(Severity, String)> {
        match self {
            Self::NoFile { looked_for } => Some((
                Severity::Error,
                format!(
                    "`{PREFIX}{key}` takes its value from an environment, but there is no environments file (looked for {looked_for}; see --env-file)"
                ),
            )),
            Self::Unreadable => None,
            Self::Defined(defined) => defined.problem(key),
        }
    }
}

impl DefinedKeys {
    fn problem(&self, key: &str) -> Option<(Severity, String)> {
        let file = &self.file;
        let Some(use_) = self.keys.get(key) else {
            let hint = closest(key, self.keys.keys().map(String::as_str))
                .map(|k| format!(" (did you mean `{PREFIX}{k}`?)"))
                .unwrap_or_default();
            return Some((
                Severity::Error,
                format!("`{PREFIX}{key}` is not defined by any environment in {file}{hint}"),
            ));
        };
        let lacking = self.names.len() - use_.defined_in;
        if lacking == 0 {
            return None;
        }
        let listed: Vec<String> = use_
            .first_lacking
            .iter()
            .map(|&i| format!("`{}`", self.names[i]))
            .collect();
        Some((
            Severity::Warning,
            format!(
                "`{PREFIX}{key}` is not defined in environment{} {} of {file}; selecting {} fails",
                if lacking == 1 { "" } else { "s" },
                cut_list(&listed, lacking),
                if lacking == 1 { "it" } else { "one" },
            ),
        ))
    }
}

/// Checks `{{env.KEY}}` uses one after another (see
/// [`KnownEnvironments::checker`]).
pub(crate) struct UseChecker<'a> {
    known: &'a KnownEnvironments,
    said: HashMap<String, Option<(Severity, String)>>,
}

impl UseChecker<'_> {
    /// The problem, if any, with a template using `{{env.KEY}}` at `at`
    /// in `path`: an error when no environment defines KEY (or there is
    /// no environments file), a warning when some environments lack it
    /// (selecting one of them fails before anything is sent).
    pub(crate) fn check(&mut self, path: &str, key: &str, at: Location) -> Option<Diagnostic> {
        let problem = match self.said.get(key) {
            Some(problem) => problem.clone(),
            None => {
                let problem = self.known.problem(key);
                self.said.insert(key.to_string(), problem.clone());
                problem
            }
        };
        problem.map(|(severity, message)| Diagnostic::new(path, at, severity, message))
    }
}

/// ` (did you mean `env.KEY`?)` for a placeholder name that spells the
/// `env.` prefix in another case (`ENV.user`): placeholders are
/// case-sensitive, so it names an unknown variable instead.
pub(crate) fn prefix_case_hint(name: &str) -> Option<String> {
    let (prefix, key) = name.split_at_checked(PREFIX.len())?;
    (prefix != PREFIX && prefix.eq_ignore_ascii_case(PREFIX))
        .then(|| format!(" (did you mean `{PREFIX}{key}`?)"))
}

/// True for an environment or profile name: letters, digits, `-`, `_`, `.`.
pub(crate) fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= MAX_NAME_CHARS
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Checks a `base_urls` key: an origin, `scheme://host[:port]`.
pub(crate) fn origin(text: &str) -> Result<url::Origin, String> {
    let url = parse_base_url(text).map_err(|e| format!("{e} (a `base_urls` key is an origin)"))?;
    if url.path() != "/" {
        return Err(format!(
            "`{text}` is not an origin: write scheme://host[:port] only, without a path"
        ));
    }
    Ok(url.origin())
}

/// True for a character a value may not hold: it is typed by a person,
/// shown in traces, `render` and curl exports, and sent; yet these are
/// not shown as written. Control characters but tab and line feed, the
/// bidirectional marks, embeddings, overrides and isolates (they reorder
/// what is shown, U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
/// and the line and paragraph separators U+2028 and U+2029.
fn is_unseen(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// True for an empty (null) node: `key:` with nothing after it.
fn is_null(node: &Node) -> bool {
    matches!(node, Node::Scalar(s) if scalar_to_json(s).is_null())
}

struct Parser<'a> {
    path: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn error(&mut self, at: Location, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.path, at, message));
    }

    fn warning(&mut self, at: Location, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, at, message));
    }

    fn environments(&mut self, root: &MarkedMappingNode) -> Environments {
        if root.is_empty() {
            self.error(
                node_start(root.span()),
                "the environments file defines no environment; add one, e.g. `staging: {base_url: \"http://127.0.0.1:8080\"}`",
            );
        }
        let mut list = Vec::new();
        for (name, node) in root.iter() {
            let at = node_start(name.span());
            let name = name.as_str();
            if SETTINGS.contains(&name) {
                self.error(
                    at,
                    format!(
                        "`{name}` is a setting of an environment, not an environment name: put it under a name, as `staging: {{{name}: …}}`"
                    ),
                );
                continue;
            }
            if !is_name(name) {
                self.error(
                    at,
                    format!(
                        "`{name}` is not an environment name: use letters, digits, `-`, `_` and `.` (at most {MAX_NAME_CHARS})"
                    ),
                );
                continue;
            }
            match node {
                Node::Mapping(settings) => list.push(self.environment(name, settings)),
                Node::Scalar(s) if scalar_to_json(s).is_null() => self.error(
                    at,
                    format!(
                        "environment `{name}` has no settings; write `{name}: {{}}` for an environment that changes nothing"
                    ),
                ),
                other => self.error(
                    node_start(other.span()),
                    format!(
                        "environment `{name}` must be a mapping of settings ({})",
                        SETTINGS.join(", ")
                    ),
                ),
            }
        }
        Environments { list }
    }

    fn environment(&mut self, name: &str, map: &MarkedMappingNode) -> Environment {
        let mut env = Environment {
            name: name.to_string(),
            base_url: None,
            base_urls: Vec::new(),
            profile: None,
            values: BTreeMap::new(),
            declared: BTreeSet::new(),
        };
        for (key, node) in map.iter() {
            let key_at = node_start(key.span());
            // An empty setting has no place of its own: point at its key.
            let at = if is_null(node) {
                key_at
            } else {
                node_start(node.span())
            };
            match key.as_str() {
                "base_url" => {
                    env.base_url = self
                        .text(name, "base_url", node, at)
                        .and_then(|s| self.base_url(s));
                }
                "base_urls" => env.base_urls = self.base_urls(name, node, at),
                "profile" => {
                    env.profile = self.text(name, "profile", node, at).and_then(|s| {
                        let text = s.as_str();
                        if is_name(text) {
                            Some(text.to_string())
                        } else {
                            self.error(
                                node_start(s.span()),
                                format!(
                                    "`{text}` is not a profile name: use letters, digits, `-`, `_` and `.`"
                                ),
                            );
                            None
                        }
                    });
                }
                "values" => self.values(&mut env, node, at),
                other => {
                    let mut hint = did_you_mean(other, SETTINGS);
                    let word = other.to_ascii_lowercase().replace('-', "_");
                    if let Some((_, setting)) = SETTING_WORDS.iter().find(|(w, _)| *w == word) {
                        hint = format!(" (did you mean `{setting}`?)");
                    }
                    if hint.is_empty() && is_identifier(other) {
                        hint =
                            format!(" (constants go under `values:`, as `values: {{{other}: …}}`)");
                    }
                    self.error(
                        key_at,
                        format!("unknown key `{other}` in environment `{name}`{hint}"),
                    );
                }
            }
        }
        env
    }

    /// The string scalar of setting `key`, or an error at `at`.
    fn text<'n>(
        &mut self,
        env: &str,
        key: &str,
        node: &'n Node,
        at: Location,
    ) -> Option<&'n MarkedScalarNode> {
        match node {
            Node::Scalar(s) if scalar_to_json(s).is_string() => Some(s),
            _ => {
                self.error(at, format!("`{key}` of environment `{env}` must be text"));
                None
            }
        }
    }

    fn base_url(&mut self, scalar: &MarkedScalarNode) -> Option<url::Url> {
        let at = node_start(scalar.span());
        match parse_base_url(scalar.as_str()) {
            Ok(url) => {
                self.warn_plain_http(&url, at);
                Some(url)
            }
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    /// A plain-http base URL to a remote host: requests and credentials
    /// would travel unencrypted, as an action's own `http://` URL warns.
    fn warn_plain_http(&mut self, url: &url::Url, at: Location) {
        let host = url.host_str().unwrap_or_default();
        if url.scheme() == "http" && !crate::core::parse::is_loopback(host) {
            self.warning(
                at,
                format!("plain http:// to `{host}`: requests and credentials travel unencrypted"),
            );
        }
    }

    fn base_urls(&mut self, env: &str, node: &Node, at: Location) -> Vec<(url::Origin, url::Url)> {
        let Node::Mapping(map) = node else {
            self.error(
                at,
                format!(
                    "`base_urls` of environment `{env}` must be a mapping of production origin to URL, e.g. `https://api.stripe.com: http://127.0.0.1:12111`"
                ),
            );
            return Vec::new();
        };
        let mut routes: Vec<(url::Origin, url::Url)> = Vec::new();
        let mut first_at: HashMap<url::Origin, Location> = HashMap::new();
        for (key, value) in map.iter() {
            let key_at = node_start(key.span());
            let from = match origin(key.as_str()) {
                Ok(from) => from,
                Err(message) => {
                    self.error(key_at, message);
                    continue;
                }
            };
            if let Some(first) = first_at.get(&from) {
                self.error(
                    key_at,
                    format!(
                        "`{}` is the same origin as the key at {first}",
                        key.as_str()
                    ),
                );
                continue;
            }
            let value_at = if is_null(value) {
                key_at
            } else {
                node_start(value.span())
            };
            let Some(to) = self
                .text(env, &format!("base_urls.{}", key.as_str()), value, value_at)
                .and_then(|s| self.base_url(s))
            else {
                continue;
            };
            first_at.insert(from.clone(), key_at);
            routes.push((from, to));
        }
        routes
    }

    fn values(&mut self, env: &mut Environment, node: &Node, at: Location) {
        let Node::Mapping(map) = node else {
            let message = if is_null(node) {
                format!(
                    "`values` of environment `{}` is empty: indent its KEY: value lines under it",
                    env.name
                )
            } else {
                format!(
                    "`values` of environment `{}` must be a mapping of KEY: value",
                    env.name
                )
            };
            self.error(at, message);
            return;
        };
        for (key, value) in map.iter() {
            let name = key.as_str();
            if !is_identifier(name) {
                self.error(
                    node_start(key.span()),
                    format!(
                        "`{name}` is not a value key: use letters, digits and `_`, not starting with a digit (templates name it `{{{{env.KEY}}}}`)"
                    ),
                );
                continue;
            }
            env.declared.insert(name.to_string());
            if let Some(text) = self.value(&env.name, name, value) {
                env.values.insert(name.to_string(), text);
            }
        }
    }

    /// One constant: a single value, not null, no control characters
    /// other than tab and line break, and no credential.
    fn value(&mut self, env: &str, key: &str, node: &Node) -> Option<String> {
        let at = node_start(node.span());
        let scalar = match node {
            Node::Scalar(s) if !scalar_to_json(s).is_null() => s,
            Node::Scalar(_) => {
                self.error(
                    at,
                    format!("value `{key}` of environment `{env}` is empty (null); give text, or `\"\"` for empty text"),
                );
                return None;
            }
            _ => {
                self.error(
                    at,
                    format!("value `{key}` of environment `{env}` must be a single value, not a list or mapping"),
                );
                return None;
            }
        };
        let text = scalar.as_str();
        if let Some(c) = text.chars().find(|&c| is_unseen(c)) {
            self.error(
                at,
                format!(
                    "value `{key}` of environment `{env}` holds U+{:04X}, a control, bidirectional or line-separator character that output would not show as written",
                    u32::from(c)
                ),
            );
            return None;
        }
        let credential =
            credentials::looks_like_credential_value(text, credentials::names_an_identifier(key))
                || (credentials::is_credential_like_name(key)
                    && credentials::is_literal_credential(text));
        if credential {
            self.error(
                at,
                format!(
                    "value `{key}` of environment `{env}` looks like a credential; environment values are shown in output: store it with `actionctl secret set NAME` (per environment with `profile:`) and use `auth:`"
                ),
            );
            return None;
        }
        Some(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Environments, Vec<String>) {
        let (envs, diags) = Environments::parse("environments.yaml", text.as_bytes());
        (envs, diags.iter().map(ToString::to_string).collect())
    }

    /// The one diagnostic `text` gives.
    fn one(text: &str) -> String {
        let (_, d) = parse(text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d[0].clone()
    }

    const FULL: &str = "\
staging:
  base_url: http://127.0.0.1:8080/pre/
  base_urls:
    https://api.stripe.com: http://127.0.0.1:12111
    https://API.shop.test:443: http://127.0.0.1:12112
  profile: staging
  values:
    shop_domain: acme-staging.myshopify.com
    owner: acme
    amount: 0042
    flag: true
    empty: ''
production: {}
";

    #[test]
    fn a_full_file_parses() {
        let (envs, d) = parse(FULL);
        assert_eq!(d, Vec::<String>::new());
        assert_eq!(envs.names().collect::<Vec<_>>(), ["staging", "production"]);
        let staging = envs.get("staging").unwrap();
        assert_eq!(
            staging.base_url.as_ref().map(url::Url::as_str),
            Some("http://127.0.0.1:8080/pre/")
        );
        assert_eq!(staging.profile.as_deref(), Some("staging"));
        assert_eq!(staging.values["amount"], "0042");
        assert_eq!(staging.values["flag"], "true");
        assert_eq!(staging.values["empty"], "");
        let placeholders: Vec<(String, &str)> = staging.placeholder_values().collect();
        assert!(placeholders.contains(&("env.owner".to_string(), "acme")));
        let shop = url::Url::parse("https://api.shop.test").unwrap().origin();
        assert_eq!(staging.base_urls[1].0, shop);
        let production = envs.get("production").unwrap();
        assert!(production.values.is_empty() && production.base_url.is_none());
        assert!(envs.get("prod").is_none());
    }

    #[test]
    fn routes_follow_the_precedence() {
        let (envs, _) = parse(FULL);
        let staging = envs.get("staging").unwrap();
        let routes = staging.routes(None);
        assert_eq!(
            routes.apply("https://api.stripe.com/v1/charges").unwrap(),
            "http://127.0.0.1:12111/v1/charges"
        );
        assert_eq!(
            routes.apply("https://api.shop.test/x").unwrap(),
            "http://127.0.0.1:12112/x"
        );
        assert_eq!(
            routes.apply("https://elsewhere.test/x?y=1").unwrap(),
            "http://127.0.0.1:8080/pre/x?y=1"
        );
        let cli = url::Url::parse("http://127.0.0.1:1").unwrap();
        assert_eq!(
            staging
                .routes(Some(&cli))
                .apply("https://api.stripe.com/v1/charges")
                .unwrap(),
            "http://127.0.0.1:1/v1/charges"
        );
        let production = envs.get("production").unwrap();
        assert_eq!(
            production.routes(None).apply("https://a.test/x").unwrap(),
            "https://a.test/x"
        );
    }

    #[test]
    fn shapes_that_are_not_environments_are_located() {
        assert_eq!(
            one("- staging\n- production\n"),
            "environments.yaml:1:1: error: an environments file must be a YAML mapping of `key: value` lines"
        );
        assert_eq!(
            one("just text\n"),
            "environments.yaml:1:1: error: an environments file must be a YAML mapping of `key: value` lines"
        );
        assert!(one("").starts_with(
            "environments.yaml:1:1: error: file is empty; an environments file maps names"
        ));
        assert!(one("# nothing\n").contains("file is empty"));
        assert!(one("{}\n").contains("defines no environment"));
        assert_eq!(
            one("staging: [1, 2]\n"),
            "environments.yaml:1:10: error: environment `staging` must be a mapping of settings (base_url, base_urls, profile, values)"
        );
        assert_eq!(
            one("staging: http://x\n"),
            "environments.yaml:1:10: error: environment `staging` must be a mapping of settings (base_url, base_urls, profile, values)"
        );
        assert_eq!(
            one("a: {}\nstaging:\n"),
            "environments.yaml:2:1: error: environment `staging` has no settings; write `staging: {}` for an environment that changes nothing"
        );
        assert_eq!(
            one("stag ing: {}\n"),
            "environments.yaml:1:1: error: `stag ing` is not an environment name: use letters, digits, `-`, `_` and `.` (at most 128)"
        );
    }

    #[test]
    fn unknown_keys_get_a_hint() {
        assert_eq!(
            one("staging:\n  base_ur: http://127.0.0.1:1\n"),
            "environments.yaml:2:3: error: unknown key `base_ur` in environment `staging` (did you mean `base_url`?)"
        );
        assert_eq!(
            one("staging:\n  valeus: {a: 1}\n"),
            "environments.yaml:2:3: error: unknown key `valeus` in environment `staging` (did you mean `values`?)"
        );
        assert_eq!(
            one("staging:\n  shop_domain: x.test\n"),
            "environments.yaml:2:3: error: unknown key `shop_domain` in environment `staging` (constants go under `values:`, as `values: {shop_domain: …}`)"
        );
    }

    #[test]
    fn settings_without_an_environment_name_say_so() {
        assert_eq!(
            one("values: {a: b}\n"),
            "environments.yaml:1:1: error: `values` is a setting of an environment, not an environment name: put it under a name, as `staging: {values: …}`"
        );
        assert_eq!(
            one("base_url: http://127.0.0.1:1\n"),
            "environments.yaml:1:1: error: `base_url` is a setting of an environment, not an environment name: put it under a name, as `staging: {base_url: …}`"
        );
        for setting in ["base_urls", "profile"] {
            assert!(
                one(&format!("{setting}: {{}}\n")).contains("not an environment name"),
                "{setting}"
            );
        }
    }

    #[test]
    fn the_words_people_use_for_a_setting_suggest_it() {
        for (key, setting) in [
            ("vars", "values"),
            ("variables", "values"),
            ("constants", "values"),
            ("url", "base_url"),
            ("baseURL", "base_url"),
            ("urls", "base_urls"),
            ("secrets", "profile"),
        ] {
            assert_eq!(
                one(&format!("staging:\n  {key}: {{}}\n")),
                format!(
                    "environments.yaml:2:3: error: unknown key `{key}` in environment `staging` (did you mean `{setting}`?)"
                )
            );
        }
    }

    #[test]
    fn an_empty_setting_is_located_at_its_key() {
        let (_, d) = parse("staging:\n  values:\n  shop: x\n");
        assert_eq!(
            d[0],
            "environments.yaml:2:3: error: `values` of environment `staging` is empty: indent its KEY: value lines under it"
        );
        assert_eq!(
            one("staging:\n  base_url:\n"),
            "environments.yaml:2:3: error: `base_url` of environment `staging` must be text"
        );
        assert!(one("staging:\n  base_urls:\nqa: {}\n").starts_with(
            "environments.yaml:2:3: error: `base_urls` of environment `staging` must be a mapping"
        ));
        assert!(one("staging:\n  profile:\n").starts_with("environments.yaml:2:3: error:"));
    }

    #[test]
    fn base_urls_must_be_http_urls_without_credentials_query_or_fragment() {
        let bad = |url: &str| one(&format!("staging:\n  base_url: \"{url}\"\n"));
        assert_eq!(
            bad("ftp://127.0.0.1/"),
            "environments.yaml:2:13: error: `ftp://127.0.0.1/` must be an http:// or https:// URL with a host"
        );
        assert!(bad("api.test:8080").contains(
            "`api.test:8080` is not a URL: it needs a scheme, e.g. `http://api.test:8080`"
        ));
        assert!(bad("127.0.0.1:8080").contains(
            "`127.0.0.1:8080` is not a URL: it needs a scheme, e.g. `http://127.0.0.1:8080`"
        ));
        assert!(bad("//127.0.0.1:8080").contains(
            "`//127.0.0.1:8080` is not a URL: it needs a scheme, e.g. `http://127.0.0.1:8080`"
        ));
        assert!(bad("http://[x").contains("`http://[x` is not a URL: invalid IPv6 address"));
        assert_eq!(
            bad("http://user:hunter2@127.0.0.1/"),
            "environments.yaml:2:13: error: `http://…@127.0.0.1/` holds credentials (user:password@); use `auth:` in the actions with a stored secret instead"
        );
        assert!(bad("http://127.0.0.1/a/../b").contains("the dot segment `..`"));
        assert!(bad("http://127.0.0.1:0").contains("port 0"));
        assert!(bad("http://127.0.0.1/?k=v").contains("has a query or fragment"));
        assert!(bad("http://127.0.0.1/#top").contains("has a query or fragment"));
        assert_eq!(
            one("staging:\n  base_url: 8080\n"),
            "environments.yaml:2:13: error: `base_url` of environment `staging` must be text"
        );
        assert_eq!(
            one("staging:\n  base_url: http://staging.example.com\n"),
            "environments.yaml:2:13: warning: plain http:// to `staging.example.com`: requests and credentials travel unencrypted"
        );
        assert_eq!(parse("s:\n  base_url: http://localhost:1\n").1.len(), 0);
        assert_eq!(parse("s:\n  base_url: http://[::1]:1\n").1.len(), 0);
        assert_eq!(
            parse("s:\n  base_url: http://[::ffff:127.0.0.1]:1\n")
                .1
                .len(),
            0
        );
    }

    #[test]
    fn base_urls_keys_must_be_origins() {
        assert_eq!(
            one("staging:\n  base_urls:\n    https://api.stripe.com/v1: http://127.0.0.1:1\n"),
            "environments.yaml:3:5: error: `https://api.stripe.com/v1` is not an origin: write scheme://host[:port] only, without a path"
        );
        assert!(
            one("staging:\n  base_urls:\n    api.stripe.com: http://127.0.0.1:1\n")
                .contains("(a `base_urls` key is an origin)")
        );
        assert!(
            one("staging:\n  base_urls:\n    \"https://a.test?x\": http://127.0.0.1:1\n")
                .contains("3:5: error: `https://a.test?…` has a query or fragment")
        );
        assert!(
            one("staging:\n  base_urls:\n    \"https://*.a.test\": http://127.0.0.1:1\n")
                .contains("3:5: error: `https://*.a.test` has no valid host (`*.a.test`)")
        );
        assert!(
            one("staging:\n  base_urls:\n    \"https://{{env.x}}\": http://127.0.0.1:1\n")
                .contains("3:5: error: `https://{{env.x}}` holds a placeholder")
        );
        assert_eq!(
            one(
                "staging:\n  base_urls:\n    https://a.test: http://127.0.0.1:1\n    https://A.test:443/: http://127.0.0.1:2\n"
            ),
            "environments.yaml:4:5: error: `https://A.test:443/` is the same origin as the key at 3:5"
        );
        assert_eq!(
            one("staging:\n  base_urls:\n    https://a.test: ftp://x\n"),
            "environments.yaml:3:21: error: `ftp://x` must be an http:// or https:// URL with a host"
        );
        assert_eq!(
            one("staging:\n  base_urls:\n    https://a.test: {x: 1}\n"),
            "environments.yaml:3:21: error: `base_urls.https://a.test` of environment `staging` must be text"
        );
        assert!(
            one("staging:\n  base_urls: http://127.0.0.1:1\n")
                .starts_with("environments.yaml:2:14: error: `base_urls` of environment `staging` must be a mapping of production origin to URL")
        );
    }

    #[test]
    fn values_are_single_values_under_identifier_keys() {
        assert_eq!(
            one("staging:\n  values:\n    shop: {a: 1}\n"),
            "environments.yaml:3:11: error: value `shop` of environment `staging` must be a single value, not a list or mapping"
        );
        assert!(one("staging:\n  values:\n    shop: [a]\n").contains("not a list or mapping"));
        assert_eq!(
            one("staging:\n  values:\n    shop-domain: x\n"),
            "environments.yaml:3:5: error: `shop-domain` is not a value key: use letters, digits and `_`, not starting with a digit (templates name it `{{env.KEY}}`)"
        );
        assert!(one("staging:\n  values:\n    1st: x\n").contains("`1st` is not a value key"));
        assert!(one("staging:\n  values:\n    shop: ~\n").contains("is empty (null)"));
        assert!(
            one("staging:\n  values:\n    shop: \"a\\u0007b\"\n")
                .contains("holds U+0007, a control")
        );
        assert_eq!(parse("s:\n  values:\n    t: \"a\\tb\\nc\"\n").1.len(), 0);
        assert!(
            one("staging:\n  values: [a]\n")
                .contains("`values` of environment `staging` must be a mapping of KEY: value")
        );
    }

    #[test]
    fn credentials_are_not_values() {
        let c = one("staging:\n  values:\n    stripe: sk_live_4eC39HqLyjWDarjtT1zdp7dc\n");
        assert!(
            c.starts_with("environments.yaml:3:13: error: value `stripe` of environment `staging` looks like a credential"),
            "{c}"
        );
        assert!(
            one("staging:\n  values:\n    api_key: abc123\n").contains("looks like a credential")
        );
        assert!(
            one("staging:\n  values:\n    password: hunter2\n").contains("looks like a credential")
        );
        assert_eq!(
            parse("s:\n  values:\n    token_header: X-Token\n").1.len(),
            0
        );
        for key in [
            "api_token",
            "secret_key",
            "private_key",
            "refresh_token",
            "id_token",
            "signing_secret",
            "webhook_secret",
            "stripe_key",
            "pwd",
            "pass",
            "jwt",
            "credentials",
            "myToken",
            "APIKey",
            "DB_PASSWORD",
        ] {
            assert!(
                one(&format!("staging:\n  values:\n    {key}: abc123\n"))
                    .contains("looks like a credential"),
                "{key}"
            );
        }
        for value in [
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
            "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6",
            "https://hooks.test/T0/3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e",
        ] {
            assert!(
                one(&format!("staging:\n  values:\n    hook: \"{value}\"\n"))
                    .contains("looks like a credential"),
                "{value}"
            );
        }
        // What names a credential, or identifies something, is no credential.
        for (key, value) in [
            ("token_url", "https://auth.test/oauth/token"),
            ("api_key_header", "X-Api-Key"),
            ("password_field", "pwd"),
            ("token_type", "bearer"),
            ("public_key", "pk_test_abc"),
            (
                "spreadsheet_id",
                "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
            ),
            ("owner", "acme"),
            ("monkey", "banana"),
            ("passenger", "jo"),
        ] {
            assert_eq!(
                parse(&format!("s:\n  values:\n    {key}: {value}\n")).1,
                Vec::<String>::new(),
                "{key}"
            );
        }
    }

    #[test]
    fn invisible_and_reordering_characters_are_not_values() {
        for (c, name) in [
            ('\u{202e}', "U+202E"),
            ('\u{2066}', "U+2066"),
            ('\u{200f}', "U+200F"),
            ('\u{2028}', "U+2028"),
            ('\u{2029}', "U+2029"),
            ('\u{85}', "U+0085"),
        ] {
            let yaml = format!("staging:\n  values:\n    owner: \"ac{c}me\"\n");
            assert_eq!(
                one(&yaml),
                format!(
                    "environments.yaml:3:12: error: value `owner` of environment `staging` holds {name}, a control, bidirectional or line-separator character that output would not show as written"
                ),
            );
        }
        assert_eq!(
            parse("s:\n  values:\n    t: \"élan 🙂 a\\tb\"\n").1.len(),
            0
        );
    }

    #[test]
    fn profiles_are_names() {
        assert!(
            one("staging:\n  profile: \"a b\"\n")
                .contains("2:12: error: `a b` is not a profile name")
        );
        assert!(
            one("staging:\n  profile: 3\n")
                .contains("`profile` of environment `staging` must be text")
        );
    }

    #[test]
    fn hostile_files_are_errors_not_panics() {
        let (_, d) = Environments::parse("e.yaml", b"\xff\xfe\x00binary");
        assert!(d[0].to_string().contains("not UTF-8"), "{d:?}");
        let (_, d) = Environments::parse("e.yaml", b"a: \0\n");
        assert!(d[0].to_string().contains("NUL"), "{d:?}");
        let huge = vec![b'#'; crate::core::yaml::MAX_FILE_BYTES + 1];
        let (_, d) = Environments::parse("e.yaml", &huge);
        assert!(
            d[0].to_string()
                .contains("environments files are limited to"),
            "{d:?}"
        );
        let deep = format!("a: {}\n", "[".repeat(100_000));
        let (_, d) = Environments::parse("e.yaml", deep.as_bytes());
        assert!(d[0].to_string().contains("nested deeper"), "{d:?}");
        let (_, d) = Environments::parse("e.yaml", b"a: &x {}\nb: *x\n");
        assert!(d[0].to_string().contains("environments files"), "{d:?}");
    }

    /// The editor schema (schema/environments.schema.json) agrees with
    /// the parser on the structure: what parses clean is valid there,
    /// and each structural error here is one there too.
    #[test]
    fn the_editor_schema_agrees_on_the_structure() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../schema/environments.schema.json")).unwrap();
        let validator = jsonschema::draft202012::new(&schema).unwrap();
        let as_json = |text: &str| {
            Document::parse_as(text.as_bytes(), KIND)
                .unwrap()
                .to_json_value()
        };
        assert!(validator.is_valid(&as_json(FULL)));
        for bad in [
            "{}\n",
            "staging: [1]\n",
            "staging:\n  base_ur: http://127.0.0.1:1\n",
            "staging:\n  base_url: ftp://x\n",
            "staging:\n  base_url: http://u:p@127.0.0.1\n",
            "staging:\n  base_url: \"http://127.0.0.1/?k=v\"\n",
            "staging:\n  base_urls:\n    https://*.a.test: http://127.0.0.1:1\n",
            "staging:\n  base_urls:\n    https://a.test/v1: http://127.0.0.1:1\n",
            "staging:\n  values:\n    shop: {a: 1}\n",
            "staging:\n  values:\n    shop-domain: x\n",
            "staging:\n  profile: \"a b\"\n",
            "stag ing: {}\n",
            "profile: {}\n",
        ] {
            assert!(!parse(bad).1.is_empty(), "{bad}");
            assert!(!validator.is_valid(&as_json(bad)), "{bad}");
        }
    }

    #[test]
    fn lists_of_environments_lacking_a_key_are_cut() {
        let mut file = String::from("full:\n  values: {k: v}\n");
        for i in 0..12_000 {
            file.push_str(&format!("e{i}: {{}}\n"));
        }
        file.push_str("last:\n  values: {k: v}\n");
        let (envs, d) = parse(&file);
        assert!(d.is_empty());
        let known = envs.known("e.yaml");
        let mut checker = known.checker();
        assert_eq!(
            checker
                .check("a.yaml", "k", Location::START)
                .unwrap()
                .to_string(),
            "a.yaml:1:1: warning: `env.k` is not defined in environments `e0`, `e1`, `e2`, `e3`, `e4` and 11,995 more of e.yaml; selecting one fails"
        );
        assert_eq!(first_lacking(&[0, 1, 3, 4], 9), [2, 5, 6, 7, 8]);
        assert_eq!(first_lacking(&[0, 2], 3), [1]);
        assert_eq!(first_lacking(&[0, 1, 2], 3), Vec::<usize>::new());
    }

    #[test]
    fn a_bad_value_still_declares_its_key() {
        let (envs, d) = parse("staging:\n  values:\n    a: [1]\n    b: ok\n");
        assert_eq!(d.len(), 1);
        let known = envs.known("environments.yaml");
        assert_eq!(known.checker().check("a.yaml", "a", Location::START), None);
        assert!(!envs.get("staging").unwrap().values.contains_key("a"));
    }

    #[test]
    fn uses_are_checked_against_every_environment() {
        let (envs, _) = parse(
            "staging:\n  values: {owner: a, shop: b}\nproduction:\n  values: {owner: c}\nci:\n  values: {owner: d}\n",
        );
        let known = envs.known("./environments.yaml");
        let at = Location::new(4, 9);
        assert_eq!(known.checker().check("a.yaml", "owner", at), None);
        assert_eq!(
            known
                .checker()
                .check("a.yaml", "shop", at)
                .unwrap()
                .to_string(),
            "a.yaml:4:9: warning: `env.shop` is not defined in environments `production`, `ci` of ./environments.yaml; selecting one fails"
        );
        assert_eq!(
            known
                .checker()
                .check("a.yaml", "ownr", at)
                .unwrap()
                .to_string(),
            "a.yaml:4:9: error: `env.ownr` is not defined by any environment in ./environments.yaml (did you mean `env.owner`?)"
        );
        let none = KnownEnvironments::NoFile {
            looked_for: "x/environments.yaml".into(),
        };
        assert_eq!(
            none.checker()
                .check("a.yaml", "owner", at)
                .unwrap()
                .to_string(),
            "a.yaml:4:9: error: `env.owner` takes its value from an environment, but there is no environments file (looked for x/environments.yaml; see --env-file)"
        );
    }
}
