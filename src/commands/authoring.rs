//! `schema`: actions exported as LLM tool definitions.

use crate::diagnostic::{Diagnostic, Location};
use crate::error::Error;
use crate::export::{ToolFormat, tool, tool_name, tool_name_clashes};
use crate::output;
use crate::validate::Validator;
use crate::workspace::{self, Workspace};

use super::{Io, default_jobs};

/// `schema ACTION` (or `--all`): the tool definition(s) on stdout.
pub fn schema(
    io: &mut Io,
    ws: &Workspace,
    action: Option<&str>,
    all: bool,
    format: ToolFormat,
    strict: bool,
) -> Result<(), Error> {
    let validator = Validator::new();
    let value = match (action, all) {
        (Some(name), false) => {
            let (action, _) = ws.load(name, &validator)?;
            tool(&action, format, strict)
        }
        (None, true) => {
            let files = ws.action_files()?;
            let reports = workspace::check_files(&files, &validator, default_jobs());
            let invalid: Vec<_> = reports.iter().filter(|r| r.action.is_none()).collect();
            if !invalid.is_empty() {
                let diagnostics = invalid.iter().flat_map(|r| r.diagnostics.clone()).collect();
                return Err(Error::InvalidAction(diagnostics));
            }
            let actions: Vec<(&str, &crate::model::Action)> = reports
                .iter()
                .filter_map(|r| r.action.as_ref().map(|a| (r.path.as_str(), a)))
                .collect();
            refuse_clashing_names(&actions)?;
            let tools = actions
                .iter()
                .map(|(_, a)| tool(a, format, strict))
                .collect();
            serde_json::Value::Array(tools)
        }
        _ => return Err(Error::Usage("give an ACTION or --all, not both".into())),
    };
    io.data(&output::pretty(&value));
    Ok(())
}

/// Every pair of actions whose ids export as the same tool name, as
/// errors on the later file: exporting both would give the agent two
/// tools it cannot tell apart.
fn refuse_clashing_names(actions: &[(&str, &crate::model::Action)]) -> Result<(), Error> {
    let ids: Vec<&str> = actions.iter().map(|(_, a)| a.id.as_str()).collect();
    let diagnostics: Vec<Diagnostic> = tool_name_clashes(&ids)
        .into_iter()
        .map(|(first, later)| {
            Diagnostic::error(
                actions[later].0,
                Location::new(1, 1),
                format!(
                    "action id `{}` exports as tool name `{}`, like {} (`{}`); rename one of the files",
                    ids[later],
                    tool_name(ids[later]),
                    actions[first].0,
                    ids[first]
                ),
            )
        })
        .collect();
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidAction(diagnostics))
    }
}
