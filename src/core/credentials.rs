//! Heuristics that spot a credential written literally into an action
//! file, where only the name of a stored secret belongs.

/// Header and query names that carry credentials.
const SENSITIVE_NAMES: [&str; 17] = [
    "authorization",
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
