//! The HTTP transport: sends a request with ureq (rustls), follows a few
//! redirects by hand so credentials never reach another host, enforces
//! one deadline over the whole exchange and caps the response size.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use thiserror::Error;
use ureq::RequestExt;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::core::request::BuildError;
use crate::io::secrets::Redactor;

/// The `User-Agent` every request carries (the curl export sets it too).
pub(crate) const USER_AGENT: &str = concat!("actionctl/", env!("CARGO_PKG_VERSION"));

/// A request ready for the wire: secrets already revealed.
#[derive(Clone)]
pub(crate) struct WireRequest {
    /// Method name.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Headers as sent.
    pub headers: Vec<(String, String)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// Headers that carry a credential: dropped when a redirect leaves the origin.
    pub credential_headers: Vec<String>,
    /// True when the body carries a credential (body auth).
    pub body_has_credential: bool,
    /// The query credential (query auth), so that a redirect to another
    /// host carrying it is not followed, and a redirect target on the
    /// same origin is shown with it masked.
    pub query_secret: Option<QuerySecret>,
}

/// Query auth's credential as sent.
#[derive(Clone)]
pub(crate) struct QuerySecret {
    /// The query parameter's name.
    pub param: String,
    /// The stored secret's name, for its mask.
    pub name: String,
    /// Its value.
    pub value: String,
}

impl WireRequest {
    /// The request as sent: `reveal` gives each secret's value by name.
    /// A secret that cannot stand in its header (anything but printable
    /// ASCII) is an input error naming the secret, before anything is sent.
    pub(crate) fn from_request(
        request: &crate::core::request::Request,
        reveal: &dyn Fn(&str) -> String,
    ) -> Result<Self, BuildError> {
        use crate::core::request::HeaderValue;
        for header in &request.headers {
            match &header.value {
                HeaderValue::Secret { secret, .. } => {
                    let value = reveal(secret);
                    if value.chars().any(|c| !c.is_ascii() || c.is_ascii_control()) {
                        return Err(BuildError::SecretNotHeaderSafe {
                            secret: secret.clone(),
                            header: header.name.clone(),
                        });
                    }
                }
                HeaderValue::BasicKey { secret } if reveal(secret).contains(':') => {
                    return Err(BuildError::SecretNotBasicUsername(secret.clone()));
                }
                _ => {}
            }
        }
        let headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|h| (h.name.clone(), h.value.reveal(reveal)))
            .collect();
        for (name, value) in &headers {
            let sendable = ureq::http::HeaderName::from_bytes(name.as_bytes()).is_ok()
                && ureq::http::HeaderValue::from_str(value).is_ok();
            if !sendable {
                return Err(BuildError::HeaderNotSendable(name.clone()));
            }
        }
        let credential_headers = request
            .headers
            .iter()
            .filter(|h| !matches!(h.value, HeaderValue::Text(_)))
            .map(|h| h.name.clone())
            .collect();
        Ok(Self {
            method: request.method.as_str().to_string(),
            url: request.url_with(reveal),
            headers,
            body: request.wire_body(reveal),
            credential_headers,
            body_has_credential: request.body_credential.is_some(),
            query_secret: request
                .query_credential
                .as_ref()
                .map(|(param, name)| QuerySecret {
                    param: param.clone(),
                    name: name.clone(),
                    value: reveal(name),
                }),
        })
    }
}

/// Limits for one exchange.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Deadline for the whole exchange, redirects and body included.
    pub timeout: Duration,
    /// Largest response body read, in bytes.
    pub max_response_bytes: u64,
    /// Redirects followed at most (0: none).
    pub max_redirects: u32,
    /// The exchange is with the `--mock` server on 127.0.0.1: no proxy
    /// is used (`HTTP_PROXY` and the like are ignored) and no redirect
    /// leaves its origin.
    pub mock: bool,
}

