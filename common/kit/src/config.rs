//! Typed reading of `BP_*` values from the platform env (`<platform>/env`), with clear errors.

use crate::Error;
use libcnb::Env;
use std::str::FromStr;

/// The user's build configuration, as the platform passed it.
pub struct Config<'a> {
    env: &'a Env,
}

impl<'a> Config<'a> {
    #[must_use]
    pub fn new(env: &'a Env) -> Self {
        Self { env }
    }

    /// A value with surrounding whitespace removed; unset and blank both mean "not set".
    #[must_use]
    pub fn string(&self, name: &str) -> Option<String> {
        self.env
            .get_string_lossy(name)
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    }

    /// `true`/`false` in the spellings people use; anything else is an error, not a silent false.
    pub fn bool(&self, name: &str) -> Result<Option<bool>, Error> {
        let Some(value) = self.string(name) else {
            return Ok(None);
        };
        match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(Some(true)),
            "false" | "0" | "no" | "off" => Ok(Some(false)),
            _ => Err(invalid(name, &value, "`true` or `false`")),
        }
    }

    /// A boolean that defaults to `false` when unset.
    pub fn flag(&self, name: &str) -> Result<bool, Error> {
        Ok(self.bool(name)?.unwrap_or(false))
    }

    /// A comma-separated list; empty items are dropped.
    #[must_use]
    pub fn list(&self, name: &str) -> Vec<String> {
        self.string(name)
            .map(|value| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Any value with a `FromStr`; `expected` describes valid input for the error message.
    pub fn parse<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, Error> {
        self.string(name)
            .map(|value| value.parse().map_err(|_| invalid(name, &value, expected)))
            .transpose()
    }

    /// `BP_DISABLE_SBOM=true` turns SBOM files off.
    pub fn sbom_enabled(&self) -> Result<bool, Error> {
        Ok(!self.flag("BP_DISABLE_SBOM")?)
    }

    /// `BP_LOG_LEVEL=DEBUG` asks for extra detail in the build log; `INFO` is the default.
    /// `Output::for_build` reads it, so every buildpack honours it.
    pub fn debug_logging(&self) -> Result<bool, Error> {
        let Some(level) = self.string("BP_LOG_LEVEL") else {
            return Ok(false);
        };
        match level.to_ascii_uppercase().as_str() {
            "DEBUG" => Ok(true),
            "INFO" => Ok(false),
            // The user's own spelling, so they can find it in their settings.
            _ => Err(invalid("BP_LOG_LEVEL", &level, "`INFO` or `DEBUG`")),
        }
    }
}

fn invalid(name: &str, value: &str, expected: &str) -> Error {
    Error::new(
        "config/invalid-value",
        format!("{name} has a value this buildpack cannot use"),
        format!("{name} is set to `{value}`, but it must be {expected}.\nSet it to a valid value, or unset it to use the default."),
    )
    .variable(name)
}

/// An environment of `pairs`, in order (a later value of a name replaces an earlier one).
#[must_use]
pub fn env_of<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Env
where
    K: AsRef<std::ffi::OsStr>,
    V: AsRef<std::ffi::OsStr>,
{
    let mut env = Env::new();
    for (name, value) in pairs {
        env.insert(name.as_ref(), value.as_ref());
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        env_of(pairs.iter().copied())
    }

    #[test]
    fn strings_are_trimmed_and_blank_means_unset() {
        let env = env(&[("A", "  x "), ("B", "   ")]);
        let config = Config::new(&env);
        assert_eq!(config.string("A").as_deref(), Some("x"));
        assert_eq!(config.string("B"), None);
        assert_eq!(config.string("C"), None);
    }

    #[test]
    fn booleans_accept_common_spellings_and_reject_others() {
        let env = env(&[("T", "TRUE"), ("F", "no"), ("X", "maybe")]);
        let config = Config::new(&env);
        assert_eq!(config.bool("T"), Ok(Some(true)));
        assert_eq!(config.bool("F"), Ok(Some(false)));
        assert_eq!(config.bool("unset"), Ok(None));
        assert!(!config.flag("unset").expect("unset is false"));
        let error = config.bool("X").expect_err("maybe is not a boolean");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn lists_split_on_commas() {
        let env = env(&[("L", "build, lint,,test ")]);
        assert_eq!(Config::new(&env).list("L"), ["build", "lint", "test"]);
        assert!(Config::new(&env).list("none").is_empty());
    }

    #[test]
    fn parse_reports_the_expected_form() {
        let env = env(&[("N", "12"), ("BAD", "twelve")]);
        let config = Config::new(&env);
        assert_eq!(config.parse::<u32>("N", "a number"), Ok(Some(12)));
        let error = config
            .parse::<u32>("BAD", "a whole number")
            .expect_err("not a number");
        assert_eq!(error.id, "config/invalid-value");
        assert!(error.body.contains("a whole number"));
    }

    #[test]
    fn sbom_and_log_level() {
        let env = env(&[("BP_DISABLE_SBOM", "true"), ("BP_LOG_LEVEL", "debug")]);
        let config = Config::new(&env);
        assert_eq!(config.sbom_enabled(), Ok(false));
        assert_eq!(config.debug_logging(), Ok(true));
        let empty = Env::new();
        assert_eq!(Config::new(&empty).sbom_enabled(), Ok(true));
        for (value, debug) in [
            ("DEBUG", true),
            (" Debug ", true),
            ("INFO", false),
            ("info", false),
        ] {
            let env = self::env(&[("BP_LOG_LEVEL", value)]);
            assert_eq!(Config::new(&env).debug_logging(), Ok(debug), "{value:?}");
        }
        assert_eq!(Config::new(&empty).debug_logging(), Ok(false));
        let lower = self::env(&[("BP_LOG_LEVEL", "loud")]);
        let error = Config::new(&lower)
            .debug_logging()
            .expect_err("loud is invalid");
        assert!(error.body.contains("set to `loud`"), "{}", error.body);
        let bad = self::env(&[("BP_LOG_LEVEL", "LOUD")]);
        insta::assert_snapshot!(
            Config::new(&bad)
                .debug_logging()
                .expect_err("LOUD is invalid")
                .render()
        );
    }
}
