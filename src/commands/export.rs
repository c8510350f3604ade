//! `export --platform`: actions as the JSON an agent platform's API
//! takes to create a tool.

use crate::core::diagnostic::{Diagnostic, Location};
use crate::core::model::Action;
use crate::core::platform::{self, Platform};
use crate::error::Error;
use crate::io::workspace::{self, Target, Workspace};
use crate::render::output;

use super::{Io, Settings, default_jobs};

/// `export ACTION|--all --platform NAME`: the tool(s) on stdout. Each
/// action is checked with the platform's limits, so what the platform
/// cannot express is a located error (exit 3) and nothing is printed.
pub(crate) fn export(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    action: Option<&str>,
    all: bool,
    platform: Platform,
) -> Result<(), Error> {
    let values = settings.environment.as_ref().map(|e| e.values.clone());
    let validator = match &values {
        Some(values) => settings
            .validator()
            .with_platform(platform)
            .with_platform_values(values.clone()),
        None => settings.validator().with_platform(platform),
    };
    let mut credential_notes = Vec::new();
    let mut tool = |action: &Action| {
        credential_notes.extend(platform::credential_note(action));
        match &values {
            Some(values) => tool(&platform::with_environment(action, values), platform),
            None => tool(action, platform),
        }
    };
    let value = match (action, all) {
        (Some(name), false) => match ws.target(name, &validator)? {
            Target::Flow { id, .. } => {
                return Err(Error::Usage(format!(
                    "`{id}` is a flow, and {} tools are single requests: export each of its actions instead",
                    platform.name()
                )));
            }
            Target::Action(action) => tool(&action)?,
        },
        (None, true) => {
            let files = ws.action_files()?;
            if files.is_empty() {
                return Err(Error::NoActions(ws.dir.display().to_string()));
            }
            let reports = workspace::check_files(&files, &validator, default_jobs());
            let invalid: Vec<Diagnostic> = reports
                .iter()
                .filter(|r| r.is_invalid())
                .flat_map(|r| r.diagnostics.clone())
                .collect();
            if !invalid.is_empty() {
                return Err(Error::InvalidAction(invalid));
            }
            let tools = reports
                .iter()
                .filter_map(|r| r.action())
                .map(tool)
                .collect::<Result<Vec<_>, _>>()?;
            if ws.flows_dir().is_dir() {
                io.note(&format!(
                    "note: flows in {} are not exported: {} tools are single requests",
                    ws.flows_dir().display(),
                    platform.name()
                ));
            }
            serde_json::Value::Array(tools)
        }
        _ => return Err(Error::Usage("give an ACTION or --all, not both".into())),
    };
    io.data(&output::pretty(&value));
    for note in credential_notes {
        io.note(&format!("note: {note}"));
    }
    Ok(())
}

/// The action's tool; the validator has already refused what the
/// platform cannot express, so a limit here is said at the file's start.
fn tool(action: &Action, platform: Platform) -> Result<serde_json::Value, Error> {
    platform::export(action, platform).map_err(|limits| {
        Error::InvalidAction(
            limits
                .into_iter()
                .map(|l| Diagnostic::error(&action.id, Location::START, l.message))
                .collect(),
        )
    })
}
