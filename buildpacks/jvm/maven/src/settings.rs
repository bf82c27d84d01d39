//! Maven's settings: a binding of type `maven` (keys `settings.xml` and, optionally,
//! `settings-security.xml`), else the file `BP_MAVEN_SETTINGS_PATH` names.

use crate::errors::{self, BINDING_TYPE};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::config::Config;

pub(crate) const SETTINGS_PATH: &str = "BP_MAVEN_SETTINGS_PATH";

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    pub file: Option<PathBuf>,
    pub security: Option<PathBuf>,
    /// Where they come from, for the log.
    pub source: Option<String>,
}

pub(crate) fn find(bindings: &Bindings, config: &Config) -> Result<Settings, Error> {
    if let Some(binding) = bindings.of_type(BINDING_TYPE).next() {
        let Some(settings) = binding.path_of("settings.xml") else {
            return Err(errors::binding_without_settings(
                &binding.name,
                &binding.keys().collect::<Vec<_>>(),
            ));
        };
        let security = binding.path_of("settings-security.xml");
        let mut source = format!(
            "settings.xml from the `{BINDING_TYPE}` binding `{}`",
            binding.name
        );
        if security.is_some() {
            source.push_str(", with its settings-security.xml");
        }
        return Ok(Settings {
            file: Some(settings.to_path_buf()),
            security: security.map(PathBuf::from),
            source: Some(source),
        });
    }
    if let Some(path) = config
        .string(SETTINGS_PATH)
        .filter(|path| !path.trim().is_empty())
    {
        return Ok(Settings {
            source: Some(format!("{SETTINGS_PATH}: {path}")),
            file: Some(PathBuf::from(path)),
            security: None,
        });
    }
    Ok(Settings::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;
    use std::collections::BTreeMap;
    use stowage_kit::bindings::Binding;

    fn binding(name: &str, kind: &str, keys: &[&str]) -> Binding {
        let path = PathBuf::from("/bindings").join(name);
        Binding {
            name: name.to_string(),
            kind: kind.to_string(),
            provider: None,
            entries: keys
                .iter()
                .map(|key| ((*key).to_string(), path.join(key)))
                .collect::<BTreeMap<_, _>>(),
            path,
        }
    }

    #[test]
    fn a_maven_binding_gives_both_files() {
        let bindings: Bindings = [
            binding("other", "npmrc", &[".npmrc"]),
            binding("repo", "Maven", &["settings.xml", "settings-security.xml"]),
        ]
        .into_iter()
        .collect();
        let found = find(&bindings, &Config::new(&Env::new())).expect("settings");
        assert_eq!(
            found.file,
            Some(PathBuf::from("/bindings/repo/settings.xml"))
        );
        assert_eq!(
            found.security,
            Some(PathBuf::from("/bindings/repo/settings-security.xml"))
        );
    }

    #[test]
    fn without_a_binding_the_variable_or_nothing() {
        let mut env = Env::new();
        assert_eq!(
            find(&Bindings::default(), &Config::new(&env)).expect("none"),
            Settings::default()
        );
        env.insert(SETTINGS_PATH, "/etc/m2.xml");
        let found = find(&Bindings::default(), &Config::new(&env)).expect("path");
        assert_eq!(found.file, Some(PathBuf::from("/etc/m2.xml")));
    }

    #[test]
    fn a_binding_without_settings_xml_fails() {
        let bindings: Bindings = [binding("repo", "maven", &["settings-security.xml"])]
            .into_iter()
            .collect();
        let error = find(&bindings, &Config::new(&Env::new())).expect_err("no settings");
        assert_eq!(error.id, "maven/binding-without-settings");
    }
}
