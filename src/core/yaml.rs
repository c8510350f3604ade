//! Loading YAML source text into a tree whose every key and value keeps
//! its line and column, with guards against hostile input, and conversion
//! of that tree to JSON for schema checks.
//!
//! Built on `marked-yaml`: it records a span for every node, refuses
//! anchors, aliases and tags (so alias "billion laughs" bombs cannot
//! expand), and reports duplicate keys. Its loader recurses once per
//! nesting level, so the event stream of the parser under it
//! (`yaml-rust2`, which is not recursive) is walked first to refuse deep
//! nesting before any tree is built.

use std::collections::HashMap;

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoadError, LoaderOptions, Node};
use serde_json::Value;
use yaml_rust2::Event;

use crate::core::diagnostic::Location;

/// Largest action file accepted, in bytes.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Deepest nesting of mappings and lists accepted (block or `[`/`{`
/// flow style), counting the top-level mapping.
pub(crate) const MAX_DEPTH: usize = 64;

/// A YAML load failure: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoadProblem {
    /// Where the problem was found.
    pub location: Location,
    /// One line saying what is wrong.
    pub message: String,
}

impl LoadProblem {
    fn at(location: Location, message: impl Into<String>) -> Self {
        Self {
            location,
            message: message.into(),
        }
    }
}

/// What kind of file a document is, for the words of load errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileKind {
    /// Plural noun, as in "action files are limited to …".
    pub plural: &'static str,
    /// The noun with its article, as in "an action file must be …".
    pub one: &'static str,
    /// What an empty file should hold.
    pub empty: &'static str,
}

impl FileKind {
    /// Action and flow files (and context files, which share their form).
    pub(crate) const ACTION: Self = Self {
        plural: "action files",
        one: "an action file",
        empty: "file is empty; an action needs at least name, description, method and url",
    };
}

/// A parsed YAML document and the source text it came from.
#[derive(Debug)]
pub(crate) struct Document {
    source: String,
    line_starts: Vec<usize>,
    root: MarkedMappingNode,
}

/// JSON pointer (`/variables/0/name`) → where that value (and its key) stand.
pub(crate) type PointerMap = HashMap<String, PointerSite>;

/// The source locations behind one JSON pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PointerSite {
    /// Where the value starts.
    pub value: Location,
    /// Where its mapping key starts, when it is a mapping value.
    pub key: Option<Location>,
}

