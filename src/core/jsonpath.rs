//! JSONPaths written in action files (`extract:`), bounded before they
//! reach the parser. serde_json_path's parser recurses once per nesting
//! level and backtracks through nested filters, so a long or deeply
//! nested path can exhaust the stack or take exponential time
//! (`$[?@[?@[?@…]]]`). The text is checked here first; [`CheckedPath`]
//! is the only way to hold a parsed path, so nothing at run time parses
//! text that was not checked.

use std::fmt;

use serde_json::Value;
use serde_json_path::{JsonPath, NodeList};

use crate::core::constraint::compile_bounded_within;

/// Longest JSONPath accepted, in characters.
pub(crate) const MAX_PATH_CHARS: usize = 256;
/// Deepest nesting of `[` and `(` accepted (outside string literals): a
/// filter inside a filter, with parentheses, fits.
pub(crate) const MAX_PATH_NESTING: usize = 4;

/// A JSONPath that passed the bounds and parsed (RFC 9535).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPath {
    text: String,
    parsed: JsonPath,
    singular: bool,
}

/// Why a JSONPath was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    /// Longer than [`MAX_PATH_CHARS`].
    #[error("the path is {chars} characters long; JSONPaths are limited to {MAX_PATH_CHARS}")]
    TooLong { chars: usize },
    /// Nested deeper than [`MAX_PATH_NESTING`].
    #[error("brackets and parentheses nested deeper than {MAX_PATH_NESTING} levels")]
    TooDeep {
        /// Byte offset of the bracket that crosses the limit.
        offset: usize,
    },
    /// Not RFC 9535 syntax: the parser's first line.
    #[error("{0}")]
    Syntax(String),
    /// The regex of a `match()` or `search()` filter function is not a
    /// string literal, does not compile, or is over the bounds.
    #[error("{message}")]
    Pattern {
        /// Byte offset of the function name.
        offset: usize,
        message: String,
    },
}

impl PathProblem {
    /// Byte offset in the path text where the problem is.
    pub fn offset(&self) -> usize {
        match self {
            Self::TooDeep { offset } | Self::Pattern { offset, .. } => *offset,
            Self::TooLong { .. } | Self::Syntax(_) => 0,
        }
    }
}

impl CheckedPath {
    /// Checks the bounds, then parses.
    pub fn parse(text: &str) -> Result<Self, PathProblem> {
        check_bounds(text)?;
        let parsed = JsonPath::parse(text).map_err(|e| {
            PathProblem::Syntax(e.to_string().lines().next().unwrap_or_default().to_string())
        })?;
        check_filter_patterns(text)?;
        Ok(Self {
            text: text.to_string(),
            parsed,
            singular: is_singular(text),
        })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True for an RFC 9535 singular query (names and indexes only): it
    /// selects at most one node, whatever the document.
    pub fn is_singular(&self) -> bool {
        self.singular
    }

    /// The nodes of `value` the path selects.
    pub fn query<'v>(&self, value: &'v Value) -> NodeList<'v> {
        self.parsed.query(value)
    }
}

impl fmt::Display for CheckedPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// True for an RFC 9535 singular query: at most one node, whatever the
/// document. serde_json_path keeps that test private, but applies it
/// where the RFC's grammar demands it: only a singular query may stand in
/// a filter comparison. So the path is singular exactly when it parses
/// as one.
fn is_singular(path: &str) -> bool {
    JsonPath::parse(path).is_ok() && JsonPath::parse(&format!("$[?{path} == null]")).is_ok()
}

/// The path library compiles the regex of `match()`/`search()` again
/// for every node it tests and reads a regex that does not compile as
/// "no match", so a typo makes `exists: false` pass. Each one must be
/// a string literal that compiles within the bounds of `matches`, and,
/// being compiled per node, within [`FILTER_PATTERN_SIZE_LIMIT`].
fn check_filter_patterns(text: &str) -> Result<(), PathProblem> {
    for (offset, name) in filter_function_calls(text) {
        let problem = |message: String| PathProblem::Pattern {
            offset,
            message: format!("{name}(): {message}"),
        };
        let open = offset + name.len() + 1;
        let source = second_argument_literal(&text[open..]).ok_or_else(|| {
            problem("the regex must be a string literal, such as search(@.name, 'ab+c')".into())
        })?;
        compile_bounded_within(&source, false, FILTER_PATTERN_SIZE_LIMIT)
            .map_err(|e| problem(format!("the regex `{source}` is refused: {e}")))?;
    }
    Ok(())
}

