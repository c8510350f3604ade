//! Flows: actions run in order, each step's values filled from the flow's
//! inputs, the context and what earlier steps extracted, with a condition
//! to continue. The verify-then-lookup pattern is one flow.
//!
//! ```yaml
//! name: Verified order lookup
//! description: Verify the caller, then look up their order.
//! variables:
//!   - {name: customer_id, type: string, required: true}
//! steps:
//!   - action: verify-customer
//!     vars: {customer_id: "{{customer_id}}"}
//!   - action: lookup-order
//!     when: "{{verified}} == true"
//!     vars: {order_number: "{{order_number}}"}
//! ```

use std::collections::{HashMap, HashSet};

use marked_yaml::Node;
use marked_yaml::types::MarkedMappingNode;

use crate::core::diagnostic::{Diagnostic, Location};
use crate::core::environment::KnownEnvironments;
use crate::core::model::{Action, CONTEXT_NAMES, Expect, StatusMatch, Variable};
use crate::core::parse::{parse_template, parse_variables};
use crate::core::suggest::did_you_mean;
use crate::core::template::Template;
use crate::core::yaml::{Document, node_start, scalar_to_json};

/// A checked flow.
#[derive(Debug, Clone)]
pub struct Flow {
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// The flow's inputs (given with `--var`).
    pub variables: Vec<Variable>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// `cases:`, in file order.
    pub cases: Vec<FlowCase>,
}

/// One `cases:` entry of a flow file.
#[derive(Debug, Clone)]
pub struct FlowCase {
    /// Unique in the file.
    pub name: String,
    /// The flow's inputs as `--var` text; inputs left out take their
    /// example (or default).
    pub vars: Vec<(String, String)>,
    /// Under `--mock`: step action id → answer name, and where the name
    /// stands (checked against the actions by [`check_flow`]).
    pub mock: Vec<(String, String, Location)>,
    /// How the flow must end.
    pub expect: FlowExpect,
}

/// How a flow case must end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowExpect {
    /// `completes: true`: every step passes.
    Completes,
    /// `stops_at: ACTION_ID`: the flow stops at the step running this
    /// action (its status, checks or condition stop it).
    StopsAt(String),
}

impl Flow {
    /// The KEYs of the `{{env.KEY}}` placeholders its steps use (in values
    /// and conditions), sorted.
    pub(crate) fn env_keys(&self) -> Vec<String> {
        let keys: std::collections::BTreeSet<&str> = self
            .steps
            .iter()
            .flat_map(|step| &step.uses)
            .filter_map(|(name, _)| name.strip_prefix(crate::core::environment::PREFIX))
            .collect();
        keys.into_iter().map(str::to_string).collect()
    }
}

impl crate::core::request::Declares for Flow {
    fn owner(&self) -> String {
        format!("flow `{}`", self.id)
    }

    fn declared(&self) -> &[Variable] {
        &self.variables
    }
}

/// One step of a flow.
#[derive(Debug, Clone)]
pub struct Step {
    pub action: String,
    /// Where the action id stands.
    pub action_at: Location,
    /// Values for the action's variables: name, template, where.
    pub vars: Vec<(String, Template, Location)>,
    /// Run the step only when this holds.
    pub when: Option<Condition>,
    /// Replaces the action's own `expect:` for this step.
    pub expect: Option<Expect>,
    /// Every placeholder the step uses, with its location.
    pub uses: Vec<(String, Location)>,
}

/// `{{a}} == value`, `{{a}} != value`, or `{{a}}` alone (truthy).
#[derive(Debug, Clone)]
pub struct Condition {
    /// As written.
    pub text: String,
    /// Left side.
    pub left: Template,
    /// Operator and right side, when there is one.
    pub compare: Option<(bool, Template)>,
}

impl Condition {
    fn parse(text: &str) -> Result<Self, String> {
        let split = |op: &str| text.split_once(op).map(|(l, r)| (l.trim(), r.trim()));
        let (left, compare) = if let Some((l, r)) = split("==") {
            (l, Some((true, r)))
        } else if let Some((l, r)) = split("!=") {
            (l, Some((false, r)))
        } else {
            (text.trim(), None)
        };
        let template = |t: &str| Template::parse(unquote(t)).map_err(|e| e.to_string());
        Ok(Self {
            text: text.to_string(),
            left: template(left)?,
            compare: compare
                .map(|(eq, r)| template(r).map(|t| (eq, t)))
                .transpose()?,
        })
    }

