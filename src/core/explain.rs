//! An outcome in words, for messages: what `expect` asks for and what a
//! failing status usually means.

use crate::core::model::{Action, Auth, Expect, StatusMatch};

/// What `expect` asks for, in words: `200`, `2xx`, `200 or 201`.
pub(crate) fn describe_expect(expect: &Expect) -> String {
    let parts: Vec<String> = expect
        .status
        .iter()
        .map(|m| match m {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Class(c) => format!("{c}xx"),
        })
        .collect();
    parts.join(" or ")
}

/// What a failing status usually means for an action.
pub(crate) fn status_hint(status: u16, action: &Action) -> String {
    match status {
        401 | 403 => match &action.auth {
            Auth::None => "the API wants credentials: add `auth:` with a stored secret".to_string(),
            auth => format!(
                "the API refused the credentials: check that secret `{}` holds a valid key and that auth type `{}` is what the API expects",
                auth.secret().unwrap_or_default(),
                auth.kind().name()
            ),
        },
        404 => "not found: check the URL and the values placed in it".to_string(),
        405 => format!(
            "method not allowed: check that the endpoint takes {}",
            action.method.as_str()
        ),
        400 | 422 => {
            "the API rejected the request: check the body and the variable values".to_string()
        }
        408 | 504 => "the API or a gateway timed out; try again or raise `timeout:`".to_string(),
        429 => "rate limited: wait before trying again (see Retry-After)".to_string(),
        300..=399 => "a redirect was not followed; check the URL (or --max-redirects)".to_string(),
        500..=599 => {
            "the API failed on its side; the request may be fine, try again later".to_string()
        }
        _ => "the status is outside `expect`".to_string(),
    }
}
