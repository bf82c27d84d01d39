//! The script that starts the app: `start`, or the one `BP_NPM_START_SCRIPT` names.

use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_nodejs::{PackageJson, script_names, script_with_hooks};

pub const START_SCRIPT: &str = "BP_NPM_START_SCRIPT";

/// The script name, and whether the user chose it.
#[must_use]
pub fn name(config: &Config) -> (String, bool) {
    config
        .string(START_SCRIPT)
        .map_or_else(|| ("start".to_string(), false), |name| (name, true))
}

/// The shell command for the script with its `pre` and `post` hooks.
pub fn command(package: &PackageJson, name: &str) -> Result<String, Error> {
    script_with_hooks(package, name).ok_or_else(|| {
        let existing = script_names(package);
        let existing = if existing.is_empty() {
            "package.json has no scripts at all.".to_string()
        } else {
            format!("The scripts package.json has: {}.", existing.join(", "))
        };
        Error::new(
            "npm-start/missing-script",
            format!("{START_SCRIPT} names a script that package.json does not have"),
            format!(
                "{START_SCRIPT} is `{name}`, but package.json has no such script.\n{existing}\n\
                 Set {START_SCRIPT} to the script that starts the app, or unset it to use `start`."
            ),
        )
        .variable(START_SCRIPT)
    })
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
        insta::assert_snapshot!(command(&package, "serve").expect_err("missing").render());
    }
}
