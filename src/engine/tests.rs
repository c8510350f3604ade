//! The engine run for a caller that is no terminal command: a listener
//! that collects events, against real loopback servers (the mock pool).

use std::collections::HashMap;

use super::{Event, Listener, RunOptions, run_action, run_flow};
use crate::core::context::Context;
use crate::core::environment::Environments;
use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::core::request::Routes;
use crate::core::validate::Validator;
use crate::error::Error;
use crate::io::secrets::{EnvStore, Redactor, SecretSources};

/// What a listener saw, one line per event, every text masked with the
/// redactors handed over so far.
#[derive(Default)]
struct Collect {
    seen: Vec<String>,
    redactor: Redactor,
}

impl Listener for Collect {
    fn on(&mut self, event: Event<'_>) {
        let line = match event {
            Event::StepStarted {
                step,
                total,
                action,
            } => format!("step {step}/{total} {action}"),
            Event::SecretPlaceholder(name) => format!("placeholder {name}"),
            Event::SecretsResolved(redactor) => {
                self.redactor.merge(redactor.clone());
                "secrets resolved".into()
            }
            Event::Note(note) => format!("note {note}"),
            Event::Request(request) => {
                let auth = request.headers.iter().map(|h| h.value.masked());
                format!(
                    "request {} {} [{}]",
                    request.method.as_str(),
                    request.url.split_once("/orders").map_or("", |(_, p)| p),
                    auth.collect::<Vec<_>>().join("; ")
                )
            }
            Event::Waiting => "waiting".into(),
            Event::WaitOver => "wait over".into(),
            Event::Response { exchange, passed } => format!(
                "response {} passed={passed} body={}",
                exchange.status,
                self.redactor
                    .redact(&String::from_utf8_lossy(&exchange.body))
                    .split_whitespace()
                    .collect::<String>()
            ),
            Event::Checked(checks) => {
                let failed: Vec<String> = checks
                    .iter()
                    .filter(|c| !c.passed)
                    .map(|c| c.line())
                    .collect();
                format!("checked {} failed: {}", checks.len(), failed.join(" | "))
            }
            Event::AgentSees(shaped) => format!("agent sees {} cut={}", shaped.text, shaped.cut),
            Event::ExtractSkipped => "extract skipped".into(),
            Event::Extracted(all) => {
                let each: Vec<String> = all
                    .iter()
                    .map(|e| format!("{}={:?}", e.name, e.value))
                    .collect();
                format!("extracted {}", each.join(", "))
            }
            Event::ActionDone(outcome) => format!("done passed={}", outcome.failure.is_none()),
        };
        self.seen.push(line);
    }
}

fn action(id: &str, yaml: &str) -> Action {
    let report = Validator::new().check(id, &format!("{id}.yaml"), yaml.as_bytes());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    report.into_action().unwrap()
}

const LOOKUP: &str = "\
name: Lookup order
description: Look up an order by its number.
method: GET
url: https://api.example.invalid/orders/{{number}}
auth: {type: bearer, secret: engine-test-api}
variables:
  - {name: number, type: string, required: true}
extract:
  status: $.status
mock:
  status: 200
  body: {status: shipped, echoed: Bearer mock-placeholder-for-engine-test-api}
";

/// No keychain, and an environment profile nobody sets: every secret is
/// missing, so `--mock` sends placeholders.
fn no_secrets() -> SecretSources {
    SecretSources::environment_only(EnvStore {
        profile: Some("engine-unit-test-nobody-sets-this".into()),
    })
}

/// No answer picked by name.
static NO_PICKS: std::sync::LazyLock<HashMap<String, String>> =
    std::sync::LazyLock::new(HashMap::new);

/// No `--base-url`, no environment.
static NO_ROUTES: Routes = Routes {
    base_url: None,
    by_origin: Vec::new(),
    fallback: None,
};

fn options(secrets: &dyn Fn() -> SecretSources) -> RunOptions<'_> {
    RunOptions {
        timeout: None,
        mock: true,
        mock_picks: &NO_PICKS,
        routes: &NO_ROUTES,
        max_response_bytes: 1 << 20,
        max_redirects: 0,
        secrets,
    }
}

fn values(
    action: &Action,
    given: &[(&str, &str)],
) -> HashMap<String, crate::core::convert::TypedValue> {
    let given: Vec<(String, String)> = given
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    crate::core::request::resolve_variables(action, &given).unwrap()
}

