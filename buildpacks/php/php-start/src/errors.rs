//! The errors this buildpack reports, beyond the kit's.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn missing_variable(name: &str) -> Error {
    Error::new(
        "php-start/missing-variable",
        format!("{name} is not set"),
        "php-start runs after stowage/php-dist (PHPRC) and stowage/php-fpm (PHP_FPM_PATH) in \
         the group; use the stowage/php meta-buildpack, or put them before php-start.",
    )
    .variable(name)
}

pub(crate) fn no_server(value: Option<&str>) -> Error {
    Error::new(
        "php-start/no-server",
        format!(
            "BP_PHP_SERVER is {}: php-start runs PHP-FPM behind nginx or httpd",
            value.map_or_else(|| "unset".to_string(), |v| format!("`{v}`"))
        ),
        "Set BP_PHP_SERVER=nginx or BP_PHP_SERVER=httpd, or leave it unset for PHP's \
         built-in server (stowage/php-builtin-server).",
    )
    .variable("BP_PHP_SERVER")
}

pub(crate) fn not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "php-start/not-written",
        format!("The start process could not be written: {error}"),
        "Check that the layers folder is writable during the build and that the disk has room.",
    )
    .file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let all = [
            missing_variable("PHP_FPM_PATH"),
            no_server(Some("caddy")),
            no_server(None),
            not_written(
                Path::new("/layers/stowage_php-start/php-start/procs.json"),
                &std::io::Error::other("disk full"),
            ),
        ];
        insta::assert_snapshot!(all.iter().map(Error::render).collect::<Vec<_>>().join("\n"));
    }
}
