//! `composer check-platform-reqs` before the install, as Paketo runs it. Exit 2 (something is
//! missing) is not fatal there, since Paketo then enables the extensions; here php-dist has
//! enabled every `ext-*` already, so what is still missing is named in a warning, and
//! `composer install` gives the verdict.

use crate::composer::Composer;
use crate::errors;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::output::Output;

pub(crate) fn check(
    composer: &Composer,
    app: &Path,
    json: &Path,
    output: &mut Output,
) -> Result<(), Error> {
    output.section("Checking platform requirements");
    // Composer 2.5 reads them from composer.lock or vendor/ and fails without either.
    if !json.with_file_name("composer.lock").is_file() && !app.join("vendor").is_dir() {
        output.step("No composer.lock: composer install checks them while it resolves");
        return Ok(());
    }
    let mut command = composer.command(
        app,
        &["check-platform-reqs".to_string()],
        &[("COMPOSER", json)],
    );
    let ran = Composer::run(&mut command, output)?;
    match ran.code {
        Some(0) => {
            output.step("Every platform requirement is met");
            Ok(())
        }
        Some(2) => {
            output.warning(&errors::platform_reqs_missing(&missing(&ran.text)));
            Ok(())
        }
        _ => Err(errors::platform_reqs_failed(&ran.text)),
    }
}

/// The requirement lines Composer marks `missing` or `failed`.
fn missing(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| {
            line.split_whitespace()
                .any(|word| word == "missing" || word == "failed")
        })
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_missing_lines() {
        let text = "Checking platform requirements for packages in the vendor dir\n\
                    ext-intl   8.2.7   success\n\
                    ext-mongodb  n/a   acme/db requires ext-mongodb (*)   missing\n\
                    php   8.2.7   acme/db requires php (^8.3)   failed\n";
        assert_eq!(
            missing(text),
            [
                "ext-mongodb n/a acme/db requires ext-mongodb (*) missing",
                "php 8.2.7 acme/db requires php (^8.3) failed"
            ]
        );
    }
}
