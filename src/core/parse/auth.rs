//! `auth:`: the shape of each auth type and the secret names it uses.

use super::*;

/// The keys of `auth` besides `type`; which apply depends on the type.
const AUTH_FIELDS: [&str; 6] = [
    "secret",
    "username",
    "username_secret",
    "header",
    "prefix",
    "param",
];

impl Parser<'_> {
    pub(super) fn auth(&mut self, root: &MarkedMappingNode) -> Option<Auth> {
        let Some(map) = root.get_mapping("auth") else {
            return match root.get_node("auth") {
                None => Some(Auth::None),
                Some(_) => None,
            };
        };
        let type_name = string_scalar(map, "type")?.as_str().to_string();
        let basic_key = type_name == "basic" && map.get_node("username_secret").is_some();
        let (needed, optional): (&[&str], &[&str]) = match type_name.as_str() {
            "none" => (&[], &[]),
            "bearer" => (&["secret"], &[]),
            "basic" if basic_key => (&["username_secret"], &[]),
            "basic" => (&["username", "secret"], &[]),
            "header" => (&["header", "secret"], &["prefix"]),
            "body" | "query" => (&["param", "secret"], &[]),
            _ => return None,
        };
        let ok = self.check_auth_keys(root, map, &type_name, needed, optional);
        let secret_key = if basic_key {
            "username_secret"
        } else {
            "secret"
        };
        let secret = match string_scalar(map, secret_key) {
            Some(s) => self.secret_name(secret_key, s),
            None => Some(String::new()),
        };
        let auth = match type_name.as_str() {
            "none" => Auth::None,
            "bearer" => Auth::Bearer { secret: secret? },
            "basic" if basic_key => Auth::BasicKey { secret: secret? },
            "basic" => Auth::Basic {
                username: self.template(string_scalar(map, "username")?)?,
                secret: secret?,
            },
            "header" => self.header_auth(map, secret)?,
            "query" => self.query_auth(map, secret)?,
            _ => Auth::Body {
                param: string_scalar(map, "param")?.as_str().to_string(),
                secret: secret?,
            },
        };
        ok.then_some(auth)
    }

    /// Reports each key of `auth` that does not apply to its type (with
    /// `username_secret`, `username` and `secret` do not) and each one it
    /// needs that is missing; true when there was none.
    fn check_auth_keys(
        &mut self,
        root: &MarkedMappingNode,
        map: &MarkedMappingNode,
        type_name: &str,
        needed: &[&str],
        optional: &[&str],
    ) -> bool {
        let mut ok = true;
        let basic_key = needed == ["username_secret"];
        for (key, _) in map.iter() {
            let key_name = key.as_str();
            let applies =
                key_name == "type" || needed.contains(&key_name) || optional.contains(&key_name);
            if applies || !AUTH_FIELDS.contains(&key_name) {
                continue;
            }
            let message = if basic_key && matches!(key_name, "username" | "secret") {
                format!(
                    "`auth.{key_name}` does not apply with `auth.username_secret`, which sends the secret as the username and an empty password; use either `username` and `secret`, or `username_secret` alone"
                )
            } else {
                format!("`auth.{key_name}` does not apply to auth type {type_name}")
            };
            self.error(node_start(key.span()), message);
            ok = false;
        }
        let auth_key_at = root
            .keys()
            .find(|k| k.as_str() == "auth")
            .map_or(Location::START, |k| node_start(k.span()));
        for needed in needed.iter().filter(|n| map.get_node(n).is_none()) {
            let alternative = if type_name == "basic" {
                " (or `auth.username_secret` alone, for a secret sent as the username)"
            } else {
                ""
            };
            self.error(
                auth_key_at,
                format!("auth type {type_name} needs `auth.{needed}`{alternative}"),
            );
            ok = false;
        }
        ok
    }

    /// Header auth: a valid header name and an optional checked prefix.
    fn header_auth(&mut self, map: &MarkedMappingNode, secret: Option<String>) -> Option<Auth> {
        let header = string_scalar(map, "header")?;
        let mut ok = true;
        if !is_header_name(header.as_str()) {
            self.error(
                node_start(header.span()),
                format!("`{}` is not a valid header name", header.as_str()),
            );
            ok = false;
        }
        let prefix = match string_scalar(map, "prefix") {
            Some(prefix) => self.header_prefix(prefix),
            None if map.get_node("prefix").is_some() => None,
            None => Some(String::new()),
        };
        let auth = Auth::Header {
            header: header.as_str().to_string(),
            prefix: prefix?,
            secret: secret?,
        };
        ok.then_some(auth)
    }

    /// Query auth: the parameter name may not start with a space: curl's
    /// `--url-query` (the curl export) reads a leading `+`, an encoded
    /// space, as "send the rest unencoded".
    fn query_auth(&mut self, map: &MarkedMappingNode, secret: Option<String>) -> Option<Auth> {
        let param = string_scalar(map, "param")?;
        if param.as_str().starts_with(' ') {
            self.error(
                node_start(param.span()),
                "`auth.param` starts with a space; write the query parameter's name without it",
            );
            return None;
        }
        Some(Auth::Query {
            param: param.as_str().to_string(),
            secret: secret?,
        })
    }

    /// `auth.prefix`: text that stands before the secret in a header
    /// value, so printable ASCII that a header can carry as written (a
    /// leading space would be stripped on the way), and never a
    /// credential itself.
    fn header_prefix(&mut self, scalar: &MarkedScalarNode) -> Option<String> {
        let prefix = scalar.as_str();
        let at = node_start(scalar.span());
        let problem = if !prefix.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            Some(
                "`auth.prefix` may hold only printable ASCII characters and spaces: it is sent in a header value",
            )
        } else if prefix.starts_with(' ') {
            Some(
                "`auth.prefix` starts with a space, which a header value loses on the way; remove it",
            )
        } else if credentials::has_token_shape(prefix)
            || prefix.split_whitespace().any(credentials::looks_random)
        {
            Some(
                "`auth.prefix` holds what looks like a credential; the credential belongs in a stored secret, named by `auth.secret`",
            )
        } else {
            None
        };
        if let Some(problem) = problem {
            self.error(at, problem);
            return None;
        }
        Some(prefix.to_string())
    }

    pub(super) fn secret_name(&mut self, key: &str, scalar: &MarkedScalarNode) -> Option<String> {
        let name = scalar.as_str();
        let at = node_start(scalar.span());
        if credentials::has_token_shape(name) || credentials::looks_random(name) {
            self.error(
                at,
                format!("`auth.{key}` names a stored secret, but this looks like the credential itself; store it with `actionctl secret set NAME` and write the NAME here"),
            );
            return None;
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            self.error(
                at,
                format!("secret name `{name}` may hold only letters, digits, `-`, `_` and `.`"),
            );
            return None;
        }
        Some(name.to_string())
    }
}

