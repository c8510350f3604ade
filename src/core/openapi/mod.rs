//! `import openapi`: an OpenAPI 3.0 or 3.1 document (YAML or JSON) made
//! into one validated action file per selected operation.
//!
//! The document is read by the project's own located YAML reader
//! (`core/yaml.rs`; JSON is YAML), so every error can point at
//! `SPEC:line:col`, anchors and aliases are refused (no alias bombs) and
//! nesting is bounded before a tree is built. References are followed by
//! `resolve`, which handles only what actions need: local `$ref`s and
//! `allOf` of object schemas.

mod describe;
mod names;
mod operation;
mod resolve;

use serde_json::Value;
use thiserror::Error;

use crate::core::diagnostic::Location;
use crate::core::validate::Validator;
use crate::core::yaml::{Document, FileKind};
use names::{UniqueIds, derived_id, operation_id};
use operation::{Context, Operation};
use resolve::Resolver;

/// Largest document read, in bytes: real documents run to a few
/// megabytes (GitHub's is about 10); the bound keeps a hostile one from
/// taking the machine's memory.
pub(crate) const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

const OPENAPI: FileKind = FileKind {
    plural: "OpenAPI documents",
    one: "an OpenAPI document",
    empty: "file is empty; an OpenAPI document needs `openapi`, `info` and `paths`",
};

/// The methods of a path item, in the order the specification lists them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Which operations to import: all when both lists are empty, else those
/// named by `--operation` (operationId or derived id) or tagged `--tag`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// `--operation` values.
    pub operations: Vec<String>,
    /// `--tag` values.
    pub tags: Vec<String>,
}

/// An action ready to write.
#[derive(Debug, Clone)]
pub(crate) struct Imported {
    /// The action id (file stem).
    pub id: String,
    /// `GET /pets/{petId}`.
    pub operation: String,
    /// The file's text; it validates.
    pub yaml: String,
    /// What was left out or needs the user.
    pub notes: Vec<String>,
}

/// An operation that was not imported.
#[derive(Debug, Clone)]
pub(crate) struct Skipped {
    /// `GET /pets/{petId}` (and its id).
    pub operation: String,
    /// Why, located where the document has a place for it.
    pub reason: String,
}

/// What an import would write and what it leaves out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// One action per imported operation, in document order.
    pub imported: Vec<Imported>,
    /// Selected operations that could not be imported.
    pub skipped: Vec<Skipped>,
}

