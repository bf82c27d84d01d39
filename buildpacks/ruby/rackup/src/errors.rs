//! What stowage/rackup tells a user.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn config_ru(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "rackup/config-ru",
        "config.ru could not be read or rewritten",
        "The build reads config.ru for a `#\\ -p N` line and removes that line (its port \
         becomes the default of the web process). Check that config.ru is a readable, \
         writable text file (UTF-8).",
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
            config_ru(
                Path::new("/workspace/config.ru"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            )
            .render()
        );
    }
}
