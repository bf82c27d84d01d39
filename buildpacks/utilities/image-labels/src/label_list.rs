//! `BP_IMAGE_LABELS`: space-separated `key=value` items, quoted as in a shell so values can
//! hold spaces: `a=b c="d e" f='g h'`. Inside double quotes `\"` and `\\` are escapes; inside
//! single quotes `\'` and `\\` are too (so `'it\'s'` works); outside quotes `\` escapes any
//! character (`a=b\ c`).

/// Why an item cannot be read; `token` is the item as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ListError {
    UnclosedQuote { token: String },
    TrailingBackslash { token: String },
    MissingEquals { token: String },
    EmptyKey { token: String },
}

impl ListError {
    #[must_use]
    pub(crate) fn token(&self) -> &str {
        match self {
            ListError::UnclosedQuote { token }
            | ListError::TrailingBackslash { token }
            | ListError::MissingEquals { token }
            | ListError::EmptyKey { token } => token,
        }
    }

    #[must_use]
    pub(crate) fn problem(&self) -> &'static str {
        match self {
            ListError::UnclosedQuote { .. } => "opens a quote that is never closed",
            ListError::TrailingBackslash { .. } => "ends with a backslash that escapes nothing",
            ListError::MissingEquals { .. } => "has no `=` between a key and a value",
            ListError::EmptyKey { .. } => "has no key before its `=`",
        }
    }
}

/// The (key, value) pairs in order; an item may repeat a key.
pub(crate) fn parse(list: &str) -> Result<Vec<(String, String)>, ListError> {
    let mut labels = Vec::new();
    let mut chars = list.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            return Ok(labels);
        };
        // Each character, and whether it was quoted or escaped (so `=` in it is not the split).
        let mut item: Vec<(char, bool)> = Vec::new();
        let mut end = list.len();
        while let Some((index, c)) = chars.next() {
            let raw = |end: usize| list[start..end].to_string();
            match c {
                c if c.is_whitespace() => {
                    end = index;
                    break;
                }
                '\\' => match chars.next() {
                    Some((_, escaped)) => item.push((escaped, true)),
                    None => {
                        return Err(ListError::TrailingBackslash {
                            token: raw(list.len()),
                        });
                    }
                },
                '"' | '\'' => loop {
                    match chars.next() {
                        Some((_, close)) if close == c => break,
                        Some((_, '\\')) => {
                            match chars.next_if(|(_, next)| *next == c || *next == '\\') {
                                Some((_, escaped)) => item.push((escaped, true)),
                                None => item.push(('\\', true)),
                            }
                        }
                        Some((_, inner)) => item.push((inner, true)),
                        None => {
                            return Err(ListError::UnclosedQuote {
                                token: raw(list.len()),
                            });
                        }
                    }
                },
                c => item.push((c, false)),
            }
        }
        let token = list[start..end].to_string();
        let Some(split) = item.iter().position(|&(c, quoted)| c == '=' && !quoted) else {
            return Err(ListError::MissingEquals { token });
        };
        let key: String = item[..split].iter().map(|(c, _)| c).collect();
        let value: String = item[split + 1..].iter().map(|(c, _)| c).collect();
        if key.is_empty() {
            return Err(ListError::EmptyKey { token });
        }
        labels.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn reads_plain_and_quoted_values() {
        assert_eq!(
            parse(r#"  k=v k2="v 2"   k3='a b' empty= url=https://x/?a=b "quoted key"=1 "#),
            Ok(pairs(&[
                ("k", "v"),
                ("k2", "v 2"),
                ("k3", "a b"),
                ("empty", ""),
                ("url", "https://x/?a=b"),
                ("quoted key", "1"),
            ]))
        );
        assert_eq!(parse(""), Ok(vec![]));
        assert_eq!(parse(" \t\n "), Ok(vec![]));
    }

    #[test]
    fn quotes_may_hold_escaped_quotes_and_backslashes() {
        assert_eq!(
            parse(
                r#"a="say \"hi\"" b='it\'s' c="C:\\dir" d='C:\dir' e=one\ two f=x"y z"w g="it's" h='a "b"'"#
            ),
            Ok(pairs(&[
                ("a", r#"say "hi""#),
                ("b", "it's"),
                ("c", r"C:\dir"),
                ("d", r"C:\dir"),
                ("e", "one two"),
                ("f", "xy zw"),
                ("g", "it's"),
                ("h", r#"a "b""#),
            ]))
        );
    }

    #[test]
    fn a_quoted_or_escaped_equals_is_part_of_the_key_or_value() {
        assert_eq!(parse(r#""a=b"=c"#), Ok(pairs(&[("a=b", "c")])));
        assert_eq!(parse(r"a\=b=c"), Ok(pairs(&[("a=b", "c")])));
        assert_eq!(
            parse(r#""no-split""#),
            Err(ListError::MissingEquals {
                token: r#""no-split""#.to_string()
            })
        );
    }

    #[test]
    fn malformed_items_name_the_token() {
        assert_eq!(
            parse(r#"ok=1 bad="open quote"#),
            Err(ListError::UnclosedQuote {
                token: r#"bad="open quote"#.to_string()
            })
        );
        assert_eq!(
            parse("ok=1 lonely other=2"),
            Err(ListError::MissingEquals {
                token: "lonely".to_string()
            })
        );
        assert_eq!(
            parse("=v"),
            Err(ListError::EmptyKey {
                token: "=v".to_string()
            })
        );
        assert_eq!(
            parse(r"a=b\"),
            Err(ListError::TrailingBackslash {
                token: r"a=b\".to_string()
            })
        );
    }
}
