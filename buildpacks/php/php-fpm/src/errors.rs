//! The errors this buildpack reports, beyond the kit's.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "php-fpm/config-not-written",
        format!("The PHP-FPM configuration could not be written: {error}"),
        "Check that the app's folder and the layers are writable during the build and that \
         the disk has room.",
    )
    .file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_well() {
        insta::assert_snapshot!(
            not_written(
                Path::new("/workspace/.php.fpm.bp"),
                &std::io::Error::other("read-only file system")
            )
            .render()
        );
    }
}
