//! `{{ name }}` templates: parsing, and substitution that is safe for where
//! the value lands (URL path, query, header, JSON body).
//!
//! A literal `{{` is written `\{{`. Names are action variables
//! (`order_number`) or dotted context names (`contact.first_name`).

use thiserror::Error;

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text copied as is (escapes already removed).
    Literal(String),
    /// A `{{ name }}` placeholder; `offset` is the byte offset of its `{{`
    /// in the template source, `len` the byte length of the whole placeholder.
    Placeholder {
        /// The variable name, trimmed.
        name: String,
        /// Byte offset of the opening `{{` in the source text.
        offset: usize,
        /// Byte length of the placeholder in the source text.
        len: usize,
    },
}

/// A parsed template: literal text and placeholders in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    segments: Vec<Segment>,
}

/// Why a template could not be parsed; `offset` is a byte offset into the source.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// `{{` with no matching `}}`.
    #[error("unterminated placeholder: `{{{{` has no matching `}}}}`")]
    Unterminated {
        /// Byte offset of the `{{`.
        offset: usize,
    },
    /// `{{}}` or `{{   }}`.
    #[error("empty placeholder `{{{{}}}}`")]
    Empty {
        /// Byte offset of the `{{`.
        offset: usize,
    },
    /// A name that is not `[A-Za-z_][A-Za-z0-9_]*` (dot-separated for context names).
    #[error(
        "invalid placeholder name `{name}`: use letters, digits and `_` (and `.` for context names)"
    )]
    BadName {
        name: String,
        /// Byte offset of the `{{`.
        offset: usize,
    },
}

impl TemplateError {
    /// Byte offset in the template source where the problem starts.
    pub fn offset(&self) -> usize {
        match self {
            Self::Unterminated { offset }
            | Self::Empty { offset }
            | Self::BadName { offset, .. } => *offset,
        }
    }
}

/// True when `name` is a valid placeholder name: identifiers joined by dots.
pub(crate) fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && name.split('.').all(is_identifier)
}

/// True when `s` is `[A-Za-z_][A-Za-z0-9_]*`.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Template {
    /// Parses template text.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = source;
        let mut consumed = 0;
        while let Some(pos) = rest.find("{{") {
            let escaped = rest[..pos].ends_with('\\');
            if escaped {
                literal.push_str(&rest[..pos - 1]);
                literal.push_str("{{");
                consumed += pos + 2;
                rest = &rest[pos + 2..];
                continue;
            }
            literal.push_str(&rest[..pos]);
            let offset = consumed + pos;
            let after_open = &rest[pos + 2..];
            let close = after_open
                .find("}}")
                .ok_or(TemplateError::Unterminated { offset })?;
            let inner = &after_open[..close];
            if inner.contains("{{") || inner.contains('\n') {
                return Err(TemplateError::Unterminated { offset });
            }
            let name = inner.trim();
            if name.is_empty() {
                return Err(TemplateError::Empty { offset });
            }
            if !is_valid_name(name) {
                return Err(TemplateError::BadName {
                    name: name.to_string(),
                    offset,
                });
            }
            if !literal.is_empty() {
                segments.push(Segment::Literal(std::mem::take(&mut literal)));
            }
            let len = 2 + close + 2;
            segments.push(Segment::Placeholder {
                name: name.to_string(),
                offset,
                len,
            });
            consumed += pos + len;
            rest = &rest[pos + len..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok(Self { segments })
    }

    /// The segments in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The placeholders as `(name, offset)` pairs, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = (&str, usize)> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Placeholder { name, offset, .. } => Some((name.as_str(), *offset)),
            Segment::Literal(_) => None,
        })
    }

    /// True when the template has no placeholder at all.
    pub fn is_literal(&self) -> bool {
        self.placeholders().next().is_none()
    }

    /// This template with the placeholders for which `value_of(name,
    /// literal_before)` gives text written in as literal text;
    /// `literal_before` is the template's literal text up to the
    /// placeholder (placeholders before it counted as one character).
    pub(crate) fn with_literals(
        &self,
        mut value_of: impl FnMut(&str, &str) -> Option<String>,
    ) -> Self {
        let mut segments: Vec<Segment> = Vec::new();
        let mut before = String::new();
        for segment in &self.segments {
            let text = match segment {
                Segment::Literal(text) => Some(text.clone()),
                Segment::Placeholder { name, .. } => value_of(name, &before),
            };
            match (text, segments.last_mut()) {
                (Some(text), Some(Segment::Literal(last))) => {
                    before.push_str(&text);
                    last.push_str(&text);
                }
                (Some(text), _) => {
                    before.push_str(&text);
                    segments.push(Segment::Literal(text));
                }
                (None, _) => {
                    before.push('x');
                    segments.push(segment.clone());
                }
            }
        }
        Self { segments }
    }

    /// The name when the whole template is exactly one placeholder (`"{{qty}}"`).
    pub fn sole_placeholder(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [Segment::Placeholder { name, .. }] => Some(name),
            _ => None,
        }
    }

    /// Renders with `value_of` giving the already-encoded text for each name.
    pub fn render_with<E>(
        &self,
        mut value_of: impl FnMut(&str) -> Result<String, E>,
    ) -> Result<String, E> {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Placeholder { name, .. } => out.push_str(&value_of(name)?),
            }
        }
        Ok(out)
    }
}

/// Characters left as they are in a path segment or query component:
/// RFC 3986 unreserved characters. Everything else is percent-encoded.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes a value as exactly one URL path segment: `/`, `?`, `#`, `%` and
/// everything outside the unreserved set is percent-encoded. The dot
/// segments `.` and `..` are left as they are: encoding them (`%2E%2E`)
/// would not stop a server or URL parser from resolving them, so the
/// request builder refuses them instead.
pub(crate) fn encode_path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, COMPONENT).to_string()
}

