//! The script that starts the app: `start`, or the one `BP_NPM_START_SCRIPT` names.

use crate::errors;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_nodejs::{PackageJson, script_names, script_with_hooks};

pub(crate) const START_SCRIPT: &str = "BP_NPM_START_SCRIPT";

/// The script name, and whether the user chose it.
#[must_use]
pub(crate) fn name(config: &Config) -> (String, bool) {
    config
        .string(START_SCRIPT)
        .map_or_else(|| ("start".to_string(), false), |name| (name, true))
}

/// The shell command for the script with its `pre` and `post` hooks.
pub(crate) fn command(package: &PackageJson, name: &str) -> Result<String, Error> {
    script_with_hooks(package, name)
        .ok_or_else(|| errors::missing_script(name, &script_names(package)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    #[test]
    fn start_unless_the_user_names_another() {
        assert_eq!(
            name(&Config::new(&Env::new())),
            ("start".to_string(), false)
        );
        let mut env = Env::new();
        env.insert(START_SCRIPT, " serve ");
        assert_eq!(name(&Config::new(&env)), ("serve".to_string(), true));
    }

    #[test]
    fn a_missing_script_lists_the_others() {
        let package = PackageJson {
            scripts: [("start", "node server.js"), ("build", "tsc")]
                .into_iter()
                .map(|(name, command)| (name.to_string(), command.to_string()))
                .collect(),
            ..PackageJson::default()
        };
        assert_eq!(command(&package, "start").as_deref(), Ok("node server.js"));
        assert_eq!(
            command(&package, "serve"),
            Err(errors::missing_script("serve", &["build", "start"]))
        );
    }
}
