//! The regular expressions that find a secret in the encodings a server
//! may echo it in. Rather than a list of encoded needles, each character
//! of the secret becomes the set of ways it can be written:
//!
//! - as itself;
//! - as a JSON `\uXXXX` escape (either hex case; a surrogate pair above
//!   U+FFFF), or `\"`, `\\`, `\/` for those three;
//! - percent-encoded, byte by byte (either hex case), a space also as `+`;
//! - as an HTML character reference (`&#NN;`, `&#xHH;`, `&amp;`...);
//!
//! and the escape syntax itself may be escaped again any number of times
//! (`\\u0041`, `\\\/`, `%2541`, `%5Cu0041`), so each character may use a
//! different form and nested encodings are found too. Base64 is handled
//! by the "stable core" of each of the three alignments a secret can
//! have inside a longer base64 stream: the characters that depend on the
//! secret's bytes alone, in both alphabets, plus the partial characters
//! on either side (which carry a few bits of it), plus padding.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, Repetition};

// The patterns are built as syntax trees rather than regex text: parsing
// the text cost more than compiling it (0.5 ms for six characters of one
// secret, paid by every run).

fn lit(text: &str) -> Hir {
    Hir::literal(text.as_bytes())
}

fn alt(hirs: Vec<Hir>) -> Hir {
    Hir::alternation(hirs)
}

fn cat(hirs: Vec<Hir>) -> Hir {
    Hir::concat(hirs)
}

fn repeat(hir: Hir, min: u32, max: Option<u32>) -> Hir {
    Hir::repetition(Repetition {
        min,
        max,
        greedy: true,
        sub: Box::new(hir),
    })
}

fn optional(hir: Hir) -> Hir {
    repeat(hir, 0, Some(1))
}

/// Any one of `chars`.
fn one_of(chars: &[char]) -> Hir {
    Hir::class(Class::Unicode(ClassUnicode::new(
        chars.iter().map(|&c| ClassUnicodeRange::new(c, c)),
    )))
}

/// `%`, possibly itself percent-encoded again (`%25`, `%2525`).
fn percent() -> Hir {
    cat(vec![lit("%"), repeat(lit("25"), 0, None)])
}

/// A backslash written as escape syntax: `\`, doubled by further JSON
/// escaping (`\\`, `\\\\`), percent-encoded (`%5C`) or `\u005c`.
fn backslash() -> Hir {
    repeat(
        alt(vec![
            lit("\\"),
            cat(vec![percent(), lit("5"), one_of(&['c', 'C'])]),
            cat(vec![lit("\\u005"), one_of(&['c', 'C'])]),
        ]),
        1,
        None,
    )
}

/// One hex digit matching either case.
fn hex_digit(d: u32) -> Hir {
    let c = char::from_digit(d, 16).unwrap_or('0');
    if c.is_ascii_digit() {
        Hir::literal(c.to_string().into_bytes())
    } else {
        one_of(&[c, c.to_ascii_uppercase()])
    }
}

/// `n` as `width` hex digits, each digit in either case.
fn hex(n: u32, width: usize) -> Hir {
    cat((0..width)
        .rev()
        .map(|i| hex_digit((n >> (4 * i)) & 0xF))
        .collect())
}

/// A byte percent-encoded: `%HH`, `%25HH`, ...
fn percent_byte(b: u8) -> Hir {
    cat(vec![percent(), hex(u32::from(b), 2)])
}

/// `c` as itself. The ASCII characters that are escape syntax in some
/// encoding may also be escaped by one more layer.
fn raw(c: char) -> Hir {
    match c {
        '\\' => backslash(),
        '"' | '/' => cat(vec![
            optional(backslash()),
            alt(vec![lit(&c.to_string()), percent_byte(c as u8)]),
        ]),
        '%' => percent(),
        '+' => alt(vec![lit("+"), percent_byte(b'+')]),
        c => lit(&c.to_string()),
    }
}

/// `&#NN;`, `&#xHH;`, and the named references HTML escapers use.
fn html_reference(c: char) -> Hir {
    let mut forms = vec![
        cat(vec![
            lit("&#"),
            repeat(lit("0"), 0, None),
            lit(&(c as u32).to_string()),
            lit(";"),
        ]),
        cat(vec![
            lit("&#"),
            one_of(&['x', 'X']),
            repeat(lit("0"), 0, None),
            cat(format!("{:x}", c as u32)
                .chars()
                .map(|d| hex_digit(d.to_digit(16).unwrap_or(0)))
                .collect()),
            lit(";"),
        ]),
    ];
    let named = match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&apos;",
        _ => "",
    };
    if !named.is_empty() {
        forms.push(lit(named));
    }
    alt(forms)
}

