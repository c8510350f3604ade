//! What each command does, given parsed options: read files, call the
//! core or the engine, print. Data goes to stdout, messages for humans
//! to stderr, and everything printed passes through [`Io`], which masks
//! every secret value resolved in the run and knows which streams are
//! terminals. Errors are returned, not printed: [`Io::fail`] prints
//! them, in one place.

mod all;
mod authoring;
mod cases;
mod check;
mod export;
mod flow;
mod import_curl;
mod import_openapi;
mod live;
mod new;
mod request;
mod run;
mod secret;

pub(crate) use all::{AllOptions, Reports, test_all};
pub(crate) use authoring::schema;
pub(crate) use cases::CaseChoice;
pub(crate) use check::{ReportFormat, list, validate};
pub(crate) use export::export;
pub(crate) use import_curl::{ImportCurlArgs, import_curl};
pub(crate) use import_openapi::{ImportOpenapiArgs, import_openapi};
pub(crate) use live::{test, test_not_started};
pub(crate) use new::{NewOptions, new_action};
pub(crate) use request::{RequestFormat, RequestInputs, dry_run, render};
pub(crate) use run::{TestFormat, TestOptions};
pub(crate) use secret::{SecretListFormat, secret_list, secret_rm, secret_set};

use std::io::Write;

use crate::core::environment::{Environment, Environments, KnownEnvironments};
use crate::core::request::Routes;
use crate::core::validate::Validator;
use crate::error::Error;
use crate::io::keychain::{Keychain, KeychainChoice};
use crate::io::secrets::{EnvStore, Redactor, SecretSources, SecretStore};
use crate::io::workspace::Workspace;
use crate::render::term::{
    Colors, Progress, Terminals, dim, paint_error_label, visible, visible_styled,
};

/// Settings every command shares.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// `--profile`: keeps one environment's secrets apart from another's.
    pub profile: Option<String>,
    /// `--keychain`: which OS keychain to use.
    pub keychain: KeychainChoice,
    /// What the environments file defines, for checking `{{env.KEY}}`.
    pub environments: KnownEnvironments,
    /// `--env`: the selected environment.
    pub environment: Option<Environment>,
}

impl Settings {
    /// These settings with the environments file read (when there is
    /// one) and `selected` (`--env`) chosen from it. The environment's
    /// `profile:` applies unless `--profile` (or `ACTIONCTL_PROFILE`) gave
    /// one. A file with errors stops the command (exit 3); `--env` naming
    /// no environment is an input error (exit 4).
    pub(crate) fn with_environments(
        self,
        ws: &Workspace,
        selected: Option<&str>,
    ) -> Result<Self, Error> {
        let file = ws.environments()?;
        let environments = match &file {
            Some(file) => file.checked()?,
            None => Default::default(),
        };
        let known = ws.known_environments(file.as_ref());
        let environment = match (selected, &file) {
            (None, _) => None,
            (Some(name), None) => {
                return Err(Error::Input(format!(
                    "--env {name}: there is no environments file (looked for {}; give another with --env-file FILE)",
                    ws.environments_path().display()
                )));
            }
            (Some(name), Some(file)) => Some(select(environments, name, &file.path)?),
        };
        let profile = self.profile.or_else(|| {
            environment
                .as_ref()
                .and_then(|e: &Environment| e.profile.clone())
        });
        Ok(Self {
            profile,
            environments: known,
            environment,
            ..self
        })
    }

    /// A validator that knows what the environments file defines.
    pub(crate) fn validator(&self) -> Validator {
        Validator::new().with_environments(self.environments.clone())
    }

    /// Where requests go: `base_url` (`--base-url`) first, then the
    /// selected environment's `base_urls` and `base_url`.
    pub(crate) fn routes(&self, base_url: Option<&url::Url>) -> Routes {
        match &self.environment {
            Some(environment) => environment.routes(base_url),
            None => Routes {
                base_url: base_url.cloned(),
                ..Routes::default()
            },
        }
    }

    /// Opens the keychain for this profile.
    pub(crate) fn keychain(&self) -> Result<Keychain, crate::io::secrets::StoreError> {
        Keychain::open(self.keychain, self.profile.as_deref())
    }

    /// The keychain (when reachable) and the environment, in that order;
    /// the environment alone when the keychain is turned off.
    pub(crate) fn secret_sources(&self) -> SecretSources {
        let env = EnvStore {
            profile: self.profile.clone(),
        };
        if self.keychain == KeychainChoice::None {
            return SecretSources::environment_only(env);
        }
        let keychain = self.keychain().map(|k| Box::new(k) as Box<dyn SecretStore>);
        SecretSources::new(keychain, env)
    }

    /// The environment variable of secret `name` under this profile.
    pub(crate) fn env_var(&self, name: &str) -> String {
        crate::io::secrets::env_var_name(name, self.profile.as_deref())
    }
}

/// Where output goes, how it looks, and what must never appear in it.
pub(crate) struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    /// Which streams are colored.
    pub colors: Colors,
    /// `-q`: no notes or trace on stderr.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
    redactor: Redactor,
    terminals: Terminals,
    progress: Option<Progress>,
    /// The first failure to write data, said once the command is done
    /// (`actionctl list > /dev/full` must not succeed).
    stdout_failure: Option<std::io::Error>,
    /// Keeps each attempt for the HTML report (`test --all` sets it).
    pub(crate) recorder: Option<run::Recorder>,
}

