//! The checks of `expect:` beyond the status — `body`, `headers`,
//! `schema`, `max_duration` — and their evaluation over a response.
//! Pure: the engine hands in what came back and masks what comes out.
//!
//! Rules the contract leaves open, as docs/testing.md states them:
//! - a JSONPath selecting several nodes: `exists: true` passes when it
//!   selects any, `exists: false` when it selects none; every other
//!   predicate must hold for every node selected, and fails when none is;
//! - `equals` compares JSON values, numbers by value (`1` equals `1.0`);
//! - `contains`: a substring of a string, an element of an array (by
//!   `equals`), a key of an object;
//! - `matches` searches (anywhere in the string; anchor with `^…$`);
//! - a header check passes when any of that header's values satisfies it;
//! - a body that is not JSON fails every body and schema check, saying so.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use regex_automata::meta::Regex;
use serde_json::{Number, Value};

use crate::core::constraint::{PatternError, compile_bounded};
use crate::core::jsonpath::CheckedPath;
use crate::core::text::human_duration;

/// The predicate names of a body check, in the order the docs list them.
pub(crate) const PREDICATES: [&str; 10] = [
    "equals", "exists", "matches", "contains", "gt", "gte", "lt", "lte", "length", "type",
];

/// Most schema errors reported for one response: enough to fix the
/// first ones, never a wall of text.
const MAX_SCHEMA_ERRORS: usize = 10;

/// A regex searched for anywhere in a text (`matches:`), compiled within
/// the bounds of every regex of an action file.
#[derive(Clone)]
pub struct SearchPattern {
    source: String,
    regex: Regex,
}

impl SearchPattern {
    /// Compiles `source` (Rust `regex` syntax).
    pub fn new(source: &str) -> Result<Self, PatternError> {
        Ok(Self {
            source: source.to_string(),
            regex: compile_bounded(source, false)?,
        })
    }

    /// The regex as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the regex matches somewhere in `text`.
    pub fn is_found_in(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

impl fmt::Debug for SearchPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SearchPattern({:?})", self.source)
    }
}

impl PartialEq for SearchPattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

/// `gt`, `gte`, `lt`, `lte`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Comparison {
    /// The comparison called `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "gt" => Self::Gt,
            "gte" => Self::Gte,
            "lt" => Self::Lt,
            "lte" => Self::Lte,
            _ => return None,
        })
    }

    fn symbol(self) -> &'static str {
        match self {
            Self::Gt => ">",
            Self::Gte => ">=",
            Self::Lt => "<",
            Self::Lte => "<=",
        }
    }

    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Self::Gt => ordering == Ordering::Greater,
            Self::Gte => ordering != Ordering::Less,
            Self::Lt => ordering == Ordering::Less,
            Self::Lte => ordering != Ordering::Greater,
        }
    }
}

/// The JSON types `type:` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    /// A number without a fractional part (`2` and `2.0`, as in JSON Schema).
    Integer,
    Boolean,
    Array,
    Object,
    Null,
}

impl JsonType {
    /// Every type, in the order the docs list them.
    pub const ALL: [Self; 7] = [
        Self::String,
        Self::Number,
        Self::Integer,
        Self::Boolean,
        Self::Array,
        Self::Object,
        Self::Null,
    ];

    /// The name as written in action files.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Number => "number",
            Self::Integer => "integer",
            Self::Boolean => "boolean",
            Self::Array => "array",
            Self::Object => "object",
            Self::Null => "null",
        }
    }

    /// The type called `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    fn fits(self, value: &Value) -> bool {
        match self {
            Self::String => value.is_string(),
            Self::Number => value.is_number(),
            Self::Integer => value.as_number().is_some_and(is_integral),
            Self::Boolean => value.is_boolean(),
            Self::Array => value.is_array(),
            Self::Object => value.is_object(),
            Self::Null => value.is_null(),
        }
    }
}

/// What a body check asks of the nodes its path selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// Equal as JSON, numbers by value.
    Equals(Value),
    /// The path selects at least one node (`true`) or none (`false`).
    Exists(bool),
    /// A string in which the regex is found.
    Matches(SearchPattern),
    /// A string holding this substring, an array holding this element,
    /// an object with this key.
    Contains(Value),
    /// A number compared with this one.
    Compare(Comparison, Number),
    /// A string of this many characters, an array of this many items,
    /// an object of this many members.
    Length(u64),
    /// A value of this JSON type.
    Type(JsonType),
}