/// One redirect that was followed (or refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// The 3xx status.
    pub status: u16,
    /// Where it pointed.
    pub location: String,
    /// The method used for the next hop.
    pub method: String,
    /// Credential headers dropped because the target is another origin.
    pub dropped: Vec<String>,
}

/// What came back.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    /// Redirects followed, in order.
    pub redirects: Vec<Redirect>,
    /// Why a redirect was not followed, if one was not.
    pub redirect_refused: Option<String>,
    /// HTTP version, e.g. `HTTP/1.1`.
    pub version: String,
    /// Status code.
    pub status: u16,
    /// Canonical reason phrase, when known.
    pub reason: String,
    /// Response headers in order (names lower-case).
    pub headers: Vec<(String, String)>,
    /// Response body (decompressed).
    pub body: Vec<u8>,
    /// Wall time of the whole exchange.
    pub duration: Duration,
    /// Request body bytes sent on the last hop.
    pub bytes_sent: usize,
}

impl Exchange {
    /// The first response header called `name` (any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Masks every secret in what came back, before anything is shown, cut
    /// or re-encoded: the body (a JSON body stays JSON), header values and
    /// redirect targets. Extraction and checks use the exchange as received;
    /// everything printed uses this one.
    pub(crate) fn mask_secrets(&mut self, redactor: &Redactor) {
        if let Cow::Owned(body) = redactor.redact_data(&self.body) {
            self.body = body;
        }
        for (_, value) in &mut self.headers {
            *value = redactor.redact(value);
        }
        for redirect in &mut self.redirects {
            redirect.location = redactor.redact(&redirect.location);
        }
        if let Some(reason) = &mut self.redirect_refused {
            *reason = redactor.redact(reason);
        }
    }
}

/// A failure below HTTP: the exchange did not complete.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum TransportError {
    /// The host name did not resolve.
    #[error("could not resolve host `{0}` (DNS)")]
    Dns(String),
    /// Nothing listens, or the connection could not be set up.
    #[error("could not connect to {0}: connection refused or unreachable")]
    Connect(String),
    /// The server closed the connection before a complete answer.
    #[error("the server closed the connection before a complete response ({0})")]
    Dropped(String),
    /// TLS failed.
    #[error("TLS handshake with {host} failed: {message}")]
    Tls {
        host: String,
        /// What failed.
        message: String,
    },
    /// The deadline passed.
    #[error("timed out after {}: no complete response (raise it with --timeout or `timeout:`)", crate::io::transport::human_duration(*.0))]
    Timeout(Duration),
    /// The response body was larger than allowed.
    #[error("response too large: the body exceeds {0} bytes (raise it with --max-response-size)")]
    TooLarge(u64),
    /// The response head had more headers than the parser reads.
    #[error(
        "the response from {host} has more than {limit} headers, more than actionctl reads; the exchange was stopped"
    )]
    TooManyHeaders {
        /// Host and port.
        host: String,
        /// Headers read at most.
        limit: usize,
    },
    /// More redirects than allowed.
    #[error("stopped after {0} redirects (raise it with --max-redirects)")]
    TooManyRedirects(u32),
    /// The answer was not valid HTTP, or another failure.
    #[error("{0}")]
    Other(String),
}

/// Sends `request`, following redirects within `limits`.
pub(crate) fn send(request: &WireRequest, limits: Limits) -> Result<Exchange, TransportError> {
    let started = Instant::now();
    let deadline = deadline_after(started, limits.timeout);
    let agent = agent(limits.mock);
    let mut current = request.clone();
    let mut redirects = Vec::new();
    loop {
        let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if remaining.is_some_and(|r| r.is_zero()) {
            return Err(TransportError::Timeout(limits.timeout));
        }
        let response = run_once(&agent, &current, remaining, limits)?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let is_redirect = matches!(status, 301 | 302 | 303 | 307 | 308);
        if let (true, Some(location)) = (is_redirect && limits.max_redirects > 0, location) {
            if redirects.len() as u32 >= limits.max_redirects {
                return Err(TransportError::TooManyRedirects(limits.max_redirects));
            }
            match next_hop(&current, status, &location, limits.mock) {
                Ok((next, redirect)) => {
                    redirects.push(redirect);
                    current = next;
                    continue;
                }
                Err(refused) => {
                    return finish(
                        response,
                        &current,
                        redirects,
                        Some(refused),
                        started,
                        limits,
                    );
                }
            }
        }
        return finish(response, &current, redirects, None, started, limits);
    }
}

