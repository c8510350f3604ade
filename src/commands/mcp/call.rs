//! One `tools/call`: the arguments converted as `--var` values are, the
//! action (or flow) run by the engine with the options `test` would
//! use, and the reply: what the agent sees, or why it failed in one
//! line, every byte through the redactors the engine handed over.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::core::arguments;
use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::core::request;
use crate::core::shape::Shaped;
use crate::engine::{self, Event, Listener};
use crate::error::Error;
use crate::io::keychain::{Keychain, KeychainChoice};
use crate::io::secrets::{EnvStore, Redactor, SecretSources, SecretStore, StoreError};

use super::super::cases::with_mock_answer;
use super::super::request::{first_time_said, load_context};
use super::super::run::TestOptions;
use super::Log;
use super::catalog::{Catalog, Target};

/// How every call runs: `test`'s options and `--context`.
pub(crate) struct Launch {
    /// As `test` takes them (`--mock[=NAME]`, `--timeout`, `--base-url`, limits).
    pub options: TestOptions,
    /// `--context FILE`, read again for each call.
    pub context: Option<std::path::PathBuf>,
    /// A conversation file's own `context:` (a context file's text),
    /// used instead of `context` when given.
    pub inline_context: Option<String>,
}

impl Launch {
    /// The context of one call, with the selected environment's values.
    pub(super) fn context(
        &self,
        environment: Option<&crate::core::environment::Environment>,
    ) -> Result<crate::core::context::Context, Error> {
        let Some(text) = &self.inline_context else {
            return load_context(self.context.as_ref(), environment);
        };
        let from_file = load_context(None, environment)?;
        let inline = crate::core::context::Context::parse(text.as_bytes()).map_err(|source| {
            Error::Context {
                path: "the conversation's context".into(),
                source,
            }
        })?;
        let now = from_file
            .get("current_datetime")
            .unwrap_or_default()
            .to_string();
        Ok(inline
            .with_default_datetime(&now)
            .with_environment(environment))
    }
}

/// What a call answers, masked.
#[derive(Debug, PartialEq)]
pub(super) struct Reply {
    /// The shaped body, or the one-line reason it failed.
    pub text: String,
    /// The shaped body when it is a JSON object.
    pub structured: Option<Value>,
    /// The call failed: status outside `expect`, a failed check, a
    /// transport error, bad arguments, a missing secret, no such tool.
    pub failed: bool,
}

/// Runs tool `name` of `catalog` with `arguments`, telling `listener`
/// what happens: what the agent sees, or why the call failed (unmasked:
/// the listener was handed the redactors).
pub(crate) fn run_tool(
    catalog: &Catalog,
    launch: &Launch,
    name: &str,
    arguments: &Map<String, Value>,
    listener: &mut dyn Listener,
) -> Result<Option<Shaped>, Error> {
    match catalog.targets.get(name) {
        None => Err(unknown_tool(name, catalog)),
        Some(Target::Action(action)) => call_action(catalog, launch, action, arguments, listener),
        Some(Target::Flow(flow)) => call_flow(catalog, launch, flow, arguments, listener),
    }
}

/// Runs tool `name` of `catalog` with `arguments`.
pub(super) fn call(
    catalog: &Catalog,
    launch: &Launch,
    name: &str,
    arguments: &Map<String, Value>,
    log: &Log,
) -> Reply {
    let mut listener = Collect {
        redactor: Redactor::default(),
        log,
    };
    let result = run_tool(catalog, launch, name, arguments, &mut listener);
    let reply = reply(result, &listener.redactor);
    let name = logged_name(name, &listener.redactor);
    let said = if reply.failed {
        format!("tools/call {name}: failed: {}", reply.text)
    } else {
        format!("tools/call {name}: ok")
    };
    log.line(&said, &listener.redactor);
    reply
}

/// The reply for what a call came to, masked by `redactor`.
fn reply(result: Result<Option<Shaped>, Error>, redactor: &Redactor) -> Reply {
    match result {
        Ok(shaped) => {
            let text = shaped.map(|s| s.text).unwrap_or_default();
            let text = String::from_utf8_lossy(&redactor.redact_data(text.as_bytes())).into_owned();
            let structured = serde_json::from_str::<Value>(&text)
                .ok()
                .filter(Value::is_object);
            Reply {
                text,
                structured,
                failed: false,
            }
        }
        Err(error) => Reply {
            text: crate::core::text::cut_line(
                &one_line(&redactor.redact(&error.to_string())),
                MAX_REASON,
            )
            .into_owned(),
            structured: None,
            failed: true,
        },
    }
}

/// The longest reason a failed call gives, in characters: the agent and
/// the log get one readable line, whatever an argument held.
const MAX_REASON: usize = 2_000;

/// The longest tool name looked for; MCP's own limit is 128.
const MAX_TOOL_NAME: usize = 128;