impl Document {
    /// Parses action-file bytes: UTF-8 (a BOM is ignored), at most
    /// [`MAX_FILE_BYTES`], one YAML mapping without anchors, tags or
    /// duplicate keys.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, LoadProblem> {
        Self::parse_as(bytes, FileKind::ACTION)
    }

    /// [`Document::parse`] for another kind of file: the same rules, its
    /// load errors worded for `kind`.
    pub(crate) fn parse_as(bytes: &[u8], kind: FileKind) -> Result<Self, LoadProblem> {
        Self::parse_within(bytes, kind, MAX_FILE_BYTES)
    }

    /// [`Document::parse_as`] with another size limit (OpenAPI documents
    /// are routinely megabytes); every other rule is the same.
    pub(crate) fn parse_within(
        bytes: &[u8],
        kind: FileKind,
        max_bytes: usize,
    ) -> Result<Self, LoadProblem> {
        if bytes.len() > max_bytes {
            return Err(LoadProblem::at(
                Location::START,
                format!(
                    "file is {} bytes; {} are limited to {} bytes",
                    bytes.len(),
                    kind.plural,
                    max_bytes
                ),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let location = location_of_byte(bytes, e.valid_up_to());
            LoadProblem::at(location, "file is not UTF-8 text")
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(pos) = text.find('\0') {
            return Err(LoadProblem::at(
                location_of_byte(text.as_bytes(), pos),
                "file contains a NUL byte; it is not a YAML text file",
            ));
        }
        check_single_document(text, kind)?;
        if text.trim().is_empty() || only_comments(text) {
            return Err(LoadProblem::at(Location::START, kind.empty));
        }
        check_structure(text, kind)?;
        let options = LoaderOptions::default()
            .error_on_duplicate_keys(true)
            .prevent_coercion(true);
        let node = marked_yaml::parse_yaml_with_options(0, text, options)
            .map_err(|e| load_error_problem(&e, kind))?;
        let Node::Mapping(root) = node else {
            return Err(LoadProblem::at(
                Location::START,
                format!("{} must be a YAML mapping of `key: value` lines", kind.one),
            ));
        };
        Ok(Self {
            line_starts: line_starts(text),
            source: text.to_string(),
            root,
        })
    }

    /// The top-level mapping.
    pub(crate) fn root(&self) -> &MarkedMappingNode {
        &self.root
    }

    /// Where `byte_offset..byte_offset+len` of a scalar's value stands in
    /// the file. Found by searching the source from the scalar's start for
    /// the same text, so it is exact for plain, quoted and block scalars
    /// whenever the text was written without escapes; otherwise the
    /// scalar's own start.
    pub(crate) fn locate_in_scalar(
        &self,
        scalar: &MarkedScalarNode,
        byte_offset: usize,
        len: usize,
    ) -> Location {
        let start = node_start(scalar.span());
        let value = scalar.as_str();
        let (Some(needle), Some(before)) = (
            value.get(byte_offset..byte_offset + len),
            value.get(..byte_offset),
        ) else {
            return start;
        };
        let nth = before.matches(needle).count();
        let Some(from) = self.byte_of(start) else {
            return start;
        };
        self.source[from..]
            .match_indices(needle)
            .nth(nth)
            .map(|(pos, _)| self.location_of(from + pos))
            .unwrap_or(start)
    }

    fn byte_of(&self, location: Location) -> Option<usize> {
        let line_start = *self.line_starts.get(location.line.checked_sub(1)?)?;
        let line = &self.source[line_start..];
        let column_byte = line
            .char_indices()
            .nth(location.column.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(line.len());
        Some(line_start + column_byte)
    }

    fn location_of(&self, byte: usize) -> Location {
        let line_index = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let line_start = self.line_starts[line_index];
        let column = self.source[line_start..byte].chars().count() + 1;
        Location::new(line_index + 1, column)
    }

    /// The document as JSON, without locations (the fast path for valid files).
    pub(crate) fn to_json_value(&self) -> Value {
        fn convert(node: &Node) -> Value {
            match node {
                Node::Scalar(s) => scalar_to_json(s),
                Node::Sequence(seq) => Value::Array(seq.iter().map(convert).collect()),
                Node::Mapping(map) => mapping(map),
            }
        }
        fn mapping(map: &MarkedMappingNode) -> Value {
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.as_str().to_string(), convert(v)))
                    .collect(),
            )
        }
        mapping(&self.root)
    }

    /// The document as JSON (YAML 1.2 core schema: quoted scalars are
    /// strings, plain ones may be null, booleans or numbers) and a map from
    /// each JSON pointer to its source location.
    pub(crate) fn to_json(&self) -> (Value, PointerMap) {
        let mut sites = PointerMap::new();
        let value = mapping_to_json(&self.root, String::new(), None, &mut sites);
        (value, sites)
    }
}

/// Where a node starts.
pub(crate) fn node_start(span: &marked_yaml::Span) -> Location {
    span.start()
        .map(|m| Location::new(m.line(), m.column()))
        .unwrap_or(Location::START)
}

/// The JSON value of a scalar under the YAML 1.2 core schema.
pub(crate) fn scalar_to_json(scalar: &MarkedScalarNode) -> Value {
    if !scalar.may_coerce() {
        return Value::String(scalar.as_str().to_string());
    }
    match scalar.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(b) = scalar.as_bool() {
        return Value::Bool(b);
    }
    if let Some(i) = scalar.as_i64() {
        return Value::from(i);
    }
    if looks_like_float(scalar.as_str())
        && let Some(f) = scalar.as_f64().filter(|f| f.is_finite())
    {
        // Every digit as written when it is JSON number syntax, so a
        // literal id or amount is sent as it stands in the file.
        let exact = serde_json::from_str::<serde_json::Number>(scalar.as_str()).ok();
        if let Some(n) = exact.or_else(|| serde_json::Number::from_f64(f)) {
            return Value::Number(n);
        }
    }
    Value::String(scalar.as_str().to_string())
}

fn looks_like_float(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
}

fn node_to_json(
    node: &Node,
    pointer: String,
    key: Option<Location>,
    sites: &mut PointerMap,
) -> Value {
    record_site(sites, &pointer, node.span(), key);
    match node {
        Node::Scalar(s) => scalar_to_json(s),
        Node::Sequence(seq) => Value::Array(
            seq.iter()
                .enumerate()
                .map(|(i, item)| node_to_json(item, format!("{pointer}/{i}"), None, sites))
                .collect(),
        ),
        Node::Mapping(map) => mapping_entries(map, &pointer, sites),
    }
}

