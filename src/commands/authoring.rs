//! `schema`: actions and flows exported as LLM tool definitions.

use crate::error::Error;
use crate::export::{ToolFormat, flow_tool, tool};
use crate::output;
use crate::validate::Validator;
use crate::workspace::{self, Workspace};

use super::{Io, default_jobs};

/// `schema ACTION|FLOW` (or `--all`): the tool definition(s) on stdout.
/// A flow is one tool, as an agent platform would call it.
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
        (Some(name), false) => match super::flow::flow_target(ws, name) {
            Some(path) => {
                let (flow, actions) = super::flow::load_flow(ws, &path)?;
                flow_tool(&flow, &actions, format, strict)
            }
            None => {
                let (action, _) = ws.load(name, &validator)?;
                tool(&action, format, strict)
            }
        },
        (None, true) => {
            let files = super::check::action_and_flow_files(ws)?;
            let mut reports = workspace::check_files(&files, &validator, default_jobs());
            let actions = ws.check_flows(&mut reports, &validator);
            let invalid: Vec<_> = reports
                .iter()
                .filter(|r| r.action.is_none() && r.flow.is_none())
                .collect();
            if !invalid.is_empty() {
                let diagnostics = invalid.iter().flat_map(|r| r.diagnostics.clone()).collect();
                return Err(Error::InvalidAction(diagnostics));
            }
            let tools = reports
                .iter()
                .filter_map(|r| r.action.as_ref())
                .map(|a| tool(a, format, strict))
                .chain(
                    reports
                        .iter()
                        .filter_map(|r| r.flow.as_ref())
                        .map(|f| flow_tool(f, &actions, format, strict)),
                )
                .collect();
            serde_json::Value::Array(tools)
        }
        _ => return Err(Error::Usage("give an ACTION or --all, not both".into())),
    };
    io.data(&output::pretty(&value));
    Ok(())
}
