//! What each command does, given parsed options: read files, call the
//! core, print. Data goes to stdout, messages for humans to stderr.
//! Errors are returned, never printed here: [`crate::error::Error::render`]
//! prints them.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use crate::context::Context;
use crate::convert::TypedValue;
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::model::Action;
use crate::output;
use crate::request::{self, Request};
use crate::secrets::{self, EnvStore, Redactor, ResolvedSecrets, SecretStore};
use crate::term::{Colors, dim, paint_diagnostic};
use crate::validate::Validator;
use crate::workspace::{self, Workspace};

/// Where output goes and how it looks.
pub struct Io<'a> {
    /// Data.
    pub out: &'a mut dyn Write,
    /// Messages for humans.
    pub err: &'a mut dyn Write,
    /// Which streams are colored.
    pub colors: Colors,
    /// `-q`: no notes on stderr.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
}

impl Io<'_> {
    fn note(&mut self, text: &str) {
        if !self.quiet {
            let _ = writeln!(self.err, "{}", dim(text, self.colors.stderr));
        }
    }

    fn data(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }
}

/// Report formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// `PATH:LINE:COL: error: MESSAGE` lines.
    Text,
    /// An array of `{path, line, column, severity, message}`.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

/// `validate`: checks files and folders, prints every problem.
pub fn validate(
    io: &mut Io,
    ws: &Workspace,
    paths: &[PathBuf],
    format: ReportFormat,
    jobs: usize,
) -> Result<(), Error> {
    let roots = if paths.is_empty() {
        vec![ws.dir.clone()]
    } else {
        paths.to_vec()
    };
    let files = workspace::collect_files(&roots)?;
    if files.is_empty() {
        let names: Vec<String> = roots.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::NoActions(names.join(", ")));
    }
    let validator = Validator::new();
    let reports = workspace::check_files(&files, &validator, jobs);
    let all: Vec<Diagnostic> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    match format {
        ReportFormat::Text => {
            for d in &all {
                let line = paint_diagnostic(d, io.colors.stdout);
                io.data(&line);
            }
        }
        ReportFormat::Json => io.data(&diagnostic::to_json(&all)),
        ReportFormat::Github => {
            for d in &all {
                io.data(&diagnostic::to_github(d));
            }
        }
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let bad_files = reports.iter().filter(|r| r.has_errors()).count();
    io.note(&format!(
        "{} file{} checked: {} valid, {errors} error{}, {warnings} warning{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        files.len() - bad_files,
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    ));
    if errors > 0 {
        return Err(Error::ValidationFailed {
            errors,
            files: bad_files,
        });
    }
    Ok(())
}

/// `list`: one line per action (id, method, name), or JSON.
pub fn list(io: &mut Io, ws: &Workspace, json: bool) -> Result<(), Error> {
    let files = ws.action_files()?;
    let validator = Validator::new();
    let reports = workspace::check_files(&files, &validator, default_jobs());
    let actions: Vec<(&Action, &str)> = reports
        .iter()
        .filter_map(|r| r.action.as_ref().map(|a| (a, r.path.as_str())))
        .collect();
    if json {
        let list: Vec<_> = actions
            .iter()
            .map(|(a, p)| output::list_json(a, p))
            .collect();
        io.data(&output::pretty(&serde_json::Value::Array(list)));
    } else {
        let width = actions.iter().map(|(a, _)| a.id.len()).max().unwrap_or(0);
        for (action, _) in &actions {
            io.data(&output::list_line(action, width));
        }
    }
    let invalid: Vec<&str> = reports
        .iter()
        .filter(|r| r.action.is_none())
        .map(|r| r.path.as_str())
        .collect();
    for path in &invalid {
        io.note(&format!(
            "{path}: invalid, not listed (run `actionctl validate {path}`)"
        ));
    }
    if invalid.is_empty() {
        Ok(())
    } else {
        let errors = reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.is_error())
            .count();
        Err(Error::ValidationFailed {
            errors,
            files: invalid.len(),
        })
    }
}

/// What `render`, `dry-run` and `test` need to build a request.
#[derive(Debug, Clone, Default)]
pub struct RequestInputs {
    /// The action id or path.
    pub action: String,
    /// `--var` pairs in order.
    pub vars: Vec<(String, String)>,
    /// `--context FILE`.
    pub context: Option<PathBuf>,
}