impl fmt::Display for Predicate {
    /// What was expected, as messages say it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Equals(v) => write!(f, "equals {}", json(v)),
            Self::Exists(true) => f.write_str("exists"),
            Self::Exists(false) => f.write_str("does not exist"),
            Self::Matches(p) => write!(f, "matches /{}/", p.source),
            Self::Contains(v) => write!(f, "contains {}", json(v)),
            Self::Compare(c, n) => write!(f, "{} {n}", c.symbol()),
            Self::Length(n) => write!(f, "length {n}"),
            Self::Type(t) => write!(f, "type {}", t.name()),
        }
    }
}

/// One `expect.body` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyCheck {
    pub path: CheckedPath,
    pub predicate: Predicate,
}

/// What one `expect.headers` entry asks of the header's value.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderExpect {
    /// Exactly this value.
    Equals(String),
    /// A value in which the regex is found.
    Matches(SearchPattern),
}

/// One `expect.headers` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderCheck {
    /// The header name as written (compared in any case).
    pub name: String,
    pub expect: HeaderExpect,
}

/// `expect.schema`: a JSON Schema the JSON body must satisfy.
#[derive(Clone)]
pub struct BodySchema {
    /// Where it came from: `inline`, or the file path as written.
    pub origin: SchemaOrigin,
    /// Where `schema:` is written, for errors about the file.
    pub location: crate::core::diagnostic::Location,
    /// The compiled schema; `None` for a file schema until the file has
    /// been read (the workspace reads it, see [`BodySchema::load`]).
    pub compiled: Option<Arc<jsonschema::Validator>>,
}

/// Where a schema was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaOrigin {
    /// A mapping under `schema:`.
    Inline,
    /// A path relative to the action file.
    File(String),
}

impl fmt::Debug for BodySchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BodySchema({:?})", self.origin)
    }
}

impl PartialEq for BodySchema {
    fn eq(&self, other: &Self) -> bool {
        self.origin == other.origin
    }
}

/// Compiles `schema` as a JSON Schema (its `$schema` draft, 2020-12
/// when none is named). Patterns in it run on the linear-time `regex`
/// engine with a size limit, so a schema cannot make a check slow;
/// nothing is fetched: a `$ref` outside the schema is an error.
pub(crate) fn compile_schema(schema: &Value) -> Result<Arc<jsonschema::Validator>, String> {
    jsonschema::options()
        .with_pattern_options(jsonschema::PatternOptions::regex().size_limit(1 << 20))
        .with_retriever(LocalRefsOnly)
        .build(schema)
        .map(Arc::new)
        .map_err(|e| e.to_string().lines().next().unwrap_or_default().to_string())
}

/// Refuses every `$ref` outside the schema, saying so in the user's
/// terms rather than the library's (which names a cargo feature).
struct LocalRefsOnly;

impl jsonschema::Retrieve for LocalRefsOnly {
    fn retrieve(
        &self,
        _uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err("only local $refs (`#/$defs/…` within the schema) are supported".into())
    }
}

impl BodySchema {
    /// A file schema, compiled from the file's bytes (JSON).
    pub(crate) fn load(&mut self, bytes: &[u8]) -> Result<(), String> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| format!("is not JSON: {e}"))?;
        let compiled =
            compile_schema(&value).map_err(|e| format!("is not a valid JSON Schema: {e}"))?;
        self.compiled = Some(compiled);
        Ok(())
    }
}

/// What a response is checked on.
pub(crate) struct Response<'a> {
    /// Response headers (names in any case).
    pub headers: &'a [(String, String)],
    /// The body as received.
    pub body: &'a [u8],
    /// How long the exchange took.
    pub elapsed: Duration,
}

/// One check and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckResult {
    /// What was checked: a JSONPath, `header NAME`, `schema` (with where
    /// in the body), `duration`.
    pub path: String,
    /// What was expected.
    pub expected: String,
    /// What came.
    pub actual: String,
    pub passed: bool,
}

impl CheckResult {
    /// `PATH: expected EXPECTED, got ACTUAL`, the line messages show.
    pub(crate) fn line(&self) -> String {
        format!(
            "{}: expected {}, got {}",
            self.path, self.expected, self.actual
        )
    }
}

/// The checks of `expect` beyond status.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// `body:`, in file order.
    pub body: Vec<BodyCheck>,
    /// `headers:`, in file order.
    pub headers: Vec<HeaderCheck>,
    /// `schema:`.
    pub schema: Option<BodySchema>,
    /// `max_duration:`.
    pub max_duration: Option<Duration>,
}

