//! The errors this buildpack reports, beyond the ones the kit and the Node.js crate make.

use crate::scripts::RUN_SCRIPTS;
use stowage_kit::Error;
use stowage_nodejs::existing_scripts;

pub(crate) fn no_package_json() -> Error {
    Error::new(
        "node-run-script/no-package-json",
        "The project has no package.json",
        "BP_NODE_RUN_SCRIPTS names scripts from package.json. Add package.json to the project, or\n\
         set BP_NODE_PROJECT_PATH to the folder that has it.",
    )
    .file("package.json")
}

/// `missing` are the requested scripts package.json lacks; `existing` the ones it has.
pub(crate) fn missing_scripts(missing: &[&str], existing: &[&str]) -> Error {
    let existing = existing_scripts(existing);
    let quoted: Vec<String> = missing.iter().map(|name| format!("`{name}`")).collect();
    Error::new(
        "node-run-script/missing-script",
        format!("{RUN_SCRIPTS} names scripts that package.json does not have"),
        format!(
            "{RUN_SCRIPTS} asks to run {}, but package.json has no such script.\n{existing}\n\
             Add the script to package.json's `scripts`, or correct {RUN_SCRIPTS}.",
            quoted.join(" and ")
        ),
    )
    .variable(RUN_SCRIPTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_needs_package_json() {
        insta::assert_snapshot!(no_package_json().render());
    }

    #[test]
    fn missing_scripts_are_listed_with_the_existing_ones() {
        insta::assert_snapshot!(
            missing_scripts(&["lnt", "tset"], &["build", "lint", "test"]).render()
        );
    }

    #[test]
    fn a_package_without_scripts_says_so() {
        insta::assert_snapshot!(missing_scripts(&["build"], &[]).render());
    }
}
