//! The errors this buildpack reports, beyond the ones the kit and the Node.js crate make.

use crate::start_script::START_SCRIPT;
use stowage_kit::Error;
use stowage_nodejs::existing_scripts;

/// `BP_NPM_START_SCRIPT` is `name`, which package.json (with scripts `existing`) lacks.
pub(crate) fn missing_script(name: &str, existing: &[&str]) -> Error {
    let existing = existing_scripts(existing);
    Error::new(
        "npm-start/missing-script",
        format!("{START_SCRIPT} names a script that package.json does not have"),
        format!(
            "{START_SCRIPT} is `{name}`, but package.json has no such script.\n{existing}\n\
             Set {START_SCRIPT} to the script that starts the app, or unset it to use `start`."
        ),
    )
    .variable(START_SCRIPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_script_lists_the_others() {
        insta::assert_snapshot!(missing_script("serve", &["build", "start"]).render());
    }
}
