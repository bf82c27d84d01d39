//! How a setting appears in the build log: values are shown unless the name suggests a secret.

use crate::variables::{Action, Setting};
use stowage_kit::output::looks_secret;

/// `NAME: override "value" (from BPE_NAME)`, with `***` for secrets.
#[must_use]
pub(crate) fn describe(setting: &Setting) -> String {
    let value = if looks_secret(&setting.name) {
        "***".to_string()
    } else {
        format!("{:?}", setting.value.to_string_lossy())
    };
    let action = match setting.action {
        Action::Override => "set to",
        Action::Default => "defaults to",
        Action::Append => "appends",
        Action::Prepend => "prepends",
        Action::Delimiter => "joins with",
    };
    format!(
        "{}: {action} {value} (from {})",
        setting.name, setting.source
    )
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
    fn secrets_are_masked_whatever_their_case() {
        for name in [
            "DB_PASSWORD",
            "api_token",
            "AWS_SECRET_ACCESS_KEY",
            "SshKey",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        assert!(!looks_secret("DATABASE_URL"));
        assert_eq!(
            describe(&setting("API_TOKEN", Action::Override, "abc")),
            "API_TOKEN: set to *** (from BPE_API_TOKEN)"
        );
    }

    #[test]
    fn values_are_quoted() {
        assert_eq!(
            describe(&setting("JAVA_OPTS", Action::Append, " -Xmx1g")),
            "JAVA_OPTS: appends \" -Xmx1g\" (from BPE_JAVA_OPTS)"
        );
    }
}
