//! Bodies written as JSON text with placeholders
//! (`{"qty": {{qty}}, "note": "for {{name}}"}`): syntax checking with the
//! placeholders set aside, and typed substitution that cannot change the
//! JSON's structure.

use serde_json::Value;

use crate::core::template::{Segment, Template, json_escape};

/// Tracks whether a position in JSON text is inside a string literal.
#[derive(Debug, Default, Clone, Copy)]
struct QuoteState {
    in_string: bool,
    escaped: bool,
}

impl QuoteState {
    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            if self.escaped {
                self.escaped = false;
            } else if self.in_string && c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.in_string = !self.in_string;
            }
        }
    }
}

/// A syntax error in JSON text, at a byte offset of the template source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonTextError {
    /// Byte offset in the template source.
    pub offset: usize,
    /// What serde_json found wrong.
    pub message: String,
}

/// Checks that `source` (the template's own text) is valid JSON once each
/// placeholder is replaced by a same-length stand-in: text inside a string,
/// a number in value position. Offsets therefore map back one to one.
pub fn check(source: &str, template: &Template) -> Result<(), JsonTextError> {
    let probe = probe(source, template);
    serde_json::from_str::<Value>(&probe)
        .map(drop)
        .map_err(|e| JsonTextError {
            offset: byte_offset(&probe, e.line(), e.column()),
            message: serde_error_message(&e),
        })
}

/// The keys of the top-level object of JSON text that [`check`] passed,
/// each decoded, with the byte offset and length of the key as written
/// (quotes included); empty when the text is not an object.
pub(crate) fn top_level_keys(source: &str, template: &Template) -> Vec<(String, usize, usize)> {
    let probe = probe(source, template);
    let bytes = probe.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                let is_key = probe[end..].trim_start().starts_with(':');
                let top_level = depth == 1 && probe.trim_start().starts_with('{');
                if is_key
                    && top_level
                    && let Ok(key) = serde_json::from_str::<String>(&probe[start..end])
                {
                    keys.push((key, start, end - start));
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// `source` with each placeholder replaced by a same-length stand-in:
/// text inside a string, a number in value position.
fn probe(source: &str, template: &Template) -> String {
    let mut probe = String::with_capacity(source.len());
    let mut state = QuoteState::default();
    let mut cursor = 0;
    for segment in template.segments() {
        let Segment::Placeholder { offset, len, .. } = segment else {
            continue;
        };
        let before = source
            .get(cursor..*offset)
            .unwrap_or_default()
            .replace("\\{{", " {{");
        state.feed(&before);
        probe.push_str(&before);
        if state.in_string {
            probe.push_str(&"x".repeat(*len));
        } else {
            probe.push('1');
            probe.push_str(&"0".repeat(len - 1));
        }
        cursor = offset + len;
    }
    probe.push_str(
        &source
            .get(cursor..)
            .unwrap_or_default()
            .replace("\\{{", " {{"),
    );
    probe
}

/// Substitutes placeholders and parses the result. `value_of` gives each
/// name's typed JSON value, or `None` when it has none: a placeholder
/// that is a whole string (`"{{x}}"`) or stands in value position takes
/// the typed value, and with none its member (or array item) is left out
/// (the whole document is then `null`); inside a longer string it becomes
/// JSON-escaped text (empty when none).
pub fn render<E>(
    template: &Template,
    mut value_of: impl FnMut(&str) -> Result<Option<Value>, E>,
) -> Result<Result<Value, serde_json::Error>, E> {
    let mut values = Vec::new();
    for (name, _) in template.placeholders() {
        values.push(value_of(name)?);
    }
    let (text, unset) = substitute(template, &values, &Value::Null);
    let parsed = match serde_json::from_str::<Value>(&text) {
        Ok(parsed) if unset => parsed,
        other => return Ok(other),
    };
    // Unset values stand as a string that occurs nowhere else in the
    // document, so finding them cannot mistake a value or literal for one.
    let mut marker = String::from("\u{0}unset");
    while holds_string(&parsed, &marker) {
        marker.push('\u{0}');
    }
    let (text, _) = substitute(template, &values, &Value::String(marker.clone()));
    Ok(serde_json::from_str::<Value>(&text).map(|mut value| {
        leave_out(&mut value, &marker);
        value
    }))
}

/// The JSON text with each placeholder's value in place, `unset`
/// standing for a whole value that has none; and whether any did.
fn substitute(template: &Template, values: &[Option<Value>], unset: &Value) -> (String, bool) {
    let mut out = String::new();
    let mut any_unset = false;
    let mut state = QuoteState::default();
    let mut string_opened_at: Option<usize> = None;
    let mut skip_next_quote = false;
    let mut values = values.iter();
    let segments = template.segments();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Literal(text) => {
                let text = if skip_next_quote {
                    &text[1..]
                } else {
                    text.as_str()
                };
                skip_next_quote = false;
                for c in text.chars() {
                    let was_in = state.in_string;
                    let mut buf = [0u8; 4];
                    state.feed(c.encode_utf8(&mut buf));
                    out.push(c);
                    if !was_in && state.in_string {
                        string_opened_at = Some(out.len() - 1);
                    }
                }
            }
            Segment::Placeholder { .. } => {
                let value = values.next().cloned().flatten();
                let closes_next =
                    matches!(segments.get(i + 1), Some(Segment::Literal(t)) if t.starts_with('"'));
                // Only a string that is exactly one placeholder is a whole
                // value: right after the opening quote in the text (not
                // after another placeholder that rendered empty), and
                // right before the closing one.
                let opens_before =
                    i > 0 && matches!(segments.get(i - 1), Some(Segment::Literal(_)));
                let whole_string = state.in_string
                    && opens_before
                    && string_opened_at == Some(out.len() - 1)
                    && closes_next;
                if state.in_string && !whole_string {
                    let text = value.as_ref().map(text_of).unwrap_or_default();
                    out.push_str(&json_escape(&text));
                    continue;
                }
                if whole_string {
                    out.pop();
                    state.in_string = false;
                    skip_next_quote = true;
                }
                any_unset |= value.is_none();
                out.push_str(&value.as_ref().unwrap_or(unset).to_string());
            }
        }
    }
    (out, any_unset)
}

