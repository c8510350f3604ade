//! `actionctl import openapi`: real and hand-made OpenAPI documents made
//! into action files that validate and send the right requests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use base64::Engine;

use crate::common::server::{Reply, TestServer};
use crate::common::{actionctl_in, fixture};
use serde_json::json;

fn import(dir: &Path, args: &[&str]) -> std::process::Output {
    actionctl_in(dir)
        .args(["import", "openapi"])
        .args(args)
        .output()
        .unwrap()
}

fn read(dir: &Path, id: &str) -> String {
    std::fs::read_to_string(dir.join("actions").join(format!("{id}.yaml"))).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir.join("actions")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_petstore_document_imports_into_files_that_validate() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("openapi/petstore-expanded.yaml");
    let out = import(dir.path(), &[spec.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "wrote actions/find-pets.yaml  GET /pets (find-pets)\n\
         wrote actions/add-pet.yaml  POST /pets (add-pet)\n\
         wrote actions/find-pet-by-id.yaml  GET /pets/{id} (find-pet-by-id)\n\
         wrote actions/delete-pet.yaml  DELETE /pets/{id} (delete-pet)\n"
    );
    assert_eq!(
        read(dir.path(), "find-pet-by-id"),
        "name: \"find-pet-by-id\"\n\
         description: \"Returns a user based on a single ID, if the user does not have access to the pet\"\n\
         method: GET\n\
         url: \"https://petstore.swagger.io/v2/pets/{{id}}\"\n\
         variables:\n  - name: id\n    type: integer\n    description: \"ID of pet to fetch\"\n    required: true\n"
    );
    let find = read(dir.path(), "find-pets");
    assert!(
        find.starts_with("name: \"find-pets\"\ndescription: \"Returns all pets from the system that the user has access to Nam sed condimentum est.")
    );
    assert!(
        find.contains("query:\n  \"tags\": \"{{tags}}\"\n  \"limit\": \"{{limit}}\"\n"),
        "{find}"
    );
    assert!(
        find.contains("  - name: tags\n    type: array\n    items:\n      type: string\n    description: \"tags to filter by\"\n    required: false\n"),
        "{find}"
    );
    assert_eq!(
        read(dir.path(), "add-pet"),
        "name: \"add-pet\"\n\
         description: \"Creates a new pet in the store. Duplicates are allowed\"\n\
         method: POST\n\
         url: \"https://petstore.swagger.io/v2/pets\"\n\
         body:\n  \"name\": \"{{name}}\"\n  \"tag\": \"{{tag}}\"\n\
         variables:\n  - name: name\n    type: string\n    description: \"The `name` member of the request body\"\n    required: true\n\
         \x20 - name: tag\n    type: string\n    description: \"The `tag` member of the request body\"\n    required: false\n"
    );
    actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "4 files checked: 4 valid, 0 errors",
        ));
    actionctl_in(dir.path())
        .args([
            "render",
            "find-pet-by-id",
            "--var",
            "id=7",
            "--format",
            "curl",
        ])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "curl 'https://petstore.swagger.io/v2/pets/7' \\\n",
        ));
}

