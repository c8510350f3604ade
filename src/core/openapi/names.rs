//! Names an import derives: action ids (kebab-case, unique), variable
//! names (identifiers) and secret names.

use std::collections::HashMap;

use crate::core::draft::is_valid_id;
use crate::core::template::is_identifier;

/// Longest action id (see `is_valid_id`).
const MAX_ID: usize = 64;

/// `getPetById`, `repos/list-for-org`, `List_Pets` → `get-pet-by-id`,
/// `repos-list-for-org`, `list-pets`: words split at anything that is not
/// an ASCII letter or digit and at camel-case humps, lower-cased, joined
/// by `-`, cut to 64 characters at a word.
pub(crate) fn kebab_case(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let hump = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if hump && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut id = String::new();
    for w in words {
        let extra = if id.is_empty() { w.len() } else { w.len() + 1 };
        if id.len() + extra > MAX_ID {
            if id.is_empty() {
                id = w[..MAX_ID].to_string();
            }
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&w);
    }
    if id.is_empty() {
        "operation".to_string()
    } else {
        id
    }
}

/// The id an `operationId` gives: kebab-case after accents are taken off
/// (`Ünïcödé öp` → `unicode-op`); `None` when it has no ASCII letter or
/// digit left (`日本語`, `..`, `-_-`), so the operation takes its method
/// and path instead.
pub(crate) fn operation_id(text: &str) -> Option<String> {
    let ascii = transliterate(text);
    ascii
        .chars()
        .any(|c| c.is_ascii_alphanumeric())
        .then(|| kebab_case(&ascii))
}

