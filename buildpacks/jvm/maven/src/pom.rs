//! A well-formedness check of the POM before Maven runs, so that a broken tag is reported
//! with its line at once. Nothing else of the POM is read: Maven interprets it.

use crate::errors;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::path::Path;
use stowage_kit::Error;

/// Checks that `text` (the POM at `shown`) is one well-formed XML element.
pub(crate) fn check(shown: &Path, text: &str) -> Result<(), Error> {
    let mut reader = Reader::from_str(text);
    let line_at = |offset: u64| {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        text.as_bytes()[..end].split(|&b| b == b'\n').count()
    };
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut root_seen = false;
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                return Err(errors::malformed_pom(
                    shown,
                    line_at(reader.error_position()),
                    &error,
                ));
            }
        };
        let element = match &event {
            Event::Start(start) | Event::Empty(start) => Some(start),
            _ => None,
        };
        if let Some(start) = element {
            let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
            if open.is_empty() && root_seen {
                let reason = format!("a second top-level element `<{name}>` follows the first");
                return Err(errors::malformed_pom(shown, line_at(before), &reason));
            }
            root_seen = true;
            for attribute in start.attributes() {
                if let Err(error) = attribute {
                    return Err(errors::malformed_pom(shown, line_at(before), &error));
                }
            }
            if matches!(event, Event::Start(_)) {
                open.push((name, before));
            }
        }
        match event {
            Event::End(_) => {
                open.pop();
            }
            Event::Text(text) if open.is_empty() && !text.iter().all(u8::is_ascii_whitespace) => {
                let reason = "text outside the top-level element";
                return Err(errors::malformed_pom(shown, line_at(before), &reason));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((name, offset)) = open.last() {
        let reason = format!("`<{name}>` is never closed (the file ends first)");
        return Err(errors::malformed_pom(shown, line_at(*offset), &reason));
    }
    if !root_seen {
        let reason = "the file holds no element; a POM is a `<project>` element";
        return Err(errors::malformed_pom(shown, line_at(0), &reason));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(text: &str) -> Option<String> {
        check(Path::new("pom.xml"), text)
            .err()
            .map(|error| error.header)
    }

    #[test]
    fn a_well_formed_pom_passes() {
        let pom = "<?xml version=\"1.0\"?>\n<!-- app -->\n<project a=\"1\">\n  <name>a &amp; b</name>\n  <x/>\n</project>\n";
        assert_eq!(line_of(pom), None);
    }

    #[test]
    fn a_mismatched_tag_names_its_line() {
        let pom = "<project>\n  <groupId>a</groupId>\n  <artifactId>b</artifactid>\n</project>\n";
        assert_eq!(
            line_of(pom).as_deref(),
            Some("pom.xml is not well-formed XML (line 3)")
        );
    }

    #[test]
    fn an_unclosed_element_names_where_it_opened() {
        let pom = "<project>\n  <dependencies>\n</project>\n";
        let error = check(Path::new("pom.xml"), pom).expect_err("unclosed");
        assert!(
            error.header.contains("line 2") || error.header.contains("line 3"),
            "{}",
            error.header
        );
        assert_eq!(
            line_of("<project>\n  <build>\n").as_deref(),
            Some("pom.xml is not well-formed XML (line 2)")
        );
    }

    #[test]
    fn empty_files_and_second_roots_fail() {
        assert!(line_of("").is_some());
        assert!(line_of("<?xml version=\"1.0\"?>\n").is_some());
        assert_eq!(
            line_of("<project/>\n<project/>\n").as_deref(),
            Some("pom.xml is not well-formed XML (line 2)")
        );
        assert!(line_of("<project a=\"1\" a=\"2\"/>").is_some());
        assert!(line_of("<project>\n</project>\ntrailing").is_some());
    }
}
