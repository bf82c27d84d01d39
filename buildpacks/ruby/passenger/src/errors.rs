//! What stowage/passenger tells a user.

use std::fmt::Display;
use std::path::Path;
use stowage_kit::Error;

pub(crate) fn passengerfile(path: &Path, error: impl Display) -> Error {
    Error::new(
        "passenger/passengerfile",
        "Passengerfile.json could not be read",
        "The build reads Passengerfile.json for the `port` Passenger listens on when the \
         platform sets no PORT. Make it valid JSON whose `port` is a number from 1 to 65535, \
         or remove the file to use port 3000.",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_well() {
        insta::assert_snapshot!(
            passengerfile(
                Path::new("/workspace/Passengerfile.json"),
                "expected value at line 1 column 2"
            )
            .render()
        );
    }
}
