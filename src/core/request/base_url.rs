//! `--base-url`, `--mock` and an environment's `base_url` / `base_urls`:
//! another scheme, host and port, the path and query kept byte for byte.

use super::build::check_sendable;
use super::*;

/// Where requests go instead of their own origin. The first that applies
/// wins: `--base-url` (the mock server takes its place under `--mock`),
/// then the environment's entry for the URL's origin (`base_urls`), then
/// the environment's `base_url`; with none, the action's own URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Routes {
    /// `--base-url`: every request.
    pub base_url: Option<::url::Url>,
    /// An environment's `base_urls`: production origin → where to send.
    pub by_origin: Vec<(::url::Origin, ::url::Url)>,
    /// An environment's `base_url`: every request no origin entry takes.
    pub fallback: Option<::url::Url>,
}

impl Routes {
    /// Where a request to `url` goes instead, if anywhere.
    pub(crate) fn target(&self, url: &str) -> Option<&::url::Url> {
        if let Some(base) = &self.base_url {
            return Some(base);
        }
        let origin = ::url::Url::parse(url).ok().map(|u| u.origin());
        self.by_origin
            .iter()
            .find(|(from, _)| Some(from) == origin.as_ref())
            .map(|(_, to)| to)
            .or(self.fallback.as_ref())
    }

    /// `url` pointed where these routes send it (unchanged when none applies).
    pub(crate) fn apply(&self, url: &str) -> Result<String, BuildError> {
        match self.target(url) {
            Some(base) => apply_base_url(url, base),
            None => Ok(url.to_string()),
        }
    }
}

/// Points `url` at `base`: its scheme, host and port replace the URL's;
/// a path in `base` (other than `/`) is put in front of the URL's path.
/// The URL's path and query are kept byte for byte: they are taken as
/// `http::Uri` (the transport's own parser) reads them, never through a
/// URL parser that would resolve dot segments or re-encode. A URL without
/// a path has the path `/`, as HTTP sends it, query or not
/// (`https://a.test?x=1` under `http://gw/pre` is `http://gw/pre/?x=1`).
pub(crate) fn apply_base_url(url: &str, base: &::url::Url) -> Result<String, BuildError> {
    let invalid = |reason: String| BuildError::InvalidUrl {
        url: url.to_string(),
        reason,
    };
    let uri: ureq::http::Uri = url.parse().map_err(|e| invalid(format!("{e}")))?;
    let path = match uri.path() {
        "" => "/",
        path => path,
    };
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    if !matches!(base.scheme(), "http" | "https") {
        return Err(invalid(format!("cannot use scheme {}", base.scheme())));
    }
    let host = base
        .host_str()
        .ok_or_else(|| invalid(format!("the base URL `{base}` has no host")))?;
    let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
    let prefix = base.path().trim_end_matches('/');
    let joined = format!("{}://{host}{port}{prefix}{path}{query}", base.scheme());
    check_sendable(&joined)?;
    Ok(joined)
}

/// Checks a base URL, as `--base-url` or an environment's `base_url` (or
/// a `base_urls` entry) gives it: an http(s) URL with a host name or IP
/// address (no wildcard, no placeholder), a port other than 0, and at
/// most a path prefix, held to the rules of an action's literal URL text
/// (no spaces or control characters, `%` only as `%XX`, no dot segment),
/// since it is sent as written. No credentials, query or fragment; the
/// messages never repeat them.
pub(crate) fn parse_base_url(text: &str) -> Result<::url::Url, String> {
    let parts = RawParts::of(text);
    if parts.userinfo {
        return Err(format!(
            "`{}` holds credentials (user:password@); use `auth:` in the actions with a stored secret instead",
            parts.shown
        ));
    }
    if parts.query_or_fragment {
        return Err(format!(
            "`{}` has a query or fragment; a base URL gives scheme, host, port and at most a path prefix",
            parts.shown
        ));
    }
    check_characters(text)?;
    if !text.contains("://") {
        let with_scheme = match text.strip_prefix("//") {
            Some(rest) => format!("http://{rest}"),
            None => format!("http://{text}"),
        };
        return Err(format!(
            "`{text}` is not a URL: it needs a scheme, e.g. `{with_scheme}`"
        ));
    }
    let url = ::url::Url::parse(text).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
    let Some(host) = url.host() else {
        return Err(format!(
            "`{text}` must be an http:// or https:// URL with a host"
        ));
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`{text}` must be an http:// or https:// URL with a host"
        ));
    }
    if let ::url::Host::Domain(name) = host {
        let is_name = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !is_name {
            return Err(format!(
                "`{text}` has no valid host (`{name}`): a host is a name of letters, digits, `-`, `_` and `.`, or an IP address"
            ));
        }
    }
    if url.port() == Some(0) {
        return Err(format!(
            "`{text}` has port 0; give the port the server listens on"
        ));
    }
    if let Some(segment) = dot_segment(parts.path) {
        return Err(format!(
            "`{text}` has the dot segment `{segment}` in its path, which servers resolve away; write the path it stands for"
        ));
    }
    Ok(url)
}

