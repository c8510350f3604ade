//! `test FLOW`: the engine runs the steps; this shows them with their
//! trace and prints the last body or one JSON document for the flow.

use std::collections::HashMap;

use serde_json::json;

use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::engine::{self, StepOutcome};
use crate::error::Error;
use crate::render::output;

use super::request::{RequestInputs, load_context};
use super::run::{TestFormat, TestOptions, Trace, outcome_json};
use super::{Io, Settings};

/// Runs a flow, checked or not, with the `--var` values as its inputs;
/// a flow that cannot run still reports as a flow.
pub(super) fn run_flow(
    io: &mut Io,
    settings: &Settings,
    id: &str,
    checked: Result<(Flow, HashMap<String, Action>), Error>,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    match checked {
        Ok((flow, actions)) => run_checked_flow(io, settings, &flow, &actions, inputs, options),
        Err(error) => report(io, id, &FlowRun::default(), Err(error), options),
    }
}

/// A flow that could not start (its environment could not be read):
/// reported as a flow, with no steps.
pub(super) fn report_not_started(
    io: &mut Io,
    id: &str,
    error: Error,
    options: &TestOptions,
) -> Result<(), Error> {
    report(io, id, &FlowRun::default(), Err(error), options)
}

/// What a flow run left behind for the report.
#[derive(Default)]
pub(super) struct FlowRun {
    /// Where the run stopped (`{step, action}`), when a case's verdict
    /// replaces the run's own result.
    stopped_at: Option<serde_json::Value>,
    /// One `--format json` document per step attempted.
    steps: Vec<serde_json::Value>,
    last_body: Vec<u8>,
    started: Option<std::time::Instant>,
}

/// Runs a flow already checked against `actions`.
pub(super) fn run_checked_flow(
    io: &mut Io,
    settings: &Settings,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let (run, result) = run_steps(io, settings, flow, actions, inputs, options);
    report(io, &flow.id, &run, result, options)
}

/// Runs the steps with their trace, printing nothing on stdout: a case
/// judges the result before [`report`] prints it.
pub(super) fn run_steps(
    io: &mut Io,
    settings: &Settings,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> (FlowRun, Result<(), Error>) {
    let started = Some(std::time::Instant::now());
    let context = match load_context(inputs.context.as_ref(), settings.environment.as_ref()) {
        Ok(context) => context,
        Err(error) => {
            let run = FlowRun {
                started,
                ..FlowRun::default()
            };
            return (run, Err(error));
        }
    };
    let secrets = || settings.secret_sources();
    let routes = settings.routes(options.base_url.as_ref());
    let run_options = options.run_options(&secrets, &routes);
    let mut trace = Trace::new(io, options.format);
    let outcome = engine::run_flow(
        flow,
        actions,
        &inputs.vars,
        &context,
        &run_options,
        &mut trace,
    );
    let run = FlowRun {
        stopped_at: None,
        steps: outcome.steps.iter().map(step_json).collect(),
        last_body: last_body(&outcome.steps),
        started,
    };
    let result = outcome.into_result();
    if result.is_ok() {
        let total = flow.steps.len();
        io.note(&format!(
            "flow {}: {total} step{} passed",
            flow.id,
            if total == 1 { "" } else { "s" }
        ));
    }
    (run, result)
}

impl FlowRun {
    /// Keeps where `result` stopped, for a report of a case's verdict
    /// in its place.
    pub(super) fn keep_stopped_at(&mut self, result: &Result<(), Error>) {
        self.stopped_at = Some(stopped_at(result));
    }
}

/// `{step, action}` where the flow stopped, `null` when it did not.
fn stopped_at(result: &Result<(), Error>) -> serde_json::Value {
    match result {
        Err(Error::FlowStopped { step, action, .. }) => json!({"step": step, "action": action}),
        _ => serde_json::Value::Null,
    }
}

/// A step's `--format json` document: its action's, naming the action.
fn step_json(step: &StepOutcome) -> serde_json::Value {
    let mut doc = outcome_json(&step.outcome);
    doc["action"] = json!(step.action);
    doc
}

/// The body of the last response, empty when no step got one.
fn last_body(steps: &[StepOutcome]) -> Vec<u8> {
    steps
        .iter()
        .rev()
        .find_map(|s| s.outcome.exchange.as_ref())
        .map(|exchange| exchange.body.clone())
        .unwrap_or_default()
}

/// Prints what stdout gets for a flow run and ends as it did: with
/// `--format json` one document (also when the flow could not start);
/// otherwise the last step's body when every step passed.
pub(super) fn report(
    io: &mut Io,
    id: &str,
    run: &FlowRun,
    result: Result<(), Error>,
    options: &TestOptions,
) -> Result<(), Error> {
    match options.format {
        TestFormat::Json => {
            let stopped_at = run
                .stopped_at
                .clone()
                .unwrap_or_else(|| stopped_at(&result));
            let duration_ms = run
                .started
                .map(|s| u64::try_from(s.elapsed().as_millis()).unwrap_or(u64::MAX));
            io.data(&output::pretty(&json!({
                "flow": id,
                "passed": result.is_ok(),
                "failure": result.as_ref().err().map(Error::to_json),
                "stopped_at": stopped_at,
                "duration_ms": duration_ms,
                "steps": run.steps,
            })));
        }
        TestFormat::Text if result.is_ok() => {
            let terminal = io.terminals().stdout;
            io.data_bytes(&crate::render::trace::stdout_body(&run.last_body, terminal));
        }
        TestFormat::Text => {}
    }
    result
}