/// True when `text` is a string value anywhere in `value`.
fn holds_string(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s == text,
        Value::Array(items) => items.iter().any(|v| holds_string(v, text)),
        Value::Object(members) => members.values().any(|v| holds_string(v, text)),
        _ => false,
    }
}

/// Removes every member and array item whose value is `marker`, and a
/// nested object whose every member was removed (as structured bodies
/// do); the document itself, when it is the marker, becomes `null`.
fn leave_out(value: &mut Value, marker: &str) {
    if value.as_str() == Some(marker) {
        *value = Value::Null;
    } else {
        emptied(value, marker);
    }
}

/// Leaves out the markers inside `value`; true when it is an object
/// that held members and has none left.
fn emptied(value: &mut Value, marker: &str) -> bool {
    let mut mark = |v: &mut Value| {
        if v.as_str() != Some(marker) && emptied(v, marker) {
            *v = Value::String(marker.to_string());
        }
    };
    let is_marker = |v: &Value| v.as_str() == Some(marker);
    match value {
        Value::Array(items) => {
            items.iter_mut().for_each(&mut mark);
            items.retain(|v| !is_marker(v));
            false
        }
        Value::Object(members) => {
            let held = !members.is_empty();
            members.values_mut().for_each(&mut mark);
            members.retain(|_, v| !is_marker(v));
            held && members.is_empty()
        }
        _ => false,
    }
}

