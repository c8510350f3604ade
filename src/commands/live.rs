//! `test`: the live call, with its trace, mock server and prompts.

use std::collections::HashMap;

use crate::core::model::Action;
use crate::core::request;
use crate::core::validate::Validator;
use crate::error::Error;
use crate::io::secrets::{Redactor, ResolvedSecrets};
use crate::io::workspace::{Target, Workspace};
use crate::render::output;

use super::request::{RequestInputs, load_context, note_unset_context};
use super::{Io, Settings};
use crate::core::convert::TypedValue;

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
    /// `--base-url`: replaces scheme, host and port.
    pub base_url: Option<url::Url>,
    /// Largest response body read.
    pub max_response_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: u32,
}

/// How far one attempt at an action got, and how it ended.
#[derive(Default)]
pub(super) struct Outcome {
    /// The request as built (secrets symbolic); `None` when the inputs
    /// did not make one.
    pub request: Option<crate::core::request::Request>,
    /// The exchange, when one completed.
    pub exchange: Option<crate::io::transport::Exchange>,
    /// Time spent sending, when anything was sent (also on a transport
    /// failure).
    pub elapsed: Option<std::time::Duration>,
    /// The `extract:` results; `None` when extraction did not run (no
    /// response, or a status outside `expect`).
    pub extracted: Option<Vec<crate::core::extract::Extracted>>,
    /// Why the attempt failed, if it did.
    pub failure: Option<Error>,
}

impl Outcome {
    /// An attempt that failed before a request existed.
    pub(super) fn failed(error: Error) -> Self {
        Self {
            failure: Some(error),
            ..Self::default()
        }
    }

