//! The errors this buildpack reports, beyond the ones the kit and the Node.js crate make.

use std::fmt::Display;
use stowage_kit::Error;

/// `name` (e.g. `.nvmrc`) exists but cannot be read.
pub(crate) fn unreadable_version_file(name: &str, error: impl Display) -> Error {
    Error::new(
        "node-engine/unreadable-version-file",
        format!("{name} cannot be read"),
        format!("Check that {name} is a readable text file, or delete it."),
    )
    .file(name)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_version_file_names_the_file() {
        let mut error = unreadable_version_file(".nvmrc", "Is a directory (os error 21)");
        error.debug = None;
        insta::assert_snapshot!(error.render());
    }
}
