//! Variable types and the conversion of raw text (`--var name=value`,
//! `example:`, `default:`) into typed values.

use std::fmt;

use thiserror::Error;

/// The seven variable types of the action format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarType {
    /// Any text.
    String,
    /// A signed 64-bit integer.
    Integer,
    /// A finite floating-point number.
    Float,
    /// true/false/yes/no/1/0, any case.
    Boolean,
    /// An ISO 8601 date or date-time.
    Date,
    /// An e-mail address.
    Email,
    /// An E.164-like phone number.
    Phone,
}

impl VarType {
    /// All type names, as written in action files.
    pub const NAMES: [&'static str; 7] = [
        "string", "integer", "float", "boolean", "date", "email", "phone",
    ];

    /// Parses a type name as written in an action file.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "string" => Self::String,
            "integer" => Self::Integer,
            "float" => Self::Float,
            "boolean" => Self::Boolean,
            "date" => Self::Date,
            "email" => Self::Email,
            "phone" => Self::Phone,
            _ => return None,
        })
    }

    /// The type name as written in action files.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Float => "float",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::Email => "email",
            Self::Phone => "phone",
        }
    }

    /// What a valid value looks like, for error messages and prompts.
    pub fn hint(self) -> &'static str {
        match self {
            Self::String => "any text",
            Self::Integer => "a whole number such as 42",
            Self::Float => "a number such as 4.5",
            Self::Boolean => "true/false, yes/no or 1/0",
            Self::Date => "an ISO 8601 date such as 2024-05-31 or 2024-05-31T14:00:00Z",
            Self::Email => "an address such as jane@example.com",
            Self::Phone => "7-15 digits, optionally with +, spaces, dashes, dots or parentheses",
        }
    }

    /// Checks and converts `raw` to a value of this type.
    pub fn convert(self, raw: &str) -> Result<TypedValue, ConvertError> {
        let bad = || ConvertError {
            ty: self,
            value: raw.to_string(),
        };
        Ok(match self {
            Self::String => TypedValue::Text(raw.to_string()),
            Self::Integer => TypedValue::Integer(raw.trim().parse().map_err(|_| bad())?),
            Self::Float => TypedValue::Float(exact_number(raw.trim()).ok_or_else(bad)?),
            Self::Boolean => TypedValue::Boolean(parse_bool(raw).ok_or_else(bad)?),
            Self::Date if is_iso_date(raw.trim()) => TypedValue::Text(raw.trim().to_string()),
            Self::Email if is_email(raw.trim()) => TypedValue::Text(raw.trim().to_string()),
            Self::Phone if is_phone(raw.trim()) => TypedValue::Text(raw.trim().to_string()),
            Self::Date | Self::Email | Self::Phone => return Err(bad()),
        })
    }
}

impl fmt::Display for VarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value that failed its type check.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "{} is not a valid {ty} (expected {})",
    crate::core::constraint::shown(value),
    ty.hint()
)]
pub struct ConvertError {
    pub ty: VarType,
    pub value: String,
}

/// Why a value is not one a variable takes: its type, a constraint, or
/// (for an array) the list text or one of its items.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    /// Not a value of the type.
    #[error(transparent)]
    Type(#[from] ConvertError),
    /// A value of the type that breaks a constraint.
    #[error(transparent)]
    Constraint(#[from] crate::core::constraint::Violation),
    /// An array value that is not JSON array text.
    #[error(
        "{} is not {why}; give the items as JSON array text such as {}",
        crate::core::constraint::shown(value),
        list_example(*ty)
    )]
    NotAList {
        value: String,
        /// What it is instead: "a JSON array", "valid JSON (…)".
        why: String,
        /// The item type, for the example.
        ty: VarType,
    },
    /// An item of JSON array text that is not a value of the item type.
    #[error("item {index}: {source}")]
    Item {
        /// From 1.
        index: usize,
        source: Box<ValueError>,
    },
    /// An item whose JSON kind the item type cannot take.
    #[error(
        "item {index} is {found}; {ty} items are written as {}",
        item_form(*ty)
    )]
    ItemKind {
        /// From 1.
        index: usize,
        /// "a number", "an object", ...
        found: &'static str,
        ty: VarType,
    },
}

