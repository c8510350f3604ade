//! `{{env.KEY}}`: the selected environment's values, required before a
//! request is built. They reach templates through the [`Context`], so
//! building needs no lookup of its own.

use crate::core::context::Context;

use super::BuildError;

/// Checks that `context` holds a value for every `{{env.KEY}}` with a
/// KEY in `keys`: an environment is selected, and it defines them all.
pub(crate) fn require_env_values(keys: &[String], context: &Context) -> Result<(), BuildError> {
    if keys.is_empty() {
        return Ok(());
    }
    let Some(environment) = context.environment() else {
        return Err(BuildError::NoEnvironment(keys.to_vec()));
    };
    let missing: Vec<String> = keys
        .iter()
        .filter(|key| {
            context
                .get(&format!("{}{key}", crate::core::environment::PREFIX))
                .is_none()
        })
        .cloned()
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(BuildError::EnvValuesMissing {
            environment: environment.to_string(),
            keys: missing,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;

    use super::*;
    use crate::core::environment::Environments;
    use crate::core::model::Action;
    use crate::core::request::{Request, RequestBody, build};
    use crate::core::validate::Validator;

    const ENVIRONMENTS: &str = "\
staging:
  values:
    shop: acme-staging.myshopify.test
    owner: a b/c
    user: jdoe
    n: 7
production:
  values:
    shop: acme.myshopify.test
";

    fn environments() -> Environments {
        let (envs, diags) = Environments::parse("environments.yaml", ENVIRONMENTS.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        envs
    }

    /// An action checked against [`ENVIRONMENTS`].
    fn action(extra: &str) -> Action {
        let text = format!("name: T\ndescription: A test action here\n{extra}");
        let validator =
            Validator::new().with_environments(environments().known("environments.yaml"));
        let report = validator.check("t", "t.yaml", text.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        report.into_action().unwrap()
    }

    fn build_in(action: &Action, environment: Option<&str>) -> Result<Request, BuildError> {
        let envs = environments();
        let context = Context::default().with_environment(environment.and_then(|n| envs.get(n)));
        build(action, &HashMap::new(), &context)
    }

    const EVERYWHERE: &str = "\
method: POST
url: https://{{env.shop}}/repos/{{env.owner}}/x?fixed=1
auth: {type: basic, username: \"{{env.user}}\", secret: api}
headers:
  X-Owner: \"{{env.owner}}\"
query:
  o: \"{{env.owner}}\"
body:
  n: \"{{env.n}}\"
  text: \"by {{env.owner}}\"
";

    #[test]
    fn env_values_fill_every_template() {
        let a = action(EVERYWHERE);
        assert_eq!(a.env_keys, ["n", "owner", "shop", "user"]);
        let r = build_in(&a, Some("staging")).unwrap();
        assert_eq!(
            r.url,
            "https://acme-staging.myshopify.test/repos/a%20b%2Fc/x?fixed=1&o=a%20b%2Fc"
        );
        assert_eq!(r.header("x-owner").as_deref(), Some("a b/c"));
        assert_eq!(
            r.header("authorization").as_deref(),
            Some("Basic base64(jdoe:<secret:api>)")
        );
        assert_eq!(
            r.body,
            Some(RequestBody::Json(json!({"n": "7", "text": "by a b/c"})))
        );
    }

    #[test]
    fn env_values_stand_in_json_text_bodies_as_strings() {
        let a = action(
            "method: POST\nurl: https://x.test/\nbody: '{\"n\": {{env.n}}, \"s\": \"{{env.owner}}\"}'\n",
        );
        let r = build_in(&a, Some("staging")).unwrap();
        assert_eq!(
            r.body,
            Some(RequestBody::Json(json!({"n": "7", "s": "a b/c"})))
        );
    }

    #[test]
    fn a_host_value_must_be_a_host() {
        let a = action("method: GET\nurl: https://{{env.owner}}.test/\n");
        let err = build_in(&a, Some("staging")).unwrap_err();
        assert!(
            matches!(&err, BuildError::UnsafeValue { name, place, .. } if name == "env.owner" && place == "the URL host"),
            "{err}"
        );
    }

    #[test]
    fn every_key_needs_a_value_before_anything_is_built() {
        let a = action(EVERYWHERE);
        let err = build_in(&a, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`env.n`, `env.owner`, `env.shop`, `env.user` need an environment, but none is selected: pass --env NAME (or set ACTIONCTL_ENV)"
        );
        let err = build_in(&a, Some("production")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment `production` does not define `env.n`, `env.owner`, `env.user`: add them under `production: values:` in the environments file"
        );
        let one =
            action("method: GET\nurl: https://{{env.shop}}/\nheaders: {X-N: \"{{env.n}}\"}\n");
        assert_eq!(
            build_in(&one, Some("production")).unwrap_err(),
            BuildError::EnvValuesMissing {
                environment: "production".into(),
                keys: vec!["n".into()]
            }
        );
        assert!(
            build_in(&one, Some("production"))
                .unwrap_err()
                .to_string()
                .ends_with("add it under `production: values:` in the environments file")
        );
        let single = action("method: GET\nurl: https://{{env.shop}}/\n");
        assert_eq!(
            build_in(&single, None).unwrap_err().to_string(),
            "`env.shop` needs an environment, but none is selected: pass --env NAME (or set ACTIONCTL_ENV)"
        );
        assert_eq!(
            build_in(&single, Some("production")).unwrap().url,
            "https://acme.myshopify.test/"
        );
    }

    #[test]
    fn actions_without_env_values_need_no_environment() {
        let a = action("method: GET\nurl: https://x.test/\n");
        assert!(a.env_keys.is_empty());
        assert_eq!(build_in(&a, None).unwrap().url, "https://x.test/");
    }
}