/// A tool name as the log line shows it: masked, then escaped and cut,
/// so no name can forge a line or make one huge.
fn logged_name(name: &str, redactor: &Redactor) -> String {
    if name.len() > MAX_TOOL_NAME {
        return format!("({} bytes)", crate::core::text::thousands(name.len()));
    }
    let shown = crate::core::constraint::shown(&redactor.redact(name));
    shown[1..shown.len() - 1].to_string()
}

/// `text` on one line: its lines joined with `; `.
pub(crate) fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn unknown_tool(name: &str, catalog: &Catalog) -> Error {
    if name.len() > MAX_TOOL_NAME {
        // Not repeated, and not compared with every tool's name: that
        // would take time in proportion to what the client sent.
        return Error::Input(format!(
            "unknown tool: a name of {} bytes (tool names have at most {MAX_TOOL_NAME}): see tools/list",
            crate::core::text::thousands(name.len())
        ));
    }
    let hint = crate::core::suggest::did_you_mean(name, catalog.targets.keys().map(String::as_str));
    Error::Input(format!(
        "unknown tool {}{hint}: see tools/list",
        crate::core::constraint::shown(name)
    ))
}

/// An action run as `test ACTION --var ...` runs it, without prompting.
fn call_action(
    catalog: &Catalog,
    launch: &Launch,
    action: &Action,
    arguments: &Map<String, Value>,
    listener: &mut dyn Listener,
) -> Result<Option<Shaped>, Error> {
    let options = with_mock_answer(&launch.options, std::iter::once(action))?;
    let context = launch.context(catalog.settings.environment.as_ref())?;
    request::require_env_values(&action.env_keys, &context)?;
    let given = arguments::as_var_text(&action.variables, arguments)?;
    let values = request::resolve_variables(action, &given)?;
    let secrets = || secret_sources(catalog);
    let routes = catalog.settings.routes(options.base_url.as_ref());
    let run_options = options.run_options(&secrets, &routes);
    let mut tee = Tee {
        listener,
        redactor: Redactor::default(),
    };
    let outcome = engine::run_action(action, &values, &context, &run_options, &mut tee);
    match outcome.failure {
        Some(error) => {
            let said = api_said(outcome.exchange.as_ref(), &tee.redactor);
            Err(with_api_said(error, said))
        }
        None => Ok(outcome.agent_sees),
    }
}

/// A flow run as `test FLOW --var ...` runs it: the last step's shaped
/// body, or where and why it stopped.
fn call_flow(
    catalog: &Catalog,
    launch: &Launch,
    flow: &Flow,
    arguments: &Map<String, Value>,
    listener: &mut dyn Listener,
) -> Result<Option<Shaped>, Error> {
    let steps = flow
        .steps
        .iter()
        .filter_map(|s| catalog.actions.get(&s.action));
    let options = with_mock_answer(&launch.options, steps)?;
    let context = launch.context(catalog.settings.environment.as_ref())?;
    let given = arguments::as_var_text(&flow.variables, arguments)?;
    let secrets = || secret_sources(catalog);
    let routes = catalog.settings.routes(options.base_url.as_ref());
    let run_options = options.run_options(&secrets, &routes);
    let mut tee = Tee {
        listener,
        redactor: Redactor::default(),
    };
    let outcome = engine::run_flow(
        flow,
        &catalog.actions,
        &given,
        &context,
        &run_options,
        &mut tee,
    );
    let last = outcome.steps.last();
    let shaped = last.and_then(|step| step.outcome.agent_sees.clone());
    let said = api_said(
        last.and_then(|step| step.outcome.exchange.as_ref()),
        &tee.redactor,
    );
    outcome
        .into_result()
        .map(|()| shaped)
        .map_err(|error| with_api_said(error, said))
}

/// The most of an error body given beside a failed status, in characters.
const API_SAID_CHARS: usize = 300;

/// The start of the response body, masked, on one line and cut: an
/// agent cannot look at the exchange, and the API's own words (`wrong
/// PIN`) often say what it should do, where the status hint speaks to
/// the developer.
fn api_said(
    exchange: Option<&crate::io::transport::Exchange>,
    redactor: &Redactor,
) -> Option<String> {
    let body = &exchange?.body;
    // Masked before it is cut, so no secret is cut in two out of the
    // redactor's sight; 64 KiB is far more than is ever shown.
    let start = &body[..body.len().min(64 * 1024)];
    let masked = redactor.redact_data(start);
    let flat = String::from_utf8_lossy(&masked)
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!flat.is_empty()).then(|| crate::core::text::cut_line(&flat, API_SAID_CHARS).into_owned())
}

/// `error` with the body excerpt beside a status failure (also one that
/// stopped a flow).
fn with_api_said(mut error: Error, said: Option<String>) -> Error {
    let mut target = &mut error;
    if let Error::FlowStopped { reason, .. } = target {
        target = reason.as_mut();
    }
    // Beside the hint, so that it comes before any other failed check.
    if let (Error::CheckFailed { hint, .. }, Some(said)) = (target, said) {
        hint.push_str("; the API said: ");
        hint.push_str(&said);
    }
    error
}

