//! `schema`: actions exported as LLM tool definitions.

use crate::error::Error;
use crate::export::{ToolFormat, tool};
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
            let tools = reports
                .iter()
                .filter_map(|r| r.action.as_ref())
                .map(|a| tool(a, format, strict))
                .collect();
            serde_json::Value::Array(tools)
        }
        _ => return Err(Error::Usage("give an ACTION or --all, not both".into())),
    };
    io.data(&output::pretty(&value));
    Ok(())
}
