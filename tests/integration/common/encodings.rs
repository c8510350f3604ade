//! How real servers echo a value back, written independently of
//! actionctl's redactor, and lenient decoders that undo each encoding, so
//! a test can check that no recognisable form of a secret survives.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

/// A JSON string's contents as serde_json (and most serializers) write it.
pub(crate) fn json(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// PHP's `json_encode`: slashes escaped as `\/`.
pub(crate) fn php_json(s: &str) -> String {
    json(s).replace('/', r"\/")
}

/// Go's `encoding/json`: `<`, `>`, `&`, U+2028 and U+2029 as `\u003c`...
pub(crate) fn go_html_json(s: &str) -> String {
    json(s)
        .replace('<', r"\u003c")
        .replace('>', r"\u003e")
        .replace('&', r"\u0026")
        .replace('\u{2028}', r"\u2028")
        .replace('\u{2029}', r"\u2029")
}

/// Python's `json.dumps(ensure_ascii=True)`: non-ASCII as lowercase
/// `\uxxxx`, astral characters as surrogate pairs.
pub(crate) fn python_ascii_json(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push_str(&json(&c.to_string()));
        } else {
            out.push_str(&u_escapes(c, false));
        }
    }
    out
}

/// Every character as `\uXXXX` (hex in upper or lower case).
pub(crate) fn fully_escaped(s: &str, upper: bool) -> String {
    s.chars().map(|c| u_escapes(c, upper)).collect()
}

fn u_escapes(c: char, upper: bool) -> String {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| {
            if upper {
                format!("\\u{u:04X}")
            } else {
                format!("\\u{u:04x}")
            }
        })
        .collect()
}

/// A JSON string escaped twice (a JSON document inside a JSON string).
pub(crate) fn double_json(s: &str) -> String {
    json(&json(s))
}