    /// Evaluates with `value_of` giving each name's text.
    pub fn holds(&self, value_of: &dyn Fn(&str) -> String) -> bool {
        let render = |t: &Template| {
            t.render_with(|n| Ok::<_, ()>(value_of(n)))
                .unwrap_or_default()
        };
        let left = render(&self.left);
        match &self.compare {
            Some((equal, right)) => (left == render(right)) == *equal,
            None => !matches!(left.trim(), "" | "false" | "0" | "null"),
        }
    }
}

fn unquote(text: &str) -> &str {
    let t = text.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// True when a document is a flow (it has `steps:`).
pub(crate) fn is_flow(doc: &Document) -> bool {
    doc.root().get_node("steps").is_some()
}

const FLOW_KEYS: [&str; 5] = ["name", "description", "variables", "steps", "cases"];
const CASE_KEYS: [&str; 4] = ["name", "vars", "mock", "expect"];
const CASE_EXPECT_KEYS: [&str; 2] = ["stops_at", "completes"];
const STEP_KEYS: [&str; 4] = ["action", "vars", "when", "expect"];

/// Parses a flow file's document, with every structural problem.
pub(crate) fn parse_flow(id: &str, path: &str, doc: &Document) -> (Option<Flow>, Vec<Diagnostic>) {
    let root = doc.root();
    let mut diags = Vec::new();
    unknown_keys(path, root, &FLOW_KEYS, "", &mut diags);
    let text = |key: &str, diags: &mut Vec<Diagnostic>| match root.get_scalar(key) {
        Some(s) if scalar_to_json(s).is_string() => Some(s.as_str().to_string()),
        _ => {
            diags.push(Diagnostic::error(
                path,
                Location::START,
                format!("a flow needs `{key}:` text"),
            ));
            None
        }
    };
    let name = text("name", &mut diags);
    let description = text("description", &mut diags);
    let (variables, var_diags) = parse_variables(path, doc, root);
    diags.extend(var_diags);
    let mut steps = Vec::new();
    match root.get_sequence("steps") {
        Some(list) if !list.is_empty() => {
            for (i, node) in list.iter().enumerate() {
                match node.as_mapping() {
                    Some(map) => steps.extend(parse_step(path, doc, map, i + 1, &mut diags)),
                    None => diags.push(Diagnostic::error(
                        path,
                        node_start(node.span()),
                        format!("step {} must be a mapping with `action:`", i + 1),
                    )),
                }
            }
        }
        _ => diags.push(Diagnostic::error(
            path,
            Location::START,
            "a flow needs `steps:`, a list of at least one step",
        )),
    }
    let cases = variables
        .as_deref()
        .map(|variables| parse_cases(path, doc, variables, &steps, &mut diags));
    diags.sort_by_key(|d| d.location);
    let ok = !diags.iter().any(Diagnostic::is_error);
    let flow = match (name, description, variables, cases) {
        (Some(name), Some(description), Some(variables), Some(cases)) if ok => Some(Flow {
            id: id.to_string(),
            name,
            description,
            variables,
            steps,
            cases,
        }),
        _ => None,
    };
    (flow, diags)
}

/// The flow's `cases:`: unique names, inputs checked like `--var`,
/// `mock:` keys and `stops_at` naming steps' actions.
fn parse_cases(
    path: &str,
    doc: &Document,
    variables: &[Variable],
    steps: &[Step],
    diags: &mut Vec<Diagnostic>,
) -> Vec<FlowCase> {
    let Some(node) = doc.root().get_node("cases") else {
        return Vec::new();
    };
    let error = |diags: &mut Vec<Diagnostic>, at: Location, message: String| {
        diags.push(Diagnostic::error(path, at, message));
    };
    let Some(list) = node.as_sequence() else {
        error(
            diags,
            node_start(node.span()),
            "`cases` must be a list of cases".into(),
        );
        return Vec::new();
    };
    if list.len() > crate::core::parse::MAX_CASES {
        let max = crate::core::parse::MAX_CASES;
        error(
            diags,
            node_start(node.span()),
            format!("more than {max} cases; a file is limited to {max}"),
        );
        return Vec::new();
    }
    let step_ids: Vec<&str> = steps.iter().map(|s| s.action.as_str()).collect();
    let mut names = HashSet::new();
    let mut cases = Vec::new();
    for (i, node) in list.iter().enumerate() {
        let Some(map) = node.as_mapping() else {
            error(
                diags,
                node_start(node.span()),
                format!("case {} must be a mapping with `name:`", i + 1),
            );
            continue;
        };
        unknown_keys(path, map, &CASE_KEYS, &format!(" in case {}", i + 1), diags);
        let Some(name) = map.get_scalar("name").filter(|s| !s.as_str().is_empty()) else {
            error(
                diags,
                node_start(map.span()),
                format!("case {} needs `name:`", i + 1),
            );
            continue;
        };
        let place = format!("case `{}`", name.as_str());
        if !names.insert(name.as_str().to_string()) {
            error(
                diags,
                node_start(name.span()),
                format!(
                    "case name `{}` is used twice; names must be unique in a file",
                    name.as_str()
                ),
            );
        }
        let (vars, var_diags) =
            crate::core::parse::parse_case_vars(path, doc, map, &place, variables);
        diags.extend(var_diags);
        let mut mock = Vec::new();
        if let Some(node) = map.get_node("mock") {
            match node.as_mapping() {
                Some(picks) => {
                    for (step, answer) in picks.iter() {
                        if !step_ids.contains(&step.as_str()) {
                            let hint = did_you_mean(step.as_str(), step_ids.iter().copied());
                            error(
                                diags,
                                node_start(step.span()),
                                format!(
                                    "{place}: `mock` names `{}`, which is no step's action{hint}",
                                    step.as_str()
                                ),
                            );
                            continue;
                        }
                        match answer.as_scalar() {
                            Some(a) => mock.push((
                                step.as_str().to_string(),
                                a.as_str().to_string(),
                                node_start(a.span()),
                            )),
                            None => error(
                                diags,
                                node_start(answer.span()),
                                format!(
                                    "{place}: the answer for `{}` must be a name",
                                    step.as_str()
                                ),
                            ),
                        }
                    }
                }
                None => error(
                    diags,
                    node_start(node.span()),
                    format!("{place}: `mock` of a flow case maps step action ids to answer names"),
                ),
            }
        }
        let expect = flow_case_expect(path, map, &place, &step_ids, diags);
        if let (Some(vars), Some(expect)) = (vars, expect) {
            cases.push(FlowCase {
                name: name.as_str().to_string(),
                vars,
                mock,
                expect,
            });
        }
    }
    cases
}

fn flow_case_expect(
    path: &str,
    map: &MarkedMappingNode,
    place: &str,
    step_ids: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<FlowExpect> {
    let Some(node) = map.get_node("expect") else {
        return Some(FlowExpect::Completes);
    };
    let fail = |diags: &mut Vec<Diagnostic>, at: Location, message: String| {
        diags.push(Diagnostic::error(path, at, message));
        None
    };
    let Some(expect) = node.as_mapping().filter(|m| m.len() == 1) else {
        return fail(
            diags,
            node_start(node.span()),
            format!(
                "{place}: `expect` of a flow case is {{stops_at: ACTION_ID}} or {{completes: true}}"
            ),
        );
    };
    unknown_keys(
        path,
        expect,
        &CASE_EXPECT_KEYS,
        &format!(" in the expect of {place}"),
        diags,
    );
    if let Some(stops) = expect.get_scalar("stops_at") {
        if step_ids.contains(&stops.as_str()) {
            return Some(FlowExpect::StopsAt(stops.as_str().to_string()));
        }
        let hint = did_you_mean(stops.as_str(), step_ids.iter().copied());
        return fail(
            diags,
            node_start(stops.span()),
            format!(
                "{place}: `stops_at` names `{}`, which is no step's action{hint}",
                stops.as_str()
            ),
        );
    }
    match expect.get_scalar("completes") {
        Some(done) if done.as_str() == "true" => Some(FlowExpect::Completes),
        Some(done) => fail(
            diags,
            node_start(done.span()),
            format!(
                "{place}: `completes` takes `true` (to expect a stop, write `stops_at: ACTION_ID`)"
            ),
        ),
        None => None,
    }
}

pub(crate) fn unknown_keys(
    path: &str,
    map: &MarkedMappingNode,
    known: &[&str],
    place: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            let hint = did_you_mean(key.as_str(), known.iter().copied());
            diags.push(Diagnostic::error(
                path,
                node_start(key.span()),
                format!("unknown key `{}`{place}{hint}", key.as_str()),
            ));
        }
    }
}

