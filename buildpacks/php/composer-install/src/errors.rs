//! The errors this buildpack reports, beyond the kit's.

use std::path::Path;
use stowage_kit::Error;

/// Composer's output in an error: its last lines, where the cause is.
const TAIL_LINES: usize = 30;

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let start = lines.len().saturating_sub(TAIL_LINES);
    lines[start..]
        .iter()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ended(code: Option<i32>) -> String {
    code.map_or_else(
        || "was stopped by a signal".to_string(),
        |code| format!("exited with code {code}"),
    )
}

pub(crate) fn install_failed(command: &str, code: Option<i32>, said: &str) -> Error {
    Error::new(
        "composer-install/install-failed",
        format!("`{command}` failed"),
        format!(
            "Composer {}. It said:\n{}\nFix composer.json (or composer.lock) so that \
             `{command}` succeeds on your machine, then build again. Packagist is reached \
             only when the build has network access; credentials for private repositories \
             go in COMPOSER_AUTH or a `composer` binding's auth.json.",
            ended(code),
            tail(said)
        ),
    )
    .file("composer.json")
}

pub(crate) fn global_failed(command: &str, code: Option<i32>, said: &str) -> Error {
    Error::new(
        "composer-install/global-failed",
        format!("`composer {command}` failed"),
        format!(
            "Composer {}. It said:\n{}\nCheck the package names and constraints in \
             BP_COMPOSER_INSTALL_GLOBAL.",
            ended(code),
            tail(said)
        ),
    )
    .variable("BP_COMPOSER_INSTALL_GLOBAL")
}

pub(crate) fn platform_reqs_failed(said: &str) -> Error {
    Error::new(
        "composer-install/platform-reqs-failed",
        "`composer check-platform-reqs` failed",
        format!(
            "Composer said:\n{}\nCheck that composer.json and composer.lock are valid \
             (`composer validate`).",
            tail(said)
        ),
    )
    .file("composer.json")
}

