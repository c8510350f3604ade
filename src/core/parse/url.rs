//! The URL, query and headers: literal URL text, literal credentials, header conflicts.

use super::*;

/// What keeps the literal text of a URL from going on the wire exactly as
/// written. actionctl sends that text as it is (only values are encoded),
/// so it must already be URI text: RFC 3986 characters, `%` only as
/// `%XX`, no fragment (never sent) and no `.`/`..` segment (resolved away
/// by servers). `probe` is the URL with every placeholder filled.
pub(super) fn url_text_problems(url: &Template, probe: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let host_end = probe
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| probe[start..].find(['/', '?', '#']).map(|i| start + i));
    let literals = url.segments().iter().filter_map(|s| match s {
        crate::core::template::Segment::Literal(text) => Some(text.as_str()),
        crate::core::template::Segment::Placeholder { .. } => None,
    });
    for text in literals {
        for (i, c) in text.char_indices() {
            if c == '#' {
                problems.push(format!(
                    "url holds a fragment (`{}`): it is never sent to the server; remove it, or write `%23` for a literal `#`",
                    &text[i..]
                ));
                break;
            }
            let hex_follows = || {
                let next = text.as_bytes().get(i + 1..i + 3);
                next.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            };
            if c == '%' && !hex_follows() && !seen.contains(&c) {
                seen.push(c);
                problems.push(
                    "url holds `%` not followed by two hex digits; write `%25` for a literal `%`"
                        .to_string(),
                );
            }
            let uri_char = c.is_ascii_alphanumeric() || "-._~:/?[]@!$&'()*+,;=%".contains(c);
            if !uri_char && !seen.contains(&c) {
                seen.push(c);
                problems.push(not_uri_char_message(c, probe, host_end));
            }
        }
    }
    problems.extend(dot_segment_problem(probe, host_end));
    problems
}

pub(super) fn not_uri_char_message(c: char, probe: &str, host_end: Option<usize>) -> String {
    let in_host = host_end.is_none_or(|end| probe[..end].contains(c));
    if in_host && !c.is_ascii() {
        return format!(
            "url holds `{c}` in its host; write the host in its ASCII form (`xn--…`, as `idn` or a browser shows it)"
        );
    }
    let mut buf = [0u8; 4];
    let encoded: String = c
        .encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    format!("url holds `{c}`, which a URL cannot carry as written; percent-encode it (`{encoded}`)")
}

pub(super) fn dot_segment_problem(probe: &str, host_end: Option<usize>) -> Option<String> {
    let path = &probe[host_end?..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    path.split('/').find_map(|segment| {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        matches!(decoded.as_ref(), "." | "..").then(|| {
            format!(
                "url path holds the dot segment `{segment}`, which servers resolve away; write the path it stands for"
            )
        })
    })
}

pub(super) fn literal_text(template: &Template) -> String {
    template
        .segments()
        .iter()
        .filter_map(|s| match s {
            crate::core::template::Segment::Literal(t) => Some(t.as_str()),
            crate::core::template::Segment::Placeholder { .. } => None,
        })
        .collect()
}

pub(super) fn literal_credential_message(what: &str, name: &str) -> String {
    format!(
        "{what} `{name}` holds a literal credential; store it with `actionctl secret set NAME` and use `auth:` instead"
    )
}

/// What keeps literal header text from being sent: a line break, or
/// another control character (HTTP field values take none but tab).
pub(super) fn unsendable_header_text(text: &str) -> Option<String> {
    let c = text.chars().find(|c| c.is_control() && *c != '\t')?;
    Some(if matches!(c, '\r' | '\n') {
        "a line break".to_string()
    } else {
        format!(
            "the control character U+{:04X}, which HTTP cannot send in a header; remove it",
            c as u32
        )
    })
}

/// Headers the transport computes from the request (body framing, the
/// connection, the URL's host). Written by hand they contradict what is
/// sent: a `Content-Length` that is not the body's length hangs the
/// server, a `Transfer-Encoding` next to it breaks the framing.
pub(crate) const TRANSPORT_HEADERS: [&str; 9] = [
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "te",
    "upgrade",
    "keep-alive",
    "proxy-connection",
    "trailer",
];

/// True for a header the transport sets itself ([`TRANSPORT_HEADERS`]).
pub(crate) fn is_transport_header(name: &str) -> bool {
    TRANSPORT_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name.trim()))
}

