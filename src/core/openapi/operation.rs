//! One OpenAPI operation → an action draft: URL from the servers and the
//! path, variables from the parameters and the request body, auth from
//! the security requirement.

use serde_json::{Map, Value};

use super::describe::{action_description, action_name, one_line};
use super::names::{VariableNames, secret_name};
use super::resolve::{RefProblem, Resolver, Schema};
use crate::core::constraint::{Constraints, Pattern};
use crate::core::convert::{TypedValue, VarType};
use crate::core::draft::{ActionDraft, AuthDraft, BodyShape, RequestShape, VariableDraft};
use crate::core::model::Method;

/// Deepest nested object of a JSON body kept as structure; deeper
/// members are left out with a note.
const MAX_BODY_DEPTH: usize = 4;
/// Longest variable description written (the LLM reads every word).
const MAX_VARIABLE_DESCRIPTION: usize = 300;
/// A UUID, for `format: uuid` (the format has no type of its own).
const UUID_PATTERN: &str =
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// What every operation of one document shares.
pub(crate) struct Context<'a> {
    /// The whole document, as JSON.
    pub root: &'a Value,
    /// Follows `$ref`s in it.
    pub resolver: Resolver<'a>,
    /// `--server`: the base for relative server URLs.
    pub server: Option<&'a url::Url>,
    /// `SPEC:line:col` of a JSON pointer.
    pub locate: &'a dyn Fn(&str) -> String,
}

/// One operation of the document.
#[derive(Debug, Clone)]
pub(crate) struct Operation<'a> {
    /// Lower-case method, as the path item spells it.
    pub method: &'static str,
    /// The path template, `/pets/{petId}`.
    pub path: String,
    /// The operation object.
    pub value: &'a Value,
    /// Its JSON pointer.
    pub pointer: String,
    /// The path item it belongs to (references followed).
    pub item: &'a Value,
    /// The path item's pointer.
    pub item_pointer: String,
    /// The action id it gets.
    pub id: String,
    /// Why the id is not its `operationId` made kebab-case, if it is not.
    pub id_note: Option<String>,
}

/// An operation made into an action draft, and what the user should
/// know about it.
#[derive(Debug)]
pub(crate) struct Built {
    /// The action.
    pub draft: ActionDraft,
    /// Where its values go.
    pub shape: RequestShape,
    /// What was left out or needs the user, one line each.
    pub notes: Vec<String>,
}

/// Why an operation was not imported (located where it can be).
pub(crate) type Reason = String;

struct Builder<'c, 'a> {
    ctx: &'c Context<'a>,
    op: &'c Operation<'a>,
    names: VariableNames,
    variables: Vec<VariableDraft>,
    notes: Vec<String>,
    /// The form body's `encoding` (per top-level field), if any.
    form_encoding: Option<&'a Value>,
}

/// Builds the action for one operation.
pub(crate) fn build(ctx: &Context<'_>, op: &Operation<'_>) -> Result<Built, Reason> {
    let mut b = Builder {
        ctx,
        op,
        names: VariableNames::new(),
        variables: Vec::new(),
        notes: Vec::new(),
        form_encoding: None,
    };
    let method = method_of(op.method)?;
    let base = b.server()?;
    let auth = b.auth()?;
    let params = b.parameters()?;
    let path = b.path_template(&params)?;
    let mut shape = RequestShape::default();
    let mut headers = Vec::new();
    let mut query_in_url = Vec::new();
    for p in params.iter().filter(|p| p.location != "path") {
        if auth_sends(&auth, &p.location, &p.name) {
            b.notes.push(format!(
                "{} parameter `{}` left out: the security scheme sends it",
                p.location, p.name
            ));
            continue;
        }
        let Some(var) = b.parameter_variable(p)? else {
            continue;
        };
        let placeholder = format!("{{{{{var}}}}}");
        match p.location.as_str() {
            "query" if p.joined => {
                query_in_url.push(format!("{}={placeholder}", encode_query_key(&p.name)))
            }
            "query" => {
                let key = b.query_key(p, &var);
                shape.query.push((key, placeholder));
            }
            _ => headers.push((p.name.clone(), placeholder)),
        }
    }
    shape.body = b.request_body()?;
    let mut url = format!("{}{path}", base.trim_end_matches('/'));
    if !query_in_url.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query_in_url.join("&"));
    }
    let summary = text(op.value, "summary");
    let description = text(op.value, "description");
    let draft = ActionDraft {
        id: op.id.clone(),
        name: action_name(summary, &op.id),
        description: action_description(summary, description, op.method, &op.path),
        method,
        url,
        auth,
        headers,
        variables: b.variables,
    };
    Ok(Built {
        draft,
        shape,
        notes: b.notes,
    })
}

fn method_of(method: &str) -> Result<Method, Reason> {
    Ok(match method {
        "get" => Method::Get,
        "post" => Method::Post,
        "put" => Method::Put,
        "patch" => Method::Patch,
        "delete" => Method::Delete,
        other => {
            return Err(format!(
                "method {} is not one actions send (GET, POST, PUT, PATCH, DELETE)",
                other.to_ascii_uppercase()
            ));
        }
    })
}

fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// A parameter, references followed.
#[derive(Debug)]
struct Parameter<'a> {
    name: String,
    location: String,
    value: &'a Value,
    pointer: String,
    required: bool,
    /// A query array sent as one comma-joined value (`explode: false`).
    joined: bool,
    /// `style`, `form` when not given.
    style: String,
}

fn auth_sends(auth: &AuthDraft, location: &str, name: &str) -> bool {
    match auth {
        AuthDraft::Query { param, .. } => location == "query" && param == name,
        AuthDraft::Header { header, .. } => {
            location == "header" && header.eq_ignore_ascii_case(name)
        }
        _ => false,
    }
}

/// A query key as URL text (for `explode: false` arrays written in the URL).
fn encode_query_key(key: &str) -> String {
    percent_encoding::utf8_percent_encode(key, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
        .replace("%5F", "_")
        .replace("%2E", ".")
}

/// Characters a literal path segment may not carry as they are.
const PATH_TEXT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'{')
    .add(b'}')
    .add(b'^')
    .add(b'|')
    .add(b'\\');

