//! Building the request from an action and values: each value encoded for where it lands.

use std::collections::HashMap;

use serde_json::Value;

use crate::core::context::Context;
use crate::core::convert::TypedValue;
use crate::core::json_text;
use crate::core::model::{Action, Auth, Body, BodyNode, Field, FormField};
use crate::core::template::{Segment, Template, encode_path_segment, encode_query_component};

use super::*;

/// Where a URL placeholder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UrlPart {
    Authority,
    Path,
    Query,
}

/// Builds the request from resolved variable values and context (which
/// holds the selected environment's values).
pub(crate) fn build(
    action: &Action,
    variables: &HashMap<String, TypedValue>,
    context: &Context,
) -> Result<Request, BuildError> {
    super::require_env_values(&action.env_keys, context)?;
    let lookup = |name: &str| -> Option<TypedValue> {
        variables
            .get(name)
            .cloned()
            .or_else(|| context.get(name).map(|v| TypedValue::Text(v.to_string())))
    };
    let url = build_url(action, &lookup)?;
    let mut headers = Vec::new();
    for field in &action.headers {
        if let Some(value) = render_header(&field.name, &field.value, &lookup)? {
            headers.push(Header {
                name: field.name.clone(),
                value: HeaderValue::Text(value),
            });
        }
    }
    let mut body_credential = None;
    let mut query_credential = None;
    match &action.auth {
        Auth::None => {}
        Auth::Bearer { secret } => headers.push(Header {
            name: "Authorization".into(),
            value: HeaderValue::Secret {
                prefix: "Bearer ".into(),
                secret: secret.clone(),
            },
        }),
        Auth::Basic { username, secret } => {
            let username = render_header("Authorization", username, &lookup)?.unwrap_or_default();
            if username.contains(':') {
                return Err(BuildError::UnsafeValue {
                    name: "auth.username".into(),
                    place: "basic auth".into(),
                    reason: "a username cannot contain `:`".into(),
                });
            }
            headers.push(Header {
                name: "Authorization".into(),
                value: HeaderValue::Basic {
                    username,
                    secret: secret.clone(),
                },
            });
        }
        Auth::BasicKey { secret } => headers.push(Header {
            name: "Authorization".into(),
            value: HeaderValue::BasicKey {
                secret: secret.clone(),
            },
        }),
        Auth::Header {
            header,
            prefix,
            secret,
        } => headers.push(Header {
            name: header.clone(),
            value: HeaderValue::Secret {
                prefix: prefix.clone(),
                secret: secret.clone(),
            },
        }),
        Auth::Body { param, secret } => body_credential = Some((param.clone(), secret.clone())),
        Auth::Query { param, secret } => {
            query_credential = Some((param.clone(), secret.clone()));
        }
    }
    let body = match &action.body {
        None => None,
        Some(Body::Structured(node)) => Some(RequestBody::Json(
            render_body_node(node, &lookup).unwrap_or(Value::Null),
        )),
        Some(Body::JsonText(template)) => {
            let rendered: Result<_, BuildError> =
                json_text::render(template, |name| Ok(lookup(name).map(|v| v.to_json())));
            Some(RequestBody::Json(rendered?.map_err(|e| {
                BuildError::UnsafeValue {
                    name: "body".into(),
                    place: "the JSON body".into(),
                    reason: json_text::serde_error_message(&e),
                }
            })?))
        }
        Some(Body::Form(fields)) => Some(RequestBody::Form(render_form(fields, &lookup))),
    };
    let content_type = match (&body, &body_credential) {
        (Some(RequestBody::Form(_)), _) => Some("application/x-www-form-urlencoded"),
        (Some(RequestBody::Json(_)), _) | (None, Some(_)) => Some("application/json"),
        (None, None) => None,
    };
    let has_content_type = headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("content-type"));
    if let (Some(content_type), false) = (content_type, has_content_type) {
        headers.push(Header {
            name: "Content-Type".into(),
            value: HeaderValue::Text(content_type.into()),
        });
    }
    Ok(Request {
        method: action.method,
        url,
        headers,
        body,
        body_credential,
        query_credential,
        timeout: action.timeout,
    })
}

