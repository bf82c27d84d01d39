//! `META-INF/MANIFEST.MF`, read as `java` reads it (`java.util.jar.Manifest`): `Name: value`
//! headers, a line starting with one space continues the one before (writers wrap at 72
//! bytes), LF, CRLF or CR line ends, and a blank line before each `Name:` section.
//! executable-jar finds the app's `Main-Class` and `Class-Path` in it; the JVM provider its
//! `Build-Jdk-Spec`.

/// The main section's attributes, in file order, and each named section's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub main: Vec<(String, String)>,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// Why a manifest cannot be read, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    pub line: usize,
    pub reason: String,
}

/// Header names are 1 to 70 of `A-Z a-z 0-9 - _`, as `java.util.jar.Attributes.Name` accepts.
const MAX_NAME: usize = 70;

impl Manifest {
    /// A main-section attribute; names compare without case, as Java's do.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.main
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// `Main-Class`, if it names something.
    #[must_use]
    pub fn main_class(&self) -> Option<&str> {
        self.get("Main-Class")
            .map(str::trim)
            .filter(|class| !class.is_empty())
    }

    /// The `Class-Path` entries (relative URLs separated by spaces).
    #[must_use]
    pub fn class_path(&self) -> Vec<&str> {
        self.get("Class-Path")
            .map(|value| value.split(' ').filter(|entry| !entry.is_empty()).collect())
            .unwrap_or_default()
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, ManifestError> {
        let text = std::str::from_utf8(bytes).map_err(|error| {
            // Lines before the first bad byte, plus its own.
            let line = bytes[..error.valid_up_to()]
                .split(|byte| *byte == b'\n')
                .count();
            fail(line, "it is not UTF-8 text")
        })?;
        let (lines, last) = split_lines(text);
        if let Some(last) = last.filter(|line| !line.trim().is_empty()) {
            return Err(fail(
                lines.len() + 1,
                &format!("its last line `{last}` has no line end, so java ignores that line"),
            ));
        }
        let mut manifest = Manifest::default();
        // The attributes of the section being read; `None` between sections.
        let mut current: Option<Vec<(String, String)>> = Some(Vec::new());
        let mut named = false;
        for (index, line) in lines.iter().enumerate() {
            let number = index + 1;
            if line.is_empty() {
                if let Some(attributes) = current.take() {
                    close(&mut manifest, named, attributes);
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix(' ') {
                let Some((_, value)) = current
                    .as_mut()
                    .and_then(|attributes| attributes.last_mut())
                else {
                    return Err(fail(
                        number,
                        "a continuation line (starting with a space) has no header before it",
                    ));
                };
                value.push_str(rest);
                continue;
            }
            let (name, value) = header(line).ok_or_else(|| {
                fail(
                    number,
                    &format!("`{line}` is not a header: a header is `Name: value`, with a space after the colon"),
                )
            })?;
            let attributes = if let Some(attributes) = current.as_mut() {
                attributes
            } else {
                // A blank line ended the last section: this one must start with `Name:`.
                if !name.eq_ignore_ascii_case("Name") {
                    return Err(fail(
                        number,
                        &format!(
                            "a section after a blank line must start with `Name:`, not `{name}:`"
                        ),
                    ));
                }
                named = true;
                current.insert(Vec::new())
            };
            attributes.push((name.to_string(), value.to_string()));
        }
        if let Some(attributes) = current {
            close(&mut manifest, named, attributes);
        }
        Ok(manifest)
    }
}

/// Files a finished section: the main one, or a named one (its `Name:` is its first header).
fn close(manifest: &mut Manifest, named: bool, mut attributes: Vec<(String, String)>) {
    if !named {
        manifest.main = attributes;
    } else if !attributes.is_empty() {
        let (_, name) = attributes.remove(0);
        manifest.sections.push(Section { name, attributes });
    }
}

/// The terminated lines, and the text after the last line end (what java drops).
fn split_lines(text: &str) -> (Vec<&str>, Option<&str>) {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(end) = rest.find(['\r', '\n']) {
        lines.push(&rest[..end]);
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    (lines, Some(rest).filter(|rest| !rest.is_empty()))
}

fn header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(": ")?;
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    valid.then_some((name, value))
}

fn fail(line: usize, reason: &str) -> ManifestError {
    ManifestError {
        line,
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Manifest {
        Manifest::parse(text.as_bytes()).expect("valid manifest")
    }

    fn error(text: &str) -> ManifestError {
        Manifest::parse(text.as_bytes()).expect_err("malformed manifest")
    }

    #[test]
    fn reads_the_main_section_without_case_in_names() {
        let manifest =
            parse("Manifest-Version: 1.0\nMain-Class: com.example.App\nCreated-By: 17 (Eclipse)\n");
        assert_eq!(manifest.main_class(), Some("com.example.App"));
        assert_eq!(manifest.get("main-class"), Some("com.example.App"));
        assert_eq!(manifest.get("Created-By"), Some("17 (Eclipse)"));
        assert_eq!(manifest.get("Start-Class"), None);
        assert!(manifest.sections.is_empty());
    }

    #[test]
    fn joins_lines_wrapped_at_72_bytes_with_crlf() {
        // As `jar` writes a long Class-Path: 72 bytes per line, continuations after one space.
        let text = "Manifest-Version: 1.0\r\n\
                    Class-Path: lib/spring-core-6.1.4.jar lib/spring-jcl-6.1.4.jar lib/jac\r\n \
                    kson-databind-2.16.1.jar\r\n\
                    Main-Class: com.example.Ap\r\n \
                    plication\r\n\r\n";
        let manifest = parse(text);
        assert_eq!(manifest.main_class(), Some("com.example.Application"));
        assert_eq!(
            manifest.class_path(),
            vec![
                "lib/spring-core-6.1.4.jar",
                "lib/spring-jcl-6.1.4.jar",
                "lib/jackson-databind-2.16.1.jar"
            ]
        );
    }

    #[test]
    fn a_continuation_keeps_the_spaces_after_the_first() {
        let manifest = parse("Class-Path: a.jar\n  b.jar\n");
        assert_eq!(manifest.get("Class-Path"), Some("a.jar b.jar"));
        assert_eq!(manifest.class_path(), vec!["a.jar", "b.jar"]);
    }

    #[test]
    fn named_sections_do_not_give_the_main_class() {
        let text = "Manifest-Version: 1.0\r\nCreated-By: Maven\r\n\r\n\
                    Name: com/example/\r\nMain-Class: not.This\r\nSealed: true\r\n\r\n\r\n\
                    Name: com/example/other/\r\nSealed: false\r\n";
        let manifest = parse(text);
        assert_eq!(manifest.main_class(), None);
        assert_eq!(
            manifest.sections,
            vec![
                Section {
                    name: "com/example/".to_string(),
                    attributes: vec![
                        ("Main-Class".to_string(), "not.This".to_string()),
                        ("Sealed".to_string(), "true".to_string())
                    ],
                },
                Section {
                    name: "com/example/other/".to_string(),
                    attributes: vec![("Sealed".to_string(), "false".to_string())],
                },
            ]
        );
    }

    #[test]
    fn cr_alone_ends_a_line_too_and_an_empty_manifest_is_empty() {
        let manifest = parse("Manifest-Version: 1.0\rMain-Class: A\r");
        assert_eq!(manifest.main_class(), Some("A"));
        assert_eq!(parse(""), Manifest::default());
        assert_eq!(parse("Main-Class: \n").main_class(), None);
    }

    #[test]
    fn a_header_needs_a_space_after_its_colon() {
        assert_eq!(
            error("Manifest-Version: 1.0\nMain-Class:com.example.App\n"),
            ManifestError {
                line: 2,
                reason: "`Main-Class:com.example.App` is not a header: a header is `Name: value`, with a space after the colon".to_string()
            }
        );
        assert_eq!(error("Main Class: A\n").line, 1);
        assert_eq!(error(&format!("{}: A\n", "N".repeat(71))).line, 1);
    }

    #[test]
    fn a_continuation_needs_a_header_before_it() {
        assert_eq!(error(" wrapped\n").line, 1);
        assert_eq!(error("Manifest-Version: 1.0\n\n more\n").line, 3);
    }

    #[test]
    fn a_section_after_a_blank_line_starts_with_name() {
        let error = error("Manifest-Version: 1.0\n\nMain-Class: A\n");
        assert_eq!(error.line, 3);
        assert!(
            error.reason.contains("must start with `Name:`"),
            "{error:?}"
        );
    }

    #[test]
    fn an_unterminated_last_line_is_refused_because_java_drops_it() {
        let error = error("Manifest-Version: 1.0\nMain-Class: A");
        assert_eq!(
            error,
            ManifestError {
                line: 2,
                reason: "its last line `Main-Class: A` has no line end, so java ignores that line"
                    .to_string()
            }
        );
        // Trailing blanks are not a line java would read.
        assert_eq!(parse("Main-Class: A\n  ").main_class(), Some("A"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_with_their_line() {
        let error =
            Manifest::parse(b"Manifest-Version: 1.0\nMain-Class: \xff\n").expect_err("not UTF-8");
        assert_eq!(error.line, 2);
        assert_eq!(error.reason, "it is not UTF-8 text");
    }
}