fn parse_step(
    path: &str,
    doc: &Document,
    map: &MarkedMappingNode,
    n: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Step> {
    unknown_keys(path, map, &STEP_KEYS, &format!(" in step {n}"), diags);
    let Some(action) = map.get_scalar("action") else {
        diags.push(Diagnostic::error(
            path,
            node_start(map.span()),
            format!("step {n} needs `action:`"),
        ));
        return None;
    };
    let mut uses = Vec::new();
    let mut vars = Vec::new();
    if let Some(node) = map.get_node("vars") {
        let Some(vars_map) = node.as_mapping() else {
            diags.push(Diagnostic::error(
                path,
                node_start(node.span()),
                format!("`vars` of step {n} must be a mapping"),
            ));
            return None;
        };
        for (name, value) in vars_map.iter() {
            let Node::Scalar(scalar) = value else {
                diags.push(Diagnostic::error(
                    path,
                    node_start(value.span()),
                    format!("value of `{}` must be a single value", name.as_str()),
                ));
                continue;
            };
            match parse_template(doc, scalar) {
                Ok((template, found)) => {
                    uses.extend(found);
                    vars.push((name.as_str().to_string(), template, node_start(name.span())));
                }
                Err((at, message)) => diags.push(Diagnostic::error(path, at, message)),
            }
        }
    }
    let when = map
        .get_scalar("when")
        .and_then(|s| match Condition::parse(s.as_str()) {
            Ok(c) => {
                for (name, _) in c
                    .left
                    .placeholders()
                    .chain(c.compare.iter().flat_map(|(_, t)| t.placeholders()))
                {
                    uses.push((name.to_string(), node_start(s.span())));
                }
                Some(c)
            }
            Err(message) => {
                diags.push(Diagnostic::error(
                    path,
                    node_start(s.span()),
                    format!("condition of step {n}: {message}"),
                ));
                None
            }
        });
    let expect = match map.get_mapping("expect").and_then(|m| m.get_node("status")) {
        None => None,
        Some(node) => {
            let items: Vec<&str> = match node {
                Node::Scalar(s) => vec![s.as_str()],
                Node::Sequence(seq) => seq
                    .iter()
                    .filter_map(|n| n.as_scalar())
                    .map(|s| s.as_str())
                    .collect(),
                Node::Mapping(_) => vec![],
            };
            let status: Option<Vec<StatusMatch>> =
                items.iter().map(|s| StatusMatch::parse(s)).collect();
            match status.filter(|s| !s.is_empty()) {
                Some(status) => Some(Expect {
                    status,
                    ..Expect::default()
                }),
                None => {
                    diags.push(Diagnostic::error(
                        path,
                        node_start(node.span()),
                        format!("expect.status of step {n} must be codes or classes such as 2xx"),
                    ));
                    return None;
                }
            }
        }
    };
    Some(Step {
        action: action.as_str().to_string(),
        action_at: node_start(action.span()),
        vars,
        when,
        expect,
        uses,
    })
}

/// Checks a flow against the actions it names and the environments file:
/// unknown actions, values no step provides, `{{env.KEY}}` no environment
/// defines, required action variables left out, variables the action does
/// not have.
pub(crate) fn check_flow(
    path: &str,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    environments: &KnownEnvironments,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if actions.contains_key(&flow.id) {
        diags.push(Diagnostic::error(
            path,
            Location::START,
            format!(
                "flow id `{}` is also an action's id; `test {}` would run the action: rename one of the files",
                flow.id, flow.id
            ),
        ));
    }
    let mut provided: HashSet<String> = flow.variables.iter().map(|v| v.name.clone()).collect();
    provided.extend(CONTEXT_NAMES.iter().map(|s| s.to_string()));
    let mut env_checker = environments.checker();
    for (i, step) in flow.steps.iter().enumerate() {
        let n = i + 1;
        for (name, at) in &step.uses {
            if let Some(key) = name.strip_prefix(crate::core::environment::PREFIX) {
                diags.extend(env_checker.check(path, key, *at));
                continue;
            }
            if !provided.contains(name) {
                let hint = crate::core::environment::prefix_case_hint(name)
                    .unwrap_or_else(|| did_you_mean(name, provided.iter().map(String::as_str)));
                diags.push(Diagnostic::error(path, *at, format!("step {n}: nothing provides `{name}` (not a flow variable, context value or earlier extraction){hint}")));
            }
        }
        let Some(action) = actions.get(&step.action) else {
            let hint = did_you_mean(&step.action, actions.keys().map(String::as_str));
            diags.push(Diagnostic::error(
                path,
                step.action_at,
                format!("step {n}: unknown action `{}`{hint}", step.action),
            ));
            continue;
        };
        for (name, _, at) in &step.vars {
            if action.variable(name).is_none() {
                let hint = did_you_mean(name, action.variables.iter().map(|v| v.name.as_str()));
                diags.push(Diagnostic::error(
                    path,
                    *at,
                    format!(
                        "step {n}: action `{}` has no variable `{name}`{hint}",
                        action.id
                    ),
                ));
            }
        }
        for variable in action
            .variables
            .iter()
            .filter(|v| v.required && v.default.is_none())
        {
            if !step.vars.iter().any(|(name, _, _)| *name == variable.name) {
                diags.push(Diagnostic::error(
                    path,
                    step.action_at,
                    format!(
                        "step {n}: action `{}` needs `{}`; give it under `vars:`",
                        action.id, variable.name
                    ),
                ));
            }
        }
        provided.extend(action.extract.iter().map(|e| e.name.clone()));
    }
    check_case_answers(path, flow, actions, &mut diags);
    diags
}

/// Each answer name a flow case picks must be one of its action's.
fn check_case_answers(
    path: &str,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    diags: &mut Vec<Diagnostic>,
) {
    for case in &flow.cases {
        for (step, answer, at) in &case.mock {
            let Some(action) = actions.get(step) else {
                continue;
            };
            let names = || action.mock.iter().filter_map(|m| m.name.as_deref());
            if !names().any(|n| n == answer) {
                let hint = did_you_mean(answer, names());
                diags.push(Diagnostic::error(
                    path,
                    *at,
                    format!(
                        "case `{}`: action `{step}` has no mock answer named `{answer}`{hint}",
                        case.name
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_compare_text() {
        let values = |n: &str| {
            if n == "verified" {
                "true".to_string()
            } else {
                String::new()
            }
        };
        assert!(
            Condition::parse("{{verified}} == true")
                .unwrap()
                .holds(&values)
        );
        assert!(
            !Condition::parse("{{verified}} != true")
                .unwrap()
                .holds(&values)
        );
        assert!(Condition::parse("{{verified}}").unwrap().holds(&values));
        assert!(!Condition::parse("{{other}}").unwrap().holds(&values));
        assert!(
            Condition::parse("{{verified}} == \"true\"")
                .unwrap()
                .holds(&values)
        );
    }

    fn flow(text: &str) -> (Option<Flow>, Vec<String>) {
        let doc = Document::parse(text.as_bytes()).unwrap();
        let (flow, diags) = parse_flow("f", "f.yaml", &doc);
        (flow, diags.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn an_env_prefix_in_another_case_is_pointed_out_in_steps() {
        let (flow, d) = flow(
            "name: F\ndescription: A flow\nsteps:\n  - action: a\n    vars: {x: \"{{ENV.region}}\"}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let found: Vec<String> = check_flow(
            "f.yaml",
            &flow.unwrap(),
            &HashMap::new(),
            &KnownEnvironments::default(),
        )
        .iter()
        .map(ToString::to_string)
        .filter(|d| d.contains("ENV.region"))
        .collect();
        assert_eq!(
            found,
            [
                "f.yaml:5:16: error: step 1: nothing provides `ENV.region` (not a flow variable, context value or earlier extraction) (did you mean `env.region`?)"
            ]
        );
    }

    #[test]
    fn env_placeholders_in_steps_are_checked_against_the_environments() {
        let (flow, d) = flow(
            "name: F\ndescription: A flow\nsteps:\n  - action: a\n    vars: {x: \"{{env.regoin}}\"}\n    when: \"{{env.mode}} == live\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let flow = flow.unwrap();
        assert_eq!(flow.env_keys(), ["mode", "regoin"]);
        let (envs, _) = crate::core::environment::Environments::parse(
            "e.yaml",
            b"staging:\n  values: {region: eu, mode: live}\n",
        );
        let a = crate::core::validate::Validator::new()
            .check("a", "a.yaml", b"name: A\ndescription: Ten chars at least\nmethod: GET\nurl: https://x.test/{{x}}\nvariables:\n  - {name: x, type: string}\n")
            .into_action()
            .unwrap();
        let actions = HashMap::from([("a".to_string(), a)]);
        let found: Vec<String> = check_flow("f.yaml", &flow, &actions, &envs.known("e.yaml"))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "f.yaml:5:16: error: `env.regoin` is not defined by any environment in e.yaml (did you mean `env.region`?)"
            ]
        );
    }

    #[test]
    fn flows_parse_and_report_unknown_keys() {
        let (f, d) = flow(
            "name: F\ndescription: A flow\nsteps:\n  - action: a\n    vars: {x: \"{{y}}\"}\n    when: \"{{ok}} == true\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let f = f.unwrap();
        assert_eq!(f.steps[0].vars[0].0, "x");
        let names: Vec<&str> = f.steps[0].uses.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["y", "ok"]);
        let (_, d) = flow("name: F\ndescription: A flow\nsteps:\n  - action: a\n    vras: {}\n");
        assert_eq!(
            d,
            vec!["f.yaml:5:5: error: unknown key `vras` in step 1 (did you mean `vars`?)"]
        );
        let (_, d) = flow("name: F\ndescription: A flow\nsteps: []\n");
        assert!(d[0].contains("at least one step"));
    }
}