    /// The `--format json` document: the contract's keys, `passed`,
    /// `failure` and `extracted`, whatever happened.
    pub(super) fn json(&self) -> serde_json::Value {
        let mut doc = crate::render::trace::json_document(
            self.request.as_ref(),
            self.exchange.as_ref(),
            self.elapsed,
        );
        doc["passed"] = serde_json::Value::Bool(self.failure.is_none());
        doc["failure"] = self
            .failure
            .as_ref()
            .map_or(serde_json::Value::Null, Error::to_json);
        doc["extracted"] = self
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
}

/// `test`: sends the request and reports the exchange.
pub(crate) fn test(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    match ws.target(&inputs.action, &Validator::new()) {
        Ok(Target::Flow { id, checked }) => {
            super::flow::run_flow(io, settings, &id, checked, inputs, options)
        }
        Ok(Target::Action(action)) => test_action(io, settings, &action, inputs, options),
        Err(error) => report(io, options, Outcome::failed(error)),
    }
}

/// `test` for an action already loaded and checked.
pub(super) fn test_action(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let prepared = complete_variables(action, &inputs.vars, io.terminals().stdin)
        .and_then(|values| Ok((values, load_context(inputs.context.as_ref())?)));
    let outcome = match prepared {
        Ok((values, context)) => {
            note_unset_context(io, action, &values, &context);
            run(io, settings, action, &values, &context, options)
        }
        Err(error) => Outcome::failed(error),
    };
    report(io, options, outcome)
}

/// Prints what stdout gets for `outcome` (the JSON document, or the
/// response body) and ends as it did.
fn report(io: &mut Io, options: &TestOptions, outcome: Outcome) -> Result<(), Error> {
    match options.format {
        TestFormat::Json => io.data(&output::pretty(&outcome.json())),
        TestFormat::Text => {
            if let Some(exchange) = &outcome.exchange {
                let terminal = io.terminals().stdout;
                io.data_bytes(&crate::render::trace::stdout_body(exchange, terminal));
            }
        }
    }
    outcome.failure.map_or(Ok(()), Err)
}

/// Builds, sends and traces one action's request, and checks the
/// response; the caller decides what to print on stdout.
pub(super) fn run(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &crate::core::context::Context,
    options: &TestOptions,
) -> Outcome {
    let mut outcome = Outcome::default();
    if let Err(error) = exchange(&mut outcome, io, settings, action, values, context, options) {
        outcome.failure = Some(error);
    }
    outcome
}

/// The steps of [`run`], recording in `outcome` how far they got.
fn exchange(
    outcome: &mut Outcome,
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &crate::core::context::Context,
    options: &TestOptions,
) -> Result<(), Error> {
    let request = outcome
        .request
        .insert(request::build(action, values, context)?);
    if let Some(timeout) = options.timeout {
        request.timeout = timeout;
    }
    let mock_server = if options.mock {
        let mock = action.mock.as_ref().ok_or_else(|| {
            Error::Input(format!(
                "action `{}` has no `mock:` section to answer --mock",
                action.id
            ))
        })?;
        let answer = crate::io::mock::Answer::from_mock(mock);
        let server = crate::io::mock::MockServer::start(answer).map_err(|e| {
            Error::Input(format!("could not start the mock server on 127.0.0.1: {e}"))
        })?;
        Some(server)
    } else {
        None
    };
    let base = match (&mock_server, &options.base_url) {
        (Some(server), _) => {
            Some(url::Url::parse(&server.base_url()).map_err(|e| Error::Input(e.to_string()))?)
        }
        (None, base) => base.clone(),
    };
    if let Some(base) = &base {
        request.url = request::apply_base_url(&request.url, base)?;
    }
    let secrets = if options.mock {
        let secrets = mock_secrets(io, settings, action);
        io.protect(Redactor::for_request(request, &secrets));
        secrets
    } else {
        super::request::resolve_secrets(io, settings, action, request)?
    };
    let wire =
        crate::io::transport::WireRequest::from_request(request, &|name| secrets.value(name))?;
    let style = crate::render::trace::Style {
        color: io.colors.stderr,
        verbose: io.verbose,
    };
    let show_trace = options.format == TestFormat::Text;
    if show_trace {
        io.trace(&crate::render::trace::request_lines(request, style));
    }
    let limits = crate::io::transport::Limits {
        timeout: request.timeout,
        max_response_bytes: options.max_response_bytes,
        max_redirects: options.max_redirects,
        mock: options.mock,
    };
    io.start_progress("waiting for the response");
    let started = std::time::Instant::now();
    let sent = crate::io::transport::send(&wire, limits);
    outcome.elapsed = Some(started.elapsed());
    io.stop_progress();
    drop(mock_server);
    let exchange = outcome.exchange.insert(sent?);
    let passed = action.expect.accepts(exchange.status);
    if show_trace {
        io.trace(&crate::render::trace::response_lines(
            exchange, passed, style,
        ));
    }
    if !passed {
        if show_trace && !action.extract.is_empty() {
            io.trace("* extract skipped: the status is outside `expect`\n");
        }
        warn_if_not_json(io, exchange);
        return Err(status_failure(action, exchange));
    }
    let body: Option<serde_json::Value> = serde_json::from_slice(&exchange.body).ok();
    let extracted = outcome.extracted.insert(crate::core::extract::extract(
        &action.extract,
        body.as_ref(),
    ));
    if show_trace {
        for e in extracted.iter() {
            match &e.value {
                Ok(v) => io.trace(&format!("* extracted {} = {v}\n", e.name)),
                Err(problem) => io.trace(&format!("* extract {}: {} {problem}\n", e.name, e.path)),
            }
        }
    }
    warn_if_not_json(io, exchange);
    let failed: Vec<String> = extracted
        .iter()
        .filter_map(|e| {
            let problem = e.value.as_ref().err()?;
            Some(format!("{} ({}) {problem}", e.name, e.path))
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Extract {
            action: action.id.clone(),
            failed,
        })
    }
}

fn warn_if_not_json(io: &mut Io, exchange: &crate::io::transport::Exchange) {
    if let Some(warning) = crate::render::trace::not_json_warning(exchange) {
        io.trace(&format!("{warning}\n"));
    }
}

/// The error for a status outside `expect`, with what it usually means.
fn status_failure(action: &Action, exchange: &crate::io::transport::Exchange) -> Error {
    Error::CheckFailed {
        action: action.id.clone(),
        status: format!("{} {}", exchange.status, exchange.reason)
            .trim_end()
            .to_string(),
        expected: crate::render::trace::describe_expect(&action.expect),
        hint: crate::render::trace::status_hint(exchange.status, action),
    }
}

/// Converts `--var` values; asks for missing required ones when stdin
/// is a terminal, and fails naming them otherwise; then applies defaults.
pub(super) fn complete_variables(
    action: &Action,
    given: &[(String, String)],
    can_prompt: bool,
) -> Result<HashMap<String, TypedValue>, Error> {
    let mut values = request::convert_given(action, given)?;
    let missing = request::missing_required(action, &values);
    if !missing.is_empty() {
        if !can_prompt {
            return Err(request::BuildError::MissingRequired(missing).into());
        }
        let to_ask: Vec<&crate::core::model::Variable> =
            missing.iter().filter_map(|n| action.variable(n)).collect();
        let answers = crate::io::prompt::ask(&to_ask)?;
        values.extend(request::convert_given(action, &answers)?);
    }
    Ok(request::with_defaults(action, values))
}

/// Secrets for `--mock`: stored ones when present, placeholders otherwise.
fn mock_secrets(io: &mut Io, settings: &Settings, action: &Action) -> ResolvedSecrets {
    let sources = settings.secret_sources();
    let mut resolved = ResolvedSecrets::default();
    for name in action.secret_names() {
        match sources.lookup(name).0 {
            Some((value, from)) => resolved.insert(name, value, from),
            None => {
                io.note(&format!(
                    "* secret {name} is not stored; --mock sends a placeholder instead"
                ));
                resolved.insert(
                    name,
                    format!("mock-placeholder-for-{name}"),
                    "a --mock placeholder".into(),
                );
            }
        }
    }
    resolved
}
