//! The PHP version: `BP_PHP_VERSION` > `composer.lock` `platform.php` > `composer.json`
//! `require.php` > the default, as Composer constraints, resolved against the inventory.

use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_php::{ComposerConstraint, ComposerJson, ComposerLock, VERSION};

/// What asked for a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Variable,
    File(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub constraint: String,
    pub source: Source,
}

/// The highest-priority request, if any.
pub(crate) fn request(
    config: &Config,
    json: Option<&ComposerJson>,
    lock: Option<&ComposerLock>,
    json_path: &Path,
) -> Option<Request> {
    let file_name = |path: &Path| {
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if let Some(version) = config.string(VERSION) {
        return Some(Request {
            constraint: version,
            source: Source::Variable,
        });
    }
    if let Some(php) = lock.and_then(|lock| lock.php.clone()) {
        return Some(Request {
            constraint: php,
            source: Source::File("composer.lock".to_string()),
        });
    }
    json.and_then(|json| json.php.clone()).map(|php| Request {
        constraint: php,
        source: Source::File(file_name(json_path)),
    })
}

/// Resolves the version to install and says in the log which source chose it.
pub(crate) fn select<'a>(
    inventory: &'a Inventory,
    request: Option<&Request>,
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving PHP version");
    let (text, from) = if let Some(request) = request {
        let from = match &request.source {
            Source::Variable => VERSION.to_string(),
            Source::File(file) => file.clone(),
        };
        output.step(&format!("{from} asks for \"{}\"", request.constraint));
        (request.constraint.clone(), from)
    } else {
        let default = inventory.default_version("php").unwrap_or("*").to_string();
        output.step(&format!(
            "No version requested; using the default \"{default}\""
        ));
        (default, "the buildpack's default".to_string())
    };
    let attach = |error: Error| match request.map(|r| &r.source) {
        Some(Source::Variable) => error.variable(VERSION),
        Some(Source::File(file)) => error.file(file.as_str()),
        None => error,
    };
    let constraint = ComposerConstraint::parse(&text).map_err(attach)?;
    let dependency = inventory
        .resolve_with_debug("php", &constraint, target, output)
        .map_err(attach)?;
    output.step(&format!(
        "Selected PHP {} (from {from})",
        dependency.version
    ));
    warn_if_deprecated(dependency, VERSION, output)?;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;
    use stowage_kit::config::env_of;

    fn inventory() -> Inventory {
        let mut text = String::from("[default-versions]\nphp = \"8.2.*\"\n");
        for version in ["8.2.36", "8.3.33", "8.4.24"] {
            let _ = write!(
                text,
                "[[dependencies]]\nid = \"php\"\nname = \"PHP\"\nversion = \"{version}\"\n\
                 uri = \"https://x/{version}.tgz\"\nchecksum = \"sha256:{}\"\nos = \"linux\"\narch = \"amd64\"\n",
                "a".repeat(64)
            );
        }
        toml::from_str(&text).expect("inventory")
    }

    fn selected(request: Option<&Request>) -> Result<(String, String), Error> {
        let inventory = inventory();
        let (mut output, captured) = stowage_kit::output::captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        let dependency = select(&inventory, request, &target, &mut output)?;
        Ok((dependency.version.to_string(), captured.text()))
    }

    #[test]
    fn the_variable_then_the_lock_then_composer_json() {
        let json = ComposerJson {
            php: Some("^8.3".into()),
            ..ComposerJson::default()
        };
        let lock = ComposerLock {
            php: Some("8.2.*".into()),
            ..ComposerLock::default()
        };
        let path = Path::new("/workspace/composer.json");
        let env = env_of([(VERSION, "~8.3.0")]);
        let both = request(&Config::new(&env), Some(&json), Some(&lock), path);
        assert_eq!(
            both.as_ref().map(|r| r.source.clone()),
            Some(Source::Variable)
        );
        assert_eq!(selected(both.as_ref()).expect("resolves").0, "8.3.33");

        let none = env_of::<&str, &str>([]);
        let from_lock = request(&Config::new(&none), Some(&json), Some(&lock), path);
        let (version, log) = selected(from_lock.as_ref()).expect("resolves");
        assert_eq!(version, "8.2.36");
        assert!(
            log.contains("Selected PHP 8.2.36 (from composer.lock)"),
            "{log}"
        );

        let from_json = request(&Config::new(&none), Some(&json), None, path);
        assert_eq!(selected(from_json.as_ref()).expect("resolves").0, "8.4.24");
        let (version, log) = selected(None).expect("default");
        assert_eq!(version, "8.2.36");
        assert!(log.contains("(from the buildpack's default)"), "{log}");
    }

    #[test]
    fn an_unknown_version_lists_the_available_ones() {
        let request = Request {
            constraint: "7.4.*".into(),
            source: Source::File("composer.json".into()),
        };
        let error = selected(Some(&request)).expect_err("no 7.4");
        insta::assert_snapshot!(error.render());
    }
}
