//! The errors this buildpack reports, beyond the ones the kit makes.

use std::fmt::Display;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

pub(crate) const BUILD_ARGUMENTS: &str = "BP_GRADLE_BUILD_ARGUMENTS";
pub(crate) const ADDITIONAL_BUILD_ARGUMENTS: &str = "BP_GRADLE_ADDITIONAL_BUILD_ARGUMENTS";
pub(crate) const BUILT_ARTIFACT: &str = "BP_GRADLE_BUILT_ARTIFACT";
pub(crate) const BUILT_MODULE: &str = "BP_GRADLE_BUILT_MODULE";

/// The id `run_streamed` gives a failed Gradle run; its error carries the exit code and
/// Gradle's last lines.
pub(crate) const BUILD_FAILED: &str = "gradle/build-failed";

pub(crate) fn build_failed_advice() -> String {
    format!(
        "Gradle's last lines are below (its whole output is above); `What went wrong` names the cause.\n\
         Check that the same build passes on your machine (`./gradlew assemble`).\n\
         To change what Gradle runs, set {BUILD_ARGUMENTS} (default `--no-daemon -Dorg.gradle.welcome=never assemble`)\n\
         or add to it with {ADDITIONAL_BUILD_ARGUMENTS}."
    )
}

pub(crate) fn gradlew_not_runnable(reason: &str) -> Error {
    Error::new(
        "gradle/gradlew-not-runnable",
        "The app's gradlew cannot be started",
        format!(
            "{reason}\nRegenerate the wrapper with `gradle wrapper` and commit gradlew as it writes it\n\
             (with Unix line endings), or remove gradlew to build with Gradle from the buildpack."
        ),
    )
    .file("gradlew")
}

pub(crate) fn bad_arguments(variable: &str, reason: &str) -> Error {
    Error::new(
        "gradle/bad-arguments",
        format!("{variable} cannot be split into arguments: {reason}"),
        "Arguments are split at spaces; quote one that holds spaces ('a b' or \"a b\") and close every quote.",
    )
    .variable(variable)
}

pub(crate) fn no_built_artifact(pattern: &str, folder: &Path, found: &[String]) -> Error {
    let listing = if found.is_empty() {
        format!("{} is empty or missing.", folder.display())
    } else {
        format!("{} holds: {}.", folder.display(), found.join(", "))
    };
    Error::new(
        "gradle/no-built-artifact",
        format!("The Gradle build made no file matching `{pattern}`"),
        format!(
            "{listing}\nSet {BUILT_ARTIFACT} to the built jar or war (a glob relative to the app), or\n\
             {BUILT_MODULE} to the subproject that makes it."
        ),
    )
    .variable(BUILT_ARTIFACT)
}

pub(crate) fn several_artifacts(pattern: &str, matches: &[PathBuf]) -> Error {
    let listed: Vec<String> = matches
        .iter()
        .map(|path| format!("- {}", path.display()))
        .collect();
    Error::new(
        "gradle/several-artifacts",
        format!("{} files match `{pattern}`; the app must be one", matches.len()),
        format!(
            "{}\nSet {BUILT_ARTIFACT} to the one to run. A Spring Boot build also makes a `-plain.jar`;\n\
             turn it off with `tasks.named(\"jar\") {{ enabled = false }}` in build.gradle(.kts).",
            listed.join("\n")
        ),
    )
    .variable(BUILT_ARTIFACT)
}

pub(crate) fn binding_without_file(name: &str, kind: &str, key: &str) -> Error {
    Error::new(
        "gradle/binding-without-file",
        format!("The binding {name} of type `{kind}` has no `{key}` file"),
        format!("A `{kind}` binding holds `{key}`, which the build puts in place. Add it, or remove the binding."),
    )
    .binding(name)
}

pub(crate) fn artifact_unreadable(artifact: &Path, reason: &impl Display) -> Error {
    Error::new(
        "gradle/artifact-unreadable",
        format!("{} cannot be exploded into the app", artifact.display()),
        format!("{reason}.\nThe source is left as it was. Check the build's jar or war task (a jar or war is a zip archive)."),
    )
    .file(artifact)
}

pub(crate) fn app_not_replaced(app: &Path, reason: &impl Display) -> Error {
    Error::new(
        "gradle/app-not-replaced",
        "The built artifact could not replace the source",
        "Check that the app's files are writable by the build and the disk is not full.",
    )
    .file(app)
    .debug(reason)
}

pub(crate) fn unwritable(path: &Path, error: &impl Display) -> Error {
    Error::new(
        "gradle/unwritable",
        format!("{} could not be written", path.display()),
        "Check that the app and the layers directory are writable by the build and the disk is not full.",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradlew_with_windows_line_endings() {
        insta::assert_snapshot!(
            gradlew_not_runnable("Its first line ends with a carriage return (Windows line endings), so the system looks for `/bin/sh\\r`.").render()
        );
    }

    #[test]
    fn arguments_with_an_open_quote() {
        insta::assert_snapshot!(
            bad_arguments(BUILD_ARGUMENTS, "a quote (') is not closed").render()
        );
    }

    #[test]
    fn no_built_artifact_lists_the_folder() {
        insta::assert_snapshot!(
            no_built_artifact(
                "build/libs/*.[jw]ar",
                Path::new("build/libs"),
                &["app.zip".to_string()]
            )
            .render()
        );
    }

    #[test]
    fn several_artifacts_are_listed() {
        insta::assert_snapshot!(
            several_artifacts(
                "build/libs/*.[jw]ar",
                &[
                    PathBuf::from("build/libs/app.jar"),
                    PathBuf::from("build/libs/app-plain.jar")
                ]
            )
            .render()
        );
    }

    #[test]
    fn a_binding_without_its_file() {
        insta::assert_snapshot!(
            binding_without_file("props", "gradle", "gradle.properties").render()
        );
    }

    #[test]
    fn an_artifact_that_is_not_a_zip() {
        insta::assert_snapshot!(
            artifact_unreadable(Path::new("build/libs/app.jar"), &"invalid Zip archive").render()
        );
    }

    #[test]
    fn the_app_not_replaced() {
        insta::assert_snapshot!(
            app_not_replaced(Path::new("/workspace"), &"permission denied").render()
        );
    }

    #[test]
    fn an_unwritable_file() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(
            unwritable(
                Path::new("gradle/wrapper/gradle-wrapper.properties"),
                &error
            )
            .render()
        );
    }
}
