//! What of a JSON body from curl actionctl could not send as written:
//! a member name given twice in one object (the parsed body keeps the
//! last) and a number beyond a 64-bit float (`1e400`), which is sent
//! changed. Both are refused rather than altered silently.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// serde_json's key for a number read with `arbitrary_precision`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Why `text` (valid JSON) would not be sent as written, if it would not.
pub(super) fn not_sent_as_written(text: &str) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match deserializer.deserialize_any(Exact) {
        Ok(()) => None,
        Err(e) => Some(e.to_string()),
    }
}

struct Exact;

impl<'de> de::Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Exact).map(|()| Exact)
    }
}

impl<'de> Visitor<'de> for Exact {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        finite(v.is_finite(), &v.to_string())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<Exact>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == NUMBER_TOKEN {
                let number: String = map.next_value()?;
                let fits = number.parse::<f64>().is_ok_and(f64::is_finite);
                return finite(fits, &number);
            }
            if !seen.insert(key.clone()) {
                let shown: String = key.escape_debug().take(40).collect();
                return Err(de::Error::custom(format!(
                    "the JSON data gives the member `{shown}` twice in one object, and actionctl would send only the last: keep one"
                )));
            }
            map.next_value::<Exact>()?;
        }
        Ok(())
    }
}

fn finite<E: de::Error>(fits: bool, number: &str) -> Result<(), E> {
    if fits {
        return Ok(());
    }
    let shown: String = number.chars().take(40).collect();
    Err(E::custom(format!(
        "the JSON data holds the number `{shown}`, beyond what actionctl sends exactly (a 64-bit float): write it as a string, or a smaller number"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_huge_numbers_are_named_and_the_rest_passes() {
        let dup = not_sent_as_written(r#"{"a":{"dup":1,"dup":2}}"#).unwrap();
        assert!(dup.contains("member `dup` twice"), "{dup}");
        let huge = not_sent_as_written(r#"{"n":[1e400]}"#).unwrap();
        assert!(
            huge.contains("beyond what actionctl sends exactly"),
            "{huge}"
        );
        for fine in [
            r#"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}],"d":1.50,"e":null,"f":true}"#,
            "[]",
            "12345678901234567890123",
            r#""text""#,
        ] {
            assert_eq!(not_sent_as_written(fine), None, "{fine}");
        }
    }
}