pub(crate) fn platform_reqs_missing(lines: &[String]) -> Error {
    Error::new(
        "composer-install/platform-reqs-missing",
        "Composer finds platform requirements this PHP does not meet",
        format!(
            "{}\n`composer install` decides whether they matter. Choose the PHP version with \
             BP_PHP_VERSION, or enable an extension in a `.php.ini.d/*.ini` file.",
            lines
                .iter()
                .map(|line| format!("  {line}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    )
}

pub(crate) fn no_lock(lock: &str) -> Error {
    Error::new(
        "composer-install/no-lock",
        format!("There is no {lock}"),
        "Composer resolves the versions anew on every build that cannot reuse the installed \
         packages, so two builds may install different versions. Run `composer install` (or \
         `composer update`) and commit composer.lock.",
    )
    .file(lock)
}

pub(crate) const NOT_STARTED: &str = "composer-install/not-started";
/// What to do when Composer or PHP cannot be started (also for the kit's streamed runs).
pub(crate) const NOT_STARTED_ADVICE: &str = "Composer and PHP come from stowage/composer and \
     stowage/php-dist, which must run earlier in the group.";

pub(crate) fn not_started(command: &str, error: &std::io::Error) -> Error {
    Error::new(
        NOT_STARTED,
        format!("`{command}` could not be run"),
        NOT_STARTED_ADVICE,
    )
    .debug(error)
}

pub(crate) fn vendor_outside_app(dir: &str) -> Error {
    Error::new(
        "composer-install/vendor-outside-app",
        format!("COMPOSER_VENDOR_DIR `{dir}` is not a folder inside the app"),
        "The installed packages must be part of the app. Give a folder relative to the app, \
         e.g. `vendor` or `lib/vendor`, or unset COMPOSER_VENDOR_DIR.",
    )
    .variable("COMPOSER_VENDOR_DIR")
}

pub(crate) fn bad_words(variable: &str, problem: &str) -> Error {
    Error::new(
        "composer-install/bad-option-words",
        format!("{variable} cannot be split into words: {problem}"),
        "Its value is split as a shell would: close every quote, or quote a lone \\.",
    )
    .variable(variable)
}

pub(crate) fn several_bindings(names: &[&str]) -> Error {
    Error::new(
        "composer-install/several-bindings",
        format!(
            "There are {} bindings of type `composer`: {}",
            names.len(),
            names.join(", ")
        ),
        "Give the build one `composer` binding, whose auth.json holds every repository's \
         credentials.",
    )
}

pub(crate) fn binding_without_auth(name: &str) -> Error {
    Error::new(
        "composer-install/binding-without-auth",
        format!("The composer binding {name} has no auth.json"),
        "Put Composer's auth.json (e.g. {\"http-basic\": {\"repo.example.com\": {...}}}) in \
         the binding as the key `auth.json`.",
    )
    .binding(name)
}

pub(crate) fn binding_auth_not_json(name: &str, problem: &serde_json::Error) -> Error {
    Error::new(
        "composer-install/binding-auth-not-json",
        format!("The auth.json of the composer binding {name} is not a JSON object: {problem}"),
        "Give it the content of Composer's auth.json, a JSON object.",
    )
    .binding(name)
}

pub(crate) fn installed_unreadable(file: &Path, problem: &str) -> Error {
    Error::new(
        "composer-install/installed-unreadable",
        format!("Composer's record of the installed packages cannot be read: {problem}"),
        "Composer writes it during `composer install`. Build again without the cache (e.g. \
         `pack build --clear-cache`); if it persists, report it.",
    )
    .file(file)
}

pub(crate) fn vendor_not_written(vendor: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "composer-install/vendor-not-written",
        format!("The installed packages could not be copied into the app: {error}"),
        "Check that the app's folder is writable during the build and that the disk has \
         room.",
    )
    .file(vendor)
}

pub(crate) fn ini_not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "composer-install/ini-not-written",
        "The php.ini snippet for Composer's own runs could not be written",
        "It loads the extensions Composer needs (mbstring, intl, curl, zip) into a scratch \
         layer. Check that the layers folder is writable and the disk has room, then build \
         again.",
    )
    .file(file)
    .debug(error)
}

pub(crate) fn global_home_not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "composer-install/global-home-not-written",
        "The composer.json of the global Composer home could not be written",
        "It lists the app's repositories for BP_COMPOSER_INSTALL_GLOBAL. Check that the \
         layers folder is writable and the disk has room, then build again.",
    )
    .file(file)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_install_shows_composers_own_words() {
        let said = "Loading composer repositories with package information\n\
                    Updating dependencies\n\
                    Your requirements could not be resolved to an installable set of packages.\n\n\
                    \x20 Problem 1\n\
                    \x20   - Root composer.json requires acme/nowhere, it could not be found in any version.\n";
        insta::assert_snapshot!(
            install_failed(
                "composer install --no-progress --no-interaction --no-dev",
                Some(2),
                said
            )
            .render()
        );
    }

    #[test]
    fn every_other_error_reads_well() {
        let io = std::io::Error::other("disk full");
        let json = serde_json::from_str::<serde_json::Value>("{").expect_err("bad");
        let all = [
            global_failed("global require x/y", Some(1), "Could not find package x/y."),
            platform_reqs_failed(
                "[Seld\\JsonLint\\ParsingException] composer.json does not contain valid JSON",
            ),
            platform_reqs_missing(&[
                "ext-mongodb n/a acme/db requires ext-mongodb (*) missing".to_string()
            ]),
            no_lock("composer.lock"),
            not_started("composer --version", &io),
            several_bindings(&["a", "b"]),
            binding_without_auth("private"),
            binding_auth_not_json("private", &json),
            vendor_not_written(Path::new("/workspace/vendor"), &io),
            global_home_not_written(Path::new("/layers/composer-global/composer.json"), &io),
        ];
        let text: Vec<String> = all
            .iter()
            .map(|error| {
                if error.id.ends_with("missing") {
                    error.render_warning()
                } else {
                    error.render()
                }
            })
            .collect();
        insta::assert_snapshot!(text.join("\n"));
    }
}
