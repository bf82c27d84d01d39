//! Pieces every build tool's buildpack needs: a `BP_*_BUILD_ARGUMENTS` value split into words
//! as a shell would, and whether a wrapper script (`gradlew`, `mvnw`) can be started.
//!
//! (stowage/maven has its own copies of these, from before they were shared.)

use std::path::Path;

/// Splits as a shell would, for spaces, '…', "…" and `\`; no expansion. The error says why.
pub fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => words.extend(word.take()),
            '\'' | '"' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some(end) if end == c => break,
                        Some('\\') if c == '"' => match chars.next() {
                            Some(escaped) => current.push(escaped),
                            None => return Err("it ends with a `\\`".to_string()),
                        },
                        Some(other) => current.push(other),
                        None => return Err(format!("a quote ({c}) is not closed")),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(escaped) => word.get_or_insert_with(String::new).push(escaped),
                None => return Err("it ends with a `\\`".to_string()),
            },
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    Ok(words)
}

/// Why a script starting with `head` cannot be started, if it cannot.
#[must_use]
pub fn unrunnable_script(head: &[u8]) -> Option<String> {
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let first = &head[..line_end];
    let Some(interpreter_line) = first.strip_prefix(b"#!") else {
        return Some(
            "It does not start with `#!` naming its interpreter (such as `#!/bin/sh`), so it is not a script the system can run."
                .to_string(),
        );
    };
    let text = String::from_utf8_lossy(interpreter_line);
    if text.ends_with('\r') {
        return Some(format!(
            "Its first line ends with a carriage return (Windows line endings), so the system looks for `{}\\r`.",
            text.trim_end_matches('\r').trim()
        ));
    }
    let interpreter = text.split_whitespace().next().unwrap_or_default();
    if interpreter.is_empty() {
        return Some("Its `#!` line names no interpreter.".to_string());
    }
    if !Path::new(interpreter).is_file() {
        return Some(format!(
            "Its `#!` line names `{interpreter}`, which the build image does not have."
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split_words("  -Da='b c' \"-Dd=e \\\"f\\\"\" g\\ h ''").expect("split"),
            ["-Da=b c", "-Dd=e \"f\"", "g h", ""]
        );
        assert!(
            split_words("-Da='b")
                .expect_err("open")
                .contains("not closed")
        );
    }

    #[test]
    fn scripts_that_cannot_start() {
        assert_eq!(unrunnable_script(b"#!/bin/sh\necho\n"), None);
        assert!(
            unrunnable_script(b"#!/bin/sh\r\n")
                .expect("crlf")
                .contains("carriage return")
        );
        assert!(
            unrunnable_script(b"#!/no/such/shell\n")
                .expect("missing")
                .contains("/no/such/shell")
        );
        assert!(
            unrunnable_script(b"PK\x03\x04")
                .expect("binary")
                .contains("#!")
        );
    }
}
