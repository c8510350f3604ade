//! `test`: the live call of one action (or flow), run by the engine and
//! shown with its trace; missing values are asked for on a terminal.

use std::collections::HashMap;

use crate::core::convert::TypedValue;
use crate::core::model::Action;
use crate::core::request;
use crate::engine::{self, Outcome};
use crate::error::Error;
use crate::io::workspace::{Target, Workspace};
use crate::render::output;

use super::cases::{CaseChoice, find_case, run_action_case, run_flow_case, with_mock_answer};
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
    reports: super::Reports,
) -> Result<(), Error> {
    let target = match ws.target(&inputs.action, &settings.validator()) {
        Ok(target) => target,
        Err(error) if options.case == CaseChoice::All => {
            let kind = ws.flow_id(&inputs.action).map_or("action", |_| "flow");
            return super::all::report_not_run(io, options, kind, &inputs.action, error);
        }
        Err(error) => return report(io, options, Outcome::failed(error)),
    };
    let context = inputs.context.clone();
    match (&options.case, target) {
        (CaseChoice::All, target) => {
            super::all::test_cases(io, settings, target, context, options, reports)
        }
        (CaseChoice::None, Target::Action(action)) => {
            let options = with_mock_answer(options, std::iter::once(&*action))?;
            test_action(io, settings, &action, inputs, &options)
        }
        (CaseChoice::None, Target::Flow { id, checked }) => {
            let options = match checked.as_ref() {
                Ok((flow, actions)) => {
                    let steps = flow.steps.iter().filter_map(|s| actions.get(&s.action));
                    with_mock_answer(options, steps)?
                }
                Err(_) => options.clone(),
            };
            super::flow::run_flow(io, settings, &id, *checked, inputs, &options)
        }
        (CaseChoice::One(name), Target::Action(action)) => {
            let i = match find_case(
                &action.id,
                name,
                action.cases.iter().map(|c| c.name.as_str()),
            ) {
                Ok(i) => i,
                Err(error) => return report(io, options, Outcome::failed(error)),
            };
            run_action_case(
                io,
                settings,
                &action,
                Some(&action.cases[i]),
                context,
                options,
            )?;
            io.note(&format!("case {} / {name} passed", action.id));
            Ok(())
        }
        (CaseChoice::One(name), Target::Flow { id, checked }) => {
            let not_started =
                |io: &mut Io, error| super::flow::report_not_started(io, &id, error, options);
            let (flow, actions) = match *checked {
                Ok(checked) => checked,
                Err(error) => return not_started(io, error),
            };
            let i = match find_case(&flow.id, name, flow.cases.iter().map(|c| c.name.as_str())) {
                Ok(i) => i,
                Err(error) => return not_started(io, error),
            };
            run_flow_case(
                io,
                settings,
                &flow,
                &actions,
                Some(&flow.cases[i]),
                context,
                options,
            )?;
            io.note(&format!("case {} / {name} passed", flow.id));
            Ok(())
        }
    }
}

