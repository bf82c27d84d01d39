//! The errors this buildpack reports, beyond the ones the kit makes.

use std::fmt::Display;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

pub(crate) const BUILT_ARTIFACT: &str = "BP_MAVEN_BUILT_ARTIFACT";
pub(crate) const BUILT_MODULE: &str = "BP_MAVEN_BUILT_MODULE";
pub(crate) const BUILD_ARGUMENTS: &str = "BP_MAVEN_BUILD_ARGUMENTS";
pub(crate) const ADDITIONAL_BUILD_ARGUMENTS: &str = "BP_MAVEN_ADDITIONAL_BUILD_ARGUMENTS";
pub(crate) const BINDING_TYPE: &str = "maven";

/// The id and advice `run_streamed` gives a failed Maven run; its error carries the exit
/// code and Maven's last lines.
pub(crate) const BUILD_FAILED: &str = "maven/build-failed";

pub(crate) fn build_failed_advice() -> String {
    format!(
        "Maven's last lines are below (its whole output is above); the first `[ERROR]` line names the cause.\n\
         Check that the same build passes on your machine (`./mvnw package` or `mvn package`).\n\
         To change what Maven runs, set {BUILD_ARGUMENTS} (default `-Dmaven.test.skip=true --no-transfer-progress package`)\n\
         or add to it with {ADDITIONAL_BUILD_ARGUMENTS}."
    )
}

pub(crate) fn malformed_pom(pom: &Path, line: usize, reason: &impl Display) -> Error {
    Error::new(
        "maven/malformed-pom",
        format!("{} is not well-formed XML (line {line})", pom.display()),
        format!(
            "Line {line}: {reason}.\n\
             Maven cannot read a POM that is not well-formed: fix the tag or character on that line (an unclosed\n\
             or misspelt tag, or a bare `&` or `<` in a value, which XML writes as `&amp;` and `&lt;`)."
        ),
    )
    .file(pom)
}

pub(crate) fn mvnw_not_runnable(mvnw: &Path, reason: &str) -> Error {
    Error::new(
        "maven/mvnw-not-runnable",
        format!("The Maven wrapper {} cannot be run", mvnw.display()),
        format!(
            "{reason}\n\
             Regenerate the wrapper with `mvn wrapper:wrapper` and commit `mvnw` with Unix line endings\n\
             (add `mvnw text eol=lf` to .gitattributes), or delete `mvnw` to build with the Maven this buildpack installs."
        ),
    )
    .file(mvnw)
}

