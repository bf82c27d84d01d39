//! `BPE_*` build variables and what they ask for at launch, as Paketo names them:
//! `BPE_<NAME>` and `BPE_OVERRIDE_<NAME>` override, `BPE_DEFAULT_<NAME>` sets a default,
//! `BPE_APPEND_<NAME>` / `BPE_PREPEND_<NAME>` add to a value, joined by `BPE_DELIM_<NAME>`.
//! A variable whose own name starts with an action word is set with `BPE_OVERRIDE_<NAME>`.

use crate::errors;
use libcnb::Env;
use std::collections::BTreeMap;
use std::ffi::OsString;
use stowage_kit::Error;

pub(crate) const PREFIX: &str = "BPE_";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Action {
    Override,
    Default,
    Append,
    Prepend,
    Delimiter,
}

const ACTION_PREFIXES: [(&str, Action); 5] = [
    ("OVERRIDE_", Action::Override),
    ("DEFAULT_", Action::Default),
    ("APPEND_", Action::Append),
    ("PREPEND_", Action::Prepend),
    ("DELIM_", Action::Delimiter),
];

/// One `BPE_*` variable, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Setting {
    /// The variable set at launch.
    pub name: String,
    pub action: Action,
    pub value: OsString,
    /// The `BPE_*` variable it came from.
    pub source: String,
}

/// The action and launch variable name of a `BPE_*` variable; `None` without the prefix.
#[must_use]
pub(crate) fn parse_name(variable: &str) -> Option<(Action, &str)> {
    let rest = variable.strip_prefix(PREFIX)?;
    Some(
        ACTION_PREFIXES
            .iter()
            .find_map(|(prefix, action)| rest.strip_prefix(prefix).map(|name| (*action, name)))
            .unwrap_or((Action::Override, rest)),
    )
}

/// Whether the user set any `BPE_*` variable (detect).
#[must_use]
pub(crate) fn any(env: &Env) -> bool {
    env.iter()
        .any(|(key, _)| key.to_str().is_some_and(|key| key.starts_with(PREFIX)))
}

/// Every `BPE_*` variable, checked, sorted by launch variable then action.
pub(crate) fn settings(env: &Env) -> Result<Vec<Setting>, Error> {
    let mut settings = Vec::new();
    for (key, value) in env {
        let Some(source) = key.to_str() else { continue };
        let Some((action, name)) = parse_name(source) else {
            continue;
        };
        if name.is_empty() || name.contains(['.', '=', '/']) {
            return Err(errors::invalid_name(source, name));
        }
        settings.push(Setting {
            name: name.to_string(),
            action,
            value: value.clone(),
            source: source.to_string(),
        });
    }
    settings.sort_by(|a, b| (&a.name, a.action, &a.source).cmp(&(&b.name, b.action, &b.source)));
    check_conflicts(&settings)?;
    Ok(settings)
}

/// Two ways of setting one variable that cannot both apply: override and default exclude each
/// other and append/prepend; append and prepend together are fine.
fn check_conflicts(settings: &[Setting]) -> Result<(), Error> {
    let mut by_name: BTreeMap<&str, Vec<&Setting>> = BTreeMap::new();
    for setting in settings.iter().filter(|s| s.action != Action::Delimiter) {
        by_name.entry(&setting.name).or_default().push(setting);
    }
    for (name, group) in by_name {
        let replaces = group
            .iter()
            .filter(|s| matches!(s.action, Action::Override | Action::Default))
            .count();
        if replaces > 1 || (replaces == 1 && group.len() > 1) {
            let sources: Vec<&str> = group.iter().map(|s| s.source.as_str()).collect();
            return Err(errors::conflict(name, &sources));
        }
    }
    Ok(())
}

/// An append or prepend with no `BPE_DELIM_<NAME>`: the values are joined as they are.
#[must_use]
pub(crate) fn lacks_delimiter(setting: &Setting, settings: &[Setting]) -> bool {
    matches!(setting.action, Action::Append | Action::Prepend)
        && !settings
            .iter()
            .any(|s| s.name == setting.name && s.action == Action::Delimiter)
}