/// Passes every event on, keeping the redactors handed over.
struct Tee<'l> {
    listener: &'l mut dyn Listener,
    redactor: Redactor,
}

impl Listener for Tee<'_> {
    fn on(&mut self, event: Event<'_>) {
        if let Event::SecretsResolved(redactor) = &event {
            self.redactor.merge((*redactor).clone());
        }
        self.listener.on(event);
    }
}

/// The keychain opened once for the catalog's settings, then the
/// environment; the environment alone with `--keychain none`.
fn secret_sources(catalog: &Catalog) -> SecretSources {
    let settings = &catalog.settings;
    let env = EnvStore {
        profile: settings.profile.clone(),
    };
    if settings.keychain == KeychainChoice::None {
        return SecretSources::environment_only(env);
    }
    let opened = catalog
        .keychain
        .get_or_init(|| settings.keychain().map(Arc::new));
    let keychain = opened
        .clone()
        .map(|k| Box::new(SharedKeychain(k)) as Box<dyn SecretStore>);
    SecretSources::new(keychain, env)
}

/// One keychain, asked by every call in flight.
struct SharedKeychain(Arc<Keychain>);

impl SecretStore for SharedKeychain {
    fn describe(&self, name: &str) -> String {
        self.0.describe(name)
    }

    fn get(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.0.get(name)
    }
}

/// Keeps the redactors the engine hands over, and says its notes once
/// per process on stderr.
struct Collect<'l> {
    redactor: Redactor,
    log: &'l Log,
}

impl Listener for Collect<'_> {
    fn on(&mut self, event: Event<'_>) {
        match event {
            Event::SecretsResolved(redactor) => self.redactor.merge(redactor.clone()),
            Event::Note(note) if first_time_said(note) => self.log.line(note, &self.redactor),
            Event::SecretPlaceholder(name) => {
                let note =
                    format!("secret {name} is not stored; --mock sends a placeholder instead");
                if first_time_said(&note) {
                    self.log.line(&note, &self.redactor);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(text: &str) -> Option<Shaped> {
        Some(Shaped {
            text: text.into(),
            cut: false,
            note: None,
        })
    }

    #[test]
    fn an_object_body_is_also_structured_content_and_other_bodies_are_not() {
        let none = Redactor::default();
        let object = reply(Ok(shaped(r#"{"a":1}"#)), &none);
        assert_eq!(object.structured, Some(serde_json::json!({"a": 1})));
        for text in [
            "[1]",
            "\"x\"",
            "plain",
            "{\"cut\":…[cut: 3 of 9 characters]",
        ] {
            assert_eq!(reply(Ok(shaped(text)), &none).structured, None, "{text}");
        }
    }

    fn exchange(body: &[u8]) -> crate::io::transport::Exchange {
        crate::io::transport::Exchange {
            redirects: vec![],
            redirect_refused: None,
            version: "HTTP/1.1".into(),
            status: 403,
            reason: "Forbidden".into(),
            headers: vec![],
            body: body.to_vec(),
            duration: std::time::Duration::ZERO,
            bytes_sent: 0,
        }
    }

    #[test]
    fn the_api_said_is_masked_then_flattened_and_cut() {
        let mut redactor = Redactor::default();
        redactor.add("key", "s3cr3t-value");
        let body = b"{\n  \"error\": \"wrong PIN\",\r\n\t\"token\": \"s3cr3t-value\"\x1b[31m }";
        assert_eq!(
            api_said(Some(&exchange(body)), &redactor).as_deref(),
            Some(r#"{ "error": "wrong PIN", "token": "<secret:key>" [31m }"#)
        );
        let long = "x".repeat(100_000);
        let said = api_said(Some(&exchange(long.as_bytes())), &redactor).unwrap();
        assert!(said.starts_with(&"x".repeat(API_SAID_CHARS)), "{said}");
        assert!(said.ends_with("more bytes)"), "{said}");
        assert_eq!(api_said(Some(&exchange(b" \n ")), &redactor), None);
        assert_eq!(api_said(None, &redactor), None);
    }

    #[test]
    fn a_reply_masks_secrets_and_keeps_json_valid() {
        let mut redactor = Redactor::default();
        redactor.add("key", "s3cr3t-value");
        let ok = reply(Ok(shaped(r#"{"echo":"Bearer s3cr3t-value"}"#)), &redactor);
        assert_eq!(ok.text, r#"{"echo":"Bearer <secret:key>"}"#);
        assert!(ok.structured.is_some());
        let failed = reply(
            Err(Error::Input("line one s3cr3t-value\n  line two".into())),
            &redactor,
        );
        assert_eq!(failed.text, "line one <secret:key>; line two");
        assert!(failed.failed);
    }
}