/// JSON array text of two items of `ty`, for messages and prompts.
pub(crate) fn list_example(ty: VarType) -> &'static str {
    match ty {
        VarType::Integer => "[1, 2]",
        VarType::Float => "[1.5, 2]",
        VarType::Boolean => "[true, false]",
        VarType::String | VarType::Date | VarType::Email | VarType::Phone => "[\"a\", \"b\"]",
    }
}

/// How one item of `ty` is written in JSON array text.
fn item_form(ty: VarType) -> &'static str {
    match ty {
        VarType::Integer | VarType::Float => "JSON numbers (or strings holding one)",
        VarType::Boolean => "true or false (or strings holding one)",
        VarType::String | VarType::Date | VarType::Email | VarType::Phone => {
            "JSON strings such as \"a\""
        }
    }
}

/// The items of JSON array text (`["bug","p1"]`, `[1, 2]`), each
/// converted to `ty`: a JSON string as `--var` text is, a JSON number or
/// boolean as itself where `ty` is numeric or boolean.
pub(crate) fn convert_list(ty: VarType, raw: &str) -> Result<Vec<TypedValue>, ValueError> {
    let not_a_list = |why: String| ValueError::NotAList {
        value: raw.to_string(),
        why,
        ty,
    };
    let items = match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Array(items)) => items,
        Ok(other) => {
            return Err(not_a_list(format!(
                "a JSON array but {}",
                json_kind(&other)
            )));
        }
        Err(_) if !raw.trim_start().starts_with('[') => {
            return Err(not_a_list("a JSON array".into()));
        }
        Err(e) => return Err(not_a_list(format!("valid JSON ({e})"))),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| convert_item(ty, i + 1, item))
        .collect()
}

fn convert_item(
    ty: VarType,
    index: usize,
    item: &serde_json::Value,
) -> Result<TypedValue, ValueError> {
    use serde_json::Value;
    let text = match (item, ty) {
        (Value::String(s), _) => s.clone(),
        (Value::Number(n), VarType::Integer | VarType::Float) => n.to_string(),
        (Value::Bool(b), VarType::Boolean) => b.to_string(),
        (other, _) => {
            return Err(ValueError::ItemKind {
                index,
                found: json_kind(other),
                ty,
            });
        }
    };
    ty.convert(&text).map_err(|e| ValueError::Item {
        index,
        source: Box::new(e.into()),
    })
}

/// "a number", "an object", ... for messages.
fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A checked, converted variable value.
#[derive(Debug, Clone, PartialEq)]
pub enum TypedValue {
    /// string, date, email and phone values.
    Text(String),
    /// integer values.
    Integer(i64),
    /// float values, kept as written (`19.999999999999999999` stays so
    /// rather than becoming `20.0`).
    Float(serde_json::Number),
    /// boolean values.
    Boolean(bool),
    /// array values: the items, each of the variable's item type.
    List(Vec<TypedValue>),
}

impl TypedValue {
    /// The value's JSON form: numbers and booleans typed, the rest strings.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Text(s) => serde_json::Value::String(s.clone()),
            Self::Integer(i) => serde_json::Value::from(*i),
            Self::Float(n) => serde_json::Value::Number(n.clone()),
            Self::Boolean(b) => serde_json::Value::Bool(*b),
            Self::List(items) => items.iter().map(Self::to_json).collect(),
        }
    }

    /// The value as `--var` text that converts back to it: a list as
    /// JSON array text, anything else as its text. How a value passes
    /// between flow steps and from an `example` to `test --all`.
    pub fn to_input_text(&self) -> String {
        match self {
            Self::List(_) => self.to_json().to_string(),
            other => other.to_string(),
        }
    }

    /// The items a value stands for where a key repeats (query, form):
    /// a list's items, or the value itself.
    pub fn items(&self) -> &[TypedValue] {
        match self {
            Self::List(items) => items,
            single => std::slice::from_ref(single),
        }
    }
}

impl fmt::Display for TypedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(s) => f.write_str(s),
            Self::Integer(i) => write!(f, "{i}"),
            Self::Float(x) => write!(f, "{x}"),
            Self::Boolean(b) => write!(f, "{b}"),
            Self::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