#[test]
fn an_imported_action_sends_the_request_the_document_describes() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("openapi/petstore-expanded.yaml");
    assert!(
        import(dir.path(), &[spec.to_str().unwrap()])
            .status
            .success()
    );
    let server = TestServer::start(|_| Reply::json(200, json!({"id": 1})));
    actionctl_in(dir.path())
        .args([
            "test",
            "add-pet",
            "--var",
            "name=Rex",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
    let got = server.single();
    assert_eq!(
        (got.method.as_str(), got.target.as_str()),
        ("POST", "/v2/pets")
    );
    assert_eq!(got.json(), json!({"name": "Rex"}));
    assert_eq!(got.header("content-type"), Some("application/json"));

    let server = TestServer::start(|_| Reply::json(200, json!([])));
    actionctl_in(dir.path())
        .args([
            "test",
            "find-pets",
            "--var",
            r#"tags=["dog","a&b"]"#,
            "--var",
            "limit=5",
        ])
        .args(["--base-url", &server.url()])
        .assert()
        .success();
    assert_eq!(
        server.single().target,
        "/v2/pets?tags=dog&tags=a%26b&limit=5"
    );
}

#[test]
fn a_3_1_json_document_brings_forms_query_keys_basic_bearer_and_enums() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("openapi/shop-3.1.json");
    let out = import(dir.path(), &[spec.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("skipped POST /uploads (upload-file): "),
        "{stderr}"
    );
    assert!(
        stderr.contains("shop-3.1.json:81:24: request body has `multipart/form-data`; actions send JSON or form bodies"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: list-reports: oauth2 scheme `oauth`: imported as a bearer token"),
        "{stderr}"
    );
    assert_eq!(
        files(dir.path()),
        [
            "check-inventory.yaml",
            "create-customer.yaml",
            "create-order.yaml",
            "list-reports.yaml",
            "lookup-order.yaml"
        ]
    );
    let order = read(dir.path(), "create-order");
    assert!(
        order.contains("body:\n  \"sku\": \"{{sku}}\"\n  \"quantity\": \"{{quantity}}\"\n  \"priority\": \"{{priority}}\"\n  \"delivery\":\n    \"city\": \"{{delivery_city}}\"\n    \"notes\": \"{{delivery_notes}}\"\n  \"gift_tags\": \"{{gift_tags}}\"\n"),
        "{order}"
    );
    assert!(
        !order.contains("\"id\""),
        "read-only members stay out: {order}"
    );
    assert!(
        order.contains("  - name: priority\n    type: string\n    enum: [\"low\", \"normal\", \"high\"]\n    description: \"The `priority` member of the request body\"\n    required: false\n    default: \"normal\"\n"),
        "{order}"
    );
    assert!(
        order.contains("  - name: quantity\n    type: integer\n    minimum: 1\n"),
        "{order}"
    );
    assert!(order.contains("    example: 2\n"), "{order}");
    let lookup = read(dir.path(), "lookup-order");
    assert!(lookup.contains("url: \"https://eu.shop.example/api/orders/{{order_number}}\"\nauth:\n  type: bearer\n  secret: \"bearer\"\nheaders:\n  \"X-Request-Id\": \"{{X_Request_Id}}\"\nquery:\n  \"expand[]\": \"{{expand}}\"\n"), "{lookup}");
    assert!(
        lookup.contains("    example: [\"lines\", \"customer\"]\n"),
        "{lookup}"
    );
    let inventory = read(dir.path(), "check-inventory");
    assert!(
        inventory
            .contains("auth:\n  type: query\n  param: \"api_key\"\n  secret: \"inventory-key\"\n"),
        "{inventory}"
    );
    assert!(
        inventory.contains("    minimum: 1\n    maximum: 99\n"),
        "exclusiveMaximum 100 → 99: {inventory}"
    );
    actionctl_in(dir.path()).arg("validate").assert().success();

    let server = TestServer::start(|_| Reply::json(200, json!({})));
    actionctl_in(dir.path())
        .args([
            "test",
            "create-customer",
            "--var",
            "email=a@b.example",
            "--var",
            "metadata_source=chat",
        ])
        .args(["--base-url", &server.url()])
        .env("ACTIONCTL_SECRET_BASIC", "pw")
        .assert()
        .success();
    let got = server.single();
    assert_eq!(got.target, "/api/customers");
    assert_eq!(
        text(&got.body),
        "email=a%40b.example&metadata%5Bsource%5D=chat"
    );
    let basic = base64::engine::general_purpose::STANDARD.encode("USERNAME:pw");
    assert_eq!(
        got.header("authorization"),
        Some(format!("Basic {basic}").as_str())
    );

    let server = TestServer::start(|_| Reply::json(200, json!({})));
    actionctl_in(dir.path())
        .args([
            "test",
            "check-inventory",
            "--var",
            "sku=A 1",
            "--base-url",
            &server.url(),
        ])
        .env("ACTIONCTL_SECRET_INVENTORY_KEY", "k1")
        .assert()
        .success();
    assert_eq!(
        server.single().target,
        "/api/inventory/A%201?warehouse=1&api_key=k1"
    );

    let server = TestServer::start(|_| Reply::json(200, json!({})));
    actionctl_in(dir.path())
        .args([
            "test",
            "create-order",
            "--var",
            "sku=S1",
            "--var",
            "quantity=2",
            "--var",
            "delivery_city=Oslo",
        ])
        .args(["--base-url", &server.url()])
        .env("ACTIONCTL_SECRET_BEARER", "tok")
        .assert()
        .success();
    let got = server.single();
    assert_eq!(
        got.json(),
        json!({"sku": "S1", "quantity": 2, "priority": "normal", "delivery": {"city": "Oslo"}})
    );
    assert_eq!(got.header("authorization"), Some("Bearer tok"));
}

#[test]
fn operations_and_tags_select_and_unknown_ones_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("openapi/shop-3.1.json");
    let spec = spec.to_str().unwrap();
    let out = import(
        dir.path(),
        &[
            spec,
            "--operation",
            "lookupOrder",
            "--operation",
            "check-inventory",
        ],
    );
    assert!(out.status.success());
    assert_eq!(
        files(dir.path()),
        ["check-inventory.yaml", "lookup-order.yaml"]
    );
    let dir = tempfile::tempdir().unwrap();
    let out = import(
        dir.path(),
        &[spec, "--tag", "customers", "--format", "json"],
    );
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["written"][0]["id"], "create-customer");
    assert_eq!(report["written"][0]["path"], "actions/create-customer.yaml");
    assert_eq!(report["skipped"], json!([]));
    let out = import(dir.path(), &[spec, "--operation", "lookupOrdr"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: no operation `lookupOrdr` in the document (did you mean `lookup-order`?)\n"
    );
    let out = import(dir.path(), &[spec, "--tag", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn existing_files_are_kept_unless_forced_and_nothing_is_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("openapi/petstore-expanded.yaml");
    let spec = spec.to_str().unwrap();
    std::fs::create_dir(dir.path().join("actions")).unwrap();
    std::fs::write(dir.path().join("actions/delete-pet.yaml"), "mine").unwrap();
    let out = import(dir.path(), &[spec]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        text(&out.stderr)
            .contains("actions/delete-pet.yaml already exists; nothing written (use --force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(files(dir.path()), ["delete-pet.yaml"]);
    assert_eq!(read(dir.path(), "delete-pet"), "mine");
    let out = import(dir.path(), &[spec, "--force"]);
    assert!(out.status.success());
    assert_eq!(files(dir.path()).len(), 4);
    assert!(read(dir.path(), "delete-pet").starts_with("name: \"delete-pet\"\n"));
    std::fs::remove_file(dir.path().join("actions/add-pet.yaml")).unwrap();
    std::fs::write(dir.path().join("actions/add-pet.yml"), "mine").unwrap();
    let out = import(dir.path(), &[spec, "--operation", "addPet"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("actions/add-pet.yml already exists"));
    let out = import(dir.path(), &[spec, "--operation", "addPet", "--force"]);
    assert_eq!(
        text(&out.stdout),
        "wrote actions/add-pet.yml  POST /pets (add-pet)\n"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("actions/add-pet.yml"))
            .unwrap()
            .starts_with("name: \"add-pet\"")
    );
    assert_eq!(
        files(dir.path()).len(),
        4,
        "one file per id: {:?}",
        files(dir.path())
    );
}

/// Writes `text` as a document and imports it, returning the exit code and stderr.
fn import_text(name: &str, bytes: &[u8]) -> (Option<i32>, String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let out = import(dir.path(), &[name]);
    (out.status.code(), text(&out.stderr), files(dir.path()))
}

#[test]
fn documents_that_are_not_openapi_are_one_located_line() {
    let cases: Vec<(&str, Vec<u8>, i32, &str)> = vec![
        (
            "s.yaml",
            b"swagger: \"2.0\"\ninfo: {title: x, version: \"1\"}\npaths: {}\n".to_vec(),
            3,
            "error: s.yaml:1:10: this is a Swagger 2.0 document; actionctl imports OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)\n",
        ),
        (
            "r.yaml",
            b"name: not a spec\n".to_vec(),
            3,
            "error: r.yaml:1:1: not an OpenAPI document: there is no `openapi: 3.x` version key\n",
        ),
        (
            "v.yaml",
            b"openapi: 2.5.0\npaths: {}\n".to_vec(),
            3,
            "error: v.yaml:1:10: OpenAPI 2.5.0 is not supported; actionctl imports 3.0 and 3.1\n",
        ),
        (
            "e.yaml",
            b"".to_vec(),
            3,
            "error: e.yaml:1:1: file is empty; an OpenAPI document needs `openapi`, `info` and `paths`\n",
        ),
        (
            "b.json",
            vec![0xff, 0xfe, 0, 1, 2],
            3,
            "error: b.json:1:1: file is not UTF-8 text\n",
        ),
        (
            "n.yaml",
            b"openapi: 3.1.0\ninfo: {title: x, version: \"1\"}\n".to_vec(),
            3,
            "error: n.yaml:1:1: the document has no `paths`: nothing to import\n",
        ),
        (
            "a.yaml",
            b"openapi: 3.0.0\nx: &a [1, 2]\ny: [*a, *a]\npaths: {}\n".to_vec(),
            3,
            "error: a.yaml:2:7: YAML anchors and aliases (`&name`, `*name`) are not supported in OpenAPI documents",
        ),
    ];
    for (name, bytes, code, message) in cases {
        let (got, stderr, written) = import_text(name, &bytes);
        assert_eq!(got, Some(code), "{name}: {stderr}");
        assert!(stderr.starts_with(message), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(written.is_empty());
    }
}

#[test]
fn deep_nesting_is_refused_before_it_is_loaded() {
    let deep = format!(
        "openapi: 3.0.0\npaths: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (code, stderr, _) = import_text("d.yaml", deep.as_bytes());
    assert_eq!(code, Some(3));
    assert!(
        stderr.contains("d.yaml:2:") && stderr.contains("nested deeper than 64 levels"),
        "{stderr}"
    );
}

#[test]
fn unreadable_input_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(dir.path(), &["missing.yaml"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).starts_with("error: cannot read missing.yaml: "));
    let out = import(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("not a regular file"));
}

const BROKEN_REFS: &str = r##"openapi: 3.0.3
info: {title: refs, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /a:
    post:
      operationId: cyclic
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/A"}
  /b:
    get:
      operationId: external
      parameters:
        - $ref: "https://example.com/params.yaml#/Limit"
  /c:
    get:
      operationId: missing
      parameters:
        - {name: q, in: query, schema: {$ref: "#/components/schemas/Nope"}}
  /d:
    get:
      operationId: noSchema
      parameters:
        - {name: q, in: query}
  /e:
    get:
      operationId: fine
components:
  schemas:
    A: {$ref: "#/components/schemas/B"}
    B: {$ref: "#/components/schemas/A"}
"##;

#[test]
fn broken_references_skip_their_operation_with_a_located_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("refs.yaml"), BROKEN_REFS).unwrap();
    let out = import(dir.path(), &["refs.yaml"]);
    assert!(out.status.success());
    assert_eq!(files(dir.path()), ["fine.yaml"]);
    assert_eq!(
        text(&out.stderr),
        "skipped POST /a (cyclic): refs.yaml:33:15: `$ref` cycle: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A\n\
         skipped GET /b (external): refs.yaml:16:17: `$ref` to `https://example.com/params.yaml#/Limit` points to an external URL; only references inside the document (`#/…`) are resolved\n\
         skipped GET /c (missing): refs.yaml:21:47: `$ref` target `#/components/schemas/Nope` does not exist\n\
         skipped GET /d (no-schema): refs.yaml:26:11: parameter `q` has neither `schema` nor `content`\n"
    );
    let out = import(
        dir.path(),
        &[
            "refs.yaml",
            "--operation",
            "cyclic",
            "--operation",
            "missing",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).ends_with(
            "error: refs.yaml: nothing imported: every selected operation was skipped (2)\n"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn relative_servers_need_a_base_url() {
    let doc = "openapi: 3.1.0\ninfo: {title: r, version: \"1\"}\nservers: [{url: /v1}]\npaths:\n  /ping:\n    get: {operationId: ping, summary: Check that the API answers}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.yaml"), doc).unwrap();
    let out = import(dir.path(), &["r.yaml"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).starts_with("skipped GET /ping (ping): no absolute server URL (`/v1` at r.yaml:3:17); give the API's base URL with --server https://…\n"), "{}", text(&out.stderr));
    let out = import(dir.path(), &["r.yaml", "--server", "ftp://api.example.com"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--server <URL>"),
        "{}",
        text(&out.stderr)
    );
    let out = import(
        dir.path(),
        &["r.yaml", "--server", "https://api.example.com"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(read(dir.path(), "ping").contains("url: \"https://api.example.com/v1/ping\"\n"));
}

#[test]
fn a_document_over_64_mib_is_refused_while_reading() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let out = import(dir.path(), &["huge.yaml"]);
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(
        text(&out.stderr),
        "error: cannot read huge.yaml: larger than the limit of 67108864 bytes\n"
    );
}

const SERVERS_AND_CLASHES: &str = r#"openapi: 3.0.3
info: {title: s, version: "1"}
servers: [{url: "https://doc.example.com"}]
paths:
  /items:
    servers: [{url: "https://path.example.com/p"}]
    get:
      operationId: list
      summary: List the items in the store
      parameters:
        - {name: fields, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
    post:
      operationId: list
      summary: Add an item to the store
      servers: [{url: "https://op.example.com/o"}]
      responses: {}
  /other:
    get:
      operationId: list
      summary: List the other things here
    head:
      operationId: probe
"#;

#[test]
fn servers_come_from_the_nearest_level_and_clashing_ids_are_numbered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.yaml"), SERVERS_AND_CLASHES).unwrap();
    let out = import(dir.path(), &["s.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "wrote actions/list.yaml  GET /items (list)\n\
         wrote actions/list-2.yaml  POST /items (list-2)\n\
         wrote actions/list-3.yaml  GET /other (list-3)\n"
    );
    assert_eq!(
        text(&out.stderr),
        "note: list: header parameter `Accept` left out: OpenAPI ignores it (the action sets it itself)\n\
         note: list: cookie parameter `session` left out: actions do not send cookies\n\
         note: list-2: `list` (from operationId `list`) is already another operation's id: numbered\n\
         note: list-3: `list` (from operationId `list`) is already another operation's id: numbered\n\
         skipped HEAD /other (probe): method HEAD is not one actions send (GET, POST, PUT, PATCH, DELETE)\n"
    );
    let list = read(dir.path(), "list");
    assert!(
        list.contains("url: \"https://path.example.com/p/items?fields={{fields}}\"\n"),
        "{list}"
    );
    assert!(read(dir.path(), "list-2").contains("url: \"https://op.example.com/o/items\"\n"));
    assert!(read(dir.path(), "list-3").contains("url: \"https://doc.example.com/other\"\n"));
    let server = TestServer::start(|_| Reply::json(200, json!([])));
    actionctl_in(dir.path())
        .args([
            "test",
            "list",
            "--var",
            r#"fields=["a","b"]"#,
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
    assert_eq!(server.single().target, "/p/items?fields=a%2Cb");
}

#[test]
fn twilio_documents_import_with_forms_basic_auth_and_array_queries() {
    let dir = tempfile::tempdir().unwrap();
    let chat = fixture("openapi/twilio_chat_v3.yaml");
    let lookups = fixture("openapi/twilio_lookups_v1.json");
    let out = import(dir.path(), &[chat.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let update = read(dir.path(), "update-channel");
    assert!(
        update.starts_with(
            "name: \"Update a specific Channel.\"\n\
         description: \"Update a specific Channel.\"\n\
         method: POST\n\
         url: \"https://chat.twilio.com/v3/Services/{{ServiceSid}}/Channels/{{Sid}}\"\n\
         auth:\n  type: basic\n  username: \"USERNAME\"\n  secret: \"account-sid-auth-token\"\n\
         headers:\n  \"X-Twilio-Webhook-Enabled\": \"{{X_Twilio_Webhook_Enabled}}\"\n\
         form:\n  \"Type\": \"{{Type}}\"\n  \"MessagingServiceSid\": \"{{MessagingServiceSid}}\"\n"
        ),
        "{update}"
    );
    assert!(
        update.contains("  - name: Type\n    type: string\n    enum: [\"public\", \"private\"]\n"),
        "{update}"
    );
    let out = import(dir.path(), &[lookups.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("note: fetch-phone-number: query parameter `AddOnsData` left out: is an object, which a variable cannot hold\n"));
    actionctl_in(dir.path()).arg("validate").assert().success();

    let server = TestServer::start(|_| Reply::json(200, json!({})));
    let service = format!("IS{}", "a".repeat(32));
    actionctl_in(dir.path())
        .args([
            "test",
            "update-channel",
            "--var",
            &format!("ServiceSid={service}"),
            "--var",
            "Sid=CH1",
        ])
        .args([
            "--var",
            "Type=private",
            "--var",
            "X_Twilio_Webhook_Enabled=true",
            "--base-url",
            &server.url(),
        ])
        .env("ACTIONCTL_SECRET_ACCOUNT_SID_AUTH_TOKEN", "tok")
        .assert()
        .success();
    let got = server.single();
    assert_eq!(got.target, format!("/v3/Services/{service}/Channels/CH1"));
    assert_eq!(text(&got.body), "Type=private");
    assert_eq!(
        got.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(got.header("x-twilio-webhook-enabled"), Some("true"));

    let server = TestServer::start(|_| Reply::json(200, json!({})));
    actionctl_in(dir.path())
        .args([
            "test",
            "fetch-phone-number",
            "--var",
            "PhoneNumber=+15550100",
            "--var",
            r#"Type=["carrier","caller-name"]"#,
        ])
        .args(["--base-url", &server.url()])
        .env("ACTIONCTL_SECRET_ACCOUNT_SID_AUTH_TOKEN", "tok")
        .assert()
        .success();
    assert_eq!(
        server.single().target,
        "/v1/PhoneNumbers/%2B15550100?Type=carrier&Type=caller-name"
    );
}

#[test]
fn control_characters_in_the_document_never_reach_the_terminal_raw() {
    let doc = "openapi: 3.0.0\ninfo: {title: x, version: \"1\"}\nservers: [{url: \"https://a.example\"}]\npaths:\n  \"/a\\e[31mred\\u0007\":\n    get:\n      summary: \"Bell\\u0007 and \\e[2J clear\"\n      parameters:\n        - {name: \"q\\nx\", in: query, schema: {type: string}}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.yaml"), doc).unwrap();
    let out = import(dir.path(), &["c.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "wrote actions/get-a-31mred.yaml  GET /a\\u{1b}[31mred\\u{7} (get-a-31mred)\n"
    );
    let action = read(dir.path(), "get-a-31mred");
    assert!(
        action.starts_with("name: \"Bell and [2J clear\"\n"),
        "{action}"
    );
    assert!(
        action.contains(
            "url: \"https://a.example/a%1B[31mred%07\"\nquery:\n  \"q\\nx\": \"{{q_x}}\"\n"
        ),
        "{action}"
    );
}

/// A server URL is held to `--server`'s rules: a query, fragment or dot
/// segment, written or brought in by a variable's default, would swallow
/// or climb out of the operation's path.
#[test]
fn server_urls_with_a_query_or_dot_segments_are_refused_like_server() {
    let doc = |servers: &str| {
        format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: \"1\"}}\nservers:\n{servers}\npaths:\n  /a/{{id}}:\n    get:\n      operationId: x\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n"
        )
    };
    let (code, stderr, written) = import_text(
        "q.yaml",
        doc("  - url: \"https://x.test/api?tenant=acme\"").as_bytes(),
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.starts_with("skipped GET /a/{id} (x): q.yaml:4:10: server URL `https://x.test/api?…` has a query or fragment; a base URL gives scheme, host, port and at most a path prefix\n"),
        "{stderr}"
    );
    assert!(written.is_empty());
    let (code, stderr, written) = import_text(
        "v.yaml",
        doc("  - url: \"https://{host}/{base}\"\n    variables:\n      host: {default: \"evil.test/x?y=\"}\n      base: {default: \"../../admin\"}").as_bytes(),
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("has a query or fragment"), "{stderr}");
    assert!(written.is_empty());
    let (code, stderr, _) = import_text(
        "d.yaml",
        doc("  - url: \"https://{host}/{base}/\"\n    variables:\n      host: {default: \"x.test\"}\n      base: {default: \"..\"}").as_bytes(),
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("d.yaml:4:10: server URL"), "{stderr}");
    assert!(stderr.contains("dot segment"), "{stderr}");
}

const OPTIONAL_OBJECTS: &str = r#"openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://b.test/api/"}]
paths:
  /items/{id}:
    put:
      operationId: putItem
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                meta: {type: object, additionalProperties: true}
                opt:
                  type: object
                  required: [deep]
                  properties: {deep: {type: string}}
  /forms:
    post:
      operationId: postForm
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                a: {type: string}
                extra: {type: object}
"#;

/// Optional objects nobody filled in are not sent as `{}` (a PUT would
/// wipe `meta`, and `opt` without `deep` breaks the document's schema);
/// free-form objects are left out with a note.
#[test]
fn unset_optional_objects_and_free_form_objects_are_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("o.yaml"), OPTIONAL_OBJECTS).unwrap();
    let out = import(dir.path(), &["o.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let put = read(dir.path(), "put-item");
    assert!(
        put.contains("body:\n  \"name\": \"{{name}}\"\n  \"opt\":\n    \"deep\": \"{{opt_deep}}\"\nvariables:"),
        "{put}"
    );
    assert_eq!(
        text(&out.stderr),
        "note: put-item: body member `meta` left out: a free-form object (no properties to make variables of)\n\
         note: post-form: form field `extra` left out: a free-form object (no properties to make variables of)\n"
    );
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    let send = |vars: &[&str]| {
        let mut cmd = actionctl_in(dir.path());
        cmd.args(["test", "put-item", "--var", "id=1", "--var", "name=Al"]);
        for v in vars {
            cmd.args(["--var", v]);
        }
        cmd.args(["--base-url", &server.url()]).assert().success();
    };
    send(&[]);
    send(&["opt_deep=d"]);
    let got = server.requests();
    assert_eq!(text(&got[0].body), r#"{"name":"Al"}"#);
    assert_eq!(text(&got[1].body), r#"{"name":"Al","opt":{"deep":"d"}}"#);
}

const ALTERNATIVES: &str = r#"openapi: 3.0.0
info: {title: alternatives, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /v1/customers:
    post:
      operationId: PostCustomers
      requestBody:
        content:
          application/x-www-form-urlencoded:
            encoding:
              address: {explode: true, style: deepObject}
              expand: {explode: true, style: deepObject}
              tags: {style: pipeDelimited}
            schema:
              type: object
              properties:
                address:
                  anyOf:
                    - {type: object, properties: {city: {type: string}, line1: {type: string}}}
                    - {type: string, enum: [""]}
                expand: {type: array, items: {type: string}}
                tags: {type: array, items: {type: string}}
  /issues:
    post:
      operationId: createIssue
      parameters:
        - {name: kind, in: query, schema: {oneOf: [{type: object, properties: {a: {type: string}}}, {type: integer}]}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                milestone: {oneOf: [{type: string}, {type: integer}], description: "The milestone"}
                labels: {type: array, items: {oneOf: [{type: object}, {type: string}]}}
                pet: {type: object, properties: {name: {type: string}}, oneOf: [{required: [name]}]}
"#;

/// `anyOf`/`oneOf` become one alternative chosen on purpose and said in a
/// note: a body member keeps the first object one (Stripe's `address`
/// is an object or `""`), a parameter or list item the first that is not
/// an object; a form `encoding` with `style: deepObject` on an array
/// sends `key[]=`.
#[test]
fn any_of_and_one_of_take_a_chosen_alternative_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), ALTERNATIVES).unwrap();
    let out = import(dir.path(), &["a.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "note: post-customers: `address`: `anyOf` of object | \"\"/null: imported as its first object alternative; edit the file for another\n\
         note: post-customers: form field `tags`: encoding style `pipeDelimited` is not followed; its items are sent as repeated `tags=` fields\n\
         note: create-issue: `kind`: `oneOf` of object | integer: imported as its first alternative that is not an object (integer); edit the file for another\n\
         note: create-issue: `milestone`: `oneOf` of string | integer: imported as its first alternative (string); edit the file for another\n\
         note: create-issue: `pet`: its `oneOf` is not followed (the schema's own `type`/`properties` are)\n\
         note: create-issue: `labels[]`: `oneOf` of object | string: imported as its first alternative that is not an object (string); edit the file for another\n"
    );
    let issue = read(dir.path(), "create-issue");
    assert!(
        issue.contains("  - name: kind\n    type: integer\n"),
        "{issue}"
    );
    assert!(
        issue.contains(
            "  - name: milestone\n    type: string\n    description: \"The milestone\"\n"
        ),
        "{issue}"
    );
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    actionctl_in(dir.path())
        .args(["test", "post-customers", "--var", "address_city=Oslo"])
        .args(["--var", r#"expand=["a","b"]"#, "--var", r#"tags=["x"]"#])
        .args(["--base-url", &server.url()])
        .assert()
        .success();
    assert_eq!(
        text(&server.single().body),
        "address%5Bcity%5D=Oslo&expand%5B%5D=a&expand%5B%5D=b&tags=x"
    );
}

/// Ids come from the `operationId` with its accents taken off, else from
/// the method and path (never `operation`, `operation-2`); clash
/// numbers follow the document's order and only clashes are called
/// clashes.
#[test]
fn unusual_operation_ids_are_transliterated_or_replaced_by_method_and_path() {
    let doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://x.test"}], "paths": {
        "/b": {"get": {"operationId": "Ünïcödé öp naïve"}},
        "/e": {"get": {"operationId": "日本語"}},
        "/f": {"get": {"operationId": ".."}},
        "/j": {"get": {"operationId": "getPetById"}, "post": {"operationId": "get_pet_by_id"},
               "put": {"operationId": "get-pet-by-id"}},
        "/k": {"delete": {}, "get": {"operationId": "delete-k"}}}});
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("h.json"), doc.to_string()).unwrap();
    let out = import(dir.path(), &["h.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "wrote actions/unicode-op-naive.yaml  GET /b (unicode-op-naive)\n\
         wrote actions/get-e.yaml  GET /e (get-e)\n\
         wrote actions/get-f.yaml  GET /f (get-f)\n\
         wrote actions/get-pet-by-id.yaml  GET /j (get-pet-by-id)\n\
         wrote actions/get-pet-by-id-2.yaml  POST /j (get-pet-by-id-2)\n\
         wrote actions/get-pet-by-id-3.yaml  PUT /j (get-pet-by-id-3)\n\
         wrote actions/delete-k.yaml  DELETE /k (delete-k)\n\
         wrote actions/delete-k-2.yaml  GET /k (delete-k-2)\n"
    );
    assert_eq!(
        text(&out.stderr),
        "note: get-e: operationId `日本語` gives no id (no ASCII letter or digit once accents are taken off): the id comes from the method and path\n\
         note: get-f: operationId `..` gives no id (no ASCII letter or digit once accents are taken off): the id comes from the method and path\n\
         note: get-pet-by-id-2: `get-pet-by-id` (from operationId `get_pet_by_id`) is already another operation's id: numbered\n\
         note: get-pet-by-id-3: `get-pet-by-id` (from operationId `get-pet-by-id`) is already another operation's id: numbered\n\
         note: delete-k-2: `delete-k` (from operationId `delete-k`) is already another operation's id: numbered\n"
    );
}

const EXAMPLES: &str = r#"openapi: 3.1.0
info: {title: t, version: "1"}
servers: [{url: "https://op.test"}]
paths:
  /op2:
    get:
      operationId: opServer
      parameters:
        - {name: huge, in: query, schema: {type: integer, maximum: 99999999999999999999999}}
        - {name: c, in: query, schema: {const: fixed}}
        - {name: exs, in: query, schema: {type: integer, minimum: 10, examples: [1, 20]}, example: 3}
        - {name: dflt, in: query, required: true, schema: {type: string, default: "zz"}}
        - {name: email, in: query, schema: {type: string, format: email, example: "not-an-email"}}
        - {name: step, in: query, schema: {type: integer, multipleOf: 5}}
        - {name: ids, in: query, schema: {type: array, items: {type: integer}, maxItems: 3, uniqueItems: true}}
"#;

/// The example is the first of all the document's examples that is
/// valid; a required parameter's `default` is its example; `const` is a
/// one-value `enum`; keywords actions cannot check are noted.
#[test]
fn examples_defaults_const_and_dropped_keywords_are_chosen_and_said() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.yaml"), EXAMPLES).unwrap();
    let out = import(dir.path(), &["e.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "note: op-server: `huge`: its maximum 99999999999999999999999 is not a 64-bit integer: left out\n\
         note: op-server: `email`: no example of the document fits the variable: none written\n\
         note: op-server: `step`: its `multipleOf` is left out (actions do not check it)\n\
         note: op-server: `ids`: its `maxItems` is left out (actions do not check it)\n\
         note: op-server: `ids`: its `uniqueItems` is left out (actions do not check it)\n"
    );
    let yaml = read(dir.path(), "op-server");
    for wanted in [
        "  - name: c\n    type: string\n    enum: [\"fixed\"]\n",
        "  - name: exs\n    type: integer\n    minimum: 10\n    description: \"The `exs` query parameter\"\n    example: 20\n",
        "  - name: dflt\n    type: string\n    description: \"The `dflt` query parameter\"\n    example: \"zz\"\n    required: true\n",
    ] {
        assert!(yaml.contains(wanted), "{wanted}\n{yaml}");
    }
    let out = actionctl_in(dir.path()).arg("validate").output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(report.contains("1 valid, 0 errors, 0 warnings"), "{report}");
}

/// A skip for a file that would not validate points into the document
/// (the file was never written), not at a line of the unwritten file.
#[test]
fn a_skip_for_an_invalid_action_points_into_the_document() {
    let doc = "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\nservers: [{url: \"https://x.test\"}]\npaths:\n  /a/%2e%2e/b:\n    get:\n      operationId: x\n";
    let (code, stderr, written) = import_text("d.yaml", doc.as_bytes());
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.starts_with("skipped GET /a/%2e%2e/b (x): d.yaml:6:8: the action it makes does not validate: url path holds the dot segment `%2e%2e`"),
        "{stderr}"
    );
    assert!(!stderr.contains("x.yaml"), "{stderr}");
    assert!(written.is_empty());
}

const CREDENTIAL_EXAMPLES: &str = r#"openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://x.test"}]
paths:
  /search:
    get:
      operationId: search
      parameters:
        - {name: api_key, in: query, schema: {type: string}, example: sk_live_CANARY1234567890}
        - {name: X-API-Key, in: header, schema: {type: string, default: "CANARYdefault9"}}
        - {name: q, in: query, schema: {type: string}, example: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"}
        - {name: account_sid, in: query, schema: {type: string}, example: AC0123456789abcdef0123456789abcdef}
        - {name: page, in: query, schema: {type: integer}, example: 2}
"#;

/// A parameter's example or default that may be a real credential is
/// not copied into the file (nor printed), and a note says so.
#[test]
fn credential_like_examples_and_defaults_are_not_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.yaml"), CREDENTIAL_EXAMPLES).unwrap();
    let out = import(dir.path(), &["c.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let yaml = read(dir.path(), "search");
    let printed = format!("{}{}{yaml}", text(&out.stdout), text(&out.stderr));
    for secret in ["CANARY", "eyJhbGci"] {
        assert!(!printed.contains(secret), "{secret}\n{printed}");
    }
    assert_eq!(
        text(&out.stderr),
        "note: search: `api_key`: its example is not written: it is named like a credential, and a real one must not sit in the file (give it with --var, or make it `auth:` with a stored secret)\n\
         note: search: `X-API-Key`: its default is not written: it is named like a credential, and a real one must not sit in the file (give it with --var, or make it `auth:` with a stored secret)\n\
         note: search: `q`: its example is not written: the value looks like a credential, and a real one must not sit in the file (give it with --var, or make it `auth:` with a stored secret)\n"
    );
    assert!(
        yaml.contains("    example: \"AC0123456789abcdef0123456789abcdef\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("    example: 2\n"), "{yaml}");
}

/// As `import curl`: what was written is data on stdout; notes, advice
/// (`actionctl secret set …`) and skips are hints on stderr, which `-q`
/// silences; an error is printed even under `-q`.
#[test]
fn data_goes_to_stdout_hints_to_stderr_and_quiet_silences_the_hints() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.yaml"), SERVERS_AND_CLASHES).unwrap();
    let loud = import(dir.path(), &["s.yaml"]);
    assert!(loud.status.success());
    assert!(
        text(&loud.stderr).contains("note: list: "),
        "{}",
        text(&loud.stderr)
    );
    assert!(text(&loud.stderr).contains("skipped HEAD /other"));
    let quiet = import(dir.path(), &["s.yaml", "--force", "-q"]);
    assert!(quiet.status.success());
    assert_eq!(text(&quiet.stdout), text(&loud.stdout));
    assert_eq!(text(&quiet.stderr), "");
    let json_out = import(dir.path(), &["s.yaml", "--force", "-q", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json_out.stdout).unwrap();
    assert_eq!(
        report["written"][0]["notes"][1],
        "cookie parameter `session` left out: actions do not send cookies"
    );
    assert_eq!(report["skipped"][0]["operation"], "HEAD /other (probe)");
    assert_eq!(text(&json_out.stderr), "");
    let failed = import(dir.path(), &["s.yaml", "-q"]);
    assert_eq!(failed.status.code(), Some(4));
    assert!(
        text(&failed.stderr).contains("already exist"),
        "{}",
        text(&failed.stderr)
    );
    let bearer = "openapi: 3.1.0\ninfo: {title: b, version: \"1\"}\nservers: [{url: \"https://b.test\"}]\nsecurity: [{tok: []}]\ncomponents: {securitySchemes: {tok: {type: http, scheme: bearer}}}\npaths:\n  /p:\n    get: {operationId: p}\n";
    std::fs::write(dir.path().join("b.yaml"), bearer).unwrap();
    let advice = import(dir.path(), &["b.yaml"]);
    assert_eq!(text(&advice.stdout), "wrote actions/p.yaml  GET /p (p)\n");
    assert_eq!(
        text(&advice.stderr),
        "note: p: auth `tok`: store it with `actionctl secret set tok`\n"
    );
}

/// A query array with `style: deepObject` is sent as `expand[]=`, as
/// Stripe reads it; a style actions do not follow is noted.
#[test]
fn query_array_styles_are_followed_or_noted() {
    let doc = "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\nservers: [{url: \"https://x.test\"}]\npaths:\n  /c:\n    get:\n      operationId: getC\n      parameters:\n        - {in: query, name: expand, style: deepObject, explode: true, schema: {type: array, items: {type: string}}}\n        - {in: query, name: ids, style: pipeDelimited, schema: {type: array, items: {type: integer}}}\n        - {in: query, name: one, style: pipeDelimited, schema: {type: integer}}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q.yaml"), doc).unwrap();
    let out = import(dir.path(), &["q.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "note: get-c: query parameter `ids`: style `pipeDelimited` is not followed; its items are sent as repeated `ids=` keys\n"
    );
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    actionctl_in(dir.path())
        .args([
            "test",
            "get-c",
            "--var",
            r#"expand=["a","b"]"#,
            "--var",
            "ids=[1,2]",
        ])
        .args(["--var", "one=3", "--base-url", &server.url()])
        .assert()
        .success();
    assert_eq!(
        server.single().target,
        "/c?expand%5B%5D=a&expand%5B%5D=b&ids=1&ids=2&one=3"
    );
}

/// An alternative that is the schema itself is passed over, not a reason
/// to skip the operation.
#[test]
fn an_alternative_that_contains_itself_is_passed_over() {
    let doc = "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\nservers: [{url: \"https://x.test\"}]\npaths:\n  /n:\n    post:\n      operationId: postN\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {node: {$ref: \"#/components/schemas/Node\"}}}\ncomponents:\n  schemas:\n    Node: {anyOf: [{$ref: \"#/components/schemas/Node\"}, {type: string}]}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("n.yaml"), doc).unwrap();
    let out = import(dir.path(), &["n.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "note: post-n: `node`: `anyOf` of itself | string: imported as its first alternative (string); edit the file for another\n"
    );
    assert!(read(dir.path(), "post-n").contains("body:\n  \"node\": \"{{node}}\"\n"));
}
