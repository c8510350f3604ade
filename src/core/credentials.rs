//! Heuristics that spot a credential written literally into an action
//! file, where only the name of a stored secret belongs.

/// Header and query names that carry credentials.
const SENSITIVE_NAMES: [&str; 28] = [
    "authorization",
    "auth",
    "sig",
    "signature",
    "session",
    "sessionid",
    "session_id",
    "x_session_id",
    "csrftoken",
    "csrf_token",
    "x_csrftoken",
    "x_csrf_token",
    "proxy_authorization",
    "x_api_key",
    "api_key",
    "apikey",
    "x_auth_token",
    "auth_token",
    "access_token",
    "token",
    "secret",
    "client_secret",
    "api_secret",
    "password",
    "passwd",
    "key",
    "private_token",
    "x_access_token",
];

/// Prefixes of well-known API key formats.
const TOKEN_PREFIXES: [&str; 14] = [
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "pk_live_",
    "sk-",
    "ghp_",
    "gho_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "AKIA",
    "AIza",
    "shpat_",
];

/// True when a header or query name usually carries a credential.
pub(crate) fn is_sensitive_name(name: &str) -> bool {
    let normalized = name.to_ascii_lowercase().replace('-', "_");
    SENSITIVE_NAMES.contains(&normalized.as_str())
}

/// True when a name says it carries a session or an anti-forgery token
/// (`X-Session-Id`, `x-csrftoken`, `X-XSRF-TOKEN`): the value is a login,
/// even when the name ends in `id`.
pub(crate) fn names_a_session(name: &str) -> bool {
    let words = words(name);
    let last = words.last().map(String::as_str).unwrap_or_default();
    words.iter().any(|w| {
        matches!(w.as_str(), "sessionid" | "sessid" | "phpsessid")
            || w.contains("csrf")
            || w.contains("xsrf")
    }) || (words.iter().any(|w| w == "session")
        && matches!(last, "session" | "id" | "token" | "key" | "secret"))
}

/// True when text is an auth scheme word followed by a credential
/// (`Bearer abc`, `Token abc`), whatever header carries it.
pub(crate) fn has_auth_scheme(text: &str) -> bool {
    text.trim().split_once(' ').is_some_and(|(scheme, rest)| {
        matches!(
            scheme.to_ascii_lowercase().as_str(),
            "bearer" | "basic" | "token" | "digest"
        ) && !rest.trim().is_empty()
    })
}

/// True when the literal text of a sensitive field is more than an auth
/// scheme word (`Bearer `, `Basic `, `Token `).
pub(crate) fn is_literal_credential(literal: &str) -> bool {
    literal.split_whitespace().any(|word| {
        !matches!(
            word.to_ascii_lowercase().as_str(),
            "bearer" | "basic" | "token" | "apikey"
        )
    })
}

/// True when the text contains a token with a well-known key prefix.
pub(crate) fn has_token_shape(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_-".contains(c)))
        .any(|word| {
            TOKEN_PREFIXES
                .iter()
                .any(|p| word.starts_with(p) && word.len() >= p.len() + 8)
        })
}

/// True for long, random-looking strings (mixed letters and digits, no
/// separators) that are unlikely to be a secret's name.
pub(crate) fn looks_random(text: &str) -> bool {
    text.len() >= 32
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && text.chars().any(|c| c.is_ascii_digit())
        && text.chars().any(|c| c.is_ascii_alphabetic())
}

/// Words that make a name a credential's wherever they stand in it
/// (`api_token`, `myToken`, `stripe_key`, `db-password`).
const CREDENTIAL_WORDS: [&str; 20] = [
    "token",
    "tokens",
    "secret",
    "secrets",
    "password",
    "passwords",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "passcode",
    "jwt",
    "credential",
    "credentials",
    "apikey",
    "key",
    "keys",
    "authorization",
    "cookie",
    "bearer",
];

/// Words that, ending a name, say it names something about a
/// credential (`token_url`, `api_key_header`, `password_field`) or an
/// identifier (`spreadsheet_id`), not the credential itself.
const ABOUT_WORDS: [&str; 16] = [
    "name",
    "names",
    "header",
    "param",
    "parameter",
    "field",
    "url",
    "uri",
    "endpoint",
    "type",
    "prefix",
    "path",
    "file",
    "format",
    "id",
    "ids",
];

/// The words of a name: split at anything but letters and digits, at
/// lower-to-upper case changes (`myToken`), at the end of a run of
/// capitals (`APIKey`) and between letters and digits; lower-cased.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let boundary = prev.is_some_and(|p| {
            (p.is_lowercase() && c.is_uppercase())
                || (p.is_uppercase() && c.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
                || (p.is_alphabetic() != c.is_alphabetic() && p.is_alphanumeric())
        });
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

