//! What the agent sees: an action's `response:` (`select`, `max_chars`)
//! applied to a response body. Pure; the engine hands in the body
//! already masked, so cutting can never leave half a secret behind.
//!
//! Rules the contract leaves open, as docs/testing.md states them:
//! - `select` with a singular path (names and indexes only, such as
//!   `$.order.status`) gives the node it finds, or `null` when it finds
//!   none; any other path (wildcards, filters, slices) always gives a JSON
//!   array of the nodes found, `[]` when none, so the shape the agent gets
//!   does not depend on how many nodes matched;
//! - a selection is handed over as compact JSON text (a string keeps its
//!   quotes, so `"null"` and `null` stay apart);
//! - without `select` the body is handed over as it came;
//! - a body that is not JSON cannot be selected from: the agent sees the
//!   text as it came (cut to `max_chars`), with a note saying so;
//! - a selection is at most as large as the body it came from (or
//!   [`MIN_SELECTION_BUDGET`] bytes): overlapping nodes (`$..*` over a deep
//!   body) would otherwise repeat it once per level. The array then keeps
//!   its first nodes that fit, followed by `…[cut: K of N nodes]`;
//! - `max_chars` counts characters (Unicode scalar values); a longer text
//!   keeps its first `max_chars` characters followed by
//!   `…[cut: N of M characters]`, so the agent knows it is not all.

use serde_json::Value;

use crate::core::jsonpath::CheckedPath;

/// Largest `max_chars` accepted: about a quarter of a million tokens,
/// more than any agent platform hands a model from one tool call.
pub(crate) const MAX_MAX_CHARS: u64 = 1_000_000;

/// Bytes a selection may always take, however small the body.
pub(crate) const MIN_SELECTION_BUDGET: usize = 1 << 20;

/// An action's `response:` section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseShape {
    /// Keep only what this path selects.
    pub select: Option<CheckedPath>,
    /// Cut what is left to this many characters (1 to [`MAX_MAX_CHARS`]).
    pub max_chars: Option<usize>,
}

/// The body as the agent is handed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shaped {
    /// The text the agent reads.
    pub text: String,
    /// True when `max_chars`, or the bound on a selection, cut it.
    pub cut: bool,
    /// Why the shape did not apply as written (a body that is not JSON, a
    /// path that selected nothing), for the trace.
    pub note: Option<String>,
}

impl ResponseShape {
    /// `body` (masked) as the agent sees it.
    pub fn apply(&self, body: &[u8]) -> Shaped {
        let (text, note, selection_cut) = match &self.select {
            None => (String::from_utf8_lossy(body).into_owned(), None, false),
            Some(path) => select(path, body),
        };
        let (text, cut) = match self.max_chars {
            Some(max) => cut_chars(&text, max),
            None => (text, false),
        };
        Shaped {
            text,
            cut: cut || selection_cut,
            note,
        }
    }
}

/// What `path` selects in `body`, as compact JSON text, with a note when
/// it could not apply, found nothing or was cut; and whether it was cut.
fn select(path: &CheckedPath, body: &[u8]) -> (String, Option<String>, bool) {
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        let note = format!(
            "the body is not JSON, so `select: {path}` could not apply; the agent sees the text as it came"
        );
        return (
            String::from_utf8_lossy(body).into_owned(),
            Some(note),
            false,
        );
    };
    let nodes = path.query(&json).all();
    let note = nodes
        .is_empty()
        .then(|| format!("`select: {path}` found nothing in the body"));
    match (path.is_singular(), nodes.as_slice()) {
        (true, [node]) => (node.to_string(), note, false),
        (true, _) => (Value::Null.to_string(), note, false),
        (false, _) => {
            let budget = body.len().max(MIN_SELECTION_BUDGET);
            let (text, kept) = json_array_within(&nodes, budget);
            if kept == nodes.len() {
                return (text, note, false);
            }
            let total = nodes.len();
            let note = format!(
                "`select: {path}` found {total} nodes, more than the body's size together (they overlap); the agent sees the first {kept}"
            );
            (
                format!("{text}…[cut: {kept} of {total} nodes]"),
                Some(note),
                true,
            )
        }
    }
}

/// `nodes` as a compact JSON array of at most `budget` bytes: the
/// first ones that fit, and how many that is.
fn json_array_within(nodes: &[&Value], budget: usize) -> (String, usize) {
    let mut text = String::from("[");
    for (i, node) in nodes.iter().enumerate() {
        let item = node.to_string();
        if text.len() + item.len() + 2 > budget {
            text.push(']');
            return (text, i);
        }
        if i > 0 {
            text.push(',');
        }
        text.push_str(&item);
    }
    text.push(']');
    (text, nodes.len())
}

