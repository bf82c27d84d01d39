//! The errors the ca-certificates build reports (the detect-time and helper errors live
//! beside the library code that the helper binary shares).

use std::path::Path;
use stowage_kit::Error;

pub fn write_failed(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "ca-certificates/write-failed",
        "A certificate file could not be written into the buildpack's layer",
        "Check that the build has space left on its disk; this is not caused by the certificates.",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_file() {
        let error = super::write_failed(
            std::path::Path::new("/layers/x/ca-certificates.crt"),
            &std::io::Error::other("no space left on device"),
        );
        insta::assert_snapshot!(error.render());
    }
}