/// Output formats of `render` and `dry-run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RequestFormat {
    /// The request as an HTTP message.
    Text,
    /// `{"method", "url", "headers", "body"}`.
    Json,
    /// An equivalent curl command (render only).
    Curl,
}

/// Loads the action and builds its request from the inputs.
pub fn prepare(
    io: &mut Io,
    ws: &Workspace,
    inputs: &RequestInputs,
) -> Result<(Action, Request), Error> {
    let validator = Validator::new();
    let (action, report) = ws.load(&inputs.action, &validator)?;
    if io.verbose > 0 {
        for warning in &report.diagnostics {
            let line = paint_diagnostic(warning, io.colors.stderr);
            let _ = writeln!(io.err, "{line}");
        }
    }
    let values = request::resolve_variables(&action, &inputs.vars)?;
    let context = load_context(inputs.context.as_ref())?;
    note_unset_context(io, &action, &values, &context);
    let request = request::build(&action, &values, &context)?;
    Ok((action, request))
}

fn load_context(path: Option<&PathBuf>) -> Result<Context, Error> {
    let now = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| jiff::Timestamp::now())
        .to_string();
    let Some(path) = path else {
        return Ok(Context::default().with_default_datetime(&now));
    };
    let bytes = std::fs::read(path).map_err(|e| Error::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let context = Context::parse(&bytes).map_err(|source| Error::Context {
        path: path.display().to_string(),
        source,
    })?;
    Ok(context.with_default_datetime(&now))
}

fn note_unset_context(
    io: &mut Io,
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &Context,
) {
    let mut unset: Vec<&str> = crate::model::CONTEXT_NAMES
        .iter()
        .copied()
        .filter(|name| context.get(name).is_none() && uses(action, name))
        .collect();
    unset.retain(|n| !values.contains_key(*n));
    if !unset.is_empty() {
        io.note(&format!(
            "note: context value{} {} not set (pass --context FILE); sent empty",
            if unset.len() == 1 { "" } else { "s" },
            unset.join(", ")
        ));
    }
}

fn uses(action: &Action, name: &str) -> bool {
    let in_template = |t: &crate::template::Template| t.placeholders().any(|(n, _)| n == name);
    in_template(&action.url.value)
        || action
            .headers
            .iter()
            .chain(&action.query)
            .any(|f| in_template(&f.value))
        || matches!(&action.auth, crate::model::Auth::Basic { username, .. } if in_template(username))
        || action.body.as_ref().is_some_and(|b| body_uses(b, name))
}

fn body_uses(body: &crate::model::Body, name: &str) -> bool {
    use crate::model::{Body, BodyNode};
    fn node(n: &BodyNode, name: &str) -> bool {
        match n {
            BodyNode::Literal(_) => false,
            BodyNode::Text(t) => t.placeholders().any(|(p, _)| p == name),
            BodyNode::Array(items) => items.iter().any(|i| node(i, name)),
            BodyNode::Object(entries) => entries.iter().any(|(_, v)| node(v, name)),
        }
    }
    match body {
        Body::Structured(n) => node(n, name),
        Body::JsonText(t) => t.placeholders().any(|(p, _)| p == name),
    }
}

/// `render`: the request that would be sent, secrets masked, no keychain.
pub fn render(
    io: &mut Io,
    ws: &Workspace,
    inputs: &RequestInputs,
    format: RequestFormat,
) -> Result<(), Error> {
    let (_, request) = prepare(io, ws, inputs)?;
    print_request(io, &request, format, &Redactor::default());
    Ok(())
}

/// The secret stores consulted, in order.
pub fn secret_stores() -> Vec<Box<dyn SecretStore>> {
    vec![Box::new(EnvStore)]
}

/// Resolves the action's secrets from the stores.
pub fn resolve_secrets(action: &Action) -> Result<ResolvedSecrets, Error> {
    let stores = secret_stores();
    let refs: Vec<&dyn SecretStore> = stores.iter().map(|s| s.as_ref()).collect();
    Ok(secrets::resolve(
        &action.id,
        &action.secret_names(),
        &refs,
        false,
    )?)
}