fn mapping_to_json(
    map: &MarkedMappingNode,
    pointer: String,
    key: Option<Location>,
    sites: &mut PointerMap,
) -> Value {
    record_site(sites, &pointer, map.span(), key);
    mapping_entries(map, &pointer, sites)
}

fn record_site(
    sites: &mut PointerMap,
    pointer: &str,
    span: &marked_yaml::Span,
    key: Option<Location>,
) {
    sites.insert(
        pointer.to_string(),
        PointerSite {
            value: node_start(span),
            key,
        },
    );
}

fn mapping_entries(map: &MarkedMappingNode, pointer: &str, sites: &mut PointerMap) -> Value {
    Value::Object(
        map.iter()
            .map(|(k, v)| {
                let child = format!("{pointer}/{}", escape_pointer(k.as_str()));
                let key_loc = Some(node_start(k.span()));
                (
                    k.as_str().to_string(),
                    node_to_json(v, child, key_loc, sites),
                )
            })
            .collect(),
    )
}

/// Escapes one JSON pointer token (RFC 6901).
pub(crate) fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn load_error_problem(e: &LoadError, kind: FileKind) -> LoadProblem {
    let at = |m: &marked_yaml::Marker| Location::new(m.line(), m.column());
    match e {
        LoadError::TopLevelMustBeMapping(m) | LoadError::TopLevelMustBeSequence(m) => {
            LoadProblem::at(
                at(m),
                format!("{} must be a YAML mapping of `key: value` lines", kind.one),
            )
        }
        LoadError::UnexpectedAnchor(m) => LoadProblem::at(
            at(m),
            format!(
                "YAML anchors and aliases (`&name`, `*name`) are not supported in {}",
                kind.plural
            ),
        ),
        LoadError::MappingKeyMustBeScalar(m) => {
            LoadProblem::at(at(m), "mapping keys must be plain strings")
        }
        LoadError::UnexpectedTag(m) => LoadProblem::at(
            at(m),
            format!(
                "YAML tags (`!!str`, `!custom`) are not supported in {}",
                kind.plural
            ),
        ),
        LoadError::ScanError(m, e) => {
            LoadProblem::at(at(m), format!("YAML syntax error: {}", e.info()))
        }
        LoadError::DuplicateKey(inner) => {
            let first = node_start(inner.prev_key.span());
            LoadProblem::at(
                node_start(inner.key.span()),
                format!(
                    "duplicate key `{}` (first defined at {first})",
                    inner.key.as_str()
                ),
            )
        }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn location_of_byte(bytes: &[u8], byte: usize) -> Location {
    let before = &bytes[..byte.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Location::new(line, column)
}

fn only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// Refuses more than one YAML document (`---` separators after content).
fn check_single_document(text: &str, kind: FileKind) -> Result<(), LoadProblem> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        let is_marker = trimmed == "---" || trimmed.starts_with("--- ") || trimmed == "...";
        if is_marker && seen_content {
            return Err(LoadProblem::at(
                Location::new(i + 1, 1),
                format!(
                    "{} holds one YAML document; found a second `---`/`...`",
                    kind.one
                ),
            ));
        }
        let t = line.trim();
        if !is_marker && !t.is_empty() && !t.starts_with('#') && !t.starts_with('%') {
            seen_content = true;
        }
    }
    Ok(())
}

/// Walks the parser's events (no tree is built) and refuses nesting
/// deeper than [`MAX_DEPTH`] at the collection that crosses it, so that
/// the recursive loader never sees it. A syntax error found on the way is
/// reported here too, naming the `[` or `{` still open at that point,
/// since the parser's own message then points somewhere later.
fn check_structure(text: &str, kind: FileKind) -> Result<(), LoadProblem> {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut open: Vec<Location> = Vec::new();
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return Ok(()),
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), mark)) => {
                let at = marker_location(&mark);
                if open.len() == MAX_DEPTH {
                    return Err(LoadProblem::at(at, too_deep(kind)));
                }
                open.push(at);
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => {
                open.pop();
            }
            Ok(_) => {}
            Err(e) => return Err(syntax_problem(text, &e, &open, kind)),
        }
    }
}

