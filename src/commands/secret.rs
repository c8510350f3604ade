//! `secret set | list | rm`: credentials in the OS keychain. No command
//! ever prints a secret's value.

use std::collections::BTreeMap;

use serde_json::json;

use crate::core::validate::FileReport;
use crate::error::Error;
use crate::io::secrets::{Redactor, is_valid_name};
use crate::io::workspace::{self, Workspace};

use super::{Io, Settings, default_jobs};

/// Output formats of `secret list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SecretListFormat {
    /// Aligned columns.
    Text,
    /// A JSON array of `{name, set, source, actions}`.
    Json,
}

fn check_name(name: &str) -> Result<(), Error> {
    if is_valid_name(name) {
        Ok(())
    } else {
        Err(Error::Input(format!(
            "secret name `{name}` may hold only letters, digits, `-`, `_` and `.`"
        )))
    }
}

fn open_keychain(settings: &Settings, name: &str) -> Result<crate::io::keychain::Keychain, Error> {
    settings.keychain().map_err(|e| {
        Error::Input(format!(
            "no keychain reachable ({e}); set the environment variable {} instead",
            settings.env_var(name)
        ))
    })
}

/// `secret set NAME`: reads the value from a hidden prompt, or from stdin
/// when it is piped (one trailing newline trimmed), and stores it.
pub(crate) fn secret_set(io: &mut Io, settings: &Settings, name: &str) -> Result<(), Error> {
    check_name(name)?;
    let keychain = open_keychain(settings, name)?;
    let value = read_value(name, io.terminals().stdin)?;
    let mut redactor = Redactor::default();
    redactor.add(name, &value);
    io.protect(redactor);
    if value.is_empty() {
        return Err(Error::Input(format!(
            "the value for secret `{name}` is empty; nothing stored"
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::Input(format!(
            "the value for secret `{name}` holds a line break or control character; nothing stored"
        )));
    }
    keychain
        .set(name, &value)
        .map_err(|e| Error::Input(format!("could not store secret `{name}`: {e}")))?;
    io.note(&format!(
        "stored secret {name} in {}",
        crate::io::secrets::SecretStore::describe(&keychain, name)
    ));
    Ok(())
}

/// Longest secret value read from stdin: far above any token or key,
/// and a bound when stdin is an endless stream (`< /dev/zero`).
const MAX_SECRET_BYTES: usize = 64 * 1024;

fn read_value(name: &str, interactive: bool) -> Result<String, Error> {
    if interactive {
        return dialoguer::Password::new()
            .with_prompt(format!("Value for secret {name}"))
            .interact()
            .map_err(|e| Error::Input(format!("could not read the value from the terminal: {e}")));
    }
    let bytes = workspace::read_capped(std::io::stdin(), MAX_SECRET_BYTES).map_err(|e| {
        Error::Input(format!(
            "could not read the value for secret `{name}` from stdin: {e}"
        ))
    })?;
    let value = String::from_utf8(bytes).map_err(|_| {
        Error::Input(format!(
            "the value for secret `{name}` on stdin is not UTF-8 text; nothing stored"
        ))
    })?;
    Ok(trim_one_newline(value))
}

/// Drops one trailing `\n` or `\r\n`, as `echo` and here-strings add.
pub(super) fn trim_one_newline(mut value: String) -> String {
    if value.ends_with('\n') {
        value.pop();
        if value.ends_with('\r') {
            value.pop();
        }
    }
    value
}

/// `secret rm NAME`: removes it from the keychain; fine when absent.
pub(crate) fn secret_rm(io: &mut Io, settings: &Settings, name: &str) -> Result<(), Error> {
    check_name(name)?;
    let keychain = open_keychain(settings, name)?;
    let removed = keychain
        .remove(name)
        .map_err(|e| Error::Input(format!("could not remove secret `{name}`: {e}")))?;
    let place = crate::io::secrets::SecretStore::describe(&keychain, name);
    if removed {
        io.note(&format!("removed secret {name} from {place}"));
    } else {
        io.note(&format!(
            "secret {name} was not in {place}; nothing to remove"
        ));
    }
    let env_var = settings.env_var(name);
    if std::env::var_os(&env_var).is_some_and(|v| !v.is_empty()) {
        io.note(&format!("note: {env_var} is still set in the environment"));
    }
    Ok(())
}

/// `secret list`: the secrets the action files refer to, whether each is
/// set and where; never a value.
pub(crate) fn secret_list(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    format: SecretListFormat,
) -> Result<(), Error> {
    let files = ws.action_files()?;
    let reports = workspace::check_files(&files, &settings.validator(), default_jobs());
    let mut used_by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for action in reports.iter().filter_map(FileReport::action) {
        for name in action.secret_names() {
            used_by
                .entry(name.to_string())
                .or_default()
                .push(action.id.clone());
        }
    }
    let sources = settings.secret_sources();
    if let Some(problem) = sources.keychain_problem() {
        io.note(&format!(
            "no keychain reachable ({problem}); only environment variables are checked"
        ));
    }
    let rows: Vec<(String, Option<String>, Vec<String>)> = used_by
        .into_iter()
        .map(|(name, actions)| {
            let found = sources.lookup(&name).0.map(|(value, from)| {
                let mut redactor = Redactor::default();
                redactor.add(&name, &value);
                io.protect(redactor);
                from
            });
            (name, found, actions)
        })
        .collect();
    match format {
        SecretListFormat::Json => {
            let list: Vec<_> = rows
                .iter()
                .map(|(name, from, actions)| {
                    json!({"name": name, "set": from.is_some(), "source": from, "env_var": settings.env_var(name), "actions": actions})
                })
                .collect();
            io.data(&crate::render::output::pretty(&serde_json::Value::Array(
                list,
            )));
        }
        SecretListFormat::Text => {
            let width = rows.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
            for (name, from, actions) in &rows {
                let status = match from {
                    Some(from) => format!("set in {from}"),
                    None => format!(
                        "NOT SET (actionctl secret set {name}, or {})",
                        settings.env_var(name)
                    ),
                };
                io.data(&format!(
                    "{name:<width$}  {status}  used by {}",
                    actions.join(", ")
                ));
            }
        }
    }
    let invalid = reports.iter().filter(|r| r.action().is_none()).count();
    if invalid > 0 {
        io.note(&format!(
            "{invalid} invalid action file{} not read (run `actionctl validate`)",
            if invalid == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_trailing_newline_is_trimmed() {
        assert_eq!(trim_one_newline("abc\n".into()), "abc");
        assert_eq!(trim_one_newline("abc\r\n".into()), "abc");
        assert_eq!(trim_one_newline("abc\n\n".into()), "abc\n");
        assert_eq!(trim_one_newline("abc".into()), "abc");
    }
}
