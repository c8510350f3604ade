//! Running a flow: its steps in order, each one a live call, stopping at
//! the first failed condition, status or extraction with the reason.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::error::Error;
use crate::flow::Flow;
use crate::model::Action;
use crate::output;
use crate::request;
use crate::validate::Validator;
use crate::workspace::{self, Workspace};

use super::live::{TestFormat, TestOptions, run};
use super::request::{RequestInputs, load_context};
use super::{Io, Settings};

/// The flow file `name` refers to, if it is a flow: a path to a file with
/// `steps:`, or an id with no action but a file in the flows folder.
pub fn flow_target(ws: &Workspace, name: &str) -> Option<PathBuf> {
    match ws.locate(name) {
        Ok(path) => {
            let bytes = std::fs::read(&path).ok()?;
            let doc = crate::yaml::Document::parse(&bytes).ok()?;
            crate::flow::is_flow(&doc).then_some(path)
        }
        Err(_) => ws.locate_flow(name),
    }
}

/// Loads and checks the flow at `path`, with the actions it may name.
fn load_flow(ws: &Workspace, path: &Path) -> Result<(Flow, HashMap<String, Action>), Error> {
    let validator = Validator::new();
    let mut reports = vec![workspace::check_file(path, &validator)];
    let actions = ws.check_flows(&mut reports, &validator);
    let report = reports.remove(0);
    match report.flow {
        Some(flow) => Ok((flow, actions)),
        None => Err(Error::InvalidAction(report.diagnostics)),
    }
}

/// Runs the flow at `path` with the `--var` values as its inputs.
pub fn run_flow(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    path: &Path,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let (flow, actions) = load_flow(ws, path)?;
    run_checked_flow(io, settings, &flow, &actions, inputs, options)
}

/// Runs a flow already checked against `actions`.
pub fn run_checked_flow(
    io: &mut Io,
    settings: &Settings,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let context = load_context(inputs.context.as_ref())?;
    let mut values = flow_inputs(flow, &inputs.vars)?;
    let mut results = Vec::new();
    let mut last_body = Vec::new();
    let total = flow.steps.len();
    let mut stopped: Option<Error> = None;
    for (i, step) in flow.steps.iter().enumerate() {
        let n = i + 1;
        let value_of = |name: &str| {
            values
                .get(name)
                .cloned()
                .or_else(|| context.get(name).map(str::to_string))
                .unwrap_or_default()
        };
        if let Some(condition) = &step.when {
            if !condition.holds(&value_of) {
                let shown: Vec<String> = condition
                    .left
                    .placeholders()
                    .map(|(name, _)| format!("{name} = {}", value_of(name)))
                    .collect();
                stopped = Some(Error::Check(format!(
                    "flow {} stopped before step {n} ({}): condition `{}` does not hold ({})",
                    flow.id,
                    step.action,
                    condition.text,
                    shown.join(", ")
                )));
                break;
            }
        }
        let action = actions.get(&step.action).ok_or_else(|| {
            Error::Input(format!(
                "flow {}: unknown action `{}`",
                flow.id, step.action
            ))
        })?;
        let mut action = action.clone();
        if let Some(expect) = &step.expect {
            action.expect = expect.clone();
        }
        let given: Vec<(String, String)> = step
            .vars
            .iter()
            .map(|(name, template, _)| {
                let text = template
                    .render_with(|n| Ok::<_, ()>(value_of(n)))
                    .unwrap_or_default();
                (name.clone(), text)
            })
            .collect();
        let typed = request::convert_given(&action, &given)?;
        let typed = request::with_defaults(&action, typed);
        if options.format == TestFormat::Text {
            io.trace(&format!("── step {n}/{total}: {}\n", action.id));
        }
        let outcome = run(io, settings, &action, &typed, &context, options)?;
        for e in &outcome.extracted {
            if let Some(v) = &e.value {
                values.insert(e.name.clone(), crate::extract::as_text(v));
            }
        }
        let mut doc = outcome.json();
        doc["action"] = json!(action.id);
        results.push(doc);
        last_body = outcome.exchange.body.clone();
        if let Some(error) = outcome.failure(&action) {
            stopped = Some(Error::Check(format!(
                "flow {} stopped at step {n}: {error}",
                flow.id
            )));
            break;
        }
    }
    match options.format {
        TestFormat::Json => io.data(&output::pretty(&json!({
            "flow": flow.id,
            "steps": results,
            "passed": stopped.is_none(),
        }))),
        TestFormat::Text => {
            use std::io::IsTerminal;
            if stopped.is_none() {
                let terminal = std::io::stdout().is_terminal();
                io.data_bytes(&crate::trace::stdout_body(&last_body, terminal));
            }
        }
    }
    match stopped {
        Some(error) => Err(error),
        None => {
            io.note(&format!(
                "flow {}: {total} step{} passed",
                flow.id,
                if total == 1 { "" } else { "s" }
            ));
            Ok(())
        }
    }
}

/// The flow's inputs from `--var`, checked against the flow's variables
/// like an action's (examples are not used as values), defaults applied,
/// as the text that fills `{{name}}` in the steps.
fn flow_inputs(flow: &Flow, given: &[(String, String)]) -> Result<HashMap<String, String>, Error> {
    let values = request::resolve_variables(flow, given)?;
    Ok(values
        .into_iter()
        .map(|(name, value)| (name, value.to_string()))
        .collect())
}
