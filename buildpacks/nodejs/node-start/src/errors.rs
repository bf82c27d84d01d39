//! The errors this buildpack reports, beyond the ones the kit and the Node.js crate make.

use crate::launchpoint::LAUNCHPOINT;
use stowage_kit::Error;

pub(crate) fn no_launchpoint() -> Error {
    Error::new(
        "node-start/no-launchpoint",
        "The app has no file for node to start",
        "Add server.js (or app.js, main.js, index.js), or set BP_LAUNCHPOINT to the file to start.",
    )
    .variable(LAUNCHPOINT)
}

pub(crate) fn launchpoint_not_found(chosen: &str) -> Error {
    Error::new(
        "node-start/launchpoint-not-found",
        format!("{LAUNCHPOINT} names a file that does not exist"),
        format!(
            "{LAUNCHPOINT} is `{chosen}`, but the app has no such file.\nSet it to the path of the file node should start, relative to the app (or to BP_NODE_PROJECT_PATH), such as `src/server.js`."
        ),
    )
    .variable(LAUNCHPOINT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_launchpoint_says_what_to_add() {
        insta::assert_snapshot!(no_launchpoint().render());
    }

    #[test]
    fn bp_launchpoint_must_name_an_existing_file() {
        insta::assert_snapshot!(launchpoint_not_found("src/missing.js").render());
    }
}
