//! The errors a command can end in, and the one place that turns them
//! into a message and an exit code.

use thiserror::Error;

use crate::core::context::ContextError;
use crate::core::diagnostic::Diagnostic;
use crate::core::request::BuildError;
use crate::io::secrets::SecretError;

/// Exit codes of the contract.
pub(crate) mod exit {
    /// The API answered outside `expect`, or a check failed.
    pub(crate) const CHECK_FAILED: i32 = 1;
    /// Usage error.
    pub(crate) const USAGE: i32 = 2;
    /// Invalid action file(s).
    pub(crate) const INVALID: i32 = 3;
    /// Input error.
    pub(crate) const INPUT: i32 = 4;
    /// Transport error.
    pub(crate) const TRANSPORT: i32 = 5;
    /// An internal error (a panic): the code Rust gives a panic, so it
    /// never looks like one of the codes above.
    pub(crate) const INTERNAL: i32 = 101;
}

/// Why a command failed.
#[derive(Debug, Error)]
pub(crate) enum Error {
    /// The action file a command needs has errors.
    #[error("{}", error_lines(.0))]
    InvalidAction(Vec<Diagnostic>),
    /// The environments file has errors.
    #[error("{}", .0.iter().filter(|d| d.is_error()).map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    InvalidEnvironments(Vec<Diagnostic>),
    /// `new` built an action that does not validate; nothing was written.
    /// One line per problem, each naming the flag (or wizard answer) it
    /// came from, since there is no file to point into.
    #[error("{}", .0.join("\n"))]
    InvalidDraft(Vec<String>),
    /// A document to import (OpenAPI) is not one, located where it can be.
    #[error("{0}")]
    InvalidDocument(String),
    /// `validate` (or `list`) found invalid files; the report was printed.
    #[error("{errors} error{} in {files} file{}", plural(*.errors), plural(*.files))]
    ValidationFailed {
        /// Errors found.
        errors: usize,
        /// Files with errors.
        files: usize,
    },
    /// A request could not be built from the inputs.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// A tool-call argument of a JSON kind its variable cannot take.
    #[error(transparent)]
    Argument(#[from] crate::core::arguments::ArgumentError),
    /// A secret the action needs is not stored.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// No action by that id.
    #[error("unknown action `{name}`: no {name}.yaml or {name}.yml in {dir}{hint}")]
    UnknownAction {
        name: String,
        dir: String,
        /// A "did you mean" hint, or empty.
        hint: String,
    },
    /// A bad `--context` file.
    #[error("{path}:{source}")]
    Context {
        path: String,
        /// What is wrong, where.
        source: ContextError,
    },
    /// A file or folder that cannot be read.
    #[error("cannot read {path}: {message}")]
    Read {
        path: String,
        /// The OS error.
        message: String,
    },
    /// A file the command writes could not be written.
    #[error(transparent)]
    Write(#[from] crate::io::files::WriteError),
    /// Data could not be written to stdout (a full disk, a closed file).
    #[error("could not write to stdout: {0}")]
    Output(String),
    /// A folder with no action files.
    #[error("no action files (*.yaml, *.yml) in {0}")]
    NoActions(String),
    /// The exchange did not complete.
    #[error(transparent)]
    Transport(#[from] crate::io::transport::TransportError),
    /// The API answered outside `expect`.
    #[error(
        "{action}: expected status {expected}, got {status}: {hint}{}",
        also_failed(checks)
    )]
    CheckFailed {
        action: String,
        /// The other checks of `expect` that failed too, one line each
        /// (masked).
        checks: Vec<String>,
        /// The status received, with its reason.
        status: String,
        /// What `expect` asks for.
        expected: String,
        /// What the status usually means.
        hint: String,
    },
    /// Checks of `expect` beyond the status failed (the status passed).
    #[error("{action}: {} failed: {}", checks_count(failed.len()), .failed.join("; "))]
    ChecksFailed {
        action: String,
        /// Each failed check: `PATH: expected X, got Y` (masked, cut).
        failed: Vec<String>,
    },
    /// Extractions failed on a response whose status passed `expect`.
    #[error("{action}: extract failed: {}", .failed.join("; "))]
    Extract {
        action: String,
        /// Each failed extraction: `name (path) why`.
        failed: Vec<String>,
    },
    /// A flow step's `when:` does not hold.
    #[error("condition `{condition}` does not hold ({values})")]
    Condition {
        condition: String,
        /// The values it was evaluated with: `name = value, ...`.
        values: String,
    },
    /// A flow stopped at (or, for a condition, before) one of its steps.
    #[error("{}", flow_stopped(flow, *step, action, reason))]
    FlowStopped {
        flow: String,
        /// The step number, from 1.
        step: usize,
        /// The step's action id.
        action: String,
        /// Why it stopped; decides the exit code and kind.
        reason: Box<Error>,
    },
    /// A check failed (e.g. runs of `test --all`).
    #[error("{0}")]
    Check(String),
    /// The model endpoint of a conversation could not be used: the
    /// exchange failed, or it answered with an error or outside its
    /// protocol. Exit 5, like any exchange that did not complete.
    #[error("model endpoint {0}")]
    Model(String),
    /// Ctrl-C stopped a `chat` turn (the session goes on).
    #[error("interrupted")]
    Interrupted,
    /// Something needed for the command is missing or unusable.
    #[error("{0}")]
    Input(String),
    /// Arguments that do not fit together.
    #[error("{0}")]
    Usage(String),
    /// A bug: actionctl panicked.
    #[error(transparent)]
    Internal(#[from] crate::crash::Crash),
}

/// `flow F stopped at step N (ACTION): REASON`; reasons that already
/// start with the action id do not repeat it.
fn flow_stopped(flow: &str, step: usize, action: &str, reason: &Error) -> String {
    match reason {
        Error::Condition { .. } => {
            format!("flow {flow} stopped before step {step} ({action}): {reason}")
        }
        Error::CheckFailed { .. } | Error::ChecksFailed { .. } | Error::Extract { .. } => {
            format!("flow {flow} stopped at step {step}: {reason}")
        }
        _ => format!("flow {flow} stopped at step {step} ({action}): {reason}"),
    }
}

/// `1 check`, `3 checks`.
fn checks_count(n: usize) -> String {
    format!("{n} check{}", plural(n))
}

/// The other failed checks after a status failure, if any.
fn also_failed(checks: &[String]) -> String {
    if checks.is_empty() {
        String::new()
    } else {
        format!(
            "; {} failed too: {}",
            checks_count(checks.len()),
            checks.join("; ")
        )
    }
}

/// The error diagnostics, one a line; never empty: a refusal with no
/// error to show is a bug, said as one rather than as nothing.
fn error_lines(diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    if lines.is_empty() {
        return "internal error: the action was refused without a reason being reported; please report it to the actionctl maintainers".into();
    }
    lines.join("\n")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl Error {
    /// The contract's exit code for this error.
    pub(crate) fn exit_code(&self) -> i32 {
        match self {
            Self::InvalidAction(_)
            | Self::InvalidEnvironments(_)
            | Self::InvalidDraft(_)
            | Self::InvalidDocument(_)
            | Self::ValidationFailed { .. } => exit::INVALID,
            Self::Usage(_) => exit::USAGE,
            Self::Transport(_) | Self::Model(_) => exit::TRANSPORT,
            Self::CheckFailed { .. }
            | Self::ChecksFailed { .. }
            | Self::Extract { .. }
            | Self::Condition { .. }
            | Self::Check(_) => exit::CHECK_FAILED,
            Self::FlowStopped { reason, .. } => reason.exit_code(),
            Self::Input(_) | Self::Interrupted => exit::INPUT,
            Self::Internal(_) => exit::INTERNAL,
            Self::Build(_)
            | Self::Argument(_)
            | Self::Secret(_)
            | Self::UnknownAction { .. }
            | Self::Context { .. }
            | Self::Read { .. }
            | Self::Write(_)
            | Self::Output(_)
            | Self::NoActions(_) => exit::INPUT,
        }
    }

    /// What went wrong, in one word, for `test --format json`'s
    /// `failure.kind` (see docs/testing.md); scripts branch on it, so a
    /// kind is never renamed.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::InvalidAction(_)
            | Self::InvalidEnvironments(_)
            | Self::ValidationFailed { .. }
            | Self::InvalidDraft(_)
            | Self::InvalidDocument(_) => "invalid",
            Self::Usage(_) => "usage",
            Self::Transport(_) => "transport",
            Self::Model(_) => "model",
            Self::CheckFailed { .. } => "status",
            Self::Extract { .. } => "extract",
            Self::Condition { .. } => "condition",
            Self::Check(_) | Self::ChecksFailed { .. } => "check",
            Self::FlowStopped { reason, .. } => reason.kind(),
            Self::Secret(_) => "secret",
            Self::Internal(_) => "internal",
            Self::Build(_)
            | Self::Argument(_)
            | Self::Write(_)
            | Self::Output(_)
            | Self::UnknownAction { .. }
            | Self::Context { .. }
            | Self::Read { .. }
            | Self::NoActions(_)
            | Self::Interrupted
            | Self::Input(_) => "input",
        }
    }

    /// `{"kind", "message"}`, the `failure` member of `--format json`.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"kind": self.kind(), "message": self.to_string()})
    }

