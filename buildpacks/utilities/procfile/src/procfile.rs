//! The Procfile format: one `type: command` per line; blank lines and `#` comments are skipped.
//!
//! As at Paketo, a line that is not a process line is skipped (the caller warns with its
//! number) rather than failing the build, so a Procfile that builds there builds here too.

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
    /// Bytes that are not UTF-8: `launch.toml` can only hold UTF-8, and guessing the encoding
    /// could change the command.
    NotUtf8 { line: usize },
}

/// The process lines in order (duplicates kept for the caller to report), and the skipped ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub entries: Vec<Entry>,
    pub skipped: Vec<LineError>,
}

pub(crate) fn parse(bytes: &[u8]) -> Parsed {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut parsed = Parsed::default();
    // `split` leaves an empty last piece after a final newline; blank lines are skipped anyway.
    for (index, raw) in bytes.split(|byte| *byte == b'\n').enumerate() {
        match parse_line(index + 1, raw) {
            Ok(Some(entry)) => parsed.entries.push(entry),
            Ok(None) => {}
            Err(error) => parsed.skipped.push(error),
        }
    }
    parsed
}

/// `None` for a blank or comment line.
fn parse_line(line: usize, raw: &[u8]) -> Result<Option<Entry>, LineError> {
    let Ok(text) = std::str::from_utf8(raw) else {
        // A comment may be in any encoding: it is skipped either way.
        return if raw.trim_ascii_start().starts_with(b"#") {
            Ok(None)
        } else {
            Err(LineError::NotUtf8 { line })
        };
    };
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(None);
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
    Ok(Some(Entry {
        process_type: valid,
        command: command.to_string(),
        line,
    }))
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

    fn entries(text: &str) -> Vec<Entry> {
        let parsed = parse(text.as_bytes());
        assert_eq!(parsed.skipped, [], "{text}");
        parsed.entries
    }

    #[test]
    fn reads_types_and_commands_and_skips_blanks_and_comments() {
        let text = "\u{feff}# processes\nweb: node server.js --port $PORT\r\n\n  worker:bundle exec sidekiq -q a:b  \nrelease.v2: ./migrate\n";
        assert_eq!(
            entries(text),
            [
                entry("web", "node server.js --port $PORT", 2),
                entry("worker", "bundle exec sidekiq -q a:b", 4),
                entry("release.v2", "./migrate", 5),
            ]
        );
    }

    #[test]
    fn keeps_duplicates_in_order() {
        assert_eq!(
            entries("web: a\nweb: b\n"),
            [entry("web", "a", 1), entry("web", "b", 2)]
        );
    }

    #[test]
    fn an_empty_file_has_no_processes() {
        assert_eq!(parse(b""), Parsed::default());
        assert_eq!(parse(b"# nothing yet\n\n"), Parsed::default());
    }

    #[test]
    fn lines_without_a_type_or_command_are_skipped_and_the_rest_kept() {
        for (text, bad) in [
            ("web: ok\nnode server.js\n", "node server.js"),
            ("web: ok\nweb:\n", "web:"),
            ("web: ok\n: node server.js\n", ": node server.js"),
        ] {
            let parsed = parse(text.as_bytes());
            assert_eq!(parsed.entries, [entry("web", "ok", 1)], "{text}");
            assert_eq!(
                parsed.skipped,
                [LineError::Malformed {
                    line: 2,
                    text: bad.to_string()
                }]
            );
        }
        let parsed = parse(b"web: ok\n\nnode server.js");
        assert_eq!(
            parsed.skipped,
            [LineError::Malformed {
                line: 3,
                text: "node server.js".to_string()
            }]
        );
    }

    #[test]
    fn process_types_are_letters_digits_dot_underscore_dash() {
        assert_eq!(
            parse(b"my app: run\nweb: ok\n"),
            Parsed {
                entries: vec![entry("web", "ok", 2)],
                skipped: vec![LineError::InvalidType {
                    line: 1,
                    process_type: "my app".to_string()
                }],
            }
        );
        assert!(matches!(
            parse("wéb: run\n".as_bytes()).skipped[..],
            [LineError::InvalidType { .. }]
        ));
        assert_eq!(entries("A-b_c.9: run\n").len(), 1);
    }

    #[test]
    fn a_line_that_is_not_utf8_is_skipped_but_a_comment_in_latin1_is_fine() {
        let parsed = parse(b"# caf\xe9\nweb: ok\nworker: echo caf\xe9\n");
        assert_eq!(parsed.entries, [entry("web", "ok", 2)]);
        assert_eq!(parsed.skipped, [LineError::NotUtf8 { line: 3 }]);
    }
}
