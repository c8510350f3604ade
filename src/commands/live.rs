//! `test`: the live call of one action (or flow), run by the engine and
//! shown with its trace; missing values are asked for on a terminal.

use std::collections::HashMap;

use crate::core::convert::TypedValue;
use crate::core::model::Action;
use crate::core::request;
use crate::core::validate::Validator;
use crate::engine::{self, Outcome};
use crate::error::Error;
use crate::io::workspace::{Target, Workspace};
use crate::render::output;

use super::request::{RequestInputs, load_context, note_unset_context};
use super::run::{TestFormat, TestOptions, Trace, outcome_json};
use super::{Io, Settings};

/// `test`: sends the request and reports the exchange.
pub(crate) fn test(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    match ws.target(&inputs.action, &Validator::new()) {
        Ok(Target::Flow { id, checked }) => {
            super::flow::run_flow(io, settings, &id, checked, inputs, options)
        }
        Ok(Target::Action(action)) => test_action(io, settings, &action, inputs, options),
        Err(error) => report(io, options, Outcome::failed(error)),
    }
}

/// `test` for an action already loaded and checked.
pub(super) fn test_action(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let prepared = complete_variables(action, &inputs.vars, io.terminals().stdin)
        .and_then(|values| Ok((values, load_context(inputs.context.as_ref())?)));
    let outcome = match prepared {
        Ok((values, context)) => {
            note_unset_context(io, action, &values, &context);
            let secrets = || settings.secret_sources();
            let run_options = options.run_options(&secrets);
            let mut trace = Trace::new(io, options.format);
            engine::run_action(action, &values, &context, &run_options, &mut trace)
        }
        Err(error) => Outcome::failed(error),
    };
    report(io, options, outcome)
}

/// Prints what stdout gets for `outcome` (the JSON document, or the
/// response body) and ends as it did.
fn report(io: &mut Io, options: &TestOptions, outcome: Outcome) -> Result<(), Error> {
    match options.format {
        TestFormat::Json => io.data(&output::pretty(&outcome_json(&outcome))),
        TestFormat::Text => {
            if let Some(exchange) = &outcome.exchange {
                let terminal = io.terminals().stdout;
                io.data_bytes(&crate::render::trace::stdout_body(exchange, terminal));
            }
        }
    }
    outcome.failure.map_or(Ok(()), Err)
}

/// Converts `--var` values; asks for missing required ones when stdin
/// is a terminal, and fails naming them otherwise; then applies defaults.
pub(super) fn complete_variables(
    action: &Action,
    given: &[(String, String)],
    can_prompt: bool,
) -> Result<HashMap<String, TypedValue>, Error> {
    let mut values = request::convert_given(action, given)?;
    let missing = request::missing_required(action, &values);
    if !missing.is_empty() {
        if !can_prompt {
            return Err(request::BuildError::MissingRequired(missing).into());
        }
        let to_ask: Vec<&crate::core::model::Variable> =
            missing.iter().filter_map(|n| action.variable(n)).collect();
        let answers = crate::io::prompt::ask(&to_ask)?;
        values.extend(request::convert_given(action, &answers)?);
    }
    Ok(request::with_defaults(action, values))
}