/// What a base URL's text holds, read from the text itself (a URL parser
/// would resolve dot segments and drop what it cannot use).
struct RawParts<'a> {
    /// A `user:password@` before the host.
    userinfo: bool,
    /// A `?` or `#`.
    query_or_fragment: bool,
    /// The path, from the `/` after the host.
    path: &'a str,
    /// The text as messages may show it: no credentials, no query.
    shown: String,
}

impl<'a> RawParts<'a> {
    fn of(text: &'a str) -> Self {
        let authority_start = text
            .find("://")
            .map(|i| i + 3)
            .or_else(|| text.starts_with("//").then_some(2))
            .unwrap_or(0);
        let rest = &text[authority_start..];
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_len];
        let after = &rest[authority_len..];
        let path_len = after.find(['?', '#']).unwrap_or(after.len());
        let (path, query) = after.split_at(path_len);
        let userinfo = authority.rfind('@');
        let host = userinfo.map_or(authority, |at| &authority[at..]);
        let userinfo_shown = if userinfo.is_some() { "…" } else { "" };
        let query_shown = query
            .get(..1)
            .map(|mark| format!("{mark}…"))
            .unwrap_or_default();
        Self {
            userinfo: userinfo.is_some(),
            query_or_fragment: !query.is_empty(),
            path,
            shown: format!(
                "{}{userinfo_shown}{host}{path}{query_shown}",
                &text[..authority_start]
            ),
        }
    }
}

