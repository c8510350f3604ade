//! `actionctl export --platform` and `validate --platform`: every export
//! is checked against a JSON Schema of the platform's create-tool
//! request, written from its public API reference
//! (tests/fixtures/platforms/*.schema.json, each citing its source);
//! what a platform cannot express is a located error (exit 3).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use crate::common;
use common::{actionctl, stdout_json};

const PLATFORMS: [&str; 3] = ["vapi", "retell", "elevenlabs"];
const BOOK_TABLE: &str = "tests/fixtures/platforms/actions/book-table.yaml";
const ORDER_STATUS: &str = "tests/fixtures/platforms/actions/order-status.yaml";

fn schema(platform: &str) -> jsonschema::Validator {
    let file = match platform {
        "vapi" => "vapi-api-request-tool",
        "retell" => "retell-custom-tool",
        _ => "elevenlabs-webhook-tool",
    };
    let text =
        std::fs::read_to_string(common::fixture(&format!("platforms/{file}.schema.json"))).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert!(
        schema["description"]
            .as_str()
            .unwrap()
            .contains("reference"),
        "each schema cites its source"
    );
    jsonschema::validator_for(&schema).unwrap()
}

/// Asserts `tool` is what `platform`'s API takes, naming every fault.
fn assert_accepted(platform: &str, tool: &Value) {
    let faults: Vec<String> = schema(platform)
        .iter_errors(tool)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(faults.is_empty(), "{platform}: {faults:#?}\n{tool:#}");
}

fn export(target: &str, platform: &str) -> std::process::Output {
    actionctl()
        .args(["export", target, "--platform", platform])
        .output()
        .unwrap()
}

#[test]
fn book_table_exports_as_each_platforms_create_tool_request() {
    let vapi = stdout_json(&export(BOOK_TABLE, "vapi"));
    assert_accepted("vapi", &vapi);
    assert_eq!(
        vapi,
        json!({
            "type": "apiRequest",
            "name": "book-table",
            "description": "Book a table for the caller's party at a given date and time.",
            "method": "POST",
            "url": "https://api.bistro.test/v2/bookings",
            "timeoutSeconds": 45,
            "body": {
                "type": "object",
                "properties": {
                    "party": {"type": "integer", "description": "How many people"},
                    "date": {"type": "string", "description": "Day of the booking", "format": "date"},
                    "seating": {"type": "string", "description": "Where the party sits", "enum": ["inside", "terrace", "bar"]},
                    "notes": {"type": "array", "description": "Requests for the kitchen", "items": {"type": "string"}}
                },
                "required": ["party", "date"]
            },
            "headers": {"type": "object", "properties": {"Accept": {"type": "string", "enum": ["application/json"]}}},
            "credentialId": "<secret:bistro-api>",
            "variableExtractionPlan": {"aliases": [
                {"key": "booking_id", "value": "{{$.booking.id}}"},
                {"key": "first_slot", "value": "{{$.slots[0]}}"}
            ]}
        })
    );
    let retell = stdout_json(&export(BOOK_TABLE, "retell"));
    assert_accepted("retell", &retell);
    assert_eq!(retell["type"], "custom");
    assert_eq!(retell["args_at_root"], true);
    assert_eq!(retell["timeout_ms"], 45000);
    assert_eq!(
        retell["headers"],
        json!({"Accept": "application/json", "X-Api-Key": "{{secret_bistro_api}}"})
    );
    assert_eq!(
        retell["parameters"]["properties"]["party"],
        json!({"type": "integer", "description": "How many people", "minimum": 1, "maximum": 12, "examples": [4]}),
        "Retell takes the whole JSON Schema of `schema --format json-schema`"
    );
    assert_eq!(
        retell["response_variables"],
        json!({"booking_id": "booking.id", "first_slot": "slots.0"})
    );
    let eleven = stdout_json(&export(BOOK_TABLE, "elevenlabs"));
    assert_accepted("elevenlabs", &eleven);
    let config = &eleven["tool_config"];
    assert_eq!(config["type"], "webhook");
    assert_eq!(config["response_timeout_secs"], 45);
    assert_eq!(
        config["api_schema"]["request_headers"],
        json!({"Accept": "application/json", "X-Api-Key": {"secret_id": "<secret:bistro-api>"}})
    );
    assert_eq!(
        config["api_schema"]["request_body_schema"]["properties"]["notes"],
        json!({"type": "array", "description": "Requests for the kitchen", "items": {"type": "string"}})
    );
    assert_eq!(
        config["assignments"][1],
        json!({"source": "response", "dynamic_variable": "first_slot", "value_path": "slots.0"})
    );
}