/// True when a name, by any word in it, says it holds a credential
/// (`refresh_token`, `signingSecret`, `stripe_key`, `pwd`), unless its
/// last word says it names something about one or an identifier
/// (`token_url`, `key_id`) or it is a public key (`public_key`).
pub(crate) fn is_credential_like_name(name: &str) -> bool {
    let words = words(name);
    let about = words
        .last()
        .is_some_and(|w| ABOUT_WORDS.contains(&w.as_str()));
    let public = words.iter().any(|w| w == "public" || w == "publishable");
    !about && !public && words.iter().any(|w| CREDENTIAL_WORDS.contains(&w.as_str()))
}

/// True for a JSON Web Token: three base64url parts joined by `.`, the
/// first a JSON header (`eyJ`).
fn is_jwt(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| {
            p.len() >= 2
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// True when text holds what looks like a credential whatever it is
/// called: a well-known key format, a JWT, or a long random-looking run
/// of letters and digits. `identifier` (the text is said to be an id)
/// lets a random-looking run through.
pub(crate) fn looks_like_credential_value(text: &str, identifier: bool) -> bool {
    has_token_shape(text)
        || text.split_whitespace().any(is_jwt)
        || (!identifier
            && text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(looks_random))
}

/// True when a name's last word says it is an identifier (`shop_id`,
/// Twilio's `account_sid`): ids look random too, but are not secrets.
pub(crate) fn names_an_identifier(name: &str) -> bool {
    words(name)
        .last()
        .is_some_and(|w| matches!(w.as_str(), "id" | "ids" | "sid" | "uuid" | "guid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_names_allow_random_looking_values() {
        for name in [
            "shop_id",
            "orderIds",
            "account_sid",
            "twilioAccountSid",
            "user_uuid",
        ] {
            assert!(names_an_identifier(name), "{name}");
        }
        for name in ["sid_token", "side", "api_key", "identity"] {
            assert!(!names_an_identifier(name), "{name}");
        }
        let sid = "AC0123456789abcdef0123456789abcdef";
        assert!(!looks_like_credential_value(sid, true));
        assert!(looks_like_credential_value(sid, false));
    }

    #[test]
    fn session_names_scheme_values_and_signatures_are_credentials() {
        for name in ["X-Session-Id", "x-csrftoken", "X-XSRF-TOKEN", "PHPSESSID"] {
            assert!(names_a_session(name), "{name}");
        }
        for name in ["session_count", "X-Request-Id", "sessions_url"] {
            assert!(!names_a_session(name), "{name}");
        }
        assert!(has_auth_scheme("Bearer CANARY12345"));
        assert!(has_auth_scheme("token abc"));
        assert!(!has_auth_scheme("Bearer "));
        assert!(!has_auth_scheme("text/html"));
        for name in ["auth", "sig", "signature", "X-Session-Id", "x-csrftoken"] {
            assert!(is_sensitive_name(name), "{name}");
        }
    }

    #[test]
    fn sensitive_names_ignore_case_and_dashes() {
        assert!(is_sensitive_name("X-API-Key"));
        assert!(is_sensitive_name("access_token"));
        assert!(!is_sensitive_name("Accept"));
    }

    #[test]
    fn scheme_words_alone_are_not_credentials() {
        assert!(!is_literal_credential("Bearer "));
        assert!(is_literal_credential("Bearer abc"));
    }

    #[test]
    fn known_key_formats_are_spotted() {
        assert!(has_token_shape("?k=sk_live_51Habcdef"));
        assert!(has_token_shape("ghp_abcdefghijklmnop"));
        assert!(!has_token_shape("sk-"));
        assert!(!has_token_shape("company-api"));
        assert!(looks_random("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"));
        assert!(!looks_random("company-api"));
    }

    #[test]
    fn names_split_into_words() {
        assert_eq!(words("myToken"), ["my", "token"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("XApiKey"), ["x", "api", "key"]);
        assert_eq!(words("oauth2_token"), ["oauth", "2", "token"]);
        assert_eq!(words("db-password"), ["db", "password"]);
        assert_eq!(words("__a__b"), ["a", "b"]);
    }

    #[test]
    fn credential_words_count_anywhere_in_a_name() {
        for name in [
            "api_token",
            "signingSecret",
            "stripe_key",
            "pwd",
            "x_api_key",
            "SESSION_COOKIE",
        ] {
            assert!(is_credential_like_name(name), "{name}");
        }
        for name in [
            "token_url",
            "key_id",
            "public_key",
            "owner",
            "monkey",
            "keyboard_layout",
        ] {
            assert!(!is_credential_like_name(name), "{name}");
        }
    }

    #[test]
    fn credential_values_are_spotted_by_their_look() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        assert!(looks_like_credential_value(jwt, false));
        assert!(looks_like_credential_value(&format!("Bearer {jwt}"), true));
        assert!(looks_like_credential_value(
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            true
        ));
        let random = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6";
        assert!(looks_like_credential_value(random, false));
        assert!(!looks_like_credential_value(random, true));
        assert!(!looks_like_credential_value("eyJ.not.jwt!", false));
        assert!(!looks_like_credential_value(
            "acme-staging.myshopify.com",
            false
        ));
    }
}
