//! Conversation context: the values of `{{contact.*}}`, `{{agent_*}}`,
//! `{{direction}}`, `{{medium}}` and `{{current_datetime}}`, read from a
//! YAML or JSON `--context` file; and the selected environment's
//! `{{env.KEY}}` values, which only the environments file can set.

use std::collections::HashMap;

use marked_yaml::Node;
use thiserror::Error;

use crate::core::diagnostic::Location;
use crate::core::environment::Environment;
use crate::core::model::CONTEXT_NAMES;
use crate::core::suggest::did_you_mean;
use crate::core::yaml::{Document, node_start, scalar_to_json};

/// Context values by dotted name (`contact.first_name`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Context {
    values: HashMap<String, String>,
    /// The selected environment's name, when one is selected.
    environment: Option<String>,
}

/// A problem in a context file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{location}: {message}")]
pub(crate) struct ContextError {
    /// Where in the context file.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl Context {
    /// Parses a context file (YAML, or JSON, which is read as YAML).
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, ContextError> {
        let doc = Document::parse(bytes).map_err(|p| ContextError {
            location: p.location,
            message: p.message,
        })?;
        let mut values = HashMap::new();
        collect(doc.root().iter(), "", &mut values)?;
        Ok(Self {
            values,
            environment: None,
        })
    }

    /// A context with the given values (dotted names).
    #[cfg(test)]
    pub(crate) fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        Self {
            values: pairs.into_iter().collect(),
            environment: None,
        }
    }

    /// Adds the `{{env.KEY}}` values of the selected environment, if any.
    pub(crate) fn with_environment(mut self, environment: Option<&Environment>) -> Self {
        if let Some(environment) = environment {
            self.values.extend(
                environment
                    .placeholder_values()
                    .map(|(name, value)| (name, value.to_string())),
            );
            self.environment = Some(environment.name.clone());
        }
        self
    }

    /// The selected environment's name, if one is selected.
    pub(crate) fn environment(&self) -> Option<&str> {
        self.environment.as_deref()
    }

    /// The value of a dotted context name, if set.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Sets `current_datetime` unless the file did.
    pub(crate) fn with_default_datetime(mut self, now_rfc3339: &str) -> Self {
        self.values
            .entry("current_datetime".to_string())
            .or_insert_with(|| now_rfc3339.to_string());
        self
    }
}

fn collect<'a>(
    entries: impl Iterator<Item = (&'a marked_yaml::types::MarkedScalarNode, &'a Node)>,
    prefix: &str,
    out: &mut HashMap<String, String>,
) -> Result<(), ContextError> {
    for (key, value) in entries {
        let name = format!("{prefix}{}", key.as_str());
        let at = node_start(key.span());
        match value {
            Node::Mapping(map) if name == "contact" => {
                collect(map.iter(), "contact.", out)?;
            }
            Node::Scalar(scalar) if CONTEXT_NAMES.contains(&name.as_str()) => {
                let text = match scalar_to_json(scalar) {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                out.insert(name, text);
            }
            _ if CONTEXT_NAMES.contains(&name.as_str()) => {
                return Err(ContextError {
                    location: node_start(value.span()),
                    message: format!("context value `{name}` must be a single value"),
                });
            }
            _ if name == "env" => {
                return Err(ContextError {
                    location: at,
                    message: "`env` values come from the environments file (select one with --env), not from a context file".into(),
                });
            }
            _ => {
                let hint = did_you_mean(&name, CONTEXT_NAMES);
                return Err(ContextError {
                    location: at,
                    message: format!("unknown context key `{name}`{hint}"),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_and_json_with_nested_contact() {
        let yaml =
            Context::parse(b"contact:\n  first_name: Ada\n  id: 42\nmedium: phone\n").unwrap();
        assert_eq!(yaml.get("contact.first_name"), Some("Ada"));
        assert_eq!(yaml.get("contact.id"), Some("42"));
        let json =
            Context::parse(br#"{"contact": {"email": "a@b.co"}, "direction": "inbound"}"#).unwrap();
        assert_eq!(json.get("contact.email"), Some("a@b.co"));
        assert_eq!(json.get("direction"), Some("inbound"));
    }

    #[test]
    fn unknown_keys_are_located_errors() {
        let err = Context::parse(b"contact:\n  frist_name: Ada\n").unwrap_err();
        assert_eq!(err.location, Location::new(2, 3));
        assert!(
            err.message.contains("did you mean `contact.first_name`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_context_file_cannot_set_environment_values() {
        for text in [
            "env:\n  owner: x\n",
            "env: x\n",
            "{\"env\": {\"owner\": \"x\"}}",
        ] {
            let err = Context::parse(text.as_bytes()).unwrap_err();
            assert_eq!(
                err.location,
                Location::new(1, 1 + usize::from(text.starts_with('{')))
            );
            assert!(
                err.message
                    .starts_with("`env` values come from the environments file")
            );
        }
        let err = Context::parse(b"contact:\n  env: x\n").unwrap_err();
        assert!(err.message.contains("unknown context key `contact.env`"));
    }

    #[test]
    fn the_selected_environment_adds_env_values() {
        let (envs, _) = crate::core::environment::Environments::parse(
            "e.yaml",
            b"staging:\n  values: {owner: acme}\n",
        );
        let ctx = Context::default().with_environment(envs.get("staging"));
        assert_eq!(ctx.get("env.owner"), Some("acme"));
        assert_eq!(ctx.environment(), Some("staging"));
        let none = Context::default().with_environment(None);
        assert_eq!((none.get("env.owner"), none.environment()), (None, None));
    }

    #[test]
    fn current_datetime_defaults_unless_set() {
        let ctx = Context::default().with_default_datetime("2026-01-01T00:00:00Z");
        assert_eq!(ctx.get("current_datetime"), Some("2026-01-01T00:00:00Z"));
        let set = Context::parse(b"current_datetime: '2020-01-01T00:00:00Z'\n")
            .unwrap()
            .with_default_datetime("now");
        assert_eq!(set.get("current_datetime"), Some("2020-01-01T00:00:00Z"));
    }
}