/// Refuses what URL text cannot carry as written: spaces and control
/// characters, characters outside RFC 3986, a `%` that starts no `%XX`,
/// and `{{placeholders}}` (a base URL is no template).
fn check_characters(text: &str) -> Result<(), String> {
    if text.contains("{{") {
        return Err(format!(
            "`{text}` holds a placeholder; a base URL is written out, not a template"
        ));
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{text}` holds a space or control character; percent-encode it (`%20`)"
        ));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)))
    {
        let encoded: String = c
            .encode_utf8(&mut [0; 4])
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect();
        let host_hint = if c.is_ascii() {
            String::new()
        } else {
            " in a path, or write a host in its ASCII form (`xn--…`)".to_string()
        };
        return Err(format!(
            "`{text}` holds `{c}`, which a URL cannot carry as written; percent-encode it (`{encoded}`){host_hint}"
        ));
    }
    let bytes = text.as_bytes();
    let bad_escape = bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if bad_escape {
        return Err(format!(
            "`{text}` holds `%` not followed by two hex digits; write `%25` for a literal `%`"
        ));
    }
    Ok(())
}

/// The first `.` or `..` segment of `path`, also percent-encoded (`%2e`).
fn dot_segment(path: &str) -> Option<&str> {
    path.split('/').find(|segment| {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        matches!(decoded.as_ref(), "." | "..")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_replaces_scheme_host_and_port() {
        let base = url::Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            apply_base_url("https://api.test/v1/x?a=1%20b", &base).unwrap(),
            "http://127.0.0.1:8080/v1/x?a=1%20b"
        );
        let staged = url::Url::parse("https://gw.test/staging/").unwrap();
        assert_eq!(
            apply_base_url("http://api.test:81/v1/x", &staged).unwrap(),
            "https://gw.test/staging/v1/x"
        );
    }

    fn url(text: &str) -> url::Url {
        url::Url::parse(text).unwrap()
    }

    fn routes(base_url: Option<&str>, fallback: Option<&str>) -> Routes {
        Routes {
            base_url: base_url.map(url),
            by_origin: vec![
                (
                    url("https://api.stripe.test").origin(),
                    url("http://127.0.0.1:12111"),
                ),
                (
                    url("http://shop.test:8080").origin(),
                    url("http://127.0.0.1:9000/shop/"),
                ),
            ],
            fallback: fallback.map(url),
        }
    }

    #[test]
    fn base_url_wins_then_the_origin_entry_then_the_fallback() {
        let all = routes(Some("http://127.0.0.1:1"), Some("http://127.0.0.1:2"));
        assert_eq!(
            all.apply("https://api.stripe.test/v1/x?a=b").unwrap(),
            "http://127.0.0.1:1/v1/x?a=b"
        );
        let env = routes(None, Some("http://127.0.0.1:2"));
        assert_eq!(
            env.apply("https://api.stripe.test/v1/x?a=b").unwrap(),
            "http://127.0.0.1:12111/v1/x?a=b"
        );
        assert_eq!(
            env.apply("https://other.test/v1/x").unwrap(),
            "http://127.0.0.1:2/v1/x"
        );
        let origins_only = routes(None, None);
        assert_eq!(
            origins_only.apply("https://other.test/v1/x").unwrap(),
            "https://other.test/v1/x"
        );
        assert_eq!(
            Routes::default().apply("https://a.test/%2E?q").unwrap(),
            "https://a.test/%2E?q"
        );
    }

    #[test]
    fn origins_compare_normalised() {
        let r = routes(None, None);
        for same in [
            "https://api.stripe.test:443/v1",
            "HTTPS://API.Stripe.TEST/v1",
            "https://api.stripe.test/v1",
        ] {
            assert_eq!(
                r.apply(same).unwrap(),
                "http://127.0.0.1:12111/v1",
                "{same}"
            );
        }
        assert_eq!(
            r.apply("http://shop.test:8080/a?b").unwrap(),
            "http://127.0.0.1:9000/shop/a?b"
        );
        for other in [
            "http://api.stripe.test/v1",
            "https://api.stripe.test:8443/v1",
            "https://x.api.stripe.test/v1",
            "http://shop.test/a",
        ] {
            assert_eq!(r.apply(other).unwrap(), other, "{other}");
        }
    }

    /// A URL with no path has the path `/` (what HTTP sends), with or
    /// without a query, so the prefix is followed by `/` either way.
    #[test]
    fn a_path_prefix_joins_the_same_with_or_without_a_query() {
        for base in ["http://h.test/pre", "http://h.test/pre/"] {
            for (action, sent) in [
                ("https://api.example", "http://h.test/pre/"),
                ("https://api.example/", "http://h.test/pre/"),
                ("https://api.example?x=1", "http://h.test/pre/?x=1"),
                ("https://api.example/?x=1", "http://h.test/pre/?x=1"),
                ("https://api.example/v1?x=1", "http://h.test/pre/v1?x=1"),
            ] {
                assert_eq!(
                    apply_base_url(action, &url(base)).unwrap(),
                    sent,
                    "{base} {action}"
                );
            }
        }
        let bare = url("http://h.test");
        assert_eq!(
            apply_base_url("https://a.test", &bare).unwrap(),
            "http://h.test/"
        );
        assert_eq!(
            apply_base_url("https://a.test?x=1", &bare).unwrap(),
            "http://h.test/?x=1"
        );
    }

    /// The one checker `--base-url` and the environments file share.
    #[test]
    fn base_urls_are_held_to_the_literal_url_rules() {
        let bad = |text: &str| parse_base_url(text).unwrap_err();
        for (text, message) in [
            (
                "http://127.0.0.1:1/a/../b",
                "`http://127.0.0.1:1/a/../b` has the dot segment `..` in its path, which servers resolve away; write the path it stands for",
            ),
            (
                "http://127.0.0.1:1/%2e%2E/x",
                "`http://127.0.0.1:1/%2e%2E/x` has the dot segment `%2e%2E` in its path, which servers resolve away; write the path it stands for",
            ),
            (
                "http://127.0.0.1:1/./x",
                "`http://127.0.0.1:1/./x` has the dot segment `.` in its path, which servers resolve away; write the path it stands for",
            ),
            (
                "http://127.0.0.1:1/%zz",
                "`http://127.0.0.1:1/%zz` holds `%` not followed by two hex digits; write `%25` for a literal `%`",
            ),
            (
                "http://127.0.0.1:1/a b",
                "`http://127.0.0.1:1/a b` holds a space or control character; percent-encode it (`%20`)",
            ),
            (
                " http://127.0.0.1:1",
                "` http://127.0.0.1:1` holds a space or control character; percent-encode it (`%20`)",
            ),
            (
                "http://127.0.0.1:1/\u{1b}",
                "`http://127.0.0.1:1/\u{1b}` holds a space or control character; percent-encode it (`%20`)",
            ),
            (
                "http://127.0.0.1:1/x\u{8}",
                "`http://127.0.0.1:1/x\u{8}` holds a space or control character; percent-encode it (`%20`)",
            ),
            (
                "http://127.0.0.1:1/a|b",
                "`http://127.0.0.1:1/a|b` holds `|`, which a URL cannot carry as written; percent-encode it (`%7C`)",
            ),
            (
                "http://127.0.0.1:0",
                "`http://127.0.0.1:0` has port 0; give the port the server listens on",
            ),
            (
                "http://u:p@127.0.0.1",
                "`http://…@127.0.0.1` holds credentials (user:password@); use `auth:` in the actions with a stored secret instead",
            ),
            (
                "http://127.0.0.1/?key=abc",
                "`http://127.0.0.1/?…` has a query or fragment; a base URL gives scheme, host, port and at most a path prefix",
            ),
            (
                "http://127.0.0.1/#top",
                "`http://127.0.0.1/#…` has a query or fragment; a base URL gives scheme, host, port and at most a path prefix",
            ),
            (
                "127.0.0.1:8080",
                "`127.0.0.1:8080` is not a URL: it needs a scheme, e.g. `http://127.0.0.1:8080`",
            ),
            (
                "api.test:8080",
                "`api.test:8080` is not a URL: it needs a scheme, e.g. `http://api.test:8080`",
            ),
            (
                "//127.0.0.1:8080",
                "`//127.0.0.1:8080` is not a URL: it needs a scheme, e.g. `http://127.0.0.1:8080`",
            ),
            (
                "ftp://127.0.0.1/",
                "`ftp://127.0.0.1/` must be an http:// or https:// URL with a host",
            ),
            (
                "https://*.a.com",
                "`https://*.a.com` has no valid host (`*.a.com`): a host is a name of letters, digits, `-`, `_` and `.`, or an IP address",
            ),
            (
                "https://{{env.x}}",
                "`https://{{env.x}}` holds a placeholder; a base URL is written out, not a template",
            ),
            (
                "http://[x",
                "`http://[x` is not a URL: invalid IPv6 address",
            ),
        ] {
            assert_eq!(bad(text), message, "{text}");
        }
        for good in [
            "http://127.0.0.1:8080",
            "https://gw.test/staging/",
            "http://[::1]:9/pre",
            "http://my_service:80/a%20b/~x",
            "HTTPS://API.Test",
        ] {
            assert!(parse_base_url(good).is_ok(), "{good}");
        }
        assert_eq!(
            parse_base_url("http://127.0.0.1:1/v%2Fx/").unwrap().path(),
            "/v%2Fx/"
        );
    }

    #[test]
    fn base_url_keeps_path_and_query_bytes() {
        let base = url::Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            apply_base_url(
                "https://api.test/v1/%2E%2E/a/./b/%2e?q=%2e%2E&x=a%20b",
                &base
            )
            .unwrap(),
            "http://127.0.0.1:8080/v1/%2E%2E/a/./b/%2e?q=%2e%2E&x=a%20b"
        );
        assert_eq!(
            apply_base_url("https://api.test", &base).unwrap(),
            "http://127.0.0.1:8080/"
        );
        let v6 = url::Url::parse("http://[::1]:9/pre/").unwrap();
        assert_eq!(
            apply_base_url("https://api.test/x?y", &v6).unwrap(),
            "http://[::1]:9/pre/x?y"
        );
    }
}