/// Why nothing can be imported.
#[derive(Debug, Error, PartialEq, Eq)]
pub(crate) enum ImportError {
    /// The document is not a readable OpenAPI 3.0/3.1 document.
    #[error("{spec}:{location}: {message}")]
    Invalid {
        /// The document's path as given.
        spec: String,
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
    /// `--operation` or `--tag` names nothing in the document.
    #[error("{0}")]
    Selection(String),
}

/// Reads `bytes` (the document at `spec`) and plans the import.
/// `server` is the base for relative server URLs (`--server`).
pub(crate) fn plan(
    spec: &str,
    bytes: &[u8],
    selection: &Selection,
    server: Option<&url::Url>,
) -> Result<Plan, ImportError> {
    let invalid = |location: Location, message: String| ImportError::Invalid {
        spec: spec.to_string(),
        location,
        message,
    };
    let document = Document::parse_within(bytes, OPENAPI, MAX_DOCUMENT_BYTES)
        .map_err(|p| invalid(p.location, p.message))?;
    let root = document.to_json_value();
    let locate_in = |pointer: &str| locate(&document, pointer);
    check_version(&root).map_err(|(pointer, message)| invalid(locate_in(&pointer), message))?;
    let operations = operations(&root).map_err(|(p, m)| invalid(locate_in(&p), m))?;
    let chosen = select(&operations, selection)?;
    let at = |pointer: &str| format!("{spec}:{}", locate(&document, pointer));
    let ctx = Context {
        root: &root,
        resolver: Resolver::new(&root),
        server,
        locate: &at,
    };
    let validator = Validator::new();
    let mut plan = Plan::default();
    for op in chosen {
        let label = format!(
            "{} {} ({})",
            op.method.to_ascii_uppercase(),
            escape_controls(&op.path),
            op.id
        );
        let built = match operation::build(&ctx, op) {
            Ok(built) => built,
            Err(reason) => {
                plan.skipped.push(Skipped {
                    operation: label,
                    reason,
                });
                continue;
            }
        };
        let yaml = built.draft.to_yaml_shaped(&built.shape);
        let report = validator.check(&op.id, &format!("{}.yaml", op.id), yaml.as_bytes());
        if let Some(error) = report.diagnostics.iter().find(|d| d.is_error()) {
            // The file was never written: point at the part of the
            // document the offending key came from.
            let source = source_pointer(op, &yaml, error.location.line);
            plan.skipped.push(Skipped {
                operation: label,
                reason: format!(
                    "{}: the action it makes does not validate: {}",
                    at(&source),
                    error.message
                ),
            });
            continue;
        }
        let mut notes = built.notes;
        if let Some(note) = &op.id_note {
            notes.insert(0, note.clone());
        }
        plan.imported.push(Imported {
            id: op.id.clone(),
            operation: label,
            yaml,
            notes,
        });
    }
    Ok(plan)
}

/// The JSON pointer of what the action file's line `line` was made from:
/// its top-level key tells (`url` the path, `body` the request body, …).
fn source_pointer(op: &Operation<'_>, yaml: &str, line: usize) -> String {
    let key = yaml
        .lines()
        .take(line.max(1))
        .filter(|l| !l.starts_with([' ', '-']) && !l.is_empty())
        .last()
        .and_then(|l| l.split(':').next())
        .unwrap_or("");
    match key {
        "url" => op.item_pointer.clone(),
        "body" | "form" => format!("{}/requestBody", op.pointer),
        "query" | "headers" | "variables" => format!("{}/parameters", op.pointer),
        "auth" => format!("{}/security", op.pointer),
        _ => op.pointer.clone(),
    }
}

/// Text with its control characters escaped (`\u{1b}`), so a path from
/// the document cannot drive the terminal the data line is printed on.
fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `SPEC` must say `openapi: 3.0.x` or `3.1.x`; Swagger 2.0 and anything
/// else are refused saying what they are.
fn check_version(root: &Value) -> Result<(), (String, String)> {
    if root.get("swagger").is_some() {
        return Err((
            "/swagger".into(),
            "this is a Swagger 2.0 document; actionctl imports OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)".into(),
        ));
    }
    let version = match root.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err((
                "/openapi".into(),
                "`openapi` must be a version such as \"3.1.0\"".into(),
            ));
        }
        None => {
            return Err((
                String::new(),
                "not an OpenAPI document: there is no `openapi: 3.x` version key".into(),
            ));
        }
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err((
            "/openapi".into(),
            format!("OpenAPI {version} is not supported; actionctl imports 3.0 and 3.1"),
        ));
    }
    Ok(())
}

/// Every operation of the document with its id: kebab-cased
/// `operationId`, or method and path; clashes numbered in document order.
fn operations(root: &Value) -> Result<Vec<Operation<'_>>, (String, String)> {
    let resolver = Resolver::new(root);
    let paths = match root.get("paths") {
        Some(Value::Object(paths)) if !paths.is_empty() => paths,
        Some(Value::Object(_)) | None | Some(Value::Null) => {
            return Err((
                String::new(),
                "the document has no `paths`: nothing to import".into(),
            ));
        }
        Some(_) => {
            return Err((
                "/paths".into(),
                "`paths` must be a mapping of paths to operations".into(),
            ));
        }
    };
    let mut found = Vec::new();
    let mut ids = UniqueIds::default();
    for (path, item) in paths {
        let item_pointer = format!("/paths/{}", crate::core::yaml::escape_pointer(path));
        let (item, item_pointer) = resolver
            .follow(item, &item_pointer)
            .map_err(|p| (p.at, p.message))?;
        let Some(item_map) = item.as_object() else {
            continue;
        };
        // In the order the path item lists them, so clash numbers follow
        // the document.
        for (key, value) in item_map {
            let Some(method) = METHODS.into_iter().find(|m| m == key) else {
                continue;
            };
            if !value.is_object() {
                continue;
            }
            let (id, id_note) = operation_id_of(method, path, value, &ids);
            found.push(Operation {
                method,
                path: path.clone(),
                value,
                pointer: format!("{item_pointer}/{method}"),
                item,
                item_pointer: item_pointer.clone(),
                id: ids.claim(&id),
                id_note,
            });
        }
    }
    Ok(found)
}

