//! Finding every secret form in a haystack, fast to build and to run.
//!
//! Values of up to [`GRAMMAR_MAX_BYTES`] are found through the encoding
//! grammar of [`super::forms`], in two steps: the whole grammar costs
//! time to build in proportion to the values' length (about 65 µs per
//! character, on top of a fixed cost), so a search for only the first
//! [`ANCHOR_CHARS`] characters of each pattern runs first, as a lazy DFA
//! that builds in about half a millisecond. Where it finds
//! nothing, nothing can match, which is the usual case of output that
//! holds no secret; the whole search is built the first time it finds
//! something. Longer values (tokens of kilobytes) are found as literals
//! in their common encodings with Aho-Corasick, which builds and runs in
//! linear time whatever the value (the grammar's lazy DFA needs minutes
//! on a repetitive value of thousands of characters).

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex_automata::hybrid::dfa::DFA;
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson;
use regex_syntax::hir::Hir;

use super::forms;

/// A value to mask and its mask.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub text: String,
    pub mask: String,
    /// Also find it inside base64 streams.
    pub base64: bool,
}

/// One match: where it is and what replaces it.
pub(super) struct Hit<'a> {
    pub range: Range<usize>,
    pub mask: &'a str,
}

/// Characters of each pattern the first search looks for.
const ANCHOR_CHARS: usize = 6;

/// Values longer than this (in bytes) are found as literals only: raw,
/// JSON-escaped (once, twice, with `\/`), percent-encoded (either case),
/// every byte percent-encoded or every character `\u`-escaped (each all
/// in lower or all in upper case hex), and in base64 at each alignment,
/// in both alphabets.
pub(super) const GRAMMAR_MAX_BYTES: usize = 256;

/// The search for a set of entries.
pub(super) struct Matcher {
    /// The first characters of every grammar pattern: a lazy DFA, which
    /// is all a yes-or-no answer needs and builds in less than half the
    /// time of a full regex. `None` if it could not be built: then the
    /// whole search always runs.
    anchor: Option<DFA>,
    /// The entries searched through the grammar, longest first.
    short: Vec<Entry>,
    /// Their whole search, built on first need.
    whole: OnceLock<Option<Search>>,
    /// The entries too long for the grammar, as literals.
    long: Option<Search>,
}

/// A compiled search and the mask of each of its patterns, by pattern id.
enum Search {
    Grammar(Regex, Vec<String>),
    Literal(AhoCorasick, Vec<String>),
}

impl Matcher {
    /// The search for `entries`.
    pub(super) fn new(entries: &[Entry]) -> Self {
        let mut entries = entries.to_vec();
        entries.sort_by_key(|e| std::cmp::Reverse(e.text.len()));
        let (long, short): (Vec<Entry>, Vec<Entry>) = entries
            .into_iter()
            .partition(|e| e.text.len() > GRAMMAR_MAX_BYTES);
        let anchors: Vec<Hir> = patterns_of(&short)
            .iter()
            .map(|(p, _)| p.prefix(ANCHOR_CHARS))
            .collect();
        Self {
            anchor: compile_anchor(&anchors),
            short,
            whole: OnceLock::new(),
            long: Search::literal(&long),
        }
    }

    /// Every match in `haystack`, in order and not overlapping.
    pub(super) fn find(&self, haystack: &[u8]) -> Vec<Hit<'_>> {
        let mut hits = self
            .long
            .as_ref()
            .map(|s| s.find(haystack))
            .unwrap_or_default();
        let maybe =
            !self.short.is_empty() && self.anchor.as_ref().is_none_or(|a| may_match(a, haystack));
        if maybe {
            let whole = self.whole.get_or_init(|| {
                Search::grammar(&self.short).or_else(|| Search::literal(&self.short))
            });
            if let Some(whole) = whole {
                let grammar_hits = whole.find(haystack);
                if hits.is_empty() {
                    return grammar_hits;
                }
                hits.extend(grammar_hits);
                return merge(hits);
            }
        }
        hits
    }
}

impl Search {
    /// The grammar patterns of `entries`; `None` if none or too large.
    fn grammar(entries: &[Entry]) -> Option<Self> {
        let (patterns, masks): (Vec<Hir>, Vec<String>) = patterns_of(entries)
            .iter()
            .map(|(p, mask)| (p.whole(), mask.to_string()))
            .unzip();
        compile(&patterns).map(|regex| Self::Grammar(regex, masks))
    }

    /// The literal forms of `entries`; `None` if none.
    fn literal(entries: &[Entry]) -> Option<Self> {
        let (needles, masks): (Vec<String>, Vec<String>) = entries
            .iter()
            .flat_map(|e| {
                forms::literal_forms(&e.text, e.base64)
                    .into_iter()
                    .map(|form| (form, e.mask.clone()))
            })
            .unzip();
        if needles.is_empty() {
            return None;
        }
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&needles)
            .ok()
            .map(|ac| Self::Literal(ac, masks))
    }

    fn find(&self, haystack: &[u8]) -> Vec<Hit<'_>> {
        match self {
            Self::Grammar(regex, masks) => regex
                .find_iter(haystack)
                .map(|m| Hit {
                    range: m.range(),
                    mask: &masks[m.pattern().as_usize()],
                })
                .collect(),
            Self::Literal(ac, masks) => ac
                .find_iter(haystack)
                .map(|m| Hit {
                    range: m.range(),
                    mask: &masks[m.pattern().as_usize()],
                })
                .collect(),
        }
    }
}

