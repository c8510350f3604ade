//! What `test`, flows and `test --all` share: their options, the trace
//! that shows an engine run on stderr, and the `--format json` document
//! of an action's outcome.

use crate::core::request::Routes;
use crate::engine::{Event, Listener, Outcome, RunOptions};
use crate::error::Error;
use crate::io::secrets::Redactor;
use crate::io::secrets::SecretSources;
use crate::render::html::{self, Attempt};
use crate::render::output;
use crate::render::trace::{self, Style};

use super::Io;

/// Output formats of `test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TestFormat {
    /// Response body on stdout, trace on stderr.
    Text,
    /// One JSON document on stdout.
    Json,
}

/// Options of `test`.
#[derive(Debug, Clone)]
pub(crate) struct TestOptions {
    /// Output format.
    pub format: TestFormat,
    /// `--timeout`, overriding the action's.
    pub timeout: Option<std::time::Duration>,
    /// `--mock`: answer from the action's `mock:` section on loopback.
    pub mock: bool,
    /// `--mock=NAME`: the answer to serve (the target action's, or each
    /// flow step's that has one so named).
    pub mock_answer: Option<String>,
    /// Answer names by action id, from `mock_answer` or a case's `mock:`.
    pub mock_picks: std::collections::HashMap<String, String>,
    /// `--case NAME` / `--cases`.
    pub case: super::CaseChoice,
    /// `--base-url`: replaces scheme, host and port.
    pub base_url: Option<url::Url>,
    /// Largest response body read.
    pub max_response_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: u32,
}

impl TestOptions {
    /// The engine's options, secrets from `secrets`, requests sent where
    /// `routes` say (see [`super::Settings::routes`]).
    pub(super) fn run_options<'a>(
        &'a self,
        secrets: &'a dyn Fn() -> SecretSources,
        routes: &'a Routes,
    ) -> RunOptions<'a> {
        RunOptions {
            timeout: self.timeout,
            mock: self.mock,
            mock_picks: &self.mock_picks,
            routes,
            max_response_bytes: self.max_response_bytes,
            max_redirects: self.max_redirects,
            secrets,
        }
    }
}

/// Shows a run on stderr through [`Io`], which masks from the moment
/// the engine hands over secrets: notes always, the exchange itself
/// (request, response, extractions, steps) only in the text format.
pub(super) struct Trace<'i, 'a> {
    io: &'i mut Io<'a>,
    exchange: bool,
}

impl<'i, 'a> Trace<'i, 'a> {
    /// A trace of a run in `format` on `io`.
    pub(super) fn new(io: &'i mut Io<'a>, format: TestFormat) -> Self {
        Self {
            io,
            exchange: format == TestFormat::Text,
        }
    }

    fn style(&self) -> Style {
        Style {
            color: self.io.colors.stderr,
            verbose: self.io.verbose,
        }
    }
}

impl Listener for Trace<'_, '_> {
    fn on(&mut self, event: Event<'_>) {
        let style = self.style();
        let io = &mut *self.io;
        if let Some(recorder) = &mut io.recorder {
            match &event {
                Event::StepStarted { action, .. } => recorder.step = Some(action.to_string()),
                Event::ActionDone(outcome) => recorder.keep(outcome, &io.redactor),
                _ => {}
            }
        }
        match event {
            Event::SecretPlaceholder(name) => io.note(&format!(
                "* secret {name} is not stored; --mock sends a placeholder instead"
            )),
            Event::SecretsResolved(redactor) => io.protect(redactor.clone()),
            // Said once per process, not once per flow step or action.
            Event::Note(note) => {
                if super::request::first_time_said(note) {
                    io.note(note);
                }
            }
            Event::Waiting => io.start_progress("waiting for the response"),
            Event::WaitOver => io.stop_progress(),
            Event::ActionDone(outcome) => {
                let warning = outcome
                    .exchange
                    .as_ref()
                    .and_then(|exchange| trace::not_json_warning(exchange, io.redactor()));
                if let Some(warning) = warning {
                    io.trace(&format!("{warning}\n"));
                }
            }
            // The rest is the exchange itself, which only text shows.
            _ if !self.exchange => {}
            Event::StepStarted {
                step,
                total,
                action,
            } => {
                io.trace(&format!("── step {step}/{total}: {action}\n"));
            }
            Event::Request(request) => io.trace(&trace::request_lines(request, style)),
            Event::Response { exchange, passed } => {
                io.trace(&trace::response_lines(exchange, passed, style));
            }
            Event::Checked(checks) => io.trace(&trace::check_lines(checks, style)),
            Event::AgentSees(shaped) => io.trace(&trace::agent_sees_lines(shaped, style)),
            Event::ExtractSkipped => {
                io.trace("* extract skipped: the response did not pass `expect`\n")
            }
            Event::Extracted(all) => {
                for e in all {
                    match &e.value {
                        Ok(v) => io.trace(&format!("* extracted {} = {v}\n", e.name)),
                        Err(problem) => {
                            io.trace(&format!("* extract {}: {} {problem}\n", e.name, e.path));
                        }
                    }
                }
            }
        }
    }
}