impl<'a> Io<'a> {
    /// Output to `out` (data) and `err` (messages), standing for streams
    /// that are terminals as `terminals` says.
    pub(crate) fn new(
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
        terminals: Terminals,
        colors: Colors,
        quiet: bool,
        verbose: u8,
    ) -> Self {
        Self {
            out,
            err,
            colors,
            quiet,
            verbose,
            redactor: Redactor::default(),
            terminals,
            progress: None,
            stdout_failure: None,
            recorder: None,
        }
    }

    /// Output kept in memory, for a run among others in parallel: its
    /// streams are no terminals, so it never prompts, pretty-prints for a
    /// reader or draws a progress line; the caller prints what it keeps.
    pub(crate) fn buffered(
        out: &'a mut Vec<u8>,
        err: &'a mut Vec<u8>,
        colors: Colors,
        quiet: bool,
        verbose: u8,
    ) -> Self {
        Self::new(out, err, Terminals::default(), colors, quiet, verbose)
    }

    /// Which of the streams behind this output are terminals.
    pub(crate) fn terminals(&self) -> Terminals {
        self.terminals
    }

    /// Shows `label` as a "still waiting" line on stderr until
    /// [`Io::stop_progress`], when stderr is a terminal and not `-q`.
    pub(crate) fn start_progress(&mut self, label: &str) {
        if !self.quiet && self.terminals.stderr {
            self.progress = Some(Progress::start(&self.redactor.redact(label)));
        }
    }

    /// Erases the progress line, if one is shown.
    pub(crate) fn stop_progress(&mut self) {
        self.progress = None;
    }

    /// From now on, also mask what `redactor` knows.
    pub(crate) fn protect(&mut self, redactor: Redactor) {
        self.redactor.merge(redactor);
    }

    /// `text` with every secret this run resolved masked.
    pub(crate) fn redact(&self, text: &str) -> String {
        self.redactor.redact(text)
    }

    /// What masks this run's secrets, for text that must be redacted
    /// before it is cut or transformed.
    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// A line of data on stdout (a JSON document stays valid JSON).
    pub(crate) fn data(&mut self, text: &str) {
        let written = self
            .out
            .write_all(&self.redactor.redact_data(text.as_bytes()))
            .and_then(|()| self.out.write_all(b"\n"));
        self.note_stdout_failure(written);
    }

    /// Raw data bytes on stdout (a response body).
    pub(crate) fn data_bytes(&mut self, bytes: &[u8]) {
        let written = self
            .out
            .write_all(&self.redactor.redact_data(bytes))
            .and_then(|()| self.out.flush());
        self.note_stdout_failure(written);
    }

    fn note_stdout_failure(&mut self, written: std::io::Result<()>) {
        if let Err(e) = written {
            self.stdout_failure.get_or_insert(e);
        }
    }

    /// Flushes stdout and says whether all data reached it. A reader that
    /// went away (`actionctl list | head -1`) is not a failure.
    pub(crate) fn finish_data(&mut self) -> Result<(), Error> {
        let flushed = self.out.flush();
        self.note_stdout_failure(flushed);
        match self.stdout_failure.take() {
            Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(Error::Output(e.to_string()))
            }
            _ => Ok(()),
        }
    }

    /// A note for humans on stderr, unless `-q`. Masked, then with
    /// control characters made visible, then dimmed.
    pub(crate) fn note(&mut self, text: &str) {
        if !self.quiet {
            let text = self.redactor.redact(text);
            let _ = writeln!(self.err, "{}", dim(&visible(&text), self.colors.stderr));
        }
    }

    /// Text for humans on stderr (a trace), unless `-q`: masked, with
    /// control characters made visible (except actionctl's own colors),
    /// and lines too long to read cut, after redaction.
    pub(crate) fn trace(&mut self, text: &str) {
        if !self.quiet {
            let redacted = self.redactor.redact(text);
            let shown = visible_styled(&redacted, self.colors.stderr);
            let cut = crate::core::text::cut_long_lines(
                &shown,
                crate::render::trace::MAX_TRACE_LINE_CHARS,
            );
            let _ = write!(self.err, "{cut}");
        }
    }

    /// Prints `error` on stderr and returns its exit code: masked, with
    /// control characters made visible, then the `error:` label colored.
    pub(crate) fn fail(&mut self, error: &Error) -> i32 {
        let text = self.redact(&error.render(false));
        let text = visible(&text);
        let _ = match text.strip_prefix("error:") {
            Some(rest) if self.colors.stderr => {
                writeln!(self.err, "{}{rest}", paint_error_label(true))
            }
            _ => writeln!(self.err, "{text}"),
        };
        error.exit_code()
    }
}

pub(crate) use crate::io::workspace::default_jobs;

/// How many environment names "unknown environment" lists.
const LISTED_ENVIRONMENTS: usize = 10;

/// The environment called `name` in `environments` (read from `file`).
fn select(environments: Environments, name: &str, file: &str) -> Result<Environment, Error> {
    let names: Vec<&str> = environments.names().collect();
    if let Some(found) = environments.get(name) {
        return Ok(found.clone());
    }
    let hint = crate::core::suggest::did_you_mean(name, names.iter().copied());
    let listed: Vec<String> = names
        .iter()
        .take(LISTED_ENVIRONMENTS)
        .map(ToString::to_string)
        .collect();
    Err(Error::Input(format!(
        "unknown environment `{name}`{hint}: {file} defines {}",
        if names.is_empty() {
            "none".to_string()
        } else {
            crate::core::text::cut_list(&listed, names.len())
        }
    )))
}

/// `NAME=VALUE` from `--var` and `--header`: split at the first `=`.
pub(crate) fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}
