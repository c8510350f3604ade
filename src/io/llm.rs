//! Sending one call to the model endpoint over the same transport as
//! every action (ureq, rustls, one deadline, a size cap, no redirect
//! that carries the key elsewhere).

use std::time::Duration;

use serde_json::Value;

use crate::core::llm::{ANTHROPIC_VERSION, Api, ModelReply, parse_reply};
use crate::error::Error;
use crate::io::secrets::Redactor;
use crate::io::transport::{self, Limits, TransportError, WireRequest};

/// Largest model answer read.
const MAX_ANSWER_BYTES: u64 = 8 << 20;

/// Where the model is and how to reach it.
#[derive(Clone)]
pub(crate) struct ModelEndpoint {
    /// The protocol.
    pub api: Api,
    /// `--llm`: the base URL.
    pub url: String,
    /// `--model`.
    pub model: String,
    /// The key, when one is stored (`llm` or `--llm-secret NAME`).
    pub key: Option<String>,
    /// The deadline of one call.
    pub timeout: Duration,
}

impl ModelEndpoint {
    /// Masks the key (by `secret`'s name) wherever it could show.
    pub(crate) fn redactor(&self, secret: &str) -> Redactor {
        let mut redactor = Redactor::default();
        if let Some(key) = &self.key {
            redactor.add(secret, key);
        }
        redactor
    }

    /// The request for `body`, key in the header its protocol names.
    fn wire(&self, body: &Value) -> WireRequest {
        let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        let mut credential_headers = Vec::new();
        match (self.api, &self.key) {
            (Api::Openai, Some(key)) => {
                headers.push(("Authorization".into(), format!("Bearer {key}")));
                credential_headers.push("Authorization".to_string());
            }
            (Api::Anthropic, key) => {
                if let Some(key) = key {
                    headers.push(("x-api-key".into(), key.clone()));
                    credential_headers.push("x-api-key".to_string());
                }
                headers.push(("anthropic-version".into(), ANTHROPIC_VERSION.into()));
            }
            (Api::Openai, None) => {}
        }
        WireRequest {
            method: "POST".into(),
            url: self.api.endpoint(&self.url),
            headers,
            body: Some(body.to_string().into_bytes()),
            credential_headers,
            body_has_credential: false,
            query_secret: None,
        }
    }

    /// Sends `body` and reads the answer. Errors name the endpoint and
    /// say what failed; the caller masks them.
    pub(crate) fn call(&self, body: &Value) -> Result<ModelReply, Error> {
        let request = self.wire(body);
        let where_ = crate::core::constraint::shown(&request.url);
        if let Some((name, _)) = request
            .headers
            .iter()
            .find(|(n, v)| ureq::http::HeaderValue::from_str(v).is_err() && !n.is_empty())
        {
            return Err(Error::Model(format!(
                "{where_}: the key cannot be sent in the {name} header (not printable ASCII)"
            )));
        }
        let limits = Limits {
            timeout: self.timeout,
            max_response_bytes: MAX_ANSWER_BYTES,
            max_redirects: 0,
            mock: false,
        };
        let exchange = transport::send(&request, limits).map_err(|e| {
            let said = match e {
                // The transport's own hints name the actions' options.
                TransportError::TooLarge(_) => {
                    format!("the answer is larger than {} MiB", MAX_ANSWER_BYTES >> 20)
                }
                TransportError::Timeout(after) => format!(
                    "no complete answer within {} (raise it with --llm-timeout)",
                    crate::core::text::human_duration(after)
                ),
                other => other.to_string(),
            };
            Error::Model(format!("{where_}: {said}"))
        })?;
        if (300..400).contains(&exchange.status) {
            return Err(Error::Model(format!(
                "{where_}: {}",
                redirect_refused(exchange.status, &exchange.headers)
            )));
        }
        parse_reply(self.api, exchange.status, &exchange.body)
            .map_err(|e| Error::Model(format!("{where_}: {e}")))
    }
}

/// Why a redirect from the model endpoint ends the call: it is not
/// followed (the key would go with it), and where it pointed says what
/// to fix (often http:// for https://). The caller masks the message.
fn redirect_refused(status: u16, headers: &[(String, String)]) -> String {
    let location = headers
        .iter()
        .find(|(name, _)| name == "location")
        .map(|(_, value)| {
            crate::core::constraint::shown(crate::core::text::cut_line(value, 200).as_ref())
        });
    match location {
        Some(location) => format!(
            "the model endpoint answered {status}, a redirect to {location}; redirects are not followed (the key would go with them): give that URL to --llm if it is the endpoint"
        ),
        None => format!(
            "the model endpoint answered {status}, a redirect without a Location; redirects are not followed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(api: Api, key: Option<&str>) -> ModelEndpoint {
        ModelEndpoint {
            api,
            url: "http://127.0.0.1:9/v1".into(),
            model: "m".into(),
            key: key.map(str::to_string),
            timeout: Duration::from_secs(1),
        }
    }

    #[test]
    fn each_protocol_carries_the_key_in_its_own_header_and_none_without_one() {
        let openai = endpoint(Api::Openai, Some("sk-1")).wire(&Value::Null);
        assert_eq!(openai.url, "http://127.0.0.1:9/v1/chat/completions");
        assert!(
            openai
                .headers
                .contains(&("Authorization".into(), "Bearer sk-1".into()))
        );
        assert_eq!(openai.credential_headers, ["Authorization"]);
        let anthropic = endpoint(Api::Anthropic, Some("sk-ant")).wire(&Value::Null);
        assert_eq!(anthropic.url, "http://127.0.0.1:9/v1/v1/messages");
        assert!(
            anthropic
                .headers
                .contains(&("x-api-key".into(), "sk-ant".into()))
        );
        assert!(
            anthropic
                .headers
                .contains(&("anthropic-version".into(), ANTHROPIC_VERSION.into()))
        );
        let keyless = endpoint(Api::Openai, None).wire(&Value::Null);
        assert_eq!(keyless.headers.len(), 1);
        assert!(keyless.credential_headers.is_empty());
    }

    #[test]
    fn a_key_that_cannot_stand_in_a_header_is_refused_before_sending() {
        let error = endpoint(Api::Openai, Some("bad\nkey"))
            .call(&Value::Null)
            .unwrap_err();
        assert!(error.to_string().contains("Authorization"), "{error}");
        assert!(!error.to_string().contains("bad"), "{error}");
    }
}