/// A finite number: its JSON text exactly as written when it is JSON
/// number syntax, otherwise (`+1.5`, `.5`) the nearest `f64` in JSON form.
fn exact_number(raw: &str) -> Option<serde_json::Number> {
    let value: f64 = raw.parse().ok().filter(|f: &f64| f.is_finite())?;
    serde_json::from_str::<serde_json::Number>(raw)
        .ok()
        .or_else(|| serde_json::Number::from_f64(value))
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

fn is_iso_date(raw: &str) -> bool {
    raw.parse::<jiff::civil::Date>().is_ok() && raw.len() == 10
        || raw.parse::<jiff::Timestamp>().is_ok()
        || raw.parse::<jiff::civil::DateTime>().is_ok() && raw.contains('T')
}

fn is_email(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else {
        return false;
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    raw.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "@<>()[]\\,;:\"".contains(c))
        && domain.contains('.')
        && domain.split('.').all(label_ok)
}

fn is_phone(raw: &str) -> bool {
    let body = raw.strip_prefix('+').unwrap_or(raw);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || " -.()".contains(c))
        && (7..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(ty: VarType, raw: &str) -> TypedValue {
        ty.convert(raw).unwrap()
    }

    fn rejects(ty: VarType, raw: &str) {
        assert!(ty.convert(raw).is_err(), "{ty} should reject {raw:?}");
    }

    #[test]
    fn integers_are_i64() {
        assert_eq!(ok(VarType::Integer, "42"), TypedValue::Integer(42));
        assert_eq!(ok(VarType::Integer, "-7"), TypedValue::Integer(-7));
        rejects(VarType::Integer, "4.2");
        rejects(VarType::Integer, "9223372036854775808");
        rejects(VarType::Integer, "");
    }

    #[test]
    fn floats_are_finite() {
        let float = |raw: &str| ok(VarType::Float, raw).to_string();
        assert_eq!(float("4.5"), "4.5");
        assert_eq!(float("3"), "3");
        assert_eq!(float(" -2E3 "), "-2e+3");
        assert_eq!(float("+1.5"), "1.5");
        assert_eq!(float(".5"), "0.5");
        assert_eq!(float("19.999999999999999999"), "19.999999999999999999");
        rejects(VarType::Float, "NaN");
        rejects(VarType::Float, "inf");
        rejects(VarType::Float, "1e400");
        rejects(VarType::Float, "abc");
    }

    #[test]
    fn booleans_accept_the_six_spellings() {
        for t in ["true", "YES", "1", "True"] {
            assert_eq!(ok(VarType::Boolean, t), TypedValue::Boolean(true));
        }
        for f in ["false", "no", "0", "No"] {
            assert_eq!(ok(VarType::Boolean, f), TypedValue::Boolean(false));
        }
        rejects(VarType::Boolean, "maybe");
    }

    #[test]
    fn dates_are_iso_8601() {
        ok(VarType::Date, "2024-05-31");
        ok(VarType::Date, "2024-05-31T14:00:00Z");
        ok(VarType::Date, "2024-05-31T14:00:00+02:00");
        ok(VarType::Date, "2024-05-31T14:00:00");
        rejects(VarType::Date, "2024-02-30");
        rejects(VarType::Date, "31/05/2024");
        rejects(VarType::Date, "tomorrow");
    }

    #[test]
    fn emails_need_local_part_and_dotted_domain() {
        ok(VarType::Email, "jane.doe+tag@example.co.uk");
        rejects(VarType::Email, "jane");
        rejects(VarType::Email, "jane@localhost");
        rejects(VarType::Email, "ja ne@example.com");
        rejects(VarType::Email, "@example.com");
        rejects(VarType::Email, "a@b@example.com");
    }

    #[test]
    fn phones_are_e164_like() {
        ok(VarType::Phone, "+1 (555) 123-4567");
        ok(VarType::Phone, "555.123.4567");
        rejects(VarType::Phone, "12345");
        rejects(VarType::Phone, "+1234567890123456");
        rejects(VarType::Phone, "555-CALL-NOW");
        rejects(VarType::Phone, "1+5551234567");
    }

    #[test]
    fn json_forms_are_typed() {
        assert_eq!(TypedValue::Integer(3).to_json(), serde_json::json!(3));
        assert_eq!(
            VarType::Float.convert("2.5").unwrap().to_json(),
            serde_json::json!(2.5)
        );
        assert_eq!(
            VarType::Float
                .convert("123456789012345678901234.5")
                .unwrap()
                .to_json()
                .to_string(),
            "123456789012345678901234.5"
        );
        assert_eq!(TypedValue::Boolean(true).to_json(), serde_json::json!(true));
        assert_eq!(
            TypedValue::Text("x".into()).to_json(),
            serde_json::json!("x")
        );
    }

    #[test]
    fn lists_are_json_arrays_and_comma_separated_text() {
        let list = TypedValue::List(vec![TypedValue::Text("bug".into()), TypedValue::Integer(1)]);
        assert_eq!(list.to_json(), serde_json::json!(["bug", 1]));
        assert_eq!(list.to_string(), "bug,1");
        assert_eq!(list.items().len(), 2);
        assert_eq!(TypedValue::Integer(3).items(), &[TypedValue::Integer(3)]);
    }

    #[test]
    fn lists_are_json_array_text() {
        let labels = convert_list(VarType::String, r#"["bug", "p1", "é ✓"]"#).unwrap();
        assert_eq!(
            labels,
            ["bug", "p1", "é ✓"].map(|s| TypedValue::Text(s.into()))
        );
        assert_eq!(convert_list(VarType::Integer, "[]").unwrap(), vec![]);
        assert_eq!(
            convert_list(VarType::Integer, r#"[1, "2", 30000000000]"#).unwrap(),
            [1, 2, 30_000_000_000].map(TypedValue::Integer)
        );
        assert_eq!(
            convert_list(VarType::Boolean, r#"[true, "no"]"#).unwrap(),
            [true, false].map(TypedValue::Boolean)
        );
        let floats = convert_list(VarType::Float, "[1.50, 2]").unwrap();
        assert_eq!(TypedValue::List(floats).to_json().to_string(), "[1.50,2]");
        let dates = convert_list(VarType::Date, r#"["2024-05-31"]"#).unwrap();
        assert_eq!(dates, [TypedValue::Text("2024-05-31".into())]);
    }

    #[test]
    fn list_errors_say_what_is_wrong() {
        let e = |ty, raw| convert_list(ty, raw).unwrap_err().to_string();
        assert_eq!(
            e(VarType::String, "bug"),
            r#"`bug` is not a JSON array; give the items as JSON array text such as ["a", "b"]"#
        );
        assert_eq!(
            e(VarType::Integer, r#"{"a": 1}"#),
            r#"`{"a": 1}` is not a JSON array but an object; give the items as JSON array text such as [1, 2]"#
        );
        assert!(
            e(VarType::String, r#"["a",]"#)
                .starts_with(r#"`["a",]` is not valid JSON (trailing comma at line 1 column 6)"#),
            "{}",
            e(VarType::String, r#"["a",]"#)
        );
        assert_eq!(
            e(VarType::String, "[1]"),
            r#"item 1 is a number; string items are written as JSON strings such as "a""#
        );
        assert_eq!(
            e(VarType::Integer, "[1, [2]]"),
            "item 2 is an array; integer items are written as JSON numbers (or strings holding one)"
        );
        assert_eq!(
            e(VarType::Integer, "[1, 2.5]"),
            "item 2: `2.5` is not a valid integer (expected a whole number such as 42)"
        );
        assert_eq!(
            e(VarType::Email, r#"["a@b.co", null]"#),
            r#"item 2 is null; email items are written as JSON strings such as "a""#
        );
    }

    #[test]
    fn input_text_converts_back() {
        let list = TypedValue::List(vec![
            TypedValue::Text("a,b".into()),
            TypedValue::Text("c\"".into()),
        ]);
        assert_eq!(list.to_input_text(), r#"["a,b","c\""]"#);
        assert_eq!(
            convert_list(VarType::String, &list.to_input_text()).unwrap(),
            match list {
                TypedValue::List(items) => items,
                _ => unreachable!(),
            }
        );
        assert_eq!(TypedValue::Integer(3).to_input_text(), "3");
    }

    #[test]
    fn error_names_type_and_value() {
        let e = VarType::Integer.convert("abc").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`abc` is not a valid integer (expected a whole number such as 42)"
        );
    }
}