/// The form's fields as sent: each value template gives one field per
/// item when it is one placeholder holding a list, none when it is one
/// placeholder with no value, and one text field otherwise (an unset
/// value inside longer text is empty).
pub(super) fn render_form(
    fields: &[FormField],
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for field in fields {
        for template in &field.values {
            let texts = match template.sole_placeholder() {
                Some(name) => lookup(name)
                    .map(|value| value.items().iter().map(ToString::to_string).collect())
                    .unwrap_or_default(),
                None => vec![text_of(template, lookup)],
            };
            out.extend(texts.into_iter().map(|text| (field.name.clone(), text)));
        }
    }
    out
}

/// A template rendered as plain text, a value that is not set as empty.
pub(crate) fn text_of(template: &Template, lookup: &impl Fn(&str) -> Option<TypedValue>) -> String {
    let Ok(text) = template.render_with(|name| {
        Ok::<_, std::convert::Infallible>(lookup(name).map(|v| v.to_string()).unwrap_or_default())
    });
    text
}

pub(super) fn build_url(
    action: &Action,
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Result<String, BuildError> {
    let mut url = String::new();
    let mut part = UrlPart::Authority;
    let mut after_scheme = false;
    for segment in action.url.value.segments() {
        match segment {
            Segment::Literal(text) => {
                url.push_str(text);
                part = advance_url_part(&url, part, &mut after_scheme);
            }
            Segment::Placeholder { name, .. } => {
                let value = lookup(name);
                url.push_str(&encode_url_value(name, value, part)?);
            }
        }
    }
    let pairs = query_pairs(&action.query, lookup);
    if !pairs.is_empty() {
        let joiner = if !url.contains('?') {
            "?"
        } else if url.ends_with('?') || url.ends_with('&') {
            ""
        } else {
            "&"
        };
        url = format!("{url}{joiner}{}", pairs.join("&"));
    }
    check_sendable(&url)?;
    Ok(url)
}

/// The `query:` entries as `name=value`, both encoded as a whole: literal
/// text exactly like substituted values, so `#`, `&`, `=`, `+` and `%`
/// written in the action file arrive as text, never as URL syntax. An
/// entry that is one placeholder holding a list repeats its key once per
/// item (none for an empty list); inside longer text a list is its items
/// joined with `,`.
pub(super) fn query_pairs(
    fields: &[Field],
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Vec<String> {
    let pair = |name: &str, value: &str| {
        format!(
            "{}={}",
            encode_query_component(name),
            encode_query_component(value)
        )
    };
    let mut pairs = Vec::new();
    for field in fields {
        if let Some(sole) = field.value.sole_placeholder() {
            let items = lookup(sole);
            let items = items.as_ref().map_or(&[][..], TypedValue::items);
            pairs.extend(
                items
                    .iter()
                    .map(|item| pair(&field.name, &item.to_string())),
            );
            continue;
        }
        let Ok(value) = field.value.render_with(|n| {
            Ok::<_, std::convert::Infallible>(lookup(n).map(|v| v.to_string()).unwrap_or_default())
        });
        pairs.push(pair(&field.name, &value));
    }
    pairs
}

/// Checks that the transport sends `url` as it is: it parses as a URL,
/// and `http::Uri` (what ureq sends from) takes it whole, with no
/// fragment to drop.
pub(super) fn check_sendable(url: &str) -> Result<(), BuildError> {
    let invalid = |reason: String| BuildError::InvalidUrl {
        url: url.to_string(),
        reason,
    };
    ::url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if url.contains('#') {
        return Err(invalid(
            "a fragment (`#…`) is never sent to the server".into(),
        ));
    }
    let uri: ureq::http::Uri = url.parse().map_err(|e| invalid(format!("{e}")))?;
    if uri.scheme().is_none() || uri.authority().is_none() {
        return Err(invalid("it needs a scheme and a host".into()));
    }
    Ok(())
}

pub(super) fn advance_url_part(
    url_so_far: &str,
    part: UrlPart,
    after_scheme: &mut bool,
) -> UrlPart {
    let rest = match url_so_far.find("://") {
        Some(i) => {
            *after_scheme = true;
            &url_so_far[i + 3..]
        }
        None => return part,
    };
    if rest.contains(['?', '#']) {
        UrlPart::Query
    } else if rest.contains('/') {
        UrlPart::Path
    } else {
        UrlPart::Authority
    }
}

pub(super) fn encode_url_value(
    name: &str,
    value: Option<TypedValue>,
    part: UrlPart,
) -> Result<String, BuildError> {
    let text = value.map(|v| v.to_string());
    match (part, text) {
        (UrlPart::Query, text) => Ok(encode_query_component(&text.unwrap_or_default())),
        (_, None) => Err(BuildError::MissingUrlValue(name.to_string())),
        (UrlPart::Path, Some(text)) => encode_path_value(name, &text),
        (UrlPart::Authority, Some(text)) => {
            let host_safe = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if host_safe {
                Ok(text)
            } else {
                Err(BuildError::UnsafeValue {
                    name: name.to_string(),
                    place: "the URL host".into(),
                    reason: "only letters, digits, `-` and `.` may stand in a host name".into(),
                })
            }
        }
    }
}

/// Encodes a value as one path segment, refusing the values that would
/// not stay one: empty (`/orders/` is another endpoint) and the dot
/// segments `.` and `..`, which servers resolve to another path.
pub(super) fn encode_path_value(name: &str, text: &str) -> Result<String, BuildError> {
    let reason = match text {
        "" => "an empty value leaves an empty path segment, which calls another endpoint".into(),
        "." | ".." => format!("`{text}` is a dot segment, which servers resolve to another path"),
        _ => return Ok(encode_path_segment(text)),
    };
    Err(BuildError::UnsafeValue {
        name: name.to_string(),
        place: "the URL path".into(),
        reason,
    })
}

/// Renders a header value: `None` when it is one placeholder with no
/// value, or with an empty list (as a query parameter is dropped). A list
/// is its items joined with `,`, the list form of RFC 9110.
pub(super) fn render_header(
    header: &str,
    template: &Template,
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Result<Option<String>, BuildError> {
    if let Some(sole) = template.sole_placeholder()
        && lookup(sole).is_none_or(|v| v.items().is_empty())
    {
        return Ok(None);
    }
    template
        .render_with(|name| {
            let text = lookup(name).map(|v| v.to_string()).unwrap_or_default();
            if text.chars().any(|c| c.is_control() && c != '\t') {
                return Err(BuildError::UnsafeValue {
                    name: name.to_string(),
                    place: format!("header {header}"),
                    reason: "header values cannot hold line breaks or control characters".into(),
                });
            }
            Ok(text)
        })
        .map(Some)
}

/// A body value with its placeholders filled; `None` when it is one
/// placeholder with no value, which leaves its member (or list item)
/// out. A nested mapping whose every member was left out is left out
/// too (an optional object nobody filled in is not sent as `{}`); the
/// body itself and a literal `{}` or `null` are always sent.
pub(crate) fn render_body_node(
    node: &BodyNode,
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Option<Value> {
    render_node(node, lookup, true)
}

fn render_node(
    node: &BodyNode,
    lookup: &impl Fn(&str) -> Option<TypedValue>,
    outermost: bool,
) -> Option<Value> {
    Some(match node {
        BodyNode::Literal(value) => value.clone(),
        BodyNode::Text(template) => match template.sole_placeholder() {
            Some(name) => lookup(name)?.to_json(),
            None => Value::String(text_of(template, lookup)),
        },
        BodyNode::Array(items) => Value::Array(
            items
                .iter()
                .filter_map(|n| render_node(n, lookup, false))
                .collect(),
        ),
        BodyNode::Object(entries) => {
            let members: serde_json::Map<String, Value> = entries
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), render_node(v, lookup, false)?)))
                .collect();
            if members.is_empty() && !entries.is_empty() && !outermost {
                return None;
            }
            Value::Object(members)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::request::tests::{VAR_ID, action, build_with};
    use serde_json::json;

    #[test]
    fn path_values_are_one_encoded_segment() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/orders/{{{{id}}}}/items\n{VAR_ID}"
        ));
        assert_eq!(
            build_with(&a, &[("id", "../admin")]).unwrap().url,
            "https://x.test/orders/..%2Fadmin/items"
        );
        assert_eq!(
            build_with(&a, &[("id", "a b/c?d")]).unwrap().url,
            "https://x.test/orders/a%20b%2Fc%3Fd/items"
        );
    }

    #[test]
    fn query_values_are_encoded_and_missing_optionals_dropped() {
        let a = action(
            "method: GET\nurl: https://x.test/s?fixed=1\nquery:\n  q: \"{{q}}\"\n  page: \"{{page}}\"\nvariables:\n  - name: q\n    type: string\n  - name: page\n    type: integer\n",
        );
        assert_eq!(
            build_with(&a, &[("q", "a&b=c d")]).unwrap().url,
            "https://x.test/s?fixed=1&q=a%26b%3Dc%20d"
        );
    }

    const LABELS: &str =
        "variables:\n  - {name: labels, type: array, items: {type: string}, description: Labels}\n";

    #[test]
    fn a_list_repeats_its_query_key_and_is_joined_inside_text() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/s?fixed=1\nquery:\n  labels: \"{{{{labels}}}}\"\n  note: \"on {{{{labels}}}}\"\n  after: x\n{LABELS}"
        ));
        assert_eq!(
            build_with(&a, &[("labels", r#"["bug","a&b=c","é"]"#)])
                .unwrap()
                .url,
            "https://x.test/s?fixed=1&labels=bug&labels=a%26b%3Dc&labels=%C3%A9&note=on%20bug%2Ca%26b%3Dc%2C%C3%A9&after=x"
        );
        assert_eq!(
            build_with(&a, &[("labels", "[]")]).unwrap().url,
            "https://x.test/s?fixed=1&note=on%20&after=x",
            "an empty list sends no parameter"
        );
    }

    #[test]
    fn a_list_lands_as_an_array_in_the_body_and_as_text_in_strings() {
        let a = action(&format!(
            "method: POST\nurl: https://x.test/\nbody:\n  labels: \"{{{{labels}}}}\"\n  note: \"labels: {{{{labels}}}}\"\n{LABELS}"
        ));
        let r = build_with(&a, &[("labels", r#"["bug", "p1"]"#)]).unwrap();
        assert_eq!(
            r.body,
            Some(RequestBody::Json(
                json!({"labels": ["bug", "p1"], "note": "labels: bug,p1"})
            ))
        );
        let text = action(&format!(
            "method: POST\nurl: https://x.test/\nbody: '{{\"labels\": {{{{labels}}}}, \"quoted\": \"{{{{labels}}}}\", \"note\": \"on {{{{labels}}}}\"}}'\n{LABELS}"
        ));
        let r = build_with(&text, &[("labels", r#"["a\"b", "c"]"#)]).unwrap();
        assert_eq!(
            r.body,
            Some(RequestBody::Json(
                json!({"labels": ["a\"b", "c"], "quoted": ["a\"b", "c"], "note": "on a\"b,c"})
            ))
        );
    }

    #[test]
    fn a_list_is_joined_in_headers_and_path_segments() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/tags/{{{{labels}}}}/issues\nheaders:\n  X-Labels: \"{{{{labels}}}}\"\n{LABELS}"
        ));
        let r = build_with(&a, &[("labels", r#"["bug", "a/b c"]"#)]).unwrap();
        assert_eq!(r.url, "https://x.test/tags/bug%2Ca%2Fb%20c/issues");
        assert_eq!(r.header("x-labels").as_deref(), Some("bug,a/b c"));
        let err = build_with(&a, &[("labels", "[]")]).unwrap_err();
        assert!(
            matches!(&err, BuildError::UnsafeValue { name, place, .. } if name == "labels" && place == "the URL path"),
            "{err}"
        );
        let header_only = action(&format!(
            "method: GET\nurl: https://x.test/\nheaders:\n  X-Labels: \"{{{{labels}}}}\"\n{LABELS}"
        ));
        let r = build_with(&header_only, &[("labels", "[]")]).unwrap();
        assert_eq!(r.header("x-labels"), None, "an empty list sends no header");
    }

    #[test]
    fn header_values_refuse_line_breaks() {
        let a = action(
            "method: GET\nurl: https://x.test/\nheaders:\n  X-Id: \"{{id}}\"\nvariables:\n  - name: id\n    type: string\n",
        );
        let err = build_with(&a, &[("id", "1\r\nX-Admin: yes")]).unwrap_err();
        assert!(matches!(err, BuildError::UnsafeValue { .. }), "{err}");
        assert!(err.to_string().contains("header X-Id"));
    }

    #[test]
    fn body_values_are_typed() {
        let a = action(
            "method: POST\nurl: https://x.test/\nbody:\n  qty: \"{{qty}}\"\n  note: \"qty={{qty}}\"\n  flag: \"{{flag}}\"\n  fixed: 3\nvariables:\n  - name: qty\n    type: integer\n  - name: flag\n    type: boolean\n",
        );
        let r = build_with(&a, &[("qty", "3"), ("flag", "yes")]).unwrap();
        assert_eq!(
            r.masked_body(),
            Some(json!({"qty": 3, "note": "qty=3", "flag": true, "fixed": 3}))
        );
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/json")
        );
    }

    #[test]
    fn every_auth_type_renders_masked() {
        let bearer =
            action("method: GET\nurl: https://x.test/\nauth:\n  type: bearer\n  secret: api\n");
        let r = build_with(&bearer, &[]).unwrap();
        assert_eq!(
            r.header("authorization").as_deref(),
            Some("Bearer <secret:api>")
        );
        assert_eq!(r.headers[0].value.reveal(|_| "tok".into()), "Bearer tok");

        let basic = action(
            "method: GET\nurl: https://x.test/\nauth:\n  type: basic\n  username: jdoe\n  secret: api\n",
        );
        let r = build_with(&basic, &[]).unwrap();
        assert_eq!(
            r.headers[0].value.reveal(|_| "pw".into()),
            "Basic amRvZTpwdw=="
        );
        assert_eq!(
            r.header("authorization").as_deref(),
            Some("Basic base64(jdoe:<secret:api>)")
        );

        let header = action(
            "method: GET\nurl: https://x.test/\nauth:\n  type: header\n  header: X-API-Key\n  secret: api\n",
        );
        assert_eq!(
            build_with(&header, &[])
                .unwrap()
                .header("x-api-key")
                .as_deref(),
            Some("<secret:api>")
        );

        let body = action(
            "method: POST\nurl: https://x.test/\nauth:\n  type: body\n  param: api_key\n  secret: api\nbody:\n  a: 1\n",
        );
        let r = build_with(&body, &[]).unwrap();
        assert_eq!(
            r.masked_body(),
            Some(json!({"a": 1, "api_key": "<secret:api>"}))
        );
        assert_eq!(
            r.body_with(|_| json!("k")),
            Some(json!({"a": 1, "api_key": "k"}))
        );
    }

    #[test]
    fn optional_path_value_missing_is_an_input_error() {
        let a = action(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n",
        );
        assert_eq!(
            build_with(&a, &[]).unwrap_err(),
            BuildError::MissingUrlValue("n".into())
        );
    }

    #[test]
    fn host_placeholders_take_only_host_characters() {
        let a = action(
            "method: GET\nurl: https://{{sub}}.zendesk.test/api\nvariables:\n  - name: sub\n    type: string\n    required: true\n",
        );
        assert_eq!(
            build_with(&a, &[("sub", "acme")]).unwrap().url,
            "https://acme.zendesk.test/api"
        );
        assert!(build_with(&a, &[("sub", "evil.test/x?")]).is_err());
    }

    #[test]
    fn path_values_that_are_empty_or_dot_segments_are_refused() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/orders/{{{{id}}}}/items\n{VAR_ID}"
        ));
        for value in ["", ".", ".."] {
            let err = build_with(&a, &[("id", value)]).unwrap_err();
            assert!(
                matches!(&err, BuildError::UnsafeValue { name, place, .. } if name == "id" && place == "the URL path"),
                "{value:?}: {err}"
            );
        }
        assert_eq!(
            build_with(&a, &[("id", "...")]).unwrap().url,
            "https://x.test/orders/.../items"
        );
        assert_eq!(
            build_with(&a, &[("id", ".%2E")]).unwrap().url,
            "https://x.test/orders/.%252E/items",
            "a value's own `%` is encoded, so it cannot spell a dot segment"
        );
    }

    #[test]
    fn literal_query_values_are_encoded_like_substituted_ones() {
        let a = action(
            "method: GET\nurl: https://x.test/s?fixed=1\nquery:\n  q: \"SELECT a, b\"\n  tag: \"#vip\"\n  mix: \"a+b&{{t}}=%\"\nvariables:\n  - {name: t, type: string}\n",
        );
        assert_eq!(
            build_with(&a, &[("t", "x#y")]).unwrap().url,
            "https://x.test/s?fixed=1&q=SELECT%20a%2C%20b&tag=%23vip&mix=a%2Bb%26x%23y%3D%25"
        );
    }

    #[test]
    fn a_missing_context_value_asks_for_a_context_file() {
        assert_eq!(
            BuildError::MissingUrlValue("contact.id".into()).to_string(),
            "`contact.id` has no value, but the URL needs it (set it in a --context FILE: `contact: {id: VALUE}`)"
        );
        assert_eq!(
            BuildError::MissingUrlValue("agent_id".into()).to_string(),
            "`agent_id` has no value, but the URL needs it (set it in a --context FILE: `agent_id: VALUE`)"
        );
        assert_eq!(
            BuildError::MissingUrlValue("n".into()).to_string(),
            "`n` has no value, but the URL needs it (give --var n=VALUE)"
        );
    }

    /// Unset context values follow the rule of unset optional
    /// variables: a whole value is left out, text around one stays.
    #[test]
    fn context_values_fill_templates() {
        let a = action(
            "method: POST\nurl: https://x.test/\nbody:\n  name: \"{{contact.first_name}}\"\n  who: \"{{agent_name}}\"\n  line: \"by {{agent_name}}\"\n",
        );
        let ctx = Context::from_pairs([("contact.first_name".to_string(), "Ada".to_string())]);
        let r = build(&a, &HashMap::new(), &ctx).unwrap();
        assert_eq!(r.masked_body(), Some(json!({"name": "Ada", "line": "by "})));
    }

    const OPTIONAL_X: &str = "variables:\n  - {name: x, type: integer}\n";

    #[test]
    fn unset_optional_values_are_left_out_of_structured_bodies() {
        let a = action(&format!(
            "method: POST\nurl: https://x.test/\nbody:\n  a: \"{{{{x}}}}\"\n  b: \"x={{{{x}}}}\"\n  c: [1, \"{{{{x}}}}\", 2]\n  d: {{e: \"{{{{x}}}}\"}}\n  n: null\n{OPTIONAL_X}"
        ));
        let r = build_with(&a, &[]).unwrap();
        assert_eq!(
            r.masked_body(),
            Some(json!({"b": "x=", "c": [1, 2], "n": null}))
        );
        let r = build_with(&a, &[("x", "7")]).unwrap();
        assert_eq!(
            r.masked_body(),
            Some(json!({"a": 7, "b": "x=7", "c": [1, 7, 2], "d": {"e": 7}, "n": null}))
        );
    }

    /// An optional object nobody filled in is not sent as `{}` (a PUT
    /// would wipe it, and a schema requiring its members refuses it);
    /// a literal `{}` and the body itself are still sent.
    #[test]
    fn a_nested_mapping_of_unset_values_is_left_out_but_literal_empty_ones_stay() {
        let a = action(&format!(
            "method: POST\nurl: https://x.test/\nbody:\n  o: {{p: {{q: \"{{{{x}}}}\"}}, e: {{}}}}\n  l: [{{r: \"{{{{x}}}}\"}}]\n  m: {{}}\n{OPTIONAL_X}"
        ));
        let r = build_with(&a, &[]).unwrap();
        assert_eq!(
            r.masked_body(),
            Some(json!({"o": {"e": {}}, "l": [], "m": {}}))
        );
        let only = action(&format!(
            "method: POST\nurl: https://x.test/\nbody:\n  a: \"{{{{x}}}}\"\n{OPTIONAL_X}"
        ));
        assert_eq!(
            build_with(&only, &[]).unwrap().masked_body(),
            Some(json!({}))
        );
    }

    #[test]
    fn unset_optional_values_are_left_out_of_json_text_bodies() {
        let a = action(&format!(
            "method: POST\nurl: https://x.test/\nbody: '{{\"a\": {{{{x}}}}, \"b\": \"{{{{x}}}}\", \"c\": [{{{{x}}}}], \"n\": null}}'\n{OPTIONAL_X}"
        ));
        let r = build_with(&a, &[]).unwrap();
        assert_eq!(r.masked_body(), Some(json!({"c": [], "n": null})));
    }

    #[test]
    fn form_fields_repeat_drop_and_fill() {
        let a = action(
            "method: POST\nurl: https://x.test/\nform:\n  To: [\"{{to}}\", \"+1 555\", \"{{x}}\"]\n  Body: \"Hi {{x}}!\"\n  One: \"{{x}}\"\n  n: 3\n  \"metadata[id]\": \"{{to}}\"\nvariables:\n  - {name: to, type: string, required: true}\n  - {name: x, type: string}\n",
        );
        let r = build_with(&a, &[("to", "a&b")]).unwrap();
        let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            r.form_fields().unwrap(),
            fields(&[
                ("To", "a&b"),
                ("To", "+1 555"),
                ("Body", "Hi !"),
                ("n", "3"),
                ("metadata[id]", "a&b"),
            ])
        );
        assert_eq!(
            r.wire_body(&|_| String::new()).unwrap(),
            b"To=a%26b&To=%2B1+555&Body=Hi+%21&n=3&metadata%5Bid%5D=a%26b".to_vec()
        );
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(r.masked_body(), None, "a form is no JSON body");
    }

    #[test]
    fn a_list_value_repeats_its_form_key() {
        let a = action(
            "method: POST\nurl: https://x.test/\nform:\n  label: \"{{x}}\"\n  text: \"{{x}};\"\nvariables:\n  - {name: x, type: string}\n",
        );
        let list = TypedValue::List(vec![TypedValue::Text("bug".into()), TypedValue::Integer(1)]);
        let values = HashMap::from([("x".to_string(), list)]);
        let r = build(&a, &values, &Context::default()).unwrap();
        assert_eq!(
            r.masked_form_text().unwrap(),
            "label=bug&label=1&text=bug%2C1%3B"
        );
        let empty = HashMap::from([("x".to_string(), TypedValue::List(Vec::new()))]);
        let r = build(&a, &empty, &Context::default()).unwrap();
        assert_eq!(r.masked_form_text().unwrap(), "text=%3B");
    }

    #[test]
    fn body_auth_appends_its_credential_to_a_form() {
        let a = action(
            "method: POST\nurl: https://x.test/\nauth: {type: body, param: api key, secret: s}\nform:\n  a: \"1 2\"\n",
        );
        let r = build_with(&a, &[]).unwrap();
        assert_eq!(r.masked_form_text().unwrap(), "a=1+2&api+key=<secret:s>");
        assert_eq!(
            r.wire_body(&|_| "k y&".into()).unwrap(),
            b"a=1+2&api+key=k+y%26".to_vec()
        );
        assert_eq!(
            r.masked_form().unwrap().last().unwrap(),
            &("api key".to_string(), "<secret:s>".to_string())
        );
    }

    #[test]
    fn query_auth_appends_its_credential_to_the_url() {
        for (url, shown) in [
            ("https://x.test/a", "https://x.test/a?api_key=<secret:s>"),
            (
                "https://x.test/a?b=1",
                "https://x.test/a?b=1&api_key=<secret:s>",
            ),
            ("https://x.test/a?", "https://x.test/a?api_key=<secret:s>"),
        ] {
            let a = action(&format!(
                "method: GET\nurl: {url}\nauth: {{type: query, param: api_key, secret: s}}\n"
            ));
            let r = build_with(&a, &[]).unwrap();
            assert_eq!(r.masked_url(), shown);
            assert_eq!(r.url, url, "the URL itself holds no credential");
        }
        let a = action(
            "method: GET\nurl: https://x.test/a\nquery: {q: \"{{q}}\"}\nauth: {type: query, param: k y, secret: s}\nvariables:\n  - {name: q, type: string}\n",
        );
        let r = build_with(&a, &[("q", "1 2")]).unwrap();
        assert_eq!(
            r.url_with(&|_| "A+B C/é".into()),
            "https://x.test/a?q=1%202&k+y=A%2bB+C%2f%c3%a9"
        );
    }

    #[test]
    fn new_auth_shapes_render_masked() {
        let key = action(
            "method: GET\nurl: https://x.test/\nauth: {type: basic, username_secret: stripe}\n",
        );
        let r = build_with(&key, &[]).unwrap();
        assert_eq!(
            r.header("authorization").as_deref(),
            Some("Basic base64(<secret:stripe>:)")
        );
        assert_eq!(
            r.headers[0].value.reveal(|_| "sk_test_abc".into()),
            "Basic c2tfdGVzdF9hYmM6"
        );
        let token = action(
            "method: GET\nurl: https://x.test/\nauth: {type: header, header: Authorization, prefix: \"Token \", secret: gh}\n",
        );
        let r = build_with(&token, &[]).unwrap();
        assert_eq!(
            r.header("authorization").as_deref(),
            Some("Token <secret:gh>")
        );
        assert_eq!(r.headers[0].value.reveal(|_| "t0k".into()), "Token t0k");
    }
}