/// Percent-encoding of the bytes of the characters `encode` picks (by
/// character index, cycling), hex in the given case; a space not picked
/// becomes `+` when `plus_for_space`.
pub(crate) fn percent(s: &str, encode: &[bool], upper: bool, plus_for_space: bool) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        let pick = encode.is_empty() || encode[i % encode.len()];
        if c == ' ' && plus_for_space && !pick {
            out.push('+');
        } else if pick || !c.is_ascii() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                if upper {
                    out.push_str(&format!("%{b:02X}"));
                } else {
                    out.push_str(&format!("%{b:02x}"));
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every byte outside the unreserved set percent-encoded in lowercase hex.
pub(crate) fn percent_lower(s: &str) -> String {
    let picks: Vec<bool> = s
        .chars()
        .map(|c| !(c.is_ascii_alphanumeric() || "-._~".contains(c)))
        .collect();
    percent(s, &picks, false, false)
}

/// HTML character references for `&<>"'` and for non-ASCII characters.
pub(crate) fn html(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c if !c.is_ascii() => format!("&#x{:X};", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// The base64 of `prefix + secret + suffix`, so the secret starts at
/// offset `prefix.len() % 3` of a longer stream.
pub(crate) fn base64_in_stream(
    prefix: &[u8],
    secret: &str,
    suffix: &[u8],
    url_safe: bool,
    pad: bool,
) -> String {
    let bytes = [prefix, secret.as_bytes(), suffix].concat();
    match (url_safe, pad) {
        (false, true) => STANDARD.encode(bytes),
        (false, false) => STANDARD_NO_PAD.encode(bytes),
        (true, true) => URL_SAFE.encode(bytes),
        (true, false) => URL_SAFE_NO_PAD.encode(bytes),
    }
}

/// Every form above of `secret`, named, for sweeps (base64 at the three
/// alignments, both alphabets, padded and not).
pub(crate) fn all_forms(secret: &str) -> Vec<(&'static str, String)> {
    let mut forms = vec![
        ("raw", secret.to_string()),
        ("json", json(secret)),
        ("php-json", php_json(secret)),
        ("go-html-json", go_html_json(secret)),
        ("python-ascii-json", python_ascii_json(secret)),
        ("fully-escaped-upper", fully_escaped(secret, true)),
        ("fully-escaped-lower", fully_escaped(secret, false)),
        ("double-json", double_json(secret)),
        ("double-php-json", php_json(&php_json(secret))),
        ("percent-lower", percent_lower(secret)),
        ("percent-upper-all", percent(secret, &[], true, false)),
        (
            "percent-some-plus",
            percent(secret, &[true, false, false], false, true),
        ),
        ("percent-twice", percent_lower(&percent_lower(secret))),
        ("html", html(secret)),
    ];
    let names = [
        [
            (false, "base64-0"),
            (false, "base64-1"),
            (false, "base64-2"),
        ],
        [
            (true, "base64url-0"),
            (true, "base64url-1"),
            (true, "base64url-2"),
        ],
    ];
    for alphabet in names {
        for (offset, (url_safe, name)) in alphabet.into_iter().enumerate() {
            let prefix = &b"\x01\xfe\x7f"[..offset];
            forms.push((
                name,
                base64_in_stream(prefix, secret, b"\x00\xff", url_safe, offset != 1),
            ));
        }
    }
    forms
}

/// `text` with JSON escapes (`\uXXXX`, surrogate pairs, `\X`) undone,
/// leniently: anything that is not an escape is kept.
pub(crate) fn json_unescape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            if chars[i + 1] == 'u' {
                if let Some(unit) = hex4(&chars, i + 2) {
                    if (0xD800..0xDC00).contains(&unit)
                        && chars.get(i + 6) == Some(&'\\')
                        && chars.get(i + 7) == Some(&'u')
                        && let Some(low) = hex4(&chars, i + 8)
                    {
                        let c = char::decode_utf16([unit as u16, low as u16])
                            .next()
                            .and_then(Result::ok);
                        if let Some(c) = c {
                            out.push(c);
                            i += 12;
                            continue;
                        }
                    }
                    if let Some(c) = char::from_u32(unit) {
                        out.push(c);
                        i += 6;
                        continue;
                    }
                }
            } else {
                let c = chars[i + 1];
                out.push(match c {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    c => c,
                });
                i += 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn hex4(chars: &[char], at: usize) -> Option<u32> {
    let digits: String = chars.get(at..at + 4)?.iter().collect();
    u32::from_str_radix(&digits, 16).ok()
}

/// `text` percent-decoded (lossy), `+` read as a space when `plus`.
pub(crate) fn percent_decode(text: &str, plus: bool) -> String {
    let text = if plus {
        text.replace('+', " ")
    } else {
        text.to_string()
    };
    percent_encoding::percent_decode_str(&text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `text` with HTML character references undone.
pub(crate) fn html_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every decoding of each run of base64 characters in `text`: from each
/// of the first four characters of the run, standard and URL-safe, the
/// partial last group included.
pub(crate) fn base64_decodings(text: &str) -> Vec<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let lenient = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || "+/-_".contains(c);
    let mut out = Vec::new();
    for run in text.split(|c: char| !is_b64(c)).filter(|r| r.len() >= 2) {
        let standard = run.replace('-', "+").replace('_', "/");
        for start in 0..4.min(standard.len()) {
            let part = &standard[start..];
            let part = if part.len() % 4 == 1 {
                &part[..part.len() - 1]
            } else {
                part
            };
            if let Ok(bytes) = lenient.decode(part) {
                out.push(bytes);
            }
        }
    }
    out
}

/// Every readable view of `text`: as is, JSON-unescaped once and twice,
/// percent-decoded once and twice (with and without `+` as space), HTML
/// unescaped, and each of those JSON-unescaped.
pub(crate) fn decoded_views(text: &str) -> Vec<String> {
    let mut views = vec![text.to_string()];
    let json1 = json_unescape(text);
    views.push(json_unescape(&json1));
    views.push(json1);
    for plus in [false, true] {
        let once = percent_decode(text, plus);
        views.push(percent_decode(&once, plus));
        views.push(once);
    }
    views.push(html_unescape(text));
    let more: Vec<String> = views.iter().map(|v| json_unescape(v)).collect();
    views.extend(more);
    views
}

/// The first recognisable form of `secret` found in `text`, if any.
pub(crate) fn find_secret(text: &str, secret: &str) -> Option<String> {
    for view in decoded_views(text) {
        if view.contains(secret) {
            return Some(format!("decoded view contains it: {view:?}"));
        }
    }
    let needle = secret.as_bytes();
    for view in decoded_views(text) {
        for bytes in base64_decodings(&view) {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                return Some(format!("base64 in {view:?} decodes to it"));
            }
        }
    }
    None
}

/// A query value as curl's `--url-query` writes it: `A-Za-z0-9-._~` as
/// they are, a space as `+`, every other byte as `%xx` in lower case.
pub(crate) fn url_query(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02x}"),
        })
        .collect()
}