/// Compiled size allowed for a filter-function regex: it is compiled
/// once per node tested, so it must be cheap to compile.
pub(crate) const FILTER_PATTERN_SIZE_LIMIT: usize = 64 << 10;

/// The characters of `text` outside its string literals (`'…'` or
/// `"…"`, with `\` escapes), with their byte offsets; the quotes
/// themselves are left out.
fn outside_literals(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| match (quote, c) {
        (Some(_), _) if escaped => {
            escaped = false;
            false
        }
        (Some(_), '\\') => {
            escaped = true;
            false
        }
        (Some(q), c) if c == q => {
            quote = None;
            false
        }
        (Some(_), _) => false,
        (None, '\'' | '"') => {
            quote = Some(c);
            false
        }
        (None, _) => true,
    })
}

/// Byte offsets and names of the `match(` and `search(` calls outside
/// string literals.
fn filter_function_calls(text: &str) -> Vec<(usize, &'static str)> {
    let mut calls = Vec::new();
    for (offset, c) in outside_literals(text) {
        match c {
            'm' | 's' => {
                let before = text[..offset].chars().next_back();
                let starts_word =
                    !before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == '.');
                for name in ["match", "search"] {
                    if starts_word && text[offset..].starts_with(&format!("{name}(")) {
                        calls.push((offset, name));
                    }
                }
            }
            _ => {}
        }
    }
    calls
}

/// The decoded string literal that is the second argument of the call
/// whose arguments start `args` (just after its `(`); `None` when the
/// second argument is anything else. The path already parsed, so the
/// argument list is well formed.
fn second_argument_literal(args: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut comma = None;
    for (offset, c) in outside_literals(args) {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' if depth > 0 => depth -= 1,
            ',' if depth == 0 => {
                comma = Some(offset);
                break;
            }
            _ => {}
        }
    }
    let rest = args[comma? + 1..].trim_start();
    let delimiter = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let mut json = String::from('"');
    let mut chars = rest[1..].chars();
    loop {
        match chars.next()? {
            '\\' => match chars.next()? {
                '\'' => json.push('\''),
                other => {
                    json.push('\\');
                    json.push(other);
                }
            },
            c if c == delimiter => break,
            '"' => json.push_str("\\\""),
            c => json.push(c),
        }
    }
    if !chars.as_str().trim_start().starts_with(')') {
        return None;
    }
    json.push('"');
    serde_json::from_str(&json).ok()
}

