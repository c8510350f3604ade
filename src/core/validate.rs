//! Checking one action file's bytes end to end: YAML, schema, semantics.
//! Pure: reading files and walking folders is [`crate::io::workspace`]'s job.

use crate::core::diagnostic::Diagnostic;
use crate::core::environment::KnownEnvironments;
use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::core::parse::parse_action;
use crate::core::schema::SchemaChecker;
use crate::core::yaml::Document;

/// What validating one file found.
#[derive(Debug)]
pub struct FileReport {
    /// The file as the user named it.
    pub path: String,
    /// What the file turned out to hold.
    pub contents: Contents,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a checked file holds.
#[derive(Debug)]
pub enum Contents {
    Action(Box<Action>),
    /// A valid action whose parsed form was dropped to save memory
    /// ([`FileReport::without_action`]); load it again to use it.
    ActionSetAside,
    /// A valid flow (the file has `steps:`).
    Flow(Flow),
    /// A flow file (it has `steps:`) with errors; they are in the diagnostics.
    InvalidFlow,
    /// Errors; they are in the diagnostics.
    Invalid,
    /// A conversation file without errors (checked by
    /// [`crate::core::conversation`], for `validate`).
    Conversation,
}

impl FileReport {
    /// True when the file has at least one error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The action, when the file is a valid action that was kept.
    pub fn action(&self) -> Option<&Action> {
        match &self.contents {
            Contents::Action(action) => Some(action),
            _ => None,
        }
    }

    /// The flow, when the file is a valid flow.
    pub fn flow(&self) -> Option<&Flow> {
        match &self.contents {
            Contents::Flow(flow) => Some(flow),
            _ => None,
        }
    }

    /// The action, taken out of the report.
    pub fn into_action(self) -> Option<Action> {
        match self.contents {
            Contents::Action(action) => Some(*action),
            _ => None,
        }
    }

    /// True when the file is neither a valid action nor a valid flow.
    pub fn is_invalid(&self) -> bool {
        matches!(self.contents, Contents::Invalid | Contents::InvalidFlow)
    }

    /// The report without its parsed action, for callers that only need
    /// the findings: `validate` over thousands of files then holds (and
    /// frees at the end) a few bytes per file instead of every action.
    pub fn without_action(self) -> Self {
        match self.contents {
            Contents::Action(_) => Self {
                contents: Contents::ActionSetAside,
                ..self
            },
            _ => self,
        }
    }

    fn new(path: &str, contents: Contents, mut diagnostics: Vec<Diagnostic>) -> Self {
        let refused = matches!(contents, Contents::Invalid | Contents::InvalidFlow);
        if refused && !diagnostics.iter().any(Diagnostic::is_error) {
            // A rule that refuses without saying why is a bug; the file
            // must still be refused, and never with an empty message.
            diagnostics.push(Diagnostic::error(
                path,
                crate::core::diagnostic::Location::START,
                UNEXPLAINED_REFUSAL,
            ));
        }
        let contents = match contents {
            _ if !diagnostics.iter().any(Diagnostic::is_error) => contents,
            Contents::Flow(_) | Contents::InvalidFlow => Contents::InvalidFlow,
            _ => Contents::Invalid,
        };
        Self {
            path: path.to_string(),
            contents,
            diagnostics,
        }
    }

    /// Compiles the action's `expect.schema` file when it names one:
    /// `read` gets the path as written and returns the file's bytes
    /// (the workspace reads it, relative to the action file, bounded).
    /// A file that cannot be read or is not a JSON Schema is an error
    /// located at `schema:`, and the action is invalid.
    pub(crate) fn load_schema_file(
        mut self,
        read: impl FnOnce(&str) -> Result<Vec<u8>, String>,
    ) -> Self {
        let Contents::Action(action) = &mut self.contents else {
            return self;
        };
        let Some(schema) = action.expect.checks.schema.as_mut() else {
            return self;
        };
        let crate::core::check::SchemaOrigin::File(file) = schema.origin.clone() else {
            return self;
        };
        let problem = match read(&file) {
            Ok(bytes) => schema.load(&bytes).err(),
            Err(why) => Some(format!("cannot be read: {why}")),
        };
        let Some(problem) = problem else {
            return self;
        };
        let at = schema.location;
        let mut diagnostics = self.diagnostics;
        diagnostics.push(Diagnostic::error(
            &self.path,
            at,
            format!("expect.schema: `{file}` {problem}"),
        ));
        diagnostics.sort_by_key(|d| d.location);
        Self::new(&self.path, Contents::Invalid, diagnostics)
    }

    /// A conversation file's findings: invalid when any is an error.
    pub(crate) fn conversation(path: &str, diagnostics: Vec<Diagnostic>) -> Self {
        Self::new(path, Contents::Conversation, diagnostics)
    }

    /// A file that could not be read at all.
    pub fn unreadable(path: &str, diagnostic: Diagnostic) -> Self {
        Self::new(path, Contents::Invalid, vec![diagnostic])
    }
}

/// The error of a file that a check refused without a diagnostic.
const UNEXPLAINED_REFUSAL: &str = "internal error: this file was refused without a reason being reported; please report it to the actionctl maintainers with the file";

/// Validates action files; build once, use for many files (and threads).
#[derive(Default)]
pub struct Validator {
    schema: SchemaChecker,
    environments: KnownEnvironments,
    /// `validate --platform`: that platform's limits are errors too.
    platform: Option<crate::core::platform::Platform>,
    /// `export --env`: the environment values written in before the
    /// platform's limits are checked.
    platform_values: Option<std::collections::BTreeMap<String, String>>,
}

impl Validator {
    /// A validator with the shipped schema compiled, for a project
    /// without an environments file.
    pub fn new() -> Self {
        Self::default()
    }

