//! What a variable's values must meet beyond their type — `enum`,
//! `minimum`/`maximum`, `pattern`, `min_length`/`max_length` — and the
//! check of one value against them. The same check serves `--var`
//! values, prompted values, flow inputs and step values, and the
//! `example`/`default` of an action file.

use std::fmt;

use regex_automata::meta::Regex;
use regex_syntax::hir::{Hir, Look};
use thiserror::Error;

use crate::core::convert::{TypedValue, VarType};

/// Longest `pattern` accepted, in characters: a regex that checks one
/// value needs far less, and a bound keeps compiling it quick.
pub(crate) const MAX_PATTERN_CHARS: usize = 1000;
/// Most values one `enum` may list (OpenAI takes at most 1,000 enum
/// values in a whole tool; more than that is no longer a choice an
/// agent makes).
pub(crate) const MAX_ENUM_VALUES: usize = 1000;
/// Deepest nesting of groups and repetitions in a `pattern`.
const PATTERN_NEST_LIMIT: u32 = 64;
/// Largest compiled form of a `pattern` (its NFA), in bytes: enough for
/// any real check, and what keeps `(a{1000}){1000}` from taking memory.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;
/// Longest value quoted in a message, in characters.
const MAX_VALUE_SHOWN: usize = 60;
/// Most `enum` values listed in a message.
const MAX_ALLOWED_SHOWN: usize = 10;

/// The constraint keys, in the order the docs list them.
pub(crate) const CONSTRAINT_KEYS: [&str; 6] = [
    "enum",
    "minimum",
    "maximum",
    "pattern",
    "min_length",
    "max_length",
];

/// True for the types whose values are text: string, date, email, phone.
pub(crate) fn is_text(ty: VarType) -> bool {
    matches!(
        ty,
        VarType::String | VarType::Date | VarType::Email | VarType::Phone
    )
}

/// True when the constraint `key` applies to values of `ty`.
pub(crate) fn applies(key: &str, ty: VarType) -> bool {
    match key {
        "enum" => is_text(ty) || ty == VarType::Integer,
        "minimum" | "maximum" => matches!(ty, VarType::Integer | VarType::Float),
        _ => is_text(ty),
    }
}

/// The types `key` applies to, for messages.
pub(crate) fn applies_to(key: &str) -> &'static str {
    match key {
        "enum" => "string, date, email, phone and integer",
        "minimum" | "maximum" => "integer and float",
        _ => "string, date, email and phone",
    }
}

/// The constraints of one variable (of each item, for an array).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `enum`: the only values allowed, each valid for the type.
    pub allowed: Option<Vec<TypedValue>>,
    /// `minimum`, inclusive (integer and float).
    pub minimum: Option<serde_json::Number>,
    /// `maximum`, inclusive (integer and float).
    pub maximum: Option<serde_json::Number>,
    /// `pattern`: a regex the whole value must match (string-like types).
    pub pattern: Option<Pattern>,
    /// `min_length`, in characters (string-like types).
    pub min_length: Option<u64>,
    /// `max_length`, in characters (string-like types).
    pub max_length: Option<u64>,
}

impl Constraints {
    /// True when nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Checks `value` against every constraint; the first one it breaks.
    pub fn check(&self, value: &TypedValue) -> Result<(), Violation> {
        let text = || value.to_string();
        if let Some(allowed) = &self.allowed
            && !allowed.contains(value)
        {
            return Err(Violation::NotAllowed {
                value: text(),
                allowed: allowed.iter().map(ToString::to_string).collect(),
            });
        }
        if let Some(limit) = &self.minimum
            && compare(value, limit).is_some_and(std::cmp::Ordering::is_lt)
        {
            return Err(Violation::BelowMinimum {
                value: text(),
                limit: limit.to_string(),
            });
        }
        if let Some(limit) = &self.maximum
            && compare(value, limit).is_some_and(std::cmp::Ordering::is_gt)
        {
            return Err(Violation::AboveMaximum {
                value: text(),
                limit: limit.to_string(),
            });
        }
        let TypedValue::Text(s) = value else {
            return Ok(());
        };
        if self.min_length.is_some() || self.max_length.is_some() {
            let len = s.chars().count() as u64;
            if let Some(limit) = self.min_length.filter(|l| len < *l) {
                return Err(Violation::TooShort {
                    value: s.clone(),
                    len,
                    limit,
                });
            }
            if let Some(limit) = self.max_length.filter(|l| len > *l) {
                return Err(Violation::TooLong {
                    value: s.clone(),
                    len,
                    limit,
                });
            }
        }
        if let Some(pattern) = &self.pattern
            && !pattern.matches_whole(s)
        {
            return Err(Violation::NoMatch {
                value: s.clone(),
                pattern: pattern.source().to_string(),
            });
        }
        Ok(())
    }
}

