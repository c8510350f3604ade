//! `import curl`: a pasted curl command line written as a new action.

use crate::core::curl_import::{self, MAX_COMMAND_BYTES};
use crate::core::draft::is_valid_id;
use crate::error::Error;
use crate::io::files::{Existing, write_atomically};
use crate::io::workspace::{self, Workspace};

use super::{Io, Settings};

/// What `import curl` was given.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ImportCurlArgs {
    /// Action id: the file becomes <DIR>/<ID>.yaml [default: from the method and path].
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    /// The curl command: one quoted argument, `-` to read it from stdin, or
    /// its words after `--`.
    #[arg(
        value_name = "COMMAND",
        required = true,
        num_args = 1..,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<String>,
}

/// `import curl`: reads the command, builds the action, checks it like
/// `validate`, and writes it atomically (never over a file without
/// `--force`). The credential it found is named, never shown.
pub(crate) fn import_curl(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    args: &ImportCurlArgs,
) -> Result<(), Error> {
    // A leading `-` would make the id read as an option in every later
    // command (`actionctl render -lead`).
    if let Some(id) = args
        .id
        .as_deref()
        .filter(|id| !is_valid_id(id) || id.starts_with('-'))
    {
        return Err(Error::Usage(format!(
            "--id `{id}` is not an action id: use 1-64 letters, digits, `-` and `_`, not starting with `-`"
        )));
    }
    let text = command_text(&args.command)?;
    let imported = curl_import::import(&text, args.id.as_deref())
        .map_err(|e| Error::Input(format!("import curl: {e}")))?;
    let id = imported.draft.id.clone();
    let yaml = imported.draft.to_yaml_with(&imported.literals);
    let path = ws.dir.join(format!("{id}.yaml"));
    let display = path.display().to_string();
    let report = settings.validator().check(&id, &display, yaml.as_bytes());
    if report.has_errors() {
        let problems = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("import curl: the action would not validate: {}", d.message))
            .collect();
        return Err(Error::InvalidDraft(problems));
    }
    let existing = if args.force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    write_atomically(&path, yaml.as_bytes(), existing)?;
    io.data(&format!("wrote {display}"));
    if let (Some(secret), Some(from)) = (&imported.secret, &imported.credential_from) {
        io.note(&format!(
            "note: store the credential from {from} (left out of the file): actionctl secret set {secret}"
        ));
    }
    for warning in &report.diagnostics {
        io.note(&warning.to_string());
    }
    for note in &imported.notes {
        io.note(&format!("note: {note}"));
    }
    io.note(&format!(
        "note: name and description are placeholders; edit them in {display}, then: actionctl render {id}"
    ));
    Ok(())
}

/// The command line: one argument as it was pasted, stdin for `-`, or
/// several words joined back with shell quoting.
fn command_text(words: &[String]) -> Result<String, Error> {
    match words {
        [one] if one == "-" => {
            let bytes =
                workspace::read_capped(std::io::stdin(), MAX_COMMAND_BYTES).map_err(|e| {
                    Error::Input(format!(
                        "import curl: could not read the command from stdin: {e}"
                    ))
                })?;
            String::from_utf8(bytes).map_err(|_| {
                Error::Input("import curl: the command on stdin is not UTF-8 text".into())
            })
        }
        [one] => Ok(one.clone()),
        many => Ok(shell_words::join(many)),
    }
}