/// `text` with accents taken off (canonical decomposition, combining
/// marks dropped) and a few letters that do not decompose spelled out;
/// other characters are kept as they are.
fn transliterate(text: &str) -> String {
    let decomposed = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let mut out = String::with_capacity(decomposed.len());
    for c in decomposed.chars() {
        match c {
            '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}' => {}
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'đ' | 'ð' => out.push('d'),
            'Đ' | 'Ð' => out.push('D'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'þ' => out.push_str("th"),
            'Þ' => out.push_str("TH"),
            other => out.push(other),
        }
    }
    out
}

/// The id of an operation without an `operationId`: `get /pets/{petId}`
/// → `get-pets-pet-id`.
pub(crate) fn derived_id(method: &str, path: &str) -> String {
    kebab_case(&format!("{method} {path}"))
}

/// Makes ids unique in order: the second `list` becomes `list-2`, the
/// third `list-3` (cut so the suffix fits in 64 characters).
#[derive(Debug, Default)]
pub(crate) struct UniqueIds {
    taken: HashMap<String, usize>,
}

impl UniqueIds {
    /// Whether `id` was claimed already.
    pub(crate) fn is_taken(&self, id: &str) -> bool {
        self.taken.contains_key(id)
    }

    /// `id` itself the first time, else `id-N` with the first free N.
    pub(crate) fn claim(&mut self, id: &str) -> String {
        if !self.taken.contains_key(id) {
            self.taken.insert(id.to_string(), 1);
            return id.to_string();
        }
        let mut n = self.taken.get(id).copied().unwrap_or(1);
        loop {
            n += 1;
            let suffix = format!("-{n}");
            let stem: String = id.chars().take(MAX_ID - suffix.len()).collect();
            let candidate = format!("{}{suffix}", stem.trim_end_matches('-'));
            if !self.taken.contains_key(&candidate) && is_valid_id(&candidate) {
                self.taken.insert(id.to_string(), n);
                self.taken.insert(candidate.clone(), 1);
                return candidate;
            }
        }
    }
}

/// A variable name for a parameter or property name: the name itself
/// when it is an identifier, else every run of other characters turned
/// into `_` (`X-Request-ID` → `X_Request_ID`, `ids[]` → `ids`, `2fa` →
/// `v_2fa`).
pub(crate) fn variable_name(wire: &str) -> String {
    if is_identifier(wire) {
        return wire.to_string();
    }
    let mut out = String::new();
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_');
    match out.chars().next() {
        None => "value".to_string(),
        Some(c) if c.is_ascii_digit() => format!("v_{out}"),
        Some(_) => out.to_string(),
    }
}

/// Variable names in use in one action, so each new one is unique:
/// `id` then `id_2`. Context names (`agent_name`, …) count as taken.
#[derive(Debug)]
pub(crate) struct VariableNames {
    taken: Vec<String>,
}

impl VariableNames {
    /// None taken but the context names.
    pub(crate) fn new() -> Self {
        let taken = crate::core::model::CONTEXT_NAMES
            .iter()
            .filter(|n| !n.contains('.'))
            .map(ToString::to_string)
            .chain(["contact".to_string(), "env".to_string()])
            .collect();
        Self { taken }
    }

    /// A unique variable name for `wire`.
    pub(crate) fn claim(&mut self, wire: &str) -> String {
        let base = variable_name(wire);
        let mut name = base.clone();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.taken.push(name.clone());
        name
    }
}

/// A secret name for a security scheme: its kebab-case name
/// (`BearerAuth` → `bearer-auth`).
pub(crate) fn secret_name(scheme: &str) -> String {
    kebab_case(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_become_kebab_case() {
        for (from, to) in [
            ("getPetById", "get-pet-by-id"),
            ("listPets", "list-pets"),
            ("repos/list-for-org", "repos-list-for-org"),
            ("List_Pets", "list-pets"),
            ("HTTPServerStatus", "http-server-status"),
            ("getV2Users", "get-v2-users"),
            ("  ", "operation"),
            ("créer", "cr-er"),
        ] {
            assert_eq!(kebab_case(from), to, "{from}");
            assert!(is_valid_id(&kebab_case(from)));
        }
        assert_eq!(derived_id("get", "/pets/{petId}"), "get-pets-pet-id");
    }

    #[test]
    fn operation_ids_are_transliterated_or_give_way_to_method_and_path() {
        assert_eq!(
            operation_id("Ünïcödé öp naïve").as_deref(),
            Some("unicode-op-naive")
        );
        assert_eq!(
            operation_id("Straße øre Łódź").as_deref(),
            Some("strasse-ore-lodz")
        );
        assert_eq!(operation_id("créer").as_deref(), Some("creer"));
        for none in ["日本語", "..", "-_-", "", "\u{301}"] {
            assert_eq!(operation_id(none), None, "{none}");
        }
        assert_eq!(derived_id("post", "/"), "post");
    }

    #[test]
    fn long_ids_are_cut_at_a_word() {
        let id = kebab_case(&"wordy".repeat(3).repeat(10));
        assert_eq!(id.len(), 64);
        let id = kebab_case(&["segment"; 20].join("_"));
        assert!(id.len() <= 64 && !id.ends_with('-'), "{id}");
        assert!(is_valid_id(&id));
    }

    #[test]
    fn clashing_ids_get_numbers() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("list"), "list");
        assert_eq!(ids.claim("list"), "list-2");
        assert_eq!(ids.claim("list-2"), "list-2-2");
        assert_eq!(ids.claim("list"), "list-3");
        let long = "a".repeat(64);
        let second = ids.claim(&long);
        assert_eq!(ids.claim(&long).len(), 64);
        assert_eq!(second, long);
    }

    #[test]
    fn wire_names_map_to_identifiers() {
        assert_eq!(variable_name("petId"), "petId");
        assert_eq!(variable_name("X-Request-ID"), "X_Request_ID");
        assert_eq!(variable_name("ids[]"), "ids");
        assert_eq!(variable_name("2fa"), "v_2fa");
        assert_eq!(variable_name("$$"), "value");
        let mut names = VariableNames::new();
        assert_eq!(names.claim("id"), "id");
        assert_eq!(names.claim("id"), "id_2");
        assert_eq!(names.claim("agent_name"), "agent_name_2");
    }
}