impl<'a> Builder<'_, 'a> {
    fn at(&self, pointer: &str) -> String {
        (self.ctx.locate)(pointer)
    }

    fn problem(&self, p: RefProblem) -> Reason {
        format!("{}: {}", self.at(&p.at), p.message)
    }

    /// A query parameter's key under its `style`: an array with
    /// `style: deepObject` is sent as `expand[]=a&expand[]=b` (as in a
    /// form body); a style actions do not follow is noted.
    fn query_key(&mut self, p: &Parameter<'a>, var: &str) -> String {
        let array = self.variables.iter().any(|v| v.name == var && v.array);
        match p.style.as_str() {
            "deepObject" if array && !p.name.ends_with("[]") => format!("{}[]", p.name),
            "form" | "deepObject" => p.name.clone(),
            other if array => {
                self.notes.push(format!(
                    "query parameter `{}`: style `{other}` is not followed; its items are sent as repeated `{}=` keys",
                    p.name, p.name
                ));
                p.name.clone()
            }
            _ => p.name.clone(),
        }
    }

    /// The base URL: the operation's, the path's or the document's first
    /// server, variables set to their defaults.
    fn server(&mut self) -> Result<String, Reason> {
        let levels = [
            (self.op.value, self.op.pointer.clone()),
            (self.op.item, self.op.item_pointer.clone()),
            (self.ctx.root, String::new()),
        ];
        let found = levels.iter().find_map(|(v, p)| {
            v.get("servers")
                .and_then(Value::as_array)
                .and_then(|s| s.first())
                .map(|s| (s, format!("{p}/servers/0")))
        });
        let Some((server, pointer)) = found else {
            return self.relative_server("/", None);
        };
        let (server, pointer) = self
            .ctx
            .resolver
            .follow(server, &pointer)
            .map_err(|p| self.problem(p))?;
        let Some(template) = text(server, "url") else {
            return Err(format!("{}: a server needs a `url`", self.at(&pointer)));
        };
        let url = substitute_server_variables(server, template)
            .map_err(|m| format!("{}: {m}", self.at(&pointer)))?;
        let url_pointer = format!("{pointer}/url");
        let base = match url::Url::parse(&url) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => url,
            Ok(parsed) => {
                return Err(format!(
                    "{}: server URL `{url}` is not http(s) (scheme `{}`)",
                    self.at(&pointer),
                    parsed.scheme()
                ));
            }
            Err(_) => self.relative_server(&url, Some(&url_pointer))?,
        };
        // The base is held to `--server`'s (and `--base-url`'s) rules, so
        // a query, fragment or dot segment in the URL or a variable's
        // default cannot swallow or climb out of the operation's path.
        crate::core::request::parse_base_url(&base)
            .map_err(|m| format!("{}: server URL {m}", self.at(&url_pointer)))?;
        Ok(base)
    }

    fn relative_server(&self, url: &str, pointer: Option<&str>) -> Result<String, Reason> {
        let Some(base) = self.ctx.server else {
            let place = match pointer {
                Some(p) => format!("`{url}` at {}", self.at(p)),
                None => "none at all".to_string(),
            };
            return Err(format!(
                "no absolute server URL ({place}); give the API's base URL with --server https://…"
            ));
        };
        let joined = format!(
            "{}/{}",
            base.as_str().trim_end_matches('/'),
            url.trim_start_matches('/')
        );
        Ok(joined.trim_end_matches('/').to_string())
    }

    /// Path-item parameters overridden by the operation's (same name and
    /// `in`), references followed, cookies noted and left out.
    fn parameters(&mut self) -> Result<Vec<Parameter<'a>>, Reason> {
        let mut found: Vec<Parameter<'a>> = Vec::new();
        let lists = [
            (self.op.item, self.op.item_pointer.clone()),
            (self.op.value, self.op.pointer.clone()),
        ];
        for (holder, pointer) in lists {
            let Some(list) = holder.get("parameters").and_then(Value::as_array) else {
                continue;
            };
            for (i, param) in list.iter().enumerate() {
                let at = format!("{pointer}/parameters/{i}");
                let (value, at) = self
                    .ctx
                    .resolver
                    .follow(param, &at)
                    .map_err(|p| self.problem(p))?;
                let (Some(name), Some(location)) = (text(value, "name"), text(value, "in")) else {
                    return Err(format!(
                        "{}: a parameter needs `name` and `in`",
                        self.at(&at)
                    ));
                };
                let explode = value.get("explode").and_then(Value::as_bool);
                let style = text(value, "style").unwrap_or("form");
                let parameter = Parameter {
                    name: name.to_string(),
                    location: location.to_string(),
                    value,
                    required: location == "path"
                        || value.get("required").and_then(Value::as_bool) == Some(true),
                    joined: location == "query" && style == "form" && explode == Some(false),
                    style: style.to_string(),
                    pointer: at,
                };
                found.retain(|p| !(p.name == parameter.name && p.location == parameter.location));
                found.push(parameter);
            }
        }
        let mut kept = Vec::new();
        for p in found {
            if p.name.is_empty() || p.name.contains("{{") {
                self.notes.push(format!(
                    "{} parameter `{}` left out: a name that is empty or holds `{{{{` cannot be written",
                    p.location, p.name
                ));
                continue;
            }
            match p.location.as_str() {
                "path" | "query" => kept.push(p),
                "header" if is_reserved_header(&p.name) => self.notes.push(format!(
                    "header parameter `{}` left out: OpenAPI ignores it (the action sets it itself)",
                    p.name
                )),
                "header" if !crate::core::parse::is_header_name(&p.name) => {
                    return Err(format!(
                        "{}: header parameter `{}` is not a valid header name",
                        self.at(&p.pointer),
                        p.name
                    ));
                }
                "header" => kept.push(p),
                "cookie" if p.required => {
                    return Err(format!(
                        "{}: required cookie parameter `{}`: actions do not send cookies",
                        self.at(&p.pointer),
                        p.name
                    ));
                }
                "cookie" => self.notes.push(format!(
                    "cookie parameter `{}` left out: actions do not send cookies",
                    p.name
                )),
                other => {
                    return Err(format!(
                        "{}: parameter `{}` has `in: {other}`; expected path, query, header or cookie",
                        self.at(&p.pointer),
                        p.name
                    ));
                }
            }
        }
        Ok(kept)
    }

    /// The path with each `{name}` a placeholder of its variable and the
    /// literal text made URL text.
    fn path_template(&mut self, params: &[Parameter<'a>]) -> Result<String, Reason> {
        if self.op.path.split('/').any(|s| s == "." || s == "..") {
            return Err(format!(
                "{}: path `{}` has a `.` or `..` segment, which servers resolve away",
                self.at(&self.op.item_pointer),
                self.op.path
            ));
        }
        let mut out = String::new();
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut rest = self.op.path.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&encode_path_text(&rest[..open]));
            let Some(close) = rest[open..].find('}') else {
                return Err(format!(
                    "{}: path `{}` has an unclosed `{{`",
                    self.at(&self.op.item_pointer),
                    self.op.path
                ));
            };
            let name = &rest[open + 1..open + close];
            let known = seen.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
            let var = match known {
                Some(var) => var,
                None => self.path_variable(name, params)?,
            };
            seen.push((name.to_string(), var.clone()));
            out.push_str(&format!("{{{{{var}}}}}"));
            rest = &rest[open + close + 1..];
        }
        out.push_str(&encode_path_text(rest));
        Ok(out)
    }

    /// The variable of path parameter `name` (a required string when the
    /// operation does not declare it).
    fn path_variable(&mut self, name: &str, params: &[Parameter<'a>]) -> Result<String, Reason> {
        let var = match params
            .iter()
            .find(|p| p.location == "path" && p.name == name)
        {
            Some(p) => self
                .parameter_variable(p)?
                .ok_or_else(|| format!("path parameter `{name}` cannot be sent"))?,
            None => {
                self.notes.push(format!(
                    "path parameter `{name}` is not declared; imported as a required string"
                ));
                let var = self.names.claim(name);
                self.variables.push(VariableDraft {
                    name: var.clone(),
                    ty: VarType::String,
                    array: false,
                    constraints: Constraints::default(),
                    description: Some(format!("The {name} in the path")),
                    example: None,
                    required: true,
                    default: None,
                });
                var
            }
        };
        Ok(var)
    }

    /// The variable for a parameter, or `None` when it was left out (with
    /// a note); an operation that cannot work without it is a reason.
    fn parameter_variable(&mut self, p: &Parameter<'a>) -> Result<Option<String>, Reason> {
        let schema_at = format!("{}/schema", p.pointer);
        let schema_value = match p.value.get("schema") {
            Some(s) => Some((s, schema_at)),
            None => p
                .value
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
                .and_then(|(media, m)| {
                    m.get("schema").map(|s| {
                        (
                            s,
                            format!(
                                "{}/content/{}/schema",
                                p.pointer,
                                crate::core::yaml::escape_pointer(media)
                            ),
                        )
                    })
                }),
        };
        let Some((schema_value, schema_at)) = schema_value else {
            return Err(format!(
                "{}: parameter `{}` has neither `schema` nor `content`",
                self.at(&p.pointer),
                p.name
            ));
        };
        let schema = self
            .ctx
            .resolver
            .schema(schema_value, &schema_at, &[])
            .and_then(|s| self.alternative(s, &p.name, false))
            .map_err(|e| self.problem(e))?;
        let fallback = format!("The `{}` {} parameter", p.name, p.location);
        let description = text(p.value, "description")
            .or_else(|| text(&schema.value, "description"))
            .or(Some(fallback.as_str()));
        let examples = parameter_examples(p.value);
        match self.variable(&p.name, &schema, description, p.required, &examples) {
            Ok(name) => Ok(Some(name)),
            Err(why) if p.required => Err(format!(
                "{}: required {} parameter `{}` {why}",
                self.at(&p.pointer),
                p.location,
                p.name
            )),
            Err(why) => {
                self.notes.push(format!(
                    "{} parameter `{}` left out: {why}",
                    p.location, p.name
                ));
                Ok(None)
            }
        }
    }

    /// Declares a variable for `wire` from its schema; `Err` says why it
    /// cannot be one (an object, an array of objects).
    fn variable(
        &mut self,
        wire: &str,
        schema: &Schema,
        description: Option<&str>,
        required: bool,
        examples: &[Value],
    ) -> Result<String, String> {
        let s = &with_const_as_enum(&schema.value);
        let (ty, array, item) = match schema_type(s).as_deref() {
            Some("array") => {
                let items = s.get("items").unwrap_or(&Value::Null);
                let item = self
                    .ctx
                    .resolver
                    .schema(
                        items,
                        &format!("{}/items", schema.pointer),
                        std::slice::from_ref(&schema.pointer),
                    )
                    .and_then(|i| self.alternative(i, &format!("{wire}[]"), false))
                    .map_err(|e| format!("has items that cannot be read: {}", e.message))?;
                let item_value = with_const_as_enum(&item.value);
                match scalar_type(&item_value) {
                    Some(ty) => (ty, true, item_value),
                    None => {
                        return Err(
                            "is a list of objects or lists, which a variable cannot hold".into(),
                        );
                    }
                }
            }
            _ => match scalar_type(s) {
                Some(ty) => (ty, false, s.clone()),
                None => return Err("is an object, which a variable cannot hold".into()),
            },
        };
        let mut notes = Vec::new();
        let constraints = constraints(ty, &item, &mut notes);
        let described = description
            .or_else(|| text(s, "description"))
            .or_else(|| text(s, "title"))
            .map(one_line)
            .filter(|d| !d.is_empty());
        let described = with_format_note(described, &item, ty);
        let name = self.names.claim(wire);
        let mut draft = VariableDraft {
            name: name.clone(),
            ty,
            array,
            constraints,
            description: described.map(|d| super::describe::cut(&d, MAX_VARIABLE_DESCRIPTION)),
            example: None,
            required,
            default: None,
        };
        let checker = draft.to_variable();
        let fits = |v: &Value| {
            let raw = input_text(v)?;
            checker.convert(&raw).ok().map(|_| raw)
        };
        let mut candidates: Vec<Value> = examples.to_vec();
        candidates.extend(s.get("example").cloned());
        candidates.extend(
            s.get("examples")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .cloned(),
        );
        if array {
            candidates.extend(item.get("example").map(|e| Value::Array(vec![e.clone()])));
        }
        // A required variable has no default (a value must be given), but
        // the document's default is a fine sample value.
        if required {
            candidates.extend(s.get("default").cloned());
        }
        draft.example = candidates.iter().find_map(fits);
        if draft.example.is_none() && !candidates.is_empty() {
            notes.push("no example of the document fits the variable: none written".into());
        }
        if !required {
            draft.default = s.get("default").and_then(fits);
        }
        notes.extend(withhold_credentials(wire, &mut draft));
        notes.extend(unsupported_keywords(s, &item, array));
        if draft.constraints.allowed.is_none() && s.get("enum").is_some() && !array {
            notes.push("its `enum` does not fit the variable's type".to_string());
        }
        for note in notes {
            self.notes.push(format!("`{wire}`: {note}"));
        }
        self.variables.push(draft);
        Ok(name)
    }

    /// The body: JSON (`application/json` or `+json`) as a mapping with a
    /// placeholder per property, or a form; other media types are reasons
    /// (or notes, when the body is optional).
    fn request_body(&mut self) -> Result<Option<BodyShape>, Reason> {
        let Some(body) = self.op.value.get("requestBody") else {
            return Ok(None);
        };
        let at = format!("{}/requestBody", self.op.pointer);
        let (body, at) = self
            .ctx
            .resolver
            .follow(body, &at)
            .map_err(|p| self.problem(p))?;
        let required = body.get("required").and_then(Value::as_bool) == Some(true);
        let content = body.get("content").and_then(Value::as_object);
        let media: Vec<&String> = content.map(|c| c.keys().collect()).unwrap_or_default();
        let pick = |want: fn(&str) -> bool| {
            media
                .iter()
                .find(|m| want(&m.to_ascii_lowercase()))
                .map(|m| m.to_string())
        };
        let (media_type, form) = if let Some(m) = pick(is_json) {
            (m, false)
        } else if let Some(m) = pick(|m| m.starts_with("application/x-www-form-urlencoded")) {
            (m, true)
        } else {
            let listed = if media.is_empty() {
                "no media type".to_string()
            } else {
                media
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let why = format!("request body has {listed}; actions send JSON or form bodies");
            if required {
                return Err(format!("{}: {why}", self.at(&at)));
            }
            self.notes.push(format!("{why}: left out"));
            return Ok(None);
        };
        let schema_at = format!(
            "{at}/content/{}/schema",
            crate::core::yaml::escape_pointer(&media_type)
        );
        let Some(schema) = content
            .and_then(|c| c.get(&media_type))
            .and_then(|m| m.get("schema"))
        else {
            self.notes.push(format!(
                "request body `{media_type}` has no schema: sent empty"
            ));
            return Ok(Some(if form {
                BodyShape::Form(Vec::new())
            } else {
                BodyShape::Json(Value::Object(Map::new()))
            }));
        };
        let schema = self
            .ctx
            .resolver
            .schema(schema, &schema_at, &[])
            .and_then(|s| self.alternative(s, "request body", true))
            .map_err(|p| self.problem(p))?;
        if !is_object_schema(&schema.value) {
            let why = "request body schema is not an object with properties";
            if required {
                return Err(format!(
                    "{}: {why}; actions send its members as variables",
                    self.at(&schema_at)
                ));
            }
            self.notes.push(format!("{why}: left out"));
            return Ok(None);
        }
        if form {
            self.form_encoding = content
                .and_then(|c| c.get(&media_type))
                .and_then(|m| m.get("encoding"));
            let mut fields = Vec::new();
            self.form_fields(&schema, "", true, 0, &mut fields)?;
            Ok(Some(BodyShape::Form(fields)))
        } else {
            let value = self.json_members(&schema, &[], true, 0)?;
            Ok(Some(BodyShape::Json(value)))
        }
    }

    /// The members of an object schema, each a placeholder of a new
    /// variable, nested objects as nested mappings.
    fn json_members(
        &mut self,
        schema: &Schema,
        parents: &[String],
        required: bool,
        depth: usize,
    ) -> Result<Value, Reason> {
        let mut out = Map::new();
        for (key, member, member_required) in self.properties(schema, required)? {
            let mut path = parents.to_vec();
            path.push(key.clone());
            let shown = path.join(".");
            if is_object_schema(&member.value) {
                if depth + 1 >= MAX_BODY_DEPTH {
                    self.notes.push(format!(
                        "body member `{shown}` left out: nested deeper than {MAX_BODY_DEPTH} objects"
                    ));
                    continue;
                }
                let nested = self.json_members(&member, &path, member_required, depth + 1)?;
                if nested.as_object().is_some_and(Map::is_empty) {
                    self.notes.push(format!(
                        "body member `{shown}` left out: a free-form object (no properties to make variables of)"
                    ));
                    continue;
                }
                out.insert(key, nested);
                continue;
            }
            let fallback = format!("The `{shown}` member of the request body");
            let description = text(&member.value, "description").or(Some(fallback.as_str()));
            match self.variable(&path.join("_"), &member, description, member_required, &[]) {
                Ok(var) => {
                    out.insert(key, Value::String(format!("{{{{{var}}}}}")));
                }
                Err(why) => self
                    .notes
                    .push(format!("body member `{shown}` left out: it {why}")),
            }
        }
        Ok(out.into())
    }

    /// Form fields: nested objects as `parent[child]` names.
    fn form_fields(
        &mut self,
        schema: &Schema,
        prefix: &str,
        required: bool,
        depth: usize,
        fields: &mut Vec<(String, String)>,
    ) -> Result<(), Reason> {
        for (key, member, member_required) in self.properties(schema, required)? {
            let field = if prefix.is_empty() {
                self.top_level_field(&key, &member)
            } else {
                format!("{prefix}[{key}]")
            };
            if is_object_schema(&member.value) {
                if depth + 1 >= MAX_BODY_DEPTH {
                    self.notes.push(format!(
                        "form field `{field}` left out: nested deeper than {MAX_BODY_DEPTH} objects"
                    ));
                    continue;
                }
                let before = fields.len();
                self.form_fields(&member, &field, member_required, depth + 1, fields)?;
                if fields.len() == before {
                    self.notes.push(format!(
                        "form field `{field}` left out: a free-form object (no properties to make variables of)"
                    ));
                }
                continue;
            }
            let wire = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}_{key}")
            };
            let fallback = format!("The `{field}` field of the form");
            let description = text(&member.value, "description").or(Some(fallback.as_str()));
            match self.variable(&wire, &member, description, member_required, &[]) {
                Ok(var) => fields.push((field, format!("{{{{{var}}}}}"))),
                Err(why) => self
                    .notes
                    .push(format!("form field `{field}` left out: it {why}")),
            }
        }
        Ok(())
    }

    /// An object schema's properties, resolved: name, schema, required
    /// (only when the object itself is; the body's own members follow the
    /// schema's `required` even when `requestBody.required` is left out,
    /// as many documents do, since a body sent without them is refused). Read-only ones and ones that
    /// contain themselves are left out with a note.
    fn properties(
        &mut self,
        schema: &Schema,
        required: bool,
    ) -> Result<Vec<(String, Schema, bool)>, Reason> {
        let needed: Vec<&str> = schema
            .value
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        let Some(props) = schema.value.get("properties").and_then(Value::as_object) else {
            return Ok(out);
        };
        for (key, prop) in props {
            let at = format!(
                "{}/properties/{}",
                schema.pointer,
                crate::core::yaml::escape_pointer(key)
            );
            let member =
                match self
                    .ctx
                    .resolver
                    .schema(prop, &at, std::slice::from_ref(&schema.pointer))
                {
                    Ok(m) => m,
                    Err(e) if e.message.starts_with("schema contains itself") => {
                        self.notes
                            .push(format!("body member `{key}` left out: {}", e.message));
                        continue;
                    }
                    Err(e) => return Err(self.problem(e)),
                };
            let member = self
                .alternative(member, key, true)
                .map_err(|e| self.problem(e))?;
            if key.is_empty() || key.contains("{{") {
                self.notes.push(format!(
                    "body member `{key}` left out: a name that is empty or holds `{{{{` cannot be written"
                ));
                continue;
            }
            if member.value.get("readOnly").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            out.push((
                key.clone(),
                member,
                required && needed.contains(&key.as_str()),
            ));
        }
        Ok(out)
    }

    /// A top-level form field's name under its `encoding`: an array with
    /// `style: deepObject` is sent as `key[]=a&key[]=b` (as Stripe reads
    /// it); a style actions do not follow is noted.
    fn top_level_field(&mut self, key: &str, member: &Schema) -> String {
        let style = self
            .form_encoding
            .and_then(|e| e.get(key))
            .and_then(|e| text(e, "style"));
        match style {
            Some("deepObject") if schema_type(&member.value).as_deref() == Some("array") => {
                format!("{key}[]")
            }
            None | Some("form" | "deepObject") => key.to_string(),
            Some(other) => {
                self.notes.push(format!(
                    "form field `{key}`: encoding style `{other}` is not followed; its items are sent as repeated `{key}=` fields"
                ));
                key.to_string()
            }
        }
    }

    /// A schema that is only an `anyOf`/`oneOf` made into one of its
    /// alternatives, said in a note. A body member (`structured`) takes
    /// the first object alternative, so it keeps its structure (Stripe's
    /// `address` is an object or `""`); a parameter or list item, which
    /// a variable must hold, the first one that is not an object. Else
    /// the first; alternatives that only allow `null` or `""` are
    /// passed over.
    fn alternative(
        &mut self,
        schema: Schema,
        wire: &str,
        structured: bool,
    ) -> Result<Schema, RefProblem> {
        let s = &schema.value;
        let Some((keyword, list)) = ["anyOf", "oneOf"]
            .into_iter()
            .find_map(|k| s.get(k).and_then(Value::as_array).map(|l| (k, l)))
        else {
            return Ok(schema);
        };
        if s.get("type").is_some() || s.get("properties").is_some() {
            self.notes.push(format!(
                "`{wire}`: its `{keyword}` is not followed (the schema's own `type`/`properties` are)"
            ));
            return Ok(schema);
        }
        let mut options = Vec::new();
        let mut kinds = Vec::new();
        for (i, alt) in list.iter().enumerate() {
            let alt = match self.ctx.resolver.schema(
                alt,
                &format!("{}/{keyword}/{i}", schema.pointer),
                std::slice::from_ref(&schema.pointer),
            ) {
                Ok(alt) => alt,
                Err(e) if e.message.starts_with("schema contains itself") => {
                    kinds.push("itself".to_string());
                    continue;
                }
                Err(e) => return Err(e),
            };
            if is_empty_alternative(&alt.value) {
                kinds.push("\"\"/null".to_string());
            } else {
                kinds.push(schema_type(&alt.value).unwrap_or_else(|| "any".into()));
                options.push(alt);
            }
        }
        let wanted = options
            .iter()
            .position(|o| is_object_schema(&o.value) == structured);
        let Some(chosen) = options.get(wanted.unwrap_or(0)) else {
            return Ok(schema);
        };
        let chosen_kind = schema_type(&chosen.value).unwrap_or_else(|| "any".into());
        let which = match wanted {
            Some(_) if structured => "its first object alternative".to_string(),
            Some(_) => format!("its first alternative that is not an object ({chosen_kind})"),
            None => format!("its first alternative ({chosen_kind})"),
        };
        self.notes.push(format!(
            "`{wire}`: `{keyword}` of {}: imported as {which}; edit the file for another",
            kinds.join(" | ")
        ));
        let mut merged = chosen.value.as_object().cloned().unwrap_or_default();
        for key in ["description", "title", "example", "default"] {
            if let (None, Some(v)) = (merged.get(key), s.get(key)) {
                merged.insert(key.to_string(), v.clone());
            }
        }
        Ok(Schema {
            value: Value::Object(merged),
            pointer: chosen.pointer.clone(),
        })
    }

    /// The auth of the first security requirement actions can send.
    fn auth(&mut self) -> Result<AuthDraft, Reason> {
        let requirements = self
            .op
            .value
            .get("security")
            .or_else(|| self.ctx.root.get("security"))
            .and_then(Value::as_array);
        let Some(requirements) = requirements else {
            return Ok(AuthDraft::None);
        };
        let mut unsupported = Vec::new();
        for requirement in requirements {
            let Some(schemes) = requirement.as_object() else {
                continue;
            };
            if schemes.is_empty() {
                return Ok(AuthDraft::None);
            }
            for name in schemes.keys() {
                match self.scheme_auth(name)? {
                    Ok(auth) => {
                        if schemes.len() > 1 {
                            let others: Vec<&String> =
                                schemes.keys().filter(|k| *k != name).collect();
                            self.notes.push(format!("the operation also asks for {others:?}, which the action does not send"));
                        }
                        return Ok(auth);
                    }
                    Err(why) => unsupported.push(why),
                }
            }
        }
        for why in unsupported {
            self.notes.push(format!("{why}; imported without auth"));
        }
        Ok(AuthDraft::None)
    }

    /// The auth for one named security scheme, or why actions cannot send it.
    fn scheme_auth(&mut self, name: &str) -> Result<Result<AuthDraft, String>, Reason> {
        let pointer = format!(
            "/components/securitySchemes/{}",
            crate::core::yaml::escape_pointer(name)
        );
        let Some(scheme) = self.ctx.root.pointer(&pointer) else {
            return Ok(Err(format!(
                "security scheme `{name}` is not defined in components.securitySchemes"
            )));
        };
        let (scheme, pointer) = self
            .ctx
            .resolver
            .follow(scheme, &pointer)
            .map_err(|p| self.problem(p))?;
        let secret = secret_name(name);
        let store = format!("store it with `actionctl secret set {secret}`");
        let kind = text(scheme, "type").unwrap_or("");
        let http = text(scheme, "scheme").unwrap_or("").to_ascii_lowercase();
        let auth = match (kind, http.as_str()) {
            ("http", "bearer") => AuthDraft::Bearer {
                secret: secret.clone(),
            },
            ("http", "basic") => {
                self.notes.push(format!(
                    "basic auth `{name}`: set the username in the file (written as `USERNAME`) and the password: {store}"
                ));
                return Ok(Ok(AuthDraft::Basic {
                    username: "USERNAME".into(),
                    secret,
                }));
            }
            ("apiKey", _) => {
                let param = text(scheme, "name").unwrap_or("").to_string();
                match text(scheme, "in") {
                    Some("header") if crate::core::parse::is_header_name(&param) => {
                        AuthDraft::Header {
                            header: param,
                            prefix: None,
                            secret: secret.clone(),
                        }
                    }
                    Some("query") if !param.is_empty() => AuthDraft::Query {
                        param,
                        secret: secret.clone(),
                    },
                    Some(place) => {
                        return Ok(Err(format!(
                            "API key `{name}` is sent in {place} `{param}`, which actions cannot send"
                        )));
                    }
                    None => {
                        return Err(format!(
                            "{}: apiKey scheme `{name}` needs `in`",
                            self.at(&pointer)
                        ));
                    }
                }
            }
            ("oauth2" | "openIdConnect", _) => {
                self.notes.push(format!(
                    "{kind} scheme `{name}`: imported as a bearer token; get an access token and {store}"
                ));
                return Ok(Ok(AuthDraft::Bearer { secret }));
            }
            (kind, scheme_name) => {
                return Ok(Err(format!(
                    "security scheme `{name}` ({kind} {scheme_name}) is not one actions send"
                )));
            }
        };
        self.notes.push(format!("auth `{name}`: {store}"));
        Ok(Ok(auth))
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// An `anyOf`/`oneOf` alternative that only says "or nothing": `null`,
/// or an `enum` of `""`/`null` (Stripe's way to clear a field).
fn is_empty_alternative(schema: &Value) -> bool {
    let only_null = schema.get("type").and_then(Value::as_str) == Some("null");
    let blank_enum = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().all(|v| v.is_null() || v.as_str() == Some("")));
    only_null || blank_enum
}