/// `value` against a numeric bound: integers exactly, floats as 64-bit
/// floating point (as JSON Schema validators compare them).
fn compare(value: &TypedValue, bound: &serde_json::Number) -> Option<std::cmp::Ordering> {
    match value {
        TypedValue::Integer(i) => match bound.as_i64() {
            Some(b) => Some(i.cmp(&b)),
            None => (*i as f64).partial_cmp(&bound.as_f64()?),
        },
        TypedValue::Float(n) => n.as_f64()?.partial_cmp(&bound.as_f64()?),
        _ => None,
    }
}

/// The constraint a value breaks, with the value (quoted cut to a
/// readable length, control characters escaped).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Violation {
    /// Not one of the `enum` values.
    #[error(
        "{} is not one of the allowed values (enum): {}",
        shown(value),
        allowed_list(allowed)
    )]
    NotAllowed {
        value: String,
        /// The `enum` values, as text.
        allowed: Vec<String>,
    },
    /// Less than `minimum`.
    #[error("{} is below the minimum {limit}", shown(value))]
    BelowMinimum { value: String, limit: String },
    /// More than `maximum`.
    #[error("{} is above the maximum {limit}", shown(value))]
    AboveMaximum { value: String, limit: String },
    /// Does not match `pattern` as a whole.
    #[error("{} does not match the pattern {}", shown(value), shown(pattern))]
    NoMatch { value: String, pattern: String },
    /// Fewer characters than `min_length`.
    #[error(
        "{} is {len} characters long, below the min_length {limit}",
        shown(value)
    )]
    TooShort { value: String, len: u64, limit: u64 },
    /// More characters than `max_length`.
    #[error(
        "{} is {len} characters long, above the max_length {limit}",
        shown(value)
    )]
    TooLong { value: String, len: u64, limit: u64 },
}

/// `text` in backticks for a one-line message: cut to a readable length,
/// with line breaks and other control characters escaped so that a value
/// cannot break the line or reach the terminal as a command.
pub(crate) fn shown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            escaped.extend(c.escape_default());
        } else {
            escaped.push(c);
        }
    }
    format!(
        "`{}`",
        crate::core::text::cut_line(&escaped, MAX_VALUE_SHOWN)
    )
}

/// `a, b, c`, or the first few and how many more.
fn allowed_list(allowed: &[String]) -> String {
    let mut list: Vec<String> = allowed
        .iter()
        .take(MAX_ALLOWED_SHOWN)
        .map(|v| shown(v).trim_matches('`').to_string())
        .collect();
    if allowed.len() > MAX_ALLOWED_SHOWN {
        list.push(format!("… ({} more)", allowed.len() - MAX_ALLOWED_SHOWN));
    }
    list.join(", ")
}

