//! Property-style leak check: random secrets pushed through every output
//! path (trace, body, JSON document, -vv, dry-run, curl export, errors)
//! against a server that echoes everything back. No raw, base64 or
//! basic-auth form of a secret may come out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use base64::Engine;
use common::actionctl;
use common::server::TestServer;

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Printable ASCII, as header values allow, weighted toward the
    /// characters that need escaping somewhere.
    fn secret(&mut self) -> String {
        const TRICKY: &[u8] = b"\"\\'/+=%&?#: <>{}$`";
        let len = 12 + (self.next() % 29) as usize;
        (0..len)
            .map(|_| {
                let r = self.next();
                if r % 4 == 0 {
                    TRICKY[(r / 4) as usize % TRICKY.len()] as char
                } else {
                    (b' ' + 1 + (r % 94) as u8) as char
                }
            })
            .collect()
    }
}

struct Case {
    env: &'static str,
    args: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        env: "COMPANY_API",
        args: &["lookup-order", "--var", "order_number=1"],
    },
    Case {
        env: "ZENDESK_API",
        args: &["create-ticket", "--var", "issue_description=x"],
    },
    Case {
        env: "INVENTORY_API",
        args: &["check-inventory", "--var", "sku=P-1"],
    },
    Case {
        env: "PEOPLE_API",
        args: &[
            "tests/fixtures/valid/all-types.yaml",
            "--var",
            "id=1",
            "--var",
            "score=1",
        ],
    },
];

fn forms(secret: &str) -> Vec<String> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        secret.to_string(),
        b64(secret),
        b64(&format!("agent@acme.com/token:{secret}")),
    ]
}

fn check(output: &std::process::Output, secret: &str, what: &str) {
    let all = String::from_utf8_lossy(&[output.stdout.clone(), output.stderr.clone()].concat())
        .into_owned();
    for form in forms(secret) {
        assert!(
            !all.contains(&form),
            "{what}: leaked {form:?} (secret {secret:?}):\n{all}"
        );
    }
}

#[test]
fn random_secrets_never_come_out() {
    let mut rng = XorShift(0x5eed_ac71_0c71);
    for round in 0..12 {
        let secret = rng.secret();
        for case in CASES {
            let env = format!("ACTIONCTL_SECRET_{}", case.env);
            for (status, extra) in [
                (200, &["--format", "text"][..]),
                (200, &["--format", "json"][..]),
                (200, &["-vv"][..]),
                (401, &[][..]),
            ] {
                let server = TestServer::echo(status);
                let out = actionctl()
                    .env(&env, &secret)
                    .arg("test")
                    .args(case.args)
                    .args(extra)
                    .args(["--base-url", &server.url()])
                    .output()
                    .unwrap();
                let what = format!("round {round} test {} {extra:?}", case.args[0]);
                assert_eq!(
                    out.status.code(),
                    Some(if status == 200 { 0 } else { 1 }),
                    "{what}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                check(&out, &secret, &what);
            }
            for (command, format) in [("dry-run", "text"), ("dry-run", "json"), ("render", "curl")]
            {
                let out = actionctl()
                    .env(&env, &secret)
                    .arg(command)
                    .args(case.args)
                    .args(["--format", format])
                    .output()
                    .unwrap();
                assert_eq!(out.status.code(), Some(0));
                check(
                    &out,
                    &secret,
                    &format!("round {round} {command} {format} {}", case.args[0]),
                );
            }
        }
        let out = actionctl()
            .env("ACTIONCTL_SECRET_COMPANY_API", &secret)
            .args([
                "dry-run",
                "lookup-order",
                "--var",
                &format!("order_number={secret}"),
            ])
            .output()
            .unwrap();
        check(
            &out,
            &secret,
            &format!("round {round}: the secret given as a variable value"),
        );
    }
}