    /// The lines to print on stderr: diagnostics as they are, anything
    /// else as `error: message`.
    pub(crate) fn render(&self, color: bool) -> String {
        match self {
            Self::InvalidAction(_) | Self::InvalidEnvironments(_) => self.to_string(),
            Self::InvalidDraft(problems) => problems
                .iter()
                .map(|p| {
                    format!(
                        "{} {p}; nothing written",
                        crate::render::term::paint_error_label(color)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            _ => format!("{} {self}", crate::render::term::paint_error_label(color)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Location;

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(Error::InvalidAction(vec![]).exit_code(), 3);
        assert_eq!(Error::NoActions("x".into()).exit_code(), 4);
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert_eq!(
            Error::Build(BuildError::MissingRequired(vec!["a".into()])).exit_code(),
            4
        );
    }

    #[test]
    fn kinds_name_the_failure_and_flows_take_their_reasons() {
        let status = || Error::CheckFailed {
            action: "a".into(),
            checks: vec![],
            status: "500".into(),
            expected: "2xx".into(),
            hint: "h".into(),
        };
        let transport =
            || Error::Transport(crate::io::transport::TransportError::Dns("x.test".into()));
        let condition = || Error::Condition {
            condition: "{{ok}}".into(),
            values: "ok = false".into(),
        };
        let cases = [
            (status(), "status", 1),
            (transport(), "transport", 5),
            (condition(), "condition", 1),
            (
                Error::ChecksFailed {
                    action: "a".into(),
                    failed: vec!["$.ok: expected equals true, got false".into()],
                },
                "check",
                1,
            ),
            (
                Error::Extract {
                    action: "a".into(),
                    failed: vec![],
                },
                "extract",
                1,
            ),
            (
                Error::Build(BuildError::MissingRequired(vec!["a".into()])),
                "input",
                4,
            ),
            (Error::InvalidAction(vec![]), "invalid", 3),
        ];
        for (error, kind, code) in cases {
            assert_eq!((error.kind(), error.exit_code()), (kind, code), "{error}");
            assert_eq!(error.to_json()["kind"], kind);
        }
        let stopped = |reason: Error| Error::FlowStopped {
            flow: "f".into(),
            step: 2,
            action: "a".into(),
            reason: Box::new(reason),
        };
        let e = stopped(transport());
        assert_eq!((e.kind(), e.exit_code()), ("transport", 5));
        assert_eq!(
            e.to_string(),
            "flow f stopped at step 2 (a): could not resolve host `x.test` (DNS)"
        );
        assert_eq!(
            stopped(condition()).to_string(),
            "flow f stopped before step 2 (a): condition `{{ok}}` does not hold (ok = false)"
        );
        let both = Error::CheckFailed {
            action: "a".into(),
            checks: vec!["$.a: expected exists, got nothing at this path".into()],
            status: "500".into(),
            expected: "2xx".into(),
            hint: "h".into(),
        };
        assert_eq!(
            both.to_string(),
            "a: expected status 2xx, got 500: h; 1 check failed too: $.a: expected exists, got nothing at this path"
        );
        let checks = Error::ChecksFailed {
            action: "a".into(),
            failed: vec!["x: expected 1, got 2".into(), "y: expected 3, got 4".into()],
        };
        assert_eq!(
            stopped(checks).to_string(),
            "flow f stopped at step 2: a: 2 checks failed: x: expected 1, got 2; y: expected 3, got 4"
        );
        assert_eq!(
            stopped(status()).to_string(),
            "flow f stopped at step 2: a: expected status 2xx, got 500: h"
        );
    }

    #[test]
    fn invalid_actions_render_as_their_error_lines() {
        let e = Error::InvalidAction(vec![
            Diagnostic::error("a.yaml", Location::new(1, 2), "bad"),
            Diagnostic::warning("a.yaml", Location::new(3, 1), "meh"),
        ]);
        assert_eq!(e.render(false), "a.yaml:1:2: error: bad");
        let unexplained = Error::InvalidAction(vec![Diagnostic::warning(
            "a.yaml",
            Location::new(3, 1),
            "meh",
        )]);
        assert!(
            unexplained.to_json()["message"]
                .as_str()
                .unwrap()
                .starts_with("internal error: the action was refused without a reason"),
            "a refusal never says nothing"
        );
        let e = Error::NoActions("actions".into());
        assert_eq!(
            e.render(false),
            "error: no action files (*.yaml, *.yml) in actions"
        );
    }
}