/// The id an operation asks for (before clashes are numbered), and a
/// note when it is not its `operationId` made kebab-case: the
/// `operationId` had nothing to make an id of, or its id is taken.
fn operation_id_of(
    method: &str,
    path: &str,
    value: &Value,
    ids: &UniqueIds,
) -> (String, Option<String>) {
    let original = value.get("operationId").and_then(Value::as_str);
    let (id, mut note) = match original.map(|o| (o, operation_id(o))) {
        Some((_, Some(id))) => (id, None),
        Some((o, None)) => (
            derived_id(method, path),
            Some(format!(
                "operationId `{}` gives no id (no ASCII letter or digit once accents are taken off): the id comes from the method and path",
                escape_controls(o)
            )),
        ),
        None => (derived_id(method, path), None),
    };
    if ids.is_taken(&id) {
        let from = match original {
            Some(o) => format!("from operationId `{}`", escape_controls(o)),
            None => "from the method and path".to_string(),
        };
        note = Some(format!(
            "`{id}` ({from}) is already another operation's id: numbered{}",
            note.map(|n| format!("; {n}")).unwrap_or_default()
        ));
    }
    (id, note)
}

/// The operations `selection` names; a name or tag that matches none is
/// an error (with the closest id).
fn select<'o, 'a>(
    operations: &'o [Operation<'a>],
    selection: &Selection,
) -> Result<Vec<&'o Operation<'a>>, ImportError> {
    if selection.operations.is_empty() && selection.tags.is_empty() {
        return Ok(operations.iter().collect());
    }
    let named = |op: &Operation<'_>, name: &str| {
        op.id == name || op.value.get("operationId").and_then(Value::as_str) == Some(name)
    };
    let tagged = |op: &Operation<'_>, tag: &str| {
        op.value
            .get("tags")
            .and_then(Value::as_array)
            .is_some_and(|t| t.iter().any(|t| t.as_str() == Some(tag)))
    };
    for name in &selection.operations {
        if !operations.iter().any(|op| named(op, name)) {
            let ids: Vec<&str> = operations.iter().map(|op| op.id.as_str()).collect();
            let hint = crate::core::suggest::did_you_mean(name, ids.iter().copied());
            return Err(ImportError::Selection(format!(
                "no operation `{name}` in the document{hint}"
            )));
        }
    }
    for tag in &selection.tags {
        if !operations.iter().any(|op| tagged(op, tag)) {
            return Err(ImportError::Selection(format!(
                "no operation is tagged `{tag}`"
            )));
        }
    }
    Ok(operations
        .iter()
        .filter(|op| {
            selection.operations.iter().any(|n| named(op, n))
                || selection.tags.iter().any(|t| tagged(op, t))
        })
        .collect())
}