#[cfg(test)]
mod tests {

    use crate::core::parse::tests::diags;

    #[test]
    fn auth_shapes_are_checked_per_type() {
        let d = diags(
            "method: GET\nurl: https://x.test/\nauth:\n  type: basic\n  secret: s\n  param: p\n",
        );
        assert_eq!(
            d,
            vec![
                "a.yaml:5:1: error: auth type basic needs `auth.username` (or `auth.username_secret` alone, for a secret sent as the username)",
                "a.yaml:8:3: error: `auth.param` does not apply to auth type basic",
            ]
        );
        let d = diags(
            "method: GET\nurl: https://x.test/\nauth:\n  type: bearer\n  secret: s\nheaders:\n  authorization: x\n",
        );
        assert!(
            d.iter().any(|m| m.contains("also set by auth type bearer")),
            "{d:?}"
        );
    }

    fn auth(fields: &str) -> Vec<String> {
        diags(&format!(
            "method: GET\nurl: https://x.test/\nauth:\n{fields}"
        ))
    }

    #[test]
    fn username_secret_replaces_username_and_secret() {
        assert!(auth("  type: basic\n  username_secret: stripe\n").is_empty());
        assert_eq!(
            auth("  type: basic\n  username_secret: stripe\n  username: me\n  secret: s\n"),
            vec![
                "a.yaml:8:3: error: `auth.username` does not apply with `auth.username_secret`, which sends the secret as the username and an empty password; use either `username` and `secret`, or `username_secret` alone",
                "a.yaml:9:3: error: `auth.secret` does not apply with `auth.username_secret`, which sends the secret as the username and an empty password; use either `username` and `secret`, or `username_secret` alone",
            ]
        );
        assert_eq!(
            auth("  type: bearer\n  username_secret: s\n  secret: s\n"),
            vec!["a.yaml:7:3: error: `auth.username_secret` does not apply to auth type bearer"]
        );
        assert_eq!(
            auth("  type: basic\n  username_secret: sk_live_4eC39HqLyjWDarjtT1zdp7dc\n"),
            vec![
                "a.yaml:7:20: error: `auth.username_secret` names a stored secret, but this looks like the credential itself; store it with `actionctl secret set NAME` and write the NAME here"
            ]
        );
    }

    #[test]
    fn header_prefixes_are_header_safe_text() {
        assert!(
            auth("  type: header\n  header: Authorization\n  prefix: \"Token \"\n  secret: s\n")
                .is_empty()
        );
        for (prefix, problem) in [
            ("\"Tok\\u00e9n \"", "may hold only printable ASCII"),
            ("\"a\\tb\"", "may hold only printable ASCII"),
            ("\"a\\nb\"", "may hold only printable ASCII"),
            ("\" Token\"", "starts with a space"),
            (
                "\"Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc\"",
                "looks like a credential",
            ),
        ] {
            let d = auth(&format!(
                "  type: header\n  header: Authorization\n  prefix: {prefix}\n  secret: s\n"
            ));
            assert_eq!(d.len(), 1, "{prefix}: {d:?}");
            assert!(
                d[0].starts_with("a.yaml:8:11: error: `auth.prefix`") && d[0].contains(problem),
                "{prefix}: {d:?}"
            );
        }
        assert_eq!(
            auth("  type: bearer\n  prefix: \"Token \"\n  secret: s\n"),
            vec!["a.yaml:7:3: error: `auth.prefix` does not apply to auth type bearer"]
        );
    }

    #[test]
    fn query_auth_needs_a_param_and_a_secret() {
        assert!(auth("  type: query\n  param: api_key\n  secret: s\n").is_empty());
        assert_eq!(
            auth("  type: query\n  param: \" key\"\n  secret: s\n"),
            vec![
                "a.yaml:7:10: error: `auth.param` starts with a space; write the query parameter's name without it"
            ]
        );
        assert_eq!(
            auth("  type: query\n  secret: s\n  header: X\n"),
            vec![
                "a.yaml:5:1: error: auth type query needs `auth.param`",
                "a.yaml:8:3: error: `auth.header` does not apply to auth type query",
            ]
        );
    }
}
