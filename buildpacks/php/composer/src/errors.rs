//! The errors this buildpack reports, beyond the kit's.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn no_phar(home: &Path) -> Error {
    Error::new(
        "composer/no-phar",
        "The Composer download is not a .phar file",
        format!(
            "{} holds no *.phar. Check the dependency mapping or mirror serving Composer: it \
             must serve composer.phar.",
            home.display()
        ),
    )
}

pub(crate) fn not_linked(home: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "composer/not-installed",
        "Composer could not be made executable",
        format!(
            "Writing bin/composer in {} failed: {error}. Check the disk space.",
            home.display()
        ),
    )
}

pub(crate) fn does_not_run(problem: &str) -> Error {
    Error::new(
        "composer/does-not-run",
        "Composer does not run with this PHP",
        format!(
            "`php composer --version` failed: {}\nComposer needs PHP first in the group \
             (stowage/php-dist) and the phar extension.",
            problem.trim()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let all = [
            no_phar(Path::new("/layers/stowage_composer/composer")),
            not_linked(
                Path::new("/layers/stowage_composer/composer"),
                &std::io::Error::other("disk full"),
            ),
            does_not_run("php: command not found"),
        ];
        let text: Vec<String> = all.iter().map(Error::render).collect();
        insta::assert_snapshot!(text.join("\n"));
    }
}