/// `text` cut to `max` characters plus the marker
/// `…[cut: N of M characters]`, and whether it was cut. Cut only
/// masked text.
pub(crate) fn cut_chars(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        None => (text.to_string(), false),
        Some((at, _)) => {
            let total = text.chars().count();
            let kept = &text[..at];
            (format!("{kept}…[cut: {max} of {total} characters]"), true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(select: Option<&str>, max_chars: Option<usize>) -> ResponseShape {
        ResponseShape {
            select: select.map(|p| CheckedPath::parse(p).unwrap()),
            max_chars,
        }
    }

    const ORDER: &[u8] =
        br#"{"order":{"status":"shipped","items":[{"sku":"A1"},{"sku":"B2"}],"notes":null}}"#;

    #[test]
    fn without_a_shape_the_agent_sees_the_body_as_it_came() {
        let shaped = shape(None, None).apply(b"{ \"a\" : 1 }");
        assert_eq!(
            shaped,
            Shaped {
                text: "{ \"a\" : 1 }".into(),
                cut: false,
                note: None
            }
        );
    }

    #[test]
    fn overlapping_nodes_are_cut_at_the_size_of_the_body() {
        // 100 levels of {"a": …} around 1 MiB of text: `$..*` selects
        // every level, each holding all the levels below.
        let mut body = serde_json::json!("x".repeat(MIN_SELECTION_BUDGET));
        for _ in 0..100 {
            body = serde_json::json!({ "a": body });
        }
        let body = body.to_string();
        let shaped = shape(Some("$..*"), None).apply(body.as_bytes());
        assert!(shaped.cut);
        assert!(
            shaped.text.len() <= body.len() + 40,
            "{}",
            shaped.text.len()
        );
        assert!(
            shaped.text.ends_with("]…[cut: 1 of 100 nodes]"),
            "{}",
            &shaped.text[shaped.text.len() - 40..]
        );
        assert!(shaped.note.unwrap().contains("found 100 nodes"));
        let small = shape(Some("$..*"), None).apply(br#"{"a":{"b":[1,2]}}"#);
        assert_eq!(
            (small.text.as_str(), small.cut),
            (r#"[{"b":[1,2]},[1,2],1,2]"#, false)
        );
    }

    #[test]
    fn a_singular_path_gives_its_node_and_others_give_an_array() {
        assert_eq!(
            shape(Some("$.order.status"), None).apply(ORDER).text,
            "\"shipped\""
        );
        assert_eq!(
            shape(Some("$.order.items[*].sku"), None).apply(ORDER).text,
            r#"["A1","B2"]"#
        );
        assert_eq!(
            shape(Some("$.order.items[?@.sku == 'B2']"), None)
                .apply(ORDER)
                .text,
            r#"[{"sku":"B2"}]"#
        );
        // A JSON null found is not "nothing found": no note.
        let null = shape(Some("$.order.notes"), None).apply(ORDER);
        assert_eq!((null.text.as_str(), null.note), ("null", None));
    }

    #[test]
    fn a_path_that_finds_nothing_gives_null_or_an_empty_array_with_a_note() {
        let singular = shape(Some("$.order.missing"), None).apply(ORDER);
        assert_eq!(singular.text, "null");
        assert_eq!(
            singular.note.as_deref(),
            Some("`select: $.order.missing` found nothing in the body")
        );
        let many = shape(Some("$.nothing[*]"), None).apply(ORDER);
        assert_eq!(many.text, "[]");
        assert!(many.note.is_some());
    }

    #[test]
    fn a_body_that_is_not_json_is_handed_over_as_text_with_a_note() {
        let shaped = shape(Some("$.a"), Some(5)).apply(b"<html>oops</html>");
        assert_eq!(shaped.text, "<html…[cut: 5 of 17 characters]");
        assert!(shaped.cut);
        assert!(shaped.note.unwrap().contains("not JSON"));
        let binary = shape(None, None).apply(&[0xff, b'a']);
        assert_eq!(binary.text, "\u{fffd}a");
    }

    #[test]
    fn max_chars_counts_characters_and_says_it_cut() {
        let shaped = shape(None, Some(3)).apply("héllo wörld".as_bytes());
        assert_eq!(shaped.text, "hél…[cut: 3 of 11 characters]");
        assert!(shaped.cut);
        let exact = shape(None, Some(5)).apply("héllo".as_bytes());
        assert_eq!((exact.text.as_str(), exact.cut), ("héllo", false));
        // Cutting happens after selecting.
        let both = shape(Some("$.order.items[*].sku"), Some(4)).apply(ORDER);
        assert_eq!(both.text, "[\"A1…[cut: 4 of 11 characters]");
    }

    #[test]
    fn emoji_and_combining_characters_are_never_split_inside_a_scalar_value() {
        let text = "👍🏽👍🏽";
        let shaped = shape(None, Some(1)).apply(text.as_bytes());
        assert!(shaped.text.starts_with('👍'));
        assert!(std::str::from_utf8(shaped.text.as_bytes()).is_ok());
    }
}