/// Hits from two searches in order, overlapping ones joined.
fn merge(mut hits: Vec<Hit<'_>>) -> Vec<Hit<'_>> {
    hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    let mut merged: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        match merged.last_mut() {
            Some(last) if hit.range.start < last.range.end => {
                last.range.end = last.range.end.max(hit.range.end);
            }
            _ => merged.push(hit),
        }
    }
    merged
}

/// Each entry's grammar patterns, in order, with its mask.
fn patterns_of(entries: &[Entry]) -> Vec<(forms::Pattern, &str)> {
    let mut patterns = Vec::new();
    for entry in entries {
        patterns.push((forms::text_pattern(&entry.text), entry.mask.as_str()));
        if entry.base64 {
            for pattern in forms::base64_patterns(entry.text.as_bytes()) {
                patterns.push((pattern, entry.mask.as_str()));
            }
        }
    }
    patterns
}

/// One search for all `patterns`, leftmost match first, the earlier
/// pattern winning where two start at the same place.
fn compile(patterns: &[Hir]) -> Option<Regex> {
    if patterns.is_empty() {
        return None;
    }
    let config = regex_automata::meta::Config::new().nfa_size_limit(Some(256 << 20));
    Regex::builder()
        .configure(config)
        .build_many_from_hir(patterns)
        .ok()
}

/// A lazy DFA that tells whether any of `patterns` occurs.
fn compile_anchor(patterns: &[Hir]) -> Option<DFA> {
    if patterns.is_empty() {
        return None;
    }
    let nfa = thompson::Compiler::new()
        .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
        .build_many_from_hir(patterns)
        .ok()?;
    DFA::builder().build_from_nfa(nfa).ok()
}

/// False only when no anchor pattern occurs in `haystack`; a DFA that
/// gives up counts as a maybe.
fn may_match(dfa: &DFA, haystack: &[u8]) -> bool {
    let mut cache = dfa.create_cache();
    let input = regex_automata::Input::new(haystack).earliest(true);
    !matches!(dfa.try_search_fwd(&mut cache, &input), Ok(None))
}

/// `haystack` with each hit replaced by its mask.
pub(super) fn replace(haystack: &[u8], hits: &[Hit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut at = 0;
    for hit in hits {
        out.extend_from_slice(&haystack[at..hit.range.start]);
        out.extend_from_slice(hit.mask.as_bytes());
        at = hit.range.end;
    }
    out.extend_from_slice(&haystack[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Entry {
        Entry {
            text: text.to_string(),
            mask: "<m>".to_string(),
            base64: true,
        }
    }

    fn redact(matcher: &Matcher, text: &str) -> String {
        String::from_utf8(replace(text.as_bytes(), &matcher.find(text.as_bytes()))).unwrap()
    }

    #[test]
    fn long_values_are_found_in_their_common_forms() {
        let text: String = ('a'..='z').cycle().take(GRAMMAR_MAX_BYTES + 10).collect();
        let text = format!("{text}/+é \"");
        let matcher = Matcher::new(&[entry(&text), entry("short-one")]);
        let echoed = format!(
            "a={text}&b={}&c={}&d={}&e=short-one&f={}",
            crate::core::template::json_escape(&text),
            crate::core::template::encode_query_component(&text),
            crate::core::template::json_escape(&text).replace('/', r"\/"),
            crate::core::template::encode_query_component("short-one")
        );
        assert_eq!(
            redact(&matcher, &echoed),
            "a=<m>&b=<m>&c=<m>&d=<m>&e=<m>&f=<m>"
        );
        let every_byte: String = text.bytes().map(|b| format!("%{b:02x}")).collect();
        let every_char: String = text.encode_utf16().map(|u| format!("\\u{u:04X}")).collect();
        assert_eq!(
            redact(
                &matcher,
                &format!(
                    "p={every_byte}&P={}&u={every_char}",
                    every_byte.to_uppercase()
                )
            ),
            "p=<m>&P=<m>&u=<m>"
        );
        for prefix in ["", "x", "xy"] {
            let b64 = base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE,
                format!("{prefix}{text}"),
            );
            let out = redact(&matcher, &b64);
            let (before, after) = out.split_once("<m>").unwrap();
            assert!(before.len() <= 3 && after.len() <= 3, "{out}");
        }
    }

    #[test]
    fn a_repetitive_long_value_is_found_as_a_literal() {
        let value = "x".repeat(30_000);
        let matcher = Matcher::new(&[entry(&value)]);
        let haystack = format!("{{\"a\":\"{value}\"}}").repeat(20);
        assert_eq!(matcher.find(haystack.as_bytes()).len(), 20);
    }

    #[test]
    fn overlapping_hits_of_two_searches_are_joined() {
        let hits = vec![
            Hit {
                range: 10..20,
                mask: "<a>",
            },
            Hit {
                range: 5..12,
                mask: "<b>",
            },
            Hit {
                range: 30..31,
                mask: "<a>",
            },
        ];
        let merged: Vec<(Range<usize>, &str)> =
            merge(hits).into_iter().map(|h| (h.range, h.mask)).collect();
        assert_eq!(merged, [(5..20, "<b>"), (30..31, "<a>")]);
    }
}
