//! `BP_NODE_RUN_SCRIPTS`: the package.json scripts to run, in order.

use crate::errors;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_nodejs::{PackageJson, script_names};

pub(crate) const RUN_SCRIPTS: &str = "BP_NODE_RUN_SCRIPTS";

/// The script names, in the order given; empty when the variable is unset or blank.
#[must_use]
pub(crate) fn requested(config: &Config) -> Vec<String> {
    config.list(RUN_SCRIPTS)
}

/// Every requested script must exist before any runs, so a typo fails fast and says so.
pub(crate) fn check_present(package: &PackageJson, requested: &[String]) -> Result<(), Error> {
    let missing: Vec<&str> = requested
        .iter()
        .map(String::as_str)
        .filter(|name| !package.scripts.contains_key(*name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(errors::missing_scripts(&missing, &script_names(package)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    fn package(scripts: &[&str]) -> PackageJson {
        PackageJson {
            scripts: scripts
                .iter()
                .map(|name| ((*name).to_string(), format!("echo {name}")))
                .collect(),
            ..PackageJson::default()
        }
    }

    #[test]
    fn keeps_the_given_order() {
        let mut env = Env::new();
        env.insert(RUN_SCRIPTS, "lint, build ,,test");
        assert_eq!(requested(&Config::new(&env)), ["lint", "build", "test"]);
        assert!(requested(&Config::new(&Env::new())).is_empty());
    }

    #[test]
    fn present_scripts_pass() {
        let requested = ["build".to_string(), "lint".to_string()];
        assert_eq!(
            check_present(&package(&["lint", "build", "start"]), &requested),
            Ok(())
        );
    }

    #[test]
    fn missing_scripts_are_listed_with_the_existing_ones() {
        let requested = ["build".to_string(), "lnt".to_string(), "tset".to_string()];
        let error =
            check_present(&package(&["build", "lint", "test"]), &requested).expect_err("missing");
        assert_eq!(
            error,
            errors::missing_scripts(&["lnt", "tset"], &["build", "lint", "test"])
        );
    }

    #[test]
    fn a_package_without_scripts_says_so() {
        let error = check_present(&package(&[]), &["build".to_string()]).expect_err("missing");
        assert_eq!(error, errors::missing_scripts(&["build"], &[]));
    }
}