/// `dry-run`: everything but the network call; secrets resolved, masked.
pub fn dry_run(
    io: &mut Io,
    ws: &Workspace,
    inputs: &RequestInputs,
    format: RequestFormat,
) -> Result<(), Error> {
    if format == RequestFormat::Curl {
        return Err(Error::Usage(
            "dry-run prints text or json; use `render --format curl` for a curl command".into(),
        ));
    }
    let (action, request) = prepare(io, ws, inputs)?;
    let resolved = resolve_secrets(&action)?;
    let redactor = Redactor::for_request(&request, &resolved);
    print_request(io, &request, format, &redactor);
    for (name, from) in resolved.sources() {
        io.note(&format!("secret {name}: resolved from {from} (masked)"));
    }
    io.note("dry run: nothing was sent");
    Ok(())
}

fn print_request(io: &mut Io, request: &Request, format: RequestFormat, redactor: &Redactor) {
    let text = match format {
        RequestFormat::Text => output::request_text(request).trim_end().to_string(),
        RequestFormat::Json => output::pretty(&output::request_json(request)),
        RequestFormat::Curl => output::request_curl(request),
    };
    io.data(&redactor.redact(&text));
}

/// A sensible default for parallel work: the number of cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

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
}

/// `test`: sends the request and reports the exchange.
pub fn test(
    io: &mut Io,
    ws: &Workspace,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    use std::io::IsTerminal;

    let validator = Validator::new();
    let (action, _) = ws.load(&inputs.action, &validator)?;
    let values = complete_variables(&action, &inputs.vars)?;
    let context = load_context(inputs.context.as_ref())?;
    note_unset_context(io, &action, &values, &context);
    let mut request = request::build(&action, &values, &context)?;
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
        mock_secrets(io, &action)
    } else {
        resolve_secrets(&action)?
    };
    let redactor = Redactor::for_request(&request, &secrets);
    let style = crate::trace::Style {
        color: io.colors.stderr,
        verbose: io.verbose,
    };
    let show_trace = options.format == TestFormat::Text && !io.quiet;
    if show_trace {
        let _ = write!(
            io.err,
            "{}",
            redactor.redact(&crate::trace::request_lines(&request, style))
        );
    }

    let wire = crate::transport::WireRequest::from_request(&request, &|name| secrets.value(name));
    let limits = crate::transport::Limits {
        timeout: request.timeout,
        max_response_bytes: options.max_response_bytes,
        max_redirects: options.max_redirects,
    };
    let progress = (!io.quiet && std::io::stderr().is_terminal())
        .then(|| crate::term::Progress::start("waiting for the response"));
    let sent = crate::transport::send(&wire, limits);
    drop(progress);
    drop(mock_server);
    let exchange = sent?;

    let passed = action.expect.accepts(exchange.status);
    match options.format {
        TestFormat::Json => {
            let doc = crate::trace::json_document(&request, &exchange, passed);
            io.data(&redactor.redact(&output::pretty(&doc)));
        }
        TestFormat::Text => {
            if show_trace {
                let _ = write!(
                    io.err,
                    "{}",
                    redactor.redact(&crate::trace::response_lines(&exchange, passed, style))
                );
            }
            let body = crate::trace::stdout_body(&exchange, std::io::stdout().is_terminal());
            let _ = io.out.write_all(&redactor.redact_bytes(&body));
            let _ = io.out.flush();
        }
    }
    if let Some(warning) = crate::trace::not_json_warning(&exchange) {
        if !io.quiet {
            let _ = writeln!(io.err, "{}", redactor.redact(&warning));
        }
    }
    if passed {
        return Ok(());
    }
    Err(Error::CheckFailed {
        action: action.id.clone(),
        status: format!("{} {}", exchange.status, exchange.reason)
            .trim_end()
            .to_string(),
        expected: crate::trace::describe_expect(&action.expect),
        hint: crate::trace::status_hint(exchange.status, &action),
    })
}

/// Converts `--var` values; asks for missing required ones on a
/// terminal, and fails naming them otherwise; then applies defaults.
fn complete_variables(
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
fn mock_secrets(io: &mut Io, action: &Action) -> ResolvedSecrets {
    let stores = secret_stores();
    let mut resolved = ResolvedSecrets::default();
    for name in action.secret_names() {
        let found = stores
            .iter()
            .find_map(|s| s.get(name).ok().flatten().map(|v| (v, s.describe(name))));
        match found {
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