    /// This validator, checking `{{env.KEY}}` placeholders against what
    /// the environments file defines (the command reads the file).
    pub(crate) fn with_environments(self, environments: KnownEnvironments) -> Self {
        Self {
            environments,
            ..self
        }
    }

    /// This validator, adding `platform`'s limits as errors at their nodes.
    pub(crate) fn with_platform(self, platform: crate::core::platform::Platform) -> Self {
        Self {
            platform: Some(platform),
            ..self
        }
    }

    /// This validator, checking the platform's limits on the action with
    /// `values` (the selected environment's) written in.
    pub(crate) fn with_platform_values(
        self,
        values: std::collections::BTreeMap<String, String>,
    ) -> Self {
        Self {
            platform_values: Some(values),
            ..self
        }
    }

    /// What the environments file defines, as this validator knows it.
    pub(crate) fn environments(&self) -> &KnownEnvironments {
        &self.environments
    }

    /// Checks the bytes of the file `path`, whose action id is `id`.
    pub fn check(&self, id: &str, path: &str, bytes: &[u8]) -> FileReport {
        let doc = match Document::parse(bytes) {
            Ok(doc) => doc,
            Err(problem) => {
                let error = Diagnostic::error(path, problem.location, problem.message);
                return FileReport::unreadable(path, error);
            }
        };
        if crate::core::flow::is_flow(&doc) {
            let (flow, mut diagnostics) = crate::core::flow::parse_flow(id, path, &doc);
            diagnostics.extend(self.schema.check_flow_variables(path, &doc));
            diagnostics.sort_by_key(|d| d.location);
            let contents = flow.map_or(Contents::InvalidFlow, Contents::Flow);
            return FileReport::new(path, contents, diagnostics);
        }
        let mut diagnostics = self.schema.check(path, &doc);
        let (action, semantic) = parse_action(id, path, &doc, &self.environments);
        diagnostics.extend(semantic);
        if let (Some(platform), Some(action)) = (self.platform, &action) {
            let limits = match &self.platform_values {
                Some(values) => crate::core::platform::limits(
                    &crate::core::platform::with_environment(action, values),
                    platform,
                ),
                None => crate::core::platform::limits(action, platform),
            };
            if !limits.is_empty() {
                let (_, pointers) = doc.to_json();
                diagnostics.extend(crate::core::platform::diagnostics(
                    &limits, platform, path, &pointers,
                ));
            }
        }
        diagnostics.sort_by_key(|d| d.location);
        let contents = action.map_or(Contents::Invalid, |a| Contents::Action(Box::new(a)));
        FileReport::new(path, contents, diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_and_semantic_problems_are_merged_in_file_order() {
        let text =
            "name: N\ndescription: short\nmethod: FETCH\nurl: https://x.test/{{nope}}\nextra: 1\n";
        let report = Validator::new().check("a", "a.yaml", text.as_bytes());
        let lines: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].starts_with("a.yaml:2:14: error: `description`"));
        assert!(lines[1].starts_with("a.yaml:3:9: error: unknown method"));
        assert!(lines[2].starts_with("a.yaml:4:21: error: unknown variable `nope`"));
        assert!(lines[3].starts_with("a.yaml:5:1: error: unknown key `extra`"));
        assert!(report.action().is_none() && report.has_errors());
    }

    #[test]
    fn env_placeholders_are_checked_against_the_environments_file() {
        let text = "name: N\ndescription: Ten chars at least\nmethod: GET\nurl: https://{{env.shop}}/x/{{ env.ownr }}\nheaders:\n  X-A: \"{{env.only_staging}}\"\n  X-B: \"{{env.only_staging}}\"\n";
        let (envs, _) = crate::core::environment::Environments::parse(
            "environments.yaml",
            b"staging:\n  values: {shop: a.test, owner: o, only_staging: x}\nproduction:\n  values: {shop: b.test, owner: p}\n",
        );
        let validator = Validator::new().with_environments(envs.known("./environments.yaml"));
        let report = validator.check("a", "a.yaml", text.as_bytes());
        let lines: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "a.yaml:4:29: error: `env.ownr` is not defined by any environment in ./environments.yaml (did you mean `env.owner`?)",
                "a.yaml:6:9: warning: `env.only_staging` is not defined in environment `production` of ./environments.yaml; selecting it fails",
            ]
        );
        let fixed = text.replace("ownr", "owner");
        let report = validator.check("a", "a.yaml", fixed.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let action = report.into_action().unwrap();
        assert_eq!(action.env_keys, ["only_staging", "owner", "shop"]);
        let without_file = Validator::new().check("a", "a.yaml", fixed.as_bytes());
        let lines: Vec<String> = without_file
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(
            lines[0],
            "a.yaml:4:14: error: `env.shop` takes its value from an environment, but there is no environments file (looked for environments.yaml; see --env-file)"
        );
    }

    #[test]
    fn a_refusal_always_says_why() {
        let report = FileReport::new("a.yaml", Contents::Invalid, Vec::new());
        assert!(report.has_errors() && report.is_invalid());
        assert_eq!(
            report.diagnostics[0].to_string(),
            format!("a.yaml:1:1: error: {UNEXPLAINED_REFUSAL}")
        );
        let flow = FileReport::new("f.yaml", Contents::InvalidFlow, Vec::new());
        assert!(flow.has_errors());
    }

    #[test]
    fn load_errors_become_one_diagnostic() {
        let report = Validator::new().check("a", "a.yaml", b"a: [1\n");
        assert_eq!(report.diagnostics.len(), 1);
        assert!(report.has_errors());
    }
}
