//! `package.json` scripts as package managers run them: `pre<name>`, `<name>`, `post<name>`.

use crate::PackageJson;

/// The shell command `npm run <name>` would run, hooks included
/// (`pre<name> && <name> && post<name>`), or `None` when the script does not exist.
/// Start processes run this in a shell themselves, so npm is not between the app and its signals.
#[must_use]
pub fn script_with_hooks(package: &PackageJson, name: &str) -> Option<String> {
    let main = package.scripts.get(name)?;
    let hook = |prefix: &str| {
        package
            .scripts
            .get(&format!("{prefix}{name}"))
            .map(|command| command.trim())
            .filter(|command| !command.is_empty())
    };
    let parts: Vec<&str> = [hook("pre"), Some(main.trim()), hook("post")]
        .into_iter()
        .flatten()
        .collect();
    Some(parts.join(" && "))
}

/// The names of the scripts `package.json` defines, sorted.
#[must_use]
pub fn script_names(package: &PackageJson) -> Vec<&str> {
    package.scripts.keys().map(String::as_str).collect()
}

/// The sentence an error about a missing script ends with: the scripts `package.json` has
/// (`names`, from [`script_names`]), or that it has none.
#[must_use]
pub fn existing_scripts(names: &[&str]) -> String {
    if names.is_empty() {
        "package.json has no scripts at all.".to_string()
    } else {
        format!("The scripts package.json has: {}.", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(scripts: &[(&str, &str)]) -> PackageJson {
        PackageJson {
            scripts: scripts
                .iter()
                .map(|(name, command)| ((*name).to_string(), (*command).to_string()))
                .collect(),
            ..PackageJson::default()
        }
    }

    #[test]
    fn joins_hooks_around_the_script() {
        let package = package(&[
            ("prestart", "node migrate.js"),
            ("start", " node server.js "),
            ("poststart", "echo done"),
            ("serve", "node other.js"),
        ]);
        assert_eq!(
            script_with_hooks(&package, "start").as_deref(),
            Some("node migrate.js && node server.js && echo done")
        );
        assert_eq!(
            script_with_hooks(&package, "serve").as_deref(),
            Some("node other.js")
        );
        assert_eq!(script_with_hooks(&package, "missing"), None);
        assert_eq!(
            script_names(&package),
            ["poststart", "prestart", "serve", "start"]
        );
    }
}
