//! Gradle's command line, in Paketo's order: `[--init-script <path>] <build arguments>
//! <additional arguments>`.

use crate::errors::{self, ADDITIONAL_BUILD_ARGUMENTS, BUILD_ARGUMENTS};
use stowage_jvm::build_tool::split_words;
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const DEFAULT_BUILD_ARGUMENTS: &str = "--no-daemon -Dorg.gradle.welcome=never assemble";
pub(crate) const INIT_SCRIPT: &str = "BP_GRADLE_INIT_SCRIPT_PATH";

pub(crate) fn arguments(config: &Config) -> Result<Vec<String>, Error> {
    let mut arguments = Vec::new();
    if let Some(script) = set(config, INIT_SCRIPT) {
        arguments.push("--init-script".to_string());
        arguments.push(script);
    }
    let build = set(config, BUILD_ARGUMENTS).unwrap_or_else(|| DEFAULT_BUILD_ARGUMENTS.to_string());
    arguments.extend(
        split_words(&build).map_err(|reason| errors::bad_arguments(BUILD_ARGUMENTS, &reason))?,
    );
    if let Some(additional) = config.string(ADDITIONAL_BUILD_ARGUMENTS) {
        arguments.extend(
            split_words(&additional)
                .map_err(|reason| errors::bad_arguments(ADDITIONAL_BUILD_ARGUMENTS, &reason))?,
        );
    }
    Ok(arguments)
}

fn set(config: &Config, name: &str) -> Option<String> {
    config
        .string(name)
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_then_each_setting() {
        let none = libcnb::Env::new();
        assert_eq!(
            arguments(&Config::new(&none)).expect("args"),
            ["--no-daemon", "-Dorg.gradle.welcome=never", "assemble"]
        );
        let env = stowage_kit::config::env_of([
            (BUILD_ARGUMENTS, "--no-daemon bootJar"),
            (ADDITIONAL_BUILD_ARGUMENTS, "-Pprofile='a b'"),
            (INIT_SCRIPT, "/bindings/init.gradle"),
        ]);
        assert_eq!(
            arguments(&Config::new(&env)).expect("args"),
            [
                "--init-script",
                "/bindings/init.gradle",
                "--no-daemon",
                "bootJar",
                "-Pprofile=a b"
            ]
        );
        let open = stowage_kit::config::env_of([(ADDITIONAL_BUILD_ARGUMENTS, "-Pa='b")]);
        assert_eq!(
            arguments(&Config::new(&open)).expect_err("open").id,
            "gradle/bad-arguments"
        );
    }
}