#[test]
fn runs_an_action_against_a_loopback_server_and_tells_a_listener_everything() {
    let lookup = action("lookup-order", LOOKUP);
    let mut listener = Collect::default();
    let outcome = run_action(
        &lookup,
        &values(&lookup, &[("number", "ORD-7")]),
        &Context::default(),
        &options(&no_secrets),
        &mut listener,
    );
    assert!(outcome.failure.is_none(), "{:?}", outcome.failure);
    assert_eq!(
        listener.seen,
        [
            "placeholder engine-test-api",
            "secrets resolved",
            "request GET /ORD-7 [Bearer <secret:engine-test-api>]",
            "waiting",
            "wait over",
            "response 200 passed=true body={\"status\":\"shipped\",\"echoed\":\"Bearer<secret:engine-test-api>\"}",
            "extracted status=Ok(String(\"shipped\"))",
            "done passed=true",
        ]
    );
    let exchange = outcome.exchange.expect("an exchange");
    assert_eq!(exchange.status, 200);
    assert!(
        outcome
            .request
            .unwrap()
            .url
            .starts_with("http://127.0.0.1:")
    );
    assert!(outcome.elapsed.is_some());
    let extracted = outcome.extracted.expect("extraction ran");
    assert_eq!(extracted[0].value, Ok(serde_json::json!("shipped")));
    let whole = outcome
        .agent_sees
        .expect("a response, so something to hand over");
    assert_eq!(
        whole.text,
        "{\n  \"status\": \"shipped\",\n  \"echoed\": \"Bearer <secret:engine-test-api>\"\n}"
    );
}

#[test]
fn a_response_shape_is_applied_to_the_masked_body_and_reported() {
    let shaped = action(
        "lookup-order",
        &format!("{LOOKUP}response:\n  select: $.echoed\n  max_chars: 10\n"),
    );
    let mut listener = Collect::default();
    let outcome = run_action(
        &shaped,
        &values(&shaped, &[("number", "ORD-7")]),
        &Context::default(),
        &options(&no_secrets),
        &mut listener,
    );
    assert!(outcome.failure.is_none(), "{:?}", outcome.failure);
    let expected = "\"Bearer <s…[cut: 10 of 33 characters]";
    assert!(
        listener
            .seen
            .contains(&format!("agent sees {expected} cut=true")),
        "{:?}",
        listener.seen
    );
    assert_eq!(outcome.agent_sees.unwrap().text, expected);
}

#[test]
fn a_status_outside_expect_skips_extraction_and_fails_the_outcome() {
    let missing = action(
        "lookup-order",
        &LOOKUP.replace("status: 200", "status: 404"),
    );
    let mut listener = Collect::default();
    let outcome = run_action(
        &missing,
        &values(&missing, &[("number", "ORD-7")]),
        &Context::default(),
        &options(&no_secrets),
        &mut listener,
    );
    assert!(matches!(outcome.failure, Some(Error::CheckFailed { .. })));
    assert!(outcome.extracted.is_none());
    assert_eq!(
        listener.seen[listener.seen.len() - 3..],
        [
            "response 404 passed=false body={\"status\":\"shipped\",\"echoed\":\"Bearer<secret:engine-test-api>\"}",
            "extract skipped",
            "done passed=false",
        ]
    );
}

#[test]
fn failed_checks_skip_extraction_fail_the_outcome_and_come_masked() {
    let checked = action(
        "lookup-order",
        &LOOKUP.replace(
            "extract:",
            "expect:\n  body:\n    $.status: delivered\n    $.echoed: {matches: \"^Basic\"}\n    $.status2: {exists: false}\nextract:",
        ),
    );
    let mut listener = Collect::default();
    let outcome = run_action(
        &checked,
        &values(&checked, &[("number", "ORD-7")]),
        &Context::default(),
        &options(&no_secrets),
        &mut listener,
    );
    let Some(Error::ChecksFailed { failed, .. }) = &outcome.failure else {
        panic!("{:?}", outcome.failure);
    };
    assert_eq!(
        failed,
        &[
            "$.status: expected equals \"delivered\", got \"shipped\"",
            "$.echoed: expected matches /^Basic/, got \"Bearer <secret:engine-test-api>\"",
        ]
    );
    assert!(outcome.extracted.is_none());
    assert_eq!(outcome.checks.len(), 3);
    assert!(outcome.checks[2].passed);
    assert_eq!(
        listener.seen[listener.seen.len() - 3..],
        [
            "checked 3 failed: $.status: expected equals \"delivered\", got \"shipped\" | $.echoed: expected matches /^Basic/, got \"Bearer <secret:engine-test-api>\"",
            "extract skipped",
            "done passed=false",
        ]
    );
}

#[test]
fn a_run_that_cannot_build_its_request_sends_nothing() {
    let lookup = action("lookup-order", LOOKUP);
    let mut listener = Collect::default();
    let outcome = run_action(
        &lookup,
        &HashMap::new(),
        &Context::default(),
        &options(&no_secrets),
        &mut listener,
    );
    assert!(matches!(outcome.failure, Some(Error::Build(_))));
    assert!(outcome.request.is_none() && outcome.exchange.is_none());
    assert_eq!(listener.seen, ["done passed=false"]);
}

