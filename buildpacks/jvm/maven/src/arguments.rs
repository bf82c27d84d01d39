//! Maven's command line, in Paketo's order: `[-Dsettings.security=…] [--settings=…]
//! [--batch-mode] [--file <pom>] <build arguments> <additional arguments> [-P <profiles>]`,
//! plus the local repository in the cache layer.

use crate::errors::{self, ADDITIONAL_BUILD_ARGUMENTS, BUILD_ARGUMENTS};
use crate::settings::Settings;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const DEFAULT_BUILD_ARGUMENTS: &str =
    "-Dmaven.test.skip=true --no-transfer-progress package";
pub(crate) const ACTIVE_PROFILES: &str = "BP_MAVEN_ACTIVE_PROFILES";
pub(crate) const POM_FILE: &str = "BP_MAVEN_POM_FILE";

pub(crate) fn arguments(
    config: &Config,
    settings: &Settings,
    repository: &Path,
) -> Result<Vec<String>, Error> {
    let mut arguments = Vec::new();
    if let Some(security) = &settings.security {
        arguments.push(format!("-Dsettings.security={}", security.display()));
    }
    if let Some(file) = &settings.file {
        arguments.push(format!("--settings={}", file.display()));
    }
    // The build has no terminal: no colours or interactive prompts.
    arguments.push("--batch-mode".to_string());
    if let Some(pom) = config.string(POM_FILE).filter(|pom| !pom.trim().is_empty()) {
        arguments.push("--file".to_string());
        arguments.push(pom);
    }
    arguments.push(format!("-Dmaven.repo.local={}", repository.display()));
    let build = config
        .string(BUILD_ARGUMENTS)
        .filter(|value| !value.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BUILD_ARGUMENTS.to_string());
    arguments.extend(split(BUILD_ARGUMENTS, &build)?);
    if let Some(additional) = config.string(ADDITIONAL_BUILD_ARGUMENTS) {
        arguments.extend(split(ADDITIONAL_BUILD_ARGUMENTS, &additional)?);
    }
    if let Some(profiles) = config
        .string(ACTIVE_PROFILES)
        .filter(|value| !value.trim().is_empty())
    {
        arguments.push("-P".to_string());
        arguments.push(profiles.trim().to_string());
    }
    Ok(arguments)
}

/// Splits as a shell would, for spaces, '…', "…" and `\`; no expansion.
pub(crate) fn split(variable: &str, text: &str) -> Result<Vec<String>, Error> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                words.extend(word.take());
            }
            '\'' | '"' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some(end) if end == c => break,
                        Some('\\') if c == '"' => match chars.next() {
                            Some(escaped) => current.push(escaped),
                            None => {
                                return Err(errors::bad_arguments(variable, "it ends with a `\\`"));
                            }
                        },
                        Some(other) => current.push(other),
                        None => {
                            return Err(errors::bad_arguments(
                                variable,
                                &format!("a quote ({c}) is not closed"),
                            ));
                        }
                    }
                }
            }
            '\\' => match chars.next() {
                Some(escaped) => word.get_or_insert_with(String::new).push(escaped),
                None => return Err(errors::bad_arguments(variable, "it ends with a `\\`")),
            },
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;
    use std::path::PathBuf;

    fn env(pairs: &[(&str, &str)]) -> Env {
        stowage_kit::config::env_of(pairs.iter().copied())
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split("X", "  -Da='b c' \"-Dd=e \\\"f\\\"\" g\\ h ''").expect("split"),
            ["-Da=b c", "-Dd=e \"f\"", "g h", ""]
        );
        assert_eq!(
            split("X", "-Da='b").expect_err("open").id,
            "maven/bad-arguments"
        );
    }

    #[test]
    fn the_defaults_then_each_setting_in_paketos_order() {
        let repository = PathBuf::from("/layers/cache/repository");
        let none = Settings::default();
        assert_eq!(
            arguments(&Config::new(&Env::new()), &none, &repository).expect("args"),
            [
                "--batch-mode",
                "-Dmaven.repo.local=/layers/cache/repository",
                "-Dmaven.test.skip=true",
                "--no-transfer-progress",
                "package"
            ]
        );
        let settings = Settings {
            file: Some(PathBuf::from("/b/settings.xml")),
            security: Some(PathBuf::from("/b/settings-security.xml")),
            source: None,
        };
        let env = env(&[
            (BUILD_ARGUMENTS, "clean install"),
            (ADDITIONAL_BUILD_ARGUMENTS, "-DskipITs"),
            (ACTIVE_PROFILES, "prod,!dev"),
            (POM_FILE, "app/pom.xml"),
        ]);
        assert_eq!(
            arguments(&Config::new(&env), &settings, &repository).expect("args"),
            [
                "-Dsettings.security=/b/settings-security.xml",
                "--settings=/b/settings.xml",
                "--batch-mode",
                "--file",
                "app/pom.xml",
                "-Dmaven.repo.local=/layers/cache/repository",
                "clean",
                "install",
                "-DskipITs",
                "-P",
                "prod,!dev"
            ]
        );
    }
}
