//! The errors (and warnings) this buildpack reports, beyond the ones the kit makes.

use crate::variables::PREFIX;
use stowage_kit::Error;

/// A warning: `source` (`BPE_DELIM_<name>`) is set without an append or prepend to `name`.
pub(crate) fn unused_delimiter(source: &str, name: &str) -> Error {
    Error::new(
        "environment-variables/unused-delimiter",
        format!("{source} is set, but nothing is appended or prepended to {name}"),
        format!(
            "A delimiter joins the values of BPE_APPEND_{name} or BPE_PREPEND_{name} to {name}; with neither\n\
             set it has no effect. Set one of them, or unset {source}."
        ),
    )
    .variable(source)
}

pub(crate) fn invalid_name(source: &str, name: &str) -> Error {
    let problem = if name.is_empty() {
        "names no variable".to_string()
    } else {
        format!("names `{name}`, which cannot be a variable name")
    };
    Error::new(
        "environment-variables/invalid-name",
        format!("{source} {problem}"),
        format!(
            "A BPE_ variable is {PREFIX}<NAME> (or {PREFIX}APPEND_, PREPEND_, DEFAULT_, OVERRIDE_ or DELIM_<NAME>),\n\
             where <NAME> is the launch variable to set; it must not be empty or contain `.`, `=` or `/`.\n\
             Rename {source}, or unset it."
        ),
    )
    .variable(source)
}

/// `sources` (in order) set `name` with actions that exclude each other.
pub(crate) fn conflict(name: &str, sources: &[&str]) -> Error {
    let (last, others) = sources.split_last().unwrap_or((&name, &[]));
    let listed = if others.is_empty() {
        (*last).to_string()
    } else {
        format!("{} and {last}", others.join(", "))
    };
    Error::new(
        "environment-variables/conflicting-actions",
        format!("{listed} set {name} in ways that cannot be combined"),
        format!(
            "{name} can be overridden (BPE_{name} or BPE_OVERRIDE_{name}), given a default\n\
             (BPE_DEFAULT_{name}), or extended (BPE_APPEND_{name} and/or BPE_PREPEND_{name}):\n\
             only one of these three. Keep the one you mean and unset the others."
        ),
    )
    .variable(sources.first().copied().unwrap_or(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_dotted_name_is_an_error() {
        insta::assert_snapshot!(invalid_name("BPE_APPEND_", "").render());
    }

    #[test]
    fn override_and_default_exclude_other_actions() {
        insta::assert_snapshot!(conflict("FOO", &["BPE_FOO", "BPE_OVERRIDE_FOO"]).render());
    }

    #[test]
    fn a_delimiter_without_append_or_prepend_warns() {
        insta::assert_snapshot!(unused_delimiter("BPE_DELIM_PATH", "PATH").render());
    }
}
