//! `BP_OCI_*`: the OCI image annotations (OCI image spec, annotations.md) set from one
//! variable each.

use crate::errors;
use libcnb::Env;
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const PREFIX: &str = "BP_OCI_";

pub(crate) const VARIABLES: [(&str, &str); 12] = [
    ("BP_OCI_AUTHORS", "org.opencontainers.image.authors"),
    ("BP_OCI_CREATED", "org.opencontainers.image.created"),
    ("BP_OCI_DESCRIPTION", "org.opencontainers.image.description"),
    (
        "BP_OCI_DOCUMENTATION",
        "org.opencontainers.image.documentation",
    ),
    ("BP_OCI_LICENSES", "org.opencontainers.image.licenses"),
    // The OCI key is `ref.name`, with a dot.
    ("BP_OCI_REF_NAME", "org.opencontainers.image.ref.name"),
    ("BP_OCI_REVISION", "org.opencontainers.image.revision"),
    ("BP_OCI_SOURCE", "org.opencontainers.image.source"),
    ("BP_OCI_TITLE", "org.opencontainers.image.title"),
    ("BP_OCI_URL", "org.opencontainers.image.url"),
    ("BP_OCI_VENDOR", "org.opencontainers.image.vendor"),
    ("BP_OCI_VERSION", "org.opencontainers.image.version"),
];

/// Names of every non-blank `BP_OCI_*` variable, sorted.
#[must_use]
pub(crate) fn set_variables(env: &Env) -> Vec<String> {
    let config = Config::new(env);
    let mut names: Vec<String> = env
        .iter()
        .filter_map(|(key, _)| key.to_str())
        .filter(|key| key.starts_with(PREFIX) && config.string(key).is_some())
        .map(String::from)
        .collect();
    names.sort();
    names
}

/// (variable, key, value) for each known variable that is set, in the table's order.
#[must_use]
pub(crate) fn labels(config: &Config) -> Vec<(&'static str, &'static str, String)> {
    VARIABLES
        .iter()
        .filter_map(|(variable, key)| {
            config
                .string(variable)
                .map(|value| (*variable, *key, value))
        })
        .collect()
}

/// A warning for each `BP_OCI_*` variable that is not one of the OCI annotations.
#[must_use]
pub(crate) fn unknown(env: &Env) -> Vec<Error> {
    set_variables(env)
        .into_iter()
        .filter(|name| !VARIABLES.iter().any(|(known, _)| known == name))
        .map(|name| errors::unknown_oci_variable(&name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use integration_tests::support::env_with;

    #[test]
    fn every_variable_maps_to_its_annotation() {
        for (variable, key) in VARIABLES {
            let name = variable.trim_start_matches(PREFIX);
            let expected = match name {
                "REF_NAME" => "ref.name".to_string(),
                other => other.to_ascii_lowercase(),
            };
            assert_eq!(key, format!("org.opencontainers.image.{expected}"));
        }
    }

    #[test]
    fn reads_set_variables_in_table_order() {
        let env = env_with(&[
            ("BP_OCI_VERSION", "1.2.3"),
            ("BP_OCI_AUTHORS", " Jane "),
            ("BP_OCI_TITLE", "   "),
        ]);
        assert_eq!(
            labels(&Config::new(&env)),
            [
                (
                    "BP_OCI_AUTHORS",
                    "org.opencontainers.image.authors",
                    "Jane".to_string()
                ),
                (
                    "BP_OCI_VERSION",
                    "org.opencontainers.image.version",
                    "1.2.3".to_string()
                ),
            ]
        );
        assert_eq!(set_variables(&env), ["BP_OCI_AUTHORS", "BP_OCI_VERSION"]);
    }

    #[test]
    fn unknown_variables_warn() {
        let warnings = unknown(&env_with(&[("BP_OCI_AUTHOR", "Jane"), ("BP_OCI_URL", "u")]));
        assert_eq!(warnings, [errors::unknown_oci_variable("BP_OCI_AUTHOR")]);
    }
}
