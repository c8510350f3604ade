use super::*;
use crate::core::model::AuthKind;

fn imported(text: &str) -> CurlImport {
    import(text, None).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn form(i: &CurlImport) -> Vec<(String, String)> {
    match &i.literals.body {
        Some(LiteralBody::Form(fields)) => fields.clone(),
        other => panic!("not a form: {other:?}"),
    }
}

#[test]
fn the_id_comes_from_the_method_and_path() {
    assert_eq!(
        imported("curl https://api.shop.test/v1/orders").draft.id,
        "get-v1-orders"
    );
    assert_eq!(imported("curl -d a=1 api.shop.test/").draft.id, "post-shop");
    assert_eq!(imported("curl http://127.0.0.1:8080").draft.id, "get");
    let long = format!("curl https://x.test/{}", "segment/".repeat(20));
    let id = imported(&long).draft.id;
    assert!(
        id.len() <= 64 && is_valid_id(&id) && !id.ends_with('-'),
        "{id}"
    );
    assert_eq!(
        import("curl https://x.test/a", Some("mine"))
            .unwrap()
            .draft
            .id,
        "mine"
    );
}

#[test]
fn curl_may_be_named_by_its_path_or_as_curl_exe() {
    for command in [
        "/usr/bin/curl https://x.test",
        "curl.exe https://x.test",
        "C:\\\\Windows\\\\System32\\\\curl.exe https://x.test",
    ] {
        assert!(import(command, None).is_ok(), "{command}");
    }
    assert!(matches!(
        import("curly https://x.test", None),
        Err(CurlError::NotCurl(_))
    ));
    assert!(matches!(
        import("wget https://x.test", None),
        Err(CurlError::NotCurl(_))
    ));
}

#[test]
fn short_options_combine_and_take_attached_values() {
    let i = imported("curl -sSLXPUT -HAccept:text/plain -da=1 https://x.test/p");
    assert_eq!(i.draft.method, Method::Put);
    assert_eq!(
        i.draft.headers,
        vec![("Accept".into(), "text/plain".into())]
    );
    assert_eq!(form(&i), vec![("a".into(), "1".into())]);
    assert!(i.notes[0].contains("-s -S -L"), "{:?}", i.notes);
}

#[test]
fn the_method_is_implied_as_curl_implies_it() {
    assert_eq!(
        imported("curl https://x.test -d a=1").draft.method,
        Method::Post
    );
    assert_eq!(
        imported("curl https://x.test --json '{}'").draft.method,
        Method::Post
    );
    assert_eq!(
        imported("curl -G https://x.test -d a=1").draft.method,
        Method::Get
    );
    assert_eq!(
        imported("curl -X delete https://x.test").draft.method,
        Method::Delete
    );
    assert_eq!(imported("curl https://x.test -d ''").literals.body, None);
}

#[test]
fn a_url_without_a_scheme_is_plain_http_as_in_curl() {
    let i = imported("curl localhost:8080/health#top");
    assert_eq!(i.draft.url, "http://localhost:8080/health");
    assert!(i.notes.iter().any(|n| n.contains("#fragment")));
}

#[test]
fn data_urlencode_encodes_its_content_as_curl_does() {
    let i = imported("curl https://x.test --data-urlencode 'c=d&e=f' --data-urlencode 'n=x y/é'");
    assert_eq!(
        form(&i),
        vec![("c".into(), "d&e=f".into()), ("n".into(), "x y/é".into())]
    );
    assert_eq!(escape("x y/é~"), "x%20y%2F%C3%A9~");
    assert_eq!(
        data_piece(Data::UrlEncode, "--data-urlencode", "=a&b", 2).unwrap(),
        "a%26b"
    );
    assert_eq!(
        data_piece(Data::UrlEncode, "--data-urlencode", "n=x y", 2).unwrap(),
        "n=x%20y"
    );
    assert_eq!(
        data_piece(Data::UrlEncode, "--data-urlencode", "name@f.txt", 2),
        Err(CurlError::ReadsFile("--data-urlencode".into(), 2))
    );
}

#[test]
fn literal_braces_are_escaped_so_they_are_not_placeholders() {
    let i = imported(r#"curl https://x.test -H 'X-T: {{a}}' --json '{"t": "{{b}}"}'"#);
    assert_eq!(i.draft.headers[0].1, r"\{{a}}");
    assert_eq!(
        i.literals.body,
        Some(LiteralBody::JsonText(r#"{"t": "\{{b}}"}"#.into()))
    );
}

#[test]
fn every_place_a_credential_hides_becomes_auth_without_its_value() {
    let cases = [
        (
            "curl https://api.stripe.com/v1/charges -u sk_test_abcdefgh12345678:",
            AuthKind::Basic,
            "-u",
        ),
        (
            "curl https://x.test -H 'Authorization: Token abc123'",
            AuthKind::Header,
            "header Authorization",
        ),
        (
            "curl https://x.test -H 'api-key: abc'",
            AuthKind::Header,
            "header api-key",
        ),
        (
            "curl https://x.test --oauth2-bearer abc",
            AuthKind::Bearer,
            "--oauth2-bearer",
        ),
        (
            "curl https://x.test -b 'session=abc'",
            AuthKind::Header,
            "header Cookie",
        ),
        (
            "curl 'https://x.test/?token=abc&q=1'",
            AuthKind::Query,
            "query parameter token",
        ),
        (
            "curl https://x.test -d client_secret=abc -d grant_type=client_credentials",
            AuthKind::Body,
            "form field client_secret",
        ),
        (
            "curl https://x.test --json '{\"api_key\": \"abc\", \"n\": 1}'",
            AuthKind::Body,
            "body member api_key",
        ),
    ];
    for (command, kind, from) in cases {
        let i = imported(command);
        assert_eq!(i.draft.auth.kind(), kind, "{command}");
        assert_eq!(i.credential_from.as_deref(), Some(from), "{command}");
        let yaml = i.draft.to_yaml_with(&i.literals);
        for secret in ["abc", "sk_test_abcdefgh12345678"] {
            assert!(
                !yaml.contains(&format!("{secret}\"")) && !yaml.contains(&format!("{secret}&")),
                "{command}\n{yaml}"
            );
        }
    }
    let i = imported("curl https://x.test -H 'Authorization: Basic Ym90OnB3'");
    assert_eq!(
        i.draft.auth,
        AuthDraft::Basic {
            username: "bot".into(),
            secret: "x".into()
        }
    );
    assert_eq!(i.secret.as_deref(), Some("x"));
    let i = imported("curl https://x.test --json '{\"api_key\": \"abc\", \"n\": 1}'");
    assert_eq!(
        i.literals.body,
        Some(LiteralBody::JsonText(r#"{"n":1}"#.into()))
    );
}

#[test]
fn the_secret_is_named_after_the_host() {
    assert_eq!(secret_name("api.stripe.com", "id"), "stripe");
    assert_eq!(secret_name("www.shop.example.co", "id"), "shop");
    assert_eq!(secret_name("127.0.0.1", "post-x"), "post-x");
    assert_eq!(secret_name("localhost", "post-x"), "post-x");
    assert_eq!(secret_name("api.test", "id"), "api");
}

#[test]
fn max_time_becomes_a_timeout_in_range() {
    let mut notes = Vec::new();
    assert_eq!(
        timeout(Some("2.5"), &mut notes).unwrap().as_deref(),
        Some("2500ms")
    );
    assert_eq!(
        timeout(Some("30"), &mut notes).unwrap().as_deref(),
        Some("30s")
    );
    assert_eq!(
        timeout(Some("0.0001"), &mut notes).unwrap().as_deref(),
        Some("1ms")
    );
    assert_eq!(timeout(Some("0"), &mut notes).unwrap(), None);
    assert!(notes[0].contains("no limit"));
    for bad in ["3601", "-1", "NaN", "inf", "soon"] {
        assert!(timeout(Some(bad), &mut notes).is_err(), "{bad}");
    }
}

#[test]
fn placeholders_stay_within_the_formats_limits() {
    let long = format!("curl 'https://x.test/{}'", "a".repeat(5000));
    let i = imported(&long);
    assert!(i.draft.name.chars().count() <= 64);
    let n = i.draft.description.chars().count();
    assert!((10..=200).contains(&n), "{n}");
}

#[test]
fn repeated_form_fields_after_others_are_noted() {
    let i = imported("curl https://x.test -d a=1 -d b=2 -d a=3");
    assert!(
        i.notes.iter().any(|n| n.contains("form field a repeats")),
        "{:?}",
        i.notes
    );
    let i = imported("curl https://x.test -d a=1 -d a=2 -d b=3");
    assert!(
        !i.notes.iter().any(|n| n.contains("repeat")),
        "{:?}",
        i.notes
    );
}

#[test]
fn errors_never_show_a_value_that_could_be_a_credential() {
    let e = import(
        "curl --api-token=ghp_0123456789abcdef0123 https://x.test",
        None,
    )
    .unwrap_err();
    assert!(!e.to_string().contains("ghp_"), "{e}");
    let e = import(
        "curl -u 'a:sk_live_0123456789abcdef' -H 'X-Api-Key: k' https://x.test",
        None,
    )
    .unwrap_err();
    assert!(!e.to_string().contains("sk_live_"), "{e}");
    assert!(matches!(import("   ", None), Err(CurlError::Empty)));
    assert!(import("\\", None).is_err());
    let huge = "x".repeat(MAX_COMMAND_BYTES + 1);
    assert!(matches!(import(&huge, None), Err(CurlError::TooLong(_))));
}

#[test]
fn many_regrouped_fields_are_noted_in_one_short_line() {
    let pairs: Vec<String> = (0..2000).map(|i| format!("a{}=1", i % 1000)).collect();
    let i = imported(&format!("curl https://x.test -d '{}'", pairs.join("&")));
    let note = i.notes.iter().find(|n| n.contains("repeat")).unwrap();
    assert!(note.contains("a0, a1, a2, a3, a4 and 995 more"), "{note}");
    assert_eq!(form(&i).len(), 2000);
}

#[test]
fn deep_json_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    let e = import(&format!("curl https://x.test --json '{deep}'"), None).unwrap_err();
    assert!(e.to_string().contains("is meant as JSON but is not"), "{e}");
}

proptest::proptest! {
    #[test]
    fn any_text_is_imported_or_refused_without_a_panic(text in "\\PC{0,200}") {
        let _ = import(&text, None);
        let _ = import(&format!("curl {text}"), None);
    }

    #[test]
    fn what_any_curl_words_import_to_is_a_yaml_mapping_within_the_formats_limits(
        words in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("-X".to_string()),
                proptest::strategy::Just("-d".to_string()),
                proptest::strategy::Just("-H".to_string()),
                proptest::strategy::Just("-G".to_string()),
                proptest::strategy::Just("--json".to_string()),
                proptest::strategy::Just("-u".to_string()),
                proptest::strategy::Just("https://x.test/a?b=c".to_string()),
                "[a-zA-Z0-9=&:{}\"' @.-]{0,12}",
            ],
            0..8,
        )
    ) {
        let text = format!("curl {}", shell_words::join(&words));
        if let Ok(i) = import(&text, None) {
            let yaml = i.draft.to_yaml_with(&i.literals);
            proptest::prop_assert!(
                crate::core::yaml::Document::parse(yaml.as_bytes()).is_ok(),
                "not a YAML mapping:\n{yaml}"
            );
            proptest::prop_assert!(is_valid_id(&i.draft.id), "{}", i.draft.id);
            proptest::prop_assert!(i.draft.name.chars().count() <= 64);
            proptest::prop_assert!((10..=200).contains(&i.draft.description.chars().count()));
        }
    }
}

#[test]
fn a_credential_repeated_elsewhere_in_any_encoding_is_refused() {
    for command in [
        "curl 'https://x.test/a/p%40ss-word' -u bob:p@ss-word",
        "curl https://x.test/a -H 'X-Api-Key: k3y-v4lue' --json '{\"note\": \"k3y-v4lue\"}'",
        "curl https://x.test/a -H 'Authorization: Bearer tok\"en1' -H 'X-Note: tok\"en1'",
        "curl 'https://x.test/a?token=abcd1234&echo=abcd1234'",
    ] {
        let e = import(command, None).unwrap_err();
        assert!(matches!(e, CurlError::Credentials(_)), "{command}: {e}");
    }
    assert!(
        import("curl https://x.test/a -u bob:pw -d note=pw", None).is_ok(),
        "too short to tell"
    );
}

#[test]
fn bash_ansi_c_quoting_is_refused_not_misread() {
    for command in [
        "curl https://x.test -d $'a=b\\nc'",
        "curl https://x.test -H $\"X: y\"",
    ] {
        let e = import(command, None).unwrap_err();
        assert!(e.to_string().contains("$'…' quoting"), "{command}: {e}");
    }
    for fine in [
        "curl https://x.test -d 'cost=$'\\''5'",
        "curl https://x.test -d \"a=\\$'b'\"",
        "curl https://x.test -d 'a=$\"b\"'",
    ] {
        assert!(!has_ansi_c_quoting(fine), "{fine}");
    }
}

/// i16-bb 3: each of these credentials ended up in the written file.
#[test]
fn scheme_values_session_headers_and_signed_query_keys_are_credentials() {
    let i = imported("curl https://x.test/a -H 'X-Custom: Bearer CANARY12345'");
    assert_eq!(
        i.draft.auth,
        AuthDraft::Header {
            header: "X-Custom".into(),
            prefix: Some("Bearer ".into()),
            secret: "x".into()
        }
    );
    for header in ["X-Session-Id", "x-csrftoken"] {
        let i = imported(&format!("curl https://x.test/a -H '{header}: CANARY12345'"));
        assert_eq!(i.draft.auth.kind(), AuthKind::Header, "{header}");
        assert!(i.draft.headers.is_empty(), "{header}");
    }
    for key in ["auth", "sig", "signature"] {
        let i = imported(&format!("curl 'https://x.test/a?{key}=CANARY12345&b=1'"));
        assert_eq!(
            i.draft.auth,
            AuthDraft::Query {
                param: key.into(),
                secret: "x".into()
            }
        );
        assert_eq!(i.draft.url, "https://x.test/a?b=1");
    }
}

#[test]
fn a_nested_json_credential_is_refused_by_its_path_and_two_are_two() {
    let e = import(
        r#"curl https://x.test/a --json '{"auth":{"token":"CANARY12345"}}'"#,
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("at `auth.token`"), "{e}");
    assert!(!e.contains("CANARY"), "{e}");
    let e = import(
        r#"curl https://x.test/a --json '{"items":[{"password":"CANARY12345"}]}'"#,
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("at `items[0].password`"), "{e}");
    let e = import(
        r#"curl https://x.test/a --json '{"client_secret":"CANARY12345","password":"pw12345"}'"#,
        None,
    )
    .unwrap_err();
    assert!(matches!(e, CurlError::TwoCredentials(_)), "{e}");
}

fn error_of(command: &str) -> String {
    import(command, None)
        .map(|i| panic!("{command}: imported {i:?}"))
        .unwrap_err()
        .to_string()
}

/// i16-bb 7: shell variables and substitutions were written as text.
#[test]
fn shell_expansions_left_in_the_file_are_refused_by_name() {
    for (command, named) in [
        (
            "curl https://x.test/a -H \"OpenAI-Organization: $ORG_ID\"",
            "`$ORG_ID`",
        ),
        ("curl \"https://x.test/$TOKEN\"", "`$TOKEN`"),
        ("curl https://x.test/$(whoami)", "`$(whoami)`"),
        ("curl \"https://${HOST}/a\"", "`${HOST}`"),
        ("curl https://x.test/a -d \"n=`id -u`\"", "`` `id -u` ``"),
    ] {
        let e = error_of(command);
        let bare = named.trim_start_matches("`` ").trim_end_matches(" ``");
        assert!(e.contains(bare.trim_matches('`')), "{command}: {e}");
        assert!(e.contains("expanded by the shell"), "{command}: {e}");
    }
    let i = imported(
        "curl https://api.openai.com/v1/models -H \"Authorization: Bearer $OPENAI_API_KEY\"",
    );
    assert_eq!(i.draft.auth.kind(), AuthKind::Bearer);
    assert!(
        i.notes.iter().any(|n| n.contains("`$OPENAI_API_KEY`")),
        "{:?}",
        i.notes
    );
    let i = imported("curl https://x.test/a -d 'price=$5&who=$USER'");
    assert_eq!(
        form(&i),
        [
            ("price".into(), "$5".into()),
            ("who".into(), "$USER".into())
        ]
    );
}

/// i16-bb 8: all of these were reported as "two URLs (words N and M)".
#[test]
fn other_words_than_a_second_url_get_their_own_reason() {
    let e = error_of("curl --frobnicate SECRETVALUE https://x.test/a");
    assert!(e.contains("unknown curl option: `--frobnicate`"), "{e}");
    assert!(!e.contains("SECRETVALUE"), "{e}");
    for command in [
        "curl -K /etc/passwd https://x.test/a",
        "curl --config f https://x.test/a",
    ] {
        assert!(
            error_of(command).contains("-K/--config reads curl options from a file"),
            "{command}"
        );
    }
    for (command, said) in [
        (
            "curl https://x.test/a | jq .",
            "`|` outside quotes (line 1) passes curl's output",
        ),
        (
            "curl https://x.test/a; rm -rf /",
            "`;` outside quotes (line 1) runs another command",
        ),
        (
            "curl https://x.test/a && curl https://x.test/b",
            "`&&` outside quotes",
        ),
        (
            "curl https://x.test/a?b=1&c=2",
            "`&` outside quotes (line 1) runs curl in the background",
        ),
        ("curl https://x.test/a > out.json", "`>` outside quotes"),
        (
            "curl https://x.test/a\ncurl https://x.test/b",
            "line 1 ends without `\\`, so line 2 starts another command",
        ),
        (
            "curl https://x.test/a https://x.test/b curl",
            "two URLs in the curl command (words 2 and 3)",
        ),
        (
            "curl https://x.test/a curl https://x.test/b",
            "word 3 is `curl` again",
        ),
        (
            "curl https://x.test/a ^\n  -H \"A: 1\"",
            "line 1 ends with `^`, Windows cmd's line continuation",
        ),
        ("curl ^\"https://x.test/a^\"", "word 2 starts with `^`"),
        (
            "curl https://x.test/a \r -H 'A: 1'",
            "a carriage return (`\\r`) outside quotes on line 1",
        ),
    ] {
        let e = error_of(command);
        assert!(e.contains(said), "{command:?}: {e}");
    }
    let i = imported("curl https://x.test/a \\\r\n -H \"A: 1\"\r\n");
    assert_eq!(i.draft.headers, [("A".to_string(), "1".to_string())]);
    let i = imported("curl 'https://x.test/a?b=1&c=2' -d 'x=a|b;c>d'");
    assert_eq!(i.draft.url, "https://x.test/a?b=1&c=2");
}

/// i16-bb 15: two `-b` were two credentials (curl sends one Cookie
/// header); `-u :pw` failed with the validator's message; a browser copy
/// with a cookie and a token did not say which to drop.
#[test]
fn cookies_join_an_empty_user_is_named_and_the_cookie_is_the_one_to_drop() {
    let i = imported("curl https://x.test/a -b 'a=1' -b 'b=2;'");
    assert_eq!(i.credential_from.as_deref(), Some("header Cookie"));
    let e = error_of("curl https://x.test/a -b 'a=1' -b 'b=2' -H 'Cookie: c=3'");
    assert!(e.contains("header `Cookie` is given twice"), "{e}");
    for command in [
        "curl https://x.test/a -u :CANARYpw",
        "curl https://x.test/a -u :",
    ] {
        let e = error_of(command);
        assert!(e.contains("`:password` has no user name"), "{command}: {e}");
        assert!(!e.contains("CANARY"), "{e}");
    }
    let e = error_of("curl https://x.test/a -b 'sid=CANARY' -H 'Authorization: Bearer CANARY2'");
    assert!(e.contains("remove the -b/Cookie option"), "{e}");
}

/// i16-bb 17: `{"dup":1,"dup":2}` was sent as `{"dup":2}` and `1e400` as
/// `1e+400`, though JSON data is "kept as written".
#[test]
fn json_data_that_would_be_sent_changed_is_refused() {
    let e = error_of(r#"curl https://x.test/a --json '{"dup":1,"dup":2}'"#);
    assert!(e.contains("gives the member `dup` twice"), "{e}");
    assert!(!e.contains(" at line "), "{e}");
    let e = error_of(r#"curl https://x.test/a --json '{"n":1e400}'"#);
    assert!(e.contains("beyond what actionctl sends exactly"), "{e}");
}

#[test]
fn a_command_full_of_expansions_is_read_in_one_pass() {
    let many: String = (0..100_000).map(|i| format!("$v{i}")).collect();
    let command = format!("curl 'https://x.test/a' -H \"X-Many: {many}\"");
    assert!(command.len() < MAX_COMMAND_BYTES);
    let started = std::time::Instant::now();
    let e = error_of(&command);
    assert!(e.contains("`$v0`"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_header_given_twice_is_refused_not_written_as_a_duplicate_key() {
    let e = error_of("curl https://x.test/a -H 'A: 1' -H 'a: 2'");
    assert!(e.contains("header `a` is given twice"), "{e}");
}
