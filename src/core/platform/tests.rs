use super::*;
use crate::core::validate::Validator;

fn action(yaml: &str) -> Action {
    let report = Validator::new().check("x", "x.yaml", yaml.as_bytes());
    report
        .into_action()
        .unwrap_or_else(|| panic!("invalid fixture:\n{yaml}"))
}

const HEAD: &str = "name: X\ndescription: Does the thing for the caller.\n";

#[test]
fn simple_json_paths_become_dotted_and_liquid_paths() {
    assert_eq!(dotted_path("$.a.b[0]").as_deref(), Some("a.b.0"));
    assert_eq!(dotted_path("$['x y'][2].z").as_deref(), Some("x y.2.z"));
    assert_eq!(
        liquid_path("$.slots[0].id").as_deref(),
        Some("$.slots[0].id")
    );
    for refused in [
        "$",
        "$.a[*]",
        "$..a",
        "$.a[?@.b]",
        "$.a[0:2]",
        "$['a.b']",
        "a.b",
    ] {
        assert_eq!(dotted_path(refused), None, "{refused}");
    }
}

#[test]
fn the_body_is_read_as_arguments_constants_and_what_cannot_be_flat() {
    let a = action(&format!(
        "{HEAD}method: POST\nurl: https://x.test/a\nbody:\n  n: \"{{{{n}}}}\"\n  kind: fixed\n  count: 3\n  tags: [a, b]\n  note: \"hi {{{{n}}}}\"\nvariables:\n  - name: n\n    type: string\n    description: N\n"
    ));
    let shape = Shape::of(&a);
    assert_eq!(shape.arguments, vec![("n".to_string(), "n".to_string())]);
    assert_eq!(
        shape.constants,
        vec![
            ("kind".to_string(), serde_json::json!("fixed")),
            ("count".to_string(), serde_json::json!(3)),
            ("tags".to_string(), serde_json::json!(["a", "b"])),
        ]
    );
    assert_eq!(shape.unflat.len(), 1);
    assert_eq!(shape.unflat[0].pointer, "/body/note");
}

#[test]
fn elevenlabs_path_arguments_must_be_whole_segments() {
    let url = |u: &str| {
        action(&format!(
            "{HEAD}method: GET\nurl: {u}\nvariables:\n  - name: v\n    type: string\n    description: V\n"
        ))
    };
    assert!(elevenlabs::limits(&url("https://x.test/a/{{v}}"), &Shape::default()).is_empty());
    assert!(elevenlabs::limits(&url("https://x.test/{{v}}/b"), &Shape::default()).is_empty());
    for bad in [
        "https://x.test/a-{{v}}",
        "https://{{v}}.x.test/a",
        "https://x.test/a?q={{v}}",
    ] {
        let limits = elevenlabs::limits(&url(bad), &Shape::default());
        assert_eq!(limits.len(), 1, "{bad}: {limits:?}");
        assert_eq!(limits[0].pointer, "/url");
    }
}

#[test]
fn timeouts_are_rounded_up_to_whole_seconds_within_the_range() {
    let with = |t: &str| {
        action(&format!(
            "{HEAD}method: GET\nurl: https://x.test/a\ntimeout: {t}\n"
        ))
    };
    assert_eq!(seconds_within(&with("1500ms"), 1, 300), 2);
    assert_eq!(seconds_within(&with("30s"), 5, 120), 30);
    assert_eq!(seconds_within(&with("1ms"), 5, 120), 5);
    assert!(limits(&with("1500ms"), Platform::Vapi).is_empty());
    let refused = limits(&with("6m"), Platform::Vapi);
    assert_eq!(refused[0].pointer, "/timeout");
    assert!(
        refused[0]
            .message
            .contains("360s is outside Vapi's range of 1s to 300s")
    );
}

#[test]
fn platform_names_round_trip() {
    for p in Platform::ALL {
        assert_eq!(Platform::parse(p.name()), Some(p));
    }
    assert_eq!(Platform::parse("bland"), None);
}

#[test]
fn a_basic_auth_username_from_a_variable_is_a_limit_everywhere() {
    let a = action(&format!(
        "{HEAD}method: POST\nurl: https://x.test/a\nauth: {{type: basic, username: \"{{{{account}}}}\", secret: s}}\nbody:\n  account: \"{{{{account}}}}\"\nvariables:\n  - name: account\n    type: string\n    description: Account\n"
    ));
    for platform in Platform::ALL {
        let found = limits(&a, platform);
        assert!(
            found.iter().any(|l| l.pointer == "/auth/username"),
            "{platform:?}: {found:?}"
        );
    }
}

#[test]
fn environment_values_are_written_in_as_they_would_be_sent() {
    let envs =
        "local:\n  values:\n    shop: acme.test\n    owner: a b/c\n    dot: ..\n    user: jdoe\n";
    let (environments, problems) =
        crate::core::environment::Environments::parse("environments.yaml", envs.as_bytes());
    assert!(problems.is_empty(), "{problems:?}");
    let validator = Validator::new().with_environments(environments.known("environments.yaml"));
    let yaml = format!(
        "{HEAD}method: POST\nurl: https://{{{{env.shop}}}}/r/{{{{env.owner}}}}/{{{{env.dot}}}}?o={{{{env.owner}}}}\nheaders:\n  X-User: \"{{{{env.user}}}}\"\nbody:\n  by: \"{{{{env.owner}}}} ok\"\n"
    );
    let action = validator
        .check("x", "x.yaml", yaml.as_bytes())
        .into_action()
        .unwrap();
    let values = environments.get("local").unwrap().values.clone();
    let resolved = with_environment(&action, &values);
    assert_eq!(
        template_text(&resolved.url.value, "{{", "}}"),
        "https://acme.test/r/a%20b%2Fc/{{env.dot}}?o=a%20b%2Fc",
        "`..` cannot be a segment, so it stays a placeholder and a limit"
    );
    assert_eq!(literal_text(&resolved.headers[0].value), "jdoe");
    let limits = limits(&resolved, Platform::Vapi);
    assert_eq!(limits.len(), 1, "{limits:?}");
    assert!(
        limits[0]
            .message
            .contains("`{{env.dot}}` is an environment value")
    );
    match &resolved.body {
        Some(Body::Structured(BodyNode::Object(members))) => {
            assert!(matches!(&members[0].1, BodyNode::Text(t) if literal_text(t) == "a b/c ok"));
        }
        other => panic!("{other:?}"),
    }
}
