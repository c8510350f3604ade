//! What each command does, given parsed options: read files, call the
//! core, print. Data goes to stdout, messages for humans to stderr, and
//! everything printed passes through [`Io`], which masks every secret
//! value resolved in the run. Errors are returned, not printed:
//! [`Io::fail`] prints them, in one place.

mod all;
mod authoring;
mod check;
mod flow;
mod live;
mod new;
mod request;
mod secret;

pub use all::{AllOptions, test_all};
pub use authoring::schema;
pub use check::{ReportFormat, list, validate};
pub use live::{TestFormat, TestOptions, test};
pub use new::{NewOptions, new_action};
pub use request::{RequestFormat, RequestInputs, dry_run, render};
pub use secret::{SecretListFormat, secret_list, secret_rm, secret_set};

use std::io::Write;

use crate::error::Error;
use crate::keychain::{Keychain, KeychainChoice};
use crate::secrets::{EnvStore, Redactor, SecretSources, SecretStore};
use crate::term::{Colors, dim, paint_error_label, visible, visible_styled};

/// Settings every command shares.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--profile`: keeps one environment's secrets apart from another's.
    pub profile: Option<String>,
    /// `--keychain`: which OS keychain to use.
    pub keychain: KeychainChoice,
}

impl Settings {
    /// Opens the keychain for this profile.
    pub fn keychain(&self) -> Result<Keychain, crate::secrets::StoreError> {
        Keychain::open(self.keychain, self.profile.as_deref())
    }

    /// The keychain (when reachable) and the environment, in that order.
    pub fn secret_sources(&self) -> SecretSources {
        let keychain = self.keychain().map(|k| Box::new(k) as Box<dyn SecretStore>);
        SecretSources::new(
            keychain,
            EnvStore {
                profile: self.profile.clone(),
            },
        )
    }

    /// The environment variable of secret `name` under this profile.
    pub fn env_var(&self, name: &str) -> String {
        crate::secrets::env_var_name(name, self.profile.as_deref())
    }
}

/// Where output goes, how it looks, and what must never appear in it.
pub struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    /// Which streams are colored.
    pub colors: Colors,
    /// `-q`: no notes or trace on stderr.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
    redactor: Redactor,
}

impl<'a> Io<'a> {
    /// Output to `out` (data) and `err` (messages).
    pub fn new(
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
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
        }
    }

    /// From now on, also mask what `redactor` knows.
    pub fn protect(&mut self, redactor: Redactor) {
        self.redactor.merge(redactor);
    }

    /// `text` with every secret this run resolved masked.
    pub fn redact(&self, text: &str) -> String {
        self.redactor.redact(text)
    }

    /// What masks this run's secrets, for text that must be redacted
    /// before it is cut or transformed.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// A line of data on stdout (a JSON document stays valid JSON).
    pub fn data(&mut self, text: &str) {
        let _ = self
            .out
            .write_all(&self.redactor.redact_data(text.as_bytes()));
        let _ = self.out.write_all(b"\n");
    }

    /// Raw data bytes on stdout (a response body).
    pub fn data_bytes(&mut self, bytes: &[u8]) {
        let _ = self.out.write_all(&self.redactor.redact_data(bytes));
        let _ = self.out.flush();
    }

    /// A note for humans on stderr, unless `-q`. Masked, then with
    /// control characters made visible, then dimmed.
    pub fn note(&mut self, text: &str) {
        if !self.quiet {
            let text = self.redactor.redact(text);
            let _ = writeln!(self.err, "{}", dim(&visible(&text), self.colors.stderr));
        }
    }

    /// Text for humans on stderr (a trace), unless `-q`. Masked, and with
    /// control characters made visible, except actionctl's own colors.
    pub fn trace(&mut self, text: &str) {
        if !self.quiet {
            let text = self.redactor.redact(text);
            let _ = write!(self.err, "{}", visible_styled(&text, self.colors.stderr));
        }
    }

    /// Prints `error` on stderr and returns its exit code: masked, with
    /// control characters made visible, then the `error:` label colored.
    pub fn fail(&mut self, error: &Error) -> i32 {
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

pub use crate::workspace::default_jobs;
