//! The errors this buildpack reports, beyond the ones the kit and the Node.js crate make.

use stowage_kit::Error;

/// Build runs only after detect passed, so this means the project changed in between.
pub(crate) fn no_start_script() -> Error {
    Error::new(
        "yarn-start/no-start-script",
        "package.json has no start script",
        "Add a `start` script to package.json, such as `\"start\": \"node server.js\"`, or \
         remove this buildpack from the build to start the app another way (a Procfile).",
    )
    .file("package.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_says_what_to_add() {
        insta::assert_snapshot!(no_start_script().render());
    }
}