#[test]
fn path_and_query_arguments_map_where_the_platform_has_them() {
    let vapi = stdout_json(&export(ORDER_STATUS, "vapi"));
    assert_accepted("vapi", &vapi);
    assert_eq!(
        vapi["url"],
        "https://api.shop.test/v1/orders/{{order_number}}?lang={{lang}}&expand=items"
    );
    assert_eq!(vapi["timeoutSeconds"], 8);
    let eleven = stdout_json(&export(ORDER_STATUS, "elevenlabs"));
    assert_accepted("elevenlabs", &eleven);
    let api = &eleven["tool_config"]["api_schema"];
    assert_eq!(api["url"], "https://api.shop.test/v1/orders/{order_number}");
    assert_eq!(
        api["path_params_schema"]["order_number"],
        json!({"type": "string", "description": "The order number, e.g. ORD-1"})
    );
    assert_eq!(
        api["query_params_schema"],
        json!({"properties": {
            "lang": {"type": "string", "description": "Language of the answer", "enum": ["en", "de"]},
            "expand": {"type": "string", "constant_value": "items"}
        }, "required": []})
    );
    assert_eq!(
        api["request_headers"]["Authorization"],
        json!({"secret_id": "<secret:shop-api>"})
    );
    assert_eq!(eleven["tool_config"]["response_timeout_secs"], 8);
}

