//! One action: build its request, find its secrets (or placeholders
//! under `--mock`), send it, check the response (status, then
//! `expect`'s other checks) and extract.

use std::collections::HashMap;

use crate::core::check::{CheckResult, Response};
use crate::core::context::Context;
use crate::core::convert::TypedValue;
use crate::core::model::Action;
use crate::core::request::{self, Request};
use crate::core::shape::{ResponseShape, Shaped};
use crate::core::text::cut_line;
use crate::error::Error;
use crate::io::mock::{Answer, MockServer};
use crate::io::secrets::{Redactor, ResolvedSecrets, SecretSources};
use crate::io::transport::{self, Exchange, Limits, WireRequest};

use super::{Event, Listener, RunOptions};

/// How far one attempt at an action got, and how it ended.
#[derive(Default)]
pub(crate) struct Outcome {
    /// The request as built (secrets symbolic); `None` when the inputs
    /// did not make one.
    pub request: Option<Request>,
    /// The exchange, when one completed.
    pub exchange: Option<Exchange>,
    /// Time spent sending, when anything was sent (also on a transport
    /// failure).
    pub elapsed: Option<std::time::Duration>,
    /// The `extract:` results; `None` when extraction did not run (no
    /// response, or a status outside `expect`).
    pub extracted: Option<Vec<crate::core::extract::Extracted>>,
    /// The checks of `expect` beyond status (passed and failed), masked
    /// and cut to a readable length; empty when there was no response
    /// or nothing to check.
    pub checks: Vec<CheckResult>,
    /// The body as the agent is handed it (`response:` applied to the
    /// masked body; the whole body when the action has no `response:`);
    /// `None` when no response came.
    pub agent_sees: Option<Shaped>,
    /// Why the attempt failed, if it did.
    pub failure: Option<Error>,
}

impl Outcome {
    /// An attempt that failed before a request existed.
    pub(crate) fn failed(error: Error) -> Self {
        Self {
            failure: Some(error),
            ..Self::default()
        }
    }
}

/// Runs `action` with `values` (converted, defaults applied) and
/// `context`; tells `listener` what happens, ending with
/// [`Event::ActionDone`].
pub(crate) fn run_action(
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &Context,
    options: &RunOptions,
    listener: &mut dyn Listener,
) -> Outcome {
    let mut outcome = Outcome::default();
    if let Err(error) = attempt(&mut outcome, action, values, context, options, listener) {
        outcome.failure = Some(error);
    }
    listener.on(Event::ActionDone(&outcome));
    outcome
}

/// The steps of [`run_action`], recording in `outcome` how far they got.
fn attempt(
    outcome: &mut Outcome,
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &Context,
    options: &RunOptions,
    listener: &mut dyn Listener,
) -> Result<(), Error> {
    let request = outcome
        .request
        .insert(request::build(action, values, context)?);
    if let Some(timeout) = options.timeout {
        request.timeout = timeout;
    }
    let mock_server = options
        .mock
        .then(|| serve_mock(action, values, context, options))
        .transpose()?;
    request.url = match &mock_server {
        Some(server) => {
            let base =
                url::Url::parse(&server.base_url()).map_err(|e| Error::Input(e.to_string()))?;
            request::apply_base_url(&request.url, &base)?
        }
        None => options.routes.apply(&request.url)?,
    };
    let (secrets, redactor) = if options.mock {
        mock_secrets(action, request, options, listener)
    } else {
        resolve_secrets(action, request, options, listener)?
    };
    let wire = WireRequest::from_request(request, &|name| secrets.value(name))?;
    listener.on(Event::Request(request));
    let limits = Limits {
        timeout: request.timeout,
        max_response_bytes: options.max_response_bytes,
        max_redirects: options.max_redirects,
        mock: options.mock,
    };
    listener.on(Event::Waiting);
    let started = std::time::Instant::now();
    let sent = transport::send(&wire, limits);
    outcome.elapsed = Some(started.elapsed());
    listener.on(Event::WaitOver);
    drop(mock_server);
    let mut exchange = sent?;
    let status_passed = action.expect.accepts(exchange.status);
    let checks = run_checks(action, &exchange, &redactor);
    let passed = status_passed && checks.iter().all(|c| c.passed);
    let extracted = passed.then(|| extract(action, &exchange));
    exchange.mask_secrets(&redactor);
    let exchange = outcome.exchange.insert(exchange);
    listener.on(Event::Response {
        exchange,
        passed: status_passed,
    });
    outcome.checks = checks;
    if !outcome.checks.is_empty() {
        listener.on(Event::Checked(&outcome.checks));
    }
    let whole_body = ResponseShape::default();
    let shape = action.response.as_ref().unwrap_or(&whole_body);
    let agent_sees = outcome.agent_sees.insert(shape.apply(&exchange.body));
    if action.response.is_some() {
        listener.on(Event::AgentSees(agent_sees));
    }
    let Some(extracted) = extracted else {
        if !action.extract.is_empty() {
            listener.on(Event::ExtractSkipped);
        }
        let failed = failed_check_lines(&outcome.checks);
        return Err(if status_passed {
            Error::ChecksFailed {
                action: action.id.clone(),
                failed,
            }
        } else {
            status_failure(action, exchange, failed)
        });
    };
    let extracted = outcome.extracted.insert(extracted);
    listener.on(Event::Extracted(extracted));
    extract_failure(action, extracted).map_or(Ok(()), Err)
}