/// A `pattern`: the regex as written, compiled to match whole values.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `source` (Rust `regex` syntax) so that it matches only a
    /// whole value: `\A(?:source)\z`, built from the parsed expression,
    /// so a stray `)` in `source` cannot close the wrapping group.
    /// Refuses patterns longer than [`MAX_PATTERN_CHARS`], nested deeper
    /// than 64 levels, or compiling to more than 1 MiB.
    pub fn new(source: &str) -> Result<Self, PatternError> {
        Ok(Self {
            source: source.to_string(),
            regex: compile_bounded(source, true)?,
        })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the whole of `text` matches.
    pub fn matches_whole(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// The pattern for a JSON Schema, whose `pattern` (ECMA-262) matches
    /// anywhere in a string: anchored at both ends, so it means "the
    /// whole string" there too.
    pub fn anchored(&self) -> String {
        format!("^(?:{})$", self.source)
    }
}

impl Pattern {
    /// The first part of the pattern that ECMA-262 regexes (what JSON
    /// Schema's `pattern` and the LLM side of an export use) do not have
    /// or read otherwise: its byte range and what it is. actionctl checks
    /// values with the pattern as written either way.
    pub fn non_ecma_feature(&self) -> Option<((usize, usize), &'static str)> {
        let ast = regex_syntax::ast::parse::ParserBuilder::new()
            .nest_limit(PATTERN_NEST_LIMIT)
            .build()
            .parse(&self.source)
            .ok()?;
        regex_syntax::ast::visit(&ast, EcmaCheck).err()
    }
}

/// Stops at the first construct that ECMA-262 lacks.
struct EcmaCheck;

impl regex_syntax::ast::Visitor for EcmaCheck {
    type Output = ();
    type Err = ((usize, usize), &'static str);

    fn finish(self) -> Result<(), Self::Err> {
        Ok(())
    }

    fn visit_pre(&mut self, ast: &regex_syntax::ast::Ast) -> Result<(), Self::Err> {
        use regex_syntax::ast::{AssertionKind, Ast, GroupKind};
        let found = match ast {
            Ast::Flags(_) => Some("inline flags such as `(?i)`"),
            Ast::Group(g) => match &g.kind {
                GroupKind::NonCapturing(flags) if !flags.items.is_empty() => {
                    Some("inline flags such as `(?i:…)`")
                }
                GroupKind::CaptureName {
                    starts_with_p: true,
                    ..
                } => Some("`(?P<name>…)` (ECMA-262 writes `(?<name>…)`)"),
                _ => None,
            },
            Ast::Assertion(a) => match a.kind {
                AssertionKind::StartText | AssertionKind::EndText => {
                    Some("`\\A` or `\\z` (write `^` and `$`)")
                }
                AssertionKind::WordBoundaryStart
                | AssertionKind::WordBoundaryEnd
                | AssertionKind::WordBoundaryStartAngle
                | AssertionKind::WordBoundaryEndAngle
                | AssertionKind::WordBoundaryStartHalf
                | AssertionKind::WordBoundaryEndHalf => {
                    Some("a `\\b{…}`, `\\<` or `\\>` word boundary")
                }
                _ => None,
            },
            _ => None,
        };
        match found {
            Some(what) => Err(((ast.span().start.offset, ast.span().end.offset), what)),
            None => Ok(()),
        }
    }

    fn visit_class_set_item_pre(
        &mut self,
        item: &regex_syntax::ast::ClassSetItem,
    ) -> Result<(), Self::Err> {
        match item {
            regex_syntax::ast::ClassSetItem::Ascii(c) => Err((
                (c.span.start.offset, c.span.end.offset),
                "a POSIX class such as `[[:alpha:]]`",
            )),
            regex_syntax::ast::ClassSetItem::Bracketed(c) => Err((
                (c.span.start.offset, c.span.end.offset),
                "a class nested in a class",
            )),
            _ => Ok(()),
        }
    }

    fn visit_class_set_binary_op_pre(
        &mut self,
        op: &regex_syntax::ast::ClassSetBinaryOp,
    ) -> Result<(), Self::Err> {
        Err((
            (op.span.start.offset, op.span.end.offset),
            "class set operations (`&&`, `--`, `~~`)",
        ))
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Compiles `source` (Rust `regex` syntax) within the bounds every
/// regex of an action file meets: at most [`MAX_PATTERN_CHARS`]
/// characters, nested at most 64 levels, at most 1 MiB compiled. With
/// `whole`, it matches only a whole text (`pattern`: `\A(?:source)\z`,
/// built from the parsed expression, so a stray `)` in `source` cannot
/// close the wrapping group); without, anywhere in it (the `matches`
/// checks of `expect`).
pub(crate) fn compile_bounded(source: &str, whole: bool) -> Result<Regex, PatternError> {
    compile_bounded_within(source, whole, PATTERN_SIZE_LIMIT)
}

/// [`compile_bounded`] with a smaller compiled-size limit, for a regex
/// compiled over and over (JSONPath filter functions).
pub(crate) fn compile_bounded_within(
    source: &str,
    whole: bool,
    size_limit: usize,
) -> Result<Regex, PatternError> {
    let chars = source.chars().count();
    if chars > MAX_PATTERN_CHARS {
        return Err(PatternError {
            span: None,
            message: format!(
                "it is {chars} characters long; a pattern has at most {MAX_PATTERN_CHARS}"
            ),
        });
    }
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(PATTERN_NEST_LIMIT)
        .build()
        .parse(source)
        .map_err(PatternError::from_syntax)?;
    let hir = if whole {
        Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)])
    } else {
        hir
    };
    let config = Regex::config().nfa_size_limit(Some(size_limit));
    Regex::builder()
        .configure(config)
        .build_from_hir(&hir)
        .map_err(|e| PatternError {
            span: None,
            message: match e.size_limit() {
                Some(_) => format!(
                    "it compiles to more than {}; write a simpler pattern",
                    human_size(size_limit)
                ),
                None => e.to_string(),
            },
        })
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

/// Why a `pattern` is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct PatternError {
    /// The byte range of the pattern at fault, when one part is.
    pub span: Option<(usize, usize)>,
    /// What is wrong, in one line.
    pub message: String,
}

impl PatternError {
    fn from_syntax(error: regex_syntax::Error) -> Self {
        let (span, kind) = match &error {
            regex_syntax::Error::Parse(e) => (e.span(), e.kind().to_string()),
            regex_syntax::Error::Translate(e) => (e.span(), e.kind().to_string()),
            other => {
                return Self {
                    span: None,
                    message: other.to_string().lines().last().unwrap_or("").to_string(),
                };
            }
        };
        Self {
            span: Some((span.start.offset, span.end.offset)),
            message: kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> TypedValue {
        TypedValue::Text(s.into())
    }

    fn number(s: &str) -> serde_json::Number {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn enums_allow_only_their_values() {
        let c = Constraints {
            allowed: Some(vec![text("low"), text("high")]),
            ..Constraints::default()
        };
        assert_eq!(c.check(&text("low")), Ok(()));
        assert_eq!(
            c.check(&text("Low")).unwrap_err().to_string(),
            "`Low` is not one of the allowed values (enum): low, high"
        );
        let ints = Constraints {
            allowed: Some((1..=12).map(TypedValue::Integer).collect()),
            ..Constraints::default()
        };
        assert_eq!(ints.check(&TypedValue::Integer(12)), Ok(()));
        assert_eq!(
            ints.check(&TypedValue::Integer(0)).unwrap_err().to_string(),
            "`0` is not one of the allowed values (enum): 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (2 more)"
        );
    }

    #[test]
    fn bounds_are_inclusive_and_typed() {
        let c = Constraints {
            minimum: Some(number("1")),
            maximum: Some(number("99")),
            ..Constraints::default()
        };
        for ok in [1, 50, 99] {
            assert_eq!(c.check(&TypedValue::Integer(ok)), Ok(()));
        }
        assert_eq!(
            c.check(&TypedValue::Integer(0)).unwrap_err().to_string(),
            "`0` is below the minimum 1"
        );
        assert_eq!(
            c.check(&TypedValue::Integer(100)).unwrap_err().to_string(),
            "`100` is above the maximum 99"
        );
        let exact = Constraints {
            maximum: Some(number("9223372036854775806")),
            ..Constraints::default()
        };
        assert!(exact.check(&TypedValue::Integer(i64::MAX)).is_err());
        let floats = Constraints {
            minimum: Some(number("0.5")),
            maximum: Some(number("2.5")),
            ..Constraints::default()
        };
        assert_eq!(floats.check(&TypedValue::Float(number("2.5"))), Ok(()));
        assert!(floats.check(&TypedValue::Float(number("2.50001"))).is_err());
        assert!(floats.check(&TypedValue::Float(number("0.4"))).is_err());
    }

    #[test]
    fn lengths_count_characters() {
        let c = Constraints {
            min_length: Some(2),
            max_length: Some(3),
            ..Constraints::default()
        };
        assert_eq!(c.check(&text("été")), Ok(()), "3 characters, 5 bytes");
        assert_eq!(
            c.check(&text("é")).unwrap_err().to_string(),
            "`é` is 1 characters long, below the min_length 2"
        );
        assert_eq!(
            c.check(&text("abcd")).unwrap_err().to_string(),
            "`abcd` is 4 characters long, above the max_length 3"
        );
    }

    #[test]
    fn patterns_match_the_whole_value() {
        let p = Pattern::new("[A-Z]{3}-[0-9]+").unwrap();
        assert!(p.matches_whole("ORD-12"));
        assert!(!p.matches_whole("xORD-12"));
        assert!(!p.matches_whole("ORD-12x"));
        assert!(!p.matches_whole("ORD-12\n"));
        let alt = Pattern::new("a|ab").unwrap();
        assert!(alt.matches_whole("ab"), "not only the leftmost-first match");
        let multi = Pattern::new("(?m)a$").unwrap();
        assert!(
            !multi.matches_whole("a\nb"),
            "flags cannot lift the anchors"
        );
        assert_eq!(alt.anchored(), "^(?:a|ab)$");
        let c = Constraints {
            pattern: Some(p),
            ..Constraints::default()
        };
        assert_eq!(
            c.check(&text("ord-1")).unwrap_err().to_string(),
            "`ord-1` does not match the pattern `[A-Z]{3}-[0-9]+`"
        );
    }

    #[test]
    fn a_stray_parenthesis_cannot_escape_the_anchors() {
        let e = Pattern::new("a)|(b").unwrap_err();
        assert_eq!(e.message, "unopened group");
        assert_eq!(e.span, Some((1, 2)));
    }

    #[test]
    fn bad_and_hostile_patterns_are_refused_quickly() {
        let started = std::time::Instant::now();
        let e = Pattern::new("[a-").unwrap_err();
        assert_eq!(e.message, "unclosed character class");
        let long = "a".repeat(100 * 1024);
        assert!(
            Pattern::new(&long)
                .unwrap_err()
                .message
                .starts_with("it is 102400 characters long")
        );
        let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert_eq!(
            Pattern::new(&deep).unwrap_err().message,
            "exceed the maximum number of nested parentheses/brackets (64)"
        );
        let huge = Pattern::new("(a{1000}){1000}").unwrap_err();
        assert!(huge.message.contains("more than 1 MiB"), "{huge:?}");
        let nested = Pattern::new("((a+)+)+b").unwrap();
        let evil = format!("{}c", "a".repeat(10_000));
        assert!(
            !nested.matches_whole(&evil),
            "linear time, no backtracking blowup"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn constructs_ecma_262_lacks_are_found() {
        let found = |p: &str| Pattern::new(p).unwrap().non_ecma_feature();
        assert_eq!(found("^[A-Z]{3}-[0-9]+$"), None);
        assert_eq!(found("(?<year>[0-9]{4})|\\d\\w\\s\\p{L}"), None);
        assert_eq!(
            found("ab(?i)c").unwrap(),
            ((2, 6), "inline flags such as `(?i)`")
        );
        assert_eq!(found("a(?i:b)").unwrap().1, "inline flags such as `(?i:…)`");
        assert!(found("(?P<y>a)").unwrap().1.starts_with("`(?P<name>…)`"));
        assert_eq!(found("x\\z").unwrap().0, (1, 3));
        assert!(found("[[:alpha:]]").unwrap().1.starts_with("a POSIX class"));
        assert!(
            found("[a-z&&[^q]]")
                .unwrap()
                .1
                .starts_with("class set operations")
        );
    }

    #[test]
    fn shown_values_stay_on_one_line() {
        assert_eq!(shown("a\nb\u{1b}[2J"), "`a\\nb\\u{1b}[2J`");
        let long = "x".repeat(100);
        assert_eq!(
            shown(&long),
            format!("`{}… (40 more bytes)`", "x".repeat(60))
        );
    }
}
