//! `test`: the live call, with its trace, mock server and prompts.

use std::collections::HashMap;

use crate::error::Error;
use crate::model::Action;
use crate::output;
use crate::request;
use crate::secrets::{Redactor, ResolvedSecrets};
use crate::validate::Validator;
use crate::workspace::Workspace;

use super::request::{RequestInputs, load_context, note_unset_context};
use super::{Io, Settings};
use crate::convert::TypedValue;

/// Output formats of `test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    /// Response body on stdout, trace on stderr.
    Text,
    /// One JSON document on stdout.
    Json,
}

/// Options of `test`.
#[derive(Debug, Clone)]
pub struct TestOptions {
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
    /// Show a progress line while waiting (off when runs go in parallel).
    pub progress: bool,
}

/// What one live call produced.
pub struct Outcome {
    /// The request as sent (secrets symbolic).
    pub request: crate::request::Request,
    /// The exchange.
    pub exchange: crate::transport::Exchange,
    /// Whether the status passed `expect`.
    pub passed: bool,
    /// The `extract:` results.
    pub extracted: Vec<crate::extract::Extracted>,
}

impl Outcome {
    /// The extractions that matched nothing.
    pub fn missing_extractions(&self) -> Vec<String> {
        self.extracted
            .iter()
            .filter(|e| e.value.is_none())
            .map(|e| format!("{} ({})", e.name, e.path))
            .collect()
    }

    /// The error this outcome ends in, if any: a failing status first,
    /// then extractions that matched nothing.
    pub fn failure(&self, action: &Action) -> Option<Error> {
        if !self.passed {
            return Some(Error::CheckFailed {
                action: action.id.clone(),
                status: format!("{} {}", self.exchange.status, self.exchange.reason)
                    .trim_end()
                    .to_string(),
                expected: crate::trace::describe_expect(&action.expect),
                hint: crate::trace::status_hint(self.exchange.status, action),
            });
        }
        let missing = self.missing_extractions();
        (!missing.is_empty()).then(|| {
            Error::Check(format!(
                "{}: extract matched nothing in the response: {}",
                action.id,
                missing.join(", ")
            ))
        })
    }

    /// The `--format json` document.
    pub fn json(&self) -> serde_json::Value {
        let mut doc = crate::trace::json_document(&self.request, &self.exchange, self.passed);
        let extracted: serde_json::Map<String, serde_json::Value> = self
            .extracted
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.value.clone().unwrap_or(serde_json::Value::Null),
                )
            })
            .collect();
        doc["extracted"] = serde_json::Value::Object(extracted);
        doc
    }
}

/// `test`: sends the request and reports the exchange.
pub fn test(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    if let Some(flow) = super::flow::flow_target(ws, &inputs.action) {
        return super::flow::run_flow(io, ws, settings, &flow, inputs, options);
    }
    let (action, _) = ws.load(&inputs.action, &Validator::new())?;
    test_action(io, settings, &action, inputs, options)
}

/// `test` for an action already loaded and checked.
pub fn test_action(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    use std::io::IsTerminal;

    let values = complete_variables(action, &inputs.vars)?;
    let context = load_context(inputs.context.as_ref())?;
    note_unset_context(io, action, &values, &context);
    let outcome = run(io, settings, action, &values, &context, options)?;
    match options.format {
        TestFormat::Json => io.data(&output::pretty(&outcome.json())),
        TestFormat::Text => io.data_bytes(&crate::trace::stdout_body(
            &outcome.exchange.body,
            std::io::stdout().is_terminal(),
        )),
    }
    outcome.failure(action).map_or(Ok(()), Err)
}

/// Builds, sends and traces one action's request; the caller decides
/// what to print on stdout and how the outcome ends.
pub fn run(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &crate::context::Context,
    options: &TestOptions,
) -> Result<Outcome, Error> {
    use std::io::IsTerminal;

    let mut request = request::build(action, values, context)?;
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
        let server = crate::mock::MockServer::start(mock).map_err(|e| {
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
        io.protect(Redactor::for_request(&request, &secrets));
        secrets
    } else {
        super::request::resolve_secrets(io, settings, action, &request)?
    };
    let style = crate::trace::Style {
        color: io.colors.stderr,
        verbose: io.verbose,
    };
    let show_trace = options.format == TestFormat::Text;
    if show_trace {
        io.trace(&crate::trace::request_lines(&request, style));
    }
    let wire = crate::transport::WireRequest::from_request(&request, &|name| secrets.value(name));
    let limits = crate::transport::Limits {
        timeout: request.timeout,
        max_response_bytes: options.max_response_bytes,
        max_redirects: options.max_redirects,
    };
    let progress = (!io.quiet && options.progress && std::io::stderr().is_terminal())
        .then(|| crate::term::Progress::start("waiting for the response"));
    let sent = crate::transport::send(&wire, limits);
    drop(progress);
    drop(mock_server);
    let mut exchange = sent?;
    let passed = action.expect.accepts(exchange.status);
    let body: Option<serde_json::Value> = serde_json::from_slice(&exchange.body).ok();
    let extracted = crate::extract::extract(&action.extract, body.as_ref());
    drop(body);
    crate::trace::redact_exchange(&mut exchange, io.redactor());
    if show_trace {
        io.trace(&crate::trace::response_lines(&exchange, passed, style));
        for e in &extracted {
            match &e.value {
                Some(v) => io.trace(&format!("* extracted {} = {v}\n", e.name)),
                None => io.trace(&format!(
                    "* extract {}: {} matched nothing\n",
                    e.name, e.path
                )),
            }
        }
    }
    if let Some(warning) = crate::trace::not_json_warning(&exchange, io.redactor()) {
        io.trace(&format!("{warning}\n"));
    }
    Ok(Outcome {
        request,
        exchange,
        passed,
        extracted,
    })
}

/// Converts `--var` values; asks for missing required ones on a
/// terminal, and fails naming them otherwise; then applies defaults.
pub(super) fn complete_variables(
    action: &Action,
    given: &[(String, String)],
) -> Result<HashMap<String, TypedValue>, Error> {
    use std::io::IsTerminal;

    let mut values = request::convert_given(action, given)?;
    let missing = request::missing_required(action, &values);
    if !missing.is_empty() {
        if !std::io::stdin().is_terminal() {
            return Err(request::BuildError::MissingRequired(missing).into());
        }
        let to_ask: Vec<&crate::model::Variable> =
            missing.iter().filter_map(|n| action.variable(n)).collect();
        let answers = crate::prompt::ask(&to_ask)?;
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