/// A value as text inside a longer string: a string as it is, an array
/// as its items' text joined with `,` (as an array variable's value reads
/// anywhere inside text), anything else as JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// serde_json's message without its trailing " at line L column C".
pub fn serde_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(pos) => text[..pos].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tpl(s: &str) -> Template {
        Template::parse(s).unwrap()
    }

    fn render_with(source: &str, values: &[(&str, Option<Value>)]) -> Value {
        let out: Result<_, ()> = render(&tpl(source), |n| {
            Ok(values
                .iter()
                .find(|(k, _)| *k == n)
                .and_then(|(_, v)| v.clone()))
        });
        out.unwrap().unwrap()
    }

    #[test]
    fn check_accepts_placeholders_in_value_and_string_position() {
        let src = r#"{"qty": {{qty}}, "note": "for {{name}}", "id": "{{id}}"}"#;
        assert_eq!(check(src, &tpl(src)), Ok(()));
    }

    #[test]
    fn check_reports_offset_of_the_syntax_error() {
        let src = "{\"qty\": {{qty}},\n \"x\": }";
        let err = check(src, &tpl(src)).unwrap_err();
        assert_eq!(&src[err.offset..err.offset + 1], "}");
        assert!(err.message.contains("expected value"), "{}", err.message);
    }

    #[test]
    fn top_level_keys_are_found_decoded_with_where_they_stand() {
        let src = r#" {"a": {"api_key": 1}, "api\u005fkey" : {{k}}, "l": ["x", {"b": "{{v}}"}], "q\"": "z"}"#;
        let keys = top_level_keys(src, &tpl(src));
        let names: Vec<&str> = keys.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(names, ["a", "api_key", "l", "q\""]);
        let (_, at, len) = keys[1];
        assert_eq!(&src[at..at + len], r#""api\u005fkey""#);
        assert!(top_level_keys("[{\"a\": 1}]", &tpl("[{\"a\": 1}]")).is_empty());
    }

    #[test]
    fn typed_values_land_in_value_position() {
        let v = render_with(
            r#"{"qty": {{qty}}, "ok": {{ok}}, "id": "{{id}}", "n": null}"#,
            &[
                ("qty", Some(json!(3))),
                ("ok", Some(json!(true))),
                ("id", Some(json!(12))),
            ],
        );
        assert_eq!(v, json!({"qty": 3, "ok": true, "id": 12, "n": null}));
    }

    #[test]
    fn unset_whole_values_are_left_out() {
        let v = render_with(
            r#"{"a": {{x}}, "b": "{{x}}", "c": "x={{x}}", "d": [1, {{x}}, "{{x}}", 2], "e": {"f": {{x}}}, "n": null}"#,
            &[],
        );
        assert_eq!(v, json!({"c": "x=", "d": [1, 2], "n": null}));
        let v = render_with(
            r#"{"e": {"f": {{x}}, "g": {}}, "h": [{"i": {{x}}}], "j": {}}"#,
            &[],
        );
        assert_eq!(
            v,
            json!({"e": {"g": {}}, "h": [], "j": {}}),
            "literal {{}} is kept"
        );
        assert_eq!(render_with(r#"{"a": {{x}}}"#, &[]), json!({}));
        assert_eq!(render_with("{{x}}", &[]), Value::Null);
        assert_eq!(render_with("[{{x}}]", &[]), json!([]));
    }

    #[test]
    fn only_a_string_of_exactly_one_placeholder_is_a_whole_value() {
        let source = r#"{"d": "{{x}}{{x}}", "e": "{{x}}{{y}}", "l": ["{{x}}{{x}}"], "w": "{{x}}"}"#;
        assert_eq!(
            render_with(source, &[]),
            json!({"d": "", "e": "", "l": [""]}),
            "text made of unset values is empty text, as in a YAML body"
        );
        assert_eq!(
            render_with(source, &[("y", Some(json!(7)))]),
            json!({"d": "", "e": "7", "l": [""]})
        );
        assert_eq!(
            render_with(source, &[("x", Some(json!(1))), ("y", Some(json!(2)))]),
            json!({"d": "11", "e": "12", "l": ["11"], "w": 1})
        );
    }

    #[test]
    fn a_value_that_looks_like_the_marker_is_kept() {
        let marker = "\u{0}unset";
        let v = render_with(
            r#"{"a": {{x}}, "b": {{y}}, "c": "\u0000unset\u0000"}"#,
            &[("y", Some(json!(marker)))],
        );
        assert_eq!(v, json!({"b": marker, "c": "\u{0}unset\u{0}"}));
    }

    #[test]
    fn values_inside_strings_are_escaped_text() {
        let v = render_with(
            r#"{"note": "say \"{{x}}\" now", "y": "a{{missing}}b"}"#,
            &[("x", Some(json!("\"}, \"admin\": true, {\"")))],
        );
        assert_eq!(
            v,
            json!({"note": "say \"\"}, \"admin\": true, {\"\" now", "y": "ab"})
        );
    }

    #[test]
    fn hostile_values_cannot_change_structure() {
        let v = render_with(
            r#"{"a": {{x}}}"#,
            &[("x", Some(json!("1, \"admin\": true")))],
        );
        assert_eq!(v, json!({"a": "1, \"admin\": true"}));
    }

    #[test]
    fn escaped_braces_pass_through() {
        let src = r#"{"t": "\{{literal}}"}"#;
        assert_eq!(check(src, &tpl(src)), Ok(()));
        assert_eq!(render_with(src, &[]), json!({"t": "{{literal}}"}));
    }
}
