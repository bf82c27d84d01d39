//! The errors this buildpack reports.

use std::path::PathBuf;
use stowage_kit::Error;

pub(crate) const SCRIPT: &str = "BP_APPLICATION_SCRIPT";

fn listed(scripts: &[PathBuf]) -> String {
    scripts
        .iter()
        .map(|script| format!("- {}", script.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn no_script(pattern: &str) -> Error {
    Error::new(
        "dist-zip/no-script",
        format!("No start script matches `{pattern}`"),
        format!(
            "A distribution (Gradle's `distZip`/`installDist`, Maven's appassembler) holds its start script\n\
             in `<name>/bin/`; build the image from the unpacked distribution, or set {SCRIPT}\n\
             to the script's path in the app (a glob: `*`, `?`, `[a-z]`)."
        ),
    )
    .variable(SCRIPT)
}

pub(crate) fn several_scripts(pattern: &str, scripts: &[PathBuf]) -> Error {
    Error::new(
        "dist-zip/several-scripts",
        format!("{} start scripts match `{pattern}`", scripts.len()),
        format!(
            "{}\nThe app runs one script; set {SCRIPT} to the one to run (Windows `.bat` scripts are left out already).",
            listed(scripts)
        ),
    )
    .variable(SCRIPT)
}

pub(crate) fn not_executable(script: &std::path::Path, error: &impl std::fmt::Display) -> Error {
    Error::new(
        "dist-zip/not-executable",
        format!("{} could not be made executable", script.display()),
        "Check that the app's files are writable by the build (or mark the script executable before the build).",
    )
    .file(script)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_script_names_the_pattern() {
        insta::assert_snapshot!(no_script("*/bin/*").render());
    }

    #[test]
    fn several_scripts_are_listed() {
        insta::assert_snapshot!(
            several_scripts(
                "*/bin/*",
                &[PathBuf::from("app/bin/app"), PathBuf::from("app/bin/tool")]
            )
            .render()
        );
    }

    #[test]
    fn a_script_that_cannot_be_made_executable() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(
            not_executable(std::path::Path::new("app/bin/app"), &error).render()
        );
    }
}