const FLOW: &str = "\
name: Ship then check
description: Look an order up twice, the second time only once it shipped.
variables:
  - {name: number, type: string, required: true}
steps:
  - action: lookup-order
    vars: {number: \"{{number}}\"}
  - action: lookup-order
    when: \"{{status}} == shipped\"
    vars: {number: \"{{status}}\"}
  - action: lookup-order
    when: \"{{status}} == lost\"
    vars: {number: \"{{number}}\"}
";

#[test]
fn a_flow_passes_extracted_values_on_and_stops_where_a_condition_fails() {
    let report = Validator::new().check("ship-then-check", "ship-then-check.yaml", FLOW.as_bytes());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let flow: Flow = report.flow().unwrap().clone();
    let actions = HashMap::from([("lookup-order".to_string(), action("lookup-order", LOOKUP))]);
    let given = [("number".to_string(), "ORD-7".to_string())];
    let mut listener = Collect::default();
    let outcome = run_flow(
        &flow,
        &actions,
        &given,
        &Context::default(),
        &options(&no_secrets),
        &mut listener,
    );
    let steps: Vec<&String> = listener
        .seen
        .iter()
        .filter(|l| l.starts_with("step ") || l.starts_with("request "))
        .collect();
    assert_eq!(
        steps,
        [
            "step 1/3 lookup-order",
            "request GET /ORD-7 [Bearer <secret:engine-test-api>]",
            "step 2/3 lookup-order",
            "request GET /shipped [Bearer <secret:engine-test-api>]",
        ]
    );
    assert_eq!(outcome.steps.len(), 2);
    assert!(outcome.steps.iter().all(|s| s.outcome.failure.is_none()));
    match outcome.into_result() {
        Err(Error::FlowStopped {
            step,
            action,
            reason,
            ..
        }) => {
            assert_eq!((step, action.as_str()), (3, "lookup-order"));
            assert!(matches!(*reason, Error::Condition { .. }), "{reason:?}");
        }
        other => panic!("the flow should stop at step 3: {other:?}"),
    }
}

#[test]
fn a_flow_whose_later_step_needs_an_env_value_the_environment_lacks_sends_nothing() {
    let (envs, problems) = Environments::parse(
        "environments.yaml",
        b"staging:\n  values: {region: eu}\nci:\n  values: {other: x}\n",
    );
    assert!(problems.is_empty(), "{problems:?}");
    let validator = Validator::new().with_environments(envs.known("environments.yaml"));
    let regional = LOOKUP.replace(
        "auth: {type: bearer",
        "headers: {X-Region: \"{{env.region}}\"}\nauth: {type: bearer",
    );
    let check = |id: &str, yaml: &str| {
        let report = validator.check(id, &format!("{id}.yaml"), yaml.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        report
    };
    let actions = HashMap::from([
        (
            "lookup-order".to_string(),
            check("lookup-order", LOOKUP).into_action().unwrap(),
        ),
        (
            "regional".to_string(),
            check("regional", &regional).into_action().unwrap(),
        ),
    ]);
    let flow_yaml = "name: Two\ndescription: Plain, then regional.\nsteps:\n  - action: lookup-order\n    vars: {number: \"1\"}\n  - action: regional\n    when: \"{{env.region}} == eu\"\n    vars: {number: \"n-{{env.region}}\"}\n";
    let flow = check("two", flow_yaml).flow().unwrap().clone();
    let run = |environment: Option<&str>| {
        let context = Context::default().with_environment(environment.and_then(|n| envs.get(n)));
        let mut listener = Collect::default();
        let outcome = run_flow(
            &flow,
            &actions,
            &[],
            &context,
            &options(&no_secrets),
            &mut listener,
        );
        (outcome, listener.seen)
    };
    for (environment, message) in [
        (
            Some("ci"),
            "environment `ci` does not define `env.region`: add it under `ci: values:` in the environments file",
        ),
        (
            None,
            "`env.region` needs an environment, but none is selected: pass --env NAME (or set ACTIONCTL_ENV)",
        ),
    ] {
        let (outcome, seen) = run(environment);
        assert!(seen.is_empty(), "nothing may be sent: {seen:?}");
        let error = outcome.into_result().unwrap_err();
        assert_eq!(error.to_string(), message);
        assert_eq!(error.exit_code(), 4);
    }
    let (outcome, seen) = run(Some("staging"));
    assert!(outcome.into_result().is_ok());
    let requests: Vec<&String> = seen.iter().filter(|l| l.starts_with("request ")).collect();
    assert_eq!(requests.len(), 2, "{seen:?}");
    assert!(requests[1].starts_with("request GET /n-eu"), "{seen:?}");
}
