//! The errors this buildpack reports, beyond the ones the kit makes.

use crate::jar::{LOCATION, MANIFEST};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use stowage_jvm::ManifestError;
use stowage_kit::Error;

pub(crate) fn no_jar_at_location(pattern: &str, matches: &[PathBuf]) -> Error {
    let listing = if matches.is_empty() {
        "It matches no file in the app.".to_string()
    } else {
        let listed: Vec<String> = matches
            .iter()
            .map(|path| format!("  {}", path.display()))
            .collect();
        format!(
            "None of what it matches is a jar whose {MANIFEST} names a Main-Class:\n{}",
            listed.join("\n")
        )
    };
    Error::new(
        "executable-jar/no-jar-at-location",
        format!("{LOCATION} matches no jar with a Main-Class"),
        format!(
            "{LOCATION} is `{pattern}`, a pattern relative to the app (`*`, `?` and `[a-z]` match within one folder).\n\
             {listing}\n\
             Set it to the jar to run, such as `target/*.jar` or `build/libs/app.jar`, or unset it to run the first jar with a Main-Class."
        ),
    )
    .variable(LOCATION)
}

pub(crate) fn not_a_zip(jar: &Path, error: &impl Display) -> Error {
    Error::new(
        "executable-jar/not-a-zip",
        format!("{} is not a jar: it cannot be read as a zip archive", jar.display()),
        format!(
            "A jar is a zip archive. This file may be truncated, or something else named `.jar`.\n\
             Rebuild or replace it, or remove it from the app (or set {LOCATION} to the jar to run, if it is another one)."
        ),
    )
    .file(jar)
    .debug(error)
}

pub(crate) fn malformed_manifest(shown: &Path, error: &ManifestError) -> Error {
    Error::new(
        "executable-jar/malformed-manifest",
        format!("{} cannot be read as a jar manifest", shown.display()),
        format!(
            "Line {}: {}.\n\
             A manifest holds `Name: value` lines; a line starting with one space continues the line before,\n\
             a blank line starts a section (`Name: <path>`), and the last line ends with a line break.\n\
             Fix the file, or let the build tool (Maven, Gradle, `jar`) write it.",
            error.line, error.reason
        ),
    )
    .file(shown)
}

pub(crate) fn manifest_too_large(shown: &Path, limit: u64) -> Error {
    Error::new(
        "executable-jar/manifest-too-large",
        format!("{} is larger than {} KiB", shown.display(), limit / 1024),
        "A jar manifest is a few lines of headers. Check that this file is one, and that the build tool wrote it.",
    )
    .file(shown)
}

pub(crate) fn unreadable(shown: &Path, error: &impl Display) -> Error {
    Error::new(
        "executable-jar/unreadable",
        format!("{} could not be read", shown.display()),
        "Check that the file is readable by the build (its permissions, and that it is not a broken link).",
    )
    .file(shown)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_that_matches_nothing_says_so() {
        insta::assert_snapshot!(no_jar_at_location("target/*.jar", &[]).render());
    }

    #[test]
    fn a_location_that_matches_no_executable_jar_lists_its_matches() {
        let matches = [
            PathBuf::from("build/libs/app-plain.jar"),
            PathBuf::from("build/libs/notes.txt"),
        ];
        insta::assert_snapshot!(no_jar_at_location("build/libs/*", &matches).render());
    }

    #[test]
    fn a_jar_that_is_not_a_zip() {
        let error = zip::result::ZipError::InvalidArchive("Could not find EOCD".into());
        insta::assert_snapshot!(not_a_zip(Path::new("target/app.jar"), &error).render());
    }

    #[test]
    fn a_malformed_manifest_names_its_line() {
        let error = ManifestError {
            line: 2,
            reason: "`Main-Class:App` is not a header: a header is `Name: value`, with a space after the colon".to_string(),
        };
        insta::assert_snapshot!(
            malformed_manifest(Path::new("target/app.jar!/META-INF/MANIFEST.MF"), &error).render()
        );
    }

    #[test]
    fn a_huge_manifest() {
        insta::assert_snapshot!(
            manifest_too_large(Path::new("META-INF/MANIFEST.MF"), 1024 * 1024).render()
        );
    }

    #[test]
    fn an_unreadable_file() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(unreadable(Path::new("target/app.jar"), &error).render());
    }
}
