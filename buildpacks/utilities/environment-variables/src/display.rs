//! How a setting appears in the build log. As at Paketo, values are not printed: they are often
//! credentials whose names do not give them away. With `BP_LOG_LEVEL=DEBUG` a debug line shows
//! each value, still `***` when the name looks secret and with URL credentials masked.

use crate::variables::{Action, Setting};
use stowage_kit::output::shown_value;

/// `NAME: set (from BPE_NAME)`: the name and what happens to it, never the value.
#[must_use]
pub(crate) fn describe(setting: &Setting) -> String {
    let action = match setting.action {
        Action::Override => "set",
        Action::Default => "set if unset",
        Action::Append => "appended to",
        Action::Prepend => "prepended to",
        Action::Delimiter => "delimiter set",
    };
    format!("{}: {action} (from {})", setting.name, setting.source)
}

/// The debug line with the value: `BPE_NAME = "value"`, or `***` for a secret.
#[must_use]
pub(crate) fn value(setting: &Setting) -> String {
    let value = shown_value(&setting.name, &setting.value.to_string_lossy());
    if value == "***" {
        format!("{} = ***", setting.source)
    } else {
        format!("{} = {value:?}", setting.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(name: &str, action: Action, value: &str) -> Setting {
        Setting {
            name: name.to_string(),
            action,
            value: value.into(),
            source: format!("BPE_{name}"),
        }
    }

    #[test]
    fn the_step_never_shows_the_value() {
        assert_eq!(
            describe(&setting("GREETING", Action::Override, "hello")),
            "GREETING: set (from BPE_GREETING)"
        );
        assert_eq!(
            describe(&setting("JAVA_OPTS", Action::Append, " -Xmx1g")),
            "JAVA_OPTS: appended to (from BPE_JAVA_OPTS)"
        );
    }

    #[test]
    fn debug_values_are_quoted_and_secrets_masked_whatever_their_case() {
        for name in [
            "DB_PASSWORD",
            "api_token",
            "AWS_SECRET_ACCESS_KEY",
            "SshKey",
        ] {
            assert_eq!(
                value(&setting(name, Action::Override, "abc")),
                format!("BPE_{name} = ***")
            );
        }
        assert_eq!(
            value(&setting("JAVA_OPTS", Action::Append, " -Xmx1g")),
            "BPE_JAVA_OPTS = \" -Xmx1g\""
        );
        assert_eq!(
            value(&setting(
                "DATABASE_URL",
                Action::Override,
                "postgres://me:hunter2@db/x"
            )),
            "BPE_DATABASE_URL = \"postgres://***@db/x\""
        );
    }
}
