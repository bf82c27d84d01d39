//! JSON with comments: .NET reads `//` and `/* */` in runtimeconfig.json and global.json.

/// `text` with comments replaced by spaces (newlines kept, so serde's line numbers still
/// point at the user's line), strings left alone.
pub(crate) fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut previous = ' ';
                for skipped in chars.by_ref() {
                    out.push(if skipped == '\n' { '\n' } else { ' ' });
                    if previous == '*' && skipped == '/' {
                        break;
                    }
                    previous = skipped;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn comments_go_strings_stay() {
        let text = "{\n// a\n\"a\": \"x // y /* z */\", /* b\n c */ \"b\": 1}";
        let value: serde_json::Value = serde_json::from_str(&strip(text)).expect("json");
        assert_eq!(value["a"], "x // y /* z */");
        assert_eq!(value["b"], 1);
        assert_eq!(strip(text).lines().count(), text.lines().count());
    }
}