/// The agent for one exchange. It sends no `Accept-Encoding`, so the
/// request is the one `render --format curl` prints and the body is read
/// as the server sent it; under `--mock` it uses no proxy.
fn agent(mock: bool) -> ureq::Agent {
    let mut config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(USER_AGENT)
        .accept_encoding(ureq::config::AutoHeaderValue::None);
    if mock {
        config = config.proxy(None);
    }
    ureq::Agent::with_parts(
        config.build(),
        DefaultConnector::default(),
        NamedLookupFailures::default(),
    )
}

/// ureq's resolver, with a failed lookup reported as "host not found".
/// The default one passes on the OS's I/O error ("failed to lookup
/// address information"), which cannot be told from other I/O errors.
#[derive(Debug, Default)]
struct NamedLookupFailures(DefaultResolver);

impl Resolver for NamedLookupFailures {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        self.0.resolve(uri, config, timeout).map_err(lookup_failure)
    }
}

/// An I/O error from name resolution is a lookup that failed.
fn lookup_failure(error: ureq::Error) -> ureq::Error {
    match error {
        ureq::Error::Io(_) => ureq::Error::HostNotFound,
        other => other,
    }
}

/// Waits longer than this have no deadline at all. Deadlines are computed
/// with checked arithmetic, but ureq adds the remaining time to its own
/// clock unchecked, so what it is given must stay far from the largest
/// `Instant`; a century is both far from it and longer than any wait.
const NO_DEADLINE_BEYOND: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// When an exchange started at `started` must be over, or `None` when
/// `timeout` is too long to keep (beyond [`NO_DEADLINE_BEYOND`], or
/// beyond what `Instant` can represent on this platform).
fn deadline_after(started: Instant, timeout: Duration) -> Option<Instant> {
    if timeout > NO_DEADLINE_BEYOND {
        return None;
    }
    started.checked_add(timeout)
}

fn run_once(
    agent: &ureq::Agent,
    request: &WireRequest,
    remaining: Option<Duration>,
    limits: Limits,
) -> Result<ureq::http::Response<ureq::Body>, TransportError> {
    let mut builder = ureq::http::Request::builder()
        .method(request.method.as_str())
        .uri(request.url.as_str());
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let host = host_of(&request.url);
    let map = |e| map_error(e, &host, limits);
    let result = match &request.body {
        Some(body) => builder
            .body(body.clone())
            .map_err(|e| TransportError::Other(format!("cannot build the request: {e}")))?
            .with_agent(agent)
            .configure()
            .timeout_global(remaining)
            .run(),
        None => builder
            .body(())
            .map_err(|e| TransportError::Other(format!("cannot build the request: {e}")))?
            .with_agent(agent)
            .configure()
            .timeout_global(remaining)
            .run(),
    };
    result.map_err(map)
}

fn finish(
    mut response: ureq::http::Response<ureq::Body>,
    request: &WireRequest,
    redirects: Vec<Redirect>,
    redirect_refused: Option<String>,
    started: Instant,
    limits: Limits,
) -> Result<Exchange, TransportError> {
    let status = response.status();
    let version = format!("{:?}", response.version());
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let host = host_of(&request.url);
    let body = response
        .body_mut()
        .with_config()
        .limit(limits.max_response_bytes)
        .read_to_vec()
        .map_err(|e| map_error(e, &host, limits))?;
    Ok(Exchange {
        redirects,
        redirect_refused,
        version,
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or_default().to_string(),
        headers,
        body,
        duration: started.elapsed(),
        bytes_sent: request.body.as_ref().map_or(0, Vec::len),
    })
}