fn is_reserved_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
}

fn is_object_schema(schema: &Value) -> bool {
    schema_type(schema).as_deref() == Some("object")
        || (schema_type(schema).is_none() && schema.get("properties").is_some())
}

/// The schema's type, the one non-null type of a 3.1 type list.
fn schema_type(schema: &Value) -> Option<String> {
    match schema.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        Some(Value::Array(types)) => {
            let named: Vec<&str> = types
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            match named.as_slice() {
                [one] => Some(one.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The variable type of a scalar schema (`None` for objects and lists).
/// A schema without a type is taken by its `enum` values, else as text.
fn scalar_type(schema: &Value) -> Option<VarType> {
    let format = text(schema, "format").unwrap_or("");
    let ty = match schema_type(schema) {
        Some(t) => t,
        None if schema.get("properties").is_some() => return None,
        None => match schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "integer".into(),
            Some(Value::Number(_)) => "number".into(),
            Some(Value::Bool(_)) => "boolean".into(),
            _ => "string".into(),
        },
    };
    Some(match (ty.as_str(), format) {
        ("string", "date" | "date-time") => VarType::Date,
        ("string", "email") => VarType::Email,
        ("string", _) => VarType::String,
        ("integer", _) => VarType::Integer,
        ("number", _) => VarType::Float,
        ("boolean", _) => VarType::Boolean,
        _ => return None,
    })
}

/// What the schema constrains that the variable type can carry; what it
/// cannot is noted.
fn constraints(ty: VarType, schema: &Value, notes: &mut Vec<String>) -> Constraints {
    let mut c = Constraints::default();
    let textual = matches!(
        ty,
        VarType::String | VarType::Date | VarType::Email | VarType::Phone
    );
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && (textual || ty == VarType::Integer)
    {
        let converted: Option<Vec<TypedValue>> = values
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match (v, ty) {
                (Value::String(s), _) if textual => ty.convert(s).ok(),
                (Value::Number(n), VarType::Integer) => n.as_i64().map(TypedValue::Integer),
                _ => None,
            })
            .collect();
        match converted {
            Some(values)
                if !values.is_empty() && values.len() <= 1000 && !has_duplicates(&values) =>
            {
                c.allowed = Some(values);
            }
            _ => {}
        }
    }
    if matches!(ty, VarType::Integer | VarType::Float) {
        c.minimum = bound(ty, schema, "minimum", "exclusiveMinimum", 1, notes);
        c.maximum = bound(ty, schema, "maximum", "exclusiveMaximum", -1, notes);
        if let (Some(lo), Some(hi)) = (&c.minimum, &c.maximum)
            && lo.as_f64() > hi.as_f64()
        {
            notes.push("its minimum is above its maximum: both left out".into());
            c.minimum = None;
            c.maximum = None;
        }
    }
    if textual {
        if let Some(source) = text(schema, "pattern").filter(|p| !p.is_empty()) {
            match Pattern::new(source) {
                Ok(p) => c.pattern = Some(p),
                Err(e) => notes.push(format!("its pattern is left out ({e})")),
            }
        } else if text(schema, "format") == Some("uuid") {
            c.pattern = Pattern::new(UUID_PATTERN).ok();
        }
        c.min_length = schema.get("minLength").and_then(Value::as_u64);
        c.max_length = schema.get("maxLength").and_then(Value::as_u64);
        if let (Some(lo), Some(hi)) = (c.min_length, c.max_length)
            && lo > hi
        {
            c.min_length = None;
            c.max_length = None;
        }
    }
    if let Some(allowed) = c.allowed.take() {
        let others = c.clone();
        let fitting: Vec<TypedValue> = allowed
            .into_iter()
            .filter(|v| others.check(v).is_ok())
            .collect();
        if fitting.is_empty() {
            notes.push("no `enum` value meets its other constraints: `enum` left out".into());
        } else {
            c.allowed = Some(fitting);
        }
    }
    c
}

/// An example or default that may be a real credential is not copied
/// into the file (files are shared and committed): any value of a
/// variable named like one (`api_key`, `X-API-Key`, `password`), and a
/// value that looks like one (`sk_live_…`, a JWT, a long random run)
/// whatever its name. Says what it withheld.
fn withhold_credentials(wire: &str, draft: &mut VariableDraft) -> Vec<String> {
    use crate::core::credentials as cred;
    let named = cred::is_credential_like_name(wire) || cred::is_sensitive_name(wire);
    let identifier = cred::names_an_identifier(wire);
    let secret = |v: &String| named || cred::looks_like_credential_value(v, identifier);
    let mut withheld = Vec::new();
    if draft.example.as_ref().is_some_and(secret) {
        draft.example = None;
        withheld.push("example");
    }
    if draft.default.as_ref().is_some_and(secret) {
        draft.default = None;
        withheld.push("default");
    }
    if withheld.is_empty() {
        return Vec::new();
    }
    let why = if named {
        "it is named like a credential"
    } else {
        "the value looks like a credential"
    };
    vec![format!(
        "its {} not written: {why}, and a real one must not sit in the file (give it with --var, or make it `auth:` with a stored secret)",
        match withheld.as_slice() {
            [one] => format!("{one} is"),
            _ => "example and default are".to_string(),
        }
    )]
}

/// `const: x` is `enum: [x]`, which the format can say.
fn with_const_as_enum(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Value::Object(map) = &mut schema
        && let (Some(value), None) = (map.get("const").cloned(), map.get("enum"))
    {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    schema
}

/// Notes for the keywords a variable cannot carry, so none is dropped
/// without a word.
fn unsupported_keywords(schema: &Value, item: &Value, array: bool) -> Vec<String> {
    let mut found: Vec<&str> = ["multipleOf", "not", "minProperties", "maxProperties"]
        .into_iter()
        .filter(|k| schema.get(*k).is_some() || (array && item.get(*k).is_some()))
        .collect();
    if array {
        found.extend(
            ["minItems", "maxItems", "uniqueItems"]
                .into_iter()
                .filter(|k| schema.get(*k).is_some()),
        );
    }
    found
        .into_iter()
        .map(|k| format!("its `{k}` is left out (actions do not check it)"))
        .collect()
}

fn has_duplicates(values: &[TypedValue]) -> bool {
    values
        .iter()
        .enumerate()
        .any(|(i, v)| values[..i].contains(v))
}

/// `minimum` (or `maximum`), with an exclusive bound of either OpenAPI
/// version made inclusive for integers; an exclusive bound on a float
/// cannot be said and is left out.
fn bound(
    ty: VarType,
    schema: &Value,
    key: &str,
    exclusive_key: &str,
    step: i64,
    notes: &mut Vec<String>,
) -> Option<serde_json::Number> {
    let exclusive = schema.get(exclusive_key);
    let (n, exclusive) = match (schema.get(key).and_then(Value::as_number), exclusive) {
        (_, Some(Value::Number(n))) => (n.clone(), true),
        (Some(n), Some(Value::Bool(true))) => (n.clone(), true),
        (Some(n), _) => (n.clone(), false),
        (None, _) => return None,
    };
    match ty {
        VarType::Integer => {
            let inclusive = n.as_i64().and_then(|i| {
                if exclusive {
                    i.checked_add(step)
                } else {
                    Some(i)
                }
            });
            if inclusive.is_none() {
                notes.push(format!("its {key} {n} is not a 64-bit integer: left out"));
            }
            inclusive.map(Into::into)
        }
        _ if exclusive => {
            notes.push(format!("its exclusive {key} is left out"));
            None
        }
        _ => n.as_f64().filter(|f| f.is_finite()).map(|_| n),
    }
}

/// The description, with what a format says that the type does not
/// (`uuid`, `uri`, `int64`, …) added.
fn with_format_note(description: Option<String>, schema: &Value, ty: VarType) -> Option<String> {
    let Some(format) = text(schema, "format") else {
        return description;
    };
    let said = matches!(
        (ty, format),
        (VarType::Date | VarType::Email, _)
            | (VarType::Integer, "int32" | "int64")
            | (VarType::Float, "float" | "double")
    );
    if said {
        return description;
    }
    Some(match description {
        Some(d) => format!("{d} (format: {format})"),
        None => format!("Format: {format}"),
    })
}

/// A parameter's own examples: `example`, then each of `examples`.
fn parameter_examples(param: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = param.get("example").cloned().into_iter().collect();
    if let Some(examples) = param.get("examples").and_then(Value::as_object) {
        out.extend(examples.values().filter_map(|e| e.get("value").cloned()));
    }
    out
}

/// A JSON value as `--var` text: a string as itself, numbers and
/// booleans as written, a list as JSON array text.
fn input_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(_) => serde_json::to_string(value).ok(),
        _ => None,
    }
}

/// Turns a server URL's `{name}`s into their defaults.
fn substitute_server_variables(server: &Value, template: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("server URL `{template}` has an unclosed `{{`"))?;
        let name = &rest[open + 1..open + close];
        let default = server
            .get("variables")
            .and_then(|v| v.get(name))
            .and_then(|v| v.get("default"))
            .and_then(Value::as_str)
            .ok_or_else(|| format!("server variable `{name}` has no `default`"))?;
        out.push_str(default);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Literal path text as URL text: what a URL cannot hold encoded, and a
/// `%` that does not start an escape written `%25`.
fn encode_path_text(text: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(text, PATH_TEXT).to_string();
    let bytes = encoded.as_bytes();
    let mut out = String::with_capacity(encoded.len());
    for (i, c) in encoded.char_indices() {
        let escape = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if c == '%' && !escape {
            out.push_str("%25");
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_types_and_formats_become_variable_types() {
        let ty = |s: Value| scalar_type(&s);
        assert_eq!(
            ty(json!({"type": "string", "format": "date"})),
            Some(VarType::Date)
        );
        assert_eq!(
            ty(json!({"type": "string", "format": "date-time"})),
            Some(VarType::Date)
        );
        assert_eq!(
            ty(json!({"type": "string", "format": "email"})),
            Some(VarType::Email)
        );
        assert_eq!(ty(json!({"type": "number"})), Some(VarType::Float));
        assert_eq!(
            ty(json!({"type": ["integer", "null"]})),
            Some(VarType::Integer)
        );
        assert_eq!(
            ty(json!({"type": ["integer", "string"]})),
            Some(VarType::String)
        );
        assert_eq!(ty(json!({"enum": [1, 2]})), Some(VarType::Integer));
        assert_eq!(ty(json!({})), Some(VarType::String));
        assert_eq!(ty(json!({"type": "object"})), None);
        assert_eq!(ty(json!({"properties": {}})), None);
    }

    #[test]
    fn constraints_keep_what_the_type_carries_and_note_the_rest() {
        let mut notes = Vec::new();
        let c = constraints(
            VarType::Integer,
            &json!({"enum": [1, 5, 200, null], "minimum": 0, "exclusiveMinimum": true, "exclusiveMaximum": 100}),
            &mut notes,
        );
        assert_eq!(c.minimum, Some(1.into()));
        assert_eq!(c.maximum, Some(99.into()));
        assert_eq!(
            c.allowed,
            Some(vec![TypedValue::Integer(1), TypedValue::Integer(5)])
        );
        assert!(notes.is_empty(), "{notes:?}");
        let c = constraints(
            VarType::Float,
            &json!({"exclusiveMinimum": 0.5, "maximum": 2.5}),
            &mut notes,
        );
        assert_eq!(
            (c.minimum, c.maximum),
            (None, Some(serde_json::Number::from_f64(2.5).unwrap()))
        );
        assert_eq!(notes, ["its exclusive minimum is left out"]);
        notes.clear();
        let c = constraints(
            VarType::String,
            &json!({"pattern": "(?<=a)b", "minLength": 5, "maxLength": 2}),
            &mut notes,
        );
        assert!(c.pattern.is_none() && c.min_length.is_none() && c.max_length.is_none());
        assert!(
            notes[0].starts_with("its pattern is left out ("),
            "{notes:?}"
        );
        let c = constraints(
            VarType::String,
            &json!({"format": "uuid", "enum": ["a", "b"], "maxLength": 1}),
            &mut Vec::new(),
        );
        assert!(c.pattern.is_some());
        notes.clear();
        let c = constraints(
            VarType::String,
            &json!({"enum": ["ab", "cd"], "maxLength": 1}),
            &mut notes,
        );
        assert_eq!(c.allowed, None);
        assert_eq!(
            notes,
            ["no `enum` value meets its other constraints: `enum` left out"]
        );
        let c = constraints(
            VarType::Integer,
            &json!({"minimum": 10, "maximum": 1}),
            &mut notes,
        );
        assert_eq!((c.minimum, c.maximum), (None, None));
    }

    #[test]
    fn server_variables_take_their_defaults() {
        let server = json!({"url": "https://{region}.x.example/{v}", "variables": {"region": {"default": "eu"}, "v": {"default": "v2"}}});
        assert_eq!(
            substitute_server_variables(&server, "https://{region}.x.example/{v}").unwrap(),
            "https://eu.x.example/v2"
        );
        assert_eq!(
            substitute_server_variables(&json!({}), "https://{host}/").unwrap_err(),
            "server variable `host` has no `default`"
        );
        assert!(
            substitute_server_variables(&json!({}), "https://{host/")
                .unwrap_err()
                .contains("unclosed")
        );
    }

    #[test]
    fn literal_path_text_becomes_url_text() {
        assert_eq!(
            encode_path_text("/a b/%20/100%/ü"),
            "/a%20b/%20/100%25/%C3%BC"
        );
        assert_eq!(encode_path_text("/x%zz"), "/x%25zz");
    }

    #[test]
    fn json_media_types_include_suffixes_and_parameters() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/json"));
        assert!(!is_json("application/xml"));
    }

    #[test]
    fn examples_are_read_as_var_text() {
        assert_eq!(input_text(&json!("a")), Some("a".into()));
        assert_eq!(input_text(&json!(2)), Some("2".into()));
        assert_eq!(input_text(&json!(["a", 1])), Some(r#"["a",1]"#.into()));
        assert_eq!(input_text(&json!({"a": 1})), None);
        let param =
            json!({"example": 1, "examples": {"x": {"value": 2}, "y": {"summary": "no value"}}});
        assert_eq!(parameter_examples(&param), [json!(1), json!(2)]);
    }
}
