//! `auth:`: the shape of each auth type and the secret names it uses.

use super::*;

impl Parser<'_> {
    pub(super) fn auth(&mut self, root: &MarkedMappingNode) -> Option<Auth> {
        let Some(map) = root.get_mapping("auth") else {
            return match root.get_node("auth") {
                None => Some(Auth::None),
                Some(_) => None,
            };
        };
        let type_name = string_scalar(map, "type")?.as_str().to_string();
        let allowed: &[&str] = match type_name.as_str() {
            "none" => &[],
            "bearer" => &["secret"],
            "basic" => &["username", "secret"],
            "header" => &["header", "secret"],
            "body" => &["param", "secret"],
            _ => return None,
        };
        let auth_key_at = root
            .keys()
            .find(|k| k.as_str() == "auth")
            .map_or(Location::START, |k| node_start(k.span()));
        let mut ok = true;
        for (key, _) in map.iter() {
            let key_name = key.as_str();
            if key_name != "type"
                && !allowed.contains(&key_name)
                && ["secret", "username", "header", "param"].contains(&key_name)
            {
                self.error(
                    node_start(key.span()),
                    format!("`auth.{key_name}` does not apply to auth type {type_name}"),
                );
                ok = false;
            }
        }
        for needed in allowed {
            if map.get_node(needed).is_none() {
                self.error(
                    auth_key_at,
                    format!("auth type {type_name} needs `auth.{needed}`"),
                );
                ok = false;
            }
        }
        let secret = match string_scalar(map, "secret") {
            Some(s) => self.secret_name(s),
            None => Some(String::new()),
        };
        let text = |k: &str| string_scalar(map, k).map(|s| s.as_str().to_string());
        let auth = match type_name.as_str() {
            "none" => Auth::None,
            "bearer" => Auth::Bearer { secret: secret? },
            "basic" => {
                let username = self.template(string_scalar(map, "username")?)?;
                Auth::Basic {
                    username,
                    secret: secret?,
                }
            }
            "header" => {
                let header = string_scalar(map, "header")?;
                if !is_header_name(header.as_str()) {
                    self.error(
                        node_start(header.span()),
                        format!("`{}` is not a valid header name", header.as_str()),
                    );
                    ok = false;
                }
                Auth::Header {
                    header: text("header")?,
                    secret: secret?,
                }
            }
            _ => Auth::Body {
                param: text("param")?,
                secret: secret?,
            },
        };
        ok.then_some(auth)
    }

    pub(super) fn secret_name(&mut self, scalar: &MarkedScalarNode) -> Option<String> {
        let name = scalar.as_str();
        let at = node_start(scalar.span());
        if credentials::has_token_shape(name) || credentials::looks_random(name) {
            self.error(
                at,
                "`auth.secret` names a stored secret, but this looks like the credential itself; store it with `actionctl secret set NAME` and write the NAME here",
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
                "a.yaml:5:1: error: auth type basic needs `auth.username`",
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
}