/// The request for the next hop of a redirect, or why it is not followed.
fn next_hop(
    current: &WireRequest,
    status: u16,
    location: &str,
    mock: bool,
) -> Result<(WireRequest, Redirect), String> {
    let base = url::Url::parse(&current.url).map_err(|e| format!("bad URL: {e}"))?;
    let target = base
        .join(location)
        .map_err(|e| format!("redirect to `{location}` is not a valid URL: {e}"))?;
    if !matches!(target.scheme(), "http" | "https") {
        return Err(format!("redirect to `{target}` is not http(s)"));
    }
    let same_origin = base.origin() == target.origin();
    if mock && !same_origin {
        return Err(format!(
            "--mock stays on the mock server at {}; `{target}` is elsewhere",
            host_of(&current.url)
        ));
    }
    let keeps_body = matches!(status, 307 | 308);
    let mut next = current.clone();
    next.url = target.to_string();
    if !keeps_body {
        next.method = if current.method == "HEAD" {
            "HEAD".into()
        } else {
            "GET".into()
        };
        if current.method != "GET" && current.method != "HEAD" {
            next.body = None;
            next.body_has_credential = false;
            next.headers
                .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
        }
    }
    let mut dropped = Vec::new();
    if !same_origin {
        if next.body_has_credential && next.body.is_some() {
            return Err(format!(
                "redirect to another host ({}) would resend the credential in the body; not followed",
                target.host_str().unwrap_or_default()
            ));
        }
        let carries_query_secret =
            |secret: &QuerySecret| target.query_pairs().any(|(_, v)| v == secret.value);
        if current
            .query_secret
            .as_ref()
            .is_some_and(carries_query_secret)
        {
            return Err(format!(
                "redirect to another host ({}) would carry the credential in its query; not followed",
                target.host_str().unwrap_or_default()
            ));
        }
        let sensitive = |name: &str| {
            name.eq_ignore_ascii_case("authorization")
                || name.eq_ignore_ascii_case("cookie")
                || current
                    .credential_headers
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(name))
        };
        next.headers.retain(|(k, _)| {
            let drop = sensitive(k);
            if drop {
                dropped.push(k.clone());
            }
            !drop
        });
        next.credential_headers.clear();
    }
    let location = match (&current.query_secret, same_origin) {
        (Some(secret), true) => with_query_secret_masked(&target, secret),
        _ => next.url.clone(),
    };
    let redirect = Redirect {
        status,
        location,
        method: next.method.clone(),
        dropped,
    };
    Ok((next, redirect))
}

/// `target` with the value of every query parameter named like the query
/// credential shown as its mask: a redirect on the same origin usually
/// carries the key back, and a key of under 4 bytes is too short for
/// the redactor to find in free text. The rest stays as received.
fn with_query_secret_masked(target: &url::Url, secret: &QuerySecret) -> String {
    let Some(query) = target.query() else {
        return target.to_string();
    };
    let mask = crate::core::request::mask(&secret.name);
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            let raw_key = pair.split_once('=').map_or(pair, |(k, _)| k);
            let key = url::form_urlencoded::parse(raw_key.as_bytes())
                .next()
                .map(|(k, _)| k.into_owned())
                .unwrap_or_default();
            if key == secret.param {
                format!("{raw_key}={mask}")
            } else {
                pair.to_string()
            }
        })
        .collect();
    let mut shown = target.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let fragment = target
        .fragment()
        .map(|f| format!("#{f}"))
        .unwrap_or_default();
    format!("{shown}?{}{fragment}", pairs.join("&"))
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .map(|u| match (u.host_str(), u.port_or_known_default()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => url.to_string(),
        })
        .unwrap_or_else(|| url.to_string())
}

