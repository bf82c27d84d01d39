//! The runtime version: `BP_DOTNET_RUNTIME_VERSION` > `BP_DOTNET_FRAMEWORK_VERSION` (exact, no
//! roll-forward) > `*.runtimeconfig.json` > the project file, rolled forward unless
//! `BP_DOTNET_ROLL_FORWARD=Disable`, resolved against the inventory.

use crate::PROVIDES;
use stowage_dotnet::{
    FRAMEWORK_VERSION, ProjectFile, ROLL_FORWARD, RUNTIME_VERSION, RuntimeConfig, resolve_in_order,
    runtime_ranges,
};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Variable(&'static str),
    File(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub constraint: String,
    pub source: Source,
    pub roll_forward: bool,
}

/// The first of `BP_DOTNET_RUNTIME_VERSION` and `BP_DOTNET_FRAMEWORK_VERSION` that is set:
/// its name and value. Detect requires that version; build resolves it.
pub(crate) fn from_variables(config: &Config) -> Option<(&'static str, String)> {
    [RUNTIME_VERSION, FRAMEWORK_VERSION]
        .into_iter()
        .find_map(|name| config.string(name).map(|version| (name, version)))
}

/// `None`: a self-contained app (its runtimeconfig.json names no framework) and no variable.
pub(crate) fn request(
    config: &Config,
    runtime_config: Option<&RuntimeConfig>,
    project: Option<&ProjectFile>,
) -> Option<Request> {
    let disabled = config.string(ROLL_FORWARD).as_deref() == Some("Disable");
    if let Some((name, version)) = from_variables(config) {
        return Some(Request {
            constraint: version,
            source: Source::Variable(name),
            roll_forward: name == RUNTIME_VERSION && !disabled,
        });
    }
    if let Some(runtime_config) = runtime_config {
        let framework = runtime_config.framework.as_ref()?;
        let file = runtime_config
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Some(Request {
            constraint: framework.version.clone(),
            source: Source::File(file),
            roll_forward: !disabled,
        });
    }
    let from_project = project.and_then(|project| {
        Some(Request {
            constraint: project.runtime_version.clone()?,
            source: Source::File(project.name()),
            roll_forward: !disabled,
        })
    });
    Some(from_project.unwrap_or(Request {
        constraint: "*".to_string(),
        source: Source::Variable("nothing"),
        roll_forward: false,
    }))
}

/// Resolves the version and says in the log what asked for it and how it rolled forward.
pub(crate) fn select<'a>(
    inventory: &'a Inventory,
    request: &Request,
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving the .NET runtime");
    let from = match &request.source {
        Source::Variable(name) => (*name).to_string(),
        Source::File(name) => name.clone(),
    };
    output.step(&format!("{from} asks for \"{}\"", request.constraint));
    if !request.roll_forward && request.constraint != "*" {
        output.step("Not rolling forward (exact request)");
    }
    let attach = |error: Error| match &request.source {
        Source::Variable("nothing") => error,
        Source::Variable(name) => error.variable(*name),
        Source::File(file) => error.file(file.as_str()),
    };
    let ranges = runtime_ranges(&request.constraint, request.roll_forward).map_err(attach)?;
    let dependency = resolve_in_order(inventory, PROVIDES, &ranges, target).map_err(attach)?;
    output.step(&format!(
        "Selected .NET runtime {} (from {from})",
        dependency.version
    ));
    warn_if_deprecated(dependency, RUNTIME_VERSION, output)?;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;
    use stowage_kit::config::env_of;

    fn inventory() -> Inventory {
        let mut text = String::new();
        for version in ["3.1.23", "8.0.28", "8.0.29", "9.0.8"] {
            let _ = write!(
                text,
                "[[dependencies]]\nid = \"{PROVIDES}\"\nname = \".NET Core Runtime\"\nversion = \"{version}\"\n\
                 uri = \"https://x/{version}.tgz\"\nchecksum = \"sha256:{}\"\nos = \"linux\"\narch = \"amd64\"\n",
                "a".repeat(64)
            );
        }
        toml::from_str(&text).expect("inventory")
    }

    fn runtime_config(version: &str) -> RuntimeConfig {
        RuntimeConfig {
            path: "/workspace/App.runtimeconfig.json".into(),
            app_name: "App".into(),
            framework: Some(stowage_dotnet::Framework {
                name: stowage_dotnet::NETCORE.into(),
                version: version.into(),
            }),
        }
    }

    fn selected(
        env: &[(&str, &str)],
        config_version: Option<&str>,
    ) -> Result<(String, String), Error> {
        let env = env_of(env.iter().copied());
        let env = &env;
        let config = Config::new(env);
        let runtime = config_version.map(runtime_config);
        let request = request(&config, runtime.as_ref(), None).expect("a request");
        let (mut output, captured) = stowage_kit::output::captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        let inventory = inventory();
        let dependency = select(&inventory, &request, &target, &mut output)?;
        Ok((dependency.version.to_string(), captured.text()))
    }

    #[test]
    fn variables_then_runtimeconfig_rolling_forward() {
        let (version, log) = selected(&[], Some("3.1.0")).expect("rolls to 3.1.23");
        assert_eq!(version, "3.1.23");
        assert!(
            log.contains("App.runtimeconfig.json asks for \"3.1.0\""),
            "{log}"
        );
        assert!(
            log.contains("Selected .NET runtime 3.1.23 (from App.runtimeconfig.json)"),
            "{log}"
        );
        assert_eq!(
            selected(&[(RUNTIME_VERSION, "8.0.0")], Some("3.1.0"))
                .expect("var")
                .0,
            "8.0.29"
        );
        // Within the major only.
        assert!(selected(&[(RUNTIME_VERSION, "8.0.30")], None).is_err());
        assert_eq!(
            selected(&[(FRAMEWORK_VERSION, "8.0.28")], None)
                .expect("exact")
                .0,
            "8.0.28"
        );
        assert!(selected(&[(FRAMEWORK_VERSION, "8.0.27")], None).is_err());
        assert!(selected(&[(ROLL_FORWARD, "Disable")], Some("3.1.0")).is_err());
        assert_eq!(selected(&[], Some("*")).expect("any").0, "9.0.8");
    }

    #[test]
    fn self_contained_asks_for_nothing() {
        let env = env_of::<&str, &str>([]);
        let mut runtime = runtime_config("1");
        runtime.framework = None;
        assert_eq!(request(&Config::new(&env), Some(&runtime), None), None);
    }

    #[test]
    fn a_runtime_nothing_satisfies_names_the_file() {
        let error = selected(&[], Some("2.0.0")).expect_err("no 2.x");
        insta::assert_snapshot!(error.render());
    }
}
