//! The version a tool on PATH reports (`node --version`, `php --version`), which decides how
//! a buildpack drives it and whether installed packages still fit.

use crate::Error;
use std::process::{Command, Stdio};

/// The first line `command` prints on stdout, trimmed. `advice` says what to do when the tool
/// is missing or fails, e.g. which buildpack must run first.
pub fn tool_version(
    command: &mut Command,
    id: &'static str,
    advice: &str,
) -> Result<String, Error> {
    let shown = std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let failed = |detail: String| {
        Error::new(id, format!("`{shown}` did not report a version"), advice).debug(detail)
    };
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| failed(error.to_string()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let version = stdout.lines().next().map(str::trim).unwrap_or_default();
    if !output.status.success() || version.is_empty() {
        return Err(failed(format!(
            "{}\n{}{}",
            output.status,
            stdout,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(version.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_line() {
        let version = tool_version(
            Command::new("sh").args(["-c", "echo ' v22.23.3 '; echo more"]),
            "test/version",
            "Install it.",
        );
        assert_eq!(version.as_deref(), Ok("v22.23.3"));
    }
}