/// The `--format json` document of an action's outcome: the contract's
/// keys, `passed`, `failure` and `extracted`, whatever happened.
pub(super) fn outcome_json(outcome: &Outcome) -> serde_json::Value {
    let mut doc = trace::json_document(
        outcome.request.as_ref(),
        outcome.exchange.as_ref(),
        outcome.elapsed,
    );
    doc["passed"] = serde_json::Value::Bool(outcome.failure.is_none());
    doc["failure"] = outcome
        .failure
        .as_ref()
        .map_or(serde_json::Value::Null, Error::to_json);
    doc["checks"] = outcome
        .checks
        .iter()
        .map(|c| {
            serde_json::json!({
                "path": c.path,
                "expected": c.expected,
                "actual": c.actual,
                "passed": c.passed,
            })
        })
        .collect();
    doc["agent_sees"] = outcome.agent_sees.as_ref().map_or(
        serde_json::Value::Null,
        |shaped| serde_json::json!({"text": shaped.text, "cut": shaped.cut, "note": shaped.note}),
    );
    doc["extracted"] = outcome
        .extracted
        .as_ref()
        .map_or(serde_json::Value::Null, |all| {
            all.iter()
                .map(|e| {
                    let value = e.value.clone().unwrap_or(serde_json::Value::Null);
                    (e.name.clone(), value)
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        });
    doc
}

/// Keeps each attempt of a run, masked and cut, for the HTML report:
/// the requests and responses that `test --all` does not print.
pub(crate) struct Recorder {
    /// Names the environment variables the curl commands read.
    profile: Option<String>,
    /// The action of the flow step under way.
    step: Option<String>,
    /// The attempts so far, in order.
    pub(crate) attempts: Vec<Attempt>,
}

impl Recorder {
    /// A recorder whose curl commands read secrets as `profile` names them.
    pub(crate) fn new(profile: Option<String>) -> Self {
        Self {
            profile,
            step: None,
            attempts: Vec::new(),
        }
    }

    /// Keeps `outcome`, every text masked by `redactor` before it is cut.
    fn keep(&mut self, outcome: &Outcome, redactor: &Redactor) {
        let env_var = |name: &str| crate::io::secrets::env_var_name(name, self.profile.as_deref());
        let response = outcome.exchange.as_ref().map(|exchange| {
            let body = redactor.redact_bytes(&exchange.body);
            html::Response {
                status_line: redactor.redact(
                    format!(
                        "{} {} {}",
                        exchange.version, exchange.status, exchange.reason
                    )
                    .trim_end(),
                ),
                status_passed: !matches!(outcome.failure, Some(Error::CheckFailed { .. })),
                headers: exchange
                    .headers
                    .iter()
                    .map(|(n, v)| (redactor.redact(n), redactor.redact(v)))
                    .collect(),
                body: html::Response::shown_body(&body),
                duration: exchange.duration,
            }
        });
        self.attempts.push(Attempt {
            step: self.step.take(),
            request: outcome
                .request
                .as_ref()
                .map(|r| redactor.redact(&output::request_text(r))),
            curl: outcome
                .request
                .as_ref()
                .map(|r| redactor.redact(&output::request_curl(r, &env_var))),
            response,
            checks: outcome.checks.clone(),
            agent_sees: outcome
                .agent_sees
                .as_ref()
                .map(|shaped| Attempt::shown_agent_sees(&redactor.redact(&shaped.text))),
            failure: outcome
                .failure
                .as_ref()
                .map(|e| redactor.redact(&e.render(false))),
        });
    }
}