/// `test` stopped before it could check its target (the environments
/// file has errors, `--env` names no environment): reported as `test`
/// reports any failure of that target, so `--format json` still prints
/// an action's document, or a flow's.
pub(crate) fn test_not_started(
    io: &mut Io,
    ws: &Workspace,
    inputs: &RequestInputs,
    options: &TestOptions,
    error: Error,
) -> Result<(), Error> {
    match ws.flow_id(&inputs.action) {
        Some(id) => super::flow::report_not_started(io, &id, error, options),
        None => report(io, options, Outcome::failed(error)),
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
    let outcome = run_action(io, settings, action, inputs, options);
    report(io, options, outcome)
}

/// Runs `action` with its trace, printing nothing on stdout: a case
/// judges the outcome before [`report`] prints it.
pub(super) fn run_action(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Outcome {
    // The environment's values are checked before any variable is asked for.
    let prepared =
        load_context(inputs.context.as_ref(), settings.environment.as_ref()).and_then(|context| {
            request::require_env_values(&action.env_keys, &context)?;
            let values = complete_variables(action, &inputs.vars, io.terminals().stdin)?;
            Ok((values, context))
        });
    match prepared {
        Ok((values, context)) => {
            note_unset_context(io, action, &values, &context);
            let secrets = || settings.secret_sources();
            let routes = settings.routes(options.base_url.as_ref());
            let run_options = options.run_options(&secrets, &routes);
            let mut trace = Trace::new(io, options.format);
            engine::run_action(action, &values, &context, &run_options, &mut trace)
        }
        Err(error) => Outcome::failed(error),
    }
}

/// Prints what stdout gets for `outcome` (the JSON document, or the
/// response body) and ends as it did.
pub(super) fn report(io: &mut Io, options: &TestOptions, outcome: Outcome) -> Result<(), Error> {
    match options.format {
        TestFormat::Json => io.data(&output::pretty(&outcome_json(&outcome))),
        TestFormat::Text => {
            if let Some(exchange) = &outcome.exchange {
                let terminal = io.terminals().stdout;
                io.data_bytes(&crate::render::trace::stdout_body(&exchange.body, terminal));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::validate::Validator;
    use crate::io::keychain::KeychainChoice;
    use crate::render::term::{Colors, Terminals};

    /// An action answered on loopback (`--mock`) with compact JSON that
    /// echoes the placeholder sent for its secret.
    fn echo_action() -> Action {
        let yaml = "\
name: Echo
description: Answers with what it was sent.
method: GET
url: https://api.example.invalid/echo
auth: {type: bearer, secret: live-unit-test-key}
mock:
  status: 200
  headers: {Content-Type: application/json}
  body: '{\"auth\":\"Bearer mock-placeholder-for-live-unit-test-key\",\"n\":1}'
";
        let report = Validator::new().check("echo", "echo.yaml", yaml.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        report.into_action().unwrap()
    }

    /// stdout (and stderr) of `test --mock` on the echo action, with
    /// stdout a terminal or not: no pty needed, Io says what it is.
    fn run(format: TestFormat, terminals: Terminals) -> (String, String) {
        let settings = Settings {
            profile: Some("live-unit-test-nobody-sets-this".into()),
            keychain: KeychainChoice::None,
            ..Settings::default()
        };
        let options = TestOptions {
            format,
            timeout: None,
            mock: true,
            mock_answer: None,
            mock_picks: Default::default(),
            case: Default::default(),
            base_url: None,
            max_response_bytes: 1 << 20,
            max_redirects: 0,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut io = Io::new(&mut out, &mut err, terminals, Colors::default(), false, 0);
        let result = test_action(
            &mut io,
            &settings,
            &echo_action(),
            &RequestInputs::default(),
            &options,
        );
        assert!(result.is_ok(), "{result:?}");
        drop(io);
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn a_terminal_stdout_gets_the_body_pretty_printed_and_a_pipe_gets_it_as_sent() {
        let terminal = Terminals {
            stdout: true,
            ..Terminals::default()
        };
        let (pretty, _) = run(TestFormat::Text, terminal);
        assert_eq!(
            pretty,
            "{\n  \"auth\": \"Bearer <secret:live-unit-test-key>\",\n  \"n\": 1\n}\n"
        );
        let (as_sent, _) = run(TestFormat::Text, Terminals::default());
        assert_eq!(
            as_sent,
            "{\"auth\":\"Bearer <secret:live-unit-test-key>\",\"n\":1}"
        );
    }

    #[test]
    fn the_trace_and_the_json_document_mask_what_the_engine_handed_over() {
        let (doc, trace) = run(TestFormat::Json, Terminals::default());
        assert!(doc.contains("<secret:live-unit-test-key>"), "{doc}");
        assert!(!doc.contains("mock-placeholder"), "{doc}");
        assert!(trace.contains("--mock sends a placeholder"), "{trace}");
        let (_, trace) = run(TestFormat::Text, Terminals::default());
        assert!(
            trace.contains("Bearer <secret:live-unit-test-key>"),
            "{trace}"
        );
        assert!(!trace.contains("mock-placeholder-for"), "{trace}");
    }
}