fn map_error(error: ureq::Error, host: &str, limits: Limits) -> TransportError {
    use std::io::ErrorKind;
    match error {
        ureq::Error::Timeout(_) => TransportError::Timeout(limits.timeout),
        ureq::Error::HostNotFound => {
            TransportError::Dns(host.rsplit_once(':').map_or(host, |(h, _)| h).to_string())
        }
        ureq::Error::ConnectionFailed => TransportError::Connect(host.to_string()),
        ureq::Error::BodyExceedsLimit(_) => TransportError::TooLarge(limits.max_response_bytes),
        ureq::Error::Tls(message) => TransportError::Tls {
            host: host.to_string(),
            message: message.to_string(),
        },
        ureq::Error::Rustls(e) => TransportError::Tls {
            host: host.to_string(),
            message: e.to_string(),
        },
        ureq::Error::Io(e) => match e.kind() {
            ErrorKind::ConnectionRefused
            | ErrorKind::AddrNotAvailable
            | ErrorKind::NetworkUnreachable
            | ErrorKind::HostUnreachable => TransportError::Connect(host.to_string()),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => TransportError::Timeout(limits.timeout),
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof
            | ErrorKind::BrokenPipe => TransportError::Dropped(e.to_string()),
            _ => TransportError::Other(format!("I/O error talking to {host}: {e}")),
        },
        ureq::Error::Protocol(ureq_proto::Error::HttpParseTooManyHeaders) => {
            TransportError::TooManyHeaders {
                host: host.to_string(),
                limit: ureq_proto::client::MAX_RESPONSE_HEADERS,
            }
        }
        ureq::Error::Protocol(e) => {
            TransportError::Dropped(format!("invalid HTTP from {host}: {e}"))
        }
        // ureq writes the whole URL into this message; the URL may carry
        // a query credential, so only the host is named.
        ureq::Error::BadUri(_) => {
            TransportError::Other(format!("request to {host} failed: the URL cannot be sent"))
        }
        ureq::Error::LargeResponseHeader(_, limit) => TransportError::Other(format!(
            "the response headers from {host} exceed {limit} bytes"
        )),
        other => TransportError::Other(format!("request to {host} failed: {other}")),
    }
}