/// Where a JSON pointer's value stands in the document (its nearest
/// existing ancestor's when it names nothing).
fn locate(document: &Document, pointer: &str) -> Location {
    use marked_yaml::Node;
    let mut location = Location::START;
    let mut node: Option<&Node> = None;
    let root = document.root();
    for (i, token) in pointer.split('/').skip(1).enumerate() {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match (i, node) {
            (0, _) => root.get_node(token.as_str()),
            (_, Some(Node::Mapping(m))) => m.get_node(token.as_str()),
            (_, Some(Node::Sequence(s))) => token.parse::<usize>().ok().and_then(|n| s.get(n)),
            _ => None,
        };
        let Some(next) = next else {
            break;
        };
        location = crate::core::yaml::node_start(next.span());
        node = Some(next);
    }
    location
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn plan_json(doc: &Value) -> Result<Plan, ImportError> {
        plan(
            "api.json",
            doc.to_string().as_bytes(),
            &Selection::default(),
            None,
        )
    }

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            "\\PC{0,12}".prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            Just(Value::Null),
        ]
    }

    fn schema() -> impl Strategy<Value = Value> {
        let ty = prop_oneof![
            Just("string"),
            Just("integer"),
            Just("number"),
            Just("boolean"),
            Just("array"),
            Just("object"),
        ];
        let format = prop_oneof![
            Just(None),
            Just(Some("date")),
            Just(Some("email")),
            Just(Some("uuid")),
            Just(Some("date-time")),
            Just(Some("int64")),
        ];
        (
            ty,
            format,
            prop::option::of(prop::collection::vec(scalar(), 0..5)),
            prop::option::of("[ -~]{0,10}"),
            prop::option::of((any::<i32>(), any::<i32>())),
            prop::option::of((0u64..20, 0u64..20)),
            prop::option::of(scalar()),
            prop::option::of(scalar()),
            any::<bool>(),
        )
            .prop_map(
                |(ty, format, values, pattern, bounds, lengths, example, default, exclusive)| {
                    let mut s = json!({"type": ty});
                    if ty == "array" {
                        s["items"] =
                            json!({"type": "string", "enum": values.clone().unwrap_or_default()});
                    }
                    if ty == "object" {
                        s["properties"] =
                            json!({"inner": {"type": "integer", "example": example.clone()}});
                    }
                    if let Some(f) = format {
                        s["format"] = json!(f);
                    }
                    if let Some(v) = values {
                        s["enum"] = Value::Array(v);
                    }
                    if let Some(p) = pattern {
                        s["pattern"] = json!(p);
                    }
                    if let Some((lo, hi)) = bounds {
                        s["minimum"] = json!(lo);
                        s["maximum"] = json!(hi);
                        s["exclusiveMinimum"] = json!(exclusive);
                    }
                    if let Some((lo, hi)) = lengths {
                        s["minLength"] = json!(lo);
                        s["maxLength"] = json!(hi);
                    }
                    if let Some(e) = example {
                        s["example"] = e;
                    }
                    if let Some(d) = default {
                        s["default"] = d;
                    }
                    s
                },
            )
    }

    fn parameter() -> impl Strategy<Value = Value> {
        (
            "[ -~]{1,12}",
            prop_oneof![Just("query"), Just("header"), Just("path"), Just("cookie")],
            any::<bool>(),
            schema(),
            prop::option::of("\\PC{0,40}"),
            prop::option::of(scalar()),
        )
            .prop_map(|(name, place, required, schema, description, example)| {
                json!({"name": name, "in": place, "required": required, "schema": schema,
                       "description": description, "example": example})
            })
    }

    fn operation() -> impl Strategy<Value = (String, String, Value)> {
        (
            prop_oneof![Just("get"), Just("post"), Just("put"), Just("patch"), Just("delete"), Just("head")],
            prop::collection::vec(prop_oneof!["[a-z0-9._~-]{1,8}", "\\{[ -~]{1,6}\\}", "\\PC{1,4}"], 0..4),
            prop::option::of("\\PC{0,20}"),
            prop::option::of("\\PC{0,240}"),
            prop::option::of("\\PC{0,240}"),
            prop::collection::vec(parameter(), 0..5),
            prop::option::of((any::<bool>(), prop::collection::btree_map("[ -~]{1,8}", schema(), 0..4))),
            prop::option::of(prop_oneof![Just("bearer"), Just("basic"), Just("key"), Just("oauth"), Just("cookie")]),
        )
            .prop_map(|(method, segments, id, summary, description, params, body, security)| {
                let path = format!("/{}", segments.join("/"));
                let mut op = json!({"parameters": params});
                if let Some(id) = id { op["operationId"] = json!(id); }
                if let Some(s) = summary { op["summary"] = json!(s); }
                if let Some(d) = description { op["description"] = json!(d); }
                if let Some((form, props)) = body {
                    let media = if form { "application/x-www-form-urlencoded" } else { "application/json" };
                    op["requestBody"] = json!({"content": {media: {"schema": {"type": "object", "properties": props}}}});
                }
                if let Some(s) = security { op["security"] = json!([{s: []}]); }
                (path, method.to_string(), op)
            })
    }

    fn doc(paths: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
               "servers": [{"url": "https://api.example.com"}], "paths": paths})
    }

    #[test]
    fn body_members_listed_as_required_are_required_without_request_body_required() {
        let d = doc(
            json!({"/orders": {"post": {"operationId": "create", "requestBody": {
            "content": {"application/json": {"schema": {"type": "object", "required": ["sku"],
                "properties": {"sku": {"type": "string"}, "note": {"type": "string"}}}}}}}}}),
        );
        let plan = plan_json(&d).unwrap();
        let yaml = &plan.imported[0].yaml;
        assert!(yaml.contains("  - name: sku\n    type: string\n    description: \"The `sku` member of the request body\"\n    required: true\n"), "{yaml}");
        assert!(yaml.contains("  - name: note\n    type: string\n    description: \"The `note` member of the request body\"\n    required: false\n"), "{yaml}");
    }

    #[test]
    fn a_version_written_as_a_number_is_read() {
        let mut d = doc(json!({"/x": {"get": {}}}));
        d["openapi"] = json!(3.1);
        assert_eq!(plan_json(&d).unwrap().imported[0].id, "get-x");
        d["openapi"] = json!(true);
        let e = plan_json(&d).unwrap_err().to_string();
        assert_eq!(
            e,
            "api.json:1:12: `openapi` must be a version such as \"3.1.0\""
        );
    }

    #[test]
    fn selection_takes_ids_operation_ids_and_tags() {
        let d = doc(json!({
            "/a": {"get": {"operationId": "getA", "tags": ["x"]}, "post": {"tags": ["y"]}},
            "/b": {"get": {"operationId": "getB"}}
        }));
        let ids = |operations: &[&str], tags: &[&str]| -> Vec<String> {
            let selection = Selection {
                operations: operations.iter().map(ToString::to_string).collect(),
                tags: tags.iter().map(ToString::to_string).collect(),
            };
            plan("api.json", d.to_string().as_bytes(), &selection, None)
                .unwrap()
                .imported
                .into_iter()
                .map(|a| a.id)
                .collect()
        };
        assert_eq!(ids(&[], &[]), ["get-a", "post-a", "get-b"]);
        assert_eq!(ids(&["getB"], &[]), ["get-b"]);
        assert_eq!(ids(&["post-a"], &["x"]), ["get-a", "post-a"]);
    }

    proptest! {
        // 64 cases keep the lib suite quick beside its timing tests;
        // PROPTEST_CASES=5000 runs a longer search.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever a well-formed document holds, each operation is
        /// either imported into a file that validates, or skipped for a
        /// reason of its own: never for making an invalid file.
        #[test]
        fn generated_documents_import_into_files_that_validate(ops in prop::collection::vec(operation(), 1..6)) {
            let mut paths = serde_json::Map::new();
            for (path, method, op) in ops {
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = op;
            }
            let doc = json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "servers": [{"url": "https://api.example.com/v1"}],
                "paths": paths,
                "components": {"securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "basic": {"type": "http", "scheme": "basic"},
                    "key": {"type": "apiKey", "in": "query", "name": "api_key"},
                    "oauth": {"type": "oauth2", "flows": {}},
                    "cookie": {"type": "apiKey", "in": "cookie", "name": "sid"}
                }}
            });
            let plan = plan_json(&doc).unwrap();
            let validator = Validator::new();
            for action in &plan.imported {
                let report = validator.check(&action.id, "x.yaml", action.yaml.as_bytes());
                prop_assert!(!report.has_errors(), "{:?}\n{}", report.diagnostics, action.yaml);
                prop_assert!(crate::core::draft::is_valid_id(&action.id));
            }
            for skipped in &plan.skipped {
                prop_assert!(!skipped.reason.contains("does not validate"), "{}\n{doc:#}", skipped.reason);
            }
        }
    }
}
