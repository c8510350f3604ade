//! `schema`: actions and flows exported as LLM tool definitions.

use crate::core::diagnostic::{Diagnostic, Location};
use crate::core::export::{ToolFormat, flow_tool, tool, tool_name, tool_name_clashes};
use crate::error::Error;
use crate::io::workspace::{self, CheckedFiles, Target, Workspace};
use crate::render::output;

use super::{Io, Settings, default_jobs};

/// `schema ACTION|FLOW` (or `--all`): the tool definition(s) on stdout.
/// A flow is one tool, as an agent platform would call it.
pub(crate) fn schema(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    action: Option<&str>,
    all: bool,
    format: ToolFormat,
    strict: bool,
) -> Result<(), Error> {
    if strict && format != ToolFormat::Openai {
        return Err(Error::Usage(format!(
            "--strict is OpenAI's strict mode and applies to --format openai only, not {}",
            format.name()
        )));
    }
    let validator = settings.validator();
    let value = match (action, all) {
        (Some(name), false) => match ws.target(name, &validator)? {
            Target::Flow { checked, .. } => {
                let (flow, actions) = (*checked)?;
                flow_tool(&flow, &actions, format, strict)
            }
            Target::Action(action) => tool(&action, format, strict),
        },
        (None, true) => {
            let CheckedFiles { reports, actions } = check_tool_files(ws, &validator)?;
            let invalid: Vec<_> = reports.iter().filter(|r| r.is_invalid()).collect();
            if !invalid.is_empty() {
                let diagnostics = invalid.iter().flat_map(|r| r.diagnostics.clone()).collect();
                return Err(Error::InvalidAction(diagnostics));
            }
            let action_reports = reports.iter().filter_map(|r| r.action().map(|a| (r, a)));
            let flow_reports = reports.iter().filter_map(|r| r.flow().map(|f| (r, f)));
            let named: Vec<(&str, &str)> = action_reports
                .clone()
                .map(|(r, a)| (r.path.as_str(), a.id.as_str()))
                .chain(
                    flow_reports
                        .clone()
                        .map(|(r, f)| (r.path.as_str(), f.id.as_str())),
                )
                .collect();
            refuse_clashing_names(&named)?;
            let tools = action_reports
                .map(|(_, a)| tool(a, format, strict))
                .chain(flow_reports.map(|(_, f)| flow_tool(f, &actions, format, strict)))
                .collect();
            serde_json::Value::Array(tools)
        }
        _ => return Err(Error::Usage("give an ACTION or --all, not both".into())),
    };
    io.data(&output::pretty(&value));
    Ok(())
}

/// Every action and flow file of the workspace, checked (flows against
/// the actions): what `schema --all` exports and `mcp` serves.
pub(super) fn check_tool_files(
    ws: &Workspace,
    validator: &crate::core::validate::Validator,
) -> Result<CheckedFiles, Error> {
    let files = super::check::action_and_flow_files(ws)?;
    let reports = workspace::check_files(&files, validator, default_jobs());
    ws.check_flows(reports, validator)
}

/// Every pair of `(path, id)` whose ids export as the same tool name, as
/// errors on the later file: exporting both would give the agent two
/// tools it cannot tell apart.
fn refuse_clashing_names(named: &[(&str, &str)]) -> Result<(), Error> {
    let diagnostics = clashing_names(named);
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidAction(diagnostics))
    }
}

/// One error per later file of each pair in `named` (`(path, id)`) whose
/// ids export as the same tool name.
pub(super) fn clashing_names(named: &[(&str, &str)]) -> Vec<Diagnostic> {
    let ids: Vec<&str> = named.iter().map(|(_, id)| *id).collect();
    tool_name_clashes(&ids)
        .into_iter()
        .map(|(first, later)| {
            Diagnostic::error(
                named[later].0,
                Location::new(1, 1),
                format!(
                    "id `{}` exports as tool name `{}`, like {} (`{}`); rename one of the files",
                    ids[later],
                    tool_name(ids[later]),
                    named[first].0,
                    ids[first]
                ),
            )
        })
        .collect()
}
