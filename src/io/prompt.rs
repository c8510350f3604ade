//! Asking for missing required variables on a terminal, with each
//! variable's description and example, checking the type as typed.

use crate::core::convert::VarType;
use crate::core::model::Variable;
use crate::error::Error;

/// Asks for each of `variables` in turn; returns `(name, raw value)` pairs.
pub(crate) fn ask(variables: &[&Variable]) -> Result<Vec<(String, String)>, Error> {
    let theme = dialoguer::theme::SimpleTheme;
    let mut answers = Vec::new();
    for variable in variables {
        let ty: VarType = variable.ty;
        let mut prompt = format!("{} ({})", variable.name, ty.name());
        if let Some(description) = &variable.description {
            prompt.push_str(&format!(" - {description}"));
        }
        if let Some(example) = &variable.example {
            prompt.push_str(&format!(" [e.g. {example}]"));
        }
        let value: String = dialoguer::Input::with_theme(&theme)
            .with_prompt(prompt)
            .validate_with(|text: &String| ty.convert(text).map(drop).map_err(|e| e.to_string()))
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
