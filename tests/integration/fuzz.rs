//! Property-based fuzzing (proptest) of the two parsers that take
//! untrusted text: the YAML loader with the validator behind it, and the
//! template engine with the JSON-text body renderer. These run on the
//! stable toolchain in CI; the coverage-guided `cargo fuzz` targets for
//! the same parsers, which need nightly, are in `fuzz/`.
//!
//! CI runs the default number of cases; a longer run is
//! `PROPTEST_CASES=200000 cargo test --release --test integration fuzz::`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use actionctl::Template;
use actionctl::Validator;
use actionctl::json_text;
use proptest::prelude::*;
use serde_json::json;

/// Fragments that make YAML and actionctl's rules interesting.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("name: ".to_string()),
        Just("description: ".to_string()),
        Just("method: ".to_string()),
        Just("url: ".to_string()),
        Just("auth:\n  type: ".to_string()),
        Just("body: ".to_string()),
        Just("variables:\n  - name: ".to_string()),
        Just("    type: ".to_string()),
        Just("headers:\n  ".to_string()),
        Just("query: ".to_string()),
        Just("extract:\n  a: ".to_string()),
        Just("timeout: ".to_string()),
        Just("{{".to_string()),
        Just("}}".to_string()),
        Just("\\{{".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("!!str ".to_string()),
        Just("---\n".to_string()),
        Just("|\n  ".to_string()),
        Just("https://x.test/".to_string()),
        Just("$.a[0]".to_string()),
        "[a-z_]{1,8}",
        "[ -~]{0,12}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_validator_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let report = Validator::new().check("f", "f.yaml", &bytes);
        for d in &report.diagnostics {
            prop_assert!(d.location.line >= 1 && d.location.column >= 1);
            prop_assert!(!d.message.contains('\n'));
        }
    }

    #[test]
    fn the_validator_never_panics_on_yamlish_text(text in yamlish()) {
        let report = Validator::new().check("f", "f.yaml", text.as_bytes());
        prop_assert_eq!(report.action().is_some(), !report.has_errors());
        for d in &report.diagnostics {
            prop_assert!(d.location.line >= 1 && d.location.column >= 1);
        }
    }

    #[test]
    fn templates_never_panic_and_offsets_point_at_braces(text in "\\PC{0,64}") {
        match Template::parse(&text) {
            Ok(template) => {
                for (name, offset) in template.placeholders() {
                    prop_assert!(text[offset..].starts_with("{{"));
                    prop_assert!(text[offset..].contains(name));
                }
            }
            Err(e) => prop_assert!(text[e.offset()..].starts_with("{{")),
        }
    }

    #[test]
    fn text_without_braces_is_one_literal(text in "[^{]{0,64}") {
        let template = Template::parse(&text).unwrap();
        let rendered: Result<String, ()> = template.render_with(|_| Ok(String::new()));
        prop_assert_eq!(rendered.unwrap(), text);
    }

    #[test]
    fn json_text_never_panics(text in "[ -~]{0,64}") {
        if let Ok(template) = Template::parse(&text) {
            let _ = json_text::check(&text, &template);
            let _: Result<_, ()> = json_text::render(&template, |_| Ok(Some(json!("x"))));
        }
    }

    #[test]
    fn values_cannot_change_json_structure(x in "\\PC{0,32}", y in "\\PC{0,32}") {
        let source = r#"{"a": {{x}}, "b": "{{y}}", "c": "say {{x}}!"}"#;
        let template = Template::parse(source).unwrap();
        let rendered: Result<_, ()> = json_text::render(&template, |name| {
            Ok(Some(json!(if name == "x" { x.clone() } else { y.clone() })))
        });
        let value = rendered.unwrap().unwrap();
        prop_assert_eq!(value, json!({"a": x.clone(), "b": y, "c": format!("say {x}!")}));
    }
}
