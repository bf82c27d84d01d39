//! The errors this buildpack reports, beyond the kit's and the PHP family's.

use crate::extensions::Asked;
use std::path::Path;
use stowage_kit::Error;

pub(crate) fn missing_extension(request: &Asked, available: &[String]) -> Error {
    let how = if request.by_composer {
        format!("Remove `ext-{}` from {}", request.name, request.file)
    } else {
        format!("Remove the line loading it from {}", request.file)
    };
    Error::new(
        "php-dist/missing-extension",
        format!(
            "{} asks for the PHP extension `{}`, which this PHP does not have",
            request.file, request.name
        ),
        format!(
            "This PHP has these extensions (built in or as modules):\n  {}\n\n{how}, or ask for \
             one of these instead.",
            available.join(" ")
        ),
    )
    .file(request.file.as_str())
}

pub(crate) fn no_extension_dir(base: &Path, found: usize) -> Error {
    Error::new(
        "php-dist/extension-dir",
        format!("The PHP distribution has {found} no-debug-non-zts-* extension folders, not one"),
        format!(
            "The dependency's layout is not PHP's ({}). Check the dependency mapping or mirror \
             serving PHP.",
            base.display()
        ),
    )
}

pub(crate) fn php_does_not_run(php: &Path, problem: &str) -> Error {
    Error::new(
        "php-dist/php-does-not-run",
        "The installed PHP does not run",
        format!(
            "`{} -n -m` failed: {}\nCheck the dependency mapping or mirror serving PHP; it must \
             be built for this stack.",
            php.display(),
            problem.trim()
        ),
    )
}

pub(crate) fn unreadable_ini(file: &str, error: &std::io::Error) -> Error {
    Error::new(
        "php-dist/unreadable-ini",
        format!("{file} cannot be read"),
        "Check that the file is readable and is not a broken symlink.",
    )
    .file(file)
    .debug(error)
}

pub(crate) fn ini_not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "php-dist/ini-not-written",
        format!("{} could not be written", file.display()),
        format!("PHP's configuration is written into its layer: {error}. Check the disk space."),
    )
    .file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let error = std::io::Error::other("disk full");
        let all = [
            no_extension_dir(Path::new("/layers/php/lib/php/extensions"), 0),
            php_does_not_run(Path::new("/layers/php/bin/php"), "libicu missing"),
            unreadable_ini(".php.ini.d/a.ini", &error),
            ini_not_written(Path::new("/layers/php-ini/php.ini"), &error),
        ];
        let text: Vec<String> = all.iter().map(Error::render).collect();
        insta::assert_snapshot!(text.join("\n"));
    }
}
