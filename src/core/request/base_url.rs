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
/// URL parser that would resolve dot segments or re-encode.
pub(crate) fn apply_base_url(url: &str, base: &::url::Url) -> Result<String, BuildError> {
    let invalid = |reason: String| BuildError::InvalidUrl {
        url: url.to_string(),
        reason,
    };
    let uri: ureq::http::Uri = url.parse().map_err(|e| invalid(format!("{e}")))?;
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    if !matches!(base.scheme(), "http" | "https") {
        return Err(invalid(format!("cannot use scheme {}", base.scheme())));
    }
    let host = base
        .host_str()
        .ok_or_else(|| invalid(format!("the base URL `{base}` has no host")))?;
    let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
    let prefix = base.path().trim_end_matches('/');
    let joined = format!("{}://{host}{port}{prefix}{path_and_query}", base.scheme());
    check_sendable(&joined)?;
    Ok(joined)
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
