//! Maven's command line, in Paketo's order: `[-Dsettings.security=…] [--settings=…]
//! [--batch-mode] [--file <pom>] <build arguments> <additional arguments> [-P <profiles>]`,
//! plus the local repository in the cache layer.

use crate::errors::{self, ADDITIONAL_BUILD_ARGUMENTS, BUILD_ARGUMENTS};
use crate::settings::Settings;
use std::path::Path;
use stowage_jvm::build_tool::split_words;
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

/// `variable`'s words, split as a shell would.
fn split(variable: &str, text: &str) -> Result<Vec<String>, Error> {
    split_words(text).map_err(|reason| errors::bad_arguments(variable, &reason))
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
    fn an_open_quote_is_maven_s_error() {
        let env = env(&[(ADDITIONAL_BUILD_ARGUMENTS, "-Da='b")]);
        let error = arguments(
            &Config::new(&env),
            &Settings::default(),
            &PathBuf::from("/layers/cache/repository"),
        )
        .expect_err("open");
        assert_eq!(error.id, "maven/bad-arguments");
        assert!(error.render().contains("a quote (') is not closed"));
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
