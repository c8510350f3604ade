//! `--base-url` and `--mock`: another scheme, host and port, the path and query kept byte for byte.

use super::build::check_sendable;
use super::*;

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
