//! The Procfile format: one `type: command` per line; blank lines and `#` comments are skipped.

use libcnb::data::launch::ProcessType;

/// One process line, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub process_type: ProcessType,
    pub command: String,
    /// 1-based, for messages.
    pub line: usize,
}

/// Why a line is not a process line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineError {
    /// No `:`, or nothing before or after it.
    Malformed { line: usize, text: String },
    /// A process type with characters other than letters, digits, `.`, `_` and `-` (the
    /// CNB spec's rule, checked by libcnb's own type).
    InvalidType { line: usize, process_type: String },
}

/// Every process line in order; duplicates are kept for the caller to report.
pub(crate) fn parse(text: &str) -> Result<Vec<Entry>, LineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let malformed = || LineError::Malformed {
            line,
            text: trimmed.to_string(),
        };
        let (process_type, command) = trimmed.split_once(':').ok_or_else(malformed)?;
        let (process_type, command) = (process_type.trim(), command.trim());
        if process_type.is_empty() || command.is_empty() {
            return Err(malformed());
        }
        let Ok(valid) = process_type.parse::<ProcessType>() else {
            return Err(LineError::InvalidType {
                line,
                process_type: process_type.to_string(),
            });
        };
        entries.push(Entry {
            process_type: valid,
            command: command.to_string(),
            line,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(process_type: &str, command: &str, line: usize) -> Entry {
        Entry {
            process_type: process_type.parse().expect("valid type"),
            command: command.to_string(),
            line,
        }
    }

    #[test]
    fn reads_types_and_commands_and_skips_blanks_and_comments() {
        let text = "\u{feff}# processes\nweb: node server.js --port $PORT\r\n\n  worker:bundle exec sidekiq -q a:b  \nrelease.v2: ./migrate\n";
        assert_eq!(
            parse(text),
            Ok(vec![
                entry("web", "node server.js --port $PORT", 2),
                entry("worker", "bundle exec sidekiq -q a:b", 4),
                entry("release.v2", "./migrate", 5),
            ])
        );
    }

    #[test]
    fn keeps_duplicates_in_order() {
        let parsed = parse("web: a\nweb: b\n").expect("valid");
        assert_eq!(parsed, vec![entry("web", "a", 1), entry("web", "b", 2)]);
    }

    #[test]
    fn an_empty_file_has_no_processes() {
        assert_eq!(parse(""), Ok(vec![]));
        assert_eq!(parse("# nothing yet\n\n"), Ok(vec![]));
    }

    #[test]
    fn lines_without_a_type_or_command_are_malformed() {
        for (text, bad) in [
            ("web: ok\nnode server.js\n", "node server.js"),
            ("web:\n", "web:"),
            (": node server.js\n", ": node server.js"),
        ] {
            let error = parse(text).expect_err(text);
            let LineError::Malformed { text: found, .. } = error else {
                panic!("{error:?}");
            };
            assert_eq!(found, bad);
        }
        assert_eq!(
            parse("web: ok\n\nnode server.js"),
            Err(LineError::Malformed {
                line: 3,
                text: "node server.js".to_string()
            })
        );
    }

    #[test]
    fn process_types_are_letters_digits_dot_underscore_dash() {
        assert_eq!(
            parse("my app: run\n"),
            Err(LineError::InvalidType {
                line: 1,
                process_type: "my app".to_string()
            })
        );
        assert!(matches!(
            parse("wéb: run\n"),
            Err(LineError::InvalidType { .. })
        ));
        assert!(parse("A-b_c.9: run\n").is_ok());
    }
}