/// Longest path, expected or actual value of a check shown, in
/// characters: a whole body in a message helps nobody.
const MAX_CHECK_TEXT: usize = 200;

/// The checks of `expect` over the exchange as received, each text
/// masked first and then cut (a secret straddling the cut would keep
/// its first characters otherwise).
fn run_checks(action: &Action, exchange: &Exchange, redactor: &Redactor) -> Vec<CheckResult> {
    let checks = &action.expect.checks;
    if checks.is_empty() {
        return Vec::new();
    }
    let shown = |text: &str| cut_line(&redactor.redact(text), MAX_CHECK_TEXT).into_owned();
    checks
        .run(&Response {
            headers: &exchange.headers,
            body: &exchange.body,
            elapsed: exchange.duration,
        })
        .into_iter()
        .map(|c| CheckResult {
            path: shown(&c.path),
            expected: shown(&c.expected),
            actual: shown(&c.actual),
            passed: c.passed,
        })
        .collect()
}

/// One line per failed check.
fn failed_check_lines(checks: &[CheckResult]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| !c.passed)
        .map(CheckResult::line)
        .collect()
}

/// The action's extractions from the exchange as received: values are
/// read before the exchange is masked for showing.
fn extract(action: &Action, exchange: &Exchange) -> Vec<crate::core::extract::Extracted> {
    if action.extract.is_empty() {
        return Vec::new();
    }
    let body: Option<serde_json::Value> = serde_json::from_slice(&exchange.body).ok();
    crate::core::extract::extract(&action.extract, body.as_ref())
}

/// A loopback server answering with the action's mock answer for this
/// request: the one named for the action in the options, else the first
/// whose `when:` the values meet, its body rendered with the values.
fn serve_mock(
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &Context,
    options: &RunOptions,
) -> Result<MockServer, Error> {
    let name = options.mock_picks.get(&action.id).map(String::as_str);
    let mock = crate::core::mock::pick(&action.id, &action.mock, name, values)
        .map_err(|e| Error::Input(e.to_string()))?;
    let lookup = |name: &str| {
        values
            .get(name)
            .cloned()
            .or_else(|| context.get(name).map(|v| TypedValue::Text(v.to_string())))
    };
    let body = crate::core::mock::render_body(mock, &lookup);
    MockServer::start(Answer::from_mock(mock, body.as_ref()))
        .map_err(|e| Error::Input(format!("could not start the mock server on 127.0.0.1: {e}")))
}

/// The action's secrets from the sources (keychain, then environment);
/// the listener gets their redactor, then any note about the sources.
fn resolve_secrets(
    action: &Action,
    request: &Request,
    options: &RunOptions,
    listener: &mut dyn Listener,
) -> Result<(ResolvedSecrets, Redactor), Error> {
    let names = action.secret_names();
    if names.is_empty() {
        return Ok(Default::default());
    }
    let (resolved, redactor, notes) =
        resolve_stored_secrets(action, request, &(options.secrets)())?;
    listener.on(Event::SecretsResolved(&redactor));
    for note in &notes {
        listener.on(Event::Note(note));
    }
    Ok((resolved, redactor))
}

/// The action's secrets from `sources`, the redactor that masks them in
/// and around `request`, and the notes about the sources; shared with
/// `dry-run`, which resolves exactly as a run does.
pub(crate) fn resolve_stored_secrets(
    action: &Action,
    request: &Request,
    sources: &SecretSources,
) -> Result<(ResolvedSecrets, Redactor, Vec<String>), Error> {
    let (resolved, notes) = sources.resolve(&action.id, &action.secret_names())?;
    let redactor = Redactor::for_request(request, &resolved);
    Ok((resolved, redactor, notes))
}

/// Secrets for `--mock`: stored ones when present, placeholders otherwise.
fn mock_secrets(
    action: &Action,
    request: &Request,
    options: &RunOptions,
    listener: &mut dyn Listener,
) -> (ResolvedSecrets, Redactor) {
    let sources = (options.secrets)();
    let mut resolved = ResolvedSecrets::default();
    for name in action.secret_names() {
        match sources.lookup(name).0 {
            Some((value, from)) => resolved.insert(name, value, from),
            None => {
                listener.on(Event::SecretPlaceholder(name));
                resolved.insert(
                    name,
                    format!("mock-placeholder-for-{name}"),
                    "a --mock placeholder".into(),
                );
            }
        }
    }
    let redactor = Redactor::for_request(request, &resolved);
    listener.on(Event::SecretsResolved(&redactor));
    (resolved, redactor)
}

/// The error for a status outside `expect`, with what it usually means.
fn status_failure(action: &Action, exchange: &Exchange, checks: Vec<String>) -> Error {
    Error::CheckFailed {
        checks,
        action: action.id.clone(),
        status: format!("{} {}", exchange.status, exchange.reason)
            .trim_end()
            .to_string(),
        expected: crate::core::explain::describe_expect(&action.expect),
        hint: crate::core::explain::status_hint(exchange.status, action),
    }
}

/// The error for the extractions that failed, if any did.
fn extract_failure(
    action: &Action,
    extracted: &[crate::core::extract::Extracted],
) -> Option<Error> {
    let failed: Vec<String> = extracted
        .iter()
        .filter_map(|e| {
            let problem = e.value.as_ref().err()?;
            Some(format!("{} ({}) {problem}", e.name, e.path))
        })
        .collect();
    (!failed.is_empty()).then(|| Error::Extract {
        action: action.id.clone(),
        failed,
    })
}