/// A parser marker as a 1-based location (its column counts from 0).
fn marker_location(mark: &yaml_rust2::scanner::Marker) -> Location {
    Location::new(mark.line(), mark.col() + 1)
}

fn too_deep(kind: FileKind) -> String {
    format!(
        "lists and mappings nested deeper than {MAX_DEPTH} levels; {} need only a few",
        kind.plural
    )
}

fn syntax_problem(
    text: &str,
    e: &yaml_rust2::ScanError,
    open: &[Location],
    kind: FileKind,
) -> LoadProblem {
    let at = marker_location(e.marker());
    if e.info() == SCANNER_FLOW_LIMIT {
        let block_levels = open
            .iter()
            .filter(|&&opened| !matches!(char_at(text, opened), Some('[' | '{')))
            .count();
        let allowed = MAX_DEPTH.saturating_sub(block_levels);
        return LoadProblem::at(
            flow_depth_crossing(text, allowed).unwrap_or(at),
            too_deep(kind),
        );
    }
    let unclosed = open.iter().rev().find_map(|&opened| {
        let bracket = char_at(text, opened)?;
        let close = match bracket {
            '[' => ']',
            '{' => '}',
            _ => return None,
        };
        Some((bracket, close, opened))
    });
    let message = match unclosed {
        Some((bracket, close, opened)) => format!(
            "the `{bracket}` opened at {opened} is not closed before this point (is a `{close}` missing?): YAML syntax error: {}",
            e.info()
        ),
        None => format!("YAML syntax error: {}", e.info()),
    };
    LoadProblem::at(at, message)
}

/// What the scanner says when `[`/`{` nest past its own limit (255). It
/// reads all of them ahead before the parser emits a single event, so
/// that limit is met before [`MAX_DEPTH`] can be counted from events.
const SCANNER_FLOW_LIMIT: &str = "recursion limit exceeded";