/// Every way one character of a secret can be written.
pub(super) fn char_pattern(c: char) -> Hir {
    let mut units = [0u16; 2];
    let escapes = c
        .encode_utf16(&mut units)
        .iter()
        .map(|u| cat(vec![backslash(), lit("u"), hex(u32::from(*u), 4)]))
        .collect();
    let mut bytes = [0u8; 4];
    let mut forms = vec![
        raw(c),
        cat(escapes),
        cat(c
            .encode_utf8(&mut bytes)
            .bytes()
            .map(percent_byte)
            .collect()),
        html_reference(c),
    ];
    if c == ' ' {
        forms.push(raw('+'));
    }
    alt(forms)
}

/// A pattern built one piece per character, so that a prefix of it can
/// be searched for on its own (and built without the rest).
pub(super) struct Pattern {
    chars: Vec<char>,
    piece: fn(char) -> Hir,
    /// Before the first piece (a partial base64 character).
    lead: Option<Hir>,
    /// After the last piece (a partial base64 character and padding).
    tail: Option<Hir>,
}

impl Pattern {
    /// The whole pattern.
    pub(super) fn whole(&self) -> Hir {
        self.prefix(self.chars.len())
    }

    /// Its first `chars` characters: every match of the whole pattern
    /// starts with a match of this.
    pub(super) fn prefix(&self, chars: usize) -> Hir {
        let mut pieces: Vec<Hir> = self.lead.iter().cloned().collect();
        pieces.extend(self.chars.iter().take(chars).map(|&c| (self.piece)(c)));
        if chars >= self.chars.len() {
            pieces.extend(self.tail.iter().cloned());
        }
        cat(pieces)
    }
}

/// Every way `text` can be written, character by character.
pub(super) fn text_pattern(text: &str) -> Pattern {
    Pattern {
        chars: text.chars().collect(),
        piece: char_pattern,
        lead: None,
        tail: None,
    }
}

/// One base64 character, in either alphabet (`+` or `-`, `/` or `_`).
fn base64_char(c: char) -> Hir {
    match c {
        '+' => alt(vec![char_pattern('+'), lit("-")]),
        '/' => alt(vec![char_pattern('/'), lit("_")]),
        c => char_pattern(c),
    }
}

/// Any base64 character, for the partial ones at the edges of a core.
fn any_base64_char() -> Hir {
    alt(vec![
        Hir::class(Class::Unicode(ClassUnicode::new([
            ClassUnicodeRange::new('A', 'Z'),
            ClassUnicodeRange::new('a', 'z'),
            ClassUnicodeRange::new('0', '9'),
            ClassUnicodeRange::new('-', '-'),
            ClassUnicodeRange::new('_', '_'),
        ]))),
        char_pattern('+'),
        char_pattern('/'),
    ])
}

/// The characters of the base64 of a longer stream that depend on
/// `secret`'s bytes alone, when it starts at byte offset `offset` (0, 1
/// or 2) of the stream, and whether a partial character (a few of its
/// bits mixed with the stream's) comes before and after. `None` when
/// `secret` is too short to have any.
fn base64_core(secret: &[u8], offset: usize) -> Option<(String, bool, bool)> {
    let (start, end) = (8 * offset, 8 * (offset + secret.len()));
    let (first, last) = (start.div_ceil(6), end / 6);
    if last <= first {
        return None;
    }
    let padded = [&[0u8; 2][..offset], secret, &[0u8; 2]].concat();
    let encoded = STANDARD_NO_PAD.encode(padded);
    Some((
        encoded[first..last].to_string(),
        start % 6 != 0,
        end % 6 != 0,
    ))
}

/// The patterns that find `secret` inside any base64 stream: one per
/// alignment, each with the partial characters on either side and any
/// padding.
pub(super) fn base64_patterns(secret: &[u8]) -> Vec<Pattern> {
    (0..3)
        .filter_map(|offset| base64_core(secret, offset))
        .map(|(core, lead, tail)| Pattern {
            chars: core.chars().collect(),
            piece: base64_char,
            lead: lead.then(|| optional(any_base64_char())),
            tail: tail.then(|| {
                optional(cat(vec![
                    any_base64_char(),
                    repeat(char_pattern('='), 0, Some(2)),
                ]))
            }),
        })
        .collect()
}

