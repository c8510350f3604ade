//! Any text through the template engine and the JSON-text body renderer:
//! never a panic, placeholder offsets on their `{{`, and values rendered
//! into a JSON body never change its structure.
#![no_main]

use actionctl::json_text;
use actionctl::Template;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|text: &str| {
    match Template::parse(text) {
        Ok(template) => {
            for (name, offset) in template.placeholders() {
                assert!(text[offset..].starts_with("{{"));
                assert!(text[offset..].contains(name));
            }
            let _ = json_text::check(text, &template);
            let _: Result<_, ()> = json_text::render(&template, |_| Ok(Some(json!(text))));
        }
        Err(e) => assert!(text[e.offset()..].starts_with("{{")),
    }
    let body = Template::parse(r#"{"a": {{x}}, "b": "{{x}}"}"#).unwrap();
    let rendered: Result<_, ()> = json_text::render(&body, |_| Ok(Some(json!(text))));
    let value = rendered.unwrap().expect("rendered JSON parses");
    assert_eq!(value, json!({"a": text, "b": text}));
});