impl Checks {
    /// True when there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
            && self.headers.is_empty()
            && self.schema.is_none()
            && self.max_duration.is_none()
    }

    /// Every check over `response`, in the order: duration, headers,
    /// body, schema; passed and failed.
    pub(crate) fn run(&self, response: &Response<'_>) -> Vec<CheckResult> {
        let mut results = Vec::new();
        if let Some(max) = self.max_duration {
            results.push(CheckResult {
                path: "duration".into(),
                expected: format!("at most {}", human_duration(max)),
                actual: human_duration(response.elapsed),
                passed: response.elapsed <= max,
            });
        }
        for check in &self.headers {
            results.push(check_header(check, response.headers));
        }
        if self.body.is_empty() && self.schema.is_none() {
            return results;
        }
        let body: Result<Value, String> =
            serde_json::from_slice(response.body).map_err(|_| not_json(response.body));
        for check in &self.body {
            results.push(match &body {
                Ok(value) => check_body(check, value),
                Err(why) => CheckResult {
                    path: check.path.to_string(),
                    expected: check.predicate.to_string(),
                    actual: why.clone(),
                    passed: false,
                },
            });
        }
        if let Some(schema) = &self.schema {
            check_schema(schema, body.as_ref(), &mut results);
        }
        results
    }
}

/// What a body that is not JSON is called in a failed check.
fn not_json(body: &[u8]) -> String {
    if body.is_empty() {
        "an empty body (not JSON)".into()
    } else {
        "a body that is not JSON".into()
    }
}

fn check_header(check: &HeaderCheck, headers: &[(String, String)]) -> CheckResult {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case(&check.name))
        .map(|(_, v)| v.as_str())
        .collect();
    let (expected, passed) = match &check.expect {
        HeaderExpect::Equals(want) => (
            json(&Value::String(want.clone())),
            values.iter().any(|v| v == want),
        ),
        HeaderExpect::Matches(p) => (
            format!("matches /{}/", p.source),
            values.iter().any(|v| p.is_found_in(v)),
        ),
    };
    let actual = if values.is_empty() {
        "no such header".into()
    } else {
        values
            .iter()
            .map(|v| json(&Value::String((*v).to_string())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    CheckResult {
        path: format!("header {}", check.name),
        expected,
        actual,
        passed,
    }
}

fn check_body(check: &BodyCheck, body: &Value) -> CheckResult {
    let nodes = check.path.query(body).all();
    let (passed, actual) = match &check.predicate {
        Predicate::Exists(want) => (
            nodes.is_empty() != *want,
            match nodes.as_slice() {
                [] => "nothing at this path".to_string(),
                [one] => json(one),
                many => format!("{} nodes", many.len()),
            },
        ),
        predicate => match nodes.as_slice() {
            [] => (false, "nothing at this path".to_string()),
            [one] => (holds(predicate, one), json(one)),
            many => match many.iter().position(|n| !holds(predicate, n)) {
                None => (true, format!("{} nodes", many.len())),
                Some(i) => (
                    false,
                    format!("{} (node {} of {})", json(many[i]), i + 1, many.len()),
                ),
            },
        },
    };
    CheckResult {
        path: check.path.to_string(),
        expected: check.predicate.to_string(),
        actual,
        passed,
    }
}

/// True when `node` satisfies `predicate` (not `exists`, which is about
/// the node list).
/// Whether `value` (`None`: absent) satisfies `predicate`, and the
/// value as a failure shows it: a tool-call argument checked as a body
/// node would be.
pub(crate) fn value_holds(predicate: &Predicate, value: Option<&Value>) -> (bool, String) {
    match (predicate, value) {
        (Predicate::Exists(want), found) => (
            found.is_some() == *want,
            found.map_or_else(|| "not given".to_string(), json),
        ),
        (_, None) => (false, "not given".to_string()),
        (predicate, Some(value)) => (holds(predicate, value), json(value)),
    }
}

fn holds(predicate: &Predicate, node: &Value) -> bool {
    match predicate {
        Predicate::Exists(want) => *want,
        Predicate::Equals(want) => json_equal(node, want),
        Predicate::Matches(p) => node.as_str().is_some_and(|s| p.is_found_in(s)),
        Predicate::Contains(want) => match node {
            Value::String(s) => want.as_str().is_some_and(|w| s.contains(w)),
            Value::Array(items) => items.iter().any(|i| json_equal(i, want)),
            Value::Object(map) => want.as_str().is_some_and(|k| map.contains_key(k)),
            _ => false,
        },
        Predicate::Compare(c, bound) => node
            .as_number()
            .and_then(|n| compare_numbers(n, bound))
            .is_some_and(|o| c.holds(o)),
        Predicate::Length(want) => length(node) == Some(*want),
        Predicate::Type(t) => t.fits(node),
    }
}

/// Characters of a string, items of an array, members of an object.
fn length(value: &Value) -> Option<u64> {
    let n = match value {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => return None,
    };
    u64::try_from(n).ok()
}

/// JSON equality with numbers compared by value.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare_numbers(x, y) == Some(Ordering::Equal),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Compares two JSON numbers exactly, by their decimal text (kept as
/// received: serde_json's `arbitrary_precision`), so neither a long
/// integer nor a long fraction is rounded to the nearest f64 first.
fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    Some(Decimal::parse(a.as_str())?.cmp(&Decimal::parse(b.as_str())?))
}

fn is_integral(n: &Number) -> bool {
    Decimal::parse(n.as_str()).is_some_and(|d| d.exponent >= 0)
}

/// A JSON number as `±digits × 10^exponent`, `digits` without leading
/// or trailing zeros (empty for zero), so equal values are equal here.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exponent: i64,
}

