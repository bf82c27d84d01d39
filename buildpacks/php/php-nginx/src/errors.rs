//! The errors this buildpack reports, beyond the kit's.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "php-nginx/conf-not-written",
        format!("The nginx configuration could not be written: {error}"),
        "Check that the app's folder is writable during the build and that the disk has room.",
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
                Path::new("/workspace/nginx.conf"),
                &std::io::Error::other("read-only file system")
            )
            .render()
        );
    }
}