/// Refuses paths longer than [`MAX_PATH_CHARS`] or nested deeper than
/// [`MAX_PATH_NESTING`], without parsing them.
pub(crate) fn check_bounds(text: &str) -> Result<(), PathProblem> {
    let chars = text.chars().count();
    if chars > MAX_PATH_CHARS {
        return Err(PathProblem::TooLong { chars });
    }
    let mut depth = 0usize;
    for (offset, c) in outside_literals(text) {
        match c {
            '[' | '(' => {
                depth += 1;
                if depth > MAX_PATH_NESTING {
                    return Err(PathProblem::TooDeep { offset });
                }
            }
            ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_characters_outside_string_literals_are_scanned() {
        let outside: String = outside_literals(r#"$['a[(']["b\"]"][?search(@, 'x')]"#)
            .map(|(_, c)| c)
            .collect();
        assert_eq!(outside, "$[][][?search(@, )]");
        let offsets: Vec<usize> = outside_literals("'ab'c").map(|(o, _)| o).collect();
        assert_eq!(offsets, vec![4]);
    }

    #[test]
    fn ordinary_paths_pass_and_query() {
        for text in [
            "$.customer.name",
            "$.items[*].sku",
            "$['odd key'][0]",
            "$.orders[?@.items[?@.sku == 'A']].id",
            "$.a[?(@.b[?(@.c == 1)])]",
            "$[?(@.a == 1 && (@.b == 2 || @.c == 3))]",
            "$['[[[[[(((((']",
        ] {
            assert!(CheckedPath::parse(text).is_ok(), "{text}");
        }
        let path = CheckedPath::parse("$.a").unwrap();
        assert_eq!(path.to_string(), "$.a");
        let value = serde_json::json!({"a": 1});
        assert_eq!(path.query(&value).all(), vec![&serde_json::json!(1)]);
    }

    #[test]
    fn nested_filters_are_refused_before_parsing() {
        let text = format!("${}{}", "[?@".repeat(30), "]".repeat(30));
        let problem = CheckedPath::parse(&text).unwrap_err();
        assert_eq!(
            problem,
            PathProblem::TooDeep {
                offset: 1 + 3 * MAX_PATH_NESTING
            }
        );
        assert!(problem.to_string().contains("nested deeper than 4"));
    }

    #[test]
    fn long_and_deep_paths_are_refused_without_parsing() {
        let long = format!("$.{}", "a".repeat(MAX_PATH_CHARS));
        assert_eq!(
            CheckedPath::parse(&long).unwrap_err().to_string(),
            "the path is 258 characters long; JSONPaths are limited to 256"
        );
        let deep = format!("$[?{}@{}]", "(".repeat(100_000), ")".repeat(100_000));
        assert!(check_bounds(&deep).is_err());
    }

    #[test]
    fn quoted_brackets_and_escaped_quotes_do_not_count() {
        assert!(check_bounds(r"$['a\'[[[[[[']").is_ok());
        assert!(check_bounds(r#"$["[[[[[[\"(((((("]"#).is_ok());
        assert!(check_bounds("$[[[[[").is_err());
    }

    #[test]
    fn syntax_errors_say_what_the_parser_says() {
        let problem = CheckedPath::parse("$[oops").unwrap_err();
        assert!(
            matches!(&problem, PathProblem::Syntax(m) if !m.is_empty()),
            "{problem:?}"
        );
    }

    #[test]
    fn filter_function_regexes_are_checked_where_written() {
        let problem = CheckedPath::parse(r#"$.a[?search(@, "(")]"#).unwrap_err();
        assert!(
            matches!(&problem, PathProblem::Pattern { offset: 5, message }
                if message.starts_with("search(): the regex `(` is refused: ")),
            "{problem:?}"
        );
        let problem = CheckedPath::parse("$.a[?match(@.b, '[')]").unwrap_err();
        assert_eq!(problem.offset(), 5, "{problem:?}");
        let problem = CheckedPath::parse("$.a[?match(@.b, @.c)]").unwrap_err();
        assert!(
            problem.to_string().contains("must be a string literal"),
            "{problem}"
        );
        for fine in [
            "$.a[?search(@, 'ab+c')]",
            r#"$.a[?match(@.name, "it's|\"q\"")]"#,
            r"$.a[?match(@.name, 'it\'s, (x)')]",
            "$.a[?length(@.search) > 1 && @.match == 'search(']",
            "$.a[?match(@, '[a-z]+') && search(@, 'x')]",
        ] {
            assert!(CheckedPath::parse(fine).is_ok(), "{fine}");
        }
    }

    /// The cost bound is structural (a compile-size limit), so the test
    /// asserts the refusal, not a wall-clock time that a loaded machine
    /// would break.
    #[test]
    fn filter_function_regexes_over_the_compile_bound_are_refused() {
        let problem =
            CheckedPath::parse(r#"$.a[?search(@, "((((a{50}){50}){50}){50})")]"#).unwrap_err();
        assert!(
            problem.to_string().contains("compiles to more than 64 KiB"),
            "{problem}"
        );
        let path = CheckedPath::parse("$[?search(@, 'a{100}')]").unwrap();
        let value = serde_json::Value::Array(vec!["b".repeat(200).into(); 2_000]);
        assert!(path.query(&value).is_empty());
    }

    #[test]
    fn singularity_follows_rfc_9535() {
        for singular in ["$", "$.a", "$.a.b[0]", "$['a'][-1]", "$[\"a b\"]"] {
            assert!(
                CheckedPath::parse(singular).unwrap().is_singular(),
                "{singular}"
            );
        }
        for plural in [
            "$.*",
            "$..a",
            "$.a[*]",
            "$.a[0:2]",
            "$.a[?@.b]",
            "$['a','b']",
            "$[0,1]",
        ] {
            assert!(
                !CheckedPath::parse(plural).unwrap().is_singular(),
                "{plural}"
            );
        }
        assert!(!is_singular("$[oops"));
    }
}