pub(crate) fn no_built_artifact(
    pattern: &str,
    module: Option<&str>,
    target: &TargetListing,
) -> Error {
    let module = module.map_or_else(
        || format!("{BUILT_MODULE} is not set: the top-level project's artifact is looked for."),
        |module| format!("{BUILT_MODULE} is `{module}`."),
    );
    let listing = match target {
        TargetListing::Missing(dir) => format!(
            "{} does not exist: Maven wrote nothing there.",
            dir.display()
        ),
        TargetListing::Entries(dir, names) if names.is_empty() => {
            format!("{} is empty.", dir.display())
        }
        TargetListing::Entries(dir, names) => format!(
            "{} holds:\n{}",
            dir.display(),
            names
                .iter()
                .map(|name| format!("  {name}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    Error::new(
        "maven/no-built-artifact",
        format!("Maven built nothing that matches `{pattern}`"),
        format!(
            "After the build the buildpack takes the one file matching `{pattern}` as the app.\n\
             {module}\n\
             {listing}\n\
             Set {BUILT_ARTIFACT} to the jar or war your build makes (e.g. `target/app.jar`), or {BUILT_MODULE}\n\
             to the module that makes it, or check that the build arguments still run `package`."
        ),
    )
    .variable(BUILT_ARTIFACT)
}

/// What the folder the artifact was looked for in holds, for [`no_built_artifact`].
#[derive(Debug)]
pub(crate) enum TargetListing {
    Missing(PathBuf),
    Entries(PathBuf, Vec<String>),
}

pub(crate) fn several_artifacts(pattern: &str, matches: &[PathBuf]) -> Error {
    let listed: Vec<String> = matches
        .iter()
        .map(|path| format!("  {}", path.display()))
        .collect();
    Error::new(
        "maven/several-artifacts",
        format!("{} files match `{pattern}`; the buildpack needs one", matches.len()),
        format!(
            "The app becomes the one jar or war the build made, and these all match:\n{}\n\
             Set {BUILT_ARTIFACT} to the one to run, e.g. `{}` (a plugin such as maven-shade-plugin\n\
             leaves the jar it started from beside the one it made).",
            listed.join("\n"),
            matches.first().map_or_else(String::new, |path| path.display().to_string())
        ),
    )
    .variable(BUILT_ARTIFACT)
}

pub(crate) fn binding_without_settings(name: &str, keys: &[&str]) -> Error {
    let holds = if keys.is_empty() {
        "It holds no keys besides `type`.".to_string()
    } else {
        format!("It holds: {}.", keys.join(", "))
    };
    Error::new(
        "maven/binding-without-settings",
        format!("The `{BINDING_TYPE}` binding `{name}` has no settings.xml"),
        format!(
            "A binding of type `{BINDING_TYPE}` gives Maven its settings: a key `settings.xml` (passed as `--settings`)\n\
             and, optionally, `settings-security.xml` (passed as `-Dsettings.security`). {holds}\n\
             Add settings.xml to the binding, or remove the binding if Maven needs no settings."
        ),
    )
    .binding(name)
}

pub(crate) fn artifact_unreadable(artifact: &Path, error: &impl Display) -> Error {
    Error::new(
        "maven/artifact-unreadable",
        format!("The built artifact {} cannot be read as a jar or war", artifact.display()),
        format!(
            "The buildpack unpacks the artifact as the app, so it must be a zip archive whose entries stay inside it.\n\
             Check what the build wrote there, or set {BUILT_ARTIFACT} to the jar or war to run."
        ),
    )
    .file(artifact)
    .debug(error)
}

pub(crate) fn app_not_replaced(app: &Path, error: &impl Display) -> Error {
    Error::new(
        "maven/app-not-replaced",
        "The app folder could not be replaced by the built artifact",
        "Check that the build can write to the app folder (its permissions, and that nothing holds it read-only).",
    )
    .file(app)
    .debug(error)
}

pub(crate) fn cache_unwritable(layer: &Path, error: &impl Display) -> Error {
    Error::new(
        "maven/cache-unwritable",
        "The cache layer for ~/.m2 could not be made",
        "Check that the build can write to its layers folder.",
    )
    .file(layer)
    .debug(error)
}

pub(crate) fn unreadable(path: &Path, error: &impl Display) -> Error {
    Error::new(
        "maven/unreadable",
        format!("{} could not be read", path.display()),
        "Check that the file is readable by the build (its permissions, and that it is not a broken link).",
    )
    .file(path)
    .debug(error)
}

pub(crate) fn bad_arguments(variable: &str, reason: &str) -> Error {
    Error::new(
        "maven/bad-arguments",
        format!("{variable} cannot be split into arguments"),
        format!(
            "{reason}.\n\
             Arguments are separated by spaces; quote one that holds spaces with '…' or \"…\"."
        ),
    )
    .variable(variable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_pom_names_its_line() {
        let reason = "the closing tag `</artifactid>` does not match `<artifactId>`";
        insta::assert_snapshot!(malformed_pom(Path::new("pom.xml"), 7, &reason).render());
    }

    #[test]
    fn an_mvnw_with_windows_line_endings() {
        insta::assert_snapshot!(
            mvnw_not_runnable(
                Path::new("mvnw"),
                "Its first line ends with a carriage return (Windows line endings), so the system looks for `/bin/sh\\r`."
            )
            .render()
        );
    }

    #[test]
    fn no_artifact_lists_the_target_folder() {
        let listing = TargetListing::Entries(
            PathBuf::from("target"),
            vec!["classes/".to_string(), "maven-status/".to_string()],
        );
        insta::assert_snapshot!(no_built_artifact("target/*.[ejw]ar", None, &listing).render());
    }

    #[test]
    fn no_artifact_in_a_module_without_a_target_folder() {
        let listing = TargetListing::Missing(PathBuf::from("web/target"));
        insta::assert_snapshot!(
            no_built_artifact("web/target/*.[ejw]ar", Some("web"), &listing).render()
        );
    }

    #[test]
    fn several_artifacts_are_listed() {
        let matches = [
            PathBuf::from("target/app.jar"),
            PathBuf::from("target/original-app.jar"),
        ];
        insta::assert_snapshot!(several_artifacts("target/*.[ejw]ar", &matches).render());
    }

    #[test]
    fn a_binding_without_settings() {
        insta::assert_snapshot!(
            binding_without_settings("my-maven", &["settings-security.xml"]).render()
        );
    }

    #[test]
    fn arguments_with_an_open_quote() {
        insta::assert_snapshot!(
            bad_arguments(BUILD_ARGUMENTS, "a quote (\") is not closed").render()
        );
    }
}
