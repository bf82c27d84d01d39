//! Splitting a setting's text into arguments as a shell would (`BP_*_ARGUMENTS`,
//! `BP_DOTNET_PUBLISH_FLAGS`), without running one.

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
}