/// `1.5s`, `250ms`, `2m`: a short human form of a duration.
pub(crate) fn human_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms.is_multiple_of(1000) && ms >= 60_000 && ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(method: &str, url: &str) -> WireRequest {
        WireRequest {
            method: method.into(),
            url: url.into(),
            headers: vec![
                ("Authorization".into(), "Bearer t".into()),
                ("X-API-Key".into(), "k".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: Some(b"{}".to_vec()),
            credential_headers: vec!["X-API-Key".into()],
            body_has_credential: false,
            query_secret: None,
        }
    }

    #[test]
    fn a_header_http_cannot_carry_is_an_input_error_before_sending() {
        let text = "name: T\ndescription: A test action here\nmethod: GET\nurl: https://x.test/\nheaders: {X-A: v}\n";
        let report = crate::core::validate::Validator::new().check("t", "t.yaml", text.as_bytes());
        let action = report.into_action().unwrap();
        let mut request = crate::core::request::build(
            &action,
            &Default::default(),
            &crate::core::context::Context::default(),
        )
        .unwrap();
        request.headers[0].value = crate::core::request::HeaderValue::Text("café\tx".into());
        assert!(WireRequest::from_request(&request, &|_| String::new()).is_ok());
        for bad in ["v\u{1b}[31m", "v\u{7f}", "a\r\nb"] {
            request.headers[0].value = crate::core::request::HeaderValue::Text(bad.into());
            let err = WireRequest::from_request(&request, &|_| String::new())
                .err()
                .unwrap();
            assert_eq!(err, BuildError::HeaderNotSendable("X-A".into()), "{bad:?}");
        }
    }

    #[test]
    fn same_origin_redirects_keep_credentials() {
        let (next, r) = next_hop(&wire("GET", "https://a.test/x"), 302, "/y", false).unwrap();
        assert_eq!(next.url, "https://a.test/y");
        assert!(r.dropped.is_empty());
        assert_eq!(next.headers.len(), 3);
    }

    #[test]
    fn cross_origin_redirects_drop_credentials() {
        let (next, r) = next_hop(
            &wire("GET", "https://a.test/x"),
            307,
            "https://b.test/y",
            false,
        )
        .unwrap();
        assert_eq!(
            r.dropped,
            vec!["Authorization".to_string(), "X-API-Key".to_string()]
        );
        assert_eq!(
            next.headers,
            vec![("Content-Type".to_string(), "application/json".to_string())]
        );
        let (_, r) = next_hop(
            &wire("GET", "https://a.test/x"),
            302,
            "http://a.test/y",
            false,
        )
        .unwrap();
        assert_eq!(r.dropped.len(), 2, "a scheme change is another origin");
    }

    #[test]
    fn see_other_turns_post_into_get_without_body() {
        let (next, r) = next_hop(&wire("POST", "https://a.test/x"), 303, "/done", false).unwrap();
        assert_eq!((next.method.as_str(), next.body.is_none()), ("GET", true));
        assert_eq!(r.method, "GET");
        let (next, _) = next_hop(&wire("POST", "https://a.test/x"), 308, "/again", false).unwrap();
        assert_eq!((next.method.as_str(), next.body.is_some()), ("POST", true));
    }

    #[test]
    fn body_credentials_never_follow_to_another_host() {
        let mut w = wire("POST", "https://a.test/x");
        w.body_has_credential = true;
        assert!(next_hop(&w, 307, "https://b.test/", false).is_err());
        assert!(next_hop(&w, 307, "/same-host", false).is_ok());
    }

    #[test]
    fn a_query_credential_never_follows_to_another_host() {
        let mut w = wire("GET", "https://a.test/x?api_key=k%2by");
        w.query_secret = Some(QuerySecret {
            param: "api_key".into(),
            name: "inv".into(),
            value: "k+y".into(),
        });
        let refused = next_hop(&w, 302, "https://b.test/x?api_key=k%2By", false)
            .err()
            .unwrap();
        assert_eq!(
            refused,
            "redirect to another host (b.test) would carry the credential in its query; not followed"
        );
        assert!(next_hop(&w, 302, "https://b.test/x?other=1", false).is_ok());
        assert!(next_hop(&w, 302, "/y?api_key=k%2By", false).is_ok());
    }

    #[test]
    fn a_same_origin_redirect_shows_the_query_key_masked_whatever_its_length() {
        let mut w = wire("GET", "https://a.test/x?q=1&api_key=a%26c");
        w.query_secret = Some(QuerySecret {
            param: "api key".into(),
            name: "inv".into(),
            value: "a&c".into(),
        });
        let (next, r) =
            next_hop(&w, 302, "/y?api+key=a%26c&b=2&api%20key=other#top", false).unwrap();
        assert_eq!(
            next.url, "https://a.test/y?api+key=a%26c&b=2&api%20key=other#top",
            "the next hop goes where the server said"
        );
        assert_eq!(
            r.location,
            "https://a.test/y?api+key=<secret:inv>&b=2&api%20key=<secret:inv>#top"
        );
        let (_, r) = next_hop(&w, 302, "https://b.test/y?api+key=mine", false).unwrap();
        assert_eq!(
            r.location, "https://b.test/y?api+key=mine",
            "another origin's own parameter is not the key"
        );
    }

    #[test]
    fn an_unsendable_url_is_not_quoted_in_the_error() {
        let limits = Limits {
            timeout: Duration::from_secs(1),
            max_response_bytes: 1,
            max_redirects: 0,
            mock: false,
        };
        let error = ureq::Error::BadUri("https://a.test/?api_key=hunter22 is missing host".into());
        assert_eq!(
            map_error(error, "a.test:443", limits).to_string(),
            "request to a.test:443 failed: the URL cannot be sent"
        );
    }

    #[test]
    fn mock_redirects_stay_on_the_mock_origin() {
        let mock = wire("GET", "http://127.0.0.1:9/x");
        let refused = next_hop(&mock, 302, "http://127.0.0.1:10/y", true)
            .err()
            .unwrap();
        assert_eq!(
            refused,
            "--mock stays on the mock server at 127.0.0.1:9; `http://127.0.0.1:10/y` is elsewhere"
        );
        assert!(next_hop(&mock, 302, "/y", true).is_ok());
    }

    #[test]
    fn failed_lookups_are_dns_errors_naming_the_host() {
        let os_error = std::io::Error::other(
            "failed to lookup address information: Name or service not known",
        );
        let error = lookup_failure(ureq::Error::Io(os_error));
        assert!(matches!(error, ureq::Error::HostNotFound), "{error:?}");
        let limits = Limits {
            timeout: Duration::from_secs(1),
            max_response_bytes: 1,
            max_redirects: 0,
            mock: false,
        };
        let mapped = map_error(error, "api.example.invalid:443", limits);
        assert_eq!(
            mapped.to_string(),
            "could not resolve host `api.example.invalid` (DNS)"
        );
        assert!(matches!(
            lookup_failure(ureq::Error::Timeout(ureq::Timeout::Resolve)),
            ureq::Error::Timeout(_)
        ));
    }

    #[test]
    fn too_many_response_headers_are_named() {
        let limits = Limits {
            timeout: Duration::from_secs(1),
            max_response_bytes: 1,
            max_redirects: 0,
            mock: false,
        };
        let error = ureq::Error::Protocol(ureq_proto::Error::HttpParseTooManyHeaders);
        assert_eq!(
            map_error(error, "h:1", limits).to_string(),
            "the response from h:1 has more than 128 headers, more than actionctl reads; the exchange was stopped"
        );
    }

    #[test]
    fn deadlines_never_overflow() {
        let now = Instant::now();
        assert_eq!(
            deadline_after(now, Duration::from_secs(2)),
            Some(now + Duration::from_secs(2))
        );
        assert!(deadline_after(now, NO_DEADLINE_BEYOND).is_some());
        for endless in [
            NO_DEADLINE_BEYOND + Duration::from_nanos(1),
            Duration::from_secs(i64::MAX as u64),
            Duration::MAX,
        ] {
            assert_eq!(deadline_after(now, endless), None, "{endless:?}");
        }
    }

    #[test]
    fn timeouts_too_long_for_a_deadline_still_send() {
        let mock = crate::core::model::Mock {
            status: 200,
            ..crate::core::model::Mock::default()
        };
        let body = serde_json::json!({"ok": true});
        let answer = crate::io::mock::Answer::from_mock(&mock, Some(&body));
        let server = crate::io::mock::MockServer::start(answer).unwrap();
        let mut request = wire("GET", &format!("{}/x", server.base_url()));
        request.body = None;
        for timeout in [
            NO_DEADLINE_BEYOND,
            Duration::from_secs(u64::MAX),
            Duration::MAX,
        ] {
            let limits = Limits {
                timeout,
                max_response_bytes: 1024,
                max_redirects: 0,
                mock: false,
            };
            let exchange = send(&request, limits).unwrap();
            assert_eq!(exchange.status, 200, "{timeout:?}");
        }
    }

    #[test]
    fn durations_read_short() {
        assert_eq!(human_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(human_duration(Duration::from_secs(30)), "30s");
        assert_eq!(human_duration(Duration::from_secs(120)), "2m");
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.5s");
    }
}