/// Encodes a value for a query name or value (spaces become `%20`).
pub(crate) fn encode_query_component(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, COMPONENT).to_string()
}

/// Encodes a form field name or value as curl's `--data-urlencode`
/// does (and as HTML forms do): `A-Za-z0-9-._~` kept, a space as `+`,
/// every other byte of the UTF-8 text as `%XX` in upper case. Sending
/// exactly curl's bytes lets `render --format curl` pass each field to
/// curl and send what `test` sends.
pub(crate) fn encode_form_component(value: &str) -> String {
    form_encode(value, HexCase::Upper)
}

/// Encodes the name and value of a query-string credential as curl's
/// `--url-query` sends them, so the curl export can read the secret from
/// the environment and still send `test`'s bytes: like a form value
/// (space as `+`), with the `%xx` escapes in lower case, as curl's URL
/// API writes them (checked with curl 7.88; servers decode either case
/// alike, RFC 3986 section 2.1).
pub(crate) fn encode_query_credential(value: &str) -> String {
    form_encode(value, HexCase::Lower)
}

#[derive(Clone, Copy)]
enum HexCase {
    Upper,
    Lower,
}

fn form_encode(value: &str, case: HexCase) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => match case {
                HexCase::Upper => out.push_str(&format!("%{byte:02X}")),
                HexCase::Lower => out.push_str(&format!("%{byte:02x}")),
            },
        }
    }
    out
}

/// Escapes text for use inside a JSON string literal (without the quotes).
pub(crate) fn json_escape(value: &str) -> String {
    let quoted = serde_json::Value::String(value.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &Template) -> Vec<&str> {
        t.placeholders().map(|(n, _)| n).collect()
    }

    #[test]
    fn parses_literals_and_placeholders_with_offsets() {
        let t = Template::parse("/orders/{{ order_number }}/items/{{x}}").unwrap();
        assert_eq!(names(&t), vec!["order_number", "x"]);
        assert_eq!(
            t.segments()[1],
            Segment::Placeholder {
                name: "order_number".into(),
                offset: 8,
                len: 18
            }
        );
        assert_eq!(t.placeholders().nth(1), Some(("x", 33)));
    }

    #[test]
    fn dotted_context_names_are_placeholders() {
        let t = Template::parse("Hi {{contact.first_name}}").unwrap();
        assert_eq!(names(&t), vec!["contact.first_name"]);
    }

    #[test]
    fn escaped_braces_are_literal() {
        let t = Template::parse(r"a \{{not}} b {{yes}}").unwrap();
        assert_eq!(names(&t), vec!["yes"]);
        assert_eq!(t.segments()[0], Segment::Literal("a {{not}} b ".into()));
    }

    #[test]
    fn errors_carry_offsets() {
        assert_eq!(
            Template::parse("ab {{ open").unwrap_err(),
            TemplateError::Unterminated { offset: 3 }
        );
        assert_eq!(
            Template::parse("x{{ }}").unwrap_err(),
            TemplateError::Empty { offset: 1 }
        );
        assert!(matches!(
            Template::parse("{{1abc}}").unwrap_err(),
            TemplateError::BadName { offset: 0, .. }
        ));
        assert!(matches!(
            Template::parse("{{a-b}}").unwrap_err(),
            TemplateError::BadName { .. }
        ));
        assert_eq!(
            Template::parse("{{a {{b}}").unwrap_err(),
            TemplateError::Unterminated { offset: 0 }
        );
    }

    #[test]
    fn sole_placeholder_only_for_exact_match() {
        assert_eq!(
            Template::parse("{{qty}}").unwrap().sole_placeholder(),
            Some("qty")
        );
        assert_eq!(
            Template::parse(" {{qty}}").unwrap().sole_placeholder(),
            None
        );
        assert!(Template::parse("plain").unwrap().is_literal());
    }

    #[test]
    fn renders_through_the_callback() {
        let t = Template::parse("a{{x}}b{{y}}").unwrap();
        let out: Result<String, ()> = t.render_with(|n| Ok(n.to_uppercase()));
        assert_eq!(out.unwrap(), "aXbY");
    }

    #[test]
    fn path_segments_cannot_climb_or_split() {
        assert_eq!(encode_path_segment("a/b"), "a%2Fb");
        assert_eq!(encode_path_segment("../admin"), "..%2Fadmin");
        assert_eq!(encode_path_segment("x?y#z%"), "x%3Fy%23z%25");
        assert_eq!(encode_path_segment("ORD-12_3.4~"), "ORD-12_3.4~");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    #[test]
    fn query_components_are_encoded() {
        assert_eq!(encode_query_component("a b&c=d+e"), "a%20b%26c%3Dd%2Be");
    }

    #[test]
    fn form_components_are_encoded_as_curl_data_urlencode_does() {
        assert_eq!(
            encode_form_component("a b+c&d=e%f~g-h.i_j*é\n"),
            "a+b%2Bc%26d%3De%25f~g-h.i_j%2A%C3%A9%0A"
        );
        assert_eq!(encode_form_component("metadata[id]"), "metadata%5Bid%5D");
        assert_eq!(encode_form_component(""), "");
    }

    #[test]
    fn query_credentials_are_encoded_as_curl_url_query_does() {
        assert_eq!(encode_query_credential("A+B C/é"), "A%2bB+C%2f%c3%a9");
        assert_eq!(encode_query_credential("key_1.2-3~"), "key_1.2-3~");
    }

    #[test]
    fn json_escape_keeps_structure() {
        assert_eq!(json_escape(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(json_escape("line\nbreak"), r"line\nbreak");
    }
}