/// Exponents beyond this are clamped: no JSON text a response can hold
/// (at most a few hundred MiB) has that many digits to tell them apart.
const MAX_EXPONENT: i64 = 1 << 40;

impl Decimal {
    /// Reads JSON number text (RFC 8259 grammar); `None` for anything else.
    fn parse(text: &str) -> Option<Self> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], parse_exponent(&rest[at + 1..])?),
            None => (rest, 0),
        };
        let (whole, fraction) = match mantissa.split_once('.') {
            Some((_, "")) => return None,
            Some(parts) => parts,
            None => (mantissa, ""),
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        let fraction_len = i64::try_from(fraction.len()).ok()?;
        let mut exponent = exponent - fraction_len;
        let first = digits.iter().position(|&d| d != b'0');
        let Some(first) = first else {
            return Some(Self {
                negative: false,
                digits: Vec::new(),
                exponent: 0,
            });
        };
        let last = digits.iter().rposition(|&d| d != b'0').unwrap_or(first);
        exponent += i64::try_from(digits.len() - 1 - last).ok()?;
        Some(Self {
            negative,
            digits: digits[first..=last].to_vec(),
            exponent,
        })
    }

    /// The power of ten of the leading digit, for nonzero values.
    fn magnitude(&self) -> i64 {
        self.exponent + self.digits.len() as i64
    }

    /// Compares absolute values.
    fn cmp_abs(&self, other: &Self) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        self.magnitude()
            .cmp(&other.magnitude())
            .then_with(|| self.digits.cmp(&other.digits))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |d: &Self| match (d.digits.is_empty(), d.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal if sign(self) < 0 => other.cmp_abs(self),
            Ordering::Equal => self.cmp_abs(other),
            unequal => unequal,
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// An exponent's text (`+5`, `-12`, `400`), clamped to ±[`MAX_EXPONENT`].
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = digits
        .parse::<i64>()
        .unwrap_or(MAX_EXPONENT)
        .min(MAX_EXPONENT);
    Some(if negative { -value } else { value })
}

fn check_schema(schema: &BodySchema, body: Result<&Value, &String>, out: &mut Vec<CheckResult>) {
    let expected = match &schema.origin {
        SchemaOrigin::Inline => "a body valid against the schema".to_string(),
        SchemaOrigin::File(path) => format!("a body valid against {path}"),
    };
    let failed = |path: String, actual: String| CheckResult {
        path,
        expected: expected.clone(),
        actual,
        passed: false,
    };
    let Some(validator) = &schema.compiled else {
        out.push(failed(
            "schema".into(),
            "a schema that was not loaded".into(),
        ));
        return;
    };
    let body = match body {
        Ok(body) => body,
        Err(why) => {
            out.push(failed("schema".into(), why.clone()));
            return;
        }
    };
    let errors: Vec<_> = validator.iter_errors(body).collect();
    if errors.is_empty() {
        out.push(CheckResult {
            passed: true,
            ..failed("schema".into(), "a valid body".into())
        });
    }
    for error in errors.iter().take(MAX_SCHEMA_ERRORS) {
        let pointer = error.instance_path().as_str().to_string();
        let at = if pointer.is_empty() {
            "schema".to_string()
        } else {
            format!("schema at {pointer}")
        };
        // An object or array (the whole body, for `required` or
        // `propertyNames`) would push the reason past any cut, and the
        // response shows it anyway: the reason alone says what is wrong.
        let actual = match body.pointer(&pointer) {
            Some(Value::Object(_) | Value::Array(_)) => error.masked().to_string(),
            Some(value) => format!("{} ({})", json(value), error.masked()),
            None => format!("({})", error.masked()),
        };
        out.push(failed(at, actual));
    }
    // Not a check of its own: said at the end of the last one shown.
    if let (Some(last), Some(more)) = (
        out.last_mut(),
        errors
            .len()
            .checked_sub(MAX_SCHEMA_ERRORS)
            .filter(|&n| n > 0),
    ) {
        last.actual
            .push_str(&format!("; and {more} more schema errors not shown"));
    }
}