#[test]
fn what_a_platform_cannot_express_is_a_located_error_in_validate_and_export() {
    let out = actionctl()
        .args(["validate", ORDER_STATUS, "--platform", "retell"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    for expected in [
        "order-status.yaml:6:1: error: Retell sends the LLM's arguments as the body of POST, PUT and PATCH only; a GET cannot take variables (--platform retell)",
        "order-status.yaml:7:1: error: Retell fills the URL, headers and query from call variables, not from the LLM's arguments: send `order_number` in the body (--platform retell)",
        "order-status.yaml:12:3: error: Retell fills the URL, headers and query from call variables, not from the LLM's arguments: send `lang` in the body (--platform retell)",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let exported = export(ORDER_STATUS, "retell");
    assert_eq!(exported.status.code(), Some(3));
    assert!(
        exported.stdout.is_empty(),
        "nothing is printed for a refused export"
    );
    assert!(String::from_utf8_lossy(&exported.stderr).contains("order-status.yaml:6:1"));
    for platform in ["vapi", "elevenlabs"] {
        actionctl()
            .args(["validate", ORDER_STATUS, BOOK_TABLE, "--platform", platform])
            .assert()
            .success();
    }
}

/// `validate --platform NAME FILE` of an action written in a temporary
/// folder: its error lines.
fn platform_errors(platform: &str, yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = actionctl()
        .args(["validate", path.to_str().unwrap(), "--platform", platform])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(out.status.code() == Some(3), !errors.is_empty(), "{text}");
    errors
        .iter()
        .map(|l| l.split_once("x.yaml:").map_or(*l, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n")
}

const BASE: &str = "name: X\ndescription: Does the thing for the caller.\n";

#[test]
fn each_platforms_limits_stand_at_the_offending_node() {
    let timeout = format!("{BASE}method: POST\nurl: https://x.test/a\ntimeout: 2s\n");
    assert_eq!(
        platform_errors("elevenlabs", &timeout),
        "5:1: error: the timeout 2s is outside ElevenLabs's range of 5s to 120s (--platform elevenlabs)"
    );
    assert_eq!(platform_errors("vapi", &timeout), "");
    let long = format!("{BASE}method: POST\nurl: https://x.test/a\ntimeout: 11m\n");
    assert!(
        platform_errors("retell", &long)
            .starts_with("5:1: error: the timeout 660s is outside Retell's range of 1s to 600s")
    );
    let enums = format!(
        "{BASE}method: POST\nurl: https://x.test/a\nbody:\n  size: \"{{{{size}}}}\"\nvariables:\n  - name: size\n    type: integer\n    description: Size\n    enum: [1, 2]\n"
    );
    assert_eq!(
        platform_errors("vapi", &enums),
        "11:5: error: variable `size`: Vapi's JSON Schema takes only string `enum` values (--platform vapi)"
    );
    assert_eq!(
        platform_errors("elevenlabs", &enums),
        "11:5: error: variable `size`: ElevenLabs takes only string `enum` values (--platform elevenlabs)"
    );
    assert_eq!(platform_errors("retell", &enums), "");
    let put = format!("{BASE}method: PUT\nurl: https://x.test/a\n");
    assert_eq!(
        platform_errors("elevenlabs", &put),
        "3:1: error: ElevenLabs webhook tools send GET, POST, PATCH or DELETE, not PUT (--platform elevenlabs)"
    );
    let query_auth = format!(
        "{BASE}method: GET\nurl: https://x.test/a\nauth: {{type: query, param: key, secret: s}}\n"
    );
    for platform in ["vapi", "elevenlabs"] {
        assert!(
            platform_errors(platform, &query_auth).starts_with("5:1: error:"),
            "{platform}"
        );
    }
    let basic = format!(
        "{BASE}method: GET\nurl: https://x.test/a\nauth: {{type: basic, username_secret: s}}\n"
    );
    assert!(platform_errors("retell", &basic).contains("base64"));
    let context = format!(
        "{BASE}method: GET\nurl: https://x.test/a\nheaders:\n  X-Caller: \"{{{{contact.phone_number}}}}\"\n"
    );
    for platform in PLATFORMS {
        assert!(
            platform_errors(platform, &context)
                .starts_with("6:3: error: `{{contact.phone_number}}` is a context value"),
            "{platform}"
        );
    }
    let nested = format!(
        "{BASE}method: POST\nurl: https://x.test/a\nbody:\n  order:\n    id: \"{{{{id}}}}\"\nvariables:\n  - name: id\n    type: string\n    description: Id\n"
    );
    for platform in PLATFORMS {
        assert!(
            platform_errors(platform, &nested).contains(
                "6:3: error: only a whole `{{variable}}` or a literal can stand as a body member"
            ),
            "{platform}"
        );
    }
    let filter =
        format!("{BASE}method: GET\nurl: https://x.test/a\nextract:\n  first: $.items[?@.ok]\n");
    for platform in PLATFORMS {
        assert!(
            platform_errors(platform, &filter)
                .starts_with("6:3: error: `$.items[?@.ok]` cannot be expressed"),
            "{platform}"
        );
    }
    let no_description = format!(
        "{BASE}method: POST\nurl: https://x.test/a\nbody:\n  n: \"{{{{n}}}}\"\nvariables:\n  - name: n\n    type: string\n"
    );
    assert!(
        platform_errors("elevenlabs", &no_description)
            .starts_with("8:5: error: variable `n`: ElevenLabs needs a description")
    );
    let host = format!(
        "{BASE}method: GET\nurl: https://{{{{tenant}}}}.x.test/a\nvariables:\n  - name: tenant\n    type: string\n    description: Tenant\n"
    );
    assert!(platform_errors("elevenlabs", &host).starts_with(
        "4:1: error: ElevenLabs fills a variable in the URL only as a whole path segment"
    ));
}

#[test]
fn a_long_id_is_too_long_a_tool_name_for_vapi_only() {
    let dir = tempfile::tempdir().unwrap();
    let id = "a".repeat(41);
    let path = dir.path().join(format!("{id}.yaml"));
    std::fs::write(&path, format!("{BASE}method: GET\nurl: https://x.test/a\n")).unwrap();
    let out = actionctl()
        .args(["validate", path.to_str().unwrap(), "--platform", "vapi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains(":1:1: error: the tool name is the id"));
    for platform in ["retell", "elevenlabs"] {
        actionctl()
            .args(["validate", path.to_str().unwrap(), "--platform", platform])
            .assert()
            .success();
    }
}

#[test]
fn every_exportable_action_of_the_examples_is_accepted_and_no_secret_is_read() {
    let mut exported = 0;
    for platform in PLATFORMS {
        let out = actionctl()
            .env(
                "ACTIONCTL_SECRET_COMPANY_API",
                "sk_live_never_printed_1234567",
            )
            .args([
                "export",
                "--all",
                "--platform",
                platform,
                "--dir",
                "tests/fixtures/platforms/actions",
            ])
            .output()
            .unwrap();
        if platform == "retell" {
            assert_eq!(
                out.status.code(),
                Some(3),
                "order-status cannot go to Retell"
            );
            continue;
        }
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tools = stdout_json(&out);
        assert_eq!(tools.as_array().unwrap().len(), 2);
        for tool in tools.as_array().unwrap() {
            assert_accepted(platform, tool);
            exported += 1;
        }
        for file in std::fs::read_dir(common::root().join("actions")).unwrap() {
            let path = file.unwrap().path();
            let out = actionctl()
                .env(
                    "ACTIONCTL_SECRET_COMPANY_API",
                    "sk_live_never_printed_1234567",
                )
                .args(["export", path.to_str().unwrap(), "--platform", platform])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(!text.contains("sk_live_never"), "{text}");
            match out.status.code() {
                Some(0) => {
                    assert_accepted(platform, &stdout_json(&out));
                    exported += 1;
                }
                Some(3) => assert!(
                    text.lines()
                        .all(|l| l.contains(&format!("(--platform {platform})"))),
                    "{text}"
                ),
                other => panic!("{other:?}: {text}"),
            }
        }
    }
    assert!(exported >= 8, "only {exported} exports were checked");
}

#[test]
fn flows_are_not_exported() {
    let out = actionctl()
        .args(["export", "verified-order-lookup", "--platform", "vapi"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("is a flow, and vapi tools are single requests")
    );
}

#[test]
fn the_selected_environment_s_values_are_written_into_the_export() {
    let shapes = common::fixture("api-shapes");
    let without = common::actionctl_in(&shapes)
        .args(["export", "github-create-issue", "--platform", "elevenlabs"])
        .output()
        .unwrap();
    assert_eq!(without.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&without.stderr).contains(
            "github-create-issue.yaml:4:1: error: `{{env.owner}}` is an environment value: `actionctl export --env NAME` writes the selected environment's value in"
        ),
        "{}",
        String::from_utf8_lossy(&without.stderr)
    );
    let with = common::actionctl_in(&shapes)
        .args([
            "export",
            "github-create-issue",
            "--platform",
            "elevenlabs",
            "--env",
            "local",
        ])
        .output()
        .unwrap();
    let tool = stdout_json(&with);
    assert_accepted("elevenlabs", &tool);
    assert_eq!(
        tool["tool_config"]["api_schema"]["url"],
        "https://api.github.com/repos/acme/support/issues"
    );
    assert_eq!(
        tool["tool_config"]["api_schema"]["request_body_schema"]["properties"]["labels"],
        json!({"type": "array", "description": "Labels to put on the issue", "items": {"type": "string", "enum": ["bug", "billing", "p1", "p2"]}})
    );
}

/// i16-bb 16: a basic-auth export held only the secret's reference, so
/// the username the credential needs was lost.
#[test]
fn basic_auth_exports_say_the_username_the_credential_needs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("basic.yaml");
    std::fs::write(
        &path,
        format!("{BASE}method: GET\nurl: https://x.test/a\nauth: {{type: basic, username: bob, secret: pw}}\n"),
    )
    .unwrap();
    for platform in ["vapi", "elevenlabs"] {
        let out = export(path.to_str().unwrap(), platform);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tool: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_accepted(platform, &tool);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("note: basic: basic auth: build the credential from the username `bob` and the password in the secret `pw`"),
            "{platform}: {stderr}"
        );
    }
    let out = actionctl()
        .args(["-q", "export", path.to_str().unwrap(), "--platform", "vapi"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// i16-bb 9: `{{env.KEY}}` without `--env` also drew Vapi's "a header
/// cannot take a variable" and "sends each argument under its own name:
/// write `env.hdr: …`", though it is no variable.
#[test]
fn environment_values_are_not_taken_for_arguments() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("environments.yaml"),
        "prod:\n  values:\n    hdr: v1\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("e.yaml"),
        format!("{BASE}method: POST\nurl: https://x.test/a\nheaders:\n  X-H: \"{{{{env.hdr}}}}\"\nbody:\n  lit: \"{{{{env.hdr}}}}\"\n"),
    )
    .unwrap();
    // Retell refuses the constant body member whatever its value.
    for platform in ["vapi", "elevenlabs"] {
        let out = common::actionctl_in(dir.path())
            .args(["validate", "e.yaml", "--platform", platform])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{platform}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let errors: Vec<&str> = stdout.lines().filter(|l| l.contains(": error: ")).collect();
        assert!(!errors.is_empty(), "{platform}");
        for line in errors {
            assert!(
                line.contains("`{{env.hdr}}` is an environment value"),
                "{platform}: {line}"
            );
        }
        let out = common::actionctl_in(dir.path())
            .args(["export", "e.yaml", "--platform", platform, "--env", "prod"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{platform}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// i16-bb 10: a variable in the URL's own query text was said to be "not
/// in the host or inside a segment".
#[test]
fn elevenlabs_names_a_variable_in_the_urls_query_text() {
    let yaml = format!(
        "{BASE}method: GET\nurl: \"https://x.test/orders?expand%5B%5D={{{{expand}}}}\"\nvariables:\n  - name: expand\n    type: string\n    description: What to expand\n"
    );
    assert_eq!(
        platform_errors("elevenlabs", &yaml),
        "4:1: error: ElevenLabs fills query parameters only from `query:`: a variable in the URL's own query text cannot be sent; move it to `query:` (`name: \"{{variable}}\"`) (--platform elevenlabs)"
    );
}

/// A platform's limit on an action is that action's error; a flow that
/// calls it still knows the action (it once said "unknown action").
#[test]
fn a_platform_limit_on_an_action_is_not_a_flow_error() {
    let out = actionctl()
        .args(["validate", "--platform", "vapi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("actions/verify-customer.yaml:14:3: error: `{{medium}}` is a context value"),
        "{text}"
    );
    assert!(!text.contains("flows/"), "no flow is blamed: {text}");
}