/// Where `[`/`{` first nest more than `allowed` deep, skipping quoted
/// text and comments. Only used to place the error once the scanner has
/// found the nesting too deep.
fn flow_depth_crossing(text: &str, allowed: usize) -> Option<Location> {
    let mut depth = 0usize;
    for (line_index, line) in text.split('\n').enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if previous.is_whitespace() => break,
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > allowed {
                        return Some(Location::new(line_index + 1, column + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = c;
        }
    }
    None
}

fn char_at(text: &str, at: Location) -> Option<char> {
    text.split('\n')
        .nth(at.line.checked_sub(1)?)?
        .chars()
        .nth(at.column.checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Document, LoadProblem> {
        Document::parse(text.as_bytes())
    }

    #[test]
    fn keeps_line_and_column_of_values() {
        let doc = parse("name: x\nurl: https://a/{{id}}\n").unwrap();
        let url = doc.root().get_scalar("url").unwrap();
        assert_eq!(node_start(url.span()), Location::new(2, 6));
        let at = doc.locate_in_scalar(url, 10, 6);
        assert_eq!(at, Location::new(2, 16));
    }

    #[test]
    fn locates_inside_block_scalars() {
        let text = "body: |\n  {\"a\": 1,\n   \"b\": {{x}}}\n";
        let doc = parse(text).unwrap();
        let body = doc.root().get_scalar("body").unwrap();
        let offset = body.as_str().find("{{x}}").unwrap();
        assert_eq!(doc.locate_in_scalar(body, offset, 5), Location::new(3, 9));
    }

    #[test]
    fn locates_repeated_placeholders_in_order() {
        let doc = parse("url: \"{{a}}/{{a}}\"\n").unwrap();
        let url = doc.root().get_scalar("url").unwrap();
        assert_eq!(doc.locate_in_scalar(url, 6, 5), Location::new(1, 13));
    }

    #[test]
    fn json_conversion_types_plain_scalars_only() {
        let doc = parse("a: 1\nb: \"1\"\nc: true\nd: 'true'\ne:\nf: 2.5\ng: 1e3x\n").unwrap();
        let (v, sites) = doc.to_json();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": "1", "c": true, "d": "true", "e": null, "f": 2.5, "g": "1e3x"})
        );
        assert_eq!(sites["/b"].value, Location::new(2, 4));
        assert_eq!(sites["/b"].key, Some(Location::new(2, 1)));
    }

    #[test]
    fn refuses_hostile_input_with_locations() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "empty"),
            (b"# just a comment\n", "empty"),
            (b"a: \xff\xfe", "UTF-8"),
            (b"a: &x 1\nb: *x\n", "anchors"),
            (b"a: !!str 1\n", "tags"),
            (b"a: 1\na: 2\n", "duplicate key `a`"),
            (b"- 1\n- 2\n", "mapping"),
            (b"just text\n", "mapping"),
            (b"a: [1, 2\n", "syntax"),
            (b"a: 1\n---\nb: 2\n", "one YAML document"),
            (b"a: \0\n", "NUL"),
        ];
        for (input, expected) in cases {
            let err = Document::parse(input).unwrap_err();
            assert!(
                err.message.contains(expected),
                "{:?}: {:?} should mention {expected}",
                String::from_utf8_lossy(input),
                err.message
            );
        }
    }

    #[test]
    fn duplicate_key_points_at_second_definition() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.location, Location::new(3, 1));
        assert!(err.message.contains("first defined at 1:1"));
    }

    #[test]
    fn bom_is_ignored() {
        let doc = Document::parse(b"\xef\xbb\xbfname: x\n").unwrap();
        assert!(doc.root().get_scalar("name").is_some());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let flow = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&flow).unwrap_err().message.contains("nested deeper"));
        let mut block = String::new();
        for i in 0..100 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        assert!(parse(&block).unwrap_err().message.contains("nested deeper"));
    }

    /// `x:` then `levels` nested block lists, on one line or indented.
    fn nested_lists(levels: usize, indented: bool) -> String {
        let mut text = String::from("x:\n");
        for level in 0..levels {
            if indented {
                text.push_str(&" ".repeat(level));
                text.push_str("-\n");
            } else {
                text.push_str("- ");
            }
        }
        if indented {
            text.push_str(&" ".repeat(levels));
        }
        text.push_str("1\n");
        text
    }

    #[test]
    fn nesting_is_bounded_before_the_tree_is_built() {
        // The top-level mapping is one level, so 63 lists fit and the
        // 64th list is where the limit is crossed.
        assert!(parse(&nested_lists(MAX_DEPTH - 1, false)).is_ok());
        assert!(parse(&nested_lists(MAX_DEPTH - 1, true)).is_ok());
        let err = parse(&nested_lists(10_000, false)).unwrap_err();
        assert_eq!(err.location, Location::new(2, 2 * (MAX_DEPTH - 1) + 1));
        assert!(
            err.message.contains("nested deeper than 64 levels"),
            "{err:?}"
        );
        let err = parse(&nested_lists(1_400, true)).unwrap_err();
        assert_eq!(err.location, Location::new(MAX_DEPTH + 1, MAX_DEPTH));
        let keys = "? ".repeat(10_000);
        assert!(
            parse(&format!("x:\n{keys}\n"))
                .unwrap_err()
                .message
                .contains("nested")
        );
    }

    #[test]
    fn flow_nesting_is_located_where_it_crosses_the_limit() {
        let flow = format!("x: {}\n", "[".repeat(500_000));
        let err = parse(&flow).unwrap_err();
        assert_eq!(err.location, Location::new(1, 4 + MAX_DEPTH - 1));
        assert!(err.message.contains("nested deeper"), "{err:?}");
        let inside_block = format!("x:\n  y: {}\n", "{a: ".repeat(300));
        let err = parse(&inside_block).unwrap_err();
        assert_eq!(err.location, Location::new(2, 6 + 4 * (MAX_DEPTH - 2)));
        let fits = format!(
            "x: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert!(parse(&fits).is_ok());
    }

    #[test]
    fn an_unclosed_bracket_is_named_with_where_it_opened() {
        let err = parse("name: [N\ndescription: Ten chars at least\n").unwrap_err();
        assert_eq!(err.location, Location::new(2, 12));
        assert!(
            err.message
                .starts_with("the `[` opened at 1:7 is not closed before this point (is a `]` missing?): YAML syntax error:"),
            "{err:?}"
        );
        let err = parse("a: 1\nb: {c: [1, 2]\nd: 3\n").unwrap_err();
        assert!(
            err.message
                .starts_with("the `{` opened at 2:4 is not closed"),
            "{err:?}"
        );
        let err = parse("a: b: c\n").unwrap_err();
        assert!(err.message.starts_with("YAML syntax error:"), "{err:?}");
    }

    #[test]
    fn brackets_inside_quotes_do_not_count_as_nesting() {
        let text = format!("a: \"{}\"\n", "[".repeat(500));
        assert!(parse(&text).is_ok());
    }
}
