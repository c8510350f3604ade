//! Asking for missing required variables on a terminal, with each
//! variable's description, example and allowed values, checking the type
//! and the constraints as typed (a refused value is asked for again).

use crate::core::model::Variable;
use crate::error::Error;

/// Most `enum` values listed in a prompt.
const MAX_CHOICES_SHOWN: usize = 20;

/// Asks for each of `variables` in turn; returns `(name, raw value)` pairs.
pub(crate) fn ask(variables: &[&Variable]) -> Result<Vec<(String, String)>, Error> {
    let theme = dialoguer::theme::SimpleTheme;
    let mut answers = Vec::new();
    for variable in variables {
        let value: String = dialoguer::Input::with_theme(&theme)
            .with_prompt(prompt_text(variable))
            .validate_with(|text: &String| {
                variable.convert(text).map(drop).map_err(|e| e.to_string())
            })
            .interact_text()
            .map_err(|e| {
                Error::Input(format!(
                    "could not read `{}` from the terminal: {e}",
                    variable.name
                ))
            })?;
        answers.push((variable.name.clone(), value));
    }
    Ok(answers)
}

/// `name (type) - description [one of: a, b] [e.g. example]`; an array
/// says it takes JSON array text.
fn prompt_text(variable: &Variable) -> String {
    let mut prompt = format!("{} ({})", variable.name, variable.type_name());
    if let Some(description) = &variable.description {
        prompt.push_str(&format!(" - {description}"));
    }
    if let Some(allowed) = &variable.constraints.allowed {
        let mut shown: Vec<String> = allowed
            .iter()
            .take(MAX_CHOICES_SHOWN)
            .map(ToString::to_string)
            .collect();
        if allowed.len() > MAX_CHOICES_SHOWN {
            shown.push(format!("… ({} more)", allowed.len() - MAX_CHOICES_SHOWN));
        }
        let each = if variable.array { "each item " } else { "" };
        prompt.push_str(&format!(" [{each}one of: {}]", shown.join(", ")));
    }
    if variable.array {
        prompt.push_str(" [a JSON array]");
    }
    if let Some(example) = &variable.example {
        prompt.push_str(&format!(" [e.g. {}]", example.to_input_text()));
    }
    prompt
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::validate::Validator;

    fn variables(yaml: &str) -> Vec<Variable> {
        let text = format!(
            "name: T\ndescription: A test action here\nmethod: POST\nurl: https://x.test/\nbody: {{p: \"{{{{p}}}}\", l: \"{{{{l}}}}\"}}\nvariables:\n{yaml}"
        );
        let report = Validator::new().check("t", "t.yaml", text.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        report.into_action().unwrap().variables
    }

    #[test]
    fn prompts_show_the_allowed_values_and_how_to_write_a_list() {
        let vars = variables(
            "  - {name: p, type: string, description: How urgent, enum: [low, high], example: low}\n  - {name: l, type: array, items: {type: integer, enum: [1, 2]}, example: [1], description: Ids}\n",
        );
        assert_eq!(
            prompt_text(&vars[0]),
            "p (string) - How urgent [one of: low, high] [e.g. low]"
        );
        assert_eq!(
            prompt_text(&vars[1]),
            "l (array of integer) - Ids [each item one of: 1, 2] [a JSON array] [e.g. [1]]"
        );
    }
}
