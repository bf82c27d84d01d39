//! The errors this buildpack reports, beyond the ones the kit makes.

use std::fmt::Display;
use std::path::Path;
use stowage_jvm::ManifestError;
use stowage_kit::Error;

pub(crate) const MANIFEST: &str = "META-INF/MANIFEST.MF";

pub(crate) fn malformed_manifest(error: &ManifestError) -> Error {
    Error::new(
        "spring-boot/malformed-manifest",
        format!("{MANIFEST} cannot be read as a jar manifest"),
        format!(
            "Line {}: {}.\n\
             A manifest holds `Name: value` lines; a line starting with one space continues the line before,\n\
             and the last line ends with a line break. Let the build tool (the Spring Boot Maven or Gradle plugin) write it.",
            error.line, error.reason
        ),
    )
    .file(MANIFEST)
}

pub(crate) fn unreadable(shown: &Path, error: &impl Display) -> Error {
    Error::new(
        "spring-boot/unreadable",
        format!("{} could not be read", shown.display()),
        "Check that the file is readable by the build (its permissions, and that it is not a broken link).",
    )
    .file(shown)
    .debug(error)
}

pub(crate) fn malformed_index(index: &Path, line: usize, text: &str, expected: &str) -> Error {
    Error::new(
        "spring-boot/malformed-index",
        format!("{} line {line} is not {expected}", index.display()),
        format!(
            "The line is `{text}`.\n\
             Spring Boot's build plugins write this file when they package the jar; rebuild the jar\n\
             with them rather than editing it (the index's format: https://docs.spring.io/spring-boot/specification/executable-jar/)."
        ),
    )
    .file(index)
}

pub(crate) fn missing_indexed_path(index: &Path, line: usize, path: &str) -> Error {
    Error::new(
        "spring-boot/missing-indexed-path",
        format!("{} line {line} names `{path}`, which is not in the app", index.display()),
        "The index and the app's files disagree: the jar was changed after Spring Boot packaged it, or exploded only in part.\n\
         Rebuild the jar with the Spring Boot plugin and build the image from it as it is.",
    )
    .file(index)
}

pub(crate) fn missing_index(index: &Path, header: &str) -> Error {
    Error::new(
        "spring-boot/missing-index",
        format!("{MANIFEST} names {} as its {header}, but the app has no such file", index.display()),
        "Build the image from the whole Spring Boot jar (with `pack build --path app.jar`), or rebuild the jar with the Spring Boot plugin.",
    )
    .file(index)
}

pub(crate) fn not_a_jar(jar: &Path, error: &impl Display) -> Error {
    Error::new(
        "spring-boot/not-a-jar",
        format!("{} is not a jar: it cannot be read as a zip archive", jar.display()),
        "Every file in the app's library folder is put on its class path as a jar. This one may be truncated,\n\
         or something else named `.jar`: rebuild the app's jar, or remove the file.",
    )
    .file(jar)
    .debug(error)
}

pub(crate) fn malformed_configuration_metadata(file: &Path, error: &impl Display) -> Error {
    Error::new(
        "spring-boot/malformed-configuration-metadata",
        format!("{} is not JSON", file.display()),
        format!(
            "{error}.\nSpring Boot's configuration processor writes this file; rebuild the app, or remove the file to build without the configuration-metadata label."
        ),
    )
    .file(file)
}

/// The SBOM the manifest's `Sbom-Location` names cannot be used (a warning: the image is good).
pub(crate) fn unusable_app_sbom(location: &Path, detail: &str) -> Error {
    Error::new(
        "spring-boot/unusable-app-sbom",
        format!("The app's own SBOM {} could not be read", location.display()),
        format!(
            "{detail}.\nThe image's SBOM lists the app's libraries from their jars alone, without the purls only the\n\
             build's SBOM knows. Rebuild the jar with the CycloneDX Maven or Gradle plugin, or remove Sbom-Location\n\
             from META-INF/MANIFEST.MF."
        ),
    )
    .file(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_manifest_names_its_line() {
        let error = ManifestError {
            line: 3,
            reason: "`Spring-Boot-Version 3.5.7` is not a header: a header is `Name: value`, with a space after the colon".to_string(),
        };
        insta::assert_snapshot!(malformed_manifest(&error).render());
    }

    #[test]
    fn an_unreadable_file() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(unreadable(Path::new(MANIFEST), &error).render());
    }

    #[test]
    fn a_malformed_layers_index_names_its_line() {
        insta::assert_snapshot!(
            malformed_index(
                Path::new("BOOT-INF/layers.idx"),
                2,
                "BOOT-INF/lib/",
                "a layer (`- \"name\":`) or one of its paths (`  - \"path\"`)"
            )
            .render()
        );
    }

    #[test]
    fn a_layers_index_path_that_is_missing() {
        insta::assert_snapshot!(
            missing_indexed_path(Path::new("BOOT-INF/layers.idx"), 4, "BOOT-INF/classes/").render()
        );
    }

    #[test]
    fn a_missing_index() {
        insta::assert_snapshot!(
            missing_index(Path::new("BOOT-INF/layers.idx"), "Spring-Boot-Layers-Index").render()
        );
    }

    #[test]
    fn a_library_that_is_not_a_jar() {
        let error = zip::result::ZipError::InvalidArchive("Could not find EOCD".into());
        insta::assert_snapshot!(
            not_a_jar(Path::new("BOOT-INF/lib/broken-1.0.jar"), &error).render()
        );
    }

    #[test]
    fn configuration_metadata_that_is_not_json() {
        let error = serde_json::from_str::<serde_json::Value>("{").expect_err("not JSON");
        insta::assert_snapshot!(
            malformed_configuration_metadata(
                Path::new("BOOT-INF/classes/META-INF/spring-configuration-metadata.json"),
                &error
            )
            .render()
        );
    }
}