/// True for an HTTP header name (an RFC 9110 token).
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// True for localhost and loopback addresses, an IPv4 loopback address
/// written as IPv6 (`[::ffff:127.0.0.1]`) included.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

impl Parser<'_> {
    pub(super) fn url(&mut self, root: &MarkedMappingNode) -> Option<Located<Template>> {
        let scalar = string_scalar(root, "url")?;
        let location = node_start(scalar.span());
        let template = self.template(scalar)?;
        if literal_text(&template)
            .trim()
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            self.error(
                location,
                "url holds spaces or control characters; percent-encode them (%20)",
            );
            return None;
        }
        let text = scalar.as_str().trim();
        let full = if text.contains("://") {
            template
        } else {
            Template::parse(&format!("https://{text}")).ok()?
        };
        let probe = full.render_with(|_| Ok::<_, ()>("x".to_string())).ok()?;
        let url = match ::url::Url::parse(&probe) {
            Ok(url) => url,
            Err(e) => {
                self.error(location, format!("url `{text}` is not a valid URL: {e}"));
                return None;
            }
        };
        let mut ok = true;
        for problem in url_text_problems(&full, &probe) {
            self.error(location, problem);
            ok = false;
        }
        if !matches!(url.scheme(), "http" | "https") {
            self.error(
                location,
                format!(
                    "url scheme `{}` is not supported; use https:// or http://",
                    url.scheme()
                ),
            );
            ok = false;
        }
        if !url.username().is_empty() || url.password().is_some() {
            self.error(
                location,
                "url holds credentials (user:password@); use `auth:` with a stored secret instead",
            );
            ok = false;
        }
        for (key, value) in url.query_pairs() {
            if credentials::is_sensitive_name(&key) && !value.is_empty() && value != "x" {
                self.error(
                    location,
                    literal_credential_message("query parameter", &key),
                );
                ok = false;
            }
        }
        if credentials::has_token_shape(text) {
            self.error(
                location,
                "url holds what looks like a credential; use `auth:` with a stored secret",
            );
            ok = false;
        }
        if url.scheme() == "http" && !is_loopback(url.host_str().unwrap_or_default()) {
            self.warning(
                location,
                format!(
                    "url uses plain http:// to `{}`; requests and credentials travel unencrypted",
                    url.host_str().unwrap_or_default()
                ),
            );
        }
        ok.then_some(Located {
            value: full,
            location,
        })
    }

    pub(super) fn fields(&mut self, root: &MarkedMappingNode, key: &str) -> Option<Vec<Field>> {
        let Some(map) = root.get_mapping(key) else {
            return Some(Vec::new());
        };
        let is_header = key == "headers";
        let mut fields = Vec::new();
        let mut ok = true;
        for (name, value) in map.iter() {
            let Node::Scalar(value) = value else {
                ok = false;
                continue;
            };
            if is_header && !is_header_name(name.as_str()) {
                self.error(
                    node_start(name.span()),
                    format!("`{}` is not a valid header name", name.as_str()),
                );
                ok = false;
            }
            if is_header && is_transport_header(name.as_str()) {
                self.error(
                    node_start(name.span()),
                    format!(
                        "header `{}` is set by the transport from the request itself (framing, hop-by-hop or the URL's host); remove it",
                        name.as_str()
                    ),
                );
                ok = false;
                continue;
            }
            if is_header && let Some(problem) = unsendable_header_text(value.as_str()) {
                self.error(
                    node_start(value.span()),
                    format!("header `{}` value holds {problem}", name.as_str()),
                );
                ok = false;
                continue;
            }
            let Some(template) = self.template(value) else {
                ok = false;
                continue;
            };
            ok &= self.check_literal_credential(key, name.as_str(), value, &template);
            fields.push(Field {
                name: name.as_str().to_string(),
                value: template,
            });
        }
        ok.then_some(fields)
    }

    pub(super) fn check_literal_credential(
        &mut self,
        key: &str,
        name: &str,
        value: &MarkedScalarNode,
        template: &Template,
    ) -> bool {
        let at = node_start(value.span());
        let what = match key {
            "headers" => "header",
            "body" => "body member",
            "form" => "form field",
            _ => "query parameter",
        };
        let literal = literal_text(template);
        let scheme_value =
            key == "headers" && template.is_literal() && credentials::has_auth_scheme(&literal);
        if credentials::has_token_shape(&literal) || scheme_value {
            self.error(at, literal_credential_message(what, name));
            return false;
        }
        if !credentials::is_sensitive_name(name) {
            return true;
        }
        if credentials::is_literal_credential(&literal) {
            self.error(at, literal_credential_message(what, name));
            return false;
        }
        if !template.is_literal() {
            self.warning(
                at,
                format!(
                    "{what} `{name}` takes a credential from a template value; prefer `auth:` with a stored secret"
                ),
            );
        }
        true
    }

    /// A query parameter that query auth adds must not also be written in
    /// `query:` or the URL: the server would get two.
    pub(super) fn check_query_conflicts(&mut self, auth: Option<&Auth>) {
        let Some(Auth::Query { param, .. }) = auth else {
            return;
        };
        let root = self.doc.root();
        let in_url = string_scalar(root, "url").filter(|url| {
            let text = url.as_str();
            let query = text.split_once('?').map_or("", |(_, q)| q);
            ::url::form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k == param.as_str())
        });
        let conflicts: Vec<Location> = root
            .get_mapping("query")
            .into_iter()
            .flat_map(|map| map.keys())
            .filter(|k| k.as_str() == param)
            .map(|k| node_start(k.span()))
            .chain(in_url.map(|url| node_start(url.span())))
            .collect();
        for at in conflicts {
            self.error(
                at,
                format!("query parameter `{param}` is also set by auth type query; remove one"),
            );
        }
    }

    pub(super) fn check_header_conflicts(&mut self, auth: Option<&Auth>) {
        let auth_header = match auth {
            Some(Auth::Bearer { .. } | Auth::Basic { .. } | Auth::BasicKey { .. }) => {
                "authorization"
            }
            Some(Auth::Header { header, .. }) => header.as_str(),
            _ => return,
        };
        let Some(map) = self.doc.root().get_mapping("headers") else {
            return;
        };
        let type_name = auth.map_or("none", |a| a.kind().name());
        for key in map
            .keys()
            .filter(|k| k.as_str().eq_ignore_ascii_case(auth_header))
        {
            self.error(
                node_start(key.span()),
                format!(
                    "header `{}` is also set by auth type {type_name}; remove one",
                    key.as_str()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {

    use crate::core::parse::tests::diags;

    #[test]
    fn literal_header_text_must_be_sendable() {
        let d = diags(
            "method: GET\nurl: https://x.test/\nheaders:\n  X-A: \"v\\e[31m\"\n  X-B: \"v\\x7f\"\n  X-C: \"v\\u0085\"\n  X-D: \"a\\r\\nX-E: 1\"\n  X-Tab: \"a\\tb\"\n  X-Ok: café\n  \"X\\e\": v\n",
        );
        assert_eq!(
            d,
            vec![
                "a.yaml:6:8: error: header `X-A` value holds the control character U+001B, which HTTP cannot send in a header; remove it",
                "a.yaml:7:8: error: header `X-B` value holds the control character U+007F, which HTTP cannot send in a header; remove it",
                "a.yaml:8:8: error: header `X-C` value holds the control character U+0085, which HTTP cannot send in a header; remove it",
                "a.yaml:9:8: error: header `X-D` value holds a line break",
                "a.yaml:12:3: error: `X\u{1b}` is not a valid header name",
            ]
        );
    }

    #[test]
    fn literal_credentials_are_refused() {
        let d = diags("method: GET\nurl: https://x.test/?api_key=abc123\n");
        assert!(
            d[0].contains("4:6: error: query parameter `api_key` holds a literal credential"),
            "{d:?}"
        );
        let d = diags(
            "method: GET\nurl: https://x.test/\nheaders:\n  Authorization: Bearer abcdef123456\n",
        );
        assert!(
            d[0].contains("6:18: error: header `Authorization` holds a literal credential"),
            "{d:?}"
        );
        let d = diags("method: GET\nurl: https://x.test/\nquery:\n  key: sk_live_51Habc\n");
        assert!(d[0].contains("literal credential"), "{d:?}");
        let d = diags("method: GET\nurl: https://user:pw@x.test/\n");
        assert!(d[0].contains("credentials"), "{d:?}");
        let d = diags(
            "method: GET\nurl: https://x.test/\nauth:\n  type: bearer\n  secret: sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
        );
        assert!(d[0].contains("looks like the credential itself"), "{d:?}");
    }

    #[test]
    fn literal_url_text_must_already_be_uri_text() {
        let one = |url: &str| {
            let d = diags(&format!("method: GET\nurl: {url}\n"));
            assert_eq!(d.len(), 1, "{url}: {d:?}");
            d[0].clone()
        };
        assert!(one("https://x.test/a%zz").contains("`%` not followed by two hex digits"));
        assert!(one("https://x.test/a|b").contains("url holds `|`"));
        assert!(one("https://x.test/a/../b").contains("the dot segment `..`"));
        assert!(one("https://x.test/a/%2e/b").contains("the dot segment `%2e`"));
        assert!(
            one("https://bücher.test/a").contains("in its host; write the host in its ASCII form")
        );
        assert!(
            one(
                "https://x.test/{{n}}#top\nvariables:\n  - {name: n, type: string, description: N}"
            )
            .contains("fragment (`#top`)")
        );
        assert!(
            diags("method: GET\nurl: https://x.test/a%20b/~x_y-z.json?q=a+b&r=(1);s=[2]!*'@:$,\n")
                .is_empty()
        );
    }

    #[test]
    fn query_auth_parameters_are_not_written_twice() {
        let d = diags(
            "method: GET\nurl: https://x.test/?api_key=\nauth: {type: query, param: api_key, secret: s}\nquery:\n  api_key: \"{{k}}\"\n  other: \"{{k}}\"\nvariables:\n  - {name: k, type: string}\n",
        );
        let conflicts: Vec<&String> = d
            .iter()
            .filter(|m| m.contains("also set by auth type query"))
            .collect();
        assert_eq!(
            conflicts,
            vec![
                "a.yaml:4:6: error: query parameter `api_key` is also set by auth type query; remove one",
                "a.yaml:7:3: error: query parameter `api_key` is also set by auth type query; remove one",
            ]
        );
    }

    #[test]
    fn plain_http_to_remote_hosts_is_a_warning() {
        let d = diags("method: GET\nurl: http://api.example.com/\n");
        assert!(d[0].contains("warning: url uses plain http://"), "{d:?}");
        assert!(diags("method: GET\nurl: http://127.0.0.1:8080/\n").is_empty());
        assert!(diags("method: GET\nurl: http://[::ffff:127.0.0.1]:8080/\n").is_empty());
        assert!(!diags("method: GET\nurl: http://[::ffff:10.0.0.1]:8080/\n").is_empty());
    }
}
