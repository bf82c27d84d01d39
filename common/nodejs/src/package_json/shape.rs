//! The shape `PackageJson` reads, checked on the parsed JSON so that a wrong type is reported
//! with the field's name and the JSON type it must have, as a user reads the file.

use serde_json::Value;

/// What is wrong with the shape of `package`, or `None` when the fields read are well typed.
pub(super) fn problem(package: &Value) -> Option<String> {
    let Value::Object(fields) = package else {
        return Some(format!(
            "package.json must be a JSON object, like {{\"name\": \"my-app\"}}, but it is {}",
            kind(package)
        ));
    };
    for name in ["name", "main"] {
        if let Some(value) = fields.get(name)
            && !matches!(value, Value::String(_) | Value::Null)
        {
            return Some(wrong(name, "a string", value));
        }
    }
    match fields.get("engines") {
        None => {}
        Some(Value::Object(engines)) => {
            if let Some(node) = engines.get("node")
                && !matches!(node, Value::String(_) | Value::Null)
            {
                return Some(wrong("engines.node", "a string, like \"^22\"", node));
            }
        }
        Some(other) => {
            return Some(wrong(
                "engines",
                "an object, like {\"node\": \"^22\"}",
                other,
            ));
        }
    }
    match fields.get("scripts") {
        None => None,
        Some(Value::Object(scripts)) => {
            scripts
                .iter()
                .find(|(_, script)| !script.is_string())
                .map(|(name, script)| {
                    wrong(
                        &format!("scripts.{name}"),
                        "a string (the command to run)",
                        script,
                    )
                })
        }
        Some(other) => Some(wrong(
            "scripts",
            "an object of script names to commands, like {\"start\": \"node server.js\"}",
            other,
        )),
    }
}

fn wrong(field: &str, expected: &str, value: &Value) -> String {
    format!("`{field}` must be {expected}, but it is {}", kind(value))
}

/// The JSON type of `value`, as JSON names it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