/// `text` raw, JSON-escaped (once, twice, and with `\/`), percent-encoded
/// (upper and lower case) and, when `base64`, the base64 cores of its
/// three alignments in both alphabets: the literal forms searched for a
/// value too long for the grammar.
pub(super) fn literal_forms(text: &str, base64: bool) -> Vec<String> {
    let json = crate::core::template::json_escape(text);
    let percent = crate::core::template::encode_query_component(text);
    let mut forms = vec![
        text.to_string(),
        crate::core::template::json_escape(&json),
        json.replace('/', r"\/"),
        json,
        lowercase_hex(&percent),
        percent,
    ];
    // Every character escaped: what a server that encodes everything
    // (or a JSON encoder in `ensure_ascii`-everything mode) echoes.
    for every in [
        every_byte_percent_encoded(text),
        every_char_json_escaped(text),
    ] {
        forms.push(every.to_ascii_lowercase());
        forms.push(every.to_ascii_uppercase().replace("\\U", "\\u"));
    }
    if base64 {
        for (core, _, _) in (0..3).filter_map(|offset| base64_core(text.as_bytes(), offset)) {
            forms.push(core.replace('+', "-").replace('/', "_"));
            forms.push(core);
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

/// `%HH` for every byte of `text`.
fn every_byte_percent_encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02x}")).collect()
}

/// `\uXXXX` for every character of `text`, a surrogate pair above U+FFFF.
fn every_char_json_escaped(text: &str) -> String {
    text.encode_utf16().map(|u| format!("\\u{u:04x}")).collect()
}

/// Percent-encoded `text` with its `%HH` escapes in lower case (and
/// nothing else changed).
fn lowercase_hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hex_left = 0;
    for c in text.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            hex_left = if c == '%' { 2 } else { 0 };
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta::Regex;

    fn matches_whole(hir: &Hir, text: &str) -> bool {
        let re = Regex::builder().build_from_hir(hir).unwrap();
        let input = regex_automata::Input::new(text).anchored(regex_automata::Anchored::Yes);
        re.search(&input).is_some_and(|m| m.end() == text.len())
    }

    #[test]
    fn each_character_may_use_any_form() {
        let p = text_pattern("a/é<").whole();
        for text in [
            "a/é<",
            r"a\/é\u003c",
            r"\u0061\u002F\u00E9\u003C",
            "%61%2f%C3%A9%3c",
            "a%2F%c3%a9<",
            r"a\\\/é\\u003c",
            "a%252Fé%253C",
            "a&#47;&#xE9;&lt;",
        ] {
            assert!(matches_whole(&p, text), "{text}");
        }
        assert!(!matches_whole(&p, "a/e<"));
    }

    #[test]
    fn astral_characters_match_as_surrogate_pairs() {
        let p = text_pattern("😀").whole();
        assert!(matches_whole(&p, r"\ud83d\ude00"));
        assert!(matches_whole(&p, r"\uD83D\uDE00"));
        assert!(matches_whole(&p, "%F0%9F%98%80"));
        assert!(matches_whole(&p, "&#128512;"));
    }

    #[test]
    fn literal_forms_lowercase_only_the_escapes() {
        let forms = literal_forms("Ab/Cd é", false);
        assert!(forms.contains(&"Ab%2FCd%20%C3%A9".to_string()), "{forms:?}");
        assert!(forms.contains(&"Ab%2fCd%20%c3%a9".to_string()), "{forms:?}");
        assert!(forms.contains(&r"Ab\/Cd é".to_string()), "{forms:?}");
    }

    #[test]
    fn literal_forms_include_every_character_escaped_in_either_case() {
        let forms = literal_forms("Zq😀", false);
        for form in [
            "%5a%71%f0%9f%98%80",
            "%5A%71%F0%9F%98%80",
            r"\u005a\u0071\ud83d\ude00",
            r"\u005A\u0071\uD83D\uDE00",
        ] {
            assert!(forms.contains(&form.to_string()), "{form}: {forms:?}");
        }
    }

    #[test]
    fn spaces_may_be_plus() {
        assert!(matches_whole(&text_pattern("a b").whole(), "a+b"));
        assert!(matches_whole(&text_pattern("a b").whole(), "a%20b"));
    }

    #[test]
    fn base64_cores_cover_all_three_alignments() {
        let patterns: Vec<Hir> = base64_patterns(b"hunter22")
            .iter()
            .map(Pattern::whole)
            .collect();
        assert_eq!(patterns.len(), 3);
        let re = Regex::builder().build_many_from_hir(&patterns).unwrap();
        for prefix in [&b""[..], b"x", b"xy", b"user:"] {
            let stream = STANDARD_NO_PAD.encode([prefix, b"hunter22", b"!"].concat());
            let found = re.find(stream.as_bytes()).unwrap();
            assert!(found.start() <= prefix.len() * 4 / 3 + 1, "{stream}");
        }
    }
}
