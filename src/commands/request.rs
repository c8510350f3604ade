//! `render` and `dry-run`: building the request offline, and the input
//! handling (`--var`, `--context`) that `test` shares.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use crate::core::context::Context;
use crate::core::convert::TypedValue;
use crate::core::environment::Environment;
use crate::core::model::Action;
use crate::core::request::{self, Request};
use crate::error::Error;
use crate::io::secrets::ResolvedSecrets;
use crate::io::workspace::Workspace;
use crate::render::output;
use crate::render::term::paint_diagnostic;

use super::{Io, Settings};

/// What `render`, `dry-run` and `test` need to build a request.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestInputs {
    /// The action id or path.
    pub action: String,
    /// `--var` pairs in order.
    pub vars: Vec<(String, String)>,
    /// `--context FILE`.
    pub context: Option<PathBuf>,
}

/// Output formats of `render` and `dry-run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RequestFormat {
    /// The request as an HTTP message.
    Text,
    /// `{"method", "url", "headers", "body"}`.
    Json,
    /// An equivalent curl command (render only).
    Curl,
}

/// Loads the action and builds its request from the inputs, pointed
/// where `--base-url` and the selected environment send it.
pub(super) fn prepare(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    inputs: &RequestInputs,
    base_url: Option<&url::Url>,
) -> Result<(Action, Request), Error> {
    let (action, report) = ws.load(&inputs.action, &settings.validator())?;
    if io.verbose > 0 {
        for warning in &report.diagnostics {
            let line = paint_diagnostic(warning, io.colors.stderr);
            io.trace(&format!("{line}\n"));
        }
    }
    let values = request::resolve_variables(&action, &inputs.vars)?;
    let context = load_context(inputs.context.as_ref(), settings.environment.as_ref())?;
    note_unset_context(io, &action, &values, &context);
    let mut request = request::build(&action, &values, &context)?;
    request.url = settings.routes(base_url).apply(&request.url)?;
    Ok((action, request))
}

/// The context of a run: the `--context` file's values (if one is
/// given), `current_datetime`, and the selected environment's
/// `{{env.KEY}}` values.
pub(super) fn load_context(
    path: Option<&PathBuf>,
    environment: Option<&Environment>,
) -> Result<Context, Error> {
    let now = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| jiff::Timestamp::now())
        .to_string();
    let Some(path) = path else {
        return Ok(Context::default()
            .with_default_datetime(&now)
            .with_environment(environment));
    };
    let bytes = crate::io::workspace::read_user_file(path, crate::core::yaml::MAX_FILE_BYTES)
        .map_err(|e| Error::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    let context = Context::parse(&bytes).map_err(|source| Error::Context {
        path: path.display().to_string(),
        source,
    })?;
    Ok(context
        .with_default_datetime(&now)
        .with_environment(environment))
}

pub(super) fn note_unset_context(
    io: &mut Io,
    action: &Action,
    values: &HashMap<String, TypedValue>,
    context: &Context,
) {
    let mut unset: Vec<&str> = crate::core::model::CONTEXT_NAMES
        .iter()
        .copied()
        .filter(|name| context.get(name).is_none() && action.uses(name))
        .collect();
    unset.retain(|n| !values.contains_key(*n));
    if !unset.is_empty() {
        io.note(&format!(
            "note: context value{} {} not set (pass --context FILE); left out where a whole value, empty inside longer text",
            if unset.len() == 1 { "" } else { "s" },
            unset.join(", ")
        ));
    }
}

/// `render`: the request that would be sent, secrets masked, no keychain.
pub(crate) fn render(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    inputs: &RequestInputs,
    base_url: Option<&url::Url>,
    format: RequestFormat,
) -> Result<(), Error> {
    let (_, request) = prepare(io, ws, settings, inputs, base_url)?;
    print_request(io, settings, &request, format);
    Ok(())
}

/// Resolves the action's secrets (keychain, then environment), noting on
/// stderr once per process when no keychain could be used (not once per
/// flow step or per action), and protects the output from their values.
pub(super) fn resolve_secrets(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    request: &Request,
) -> Result<ResolvedSecrets, Error> {
    let names = action.secret_names();
    if names.is_empty() {
        return Ok(ResolvedSecrets::default());
    }
    let (resolved, redactor, notes) =
        crate::engine::resolve_stored_secrets(action, request, &settings.secret_sources())?;
    io.protect(redactor);
    for note in notes {
        if first_time_said(&note) {
            io.note(&note);
        }
    }
    Ok(resolved)
}

/// True the first time this process is about to print `note`.
pub(super) fn first_time_said(note: &str) -> bool {
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(PoisonError::into_inner);
    if said.iter().any(|n| n == note) {
        return false;
    }
    said.push(note.to_string());
    true
}

/// `dry-run`: everything but the network call; secrets resolved, masked.
pub(crate) fn dry_run(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    inputs: &RequestInputs,
    base_url: Option<&url::Url>,
    format: RequestFormat,
) -> Result<(), Error> {
    if format == RequestFormat::Curl {
        return Err(Error::Usage(
            "dry-run prints text or json; use `render --format curl` for a curl command".into(),
        ));
    }
    let (action, request) = prepare(io, ws, settings, inputs, base_url)?;
    let resolved = resolve_secrets(io, settings, &action, &request)?;
    // Everything `test` would refuse before sending, dry-run refuses too:
    // a secret that cannot stand in its header, say.
    crate::io::transport::WireRequest::from_request(&request, &|name| resolved.value(name))?;
    print_request(io, settings, &request, format);
    for (name, from) in resolved.sources() {
        io.note(&format!("secret {name}: resolved from {from} (masked)"));
    }
    io.note("dry run: nothing was sent");
    Ok(())
}

fn print_request(io: &mut Io, settings: &Settings, request: &Request, format: RequestFormat) {
    let text = match format {
        RequestFormat::Text => output::request_text(request).trim_end().to_string(),
        RequestFormat::Json => output::pretty(&output::request_json(request)),
        RequestFormat::Curl => output::request_curl(request, &|name| settings.env_var(name)),
    };
    io.data(&text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_said_once_per_process() {
        let note = "note: a_note_is_said_once_per_process";
        assert!(first_time_said(note));
        assert!(!first_time_said(note));
        assert!(first_time_said("note: another one"));
    }
}