/// A delimiter without an append or prepend to use it.
#[must_use]
pub(crate) fn unused_delimiters(settings: &[Setting]) -> Vec<Error> {
    settings
        .iter()
        .filter(|delim| delim.action == Action::Delimiter)
        .filter(|delim| {
            !settings.iter().any(|s| {
                s.name == delim.name && matches!(s.action, Action::Append | Action::Prepend)
            })
        })
        .map(|delim| errors::unused_delimiter(&delim.source, &delim.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use integration_tests::support::env_with;

    #[test]
    fn names_carry_their_action() {
        assert_eq!(parse_name("BPE_FOO"), Some((Action::Override, "FOO")));
        assert_eq!(
            parse_name("BPE_OVERRIDE_FOO"),
            Some((Action::Override, "FOO"))
        );
        assert_eq!(
            parse_name("BPE_DEFAULT_FOO"),
            Some((Action::Default, "FOO"))
        );
        assert_eq!(
            parse_name("BPE_APPEND_JAVA_OPTS"),
            Some((Action::Append, "JAVA_OPTS"))
        );
        assert_eq!(
            parse_name("BPE_PREPEND_PATH"),
            Some((Action::Prepend, "PATH"))
        );
        assert_eq!(
            parse_name("BPE_DELIM_PATH"),
            Some((Action::Delimiter, "PATH"))
        );
        // A variable literally named APPEND_X is set through OVERRIDE_.
        assert_eq!(
            parse_name("BPE_OVERRIDE_APPEND_X"),
            Some((Action::Override, "APPEND_X"))
        );
        assert_eq!(
            parse_name("BPE_APPENDIX"),
            Some((Action::Override, "APPENDIX"))
        );
        assert_eq!(parse_name("BP_FOO"), None);
        assert_eq!(parse_name("bpe_foo"), None);
    }

    #[test]
    fn detects_any_bpe_variable() {
        assert!(any(&env_with(&[("BP_X", "1"), ("BPE_X", "")])));
        assert!(!any(&env_with(&[("BP_X", "1"), ("BPEX", "1")])));
    }

    #[test]
    fn settings_are_sorted_and_values_kept_verbatim() {
        let settings = settings(&env_with(&[
            ("BPE_PREPEND_PATH", "/app/bin"),
            ("BPE_DELIM_PATH", ":"),
            ("BPE_GREETING", " hello world \n"),
            ("BPE_APPEND_PATH", "/opt/bin"),
            ("BP_NODE_VERSION", "22"),
        ]))
        .expect("valid");
        let summary: Vec<_> = settings
            .iter()
            .map(|s| format!("{} {:?} {:?}", s.name, s.action, s.value))
            .collect();
        assert_eq!(
            summary,
            [
                "GREETING Override \" hello world \\n\"",
                "PATH Append \"/opt/bin\"",
                "PATH Prepend \"/app/bin\"",
                "PATH Delimiter \":\"",
            ]
        );
    }

    #[test]
    fn an_empty_or_dotted_name_is_an_error() {
        let error = settings(&env_with(&[("BPE_APPEND_", "x")])).expect_err("no name");
        assert_eq!(error, errors::invalid_name("BPE_APPEND_", ""));
        let error = settings(&env_with(&[("BPE_my.var", "x")])).expect_err("dot");
        assert_eq!(error.id, "environment-variables/invalid-name");
        assert!(error.header.contains("`my.var`"), "{}", error.header);
    }

    #[test]
    fn override_and_default_exclude_other_actions() {
        let error = settings(&env_with(&[("BPE_FOO", "a"), ("BPE_OVERRIDE_FOO", "b")]))
            .expect_err("two overrides");
        assert_eq!(
            error,
            errors::conflict("FOO", &["BPE_FOO", "BPE_OVERRIDE_FOO"])
        );
        for pair in [
            [("BPE_DEFAULT_FOO", "a"), ("BPE_FOO", "b")],
            [("BPE_APPEND_FOO", "a"), ("BPE_FOO", "b")],
            [("BPE_PREPEND_FOO", "a"), ("BPE_DEFAULT_FOO", "b")],
        ] {
            let error = settings(&env_with(&pair)).expect_err("conflict");
            assert_eq!(error.id, "environment-variables/conflicting-actions");
        }
        assert!(
            settings(&env_with(&[
                ("BPE_APPEND_FOO", "a"),
                ("BPE_PREPEND_FOO", "b")
            ]))
            .is_ok()
        );
    }

    #[test]
    fn a_delimiter_without_append_or_prepend_warns() {
        let settings = settings(&env_with(&[
            ("BPE_DELIM_PATH", ":"),
            ("BPE_DELIM_OPTS", " "),
            ("BPE_APPEND_OPTS", "-v"),
        ]))
        .expect("valid");
        assert_eq!(settings[0].source, "BPE_APPEND_OPTS");
        assert!(!lacks_delimiter(&settings[0], &settings));
        let bare = super::settings(&env_with(&[("BPE_APPEND_OPTS", "-v")])).expect("valid");
        assert!(lacks_delimiter(&bare[0], &bare));
        let warnings = unused_delimiters(&settings);
        assert_eq!(
            warnings,
            [errors::unused_delimiter("BPE_DELIM_PATH", "PATH")]
        );
    }
}
