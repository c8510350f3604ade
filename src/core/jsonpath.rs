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
}

impl PathProblem {
    /// Byte offset in the path text where the problem is.
    pub fn offset(&self) -> usize {
        match self {
            Self::TooDeep { offset } => *offset,
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

/// Refuses paths longer than [`MAX_PATH_CHARS`] or nested deeper than
/// [`MAX_PATH_NESTING`], without parsing them.
pub(crate) fn check_bounds(text: &str) -> Result<(), PathProblem> {
    let chars = text.chars().count();
    if chars > MAX_PATH_CHARS {
        return Err(PathProblem::TooLong { chars });
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (offset, c) in text.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '(') => {
                depth += 1;
                if depth > MAX_PATH_NESTING {
                    return Err(PathProblem::TooDeep { offset });
                }
            }
            (None, ']' | ')') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

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
    fn nested_filters_are_refused_before_parsing_and_fast() {
        let text = format!("${}{}", "[?@".repeat(30), "]".repeat(30));
        let started = Instant::now();
        let problem = CheckedPath::parse(&text).unwrap_err();
        assert!(started.elapsed() < Duration::from_millis(100));
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