/// Compact JSON text of `value`.
fn json(value: &Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(text: &str) -> CheckedPath {
        CheckedPath::parse(text).unwrap()
    }

    fn body_check(p: &str, predicate: Predicate, body: &Value) -> CheckResult {
        let checks = Checks {
            body: vec![BodyCheck {
                path: path(p),
                predicate,
            }],
            ..Checks::default()
        };
        let text = body.to_string();
        let mut results = checks.run(&Response {
            headers: &[],
            body: text.as_bytes(),
            elapsed: Duration::ZERO,
        });
        assert_eq!(results.len(), 1);
        results.remove(0)
    }

    fn passes(p: &str, predicate: Predicate, body: &Value) -> bool {
        body_check(p, predicate, body).passed
    }

    fn number(n: &str) -> Number {
        serde_json::from_str(n).unwrap()
    }

    #[test]
    fn numbers_compare_exactly_by_their_decimal_text() {
        let body: Value = serde_json::from_str(
            r#"{"big": 12345678901234567890123, "near": 9007199254740993.0, "tiny": 1.0000000000000000001, "huge": 1e400, "neg": -1e400, "zero": -0.0}"#,
        )
        .unwrap();
        let eq = |n: &str| Predicate::Equals(Value::Number(number(n)));
        let c = |op: &str, n: &str| Predicate::Compare(Comparison::parse(op).unwrap(), number(n));
        assert!(!passes("$.big", eq("12345678901234567890124"), &body));
        assert!(passes("$.big", eq("1.2345678901234567890123e22"), &body));
        assert!(!passes("$.near", eq("9007199254740992"), &body));
        assert!(passes("$.near", eq("9007199254740993"), &body));
        assert!(!passes("$.tiny", eq("1"), &body));
        assert!(passes("$.tiny", c("gt", "1"), &body));
        assert!(passes("$.huge", c("gt", "1"), &body));
        assert!(passes("$.huge", c("lt", "1e401"), &body));
        assert!(passes("$.neg", c("lt", "-1e399"), &body));
        assert!(passes("$.zero", eq("0"), &body));
        assert!(passes("$.zero", c("gt", "-0.5"), &body));
        assert!(passes("$.big", Predicate::Type(JsonType::Integer), &body));
        assert!(passes("$.huge", Predicate::Type(JsonType::Integer), &body));
        assert!(!passes("$.tiny", Predicate::Type(JsonType::Integer), &body));
        let hostile = format!("1e{}", "9".repeat(10_000));
        assert_eq!(
            Decimal::parse(&hostile)
                .unwrap()
                .cmp(&Decimal::parse("1e999999").unwrap()),
            Ordering::Greater
        );
        assert_eq!(Decimal::parse("0.00100e1"), Decimal::parse("1e-2"),);
        assert_eq!(
            Decimal::parse("1.")
                .or(Decimal::parse(".5"))
                .or(Decimal::parse("1e")),
            None
        );
    }

    #[test]
    fn equals_compares_json_with_numbers_by_value() {
        let body = json!({"a": 1, "b": "x", "c": [1, {"d": 2.0}], "n": null});
        assert!(passes("$.a", Predicate::Equals(json!(1.0)), &body));
        assert!(passes("$.b", Predicate::Equals(json!("x")), &body));
        assert!(passes(
            "$.c",
            Predicate::Equals(json!([1.0, {"d": 2}])),
            &body
        ));
        assert!(passes("$.n", Predicate::Equals(json!(null)), &body));
        let failed = body_check("$.b", Predicate::Equals(json!("y")), &body);
        assert_eq!(failed.line(), r#"$.b: expected equals "y", got "x""#);
        assert!(!passes("$.a", Predicate::Equals(json!("1")), &body));
        assert!(!passes("$.c", Predicate::Equals(json!([1])), &body));
    }

    #[test]
    fn exists_is_about_any_node() {
        let body = json!({"errors": [{"message": "boom"}], "data": null, "items": [1, 2]});
        assert!(passes("$.data", Predicate::Exists(true), &body));
        assert!(passes("$.nope", Predicate::Exists(false), &body));
        assert!(passes("$.items[*]", Predicate::Exists(true), &body));
        assert!(passes("$.none[*]", Predicate::Exists(false), &body));
        let failed = body_check("$.errors", Predicate::Exists(false), &body);
        assert_eq!(
            failed.line(),
            r#"$.errors: expected does not exist, got [{"message":"boom"}]"#
        );
        let failed = body_check("$.nope", Predicate::Exists(true), &body);
        assert_eq!(
            failed.line(),
            "$.nope: expected exists, got nothing at this path"
        );
        let failed = body_check("$.items[*]", Predicate::Exists(false), &body);
        assert_eq!(failed.actual, "2 nodes");
    }

    #[test]
    fn matches_searches_strings_only() {
        let body = json!({"id": "ORD-123", "n": 123});
        let p = |s: &str| Predicate::Matches(SearchPattern::new(s).unwrap());
        assert!(passes("$.id", p("[0-9]+"), &body));
        assert!(passes("$.id", p("^ORD-[0-9]{3}$"), &body));
        assert!(!passes("$.id", p("^[0-9]+$"), &body));
        assert!(!passes("$.n", p("123"), &body), "a number is not a string");
        assert_eq!(body_check("$.id", p("^X"), &body).expected, "matches /^X/");
    }

    #[test]
    fn contains_means_substring_element_or_key() {
        let body = json!({"s": "hello world", "a": [1, "two", {"k": 3}], "o": {"key": 1}, "n": 5});
        assert!(passes("$.s", Predicate::Contains(json!("lo w")), &body));
        assert!(!passes("$.s", Predicate::Contains(json!("xyz")), &body));
        assert!(passes("$.a", Predicate::Contains(json!(1.0)), &body));
        assert!(passes("$.a", Predicate::Contains(json!("two")), &body));
        assert!(passes("$.a", Predicate::Contains(json!({"k": 3})), &body));
        assert!(!passes("$.a", Predicate::Contains(json!("one")), &body));
        assert!(passes("$.o", Predicate::Contains(json!("key")), &body));
        assert!(!passes("$.o", Predicate::Contains(json!(1)), &body));
        assert!(!passes("$.n", Predicate::Contains(json!(5)), &body));
    }

    #[test]
    fn comparisons_need_numbers() {
        let body = json!({"n": 5, "f": 2.5, "big": 18446744073709551615u64, "s": "9"});
        let c = |op: &str, n: &str| Predicate::Compare(Comparison::parse(op).unwrap(), number(n));
        assert!(passes("$.n", c("gt", "4"), &body));
        assert!(!passes("$.n", c("gt", "5"), &body));
        assert!(passes("$.n", c("gte", "5"), &body));
        assert!(passes("$.n", c("lt", "5.5"), &body));
        assert!(passes("$.f", c("lte", "2.5"), &body));
        assert!(!passes("$.f", c("lt", "2"), &body));
        assert!(passes("$.big", c("gt", "18446744073709551614"), &body));
        assert!(!passes("$.s", c("gt", "1"), &body), "a string is no number");
        assert_eq!(
            body_check("$.n", c("gt", "9"), &body).line(),
            "$.n: expected > 9, got 5"
        );
    }

    #[test]
    fn length_counts_characters_items_and_members() {
        let body = json!({"s": "été", "a": [1, 2], "o": {"x": 1}, "n": 3});
        assert!(passes("$.s", Predicate::Length(3), &body));
        assert!(passes("$.a", Predicate::Length(2), &body));
        assert!(passes("$.o", Predicate::Length(1), &body));
        assert!(!passes("$.a", Predicate::Length(3), &body));
        assert!(!passes("$.n", Predicate::Length(3), &body));
    }

    #[test]
    fn types_follow_json_schema() {
        let body =
            json!({"s": "x", "i": 2, "f": 2.0, "g": 2.5, "b": true, "a": [], "o": {}, "z": null});
        let t = |name: &str| Predicate::Type(JsonType::parse(name).unwrap());
        for (p, ty) in [
            ("$.s", "string"),
            ("$.i", "integer"),
            ("$.i", "number"),
            ("$.f", "integer"),
            ("$.g", "number"),
            ("$.b", "boolean"),
            ("$.a", "array"),
            ("$.o", "object"),
            ("$.z", "null"),
        ] {
            assert!(passes(p, t(ty), &body), "{p} {ty}");
        }
        assert!(!passes("$.g", t("integer"), &body));
        assert!(!passes("$.s", t("number"), &body));
        assert!(JsonType::parse("float").is_none());
    }

    #[test]
    fn every_selected_node_must_hold_and_none_is_a_failure() {
        let body = json!({"items": [{"qty": 1}, {"qty": 0}, {"qty": 3}]});
        let positive = || Predicate::Compare(Comparison::Gt, number("0"));
        let failed = body_check("$.items[*].qty", positive(), &body);
        assert!(!failed.passed);
        assert_eq!(failed.actual, "0 (node 2 of 3)");
        let gte = Predicate::Compare(Comparison::Gte, number("0"));
        let passed = body_check("$.items[*].qty", gte, &body);
        assert!(passed.passed && passed.actual == "3 nodes");
        let none = body_check("$.orders[*].qty", positive(), &body);
        assert_eq!(
            none.line(),
            "$.orders[*].qty: expected > 0, got nothing at this path"
        );
    }

    #[test]
    fn a_body_that_is_not_json_fails_every_body_check_saying_so() {
        let checks = Checks {
            body: vec![
                BodyCheck {
                    path: path("$.a"),
                    predicate: Predicate::Exists(false),
                },
                BodyCheck {
                    path: path("$.b"),
                    predicate: Predicate::Equals(json!(1)),
                },
            ],
            schema: Some(BodySchema {
                origin: SchemaOrigin::Inline,
                location: Default::default(),
                compiled: Some(compile_schema(&json!({"type": "object"})).unwrap()),
            }),
            ..Checks::default()
        };
        for (body, what) in [
            (&b"<html>oops</html>"[..], "a body that is not JSON"),
            (b"", "an empty body (not JSON)"),
            (b"\xff\xfe\x00", "a body that is not JSON"),
        ] {
            let results = checks.run(&Response {
                headers: &[],
                body,
                elapsed: Duration::ZERO,
            });
            assert_eq!(results.len(), 3);
            assert!(results.iter().all(|r| !r.passed && r.actual == what));
        }
    }

    #[test]
    fn headers_match_in_any_case_and_any_value() {
        let headers = vec![
            (
                "content-type".to_string(),
                "application/json; charset=utf-8".to_string(),
            ),
            ("x-rate".to_string(), "10".to_string()),
            ("x-rate".to_string(), "20".to_string()),
        ];
        let checks = Checks {
            headers: vec![
                HeaderCheck {
                    name: "Content-Type".into(),
                    expect: HeaderExpect::Matches(SearchPattern::new("^application/json").unwrap()),
                },
                HeaderCheck {
                    name: "X-Rate".into(),
                    expect: HeaderExpect::Equals("20".into()),
                },
                HeaderCheck {
                    name: "X-Rate".into(),
                    expect: HeaderExpect::Equals("30".into()),
                },
                HeaderCheck {
                    name: "X-Missing".into(),
                    expect: HeaderExpect::Equals("a".into()),
                },
            ],
            ..Checks::default()
        };
        let results = checks.run(&Response {
            headers: &headers,
            body: b"",
            elapsed: Duration::ZERO,
        });
        let passed: Vec<bool> = results.iter().map(|r| r.passed).collect();
        assert_eq!(passed, [true, true, false, false]);
        assert_eq!(
            results[2].line(),
            r#"header X-Rate: expected "30", got "10", "20""#
        );
        assert_eq!(
            results[3].line(),
            r#"header X-Missing: expected "a", got no such header"#
        );
    }

    #[test]
    fn max_duration_compares_the_elapsed_time() {
        let checks = Checks {
            max_duration: Some(Duration::from_secs(2)),
            ..Checks::default()
        };
        let run = |ms| {
            checks.run(&Response {
                headers: &[],
                body: b"",
                elapsed: Duration::from_millis(ms),
            })
        };
        assert!(run(2000)[0].passed);
        let slow = &run(2300)[0];
        assert_eq!(slow.line(), "duration: expected at most 2s, got 2.3s");
    }

    #[test]
    fn schema_errors_are_each_a_failed_check_with_where() {
        let schema = json!({
            "type": "object",
            "required": ["id", "total"],
            "properties": {"id": {"type": "string"}, "total": {"type": "number", "minimum": 0}}
        });
        let checks = Checks {
            schema: Some(BodySchema {
                origin: SchemaOrigin::File("order.schema.json".into()),
                location: Default::default(),
                compiled: Some(compile_schema(&schema).unwrap()),
            }),
            ..Checks::default()
        };
        let run = |body: &str| {
            checks.run(&Response {
                headers: &[],
                body: body.as_bytes(),
                elapsed: Duration::ZERO,
            })
        };
        let ok = run(r#"{"id": "A", "total": 3}"#);
        assert!(ok.len() == 1 && ok[0].passed);
        let bad = run(r#"{"id": 7, "total": -1}"#);
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad.iter().all(|r| !r.passed));
        assert_eq!(bad[0].path, "schema at /id");
        assert!(bad[0].actual.starts_with("7 ("), "{bad:?}");
        assert_eq!(bad[0].expected, "a body valid against order.schema.json");
        let missing = run(r#"{"id": "A"}"#);
        assert_eq!(missing[0].path, "schema");
        assert!(missing[0].actual.contains("total"), "{missing:?}");
    }

    #[test]
    fn a_schema_error_on_an_object_says_why_without_the_object() {
        let schema = json!({"propertyNames": {"pattern": "^[a-z]+$"}});
        let checks = Checks {
            schema: Some(BodySchema {
                origin: SchemaOrigin::Inline,
                location: Default::default(),
                compiled: Some(compile_schema(&schema).unwrap()),
            }),
            ..Checks::default()
        };
        let body = format!(r#"{{"Bad": 1, "Worse": 2, "pad": "{}"}}"#, "x".repeat(500));
        let results = checks.run(&Response {
            headers: &[],
            body: body.as_bytes(),
            elapsed: Duration::ZERO,
        });
        let actual: Vec<&str> = results.iter().map(|r| r.actual.as_str()).collect();
        assert_eq!(actual.len(), 2, "{actual:?}");
        assert!(actual[0].contains("\"Bad\""), "{actual:?}");
        assert!(actual[1].contains("\"Worse\""), "{actual:?}");
        assert!(
            actual.iter().all(|a| a.len() < 200 && !a.contains("xxx")),
            "{actual:?}"
        );
    }

    #[test]
    fn schema_errors_are_capped() {
        let schema = json!({"type": "array", "items": {"type": "string"}});
        let checks = Checks {
            schema: Some(BodySchema {
                origin: SchemaOrigin::Inline,
                location: Default::default(),
                compiled: Some(compile_schema(&schema).unwrap()),
            }),
            ..Checks::default()
        };
        let body = serde_json::to_vec(&(0..50).collect::<Vec<_>>()).unwrap();
        let results = checks.run(&Response {
            headers: &[],
            body: &body,
            elapsed: Duration::ZERO,
        });
        assert_eq!(results.len(), MAX_SCHEMA_ERRORS);
        assert!(results.iter().all(|r| r.path.starts_with("schema at /")));
        assert!(
            results
                .last()
                .unwrap()
                .actual
                .ends_with("; and 40 more schema errors not shown"),
            "{results:?}"
        );
    }

    #[test]
    fn invalid_schemas_and_files_are_refused() {
        assert!(compile_schema(&json!({"type": "thing"})).is_err());
        let external = compile_schema(&json!({"$ref": "https://example.com/s.json"})).unwrap_err();
        assert!(
            external.contains("only local $refs (`#/$defs/…` within the schema) are supported")
                && !external.contains("resolve-http")
                && !external.contains("feature"),
            "{external}"
        );
        assert!(compile_schema(&json!({"pattern": "(a"})).is_err());
        let mut schema = BodySchema {
            origin: SchemaOrigin::File("s.json".into()),
            location: Default::default(),
            compiled: None,
        };
        assert!(
            schema
                .load(b"{oops")
                .unwrap_err()
                .starts_with("is not JSON")
        );
        assert!(
            schema
                .load(br#"{"type": 3}"#)
                .unwrap_err()
                .starts_with("is not a valid JSON Schema")
        );
        schema.load(br#"{"type": "object"}"#).unwrap();
        assert!(schema.compiled.is_some());
    }

    #[test]
    fn a_schema_file_not_loaded_fails_rather_than_passing() {
        let checks = Checks {
            schema: Some(BodySchema {
                origin: SchemaOrigin::File("s.json".into()),
                location: Default::default(),
                compiled: None,
            }),
            ..Checks::default()
        };
        let results = checks.run(&Response {
            headers: &[],
            body: b"{}",
            elapsed: Duration::ZERO,
        });
        assert!(!results[0].passed);
    }
}
